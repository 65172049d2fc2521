package searchbench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"signpost/bench/search/blindset"
	"signpost/internal/search"
)

// TestBlindDump writes every tuning-half query's first 10 results, strict targets and
// credited targets to SIGNPOST_BLIND_DUMP (JSON lines): a tool for looking at the tuning
// halves as a whole. Skipped unless set.
func TestBlindDump(t *testing.T) {
	out := os.Getenv("SIGNPOST_BLIND_DUMP")
	if out == "" {
		t.Skip("set SIGNPOST_BLIND_DUMP")
	}
	files, docs := builtSite(t)
	ix, err := search.Open(files)
	if err != nil {
		t.Fatal(err)
	}
	m := blindset.NewMapper(docs)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, dir := range blindDirs() {
		for _, e := range loadBlind(t, dir, "tune.yaml") {
			targets, _ := m.Targets(e)
			var urls []string
			for _, h := range ix.Query(e.Query, search.QueryOptions{Prefix: true, Limit: 10}) {
				urls = append(urls, h.URL)
			}
			_ = enc.Encode(map[string]any{"set": filepath.Base(dir), "id": e.ID, "q": e.Query, "top": urls,
				"want": targets, "credited": blindset.Credited(targets, siteCites)})
		}
	}
}
