package render_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"signpost/bench/corpus"
	"signpost/internal/render"
)

// BenchmarkPages renders 300 pages of the synthetic build corpus (bench/corpus, three
// sections of 100) with the repository's layouts, the page renders of a clean build:
// go test -bench Pages -benchmem ./internal/render
func BenchmarkPages(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.WriteSignpost(dir, "../..", corpus.Pages(300, 1)); err != nil {
		b.Fatal(err)
	}
	s := loadSite(b, os.DirFS(dir))
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
