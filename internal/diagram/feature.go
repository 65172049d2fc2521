package diagram

import (
	"signpost/internal/feature"
	"signpost/internal/site"
)

// Data is the site's diagrams by id (nil when diagrams.yaml is missing).
var Data = site.NewSlot[map[string]*Diagram]("diagrams")

// Feature registers diagrams.yaml and the block "::: diagram ID" that draws one of its
// diagrams.
var Feature = feature.ByID("diagram", "diagrams", Data, Load,
	func(d *Diagram) (string, string) { return string(Render(d)), Text(d) }, Suggest)
