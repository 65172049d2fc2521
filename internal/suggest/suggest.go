// Package suggest finds the known name closest to a misspelt one, for the "did you mean"
// hints of diagnostics (unknown area, widget, block, chart, diagram, tier matrix, anchor,
// alert type, data file, data key…). One rule, Closest, for the whole generator: every
// caller passes only the name and the candidates, so every hint follows the same rule.
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

// Closest returns the candidate a misspelt s most likely means, or "" when none is close.
// It is the one rule for every "did you mean" of the generator:
//
//  1. Ignoring case, the candidate fewest edits from s (ties go to the earlier candidate),
//     if it is at most MaxEdits(s) edits away.
//  2. Otherwise the first candidate that contains s or is contained in it, ignoring case,
//     when the shorter of the two has three or more characters: a shortened or lengthened
//     name ("WARN" for WARNING, "stoke" for stoke-on-trent; never "/" for "/nowhere/").
func Closest(s string, candidates []string) string {
	best, bestD := "", MaxEdits(s)+1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := Distance(ls, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" || len([]rune(s)) < 3 {
		return best
	}
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if strings.Contains(lc, ls) || len([]rune(lc)) >= 3 && strings.Contains(ls, lc) {
			return c
		}
	}
	return ""
}

// MaxEdits is how many edits a misspelling of s may have: a third of its characters, at
// least 2 and at most 4.
func MaxEdits(s string) int { return max(2, min(len([]rune(s))/3, 4)) }
