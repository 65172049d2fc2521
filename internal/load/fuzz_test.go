package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzParsePage parses any page file: it must not panic, and every diagnostic must name
// the file and a line of it (issue 15: errors without a place).
//
//	go test ./internal/load -run '^$' -fuzz FuzzParsePage -fuzztime 10m
func FuzzParsePage(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("---\ntitle: T: x\n---\n"))
	f.Add([]byte("---\n\xff: 1\n---\n"))
	f.Add([]byte("---\ntitle: [x\n---\nbody"))
	f.Add([]byte("---\r\nsource: {url: \"javascript:x\"}\r\n---\r\n"))
	pages, _ := filepath.Glob("../../content/*/*.md")
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, ds := ParsePage("content/x.md", src, cfg)
		lines := yamlLines(src)
		for _, d := range ds {
			if d.File != "content/x.md" || d.Line < 1 || d.Line > lines+1 || d.Col < 0 {
				t.Errorf("diagnostic without its place: %v (%d lines)", d, lines)
			}
		}
		if p != nil && (p.BodyLine < 2 || p.BodyLine > lines+1) {
			t.Errorf("body line %d of %d", p.BodyLine, lines)
		}
	})
}

// FuzzLoadConfig loads any site.yaml: no panic, and every diagnostic at a line of it.
//
//	go test ./internal/load -run '^$' -fuzz FuzzLoadConfig -fuzztime 10m
func FuzzLoadConfig(f *testing.F) {
	if b, err := os.ReadFile("../../site.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("title: S\nexit_url: javascript:x\nareas:\n  a:\n    contacts:\n      - id: x\n      - id: x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, ds := LoadConfig(fstest.MapFS{"site.yaml": {Data: src}})
		lines := yamlLines(src)
		for _, d := range ds {
			if d.File != "site.yaml" || d.Line < 1 || d.Line > lines+1 {
				t.Errorf("diagnostic without its place: %v (%d lines)", d, lines)
			}
		}
	})
}

// yamlLines counts lines as YAML does: "\r\n", "\r", "\n", NEL, LS and PS each end one.
func yamlLines(src []byte) int {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	n := 1
	for _, r := range s {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			n++
		}
	}
	return n
}
