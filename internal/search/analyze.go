package search

// Tokeniser rules. assets/js/search.js implements the same rules (its header comment
// repeats this list); change both together. The build ships the stop-word list in
// search/meta.json so the client cannot drift from it.
//
//  1. Lower-case. Curly apostrophes (’ ‘ ʼ) become ', the Unicode hyphens U+2010 and U+2011
//     become -. En and em dashes separate words.
//  2. Phone numbers: every match of phoneRE (0 then 2–4 digits, then one or two groups of
//     3–8 digits after a space or hyphen) whose digits number 10 or 11 adds the joined
//     digits as an extra token: "01782 232200" is found by "01782232200" as well as by
//     "01782" and "232200".
//  3. Chunks: runs of letters and digits joined by ' . , or - (chunkRE).
//  4. A chunk splits at "-" into parts. In each part a final 's is dropped and other
//     apostrophes are removed (parent's → parent, don't → dont). A part then splits at "."
//     and "," unless both neighbours are digits: "8.6" stays, "146,343" → "146343",
//     "s.17" → "s" "17", "e.g" → "e" "g". When a chunk has two or more parts, none of
//     which split further, and it contains a letter, the parts joined are an extra token:
//     multi-agency → multi, agency (+ multiagency).
//  5. Sections of an Act: "s", "sec", "section" or "sections" followed by a word of
//     digits and up to two letters become one token "s"+that: "S17", "s.17", "section 17"
//     → s17; "s17ZD" → s17zd.
//  5a. Joined words: a word of joinedWords directly followed by its second word becomes one
//     term, the two words run together, not stemmed: "looked after" (a child in care) →
//     lookedafter, so that "looking after my son" (a parent caring, "look") no longer
//     finds the sections on children in care, and "looked after children" no longer
//     finds every "look". Only the exact first word joins ("looks after" stays "look").
//  6. Stop words (snowball's English list plus a few) and single letters are dropped.
//     Words of only a–z are stemmed with the Snowball English (Porter2) stemmer; other
//     words (numbers, s17, words with accents) are kept as they are. Words over 40
//     characters are dropped.
//
// Primary tokens keep their order (synonym phrases are matched on them); extra tokens
// (rules 2 and 4) are indexed but a query uses only its primary tokens.

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

var (
	phoneRE = regexp.MustCompile(`\b0\d{2,4}(?:[ -]\d{3,8}){1,2}\b`)
	chunkRE = regexp.MustCompile(`[\p{L}\p{N}]+(?:['.,\-][\p{L}\p{N}]+)*`)
	sectRE  = regexp.MustCompile(`^\d+[a-z]{0,2}$`)
)

// joinedWords are rule 5a's word pairs: a phrase whose words stem to the same term as a
// phrase of another meaning once its small word is dropped ("looked after" a child in
// care; "looking after", "look after" caring for someone). assets/js/search.js has the
// same list (JOINED).
var joinedWords = map[string]string{"looked": "after"}

var normalizer = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'", "\u2010", "-", "\u2011", "-")

// extraStop extends snowball's list with words that carry no meaning in a search box.
var extraStop = []string{"also", "could", "would", "shall", "may", "might", "must", "etc", "via", "per", "mine"}

var stopSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(snowballStop) {
		m[w] = true
	}
	for _, w := range extraStop {
		m[w] = true
	}
	return m
}()

// snowballStop is english.IsStopWord's list, spelled out so it can be shipped to the client.
const snowballStop = `a about above after again against all am an and any are as at be because been
before being below between both but by can did do does doing don down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my myself no nor not now of off on once only or other our ours ourselves
out over own s same she should so some such t than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where which
while who whom why will with you your yours yourself yourselves`

// stopList returns the stop words sorted, space-separated, for meta.json.
func stopList() string {
	ws := make([]string, 0, len(stopSet))
	for w := range stopSet {
		ws = append(ws, w)
	}
	sort.Strings(ws)
	return strings.Join(ws, " ")
}

// analysis is one text's tokens after all rules.
type analysis struct {
	primary []string // in order
	raw     []string // primary[i] before stemming (lower-cased, apostrophes removed)
	words   []string // every word before rules 5 and 6, stop words included (stop phrases)
	extra   []string
}

