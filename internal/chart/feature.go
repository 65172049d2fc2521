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
		Base: "report",
		Load: func(file string, src []byte, s *site.Site) diag.List {
			cs, diags := Load(file, src)
			Data.Set(s, cs)
			return diags
		},
		Kinds: map[string]feature.Func{"chart": block},
	}},
}

// block renders "::: chart ID".
func block(c markdown.BlockCall, s *site.Site, _ *site.Page) (string, string, diag.List) {
	if len(c.Args) != 1 {
		return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: chart needs one id")}
	}
	cs := Data.Get(s)
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
