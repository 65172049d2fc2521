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

// TestDataLinks: a link held in a data file is checked like a page's, reported at the data
// file's line, and must reach a page of its area.
func TestDataLinks(t *testing.T) {
	anchors := map[string]map[string]bool{"/t/": {"pass": true}, "/s/": {"aiming-high": true}, "/both/": {"x": true}}
	pages := map[string]*site.Page{
		"/t/":    {URL: "/t/", Front: site.FrontMatter{Area: []string{"thurrock"}}},
		"/s/":    {URL: "/s/", Front: site.FrontMatter{Area: []string{"stoke-on-trent"}}},
		"/both/": {URL: "/both/"},
	}
	tests := []struct {
		dest, area string
		want       string // "" = fine
	}{
		{"/t/#pass", "thurrock", ""},
		{"/t/#pass", "", ""},
		{"/both/#x", "thurrock", ""},
		{"/t/#pas", "thurrock", `broken anchor: /t/ has no heading or element with id "pas" (did you mean #pass?)`},
		{"/nowhere-at-all/#pass", "thurrock", "broken link: no page at /nowhere-at-all/"},
		{"/s/#aiming-high", "thurrock", "/s/ is a page of stoke-on-trent, cited for thurrock (cite the guidance of the area the text is shown for)"},
	}
	for _, tt := range tests {
		s := &site.Site{ByURL: pages, DataLinks: []site.DataLink{{File: "content/_data/cwd.yaml", Line: 7, Dest: tt.dest, Area: tt.area}}}
		ds := Check(s, anchors, nil)
		got := ""
		if len(ds) > 0 {
			got = strings.TrimPrefix(ds[0].String(), "content/_data/cwd.yaml:7:1: ")
		}
		if got != tt.want {
			t.Errorf("%s for %q: got %q, want %q", tt.dest, tt.area, got, tt.want)
		}
	}
}
