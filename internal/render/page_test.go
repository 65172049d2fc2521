package render_test

import (
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"signpost/bench/corpus"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/render"
	"signpost/internal/site"
)

// loadSite loads and converts the site in fsys as a build does, up to rendering.
func loadSite(t testing.TB, fsys fs.FS) *site.Site {
	t.Helper()
	cfg, ds := load.LoadConfig(fsys)
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	s := load.NewSite(cfg)
	files, ds := load.Scan(fsys, s)
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	sort.Slice(files, func(i, j int) bool { return load.WalkOrder(files[i]) < load.WalkOrder(files[j]) })
	var pages []*site.Page
	for _, f := range files {
		p, ds, _ := load.ReadPage(fsys, f, &s.Config)
		if len(ds.Errors()) > 0 {
			t.Fatal(ds)
		}
		r := markdown.Default().Convert(p.Body, markdown.Env{File: f, Title: p.Front.Title, BodyLine: p.BodyLine})
		p.HTML, p.Headings, p.Widgets = template.HTML(r.HTML), r.Headings, r.Widgets
		p.HasWidget = len(r.Widgets) > 0
		pages = append(pages, p)
	}
	if ds := load.Assemble(s, pages); len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	return s
}

// trickySite is a site whose configuration and pages hold what the escapers must
// escape, and every branch of the page layout: widgets, a search page, a development
// script, overdue reviews, sources with and without dates and addresses, a document to
// print, the offline scope, embedding, tables of contents, pages without neighbours.
func trickySite() *site.Site {
	areas := map[string]site.Area{
		"a": {Name: "Ayton & Bee's", Partnership: "A <partnership>", Safeguarding: site.Contact{Name: "MASH", Phone: "01234 567890", Web: "https://a.example/?x=1&y=2"}},
		"b": {Name: "Bee+Sea", Partnership: `"B"`, Safeguarding: site.Contact{Name: "Front door", Web: "javascript:alert(1)"}},
	}
	cfg := site.Config{
		Title: `Guide <&> "one"`, Tagline: "it's + more", Language: "en-GB\"", Nav: []string{"parents", "professionals", "missing"},
		ExitURL: "https://www.bbc.co.uk/weather?a=<b>", Areas: areas, AreaOrder: []string{"a", "b"},
		Embed: site.Embed{FrameAncestors: []site.Origin{{Value: "https:"}}},
	}
	reviewed := site.Date{Time: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}
	due := site.Date{Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
	later := site.Date{Time: time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC)}
	yes, no := true, false
	pg := func(u string, sec bool, fm site.FrontMatter) *site.Page {
		return &site.Page{URL: u, IsSection: sec, Front: fm, HTML: template.HTML("<p>" + u + " body & <b>bold</b></p>")}
	}
	home := pg("/", true, site.FrontMatter{Title: "Home", Area: []string{"a"}})
	parents := pg("/parents/", true, site.FrontMatter{Title: "Parents' <guide>", NavTitle: "Parents+", Area: []string{"a", "b"}, Audience: []string{"parents"}})
	p1 := pg("/parents/help/", false, site.FrontMatter{Title: "Help & support", Description: `Say "hi" <now> + 'then'`, Area: []string{"b", "a", "zz"}, Audience: []string{"parents", "professionals", "odd<one>"},
		Source: &site.Source{Publisher: "P & Co", Title: "T <1>", Date: "2024", URL: "https://x.example/doc?a=1&b=%41+c d"}, Reviewed: reviewed, ReviewBy: due, Banner: []string{"b"}})
	p1.Headings = []site.Heading{{Level: 2, ID: "one-&-two", Text: "One & two"}, {Level: 3, ID: "ü é", Text: "<three>"}, {Level: 4, ID: "four", Text: "Four"}}
	p2 := pg("/parents/widget/", false, site.FrontMatter{Title: "Widget", TOC: &no, ReviewBy: later, Area: []string{"zz"}, AlsoIn: []string{"/professionals/"}})
	p2.Headings = p1.Headings
	p2.HasWidget, p2.Widgets = true, []string{"widget:tier-matrix"}
	search := pg("/search/", false, site.FrontMatter{Title: "Search", Layout: "page"})
	searchish := pg("/parents/find/", false, site.FrontMatter{Title: "Find", Layout: "search"})
	glossary := pg("/glossary/", false, site.FrontMatter{Title: "Glossary", TOC: &yes})
	glossary.Headings = []site.Heading{{Level: 2, ID: "a", Text: "A"}}
	prof := pg("/professionals/", true, site.FrontMatter{Title: "Professionals", Area: []string{"b"}})
	doc := pg("/professionals/doc/", true, site.FrontMatter{Title: "Threshold document", Source: &site.Source{Publisher: "Board", Title: "Thresholds", URL: "javascript:evil()"}, Reviewed: reviewed})
	d1 := pg("/professionals/doc/part-1/", false, site.FrontMatter{Title: "Part 1", Source: &site.Source{Publisher: "Board", Title: "Thresholds"}, ReviewBy: due, Area: []string{"a"}})
	d2 := pg("/professionals/doc/part-2/", false, site.FrontMatter{Title: "Part 2", Reviewed: reviewed})
	d2.HasWidget, d2.Widgets = true, []string{"widget:tier-matrix"}
	lone := pg("/professionals/lone/", false, site.FrontMatter{Title: "Alone"})
	home.Children = []*site.Page{parents, prof, search, glossary}
	parents.Children = []*site.Page{p1, p2, searchish}
	prof.Children = []*site.Page{doc, lone}
	doc.Children = []*site.Page{d1, d2}
	for _, sec := range []*site.Page{home, parents, prof, doc} {
		for _, c := range sec.Children {
			c.Parent = sec
		}
	}
	s := &site.Site{Config: cfg, Home: home, ByURL: map[string]*site.Page{}}
	for _, p := range []*site.Page{home, parents, p1, p2, search, searchish, glossary, prof, doc, d1, d2, lone} {
		s.Pages = append(s.Pages, p)
		s.ByURL[p.URL] = p
	}
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].URL < s.Pages[j].URL })
	return s
}

