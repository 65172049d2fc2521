package chart

// Suggest returns the chart id closest to an unknown id (for "unknown chart" errors from
// "::: chart ID"), or "" when none is close: within a third of the id's length in edits,
// or an id that contains the unknown one or is contained in it.
func Suggest(id string, charts map[string]*Chart) string {
	best, bestD := "", len(id)/3+2 // accept at most len(id)/3+1 edits
	for _, known := range IDs(charts) {
		if d := distance(id, known); d < bestD {
			best, bestD = known, d
		}
	}
	if best != "" {
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

// distance is the Levenshtein edit distance between a and b (bytes; ids are ASCII).
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
