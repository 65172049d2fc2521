package searchbench

import (
	"bytes"
	"compress/gzip"
	"sort"
	"strings"
	"testing"

	"signpost/internal/search"
)

// TestFirstQueryBytes reports the bytes a first query transfers on the real site: every
// file a fresh index loads for it (meta.json, term lists, postings, and the fragments of
// the 20 results the page shows), as a server sends them (JSON gzip-compressed at level 6,
// files stored compressed as they are), median and maximum over queries.yaml. Issue #10:
// first-query bytes must not grow.
func TestFirstQueryBytes(t *testing.T) {
	files, _ := builtSite(t)
	sent := map[string]int{}
	size := func(name string) int {
		if n, ok := sent[name]; ok {
			return n
		}
		b := files[name]
		n := len(b)
		if !strings.HasSuffix(name, ".gz") {
			var buf bytes.Buffer
			w, _ := gzip.NewWriterLevel(&buf, 6)
			w.Write(b)
			w.Close()
			n = buf.Len()
		}
		sent[name] = n
		return n
	}
	var all []int
	for _, q := range loadQueries(t) {
		ix, err := search.Open(files)
		if err != nil {
			t.Fatal(err)
		}
		ix.Query(q.Q, search.QueryOptions{Prefix: true, Limit: 20})
		n := 0
		for _, f := range ix.Fetched() {
			n += size(f)
		}
		all = append(all, n)
	}
	sort.Ints(all)
	t.Logf("first-query bytes over %d queries: median %.1f KB, max %.1f KB", len(all), float64(all[len(all)/2])/1024, float64(all[len(all)-1])/1024)
}
