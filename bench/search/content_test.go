package searchbench

import (
	"os"
	"path/filepath"
	"testing"

	"signpost/internal/search"
)

// The search index here is always built from the data the site itself reads: site.yaml
// (area names), content/ and content/_data (glossary, synonyms, vocabulary), through
// build.SearchInput on the in-process build (builtSite). Nothing in this package restates
// an area, a contact or a data file's text, so an editor's correct data-only change never
// fails these tests.

// TestSearchInputFromData checks the index input against the loaded site rather than
// against a copy of today's data: every area a section names is one site.yaml defines,
// and the options carry exactly site.yaml's areas.
func TestSearchInputFromData(t *testing.T) {
	_, docs := builtSite(t)
	opt := siteOptions(t)
	if len(docs) == 0 {
		t.Fatal("no sections from content/")
	}
	cfg := siteConfig(t)
	if len(opt.AreaNames) != len(cfg.Areas) {
		t.Errorf("search options have %d areas, site.yaml %d", len(opt.AreaNames), len(cfg.Areas))
	}
	for k, a := range cfg.Areas {
		if opt.AreaNames[k] != a.Name {
			t.Errorf("area %s: search name %q, site.yaml %q", k, opt.AreaNames[k], a.Name)
		}
	}
	for _, d := range docs {
		for _, a := range d.Areas {
			if _, ok := cfg.Areas[a]; !ok {
				t.Errorf("%s: area %q is not in site.yaml", d.URL, a)
			}
		}
	}
	// Building again from the same input is what the site does; it must not fail.
	if _, err := search.Build(docs, opt); err != nil {
		t.Fatal(err)
	}
}

// TestDebugQuery prints the top hits for $Q on the built site's index
// (Q='…' go test ./bench/search -run DebugQuery -v). SIGNPOST_SEARCH_DUMP=DIR also writes
// the index files there, e.g. to try the client.
func TestDebugQuery(t *testing.T) {
	q := os.Getenv("Q")
	if q == "" {
		t.Skip("set Q")
	}
	files, _ := builtSite(t)
	if dir := os.Getenv("SIGNPOST_SEARCH_DUMP"); dir != "" {
		for name, b := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	ix, err := search.Open(files)
	if err != nil {
		t.Fatal(err)
	}
	qo := search.QueryOptions{Prefix: os.Getenv("NOPREFIX") == "", Limit: 10,
		Audience: os.Getenv("AUDIENCE"), Area: os.Getenv("AREA")}
	for i, h := range ix.Query(q, qo) {
		t.Logf("%2d %6.2f %s", i+1, h.Score, h.URL)
	}
}
