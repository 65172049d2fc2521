// Package site is the in-memory model of a site: configuration, pages and data sets. It does
// no I/O; internal/load fills it and later stages read it.
package site

import (
	"fmt"
	"html/template"
	"sort"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is site.yaml.
type Config struct {
	Title    string          `yaml:"title"`
	Tagline  string          `yaml:"tagline"`
	BaseURL  string          `yaml:"base_url"`
	Language string          `yaml:"language"`
	Nav      []string        `yaml:"nav"`
	ExitURL  string          `yaml:"exit_url"`
	Areas    map[string]Area `yaml:"areas"`
	// Embed says which websites may show the embeddable pages in a frame (issue #16;
	// internal/embed checks it).
	Embed Embed `yaml:"embed"`
	// AreaOrder is the order areas appear in site.yaml (maps lose it).
	AreaOrder []string `yaml:"-"`
}

// Embed is site.yaml's embed: the origins allowed to frame the /embed/ pages. Each entry
// is "https://host[:port]", or "https:" for every https origin.
type Embed struct {
	FrameAncestors []Origin `yaml:"frame_ancestors"`
	Line           int      `yaml:"-"` // where the embed key's value starts
}

// UnmarshalYAML records the line of the embed key's value for diagnostics.
func (e *Embed) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		// Node.Decode does not reject unknown keys as site.yaml's decoder does.
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Value != "frame_ancestors" {
				return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: field %s not found in type site.Embed", k.Line, k.Value)}}
			}
		}
	}
	type plain Embed
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*e = Embed(p)
	e.Line = n.Line
	return nil
}

// Origin is one frame_ancestors entry with its place in site.yaml.
type Origin struct {
	Value     string
	Line, Col int
}

// UnmarshalYAML keeps the entry's line and column for diagnostics.
func (o *Origin) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[1].Tag == "!!null" {
		// An unquoted "- https:" is, to YAML, a map with the key "https": it means the
		// scheme source.
		*o = Origin{Value: n.Content[0].Value + ":", Line: n.Line, Col: n.Column}
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a frame_ancestors entry must be an origin such as https://school.example", n.Line)}}
	}
	*o = Origin{Value: n.Value, Line: n.Line, Col: n.Column}
	return nil
}

// Area is one local area whose guidance the site publishes.
type Area struct {
	Name         string    `yaml:"name"`
	Partnership  string    `yaml:"partnership"`
	Safeguarding Contact   `yaml:"safeguarding"`
	Contacts     []Contact `yaml:"contacts"`
}

// Contact is one service's contact details. It is the only copy of a number or address.
type Contact struct {
	ID      string `yaml:"id"`
	Name    string `yaml:"name"`
	Phone   string `yaml:"phone"`
	Email   string `yaml:"email"`
	Web     string `yaml:"web"`
	Address string `yaml:"address"`
}

// Contact returns the contact with id in the area.
func (a Area) Contact(id string) (Contact, bool) {
	for _, c := range a.Contacts {
		if c.ID == id {
			return c, true
		}
	}
	return Contact{}, false
}

// Source names the document a page's text comes from.
type Source struct {
	Publisher string `yaml:"publisher"`
	Title     string `yaml:"title"`
	Date      string `yaml:"date"`
	URL       string `yaml:"url"`
}

// Date is a calendar date in front matter (YYYY-MM-DD).
type Date struct{ time.Time }

// UnmarshalYAML parses YYYY-MM-DD, reporting the line of a bad date.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse("2006-01-02", n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: invalid date %q: write it as YYYY-MM-DD", n.Line, n.Value)}}
	}
	d.Time = t
	return nil
}

// Human formats d as "1 January 2023".
func (d Date) Human() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2 January 2006")
}

// ISO formats d as 2006-01-02.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// FrontMatter is a page's YAML header. Keys are documented in docs/architecture.md; unknown
// keys are errors so typos cannot pass silently.
type FrontMatter struct {
	Title       string   `yaml:"title"`
	NavTitle    string   `yaml:"nav_title"`
	Description string   `yaml:"description"`
	Weight      int      `yaml:"weight"`
	Audience    []string `yaml:"audience"`
	Area        []string `yaml:"area"`
	Source      *Source  `yaml:"source"`
	Reviewed    Date     `yaml:"reviewed"`
	ReviewBy    Date     `yaml:"review_by"`
	AlsoIn      []string `yaml:"also_in"`
	TOC         *bool    `yaml:"toc"`
	Layout      string   `yaml:"layout"`
	Search      *Search  `yaml:"search"`
	Banner      []string `yaml:"banner"` // narrows the emergency banner to these areas (default: every area, the page's own first; issue #18)
}

// Search is the `search:` front matter key: how the site search treats a page (issue #10).
type Search struct {
	// Weight multiplies the page's scores for questions that are not about figures; nil
	// means the section_weight of the nearest section (_index.md) above that sets one,
	// else 1.
	Weight *float64 `yaml:"weight"`
	// SectionWeight, on an _index.md, is the weight of every page below it that sets none.
	SectionWeight *float64 `yaml:"section_weight"`
	// Keywords are best bets: a query made of one of these phrases (and at most two other
	// words) shows this page first.
	Keywords []string `yaml:"keywords"`
}