// TestWritePage: the page layout written in Go gives, on every page, the bytes the
// templates give, and records the same reads with the same answers: on the repository's
// site, on the benchmark corpus and on a site made to reach every branch and escape.
func TestWritePage(t *testing.T) {
	rend, ds := render.Load(os.DirFS(filepath.Join("..", "..")))
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	on := render.GoLayouts(rend)
	if !on["page"] || !on["section"] {
		t.Fatalf("the repository's layouts are not those writePage was written from (see TestPageLayoutHash): %v", on)
	}
	defer render.SetGoLayouts(rend, on)
	dir := t.TempDir()
	if err := corpus.WriteSignpost(dir, "../..", corpus.Pages(120, 1)); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	manifest := map[string]string{"main.css": "/main.1.css", "print.css": "/print.1.css", "main.js": "/main.1.js",
		"widgets.js": "/w.js?a=1&b=<2>", "matrix.js": "/m.js", "search.js": "/s+1.js", "offline.js": "javascript:x"}
	sites := []struct {
		name string
		s    *site.Site
		opts *render.Options
	}{
		{"repository", loadSite(t, os.DirFS(filepath.Join("..", ".."))), &render.Options{BaseURL: "https://example.org/", Now: now, Manifest: manifest, WASM: "/w.wasm"}},
		{"corpus", loadSite(t, os.DirFS(dir)), &render.Options{BaseURL: "https://example.org/", Now: now}},
		{"tricky", trickySite(), &render.Options{BaseURL: "https://ex.org/a b/", Now: now, Manifest: manifest, WASM: "/w&.wasm", WASMExec: "/exec'.js", DevScript: "/dev?x=1&y='2'"}},
		{"tricky, no widgets module", trickySite(), &render.Options{BaseURL: "https://ex.org", Now: now, Manifest: manifest}},
	}
	for _, c := range sites {
		t.Run(c.name, func(t *testing.T) {
			trGo, trTmpl := render.NewTracker(), render.NewTracker()
			eGo := render.NewEnv(trGo, c.s, c.opts, nil)
			eTmpl := render.NewEnv(trTmpl, c.s, c.opts, nil)
			written := map[string]int{}
			for _, p := range c.s.Pages {
				render.SetGoLayouts(rend, on)
				got, gotDeps, err := rend.Page(eGo, p)
				if err != nil {
					t.Fatalf("%s: %v", p.URL, err)
				}
				render.SetGoLayouts(rend, nil)
				want, wantDeps, err := rend.Page(eTmpl, p)
				if err != nil {
					t.Fatalf("%s: %v", p.URL, err)
				}
				if string(got) != string(want) {
					t.Errorf("%s: writePage and the templates differ:\n%s", p.URL, firstDiff(string(got), string(want)))
				}
				if g, w := render.DepSet(trGo, gotDeps), render.DepSet(trTmpl, wantDeps); !maps.Equal(g, w) {
					t.Errorf("%s: recorded reads differ:\nwritePage %v\ntemplates %v", p.URL, g, w)
				}
				switch {
				case strings.Contains(string(want), `<ul class="listing">`):
					written["section"]++
				case strings.Contains(string(want), `<div class="layout-page`):
					written["page"]++
				}
			}
			if written["page"] == 0 || written["section"] == 0 {
				t.Errorf("pages of each layout written: %v", written)
			}
		})
	}
}

