// Package feature is how a feature package (chart, diagram, glossary, tiermatrix,
// cwdcheck, search) plugs into the build. Each exports one Feature value: the data files it
// reads from content/_data, the blocks each file feeds, and its late work (a check run on
// every page once all pages are converted). internal/build lists the values once (features
// in stages.go) and does the rest: it hands each data file to its owner, registers the
// blocks, reports a data file nobody reads, and when a file is missing reports the file
// once at every use of the blocks it feeds rather than "unknown block".
//
// What a feature decodes it keeps in a typed slot of site.Site (site.NewSlot), so that
// blocks, other features and the build read it back without a type assertion.
package feature

import (
	"signpost/internal/diag"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// Func renders one block ("::: kind args" or "::: widget name args") for a page: its HTML
// and its text (for the search index and the section's text).
type Func func(c markdown.BlockCall, s *site.Site, p *site.Page) (html, plain string, ds diag.List)

// LateFunc renders a late block, after every page has been converted.
type LateFunc func(s *site.Site, p *site.Page, c markdown.BlockCall) (html string, ds diag.List)

// Feature is one feature package's registration.
type Feature struct {
	Name  string
	Files []File
	// CheckPage, when set, is late work: it runs on every page once all pages are parsed
	// and converted (with the site's data loaded), and its diagnostics are the page's.
	CheckPage func(s *site.Site, p *site.Page) diag.List
}

// File is one data file a feature reads, content/_data/<Base>.yaml, and the blocks it
// feeds. The build calls Load for each such file, then registers the blocks; when the
// file is missing it registers in their place a diagnostic naming the file.
type File struct {
	Base string
	// Family: <Base>-<name>.yaml files are read too, each by Load.
	Family bool
	// Load decodes one file and keeps the result in the site (a site.Slot), for the
	// blocks to read back.
	Load func(file string, src []byte, s *site.Site) diag.List
	// Kinds ("::: name args"), Widgets ("::: widget name args") and Late blocks (rendered
	// once every page is converted) render what Load kept, by name.
	Kinds, Widgets map[string]Func
	Late           map[string]LateFunc
}
