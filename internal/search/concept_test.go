package search

import (
	"fmt"
	"math"
	"testing"
)

// TestConceptCoverage: in a query of three or more required units, a unit with a
// vocabulary group among its alternatives counts conceptWeight toward coverage when the
// group matches at most 30% of the sections (step 6); in a shorter query, or when the
// group matches more sections, it counts 1. A section matching only that unit scores its
// one-word score × its share of the coverage weights.
func TestConceptCoverage(t *testing.T) {
	build := func(withBreaks int) *Index {
		docs := []Doc{
			{URL: "/school/", PageURL: "/school/", PageTitle: "Term dates", Text: "The school week and the school day."},
		}
		for i := 0; i < 10; i++ {
			text := "Forms and letters for parents."
			if i < withBreaks {
				text = "Short breaks for families."
			}
			u := fmt.Sprintf("/d%d/", i)
			docs = append(docs, Doc{URL: u, PageURL: u, PageTitle: fmt.Sprintf("Page %d", i), Text: text})
		}
		ix, err := Open(mustBuild(t, docs, Options{Synonyms: [][]string{{"respite", "short breaks"}}}))
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	score := func(ix *Index, q string, d int) float64 {
		for _, s := range ix.rank(q, QueryOptions{}) {
			if s.doc == d {
				return s.score
			}
		}
		t.Fatalf("rank(%q): section %d not found", q, d)
		return 0
	}
	tests := []struct {
		name   string
		breaks int     // sections with the group's words, of 11
		q      string  // "respite" plus plain words
		share  float64 // of the one-word score the breaks section keeps
	}{
		{"three units, rare group", 3, "respite school week", 2.0 / 4},
		{"four units, rare group", 3, "respite school week day", 2.0 / 5},
		{"two units", 3, "respite school", 1.0 / 2},
		{"three units, common group", 4, "respite school week", 1.0 / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := build(tt.breaks)
			one := score(ix, "respite", 1)
			if got := score(ix, tt.q, 1); math.Abs(got-one*tt.share) > 1e-9 {
				t.Errorf("rank(%q) of the short-breaks section = %v, want %v × %v", tt.q, got, one, tt.share)
			}
		})
	}
}
