// Package readability measures how easy the parents' pages are to read (issue 13); the
// build runs it after the markdown stage, beside the citation check.
//
// Reading age is the Flesch–Kincaid grade level plus five (a US school grade is the
// number of years at school; children start at about five):
//
//	grade = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59
//
// (Kincaid, Fishburne, Rogers and Chissom, 1975). GOV.UK writes for a reading age of
// about 9, and the site's plain-words pages aim at 9–11. Syllables are counted by rule
// (vowel groups, a silent final "e", "-ed" and "-es" endings, vowels that meet across
// syllables as in "media"), which is close, not exact; the score is a guide.
//
// The Go module proxy has no maintained readability package (the known ones are archived
// or unpublished), and the formula is three lines, so it lives here with tests against
// the published worked examples.
//
// Besides the score, each sentence is checked for the three things GOV.UK's style guide
// asks writers to avoid: sentences over 25 words, the passive voice and words from its
// "use plain words instead" lists (plainwords.txt). Quoted guidance ("…") is the
// documents' own wording, so it counts towards the score but is not flagged.
package readability

import (
	_ "embed"
	"regexp"
	"strings"
	"unicode"
)

// MaxWords is the longest sentence GOV.UK's style guide recommends.
const MaxWords = 25

// Grade returns the Flesch–Kincaid grade level of a text with the given counts.
func Grade(words, sentences, syllables int) float64 {
	if words == 0 || sentences == 0 {
		return 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
}

// Ease returns the Flesch reading ease of a text with the given counts (higher is easier).
func Ease(words, sentences, syllables int) float64 {
	if words == 0 || sentences == 0 {
		return 0
	}
	return 206.835 - 1.015*float64(words)/float64(sentences) - 84.6*float64(syllables)/float64(words)
}

// Stats are the counts of a text and its scores.
type Stats struct {
	Words, Sentences, Syllables int
}

// Add adds o's counts to s.
func (s *Stats) Add(o Stats) {
	s.Words += o.Words
	s.Sentences += o.Sentences
	s.Syllables += o.Syllables
}

// Grade is the Flesch–Kincaid grade level.
func (s Stats) Grade() float64 { return Grade(s.Words, s.Sentences, s.Syllables) }

// ReadingAge is the grade plus five.
func (s Stats) ReadingAge() float64 {
	if s.Words == 0 {
		return 0
	}
	return s.Grade() + 5
}

var wordRE = regexp.MustCompile(`[\p{L}\d]+(?:['’][\p{L}]+)*(?:-[\p{L}\d]+)*`)

// Words returns the words of s: runs of letters and digits, with apostrophes and hyphens
// inside them.
func Words(s string) []string { return wordRE.FindAllString(s, -1) }

var sentenceEnd = regexp.MustCompile(`[.!?]["”’)]*(\s+|$)`)

// Sentences splits a paragraph into sentences at ".", "!" or "?" followed by a space or
// the end. A paragraph without a full stop (a list item) is one sentence.
func Sentences(paragraph string) []string {
	var out []string
	for _, s := range sentenceEnd.Split(strings.TrimSpace(paragraph), -1) {
		if s = strings.TrimSpace(s); len(Words(s)) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// Analyse counts the words, sentences and syllables of a paragraph.
func Analyse(paragraph string) Stats {
	var st Stats
	for _, s := range Sentences(paragraph) {
		st.Sentences++
		for _, w := range Words(s) {
			st.Words++
			st.Syllables += Syllables(w)
		}
	}
	return st
}

// syllableExceptions are words the rules below miscount that the site's pages use.
var syllableExceptions = map[string]int{
	"people": 2, "area": 3, "areas": 3, "being": 2, "every": 2, "business": 2, "family": 3,
	"families": 3, "safeguarding": 3, "someone": 2, "something": 2, "sometimes": 2, "whole": 1,
	"social": 2, "special": 2, "idea": 3, "create": 2, "created": 3, "science": 2, "quiet": 2,
	"useful": 2, "carefully": 3, "guidance": 3, "therefore": 2, "theatre": 3, "lives": 1,
}

// Syllables estimates the syllables of one word by rule.
func Syllables(word string) int {
	w := strings.ToLower(word)
	if n, ok := syllableExceptions[w]; ok {
		return n
	}
	if strings.ContainsAny(w, "-") {
		n := 0
		for _, part := range strings.Split(w, "-") {
			if part != "" {
				n += Syllables(part)
			}
		}
		return max(n, 1)
	}
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	letters := []rune{}
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters = append(letters, r)
		}
	}
	if len(letters) == 0 {
		// A number: count it as one syllable per digit group, as read aloud briefly.
		return 1
	}
	w = string(letters)
	if len(w) <= 3 {
		return 1
	}
	n := 0
	prev := false
	for i, r := range w {
		v := isVowel(r) || (r == 'y' && i > 0)
		if v && !prev {
			n++
		}
		prev = v
	}
	// Vowels that meet across two syllables: "media", "period", "material".
	for _, h := range []string{"ia", "iu", "io", "eo", "ua", "uo", "ea"} {
		for i := strings.Index(w, h); i >= 0; {
			if !hiatusException(w, i, h) {
				n++
			}
			j := strings.Index(w[i+1:], h)
			if j < 0 {
				break
			}
			i += j + 1
		}
	}
	switch {
	case strings.HasSuffix(w, "le") && len(w) > 2 && !isVowel(rune(w[len(w)-3])):
		// "little", "able": the final "le" is a syllable, already counted.
	case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && !strings.HasSuffix(w, "ye"):
		n-- // a silent final "e"
	case strings.HasSuffix(w, "ed") && consonantBefore(w, 2) && !hasAnySuffix(w, "ted", "ded") && !consonantLe(w, 2):
		n-- // "-ed" is not a syllable after most consonants ("helped"), but is in "needed", "disabled"
	case strings.HasSuffix(w, "es") && consonantBefore(w, 2) && !hasAnySuffix(w, "ces", "ges", "ses", "zes", "xes", "shes", "ches") && !consonantLe(w, 2):
		n-- // "-es" is not a syllable after most consonants ("makes")
	}
	return max(n, 1)
}

// hiatusException reports whether the pair h at i in w is one sound, not two: "-tion",
// "-cial", "-sion", "-geous", "-ea-" in most words ("each", "year", "create" is listed as
// an exception).
func hiatusException(w string, i int, h string) bool {
	if h == "ea" {
		return true // "ea" is usually one vowel sound: each, mean, year
	}
	if h == "ia" && i+3 == len(w) && w[i+2] == 'n' {
		return true // a final "-ian" is one syllable: Aus-tra-lian, rep-til-ian
	}
	if i > 0 && strings.ContainsRune("tcsgx", rune(w[i-1])) && (h == "ia" || h == "io" || h == "iu") {
		return true // -tion, -cial, -sion, -gion, -xious
	}
	if i > 0 && w[i-1] == 'q' {
		return true // "qua", "quo"
	}
	if i > 0 && w[i-1] == 'g' && (h == "ua" || h == "uo") {
		return true // "language", "guard"
	}
	return false
}

// consonantBefore reports whether the letter before w's last n letters is a consonant.
func consonantBefore(w string, n int) bool {
	if len(w) <= n {
		return false
	}
	return !strings.ContainsRune("aeiouy", rune(w[len(w)-n-1]))
}

// consonantLe reports whether the suffix of n letters follows a consonant and "l", as in
// "disabled" and "tables", where the "le" sound is a syllable.
func consonantLe(w string, n int) bool {
	if len(w) < n+2 || w[len(w)-n-1] != 'l' {
		return false
	}
	return !strings.ContainsRune("aeiouy", rune(w[len(w)-n-2]))
}

func hasAnySuffix(w string, sfx ...string) bool {
	for _, s := range sfx {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

func isVowel(r rune) bool { return strings.ContainsRune("aeiou", r) }
