package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"signpost/internal/site"
)

// TestNavListSpliced: the section list NavList splices from items executed once per
// section is, on every page, what executing the item for each of NavItems gives; a page
// outside the list (the section page) gets it with no item marked; and it records the
// section's pages, so a change to them makes every page of the section render again.
func TestNavListSpliced(t *testing.T) {
	item := `{{define "item"}}
  <li{{if .Current}} class="here"{{end}}><a href="{{.URL}}">{{.Title}}</a></li>{{end}}`
	r, ds := Load(fstest.MapFS{
		"layouts/base.html":          {Data: []byte(`{{template "main" .}}`)},
		"layouts/partials/item.html": {Data: []byte(item)},
		"layouts/page.html":          {Data: []byte(`{{define "main"}}[{{range .NavList "item"}}{{.}}{{end}}]|[{{range .NavItems}}{{template "item" .}}{{end}}]{{end}}`)},
		"layouts/section.html":       {Data: []byte(`{{define "main"}}[{{range .NavList "item"}}{{.}}{{end}}]|[{{range .NavItems}}{{template "item" .}}{{end}}]{{end}}`)},
	})
	if r == nil || r.tmpl["page"] == nil {
		t.Fatalf("layouts: %v", ds)
	}
	s := depsSite()
	sec := s.ByURL["/a/"]
	z := &site.Page{URL: "/a/z/", Parent: sec, Front: site.FrontMatter{Title: "Z & co", Weight: 3}}
	sec.Children = append(sec.Children, z)
	s.Pages = append(s.Pages, z)
	s.ByURL[z.URL] = z
	versions := map[string]uint64{}
	tr := NewTracker()
	e := NewEnv(tr, s, &Options{}, func(u string) uint64 { return versions[u] })
	deps := map[string]*Deps{}
	for _, u := range []string{"/a/", "/a/x/", "/a/y/", "/a/z/"} {
		out, d, err := r.Page(e, s.ByURL[u])
		if err != nil {
			t.Fatal(err)
		}
		deps[u] = d
		spliced, ranged, _ := strings.Cut(string(out), "|")
		if spliced != ranged {
			t.Errorf("%s: NavList gives %s, NavItems %s", u, spliced, ranged)
		}
		marked := strings.Count(spliced, `class="here"`)
		if want := map[bool]int{true: 0, false: 1}[u == "/a/"]; marked != want {
			t.Errorf("%s: %d items marked, want %d: %s", u, marked, want, spliced)
		}
		if u == "/a/z/" && !strings.Contains(spliced, `<li class="here"><a href="/a/z/">Z &amp; co</a></li>`) {
			t.Errorf("%s: own item not marked and escaped: %s", u, spliced)
		}
	}
	e.Done()
	s.ByURL["/a/y/"].Front.Title = "Why"
	versions["/a/y/"], versions[""] = 1, 1
	e = NewEnv(tr, s, &Options{}, func(u string) uint64 { return versions[u] })
	for u, d := range deps {
		if e.Unchanged(d, s.ByURL[u]) {
			t.Errorf("%s: unchanged after a page of its section was retitled", u)
		}
	}
}
