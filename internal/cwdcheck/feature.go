package cwdcheck

import (
	"signpost/internal/diag"
	"signpost/internal/feature"
	"signpost/internal/glossary"
	"signpost/internal/markdown"
	"signpost/internal/site"
	"signpost/widgets/cwd"
)

// Data is the site's "Who do I contact?" check (nil when cwd.yaml is missing or does not
// decode).
var Data = site.NewSlot[*cwd.Data]("cwd")

// Feature registers cwd.yaml and the widget "::: widget cwd-check", whose routes' sources
// join the site's link check.
var Feature = feature.Feature{
	Name: "cwdcheck",
	Files: []feature.File{{
		Base:    "cwd",
		Widgets: []string{"cwd-check"},
		Load: func(file string, src []byte, s *site.Site, reg feature.Registry) diag.List {
			d, diags := Load(file, src)
			if d == nil {
				return diags
			}
			contacts := SiteContacts(s.Config)
			diags.Add(Validate(file, d, contacts)...)
			Data.Set(s, d)
			s.DataLinks = append(s.DataLinks, Citations(file, d, contacts)...)
			plain := Plain(d)
			// Rendered when a page asks for it: the glossary (loaded after cwd.yaml)
			// explains the routes' terms.
			reg.Widget("cwd-check", func(_ markdown.BlockCall, s *site.Site, _ *site.Page) (string, string, diag.List) {
				g := glossary.Data.Get(s)
				return string(RenderWidget(d, contacts, g)), plain, CheckTerms(file, d, g, contacts)
			})
			return diags
		},
	}},
}
