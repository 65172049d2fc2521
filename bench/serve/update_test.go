package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"signpost/bench/corpus"
	"signpost/internal/build"
	"signpost/internal/serve"
)

// BenchmarkUpdate times Builder.Update in process (no browser, no file watching), set up
// as serve sets it up (dev asset names, the search index left to a background job), on
// the synthetic corpora: a body edit, a title edit, a stylesheet edit, and the background
// search index rebuild after an edit. It runs only with -bench:
//
//	go test ./bench/serve -run '^$' -bench Update -benchtime 20x
func BenchmarkUpdate(b *testing.B) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000} {
		dir := b.TempDir()
		pages := corpus.Pages(n, 1)
		if err := corpus.WriteSignpost(dir, repo, pages); err != nil {
			b.Fatal(err)
		}
		bl := build.NewBuilder(build.Config{Src: dir, Dev: true, DevScript: serve.ReloadScript, NoWASM: true, SearchLater: true})
		if _, err := bl.Build(context.Background()); err != nil {
			b.Fatal(err)
		}
		p := pages[n/2]
		file := fmt.Sprintf("content/%s/%s.md", p.Section, p.Slug)
		edits := []struct {
			name, file string
			edit       func(src string, i int) string
		}{
			{"body", file, func(src string, i int) string { return src + fmt.Sprintf("\nEdited paragraph %d.\n", i) }},
			{"title", file, func(src string, i int) string {
				return strings.Replace(src, "title: ", fmt.Sprintf("title: %q\nnav_title: ", fmt.Sprintf("Edited %d", i)), 1)
			}},
			{"css", "assets/css/_base.css", func(src string, i int) string { return src + fmt.Sprintf("\n.bench-%d{color:red}\n", i) }},
		}
		for _, e := range edits {
			b.Run(fmt.Sprintf("n=%d/%s", n, e.name), func(b *testing.B) {
				path := filepath.Join(dir, e.file)
				orig, err := os.ReadFile(path)
				if err != nil {
					b.Fatal(err)
				}
				defer os.WriteFile(path, orig, 0o644)
				var last *build.Result
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					os.WriteFile(path, []byte(e.edit(string(orig), i)), 0o644)
					b.StartTimer()
					res, err := bl.Update(context.Background(), []string{e.file})
					if err != nil {
						b.Fatal(err)
					}
					last = res
				}
				b.ReportMetric(float64(len(last.Stats.Parsed)), "parsed/op")
				b.ReportMetric(float64(len(last.Stats.Rendered)), "rendered/op")
				b.Logf("stages: %s", last.Stats)
			})
		}
		b.Run(fmt.Sprintf("n=%d/search-index", n), func(b *testing.B) {
			path := filepath.Join(dir, file)
			orig, _ := os.ReadFile(path)
			defer os.WriteFile(path, orig, 0o644)
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				os.WriteFile(path, []byte(string(orig)+fmt.Sprintf("\nSearchable %d.\n", i)), 0o644)
				if _, err := bl.Update(context.Background(), []string{file}); err != nil {
					b.Fatal(err)
				}
				job := bl.SearchJob()
				b.StartTimer()
				job.Run()
				if _, err := bl.ApplySearch(job); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
