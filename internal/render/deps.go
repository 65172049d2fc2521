package render

import (
	"errors"
	"fmt"
	"html/template"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"signpost/internal/assets"
	"signpost/internal/offline"
	"signpost/internal/printdoc"
	"signpost/internal/site"
)

// Render dependencies are recorded, not mirrored. A layout never sees the site model
// itself: it sees Data, whose pages are PageViews, whose site is a SiteView and whose
// options are an OptsView. Every value these hand out comes from a query (below): a
// named function of the site, an argument (usually a page URL) and the page being
// rendered. Asking a query records it with a hash of its answer in the render's Deps.
//
// An incremental build keeps each output's Deps and, after a change, asks Unchanged:
// every recorded query is asked again of the new site, and the output is rendered again
// only when some answer differs. A new field of Data, or a layout reading something of
// another page no layout read before, is tracked by the same means, because there is no
// other way to reach the site: the rule for this package is that only query functions
// read *site.Site and *site.Page.

// Dep is one query asked during a render: its name and its argument.
type Dep struct {
	Query, Arg string
}

// Deps are the queries one render asked, each with the hash of its answer: those about
// pages of the site by number (Tracker), those about the page rendered when it was made
// for the occasion (a whole document, an embeddable page, 404.html) by name.
type Deps struct {
	ids  []idHash
	self map[Dep]uint64
}

type idHash struct {
	id int32
	h  uint64
}

// query is a named question a render may ask. fn reads the site model; its answer is
// hashed (hashAnswer). A local query's answer depends on nothing but the page at its
// argument, so an Env may take it from the last update's while that page is unchanged
// (see NewEnv); every other answer is worked out again each update.
type query struct {
	name  string
	local bool
	shape bool // the answer depends only on the page tree and front matter (see NewEnv)
	fn    func(e *Env, self *site.Page, arg string) any
}

var queries = map[string]*query{}

func newQuery(name string, fn func(e *Env, self *site.Page, arg string) any) *query {
	if queries[name] != nil {
		panic("render: two queries named " + name)
	}
	q := &query{name: name, fn: fn}
	queries[name] = q
	return q
}

// localQuery is newQuery for a query whose answer depends only on the page at arg.
func localQuery(name string, fn func(e *Env, self *site.Page, arg string) any) *query {
	q := newQuery(name, fn)
	q.local = true
	return q
}

// shapeQuery is newQuery for a query whose answer depends only on the page tree (which
// pages there are, where, in what order), the pages' front matter, site.yaml and the data
// files: an Env takes it from the last update's while version("") is unchanged.
func shapeQuery(name string, fn func(e *Env, self *site.Page, arg string) any) *query {
	q := newQuery(name, fn)
	q.shape = true
	return q
}

