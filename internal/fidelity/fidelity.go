// Package fidelity checks that a plain-words statement says what the guidance it cites
// says (issue 13): the cited text must contain the statement's key terms (names of
// services, acronyms, numbers) and the statement must keep the source's modal verbs
// ("must", "should", "may"). It works on plain strings, so the build applies it to each
// citation in the Markdown pages (internal/citation) and it can be applied as well to
// other texts that name a source, such as the route texts of cwd.yaml.
//
// It is a guard against drift, not a judge of meaning: a statement can pass and still
// mislead, so the pages are also read by people. What it catches is what an editor's
// check of the site found: a name or number the source does not have, "must" softened
// to "usually", "should" turned into "must", and a statement citing the wrong section.
package fidelity

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// Kind says what a Problem is.
type Kind int

const (
	// MissingTerm is a key term of the statement that the cited text lacks.
	MissingTerm Kind = iota
	// ModalMismatch is a modal verb of the statement that the source does not use there,
	// or a "must" of the source that the statement leaves out.
	ModalMismatch
)

// Problem is one difference between a statement and its source.
type Problem struct {
	Kind Kind
	Term string // the term or modal verb concerned
	Msg  string // a sentence for the editor
}

func (p Problem) String() string { return p.Msg }

// Check compares statement with source, the text of the section it cites, and returns the
// differences in the statement's order. An empty result means every key term is in the
// source and the modal verbs agree.
func Check(statement, source string) []Problem {
	var out []Problem
	src := normalise(source)
	for _, alts := range KeyTerms(statement) {
		found := false
		for _, a := range alts {
			if containsTerm(src, normalise(a)) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, Problem{Kind: MissingTerm, Term: alts[0],
				Msg: fmt.Sprintf("%q is not in the cited section", alts[0])})
		}
	}
	out = append(out, checkModals(statement, source)...)
	return out
}

// normalise lowercases s and makes quotes, dashes and spaces uniform for matching.
func normalise(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "–", "-", "—", "-", "\u00a0", " ").Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// containsTerm reports whether term occurs in s starting at a word boundary.
func containsTerm(s, term string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], term)
		if j < 0 {
			return false
		}
		j += i
		if j == 0 || !isWordByte(s[j-1]) {
			return true
		}
		i = j + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

// notKey are capitalised words that name no service: the areas (checked separately, by
// internal/citation), the law's short names and words capitalised for emphasis.
var notKey = map[string]bool{
	"thurrock": true, "stoke-on-trent": true, "stoke": true, "england": true, "signpost": true,
	"i": true, "you": true, "read": true, "see": true, "source": true,
}

var numberWords = map[string]string{
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}

// units are the words after which a number word is a key term ("one working day"); "one
// main worker" or "three parts" is ordinary speech.
var units = map[string]bool{
	"working": true, "day": true, "days": true, "week": true, "weeks": true, "month": true, "months": true,
	"year": true, "years": true, "hour": true, "hours": true, "tier": true, "tiers": true, "level": true, "levels": true,
}

var numberRE = regexp.MustCompile(`\d[\dA-Za-z]*`)

