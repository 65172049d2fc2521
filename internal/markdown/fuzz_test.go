package markdown

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"signpost/internal/diag"
)

// FuzzConvert runs the whole Markdown pipeline on any body and checks what it writes: only
// the tags our extensions and goldmark are meant to produce, no event-handler or style
// attributes, no link or image to a scheme other than http(s), mailto and tel, valid
// UTF-8, and every diagnostic placed in the file. Seeds are the real pages' bodies.
//
//	go test ./internal/markdown -run '^$' -fuzz FuzzConvert -fuzztime 10m
func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"## What is MASH?\n\nCall 01375 652000 or email a@b.org.\n",
		"[x](javascript:alert(1)) <javascript:x> ![i](data:x) [y](/a/#b)\n",
		"> [!WARNING]\n> Call 999.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: T\n",
		"- a\n  - b\n    1. c\n\n```go\nx := `<script>`\n```\n\n::: widget tier-matrix\n",
		"Text <b onclick=x>raw</b> &lt;img&gt; \\<img\\> [^1]\n\n[^1]: Note.\n",
	} {
		f.Add([]byte(s))
	}
	pages, _ := filepath.Glob("../../content/*/*.md")
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			if _, body, ok := strings.Cut(string(b), "\n---\n"); ok {
				f.Add([]byte(body))
			}
		}
	}
	conv := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		r := conv.Convert(src, Env{
			File: "content/p.md", BodyLine: 5,
			Glossary: map[string]string{"MASH": "Multi-Agency \"Safeguarding\" <Hub>"},
			Block: func(c BlockCall) (string, string, diag.List) {
				return `<div class="block"></div>`, "block text", nil
			},
		})
		lines := strings.Count(string(src), "\n") + 1
		for _, d := range r.Diags {
			if d.File != "content/p.md" || d.Line < 5 || d.Line > 5+lines {
				t.Errorf("diagnostic out of the file: %v (%d lines)", d, lines)
			}
		}
		if r.Diags.HasErrors() {
			return // not published
		}
		checkHTML(t, r.HTML)
		for _, h := range r.Headings {
			if !utf8.ValidString(h.Text) || strings.Contains(h.ID, `"`) {
				t.Errorf("heading %+v", h)
			}
		}
	})
}

// allowedTags are the elements a page body may contain.
var allowedTags = map[string]bool{
	"p": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "a": true, "em": true,
	"strong": true, "del": true, "code": true, "pre": true, "span": true, "ul": true, "ol": true,
	"li": true, "blockquote": true, "hr": true, "br": true, "img": true, "table": true,
	"thead": true, "tbody": true, "tr": true, "th": true, "td": true, "caption": true,
	"div": true, "abbr": true, "sup": true, "section": true, "input": true, "h1": false,
}

var (
	tagRE  = regexp.MustCompile(`^<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*(?:="[^"<>]*")?)*)\s*/?>`)
	attrRE = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9:-]*)(?:="([^"]*)")?`)
)

// checkHTML fails unless every "<" in html starts an allowed tag whose attributes are
// safe: goldmark escapes every "<" of text, so a stray one is an injection.
func checkHTML(t *testing.T, html string) {
	t.Helper()
	if !utf8.ValidString(html) {
		t.Errorf("output is not UTF-8")
	}
	for i := strings.IndexByte(html, '<'); i >= 0; {
		m := tagRE.FindStringSubmatch(html[i:])
		if m == nil {
			t.Fatalf("unescaped '<' at %d: %.60q", i, html[i:])
		}
		if !allowedTags[strings.ToLower(m[2])] {
			t.Errorf("unexpected tag %q", m[0])
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[3], -1) {
			name, val := strings.ToLower(a[1]), a[2]
			switch {
			case strings.HasPrefix(name, "on"), name == "style", name == "srcdoc", name == "formaction":
				t.Errorf("attribute %q in %q", name, m[0])
			case name == "href" || name == "src":
				if val == "" {
					t.Errorf("empty %s in %q", name, m[0])
				}
				if s := Scheme(unescape([]byte(val))); s != "" && !allowedSchemes[s] {
					t.Errorf("%s with scheme %s: %q", name, s, m[0])
				}
			}
		}
		next := strings.IndexByte(html[i+len(m[0]):], '<')
		if next < 0 {
			break
		}
		i += len(m[0]) + next
	}
}
