package markdown

import (
	"testing"

	"signpost/bench/corpus"
)

// BenchmarkConvert converts 200 pages of the synthetic build corpus (bench/corpus), the
// Markdown stage of a clean build: go test -bench Convert -benchmem ./internal/markdown
func BenchmarkConvert(b *testing.B) {
	pages := corpus.Pages(200, 1)
	bodies := make([][]byte, len(pages))
	for i, p := range pages {
		bodies[i] = []byte(p.Body)
	}
	c := New()
	gloss := map[string]string{"MASH": "Multi-Agency Safeguarding Hub", "EHA": "Early Help Assessment"}
	b.ReportAllocs()
	for b.Loop() {
		for i, body := range bodies {
			res := c.Convert(body, Env{File: pages[i].Slug, Title: pages[i].Title, BodyLine: 1, Glossary: gloss})
			if len(res.Diags) > 0 || res.HTML == "" {
				b.Fatalf("%s: %v", pages[i].Slug, res.Diags)
			}
		}
	}
}