// The queries. Page queries take a page URL and answer for the page at it (or for the
// page being rendered, which may be made for the occasion: a whole document, an
// embeddable page, 404.html); a missing page answers the zero value.
var (
	qFront = localQuery("front", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil {
			return &p.Front
		}
		return (*site.FrontMatter)(nil)
	})
	qSection = localQuery("section", func(e *Env, self *site.Page, u string) any {
		p := e.page(self, u)
		return p != nil && p.IsSection
	})
	qHTML = localQuery("html", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil {
			return p.HTML
		}
		return template.HTML("")
	})
	qHeadings = localQuery("headings", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil {
			return p.Headings
		}
		return []site.Heading(nil)
	})
	qWidget = localQuery("widget", func(e *Env, self *site.Page, u string) any {
		p := e.page(self, u)
		return p != nil && p.HasWidget
	})
	qParent = shapeQuery("parent", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil && p.Parent != nil {
			return p.Parent.URL
		}
		return ""
	})
	qChildren = shapeQuery("children", func(e *Env, self *site.Page, u string) any {
		var out []string
		if p := e.page(self, u); p != nil {
			for _, c := range p.Children {
				out = append(out, c.URL)
			}
		}
		return out
	})
	// navItems: section u's pages as its navigation lists them (one answer for the
	// section, not one per page, for the many pages that show it).
	qNavItems = shapeQuery("nav-items", func(e *Env, self *site.Page, u string) any {
		var out []NavItem
		if p := e.page(self, u); p != nil {
			for _, c := range p.Children {
				out = append(out, NavItem{URL: c.URL, Title: c.NavTitle()})
			}
		}
		return out
	})
	// alsoIn: the pages listed in section u by their also_in, other than its own.
	qAlsoIn = shapeQuery("also-in", func(e *Env, self *site.Page, u string) any {
		p := e.page(self, u)
		var out []string
		for _, q := range e.listedIn()[u] {
			if q.Parent != p {
				out = append(out, q.URL)
			}
		}
		return out
	})
	// prev and next follow reading order within a section (see sameSection).
	qPrev = shapeQuery("prev", func(e *Env, self *site.Page, u string) any {
		order, i := e.position(self, u)
		if i > 0 && order[i-1].URL != "/" && sameSection(order[i-1], order[i]) {
			return order[i-1].URL
		}
		return ""
	})
	qNext = shapeQuery("next", func(e *Env, self *site.Page, u string) any {
		order, i := e.position(self, u)
		if i >= 0 && i+1 < len(order) && sameSection(order[i], order[i+1]) {
			return order[i+1].URL
		}
		return ""
	})
	qPrintURL = shapeQuery("print-url", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil {
			return printdoc.URLOf(p)
		}
		return ""
	})
	qOfflineAuto = localQuery("offline-auto", func(e *Env, self *site.Page, u string) any {
		p := e.page(self, u)
		return p != nil && offline.Auto(p)
	})
	// overdue: whether the review date of the page at u has passed. One answer, not the
	// date of the build: a build at another time renders the page again only when it
	// crosses the date.
	qOverdue = newQuery("overdue", func(e *Env, self *site.Page, u string) any {
		p := e.page(self, u)
		return p != nil && !p.Front.ReviewBy.IsZero() && p.Front.ReviewBy.Before(e.opts.Now)
	})
	// exists: the URL of the page at u, or "" when there is none.
	qExists = shapeQuery("exists", func(e *Env, self *site.Page, u string) any {
		if e.page(self, u) != nil {
			return u
		}
		return ""
	})

	// Whole-site queries take no argument.
	qConfig = shapeQuery("config", func(e *Env, _ *site.Page, _ string) any { return &e.site.Config })
	qPages  = shapeQuery("pages", func(e *Env, _ *site.Page, _ string) any {
		out := make([]string, len(e.site.Pages))
		for i, p := range e.site.Pages {
			out[i] = p.URL
		}
		return out
	})
	qHome = shapeQuery("home", func(e *Env, _ *site.Page, _ string) any {
		if e.site.Home != nil {
			return e.site.Home.URL
		}
		return ""
	})
	// data: the parsed data files, which follow from their sources and the configuration.
	qData = shapeQuery("data", func(e *Env, _ *site.Page, _ string) any { return e.site.DataFiles })
	qOpts = newQuery("opts", func(e *Env, _ *site.Page, field string) any {
		o := e.opts
		switch field {
		case "manifest":
			return o.Manifest
		case "wasm":
			return o.WASM
		case "wasm-exec":
			return o.WASMExec
		case "base-url":
			return o.BaseURL
		case "dev-script":
			return o.DevScript
		case "now":
			return o.Now
		}
		panic("render: no option " + field)
	})
)

// Tracker numbers, across updates, every query renders asked, and keeps the answers of
// the last update, so that an update works out each query's answer once (Env) and a page
// is checked by comparing numbers. A Builder keeps one for its life.
type Tracker struct {
	mu    sync.RWMutex // guards ids and deps
	ids   map[Dep]int32
	deps  []Dep
	last  []answer // by number, as the last Env found them
	spare []answer // the answers before those, whose room the next Env reuses
	// indexed, when not nil, is closed once ids numbers every query of deps: ImportTracker
	// leaves that to a goroutine, as only renders look queries up (id).
	indexed chan struct{}
}

// NewTracker returns an empty Tracker.
func NewTracker() *Tracker { return &Tracker{ids: map[Dep]int32{}} }

