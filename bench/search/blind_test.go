package searchbench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"signpost/bench/search/blindset"
	"signpost/internal/build"
	"signpost/internal/search"
)

// The blind sets (issue #10) are in SIGNPOST_BLIND_DIR, default bench/search/blind:
// tune.yaml, whose per-query results are printed, and test.yaml, whose results are only
// ever printed as totals: the ranking must not be fitted to single test-half queries.

var (
	siteOnce  sync.Once
	siteFiles map[string][]byte
	siteDocs  []search.Doc
	siteErr   error
)

// builtSite builds the site in-process (no WASM, nothing written) once per test binary.
func builtSite(t *testing.T) (map[string][]byte, []search.Doc) {
	t.Helper()
	siteOnce.Do(func() {
		res, err := build.Run(context.Background(), build.Config{Src: root, ModuleDir: root, NoWASM: true})
		if err != nil {
			siteErr = err
			return
		}
		siteFiles = res.Files
		siteDocs, _ = build.SearchInput(res.Site)
	})
	if siteErr != nil {
		t.Fatalf("build: %v", siteErr)
	}
	return siteFiles, siteDocs
}

func blindDir() string {
	if d := os.Getenv("SIGNPOST_BLIND_DIR"); d != "" {
		return d
	}
	return "blind"
}

func loadBlind(t *testing.T, name string) []blindset.Entry {
	p := filepath.Join(blindDir(), name)
	src, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("no blind set %s", p)
	}
	es, err := blindset.Load(p, src)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// blindRun scores entries; detail receives one line per query (nil: totals only).
func blindRun(t *testing.T, es []blindset.Entry, detail func(string)) (all, parents, pros blindset.Score, unmapped int) {
	files, docs := builtSite(t)
	ix, err := search.Open(files)
	if err != nil {
		t.Fatal(err)
	}
	m := blindset.NewMapper(docs)
	for _, e := range es {
		targets, miss := m.Targets(e)
		unmapped += miss
		if len(targets) == 0 {
			if detail != nil {
				detail(fmt.Sprintf("NOMAP %-8s %q: no section holds its answers", e.ID, e.Query))
			}
			continue
		}
		var urls []string
		hits := ix.Query(e.Query, search.QueryOptions{Prefix: true, Limit: 10})
		for _, h := range hits {
			urls = append(urls, h.URL)
		}
		r := blindset.Rank(urls, targets)
		all.Add(r)
		if e.Audience == "parents" {
			parents.Add(r)
		} else {
			pros.Add(r)
		}
		if detail != nil {
			mark := "MISS"
			if r > 0 {
				mark = fmt.Sprintf("@%d", r)
			}
			top := urls
			if len(top) > 3 {
				top = top[:3]
			}
			line := fmt.Sprintf("%-5s %-8s %-13s %q\n      top: %s", mark, e.ID, e.Audience, e.Query, strings.Join(top, "  "))
			if r == 0 || r > 3 {
				line += "\n      want: " + strings.Join(targets, "  ")
			}
			detail(line)
		}
	}
	return all, parents, pros, unmapped
}

// TestBlindTune prints every tuning-half query with its rank, top 3 and (when missed) the
// sections that hold its answers.
func TestBlindTune(t *testing.T) {
	es := loadBlind(t, "tune.yaml")
	var b strings.Builder
	all, par, pro, un := blindRun(t, es, func(s string) { b.WriteString(s + "\n") })
	fmt.Fprintf(&b, "\ntuning half: all %v\n  parents %v\n  professionals %v\n  answers matching no section: %d\n", all, par, pro, un)
	t.Log("\n" + b.String())
	if err := os.MkdirAll(filepath.Join(root, "bench", "out"), 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(root, "bench", "out", "blind-tune.txt"), []byte(b.String()), 0o644)
	}
}

// TestBlindTest prints the test half's totals only.
func TestBlindTest(t *testing.T) {
	es := loadBlind(t, "test.yaml")
	all, par, pro, un := blindRun(t, es, nil)
	t.Logf("test half: all %v; parents %v; professionals %v; answers matching no section: %d", all, par, pro, un)
}