// SearchWeight returns the page's search weight: its own, or the section_weight of the
// nearest section above that sets one, or 1.
func (p *Page) SearchWeight() float64 {
	if p.Front.Search != nil && p.Front.Search.Weight != nil {
		return *p.Front.Search.Weight
	}
	for q := p.Parent; q != nil; q = q.Parent {
		if q.Front.Search != nil && q.Front.Search.SectionWeight != nil {
			return *q.Front.Search.SectionWeight
		}
	}
	return 1
}

// Heading is an h2–h6 of a rendered page.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Section is the text under one heading (or before the first heading), the unit search
// indexes and the A–Z lists.
type Section struct {
	Anchor  string // "" for the page's introduction
	Heading string
	Path    []string // enclosing headings, outermost first, including Heading
	Text    string
}

// Link is an internal link found in a page body.
type Link struct {
	Dest string
	Line int
	Col  int
}

// Statement is one paragraph or list item of a page body: the unit a citation covers
// (issue 13). The markdown stage fills it; internal/citation checks it.
type Statement struct {
	Line, Col int      // where it starts in the page file
	Text      string   // its plain text, citation markers left out
	Claim     string   // Text without link text: what it says, not where it links
	Cites     []string // cited site paths with anchors, in order of writing
	CiteLine  int      // line of the citation marker (0 when inherited or none)
	CiteCol   int
	Inherited bool     // Cites come from the lead-in paragraph above its list
	Site      bool     // marked {source: site}: about Signpost itself, not the guidance
	LeadIn    bool     // ends with ":" and introduces a list
	OwnWords  int      // words outside link text (0 for a line of links)
	Path      []string // enclosing headings, outermost first
}

// Page is one output page.
type Page struct {
	File      string // source path relative to the site root, e.g. content/parents/_index.md
	URL       string // "/parents/"
	IsSection bool   // an _index.md
	Parent    *Page  // the section page above it; nil for the home page
	Children  []*Page
	Front     FrontMatter
	// Body is the Markdown after the front matter. The markdown stage drops it once the
	// page is converted (what later stages need of it is kept: LinkOnly), so a site's
	// source is not held in memory beside its HTML.
	Body     []byte
	BodyLine int // line number in File where Body starts

	// Filled by the markdown stage.
	HTML     template.HTML
	Headings []Heading
	Sections []Section
	Links    []Link
	Abbrs    []string // glossary terms used on the page
	// Statements are the body's paragraphs and list items with their citations.
	Statements []Statement
	HasWidget  bool
	Widgets    []string
	// LinkOnly says, for each part of Body between headings (the introduction first), whether
	// it is only links (search.LinkOnlySections, which the search index reads).
	LinkOnly []bool
}

// Title returns the page's title.
func (p *Page) Title() string { return p.Front.Title }

// NavTitle returns the short title for navigation.
func (p *Page) NavTitle() string {
	if p.Front.NavTitle != "" {
		return p.Front.NavTitle
	}
	return p.Front.Title
}

// Site is the whole site.
type Site struct {
	Config Config
	Pages  []*Page          // sorted by URL
	ByURL  map[string]*Page // URL → page
	Home   *Page
	// Data holds what the feature packages decoded from the data files, each value in
	// its owner's typed Slot (glossary.Data, chart.Data, ...).
	Data Data
	// DataFiles holds the raw bytes of content/_data files (for incremental rebuilds).
	DataFiles map[string][]byte
	// DataLinks are links held in data files (the sources cwd.yaml cites), checked with
	// the pages' links by internal/links.
	DataLinks []DataLink
}

// DataLink is a link written in a data file. When Area is set, the page it reaches must
// be a page of that area (its front matter's area lists it, or lists none): a text shown
// to one area's families never cites another area's guidance.
type DataLink struct {
	File string
	Line int
	Dest string
	Area string
}

// SortChildren orders every section's children by weight, then title.
func (s *Site) SortChildren() {
	for _, p := range s.Pages {
		sort.SliceStable(p.Children, func(i, j int) bool {
			a, b := p.Children[i], p.Children[j]
			if a.Front.Weight != b.Front.Weight {
				return a.Front.Weight < b.Front.Weight
			}
			return a.Front.Title < b.Front.Title
		})
	}
}

// Data holds the site's decoded data, one value per Slot. The zero value is empty and
// ready; a copy of a Site shares its Data once a value has been set.
type Data struct{ values map[any]any }

// Slot is a typed place for one value in a site's Data: a feature package declares one
// (var Data = site.NewSlot[*Glossary]("glossary")) and reads it back with Get, with no
// type assertion and no string key at the call site.
type Slot[T any] struct{ name string }

// NewSlot returns a new slot; name is for people reading the code and debugging, two
// slots never share a value.
func NewSlot[T any](name string) *Slot[T] { return &Slot[T]{name: name} }

// Get returns the slot's value in s, or T's zero value (nil for pointers and maps) when
// the data file that fills it was missing or did not decode.
func (k *Slot[T]) Get(s *Site) T {
	v, _ := s.Data.values[k].(T)
	return v
}

// Set stores v as the slot's value in s.
func (k *Slot[T]) Set(s *Site, v T) {
	if s.Data.values == nil {
		s.Data.values = map[any]any{}
	}
	s.Data.values[k] = v
}

// String returns the slot's name.
func (k *Slot[T]) String() string { return k.name }

// PageLayouts are the page types front matter may choose with `layout:`; each is
// layouts/NAME.html. Adding one here and its file is all a new page type needs (the
// renderer parses every name listed here, see render.Layouts).
var PageLayouts = []string{"home", "section", "page", "search"}