func (t *Tracker) id(d Dep) int32 {
	if t.indexed != nil {
		<-t.indexed
	}
	t.mu.RLock()
	id, ok := t.ids[d]
	t.mu.RUnlock()
	if ok {
		return id
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids[d]; ok {
		return id
	}
	id = int32(len(t.deps))
	t.ids[d] = id
	t.deps = append(t.deps, d)
	return id
}

// queriesPerPage is about how many queries the renders of a site ask per page.
const queriesPerPage = 10

// Env is one update's site and options, as renders see them. NewEnv answers every query
// the Tracker knows, once; a query first asked during this update's renders is answered
// when asked, also once. It is safe for concurrent renders; the site must not change
// while it is in use.
type Env struct {
	site    *site.Site
	opts    *Options
	t       *Tracker
	version func(url string) uint64

	known []answer // by number, for the queries the Tracker knew at NewEnv

	mu  sync.RWMutex // guards new
	new map[int32]answer

	orderOnce sync.Once
	order     []*site.Page
	index     map[string]int

	listedOnce sync.Once
	listed     map[string][]*site.Page

	navs  sync.Map // navKey → *navList
	parts sync.Map // partKey → *part (Data.Cached)
}

type answer struct {
	v   any
	h   uint64
	ver uint64 // of the page a local query asked about
	ok  bool
}

// NewEnv returns the view of s and opts for one round of renders, and answers every
// query t knows. version gives the version of the page at a URL, a number that changes
// whenever anything of the page does (its file parsed, its Markdown converted, its late
// blocks filled) and never comes back, 0 when there is no page: the answer to a local
// query about a page whose version is the same as at the last update is the last one.
// version("") is the version of the site's shape: it changes whenever a page appears,
// goes or moves, any page's front matter changes, or site.yaml or a data file does; the
// answer to a shape query (shapeQuery) is the last one while it is the same.
func NewEnv(t *Tracker, s *site.Site, opts *Options, version func(url string) uint64) *Env {
	if version == nil {
		version = func(string) uint64 { return 0 } // no versions: nothing is carried
	}
	e := &Env{site: s, opts: opts, t: t, version: version, new: map[int32]answer{}}
	t.mu.Lock()
	if len(t.deps) == 0 {
		// The first renders number about ten queries per page (its front matter,
		// content, neighbours …): room for them at once, instead of the map growing and
		// rehashing all the while they run.
		n := queriesPerPage * len(s.Pages)
		t.ids, t.deps = make(map[Dep]int32, n), make([]Dep, 0, n)
		e.new = make(map[int32]answer, n)
	}
	t.mu.Unlock()
	t.mu.RLock()
	deps := t.deps
	t.mu.RUnlock()
	// The answers two updates ago are no longer read: their slice is reused.
	e.known = slices.Grow(t.spare[:0], len(deps))[:len(deps)]
	t.spare = nil
	shape := version("")
	workers := min(runtime.GOMAXPROCS(0), len(deps)/1000+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for id := w; id < len(deps); id += workers {
				d := deps[id]
				q := queries[d.Query]
				var ver uint64
				switch {
				case q.local:
					ver = version(d.Arg)
				case q.shape:
					ver = shape
				}
				if ver != 0 && id < len(t.last) && t.last[id].ok && t.last[id].ver == ver {
					e.known[id] = t.last[id]
					continue
				}
				e.known[id] = e.compute(q, d.Arg, ver)
			}
		})
	}
	wg.Wait()
	return e
}

func (e *Env) compute(q *query, arg string, ver uint64) answer {
	v := q.fn(e, nil, arg)
	return answer{v, hashAnswer(v), ver, true}
}

// Done keeps this update's answers for the next one.
func (e *Env) Done() {
	e.t.mu.Lock()
	defer e.t.mu.Unlock()
	last := e.known
	if n := len(e.t.deps); n > len(last) {
		last = append(last, make([]answer, n-len(last))...)
	}
	for id, a := range e.new {
		last[id] = a
	}
	e.t.spare, e.t.last = e.t.last, last
	e.known = nil
}