// KeyTerms returns the statement's key terms, each with its accepted spellings: numbers
// (a digit or its word, "1"/"one"), acronyms (MASH, S47), and names written with capitals
// in mid-sentence ("Children and Families Assessment Team"). A name directly followed by
// an acronym in brackets, or the reverse ("MASH (Multi-Agency Safeguarding Hub)"), is one
// term: the source may use either.
func KeyTerms(statement string) [][]string {
	var out [][]string
	toks := tokens(statement)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.number:
			alts := []string{t.text}
			for w, d := range numberWords {
				if d == t.text {
					alts = append(alts, w)
				}
			}
			out = append(out, alts)
		case t.word && numberWords[strings.ToLower(t.text)] != "" && i+1 < len(toks) && units[strings.ToLower(toks[i+1].text)]:
			// "one working day", "four tiers": the number matters, written either way.
			out = append(out, []string{numberWords[strings.ToLower(t.text)] + " " + toks[i+1].text, t.text + " " + toks[i+1].text})
		case t.capital && (!t.start || t.acronym || nameAhead(toks, i)) && !(t.start && english.IsStopWord(strings.ToLower(t.text))):
			j := i
			name := []string{t.text}
			for j+1 < len(toks) && !toks[j].poss {
				n := toks[j+1]
				if n.number && !t.acronym {
					// "Section 17ZD", "Tier 3", "Children Act 1989"
					name = append(name, n.text)
					j++
					break
				}
				if n.capital && !n.start && !n.acronym && !t.acronym {
					name = append(name, n.text)
					j++
					continue
				}
				if n.joiner && j+2 < len(toks) && toks[j+2].capital && !toks[j+2].start && !toks[j+2].acronym && !t.acronym {
					name = append(name, n.text, toks[j+2].text)
					j += 2
					continue
				}
				break
			}
			i = j
			term := strings.Join(name, " ")
			if notKey[strings.ToLower(term)] {
				continue
			}
			if t.start && len(name) == 1 && !t.acronym {
				continue // an ordinary word opening a sentence
			}
			alts := []string{term}
			// "X (Y)": either spelling will do.
			if i+1 < len(toks) && toks[i+1].open {
				var inner []string
				k := i + 2
				for ; k < len(toks) && !toks[k].close; k++ {
					inner = append(inner, toks[k].text)
				}
				if k < len(toks) && len(inner) > 0 && (t.acronym || (len(inner) == 1 && toks[i+2].acronym)) {
					alts = append(alts, strings.Join(inner, " "))
					i = k
				}
			}
			out = append(out, alts)
		}
	}
	return out
}

// nameAhead reports whether the capitalised word at i opens a longer name
// ("Aiming High offers…"), which counts even at the start of a sentence.
func nameAhead(toks []token, i int) bool {
	return i+1 < len(toks) && toks[i+1].capital && !toks[i+1].start
}

type token struct {
	text                  string
	word, number, capital bool
	acronym, start        bool
	joiner                bool
	open, close, sep      bool
	poss                  bool // ends in "'s": a name stops there ("Thurrock's Early Help")
}

var tokenRE = regexp.MustCompile(`[\p{L}\d][\p{L}\d'’\-]*|[()]|[.!?:;,"“”–—]`)

var joiners = map[string]bool{"and": true, "of": true, "for": true, "with": true, "in": true, "the": true, "to": true, "on": true}

// tokens splits s into words, numbers, brackets and sentence ends, marking the first word
// of each sentence.
func tokens(s string) []token {
	var out []token
	start := true
	for _, m := range tokenRE.FindAllString(s, -1) {
		switch m {
		case "(":
			out = append(out, token{text: m, open: true})
			continue
		case ")":
			out = append(out, token{text: m, close: true})
			continue
		case ".", "!", "?", ":", ";":
			start = true
			continue
		case `"`, "“", "”":
			continue
		case ",", "–", "—":
			out = append(out, token{text: m, sep: true})
			continue
		}
		m = strings.TrimRight(m, "'’-")
		bare := strings.TrimSuffix(strings.TrimSuffix(m, "'s"), "’s")
		poss := bare != m
		m = bare
		r := []rune(m)
		t := token{text: m, start: start, poss: poss}
		start = false
		switch {
		case unicode.IsDigit(r[0]):
			t.number = true
			t.text = numberRE.FindString(m)
		default:
			t.word = true
			t.capital = unicode.IsUpper(r[0])
			t.acronym = len(r) >= 2 && isAcronym(m)
			t.joiner = joiners[m]
		}
		out = append(out, t)
	}
	return out
}

// isAcronym reports whether w is capitals and digits with at most a final lowercase "s".
func isAcronym(w string) bool {
	w = strings.TrimSuffix(w, "s")
	caps := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			caps++
		case unicode.IsDigit(r):
		default:
			return false
		}
	}
	return caps >= 1 && len(w) >= 2
}

