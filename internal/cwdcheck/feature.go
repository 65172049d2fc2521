package cwdcheck

import (
	"signpost/internal/diag"
	"signpost/internal/feature"
	"signpost/internal/glossary"
	"signpost/internal/markdown"
	"signpost/internal/site"
	"signpost/widgets/cwd"
)

// Loaded is cwd.yaml as the site holds it: the file's name, for diagnostics, and its data.
type Loaded struct {
	File string
	Data *cwd.Data
}

// Data is the site's "Who do I contact?" check (nil when cwd.yaml is missing or does not
// decode).
var Data = site.NewSlot[*Loaded]("cwd")

// Feature registers cwd.yaml and the widget "::: widget cwd-check"; the routes' sources
// join the site's link check.
var Feature = feature.Feature{
	Name: "cwdcheck",
	Files: []feature.File{{
		Base: "cwd",
		Load: func(file string, src []byte, s *site.Site) diag.List {
			d, diags := Load(file, src)
			if d == nil {
				return diags
			}
			contacts := SiteContacts(s.Config)
			diags.Add(Validate(file, d, contacts)...)
			Data.Set(s, &Loaded{File: file, Data: d})
			s.DataLinks = append(s.DataLinks, Citations(file, d, contacts)...)
			return diags
		},
		Widgets: map[string]feature.Func{"cwd-check": widget},
	}},
}

// widget renders "::: widget cwd-check". The glossary explains the routes' terms.
func widget(_ markdown.BlockCall, s *site.Site, _ *site.Page) (string, string, diag.List) {
	l := Data.Get(s)
	if l == nil {
		return "", "", nil // cwd.yaml did not decode: its own errors say why
	}
	contacts, g := SiteContacts(s.Config), glossary.Data.Get(s)
	return string(RenderWidget(l.Data, contacts, g)), Plain(l.Data), CheckTerms(l.File, l.Data, g, contacts)
}