// ask answers q for self and arg, from memory when it can, and returns the answer, its
// hash and its number (-1 for a question about a page made for the occasion).
func (e *Env) ask(self *site.Page, q *query, arg string) (any, uint64, int32) {
	if self != nil && arg == self.URL && e.site.ByURL[arg] != self {
		v := q.fn(e, self, arg)
		return v, hashAnswer(v), -1
	}
	id := e.t.id(Dep{q.name, arg})
	if int(id) < len(e.known) {
		a := e.known[id]
		return a.v, a.h, id
	}
	e.mu.RLock()
	a, ok := e.new[id]
	e.mu.RUnlock()
	if !ok {
		var ver uint64
		switch {
		case q.local:
			ver = e.version(arg)
		case q.shape:
			ver = e.version("")
		}
		a = e.compute(q, arg, ver)
		e.mu.Lock()
		e.new[id] = a
		e.mu.Unlock()
	}
	return a.v, a.h, id
}

// fnvHash is 64-bit FNV-1a (cacheKey's; answers are hashed by hashAnswer, anshash.go).
type fnvHash uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func (h fnvHash) byte(c byte) fnvHash { return (h ^ fnvHash(c)) * fnvPrime }

func (h fnvHash) str(s string) fnvHash {
	for i := 0; i < len(s); i++ {
		h = (h ^ fnvHash(s[i])) * fnvPrime
	}
	return h
}

func (h fnvHash) u64(v uint64) fnvHash {
	for range 8 {
		h = h.byte(byte(v))
		v >>= 8
	}
	return h
}

// Unchanged reports whether every query in deps, recorded when self was last rendered,
// has the same answer now: if so, rendering self again would give the same output.
func (e *Env) Unchanged(deps *Deps, self *site.Page) bool {
	if deps == nil {
		return false
	}
	for _, d := range deps.ids {
		if int(d.id) >= len(e.known) || e.known[d.id].h != d.h {
			return false
		}
	}
	for d, h := range deps.self {
		q := queries[d.Query]
		if q == nil {
			return false
		}
		if _, now, _ := e.ask(self, q, d.Arg); now != h {
			return false
		}
	}
	return true
}

// listedIn returns the pages that list themselves in each section by also_in.
func (e *Env) listedIn() map[string][]*site.Page {
	e.listedOnce.Do(func() {
		e.listed = map[string][]*site.Page{}
		for _, q := range e.site.Pages {
			for _, in := range q.Front.AlsoIn {
				e.listed[in] = append(e.listed[in], q)
			}
		}
	})
	return e.listed
}

func (e *Env) page(self *site.Page, u string) *site.Page {
	if self != nil && self.URL == u {
		return self
	}
	return e.site.ByURL[u]
}

// position returns the reading order and the index in it of the page at u, or -1 when
// self (a page made for the occasion) or no page is there.
func (e *Env) position(self *site.Page, u string) ([]*site.Page, int) {
	e.orderOnce.Do(func() {
		e.order = ReadingOrder(e.site)
		e.index = make(map[string]int, len(e.order))
		for i, p := range e.order {
			e.index[p.URL] = i
		}
	})
	i, ok := e.index[u]
	if !ok || e.page(self, u) != e.order[i] {
		return e.order, -1
	}
	return e.order, i
}

// recorder asks queries for one render and keeps what it asked.
type recorder struct {
	env  *Env
	self *site.Page
	ids  []idHash       // in the order asked, repeats included (deps drops them)
	own  map[Dep]uint64 // made when first needed: most renders ask nothing of the kind
}

func (r *recorder) ask(q *query, arg string) any {
	v, _ := r.askHash(q, arg)
	return v
}

// askHash is ask that also returns the answer's hash.
func (r *recorder) askHash(q *query, arg string) (any, uint64) {
	v, h, id := r.env.ask(r.self, q, arg)
	if id < 0 {
		if r.own == nil {
			r.own = map[Dep]uint64{}
		}
		r.own[Dep{q.name, arg}] = h
	} else {
		r.ids = append(r.ids, idHash{id, h})
	}
	return v, h
}

// deps returns what the render asked.
func (r *recorder) deps() *Deps {
	// A query has one answer in an Env, so a repeat has the same hash. The render is
	// over: its list is sorted in place.
	ids := r.ids
	slices.SortFunc(ids, func(a, b idHash) int { return int(a.id) - int(b.id) })
	d := &Deps{ids: slices.CompactFunc(ids, func(a, b idHash) bool { return a.id == b.id }), self: r.own}
	return d
}

