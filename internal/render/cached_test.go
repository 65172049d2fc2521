package render

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"signpost/internal/site"
)

// TestCached: {{.Cached NAME ARG}} gives what {{template NAME ARG}} gives, on every page,
// whichever page executed it first; pages with another argument get their own; a view of
// the site is refused as an argument.
func TestCached(t *testing.T) {
	main := `{{define "main"}}{{.Cached "part.html" .Page.Front.Title}}|{{template "part.html" .Page.Front.Title}}|{{.Cached "areas.html" .Banner}}|{{template "areas.html" .Banner}}|{{.Cached "cfg.html" .Site.Config}}|{{template "cfg.html" .Site.Config}}|{{.Cached "m.html" .Opts.Manifest}}|{{template "m.html" .Opts.Manifest}}{{end}}`
	r, ds := Load(fstest.MapFS{
		"layouts/base.html":           {Data: []byte(`{{template "main" .}}`)},
		"layouts/partials/part.html":  {Data: []byte(`<b title="{{.}}">{{.}}</b>`)},
		"layouts/partials/areas.html": {Data: []byte(`{{range $i, $a := .}}<a href="{{.Safeguarding.Web}}">{{$i}} {{$a.Name}}</a>{{end}}`)},
		"layouts/partials/cfg.html":   {Data: []byte(`<i>{{.Title}}</i>`)},
		"layouts/partials/m.html":     {Data: []byte(`<script src="{{index . "a.js"}}"></script>`)},
		"layouts/page.html":           {Data: []byte(main)},
		"layouts/section.html":        {Data: []byte(`{{define "main"}}{{.Cached "part.html" .Page}}{{end}}`)},
	})
	if r == nil || r.tmpl["page"] == nil {
		t.Fatalf("layouts: %v", ds)
	}
	s := depsSite()
	s.Config.Areas = map[string]site.Area{
		"t": {Name: "T & co", Safeguarding: site.Contact{Web: "https://t.example/?a=1&b=2"}},
		"s": {Name: "S", Safeguarding: site.Contact{Web: "javascript:alert(1)"}},
	}
	s.Config.AreaOrder = []string{"t", "s"}
	s.Config.Title = "Site <1>"
	s.ByURL["/a/x/"].Front.Area = []string{"s"}
	z := &site.Page{URL: "/a/z/", Parent: s.ByURL["/a/"], Front: site.FrontMatter{Title: "X"}}
	s.Pages = append(s.Pages, z)
	s.ByURL[z.URL] = z
	e := NewEnv(NewTracker(), s, &Options{Manifest: map[string]string{"a.js": "/a.1.js?x=<y>"}}, nil)
	seen := map[string]bool{}
	for _, u := range []string{"/a/x/", "/a/y/", "/a/z/", "/a/x/"} {
		out, _, err := r.Page(e, s.ByURL[u])
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(string(out), "|")
		if len(parts) != 8 || parts[0] != parts[1] || parts[2] != parts[3] || parts[4] != parts[5] || parts[6] != parts[7] || !strings.Contains(parts[4], "Site &lt;1&gt;") || !strings.Contains(parts[6], "/a.1.js") {
			t.Errorf("%s: Cached and template differ: %s", u, out)
		}
		seen[string(out)] = true
	}
	if len(seen) != 3 {
		t.Errorf("%d different pages, want 3 (x, y and z differ in title or areas)", len(seen))
	}
	if _, _, err := r.Page(e, s.ByURL["/a/"]); err == nil || !strings.Contains(err.Error(), "plain data") {
		t.Errorf("a page view as the argument: err = %v", err)
	}
}

// TestCacheKeyAreas: the key of a list of areas changes with every field of an area and
// of its contacts (a field added to site.Area or site.Contact must be added to cacheKey).
func TestCacheKeyAreas(t *testing.T) {
	if n := reflect.TypeFor[site.Area]().NumField(); n != 4 {
		t.Fatalf("site.Area has %d fields: cacheKey hashes 4", n)
	}
	c := reflect.TypeFor[site.Contact]()
	for i := range c.NumField() {
		if c.Field(i).Type.Kind() != reflect.String {
			t.Fatalf("site.Contact.%s is not a string: cacheKey hashes strings", c.Field(i).Name)
		}
	}
	base := []site.Area{{Name: "n", Partnership: "p", Contacts: []site.Contact{{}}}}
	k0, _ := cacheKey(base)
	keys := map[string]argKey{"": k0}
	add := func(what string, a []site.Area) {
		k, err := cacheKey(a)
		if err != nil {
			t.Fatal(err)
		}
		for w, k2 := range keys {
			if k == k2 {
				t.Errorf("%s: same key as %q", what, w)
			}
		}
		keys[what] = k
	}
	add("name", []site.Area{{Name: "m", Partnership: "p", Contacts: []site.Contact{{}}}})
	add("partnership", []site.Area{{Name: "n", Partnership: "q", Contacts: []site.Contact{{}}}})
	add("no contacts", []site.Area{{Name: "n", Partnership: "p"}})
	add("two areas", append(base, base...))
	for i := range c.NumField() {
		a := []site.Area{{Name: "n", Partnership: "p", Contacts: []site.Contact{{}}}}
		reflect.ValueOf(&a[0].Safeguarding).Elem().Field(i).SetString("x")
		add("safeguarding "+c.Field(i).Name, a)
		a = []site.Area{{Name: "n", Partnership: "p", Contacts: []site.Contact{{}}}}
		reflect.ValueOf(&a[0].Contacts[0]).Elem().Field(i).SetString("x")
		add("contact "+c.Field(i).Name, a)
	}
}

// TestCacheKeyNavItem: a section navigation heading's key changes with each of its fields,
// and is the same for equal headings made for different pages.
func TestCacheKeyNavItem(t *testing.T) {
	items := []*NavItem{{URL: "/a/", Title: "A"}, {URL: "/a/", Title: "A", Current: true}, {URL: "/b/", Title: "A"}, {URL: "/a/", Title: "B"}, {URL: "/a/B", Title: ""}}
	seen := map[argKey]int{}
	for i, it := range items {
		k, err := cacheKey(it)
		if err != nil {
			t.Fatal(err)
		}
		if j, dup := seen[k]; dup {
			t.Errorf("%+v has the key of %+v", *it, *items[j])
		}
		seen[k] = i
		if k2, _ := cacheKey(&NavItem{URL: it.URL, Title: it.Title, Current: it.Current}); k2 != k {
			t.Errorf("%+v: another key for an equal item", *it)
		}
	}
}
