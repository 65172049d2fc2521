package chart

import (
	"signpost/internal/feature"
	"signpost/internal/site"
)

// Data is the site's charts by id (nil when report.yaml is missing).
var Data = site.NewSlot[map[string]*Chart]("report")

// Feature registers report.yaml and the block "::: chart ID" that draws one of its charts.
var Feature = feature.ByID("chart", "report", Data, Load,
	func(c *Chart) (string, string) { return string(Render(c)), Text(c) }, Suggest)
