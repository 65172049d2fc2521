package tiermatrix

import (
	"signpost/internal/diag"
	"signpost/internal/feature"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// Data is every threshold document's matrix of the site (nil when none loaded).
var Data = site.NewSlot[Documents]("tier-matrix")

// Feature registers indicators.yaml and indicators-<name>.yaml (one threshold document's
// matrix each) and the blocks that show them: "::: widget tier-matrix ID" and
// "::: indicators [ID] APPENDIX".
var Feature = feature.Feature{
	Name: "tiermatrix",
	Files: []feature.File{{
		Base:   "indicators",
		Family: true,
		Load: func(file string, src []byte, s *site.Site) diag.List {
			d, diags := Load(file, src)
			if d == nil {
				return diags
			}
			docs := Data.Get(s)
			if docs == nil {
				docs = Documents{}
				Data.Set(s, docs)
			}
			// The routes' step links join the site's link and anchor check.
			s.DataLinks = append(s.DataLinks, StepLinks(file, src)...)
			return append(diags, docs.Add(file, d)...)
		},
		Kinds:   map[string]feature.Func{"indicators": loaded(Documents.AppendixBlock)},
		Widgets: map[string]feature.Func{"tier-matrix": loaded(Documents.WidgetBlock)},
	}},
}

// loaded renders a block from the site's documents; when none loaded, the data files'
// own errors say why, and the block adds nothing.
func loaded(f func(Documents, markdown.BlockCall, *site.Site, *site.Page) (string, string, diag.List)) feature.Func {
	return func(c markdown.BlockCall, s *site.Site, p *site.Page) (string, string, diag.List) {
		docs := Data.Get(s)
		if len(docs) == 0 {
			return "", "", nil
		}
		return f(docs, c, s, p)
	}
}