// modal classes: each word or phrase belongs to the class of its strength.
var modalRE = regexp.MustCompile(`(?i)\b(must(?:n't| not)?|have to|has to|should(?:n't| not)?|may(?: not)?|might)\b`)

func modalClass(m string) string {
	m = strings.ToLower(m)
	switch {
	case strings.HasPrefix(m, "must"), m == "have to", m == "has to":
		return "must"
	case strings.HasPrefix(m, "should"):
		return "should"
	default:
		return "may"
	}
}

func modals(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range modalRE.FindAllString(s, -1) {
		out[modalClass(m)] = true
	}
	return out
}

// checkModals compares each sentence of the statement with the sentence of the source it
// restates (the one sharing most content words): a modal verb of the statement that the
// source does not use there is reported, and so is a "must" of a source sentence that no
// sentence restating it keeps.
// A statement sentence that shares too little with every source sentence is compared with
// the source as a whole.
func checkModals(statement, source string) []Problem {
	var out []Problem
	srcSents := Sentences(source)
	srcWords := make([]map[string]bool, len(srcSents))
	for i, s := range srcSents {
		srcWords[i] = contentWords(s)
	}
	whole := modals(source)
	// keepsMust: source sentence → whether some statement sentence restating it says "must".
	keepsMust := map[int]bool{}
	var order []int
	example := map[int]string{}
	for _, sent := range Sentences(statement) {
		have := modals(sent)
		words := contentWords(sent)
		best, bestN := -1, 0
		for i, sw := range srcWords {
			n := 0
			for w := range words {
				if sw[w] {
					n++
				}
			}
			if n > bestN {
				best, bestN = i, n
			}
		}
		aligned := best >= 0 && bestN >= 3 && bestN*2 >= len(words)
		want := whole
		if aligned {
			want = modals(srcSents[best])
		}
		for _, c := range []string{"must", "should", "may"} {
			if have[c] && !want[c] {
				where := "the cited section does not"
				if aligned {
					where = fmt.Sprintf("the source says %s", describe(want, srcSents[best]))
				}
				out = append(out, Problem{Kind: ModalMismatch, Term: c,
					Msg: fmt.Sprintf("the statement says %q but %s: %q", c, where, sent)})
			}
		}
		if aligned && want["must"] {
			if _, seen := keepsMust[best]; !seen {
				order = append(order, best)
				example[best] = sent
			}
			keepsMust[best] = keepsMust[best] || have["must"]
		}
	}
	for _, i := range order {
		if !keepsMust[i] {
			out = append(out, Problem{Kind: ModalMismatch, Term: "must",
				Msg: fmt.Sprintf("the source says \"must\" (%q) but the statement does not: %q", srcSents[i], example[i])})
		}
	}
	return out
}

func describe(ms map[string]bool, sent string) string {
	var cs []string
	for _, c := range []string{"must", "should", "may"} {
		if ms[c] {
			cs = append(cs, `"`+c+`"`)
		}
	}
	if len(cs) == 0 {
		return fmt.Sprintf("no modal verb (%q)", sent)
	}
	return fmt.Sprintf("%s (%q)", strings.Join(cs, " and "), sent)
}

var sentenceEnd = regexp.MustCompile(`[.!?]["”’)]*\s+`)

// Sentences splits text into sentences at ".", "!" or "?" followed by a space. It is
// shared with internal/readability's idea of a sentence, but kept simple: guidance text
// has few abbreviations with full stops.
func Sentences(text string) []string {
	var out []string
	for _, s := range sentenceEnd.Split(strings.TrimSpace(text)+" ", -1) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// contentWords returns the stems of s's words that carry meaning (no modal verbs or
// common function words).
func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) < 3 || english.IsStopWord(w) || modalRE.MatchString(w) {
			continue
		}
		out[english.Stem(w, false)] = true
	}
	return out
}
