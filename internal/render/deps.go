package render

import (
	"encoding/json"
	"hash/maphash"
	"html/template"
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

// Deps are the queries one render asked, each with the hash of its answer.
type Deps map[Dep]uint64

// query is a named question a render may ask. fn reads the site model; its answer must
// marshal to JSON, which is what is hashed.
type query struct {
	name string
	fn   func(e *Env, self *site.Page, arg string) any
}

var queries = map[string]*query{}

func newQuery(name string, fn func(e *Env, self *site.Page, arg string) any) *query {
	if queries[name] != nil {
		panic("render: two queries named " + name)
	}
	q := &query{name, fn}
	queries[name] = q
	return q
}

// The queries. Page queries take a page URL and answer for the page at it (or for the
// page being rendered, which may be made for the occasion: a whole document, an
// embeddable page, 404.html); a missing page answers the zero value.
var (
	qFront = newQuery("front", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil {
			return &p.Front
		}
		return (*site.FrontMatter)(nil)
	})
	qSection = newQuery("section", func(e *Env, self *site.Page, u string) any {
		p := e.page(self, u)
		return p != nil && p.IsSection
	})
	qHTML = newQuery("html", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil {
			return p.HTML
		}
		return template.HTML("")
	})
	qHeadings = newQuery("headings", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil {
			return p.Headings
		}
		return []site.Heading(nil)
	})
	qWidget = newQuery("widget", func(e *Env, self *site.Page, u string) any {
		p := e.page(self, u)
		return p != nil && p.HasWidget
	})
	qParent = newQuery("parent", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil && p.Parent != nil {
			return p.Parent.URL
		}
		return ""
	})
	qChildren = newQuery("children", func(e *Env, self *site.Page, u string) any {
		var out []string
		if p := e.page(self, u); p != nil {
			for _, c := range p.Children {
				out = append(out, c.URL)
			}
		}
		return out
	})
	// alsoIn: the pages listed in section u by their also_in, other than its own.
	qAlsoIn = newQuery("also-in", func(e *Env, self *site.Page, u string) any {
		p := e.page(self, u)
		var out []string
		for _, q := range e.site.Pages {
			for _, in := range q.Front.AlsoIn {
				if in == u && q.Parent != p {
					out = append(out, q.URL)
				}
			}
		}
		return out
	})
	// prev and next follow reading order within a section (see sameSection).
	qPrev = newQuery("prev", func(e *Env, self *site.Page, u string) any {
		order, i := e.position(self, u)
		if i > 0 && order[i-1].URL != "/" && sameSection(order[i-1], order[i]) {
			return order[i-1].URL
		}
		return ""
	})
	qNext = newQuery("next", func(e *Env, self *site.Page, u string) any {
		order, i := e.position(self, u)
		if i >= 0 && i+1 < len(order) && sameSection(order[i], order[i+1]) {
			return order[i+1].URL
		}
		return ""
	})
	qPrintURL = newQuery("print-url", func(e *Env, self *site.Page, u string) any {
		if p := e.page(self, u); p != nil {
			return printdoc.URLOf(p)
		}
		return ""
	})
	qOfflineAuto = newQuery("offline-auto", func(e *Env, self *site.Page, u string) any {
		p := e.page(self, u)
		return p != nil && offline.Auto(p)
	})
	// exists: the URL of the page at u, or "" when there is none.
	qExists = newQuery("exists", func(e *Env, self *site.Page, u string) any {
		if e.page(self, u) != nil {
			return u
		}
		return ""
	})

	// Whole-site queries take no argument.
	qConfig = newQuery("config", func(e *Env, _ *site.Page, _ string) any { return &e.site.Config })
	qPages  = newQuery("pages", func(e *Env, _ *site.Page, _ string) any {
		out := make([]string, len(e.site.Pages))
		for i, p := range e.site.Pages {
			out[i] = p.URL
		}
		return out
	})
	qHome = newQuery("home", func(e *Env, _ *site.Page, _ string) any {
		if e.site.Home != nil {
			return e.site.Home.URL
		}
		return ""
	})
	// data: the parsed data files, which follow from their sources and the configuration.
	qData = newQuery("data", func(e *Env, _ *site.Page, _ string) any { return e.site.DataFiles })
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

// Env is one update's site and options, as renders see them. It remembers every answer,
// so each query is asked once per update however many pages ask it. It is safe for
// concurrent renders; the site must not change while it is in use.
type Env struct {
	site *site.Site
	opts *Options

	mu      sync.Mutex // guards answers
	answers map[Dep]answer

	orderOnce sync.Once
	order     []*site.Page
	index     map[string]int
}

type answer struct {
	v any
	h uint64
}

// NewEnv returns the view of s and opts for one round of renders.
func NewEnv(s *site.Site, opts *Options) *Env {
	return &Env{site: s, opts: opts, answers: map[Dep]answer{}}
}

var seed = maphash.MakeSeed()

// ask answers q for self and arg, from memory when it can.
func (e *Env) ask(self *site.Page, q *query, arg string) (any, uint64) {
	d := Dep{q.name, arg}
	// A page made for the occasion is not in the site; its answers are its own.
	private := self != nil && arg == self.URL && e.site.ByURL[arg] != self
	if !private {
		e.mu.Lock()
		a, ok := e.answers[d]
		e.mu.Unlock()
		if ok {
			return a.v, a.h
		}
	}
	v := q.fn(e, self, arg)
	b, err := json.Marshal(v)
	if err != nil {
		panic("render: cannot hash the answer to " + q.name + ": " + err.Error())
	}
	h := maphash.Bytes(seed, b)
	if !private {
		e.mu.Lock()
		e.answers[d] = answer{v, h}
		e.mu.Unlock()
	}
	return v, h
}

// Unchanged reports whether every query in deps, recorded when self was last rendered,
// has the same answer now: if so, rendering self again would give the same output.
func (e *Env) Unchanged(deps Deps, self *site.Page) bool {
	if deps == nil {
		return false
	}
	for d, h := range deps {
		q := queries[d.Query]
		if q == nil {
			return false
		}
		if _, now := e.ask(self, q, d.Arg); now != h {
			return false
		}
	}
	return true
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
	deps Deps
}

func (r *recorder) ask(q *query, arg string) any {
	v, h := r.env.ask(r.self, q, arg)
	r.deps[Dep{q.name, arg}] = h
	return v
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
}

// URL is the page's address; it is what identifies the view, so reading it records
// nothing more.
func (p *PageView) URL() string { return p.url }

// Front is the page's front matter.
func (p *PageView) Front() *site.FrontMatter { return p.r.ask(qFront, p.url).(*site.FrontMatter) }

// Title is the page's title.
func (p *PageView) Title() string { return p.Front().Title }

// NavTitle is the page's short title for navigation.
func (p *PageView) NavTitle() string {
	if fm := p.Front(); fm != nil {
		return (&site.Page{Front: *fm}).NavTitle()
	}
	return ""
}

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
type SiteView struct{ r *recorder }

// Config is site.yaml.
func (s *SiteView) Config() *site.Config { return s.r.ask(qConfig, "").(*site.Config) }

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
type OptsView struct{ r *recorder }

// Manifest maps logical asset names to their URLs.
func (o *OptsView) Manifest() assets.Manifest {
	return o.r.ask(qOpts, "manifest").(assets.Manifest)
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
