package chart

import "signpost/internal/suggest"

// Suggest returns the chart id closest to an unknown id (for "unknown chart" errors from
// "::: chart ID"), or "" when none is close: within a third of the id's length in edits,
// or an id that contains the unknown one or is contained in it.
func Suggest(id string, charts map[string]*Chart) string {
	if best := suggest.Closest(id, IDs(charts), len(id)/3+1); best != "" {
		return best
	}
	for _, known := range IDs(charts) {
		if len(id) >= 3 && (contains(known, id) || contains(id, known)) {
			return known
		}
	}
	return ""
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
