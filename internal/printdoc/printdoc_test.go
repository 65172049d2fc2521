package printdoc_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"signpost/internal/buildtest"
	"signpost/internal/printdoc"
)

func TestRewrite(t *testing.T) {
	prefixes := map[string]string{"/doc/": "p0", "/doc/a/": "p1"}
	tests := []struct{ in, want string }{
		{`<h2 id="x">X</h2>`, `<h2 id="p1-x">X</h2>`},
		{`<label for="f">`, `<label for="p1-f">`},
		{`<div aria-labelledby="a b">`, `<div aria-labelledby="p1-a p1-b">`},
		{`<td headers="h1 h2">`, `<td headers="p1-h1 p1-h2">`},
		{`<a href="#x">`, `<a href="#p1-x">`},
		{`<a href="/doc/a/#y">`, `<a href="#p1-y">`},
		{`<a href="/doc/">`, `<a href="#p0">`},
		{`<a href="/other/#y">`, `<a href="/other/#y">`},
		{`<a href="https://example.org/#y">`, `<a href="https://example.org/#y">`},
		{`<a href="tel:999">`, `<a href="tel:999">`},
		{`<path marker-end="url(#arrow)">`, `<path marker-end="url(#p1-arrow)">`},
		{`<p data-id="keep">`, `<p data-id="keep">`},
	}
	for _, tt := range tests {
		if got := printdoc.Rewrite(tt.in, "p1", prefixes); got != tt.want {
			t.Errorf("Rewrite(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestShiftHeadings(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<h2 id="a">A</h2>`, `<h3 id="a">A</h3>`},
		{`<h5>x</h5><h6>y</h6>`, `<h6>x</h6><h6>y</h6>`},
		{`<header><hr>`, `<header><hr>`},
	}
	for _, tt := range tests {
		if got := printdoc.ShiftHeadings(tt.in); got != tt.want {
			t.Errorf("ShiftHeadings(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func mdPage(title, extra, body string) string {
	return "---\ntitle: " + title + "\ndescription: About " + title + ".\narea: [thurrock]\naudience: [professionals]\n" + extra + "---\n" + body
}

const ours = "source: {publisher: Signpost, title: Ours}\n"
const theirs = "source: {publisher: Thurrock LSCP, title: The Guide, date: \"March 2024\"}\nreviewed: 2024-03-01\nreview_by: 2027-03-01\n"

// docSite has one document (/pro/guide/) split in two pages with a companion page beside
// it, and pages of the site's own that belong to no document.
var docSite = `
-- content/_index.md --
` + mdPage("Home", ours+"reviewed: 2025-06-01\n", "Welcome.\n") + `
-- content/pro/_index.md --
` + mdPage("For professionals", ours, "Guidance.\n") + `
-- content/pro/guide/_index.md --
` + mdPage("The Guide", theirs+"weight: 1\n", "## Introduction\n\nThe guide starts here and explains the way.\n\nSee [step two](/pro/guide/two/#details).\n") + `
-- content/pro/guide/one.md --
` + mdPage("Step one", theirs+"weight: 1\n", "## Introduction\n\nStep one is to listen carefully to the child.\n\n### Details\n\nBack to the [start](/pro/guide/).\n") + `
-- content/pro/guide/two.md --
` + mdPage("Step two", theirs+"weight: 2\n", "## Details\n\nStep two is to write down what was said.\n") + `
-- content/pro/matrix.md --
` + mdPage("The matrix", theirs+"weight: 5\n", "The matrix comes with the guide and is printed with it.\n") + `
-- content/pro/other.md --
` + mdPage("Other", ours+"weight: 6\n", "Not part of the guide.\n") + `
-- content/search.md --
` + mdPage("Search", ours+"layout: search\n", "Search.\n")

func TestWholeDocument(t *testing.T) {
	res, err := buildtest.Build(t, docSite)
	if err != nil {
		t.Fatal(err)
	}
	whole := string(res.Files["pro/guide/print/index.html"])
	if whole == "" {
		t.Fatalf("no whole-document page; files: %v", res.SortedFiles())
	}
	for _, f := range res.SortedFiles() {
		if strings.HasSuffix(f, "print/index.html") && f != "pro/guide/print/index.html" {
			t.Errorf("unexpected whole-document page %s", f)
		}
	}

	// One version stamp, holding the source, edition, review date, the last content
	// change (the latest reviewed date, not today) and the page's address.
	if n := strings.Count(whole, "data-version-stamp"); n != 1 {
		t.Errorf("%d data-version-stamp elements, want 1", n)
	}
	stamp := regexp.MustCompile(`(?s)<div class="version-stamp" data-version-stamp>(.*?)</div>`).FindStringSubmatch(whole)
	if stamp == nil {
		t.Fatal("no stamp")
	}
	for _, want := range []string{"The Guide", "Thurrock LSCP", "March 2024", "1 March 2027", "1 June 2025", "/pro/guide/print/"} {
		if !strings.Contains(stamp[1], want) {
			t.Errorf("stamp lacks %q:\n%s", want, stamp[1])
		}
	}

	// Every page in order, the companion last, the site's own pages not at all.
	order := []string{"The guide starts here", "Step one is to listen", "Step two is to write", "The matrix comes with the guide"}
	last := -1
	for _, s := range order {
		i := strings.Index(whole, s)
		if i < last {
			t.Errorf("%q is missing or out of order", s)
		}
		last = i
	}
	if strings.Contains(whole, "Not part of the guide") {
		t.Error("a page of the site's own is in the document")
	}

	// Ids unique, every in-page link resolves, links between the pages stay in the page.
	ids := map[string]int{}
	for _, m := range regexp.MustCompile(`\sid="([^"]*)"`).FindAllStringSubmatch(whole, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q appears %d times", id, n)
		}
	}
	for _, m := range regexp.MustCompile(`href="#([^"]*)"`).FindAllStringSubmatch(whole, -1) {
		if ids[m[1]] == 0 {
			t.Errorf("link to #%s has no target", m[1])
		}
	}
	if !strings.Contains(whole, `href="#p2-details"`) || !strings.Contains(whole, `href="#p0"`) {
		t.Error("links between the document's pages were not made in-page")
	}
	if !strings.Contains(whole, `<h3 id="p1-introduction">`) {
		t.Error("a chapter's h2 did not become an h3")
	}

	// Linked from each page of the document (and the companion), from no other page.
	link := `href="/pro/guide/print/">Print or save the whole document`
	for _, f := range []string{"pro/guide/index.html", "pro/guide/one/index.html", "pro/guide/two/index.html", "pro/matrix/index.html"} {
		if !strings.Contains(string(res.Files[f]), link) {
			t.Errorf("%s does not link to the whole document", f)
		}
	}
	for _, f := range []string{"pro/index.html", "pro/other/index.html", "index.html", "pro/guide/print/index.html"} {
		if strings.Contains(string(res.Files[f]), "Print or save the whole document") {
			t.Errorf("%s links to a whole document", f)
		}
	}

	// Not indexed twice by search, not in the sitemap.
	for f, b := range res.Files {
		if (strings.HasPrefix(f, "search/") && !strings.HasSuffix(f, ".html") || f == "sitemap.xml") && bytes.Contains(b, []byte("/print/")) {
			t.Errorf("%s mentions the whole-document page", f)
		}
	}

	// The same input builds the same bytes.
	again, err := buildtest.Build(t, docSite)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Files["pro/guide/print/index.html"], res.Files["pro/guide/print/index.html"]) {
		t.Error("two builds of the same site differ")
	}
}
