package diagram

import (
	"signpost/internal/diag"
	"signpost/internal/feature"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// Data is the site's diagrams by id (nil when diagrams.yaml is missing).
var Data = site.NewSlot[map[string]*Diagram]("diagrams")

// Feature registers diagrams.yaml and the block "::: diagram ID" that draws one of its diagrams.
var Feature = feature.Feature{
	Name: "diagram",
	Files: []feature.File{{
		Base: "diagrams",
		Load: func(file string, src []byte, s *site.Site) diag.List {
			ds, diags := Load(file, src)
			Data.Set(s, ds)
			return diags
		},
		Kinds: map[string]feature.Func{"diagram": block},
	}},
}

// block renders "::: diagram ID".
func block(c markdown.BlockCall, s *site.Site, _ *site.Page) (string, string, diag.List) {
	if len(c.Args) != 1 {
		return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: diagram needs one id")}
	}
	ds := Data.Get(s)
	d, ok := ds[c.Args[0]]
	if !ok {
		e := diag.Errorf(c.File, c.Line, c.ArgCol(0), "unknown diagram %q", c.Args[0])
		if sg := Suggest(c.Args[0], ds); sg != "" {
			e.Hint = "did you mean \"" + sg + "\"?"
		}
		return "", "", diag.List{e}
	}
	return string(Render(d)), Text(d), nil
}
