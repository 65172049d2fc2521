// Package render turns pages into HTML documents with html/template layouts from layouts/,
// and builds the site-wide files (sitemap.xml, robots.txt). It runs after markdown and
// assets and before the link check; it does no I/O beyond reading layouts from an fs.FS.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"signpost/internal/assets"
	"signpost/internal/diag"
	"signpost/internal/site"
)

// LayoutDir is the layouts folder in the site root.
const LayoutDir = "layouts"

// Layouts are the page types; each is layouts/NAME.html defining "main" within base.html,
// or defining "document", a whole document without the site's frame (the embeddable pages
// of issue #16).
var Layouts = []string{"home", "section", "page", "search", "404", "print", "embed", "embedguide"}

// Renderer holds the parsed layouts.
type Renderer struct {
	tmpl map[string]*template.Template
}

// Load parses layouts/base.html, layouts/partials/*.html and each page layout.
func Load(fsys fs.FS) (*Renderer, diag.List) {
	var diags diag.List
	base := template.New("base.html").Funcs(funcs)
	b, err := fs.ReadFile(fsys, LayoutDir+"/base.html")
	if err != nil {
		return nil, diag.List{diag.Errorf(LayoutDir+"/base.html", 0, 0, "cannot read layout: %v", err)}
	}
	if _, err := base.Parse(string(b)); err != nil {
		return nil, diag.List{templateDiag(err, LayoutDir+"/base.html")}
	}
	partials, _ := fs.Glob(fsys, LayoutDir+"/partials/*.html")
	for _, p := range partials {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Add(diag.Errorf(p, 0, 0, "cannot read layout: %v", err))
			continue
		}
		if _, err := base.New(path.Base(p)).Parse(string(b)); err != nil {
			diags.Add(templateDiag(err, p))
		}
	}
	r := &Renderer{tmpl: map[string]*template.Template{}}
	for _, name := range Layouts {
		file := LayoutDir + "/" + name + ".html"
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			diags.Add(diag.Errorf(file, 0, 0, "cannot read layout: %v", err))
			continue
		}
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(name + ".html").Parse(string(b))
		}
		if err != nil {
			diags.Add(templateDiag(err, file))
			continue
		}
		r.tmpl[name] = t
	}
	return r, diags
}

// templateDiag turns "template: x.html:12: msg" into a diagnostic with a line.
func templateDiag(err error, file string) diag.Diag {
	msg := err.Error()
	line := 0
	if i := strings.Index(msg, file); i >= 0 || strings.HasPrefix(msg, "template: ") {
		rest := msg
		if j := strings.Index(rest, ".html:"); j >= 0 {
			rest = rest[j+6:]
			fmt.Sscanf(rest, "%d", &line)
			if k := strings.Index(rest, ": "); k >= 0 {
				msg = rest[k+2:]
			}
		}
	}
	return diag.Errorf(file, line, 0, "%s", msg)
}

// Options are per-build settings the layouts need.
type Options struct {
	Manifest  assets.Manifest
	WASM      string // URL of the widgets module, "" when none was built
	WASMExec  string // URL of wasm_exec.js
	BaseURL   string
	Now       time.Time
	DevScript string // URL of the dev server's reload script; "" in production builds
}

// Data is what a layout sees.
type Data struct {
	Site        *site.Site
	Page        *site.Page
	Opts        *Options
	Content     template.HTML
	Areas       []site.Area
	Banner      []site.Area // the emergency banner's areas: see bannerAreas
	AreaKeys    []string
	Breadcrumbs []*site.Page
	Sections    []*site.Page // top-level navigation
	SectionNav  *site.Page   // the section whose pages are listed beside this one
	NavItems    []NavItem    // SectionNav's pages, with the current one marked
	Prev, Next  *site.Page
	TOC         []site.Heading
	Listing     []*site.Page // a section's pages, incl. those listed here by also_in
	Canonical   string
	Overdue     bool
	Updated     string
}

// NavItem is a link in the section navigation.
type NavItem struct {
	URL, Title string
	Current    bool
}

// Page renders one page with its layout.
func (r *Renderer) Page(s *site.Site, p *site.Page, order []*site.Page, opts *Options) ([]byte, error) {
	layout := p.Front.Layout
	if layout == "" {
		switch {
		case p.URL == "/":
			layout = "home"
		case p.IsSection:
			layout = "section"
		default:
			layout = "page"
		}
	}
	return r.exec(layout, r.data(s, p, order, opts))
}

// NotFound renders the 404 page.
func (r *Renderer) NotFound(s *site.Site, opts *Options) ([]byte, error) {
	p := &site.Page{URL: "/404.html", Front: site.FrontMatter{Title: "Page not found", Description: "The page you were looking for is not here.", Area: s.Config.AreaOrder}}
	d := r.data(s, p, nil, opts)
	d.Canonical = ""
	return r.exec("404", d)
}

