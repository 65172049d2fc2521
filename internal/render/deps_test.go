package render

import (
	"testing"
	"testing/fstest"

	"signpost/internal/site"
)

// depsSite is a home page, a section and two pages in it, linked as load.Assemble links
// them.
func depsSite() *site.Site {
	home := &site.Page{URL: "/", IsSection: true, Front: site.FrontMatter{Title: "Home"}}
	sec := &site.Page{URL: "/a/", IsSection: true, Parent: home, Front: site.FrontMatter{Title: "A"}}
	x := &site.Page{URL: "/a/x/", Parent: sec, Front: site.FrontMatter{Title: "X", Weight: 1}, HTML: "<p>x</p>"}
	y := &site.Page{URL: "/a/y/", Parent: sec, Front: site.FrontMatter{Title: "Y", Weight: 2}, HTML: "<p>y</p>"}
	home.Children = []*site.Page{sec}
	sec.Children = []*site.Page{x, y}
	s := &site.Site{Pages: []*site.Page{home, sec, x, y}, Home: home, ByURL: map[string]*site.Page{}}
	for _, p := range s.Pages {
		s.ByURL[p.URL] = p
	}
	return s
}

// TestRecordedReads: a render records what its layout read, as it read it, and nothing
// else: an edit to what it read makes Unchanged false, any other edit leaves it true.
func TestRecordedReads(t *testing.T) {
	r, ds := Load(fstest.MapFS{
		"layouts/base.html": {Data: []byte(`{{template "main" .}}`)},
		"layouts/page.html": {Data: []byte(`{{define "main"}}{{.Page.Front.Title}}: {{.Content}} next {{with .Next}}{{.Front.Title}} {{range .Headings}}{{.Text}}{{end}}{{end}}{{end}}`)},
	})
	if r == nil || r.tmpl["page"] == nil {
		t.Fatalf("layouts: %v", ds)
	}
	versions := map[string]uint64{}
	version := func(u string) uint64 { return versions[u] }
	edited := uint64(100)
	tests := []struct {
		name      string
		edit      func(s *site.Site) string // returns the URL of the page it changed
		unchanged bool
	}{
		{"nothing", func(*site.Site) string { return "" }, true},
		{"own body", func(s *site.Site) string { s.ByURL["/a/x/"].HTML = "<p>x, edited</p>"; return "/a/x/" }, false},
		{"next page's title", func(s *site.Site) string { s.ByURL["/a/y/"].Front.Title = "Why"; return "/a/y/" }, false},
		{"next page's headings", func(s *site.Site) string {
			s.ByURL["/a/y/"].Headings = []site.Heading{{Level: 2, ID: "h", Text: "H"}}
			return "/a/y/"
		}, false},
		{"next page's body, which the layout does not show", func(s *site.Site) string { s.ByURL["/a/y/"].HTML = "<p>y, edited</p>"; return "/a/y/" }, true},
		{"the section's title, which the layout does not show", func(s *site.Site) string { s.ByURL["/a/"].Front.Title = "Ay"; return "/a/" }, true},
		{"reading order", func(s *site.Site) string {
			sec := s.ByURL["/a/"]
			sec.Children[0], sec.Children[1] = sec.Children[1], sec.Children[0]
			return "/a/"
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := depsSite()
			tr := NewTracker()
			e := NewEnv(tr, s, &Options{}, version)
			x := s.ByURL["/a/x/"]
			out, deps, err := r.Page(e, x)
			if err != nil {
				t.Fatal(err)
			}
			if want := "X: <p>x</p> next Y "; string(out) != want {
				t.Fatalf("render %q, want %q", out, want)
			}
			e.Done()
			if u := tt.edit(s); u != "" {
				edited++
				versions[u] = edited
			}
			e = NewEnv(tr, s, &Options{}, version)
			if got := e.Unchanged(deps, x); got != tt.unchanged {
				t.Errorf("Unchanged = %v, want %v (recorded %d queries)", got, tt.unchanged, len(deps.ids))
			}
		})
	}
}
