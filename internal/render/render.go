// Package render turns pages into HTML documents with html/template layouts from layouts/,
// and builds the site-wide files (sitemap.xml, robots.txt). It runs after markdown and
// assets and before the link check; it does no I/O beyond reading layouts from an fs.FS.
//
// Layouts see the site through views whose every read is recorded (deps.go): a render
// returns, with its HTML, the Deps it read, and Env.Unchanged tells an incremental build
// whether rendering the page again would change it.
package render

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"signpost/internal/assets"
	"signpost/internal/diag"
	"signpost/internal/site"
)

// LayoutDir is the layouts folder in the site root.
const LayoutDir = "layouts"

// Layouts are the page types; each is layouts/NAME.html defining "main" within base.html,
// or defining "document", a whole document without the site's frame (the embeddable pages
// of issue #16). Those front matter may name are site.PageLayouts; the rest the build
// chooses itself.
var Layouts = append(slices.Clone(site.PageLayouts), "404", "print", "embed", "embedguide")

// Renderer holds the parsed layouts.
type Renderer struct {
	tmpl map[string]*template.Template
	// goLayout: the layouts whose files are those writePage was written from (page.go),
	// so pages of those layouts are written by it rather than by the templates.
	goLayout map[string]bool
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
	// The frame's files as parsed, for layoutHash (base.html, then the partials).
	frame := []layoutFile{{LayoutDir + "/base.html", b}}
	partials, _ := fs.Glob(fsys, LayoutDir+"/partials/*.html")
	for _, p := range partials {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Add(diag.Errorf(p, 0, 0, "cannot read layout: %v", err))
			continue
		}
		frame = append(frame, layoutFile{p, b})
		if _, err := base.New(path.Base(p)).Parse(string(b)); err != nil {
			diags.Add(templateDiag(err, p))
		}
	}
	r := &Renderer{tmpl: map[string]*template.Template{}, goLayout: map[string]bool{}}
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
		// Hashed from the bytes just parsed (not read again): the Go writer is used only
		// for the very text the templates hold.
		if l, ok := goLayouts[name]; ok && len(frame) == 1+len(partials) {
			r.goLayout[name] = layoutHash(append(slices.Clip(frame), layoutFile{file, b})) == l.hash
		}
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

// Data is what a layout sees: the page being rendered, the site around it and the
// options, each through a view whose reads are recorded (deps.go). Its methods are what
// the layouts call ({{.Prev}}, {{.Site.Config.Title}}); each is computed from the views,
// so whatever a new method reads is recorded too.
type Data struct {
	r           *recorder
	noCanonical bool
	t           *template.Template // the layout being executed, for NavList
	// navItem writes an item of NavList as its template would, for the layouts written
	// by writePage (page.go); nil: the template is executed.
	navItem func(*bytes.Buffer, NavItem)
	page    *PageView // the views, made once per render
	site    *SiteView
	opts    *OptsView

	// Answers layouts ask for more than once per page ({{if or .Prev .Next}} then
	// {{with .Prev}}), worked out once.
	prev, next     *PageView
	prevOK, nextOK bool
	crumbs         []*PageView
	crumbsOK       bool
	areas          []site.Area
	areasOK        bool
}

// NavItem is a link in the section navigation.
type NavItem struct {
	URL, Title string
	Current    bool
}

// Page renders one page with its layout and returns what the render read.
func (r *Renderer) Page(e *Env, p *site.Page) ([]byte, *Deps, error) {
	d := newData(e, p)
	pv := d.Page()
	layout := pv.Front().Layout
	if layout == "" {
		switch {
		case p.URL == "/":
			layout = "home"
		case pv.IsSection():
			layout = "section"
		default:
			layout = "page"
		}
	}
	if r.goLayout[layout] {
		if out, err := r.writePage(layout, d); err == nil {
			return out, d.r.deps(), nil
		}
		// The templates' error, as the templates word it.
		d = newData(e, p)
	}
	out, err := r.exec(layout, d)
	return out, d.r.deps(), err
}

