package markdown

import (
	"strings"
	"testing"
	"time"
)

// Bodies over a limit, with invalid UTF-8 or with a link of a refused scheme are errors
// at their line (issue 15); conv's body starts on line 5 of content/p.md.
func TestBodyErrors(t *testing.T) {
	deepList := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- a\n")
		}
		return b.String()
	}
	tests := []struct{ name, src, want string }{
		{"list nested by indentation", deepList(5000), "content/p.md:37:1: list or quote nested deeper than 32 levels"},
		{"list nested on one line", "Text.\n\n" + strings.Repeat("- ", 5000) + "x\n", "content/p.md:7:1: list or quote nested deeper than 32 levels"},
		{"quotes nested", strings.Repeat("> ", 40) + "x\n", "content/p.md:5:1: list or quote nested deeper than 32"},
		{"ordered lists nested", strings.Repeat("1. ", 40) + "x\n", "content/p.md:5:1: list or quote nested deeper than 32"},
		{"page too long", strings.Repeat("Some words here.\n\n", 20000), "content/p.md:29131:1: page is longer than 256 KB"},
		{"block too long", "Intro.\n\n" + strings.Repeat("![a](", 4000) + "\n", "content/p.md:7:1: paragraph, list or table is longer than 16 KB"},
		{"invalid UTF-8", "Fine.\n\nCaf\xe9 au lait.\n", "content/p.md:7:4: invalid UTF-8"},
		{"javascript link", "See [x](javascript:alert(1)).\n", "content/p.md:5:5: link to a javascript: URL"},
		{"javascript mixed case", "[x](JaVaScRiPt:alert(1))\n", "content/p.md:5:1: link to a javascript: URL"},
		{"entity-hidden javascript", "[x](&#106;avascript:alert(1))\n", "content/p.md:5:1: link to a javascript: URL"},
		{"data link", "Text\n\n[x](data:text/html;base64,PHNjcmlwdD4=)\n", "content/p.md:7:1: link to a data: URL"},
		{"vbscript image", "![pic](vbscript:msgbox)\n", "link to a vbscript: URL"},
		{"autolink", "Go <javascript:alert(1)> now\n", "content/p.md:5:4: link to a javascript: URL"},
		{"file link", "[x](file:///etc/passwd)\n", "link to a file: URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			r := conv(tt.src)
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
			if !strings.Contains(r.Diags.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", r.Diags, tt.want)
			}
		})
	}
}

// Allowed links and lists the real site writes convert with no error.
func TestBodyWithinLimits(t *testing.T) {
	for _, src := range []string{
		"[a](https://example.org/x) [b](http://example.org) [c](mailto:a@b.org) [d](tel:+441375) [e](/parents/#x) [f](#top) [g](../x/)\n",
		"<https://example.org/> and www.example.org\n",
		strings.Repeat("- a\n", 3000), // long, but blank-separated? no: one block of 12 KB
		"- a\n  - b\n    - c\n      - d\n\n        code\n",
		"* * *\n\n---\n\n1. one\n2. two\n",
		"Café, naïve, “quotes” and – dashes.\n",
	} {
		if r := conv(src); len(r.Diags) > 0 {
			t.Errorf("%.40q: %v", src, r.Diags)
		}
	}
}

// TestRepeatedHeadings: ids of repeated headings are numbered in linear time (40,000
// repeats took over a minute when each counted up from 2), and numbering skips ids that
// are taken, as before.
func TestRepeatedHeadings(t *testing.T) {
	r := conv("## h\n\n## h {#h-3}\n\n## h\n\n## h\n\n## H\n")
	var got []string
	for _, h := range r.Headings {
		got = append(got, h.ID)
	}
	if want := "h h-3 h-2 h-4 h-5"; strings.Join(got, " ") != want {
		t.Errorf("ids %v, want %s", got, want)
	}
	src := strings.Repeat("## h\n\n", 40000)
	start := time.Now()
	r = New().Convert([]byte(src), Env{File: "p.md", BodyLine: 1})
	took := time.Since(start)
	if len(r.Headings) != 40000 || r.Headings[39999].ID != "h-40000" {
		t.Fatalf("%d headings, last %v", len(r.Headings), r.Headings[len(r.Headings)-1])
	}
	// Linear time is well under a second; the bound is loose for a loaded machine, and
	// still fails for the quadratic version (over a minute).
	if took > 5*time.Second {
		t.Errorf("40,000 headings took %v", took)
	}
	t.Logf("40,000 headings: %v", took)
}

// Backslash escapes and character references do not leak into the table of contents,
// captions and search text.
func TestEscapesInText(t *testing.T) {
	r := conv("## A \\<img\\> tag \\& more &amp; `co\\de`\n\nText \\*not emphasis\\*.\n\n| a |\n|---|\n| 1 |\n\nTable: Sizes \\[cm\\]\n")
	if got := r.Headings[0].Text; got != "A <img> tag & more & co\\de" {
		t.Errorf("heading text %q", got)
	}
	if got := r.Sections[0].Text; !strings.Contains(got, "Text *not emphasis*.") {
		t.Errorf("section text %q", got)
	}
	if !strings.Contains(r.HTML, ">Sizes [cm]</caption>") {
		t.Errorf("caption:\n%s", r.HTML)
	}
}
