package markdown

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/extension"

	"signpost/bench/corpus"
	"signpost/internal/diag"
)

// TestQuickLinkify: with quickLinkify the converter gives what it gives with goldmark's
// Linkify, on the repository's pages, the benchmark corpus and text made to have links
// at line starts, after emphasis, in tables, lists, headings, footnotes and indented
// (padded) lines, next to lines without any.
func TestQuickLinkify(t *testing.T) {
	quick, plain := New(), newConverter(extension.Linkify)
	docs := map[string]string{}
	root := filepath.Join("..", "..", "content")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		docs[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 20 {
		t.Fatalf("%d pages of the repository", len(docs))
	}
	for _, p := range corpus.Pages(60, 1) {
		docs["corpus/"+p.Slug] = p.Body
	}
	made := []string{
		"See https://example.org/a?b=c. And www.example.org, mail a.b@example.org now.\nplain line\nhttp://x.example (ftp://y.example) *www.z.example* _https://q.example_ ~a@b.example~\n",
		"A line: with a colon but no link\nnext line has www.thing.example\nand a@b without a dot\n",
		"- item https://a.example\n  continued plain\n\n  - nested\tmailto x@y.example\n\n1. one\n2. www.two.example\n",
		"## Heading https://h.example\n\n| a | b |\n|---|---|\n| www.c.example | d@e.example |\n| plain | cell |\n",
		"Text[^1] and more.\n\n[^1]: Note https://n.example and plain.\n",
		"\tcode https://code.example\n\n>  quote www.q.example\n> plain\n",
		"[link www.l.example](https://l.example) then www.after.example\n",
		"word:word www. www.x a@ @b :: http: https:// ftp:/\n",
		"Call 01234 567890 or email help@council.example.gov.uk.\n",
		"*   padded list https://p.example\n\n    indented\n     www.deep.example\n",
	}
	for i, s := range made {
		docs["made/"+string(rune('a'+i))] = s
	}
	block := func(c BlockCall) (string, string, diag.List) { return "<div></div>", "", nil }
	for name, src := range docs {
		// The repository's pages have front matter: the body is what follows it.
		if strings.HasPrefix(src, "---\n") {
			if i := strings.Index(src[4:], "\n---\n"); i >= 0 {
				src = src[4+i+5:]
			}
		}
		env := Env{File: name, BodyLine: 1, Block: block, Glossary: map[string]string{"MASH": "Multi-Agency Safeguarding Hub"}}
		got, want := quick.Convert([]byte(src), env), plain.Convert([]byte(src), env)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: quickLinkify and Linkify differ:\n%s\n%s", name, got.HTML, want.HTML)
		}
	}
}
