package chart

import "signpost/internal/suggest"

// Suggest returns the chart id an unknown id most likely means (for "unknown chart" errors
// from "::: chart ID"; internal/suggest's rule), or "" when none is close.
func Suggest(id string, charts map[string]*Chart) string { return suggest.Closest(id, IDs(charts)) }
