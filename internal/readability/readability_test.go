package readability

import (
	"math"
	"strings"
	"testing"
)

// The worked examples are from the Wikipedia article "Flesch–Kincaid readability tests"
// (https://en.wikipedia.org/wiki/Flesch%E2%80%93Kincaid_readability_tests): "The
// Australian platypus is seemingly a hybrid of a mammal and reptilian creature" has 13
// words and 24 syllables, grade 11.3; "The cat sat on the mat." has reading ease 116.
func TestPublishedExamples(t *testing.T) {
	platypus := "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
	st := Analyse(platypus)
	if st.Words != 13 || st.Sentences != 1 || st.Syllables != 24 {
		t.Errorf("platypus counts = %+v, want 13 words, 1 sentence, 24 syllables", st)
	}
	if g := st.Grade(); math.Abs(g-11.3) > 0.05 {
		t.Errorf("platypus grade = %.2f, want 11.3", g)
	}
	if a := st.ReadingAge(); math.Abs(a-16.3) > 0.05 {
		t.Errorf("platypus reading age = %.2f, want 16.3", a)
	}
	cat := Analyse("The cat sat on the mat.")
	if e := Ease(cat.Words, cat.Sentences, cat.Syllables); math.Round(e) != 116 {
		t.Errorf("cat reading ease = %.1f, want 116", e)
	}
	if g := cat.Grade(); math.Abs(g-(-1.45)) > 0.01 {
		t.Errorf("cat grade = %.2f, want -1.45", g)
	}
}

// Syllable counts as a dictionary divides the words (Merriam-Webster).
func TestSyllables(t *testing.T) {
	tests := map[string]int{
		"the": 1, "cat": 1, "Australian": 3, "platypus": 3, "seemingly": 3, "hybrid": 2, "mammal": 2,
		"reptilian": 3, "media": 3, "period": 3, "material": 4, "creature": 2, "assessment": 3, "children": 2, "protection": 3, "disabled": 3,
		"worried": 2, "needed": 2, "helped": 1, "makes": 1, "services": 3, "little": 2, "able": 2,
		"social": 2, "guard": 1, "language": 2, "family": 3, "one": 1, "Stoke-on-Trent": 3,
		"parents'": 2, "council": 2, "support": 2, "referral": 3, "multi-agency": 5, "played": 1,
		"quickly": 2, "police": 2, "harm": 1, "plan": 1, "significant": 4, "working": 2, "day": 1,
	}
	for w, want := range tests {
		if got := Syllables(w); got != want {
			t.Errorf("Syllables(%q) = %d, want %d", w, got, want)
		}
	}
}

func TestSentences(t *testing.T) {
	got := Sentences(`PASS helps families. It is "consent-based." Why? a list item`)
	want := []string{"PASS helps families", `It is "consent-based`, "Why", "a list item"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
}