func (r *recorder) view(u string) *PageView {
	if u == "" {
		return nil
	}
	return &PageView{r: r, url: u}
}

func (r *recorder) views(us []string) []*PageView {
	out := make([]*PageView, len(us))
	for i, u := range us {
		out[i] = r.view(u)
	}
	return out
}

// PageView is a page as a layout sees it. Each method asks a query, so what a layout
// reads of a page is recorded as it reads it.
type PageView struct {
	r   *recorder
	url string

	front *site.FrontMatter // Front's answer, once asked: layouts read it many times
	asked bool
}

// URL is the page's address; it is what identifies the view, so reading it records
// nothing more.
func (p *PageView) URL() string { return p.url }

// Front is the page's front matter.
func (p *PageView) Front() *site.FrontMatter {
	if !p.asked {
		p.front, p.asked = p.r.ask(qFront, p.url).(*site.FrontMatter), true
	}
	return p.front
}

// Title is the page's title.
func (p *PageView) Title() string { return p.Front().Title }

// NavTitle is the page's short title for navigation.
func (p *PageView) NavTitle() string {
	if fm := p.Front(); fm != nil {
		return (&site.Page{Front: *fm}).NavTitle()
	}
	return ""
}

// Overdue reports whether the page's review date has passed.
func (p *PageView) Overdue() bool { return p.r.ask(qOverdue, p.url).(bool) }

// IsSection reports whether the page is a section's _index.md.
func (p *PageView) IsSection() bool { return p.r.ask(qSection, p.url).(bool) }

// HasWidget reports whether the page has a widget.
func (p *PageView) HasWidget() bool { return p.r.ask(qWidget, p.url).(bool) }

// Content is the page's HTML.
func (p *PageView) Content() template.HTML { return p.r.ask(qHTML, p.url).(template.HTML) }

// Headings are the page's headings.
func (p *PageView) Headings() []site.Heading { return p.r.ask(qHeadings, p.url).([]site.Heading) }

// Parent is the page's section, or nil.
func (p *PageView) Parent() *PageView { return p.r.view(p.r.ask(qParent, p.url).(string)) }

// Children are a section's pages in order.
func (p *PageView) Children() []*PageView { return p.r.views(p.r.ask(qChildren, p.url).([]string)) }

// SiteView is the site as a layout sees it.
type SiteView struct {
	r      *recorder
	config *site.Config // Config's answer, once asked
}

// Config is site.yaml.
func (s *SiteView) Config() *site.Config {
	if s.config == nil {
		s.config = s.r.ask(qConfig, "").(*site.Config)
	}
	return s.config
}

// Pages are every page, sorted by URL.
func (s *SiteView) Pages() []*PageView { return s.r.views(s.r.ask(qPages, "").([]string)) }

// Home is the home page, or nil.
func (s *SiteView) Home() *PageView { return s.r.view(s.r.ask(qHome, "").(string)) }

// Page is the page at URL u, or nil.
func (s *SiteView) Page(u string) *PageView { return s.r.view(s.r.ask(qExists, u).(string)) }

// Data is the site's decoded data files (site.Site.Data).
func (s *SiteView) Data() any {
	s.r.ask(qData, "")
	return s.r.env.site.Data
}

// OptsView is the render options as a layout sees them.
type OptsView struct {
	r        *recorder
	manifest assets.Manifest // Manifest's answer, once asked
}

// Manifest maps logical asset names to their URLs.
func (o *OptsView) Manifest() assets.Manifest {
	if o.manifest == nil {
		o.manifest = o.r.ask(qOpts, "manifest").(assets.Manifest)
	}
	return o.manifest
}

// WASM is the URL of the widgets module, "" when none was built.
func (o *OptsView) WASM() string { return o.r.ask(qOpts, "wasm").(string) }

// WASMExec is the URL of wasm_exec.js.
func (o *OptsView) WASMExec() string { return o.r.ask(qOpts, "wasm-exec").(string) }

