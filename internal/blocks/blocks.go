// Package blocks renders the "::: kind args" lines of Markdown (docs/architecture.md lists
// the kinds). Each kind's HTML comes from the package that owns its data; this package only
// dispatches, checks arguments and suggests a name when one is misspelt. Blocks that need
// the whole site (the glossary's "used on" lists, the A–Z of sections) are "late": they
// render a marker during the markdown stage and are filled in once every page is parsed.
package blocks

import (
	"fmt"
	"html"
	"sort"
	"strings"

	"signpost/internal/diag"
	"signpost/internal/feature"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// Func renders one block for a page.
type Func = feature.Func

// LateFunc renders a block after every page has been converted.
type LateFunc = feature.LateFunc

// Registry maps block kinds to renderers.
type Registry struct {
	kinds   map[string]Func
	widgets map[string]Func
	late    map[string]LateFunc
}

// New returns a registry with the built-in kinds (contacts, safeguarding, sections-az).
func New() *Registry {
	r := &Registry{kinds: map[string]Func{}, widgets: map[string]Func{}, late: map[string]LateFunc{}}
	r.Kind("contacts", contacts)
	r.Kind("safeguarding", safeguarding)
	r.Late("sections-az", sectionsAZ)
	return r
}

// Kind registers a block kind.
func (r *Registry) Kind(name string, f Func) { r.kinds[name] = f }

// Widget registers a widget name for "::: widget NAME".
func (r *Registry) Widget(name string, f Func) { r.widgets[name] = f }

// Late registers a block rendered after all pages are converted.
func (r *Registry) Late(name string, f LateFunc) { r.late[name] = f }

// LateMarker is the placeholder a late block leaves in the HTML.
func LateMarker(i int) string { return fmt.Sprintf("<!--signpost:late:%d-->", i) }

// Pending is a late block waiting to be filled in.
type Pending struct {
	Page *site.Page
	Call markdown.BlockCall
	N    int
}

// Render returns the markdown.Env Block function for page p. Late blocks are appended to
// *pending (the caller serialises access per page).
func (r *Registry) Render(s *site.Site, p *site.Page, pending *[]Pending) func(markdown.BlockCall) (string, string, diag.List) {
	return func(c markdown.BlockCall) (string, string, diag.List) {
		if c.Name == "widget" {
			if len(c.Args) == 0 { // a widget may take arguments after its name (tier-matrix ID)
				return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: widget needs one widget name").WithHint("known widgets: %s", strings.Join(keys(r.widgets), ", "))}
			}
			f, ok := r.widgets[c.Args[0]]
			if !ok {
				d := diag.Errorf(c.File, c.Line, c.ArgCol(0), "unknown widget %q", c.Args[0])
				if s := load.Suggest(c.Args[0], keys(r.widgets)); s != "" {
					d.Hint = fmt.Sprintf("did you mean %q?", s)
				} else {
					d.Hint = "known widgets: " + strings.Join(keys(r.widgets), ", ")
				}
				return "", "", diag.List{d}
			}
			p.HasWidget = true
			return f(c, s, p)
		}
		if f, ok := r.kinds[c.Name]; ok {
			return f(c, s, p)
		}
		if _, ok := r.late[c.Name]; ok {
			n := len(*pending)
			*pending = append(*pending, Pending{Page: p, Call: c, N: n})
			return LateMarker(n), "", nil
		}
		all := append(keys(r.kinds), keys(r.late)...)
		all = append(all, "widget")
		d := diag.Errorf(c.File, c.Line, c.NameCol(), "unknown block %q", c.Name)
		if s := load.Suggest(c.Name, all); s != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", s)
		} else {
			d.Hint = "known blocks: " + strings.Join(all, ", ")
		}
		return "", "", diag.List{d}
	}
}

// Finish renders pending late blocks into their pages' HTML.
func (r *Registry) Finish(s *site.Site, pending []Pending) diag.List {
	var diags diag.List
	for _, pd := range pending {
		out, ds := r.late[pd.Call.Name](s, pd.Page, pd.Call)
		diags.Add(ds...)
		marker := LateMarker(pd.N)
		pd.Page.HTML = templateHTML(strings.Replace(string(pd.Page.HTML), marker, out, 1))
	}
	return diags
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var esc = html.EscapeString