// writePage renders d in layout with writePage.
func (r *Renderer) writePage(layout string, d *Data) ([]byte, error) {
	d.t, d.navItem = r.tmpl[layout], writeNavItem
	buf := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(buf)
	buf.Reset()
	if err := writePage(buf, d, goLayouts[layout].main); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// NotFoundPage is the page 404.html shows.
func NotFoundPage(s *site.Site) *site.Page {
	return &site.Page{URL: "/404.html", Front: site.FrontMatter{Title: "Page not found", Description: "The page you were looking for is not here.", Area: s.Config.AreaOrder}}
}

// NotFound renders the 404 page, p from NotFoundPage, and returns what the render read.
func (r *Renderer) NotFound(e *Env, p *site.Page) ([]byte, *Deps, error) {
	d := newData(e, p)
	d.noCanonical = true
	out, err := r.exec("404", d)
	return out, d.r.deps(), err
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
	d.t = t
	buf := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(buf)
	buf.Reset()
	if err := t.ExecuteTemplate(buf, name, d); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// bufs are the buffers templates are executed into, reused across renders: a page is
// then one allocation of its final size instead of a buffer grown by doubling.
var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func newData(e *Env, p *site.Page) *Data {
	return &Data{r: &recorder{env: e, self: p, ids: make([]idHash, 0, 32)}}
}

// Site is the site.
func (d *Data) Site() *SiteView {
	if d.site == nil {
		d.site = &SiteView{r: d.r}
	}
	return d.site
}

// Page is the page being rendered.
func (d *Data) Page() *PageView {
	if d.page == nil {
		d.page = d.r.view(d.r.self.URL)
	}
	return d.page
}

// Opts are the render options.
func (d *Data) Opts() *OptsView {
	if d.opts == nil {
		d.opts = &OptsView{r: d.r}
	}
	return d.opts
}

// Content is the page's HTML.
func (d *Data) Content() template.HTML { return d.Page().Content() }

// Areas are the areas of site.yaml the page is for, in its order.
func (d *Data) Areas() []site.Area {
	if !d.areasOK {
		d.areas, d.areasOK = d.areasOnce(), true
	}
	return d.areas
}

func (d *Data) areasOnce() []site.Area {
	var out []site.Area
	cfg := d.Site().Config()
	for _, a := range d.Page().Front().Area {
		if ar, ok := cfg.Areas[a]; ok {
			out = append(out, ar)
		}
	}
	return out
}

// AreaKeys are the keys of Areas.
func (d *Data) AreaKeys() []string {
	var out []string
	cfg := d.Site().Config()
	for _, a := range d.Page().Front().Area {
		if _, ok := cfg.Areas[a]; ok {
			out = append(out, a)
		}
	}
	return out
}

// Banner are the emergency banner's areas: see bannerAreas.
func (d *Data) Banner() []site.Area {
	var out []site.Area
	cfg := d.Site().Config()
	for _, a := range bannerAreas(cfg, *d.Page().Front()) {
		out = append(out, cfg.Areas[a])
	}
	return out
}

// Breadcrumbs are the page's sections, from the home page down.
func (d *Data) Breadcrumbs() []*PageView {
	if !d.crumbsOK {
		d.crumbs, d.crumbsOK = d.breadcrumbs(), true
	}
	return d.crumbs
}

func (d *Data) breadcrumbs() []*PageView {
	var out []*PageView
	for q := d.Page().Parent(); q != nil; q = q.Parent() {
		out = append([]*PageView{q}, out...)
	}
	return out
}

// Sections are the top-level navigation (site.yaml's nav).
func (d *Data) Sections() []*PageView {
	var out []*PageView
	for _, name := range d.Site().Config().Nav {
		if sec := d.Site().Page("/" + name + "/"); sec != nil {
			out = append(out, sec)
		}
	}
	return out
}

// SectionNav is the section whose pages are listed beside this one, or nil.
func (d *Data) SectionNav() *PageView {
	p := d.Page()
	if p.URL() != "/" && p.IsSection() {
		return p
	}
	if par := p.Parent(); par != nil && par.URL() != "/" {
		return par
	}
	return nil
}

// SectionNavHead is SectionNav as a NavItem (marked current on the section's own page),
// or nil: plain data for the section navigation's heading, a Cached part.
func (d *Data) SectionNavHead() *NavItem {
	sn := d.SectionNav()
	if sn == nil {
		return nil
	}
	return &NavItem{URL: sn.URL(), Title: sn.NavTitle(), Current: sn.URL() == d.r.self.URL}
}

// NavItems are SectionNav's pages, with the current one marked.
func (d *Data) NavItems() []NavItem {
	sn := d.SectionNav()
	if sn == nil {
		return nil
	}
	items := d.r.ask(qNavItems, sn.URL()).([]NavItem)
	out := make([]NavItem, len(items))
	for i, it := range items {
		it.Current = it.URL == d.r.self.URL
		out[i] = it
	}
	return out
}

// NavList is NavItems rendered with the layout's template named item (executed with one
// NavItem), one after another, in parts to be written in turn ({{range}}). A section's
// list is the same on each of its pages but for the item marked current, so each item is
// executed twice per section and update (as itself and as the current page, Env.navList)
// and a page's list is spliced from those: a section of n pages costs 2n item executions
// instead of n².
func (d *Data) NavList(item string) ([]template.HTML, error) {
	sn := d.SectionNav()
	if sn == nil {
		return nil, nil
	}
	v, h := d.r.askHash(qNavItems, sn.URL())
	var write func(*bytes.Buffer, NavItem)
	if item == "sectionnav-item" {
		write = d.navItem
	}
	l, err := d.r.env.navList(d.t, item, sn.URL(), h, v.([]NavItem), write)
	if err != nil {
		return nil, err
	}
	return l.splice(d.r.self.URL), nil
}

// Cached is {{template name arg}} executed once per distinct arg in an update and kept,
// for a part of the layout that is the same on many pages: the stylesheets and scripts,
// the exit button, the emergency banner. The part sees only arg, which is plain data (a
// string, site.yaml's areas or configuration, the asset manifest), never a view of a page
// or the site: so it can read nothing the page's own render has not recorded reading in
// working out arg, and the part kept is the same whichever page made it.
func (d *Data) Cached(name string, arg any) (template.HTML, error) {
	key, err := cacheKey(arg)
	if err != nil {
		return "", fmt.Errorf("Cached %q: %v", name, err)
	}
	v, _ := d.r.env.parts.LoadOrStore(partKey{d.t, name, key}, &part{})
	pt := v.(*part)
	pt.once.Do(func() {
		var b bytes.Buffer
		pt.err = d.t.ExecuteTemplate(&b, name, arg)
		pt.html = template.HTML(b.String())
	})
	return pt.html, pt.err
}

// partKey identifies a part kept by Cached: the layout executing it, the template and
// its argument (cacheKey).
type partKey struct {
	t    *template.Template
	name string
	arg  argKey
}

// argKey is an argument of Cached as a key: a string, or a map or pointer by its type and
// address.
type argKey struct {
	s   string
	typ reflect.Type
	ptr unsafe.Pointer
}

type part struct {
	once sync.Once
	html template.HTML
	err  error
}

// cacheKey returns arg as a string, or a pointer, that differs whenever arg does. A view
// of a page, the site or the options is refused: what the part read through it would not
// be recorded for the pages that reuse the part. A map or a pointer is its address: the
// site and options do not change while an Env is in use, and the key, holding the
// address, keeps what it points to from being freed and its address reused.
func cacheKey(arg any) (argKey, error) {
	switch a := arg.(type) {
	case string:
		return argKey{s: "s" + a}, nil
	case []site.Area:
		// The banner's, on every page: hashed field by field (every field: see
		// TestCacheKeyAreas), as hashAnswer hashes, without JSON's reflection.
		h := fnvHash(fnvOffset).byte('a')
		str := func(s string) { h = h.u64(uint64(len(s))).str(s) }
		contact := func(c site.Contact) {
			for _, s := range [...]string{c.ID, c.Name, c.Phone, c.Email, c.Web, c.Address} {
				str(s)
			}
		}
		for _, ar := range a {
			str(ar.Name)
			str(ar.Partnership)
			contact(ar.Safeguarding)
			h = h.u64(uint64(len(ar.Contacts)))
			for _, c := range ar.Contacts {
				contact(c)
			}
		}
		var b [9]byte
		b[0] = 'a'
		binary.BigEndian.PutUint64(b[1:9], uint64(h))
		return argKey{s: string(b[:9])}, nil
	case *NavItem: // made for each page (SectionNavHead): by what it holds
		cur := "0"
		if a.Current {
			cur = "1"
		}
		return argKey{s: "n" + cur + strconv.Itoa(len(a.URL)) + ":" + a.URL + a.Title}, nil
	case *Data, *PageView, []*PageView, *SiteView, *OptsView:
		return argKey{}, fmt.Errorf("an argument of type %T: pass plain data", arg)
	}
	if v := reflect.ValueOf(arg); v.Kind() == reflect.Map || v.Kind() == reflect.Pointer {
		return argKey{typ: v.Type(), ptr: v.UnsafePointer()}, nil
	}
	b, err := json.Marshal(arg)
	if err != nil {
		return argKey{}, err
	}
	return argKey{s: "j" + string(b)}, nil
}

// Listing is a section's pages, with those listed here by also_in.
func (d *Data) Listing() []*PageView {
	p := d.Page()
	if !p.IsSection() {
		return nil
	}
	out := p.Children()
	return append(out, d.r.views(d.r.ask(qAlsoIn, p.URL()).([]string))...)
}

// Prev is the previous page in reading order within the section (see sameSection).
func (d *Data) Prev() *PageView {
	if !d.prevOK {
		d.prev, d.prevOK = d.r.view(d.r.ask(qPrev, d.r.self.URL).(string)), true
	}
	return d.prev
}

// Next is the next page in reading order within the section.
func (d *Data) Next() *PageView {
	if !d.nextOK {
		d.next, d.nextOK = d.r.view(d.r.ask(qNext, d.r.self.URL).(string)), true
	}
	return d.next
}

// TOC is the page's table of contents: its headings down to level 3, when there are
// two or more and the front matter does not turn it off.
func (d *Data) TOC() []site.Heading {
	p := d.Page()
	if toc := p.Front().TOC; toc != nil && !*toc {
		return nil
	}
	var out []site.Heading
	for _, h := range p.Headings() {
		if h.Level <= 3 {
			out = append(out, h)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// Canonical is the page's address on the site, or "".
func (d *Data) Canonical() string {
	u := d.r.self.URL
	if d.noCanonical || !strings.HasSuffix(u, "/") {
		return ""
	}
	return strings.TrimSuffix(d.Opts().BaseURL(), "/") + u
}

// Overdue reports whether the page's review date has passed.
func (d *Data) Overdue() bool {
	return d.Page().Overdue()
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
	pages := s.Pages
	if !slices.IsSortedFunc(pages, func(a, b *site.Page) int { return strings.Compare(a.URL, b.URL) }) {
		pages = slices.SortedFunc(slices.Values(pages), func(a, b *site.Page) int { return strings.Compare(a.URL, b.URL) })
	}
	base := strings.TrimSuffix(baseURL, "/")
	for _, p := range pages {
		b.WriteString("  <url><loc>")
		template.HTMLEscape(&b, []byte(base+p.URL))
		b.WriteString("</loc>")
		if lm := p.Front.Reviewed.ISO(); lm != "" {
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
