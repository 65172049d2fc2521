// Package suggest finds the known name closest to a misspelt one, for the "did you mean"
// hints of diagnostics (unknown area, widget, block, chart, anchor…). One edit distance for
// the whole generator, so every hint follows the same rules.
package suggest

import "strings"

// Distance is the Levenshtein edit distance between a and b, counted in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Closest returns the candidate nearest to s, ignoring case, if it is at most maxEdits
// edits away; ties go to the earlier candidate. It returns "" when none is that close.
func Closest(s string, candidates []string, maxEdits int) string {
	best, bestD := "", maxEdits+1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := Distance(ls, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
