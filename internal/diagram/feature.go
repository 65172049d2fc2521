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
		Base:  "diagrams",
		Kinds: []string{"diagram"},
		Load: func(file string, src []byte, s *site.Site, reg feature.Registry) diag.List {
			ds, diags := Load(file, src)
			Data.Set(s, ds)
			reg.Kind("diagram", func(c markdown.BlockCall, _ *site.Site, _ *site.Page) (string, string, diag.List) {
				return block(c, ds)
			})
			return diags
		},
	}},
}

// block renders "::: diagram ID".
func block(c markdown.BlockCall, ds map[string]*Diagram) (string, string, diag.List) {
	if len(c.Args) != 1 {
		return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: diagram needs one id")}
	}
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