func (r *Renderer) exec(layout string, d *Data) ([]byte, error) {
	t, ok := r.tmpl[layout]
	if !ok {
		return nil, fmt.Errorf("cannot find layout %q", layout)
	}
	name := "base.html"
	if t.Lookup("document") != nil {
		name = "document"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (r *Renderer) data(s *site.Site, p *site.Page, order []*site.Page, opts *Options) *Data {
	d := &Data{Site: s, Page: p, Opts: opts, Content: p.HTML}
	for _, a := range p.Front.Area {
		if ar, ok := s.Config.Areas[a]; ok {
			d.Areas = append(d.Areas, ar)
			d.AreaKeys = append(d.AreaKeys, a)
		}
	}
	for _, a := range bannerAreas(&s.Config, p.Front) {
		d.Banner = append(d.Banner, s.Config.Areas[a])
	}
	for q := p.Parent; q != nil; q = q.Parent {
		d.Breadcrumbs = append([]*site.Page{q}, d.Breadcrumbs...)
	}
	for _, name := range s.Config.Nav {
		if sec, ok := s.ByURL["/"+name+"/"]; ok {
			d.Sections = append(d.Sections, sec)
		}
	}
	if p.IsSection && p.URL != "/" {
		d.SectionNav = p
	} else if p.Parent != nil && p.Parent.URL != "/" {
		d.SectionNav = p.Parent
	}
	if d.SectionNav != nil {
		for _, c := range d.SectionNav.Children {
			d.NavItems = append(d.NavItems, NavItem{URL: c.URL, Title: c.NavTitle(), Current: c == p})
		}
	}
	if p.IsSection {
		d.Listing = append(d.Listing, p.Children...)
		for _, q := range s.Pages {
			for _, in := range q.Front.AlsoIn {
				if in == p.URL && q.Parent != p {
					d.Listing = append(d.Listing, q)
				}
			}
		}
	}
	// Previous and next follow reading order within a section (see sameSection).
	for i, q := range order {
		if q != p {
			continue
		}
		if i > 0 && order[i-1].URL != "/" && sameSection(order[i-1], p) {
			d.Prev = order[i-1]
		}
		if i+1 < len(order) && sameSection(p, order[i+1]) {
			d.Next = order[i+1]
		}
	}
	if p.Front.TOC == nil || *p.Front.TOC {
		for _, h := range p.Headings {
			if h.Level <= 3 {
				d.TOC = append(d.TOC, h)
			}
		}
		if len(d.TOC) < 2 {
			d.TOC = nil
		}
	}
	if strings.HasSuffix(p.URL, "/") {
		d.Canonical = strings.TrimSuffix(opts.BaseURL, "/") + p.URL
	}
	if !p.Front.ReviewBy.IsZero() && p.Front.ReviewBy.Before(opts.Now) {
		d.Overdue = true
	}
	return d
}

// sameSection reports whether a and b, neighbours in reading order, may link as previous
// and next: each lies within the other's section (its parent and everything under it).
// So links go from a section to its first page and along its pages, but never out of a
// section into the next one, which is often another area's guidance: the last page of
// Stoke-on-Trent's guide no longer leads on into a Thurrock page (issue #18). Top-level
// sections, whose parent is the home page, never link to each other.
func sameSection(a, b *site.Page) bool {
	within := func(p, sec *site.Page) bool {
		if sec == nil {
			return false
		}
		if sec.URL == "/" {
			return topOf(p) == topOf(a) && topOf(p) == topOf(b)
		}
		for q := p; q != nil; q = q.Parent {
			if q == sec {
				return true
			}
		}
		return false
	}
	return within(b, a.Parent) && within(a, b.Parent)
}

func topOf(p *site.Page) *site.Page {
	for p.Parent != nil && p.Parent.URL != "/" {
		p = p.Parent
	}
	return p
}

// bannerAreas returns the keys of the areas the emergency banner lists: the page's banner
// list if it narrows it, else every area of site.yaml with the page's own first. The banner
// is site-wide: someone in one area may be reading another's page.
func bannerAreas(c *site.Config, fm site.FrontMatter) []string {
	if len(fm.Banner) > 0 {
		return fm.Banner
	}
	var keys []string
	seen := map[string]bool{}
	for _, a := range append(append([]string(nil), fm.Area...), c.AreaOrder...) {
		if _, ok := c.Areas[a]; ok && !seen[a] {
			seen[a] = true
			keys = append(keys, a)
		}
	}
	return keys
}

// ReadingOrder returns pages depth-first in section order: home, then each section page
// followed by its pages.
func ReadingOrder(s *site.Site) []*site.Page {
	var out []*site.Page
	var walk func(p *site.Page)
	walk = func(p *site.Page) {
		out = append(out, p)
		for _, c := range p.Children {
			walk(c)
		}
	}
	if s.Home != nil {
		walk(s.Home)
	}
	return out
}

// Sitemap returns sitemap.xml for the pages.
func Sitemap(s *site.Site, baseURL string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	urls := make([]string, 0, len(s.Pages))
	lastmod := map[string]string{}
	for _, p := range s.Pages {
		urls = append(urls, p.URL)
		lastmod[p.URL] = p.Front.Reviewed.ISO()
	}
	sort.Strings(urls)
	for _, u := range urls {
		b.WriteString("  <url><loc>")
		template.HTMLEscape(&b, []byte(strings.TrimSuffix(baseURL, "/")+u))
		b.WriteString("</loc>")
		if lm := lastmod[u]; lm != "" {
			b.WriteString("<lastmod>" + lm + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// Robots returns robots.txt pointing at the sitemap.
func Robots(baseURL string) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + strings.TrimSuffix(baseURL, "/") + "/sitemap.xml\n")
}