// analyze applies the tokeniser rules to text.
func analyze(text string) analysis {
	s := normalizer.Replace(strings.ToLower(text))
	var a analysis
	for _, m := range findPhones(s) {
		d := digitsOnly(m)
		if len(d) == 10 || len(d) == 11 {
			a.extra = append(a.extra, d)
		}
	}
	raw := make([]string, 0, len(s)/6+1)
	for _, chunk := range chunks(s) {
		parts := strings.Split(chunk, "-")
		var cat strings.Builder
		joinable := len(parts) > 1
		for _, p := range parts {
			p = strings.TrimSuffix(p, "'s")
			p = strings.ReplaceAll(p, "'", "")
			ws := splitPunct(p)
			if len(ws) != 1 {
				joinable = false
			}
			raw = append(raw, ws...)
			cat.WriteString(p)
		}
		if joinable && hasLetter(cat.String()) {
			a.extra = append(a.extra, cat.String())
		}
	}
	a.words = raw
	if len(raw) > 0 {
		a.primary = make([]string, 0, len(raw))
		a.raw = make([]string, 0, len(raw))
	}
	for i := 0; i < len(raw); i++ {
		w := raw[i]
		if (w == "s" || w == "sec" || w == "section" || w == "sections") && i+1 < len(raw) && sectRE.MatchString(raw[i+1]) {
			a.primary = append(a.primary, "s"+raw[i+1])
			a.raw = append(a.raw, "s"+raw[i+1])
			i++
			continue
		}
		if next, ok := joinedWords[w]; ok && i+1 < len(raw) && raw[i+1] == next {
			a.primary = append(a.primary, w+next)
			a.raw = append(a.raw, w+next)
			i++
			continue
		}
		if t := finish(w); t != "" {
			a.primary = append(a.primary, t)
			a.raw = append(a.raw, w)
		}
	}
	extra := a.extra[:0]
	for _, w := range a.extra {
		if t := finish(w); t != "" {
			extra = append(extra, t)
		}
	}
	a.extra = extra
	return a
}

// findPhones is phoneRE.FindAllString, run only when s has a 0 followed by a digit.
func findPhones(s string) []string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '0' && isDigit(s[i+1]) {
			return phoneRE.FindAllString(s, -1)
		}
	}
	return nil
}

// chunks is chunkRE.FindAllString written as a scanner (the regular expression was most of
// the index build's time): runs of letters and digits joined by single ' . , or -.
func chunks(s string) []string {
	var out []string
	isLN := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isLN(r) {
			i += n
			continue
		}
		start := i
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if isLN(r) {
				i += n
				continue
			}
			if r == '\'' || r == '.' || r == ',' || r == '-' {
				if r2, _ := utf8.DecodeRuneInString(s[i+n:]); i+n < len(s) && isLN(r2) {
					i += n
					continue
				}
			}
			break
		}
		out = append(out, s[start:i])
	}
	return out
}

func isLowerASCII(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// finish applies rule 6 to one word; "" means the word is dropped.
func finish(w string) string {
	if w == "" || stopSet[w] || len(w) > 40 {
		return ""
	}
	if isLowerASCII(w) {
		if len(w) == 1 {
			return ""
		}
		return stem(w)
	}
	return w
}

// stems memoises the stemmer (most of Build's time otherwise); safe for concurrent
// builds, and bounded so a long-running server cannot grow it without limit.
var (
	stems     sync.Map
	stemCount atomic.Int64
)

func stem(w string) string {
	if s, ok := stems.Load(w); ok {
		return s.(string)
	}
	s := english.Stem(w, true)
	if stemCount.Load() < 200_000 {
		stems.Store(w, s)
		stemCount.Add(1)
	}
	return s
}

// splitPunct splits at '.' and ',' unless both neighbours are digits; a ',' between digits
// is removed.
func splitPunct(p string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '.' || c == ',' {
			if i > 0 && i+1 < len(p) && isDigit(p[i-1]) && isDigit(p[i+1]) {
				if c == '.' {
					b.WriteByte(c)
				}
				continue
			}
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
			continue
		}
		b.WriteByte(c)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitsOnly(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// Terms returns the primary index terms of text (stemmed, stop words dropped), in order.
// It is what a query is made of; useful for tests and for checking the client.
func Terms(text string) []string { return analyze(text).primary }
