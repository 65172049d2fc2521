package links

import (
	"strings"
	"testing"

	"signpost/internal/site"
)

func TestCheck(t *testing.T) {
	anchors := map[string]map[string]bool{
		"/":         {"main-content": true},
		"/a/":       {"tier-two": true, "what-is-mash": true},
		"/a/b/":     {},
		"/parents/": {},
		"/search/":  {},
	}
	files := map[string]bool{"favicon.svg": true, "assets/main.X.css": true}
	tests := []struct {
		dest string
		want string // "" = fine
	}{
		{"/a/", ""},
		{"/a/#tier-two", ""},
		{"#what-is-mash", ""},
		{"b/", ""},
		{"../", ""},
		{"/search/?q=mash", ""},
		{"/favicon.svg", ""},
		{"/a/index.html", ""},
		{"/a", "link to /a needs a trailing slash (write /a/)"},
		{"/nowhere/", "broken link: no page at /nowhere/"},
		{"/a/c/", "broken link: no page at /a/c/ (did you mean /a/b/?)"},
		{"/a/#tier-tow", `broken anchor: /a/ has no heading or element with id "tier-tow" (did you mean #tier-two?)`},
		{"#nothing-like-it-at-all", `broken anchor: /a/ has no heading or element with id "nothing-like-it-at-all"`},
	}
	for _, tt := range tests {
		p := &site.Page{File: "content/a/_index.md", URL: "/a/", Links: []site.Link{{Dest: tt.dest, Line: 3, Col: 1}}}
		s := &site.Site{Pages: []*site.Page{p}, ByURL: map[string]*site.Page{"/a/": p}}
		ds := Check(s, anchors, files)
		got := ""
		if len(ds) > 0 {
			got = strings.TrimPrefix(ds[0].String(), "content/a/_index.md:3:1: ")
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.dest, got, tt.want)
		}
	}
}

func TestIDs(t *testing.T) {
	got := IDs([]byte(`<h2 id="a">x</h2><div data-id="no" id="b-2"><p class="x" id="c"></p>`))
	if len(got) != 3 || !got["a"] || !got["b-2"] || !got["c"] {
		t.Errorf("IDs = %v", got)
	}
}
