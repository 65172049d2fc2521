package chart

import (
	"signpost/internal/diag"
	"signpost/internal/feature"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// Data is the site's charts by id (nil when report.yaml is missing).
var Data = site.NewSlot[map[string]*Chart]("report")

// Feature registers report.yaml and the block "::: chart ID" that draws one of its charts.
var Feature = feature.Feature{
	Name: "chart",
	Files: []feature.File{{
		Base:  "report",
		Kinds: []string{"chart"},
		Load: func(file string, src []byte, s *site.Site, reg feature.Registry) diag.List {
			cs, diags := Load(file, src)
			Data.Set(s, cs)
			reg.Kind("chart", func(c markdown.BlockCall, _ *site.Site, _ *site.Page) (string, string, diag.List) {
				return block(c, cs)
			})
			return diags
		},
	}},
}

// block renders "::: chart ID".
func block(c markdown.BlockCall, cs map[string]*Chart) (string, string, diag.List) {
	if len(c.Args) != 1 {
		return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: chart needs one id")}
	}
	ch, ok := cs[c.Args[0]]
	if !ok {
		e := diag.Errorf(c.File, c.Line, c.ArgCol(0), "unknown chart %q", c.Args[0])
		if sg := Suggest(c.Args[0], cs); sg != "" {
			e.Hint = "did you mean \"" + sg + "\"?"
		}
		return "", "", diag.List{e}
	}
	return string(Render(ch)), Text(ch), nil
}