// firstDiff shows where a and b first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "writePage: …" + a[from:min(len(a), i+80)] + "…\ntemplates: …" + b[from:min(len(b), i+80)] + "…"
}

// TestPageLayoutEdited: a site whose page layout files differ from those writePage was
// written from is rendered by its templates, so an edit to any of them shows.
func TestPageLayoutEdited(t *testing.T) {
	root := os.DirFS(filepath.Join("..", ".."))
	files := fstest.MapFS{}
	names, _ := fs.Glob(root, "layouts/*.html")
	partials, _ := fs.Glob(root, "layouts/partials/*.html")
	for _, n := range append(names, partials...) {
		b, err := fs.ReadFile(root, n)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = &fstest.MapFile{Data: b}
	}
	s := trickySite()
	for _, edit := range []struct{ file, old, new, page, layout string }{
		{"layouts/base.html", "Skip to main content", "Skip to the guidance", "/parents/help/", ""},
		{"layouts/page.html", `<div class="prose">`, `<div class="prose edited">`, "/parents/help/", "page"},
		{"layouts/section.html", "Pages in this section", "In this section", "/parents/", "section"},
		{"layouts/partials/toc.html", "On this page", "In this guide", "/parents/help/", ""},
		{"layouts/partials/danger.html", "immediate danger", "danger now", "/parents/", ""},
	} {
		p := s.ByURL[edit.page]
		edited := maps.Clone(files)
		old := string(files[edit.file].Data)
		if !strings.Contains(old, edit.old) {
			t.Fatalf("%s has no %q", edit.file, edit.old)
		}
		edited[edit.file] = &fstest.MapFile{Data: []byte(strings.Replace(old, edit.old, edit.new, 1))}
		rend, ds := render.Load(edited)
		if len(ds.Errors()) > 0 {
			t.Fatal(ds)
		}
		if on := render.GoLayouts(rend); on[edit.layout] || edit.layout == "" && (on["page"] || on["section"]) {
			t.Errorf("%s edited: still written by writePage (%v)", edit.file, on)
		}
		out, _, err := rend.Page(render.NewEnv(render.NewTracker(), s, &render.Options{}, nil), p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), edit.new) || strings.Contains(string(out), edit.old) {
			t.Errorf("%s edited: the page does not show the edit", edit.file)
		}
	}
	// A partial added, even one the page layout does not use, is a change too.
	files["layouts/partials/extra.html"] = &fstest.MapFile{Data: []byte("x")}
	if rend, _ := render.Load(files); render.GoLayouts(rend)["page"] || render.GoLayouts(rend)["section"] {
		t.Error("a partial added: still written by writePage")
	}
}