// BaseURL is the site's address.
func (o *OptsView) BaseURL() string { return o.r.ask(qOpts, "base-url").(string) }

// DevScript is the dev server's reload script, "" in production builds.
func (o *OptsView) DevScript() string { return o.r.ask(qOpts, "dev-script").(string) }

// Now is the date of the build.
func (o *OptsView) Now() time.Time { return o.r.ask(qOpts, "now").(time.Time) }

// Exported dependencies, for keeping them between processes (internal/build's cache).
// Answer hashes do not depend on the process (hashAnswer); query numbers are the
// Tracker's, so a Tracker and the Deps recorded with it are kept and restored together.

// ExportTracker returns the queries t has numbered, by number.
func (t *Tracker) Export() []Dep {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return slices.Clone(t.deps)
}

// ImportTracker returns a Tracker that numbers deps as Export gave them, with no answers
// (the first Env works every one out). It fails when a query is unknown.
//
// The map from query to number (100,000 queries at N=10,000: a few hundredths of a second)
// is made on a goroutine of its own, while the build links the pages' outputs and works
// out the answers, which go by number: only a render looks a query up. A query numbered
// twice, which Export never gives, would be harmless: every number is answered from its
// own query, and renders take the first number.
func ImportTracker(deps []Dep) (*Tracker, error) {
	if len(deps) == 0 {
		return NewTracker(), nil
	}
	t := &Tracker{deps: slices.Clone(deps), indexed: make(chan struct{})}
	var last string
	for _, d := range deps {
		if d.Query != last { // neighbours often ask the same query: looked up once
			if queries[d.Query] == nil {
				return nil, fmt.Errorf("unknown query %q", d.Query)
			}
			last = d.Query
		}
	}
	go func() {
		defer close(t.indexed)
		ids := make(map[Dep]int32, len(t.deps))
		for i, d := range t.deps {
			if _, dup := ids[d]; !dup {
				ids[d] = int32(i)
			}
		}
		t.mu.Lock()
		t.ids = ids
		t.mu.Unlock()
	}()
	return t, nil
}

// DepsRecord is Deps as plain data: the numbered queries (IDs, by Tracker number) with
// their answers' hashes, and the queries about the page itself.
type DepsRecord struct {
	IDs    []int32
	Hashes []uint64
	Self   []SelfDep
}

// SelfDep is one query about a page made for the occasion, with its answer's hash.
type SelfDep struct {
	Dep
	Hash uint64
}

// Export returns d as plain data, in a stable order.
func (d *Deps) Export() DepsRecord {
	ids := slices.Clone(d.ids)
	slices.SortFunc(ids, func(a, b idHash) int { return int(a.id) - int(b.id) })
	r := DepsRecord{IDs: make([]int32, len(ids)), Hashes: make([]uint64, len(ids))}
	for i, x := range ids {
		r.IDs[i], r.Hashes[i] = x.id, x.h
	}
	for dep, h := range d.self {
		r.Self = append(r.Self, SelfDep{dep, h})
	}
	slices.SortFunc(r.Self, func(a, b SelfDep) int {
		if a.Query != b.Query {
			return strings.Compare(a.Query, b.Query)
		}
		return strings.Compare(a.Arg, b.Arg)
	})
	return r
}

// ImportDeps returns the Deps r holds, for use with the Tracker of n queries they were
// recorded with. It fails when r does not fit that Tracker.
func ImportDeps(r DepsRecord, n int) (*Deps, error) {
	if len(r.IDs) != len(r.Hashes) {
		return nil, errors.New("malformed dependencies")
	}
	d := &Deps{ids: make([]idHash, len(r.IDs))}
	for i, id := range r.IDs {
		if id < 0 || int(id) >= n {
			return nil, errors.New("a dependency outside the tracker")
		}
		d.ids[i] = idHash{id, r.Hashes[i]}
	}
	if len(r.Self) > 0 {
		d.self = make(map[Dep]uint64, len(r.Self))
		for _, s := range r.Self {
			if queries[s.Query] == nil {
				return nil, fmt.Errorf("unknown query %q", s.Query)
			}
			d.self[s.Dep] = s.Hash
		}
	}
	return d, nil
}
