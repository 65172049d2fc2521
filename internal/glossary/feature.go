package glossary

import (
	"strings"

	"signpost/internal/diag"
	"signpost/internal/feature"
	"signpost/internal/site"
)

// Data is the site's glossary (nil when glossary.yaml is missing).
var Data = site.NewSlot[*Glossary]("glossary")

// Feature registers glossary.yaml, the late block "::: glossary" and the check that every
// acronym on a page is defined.
var Feature = feature.Feature{
	Name: "glossary",
	Files: []feature.File{{
		Base: "glossary",
		Load: func(file string, src []byte, s *site.Site) diag.List {
			g, diags := Load(file, src)
			diags.Add(g.CheckAreas(s.Config.AreaOrder)...)
			Data.Set(s, g)
			return diags
		},
		Late: map[string]feature.LateFunc{"glossary": block},
	}},
	CheckPage: CheckPage,
}

// CheckPage warns about all-caps acronyms in a page's text that the glossary lacks, so
// every term a reader meets can be looked up.
func CheckPage(s *site.Site, p *site.Page) diag.List {
	g := Data.Get(s)
	if g == nil {
		return nil
	}
	var text strings.Builder
	text.WriteString(p.Front.Title + " ")
	for _, sec := range p.Sections {
		text.WriteString(sec.Heading + " " + sec.Text + " ")
	}
	if missing := FindUndefined(text.String(), g); len(missing) > 0 {
		return diag.List{diag.Warnf(p.File, 1, 1, "acronyms not in the glossary: %s", strings.Join(missing, ", ")).
			WithHint("add them to content/_data/glossary.yaml with the expansion the document gives")}
	}
	return nil
}

// Abbrs returns term → expansion for <abbr> marking, or nil when the site has no glossary.
func Abbrs(s *site.Site) map[string]string {
	if g := Data.Get(s); g != nil {
		return g.Abbreviations()
	}
	return nil
}
