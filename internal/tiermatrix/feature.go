package tiermatrix

import (
	"signpost/internal/diag"
	"signpost/internal/feature"
	"signpost/internal/site"
)

// Data is every threshold document's matrix of the site (nil when there is none).
var Data = site.NewSlot[Documents]("tier-matrix")

// Feature registers indicators.yaml and indicators-<name>.yaml (one threshold document's
// matrix each) and the blocks that show them: "::: widget tier-matrix ID" and
// "::: indicators [ID] APPENDIX".
var Feature = feature.Feature{
	Name: "tiermatrix",
	Files: []feature.File{{
		Base:    "indicators",
		Family:  true,
		Kinds:   []string{"indicators"},
		Widgets: []string{"tier-matrix"},
		Load: func(file string, src []byte, s *site.Site, reg feature.Registry) diag.List {
			d, diags := Load(file, src)
			if d == nil {
				return diags
			}
			docs := Data.Get(s)
			if docs == nil {
				docs = Documents{}
				Data.Set(s, docs)
			}
			diags.Add(docs.Add(file, d)...)
			reg.Widget("tier-matrix", docs.WidgetBlock)
			reg.Kind("indicators", docs.AppendixBlock)
			return diags
		},
	}},
}
