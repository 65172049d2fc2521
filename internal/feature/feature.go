// Package feature is how a feature package (chart, diagram, glossary, tiermatrix,
// cwdcheck, search) plugs into the build. Each exports one Feature value: the data files it
// reads from content/_data, the blocks those files feed, and its late work (a check run on
// every page once all pages are parsed). internal/build lists the values once
// (build.features) and does the rest: it hands each data file to its owner, reports a data
// file nobody reads, and when a file is missing it reports the file once at every use of
// the blocks it feeds rather than "unknown block".
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

// Registry is where a data file's Load registers the blocks that render it
// (*blocks.Registry implements it).
type Registry interface {
	Kind(name string, f Func)
	Widget(name string, f Func)
	Late(name string, f LateFunc)
}

// Feature is one feature package's registration.
type Feature struct {
	Name  string
	Files []File
	// CheckPage, when set, is late work: it runs on every page once all pages are parsed
	// and converted (with the site's data loaded), and its diagnostics are the page's.
	CheckPage func(s *site.Site, p *site.Page) diag.List
}

// File is one data file a feature reads: content/_data/<Base>.yaml.
type File struct {
	Base string
	// Family: <Base>-<name>.yaml files are read too, each by Load.
	Family bool
	// Kinds, Widgets and Late name the blocks Load registers, so that a page using one
	// while the file is missing is told which file to restore.
	Kinds, Widgets, Late []string
	// Load decodes one file, keeps the result in the site (a site.Slot) and registers
	// the blocks that render it.
	Load func(file string, src []byte, s *site.Site, reg Registry) diag.List
}
