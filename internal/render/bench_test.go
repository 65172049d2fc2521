package render_test

import (
	"html/template"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"signpost/bench/corpus"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/render"
	"signpost/internal/site"
)

// BenchmarkPages renders 300 pages of the synthetic build corpus (bench/corpus, three
// sections of 100) with the repository's layouts, the page renders of a clean build:
// go test -bench Pages -benchmem ./internal/render
func BenchmarkPages(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.WriteSignpost(dir, "../..", corpus.Pages(300, 1)); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	cfg, ds := load.LoadConfig(fsys)
	if len(ds.Errors()) > 0 {
		b.Fatal(ds)
	}
	s := load.NewSite(cfg)
	files, ds := load.Scan(fsys, s)
	if len(ds.Errors()) > 0 {
		b.Fatal(ds)
	}
	sort.Slice(files, func(i, j int) bool { return load.WalkOrder(files[i]) < load.WalkOrder(files[j]) })
	var pages []*site.Page
	for _, f := range files {
		p, ds, _ := load.ReadPage(fsys, f, &s.Config)
		if len(ds.Errors()) > 0 {
			b.Fatal(ds)
		}
		r := markdown.Default().Convert(p.Body, markdown.Env{File: f, Title: p.Front.Title, BodyLine: p.BodyLine})
		p.HTML, p.Headings = template.HTML(r.HTML), r.Headings
		pages = append(pages, p)
	}
	if ds := load.Assemble(s, pages); len(ds.Errors()) > 0 {
		b.Fatal(ds)
	}
	rend, ds := render.Load(os.DirFS(filepath.Join("..", "..")))
	if len(ds.Errors()) > 0 {
		b.Fatal(ds)
	}
	opts := &render.Options{BaseURL: "https://example.org/", Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		env := render.NewEnv(render.NewTracker(), s, opts, nil)
		for _, p := range s.Pages {
			if _, _, err := rend.Page(env, p); err != nil {
				b.Fatal(err)
			}
		}
	}
}
