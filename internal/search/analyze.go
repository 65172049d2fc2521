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
func analyze(text string) analysis { return (*analyzer)(nil).analyze(text, true) }

// analyzer is what one goroutine keeps between texts: a memo of rule 6 (finish), read
// without the locks of the shared one, and the words of the last text (scratch). A nil
// analyzer uses the shared memo.
type analyzer struct {
	fin   map[string]string
	words []string
}

// finMemo bounds an analyzer's memo: a site's distinct words are far fewer.
const finMemo = 100_000

// analyze is the package's analyze; with all false, only primary and extra are set (the
// words are put together in the analyzer's scratch).
// Words are slices of the lower-cased text, not copies: nearly every word of a text is
// one chunk, so nothing is allocated for it.
func (z *analyzer) analyze(text string, all bool) analysis {
	s := lowerNorm(text)
	var a analysis
	for _, m := range findPhones(s) {
		d := digitsOnly(m)
		if len(d) == 10 || len(d) == 11 {
			a.extra = append(a.extra, d)
		}
	}
	var raw []string
	if all || z == nil {
		raw = make([]string, 0, len(s)/6+1)
	} else {
		raw = z.words[:0]
	}
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !isLNASCII(c) {
				i++
				continue
			}
		} else if r, n := utf8.DecodeRuneInString(s[i:]); !isLN(r) {
			i += n
			continue
		}
		start := i
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if isLNASCII(c) || (c == '\'' || c == '.' || c == ',' || c == '-') && i+1 < len(s) && lnAt(s, i+1) {
					i++
					continue
				}
				break
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isLN(r) {
				break
			}
			i += n
		}
		raw, a.extra = splitChunk(s[start:i], raw, a.extra)
	}
	if !all && z != nil {
		z.words = raw
	}
	if all {
		a.words = raw
	}
	if len(raw) > 0 {
		a.primary = make([]string, 0, len(raw))
		if all {
			a.raw = make([]string, 0, len(raw))
		}
	}
	for i := 0; i < len(raw); i++ {
		w := raw[i]
		if (w == "s" || w == "sec" || w == "section" || w == "sections") && i+1 < len(raw) && sectRE.MatchString(raw[i+1]) {
			a.primary = append(a.primary, "s"+raw[i+1])
			if all {
				a.raw = append(a.raw, "s"+raw[i+1])
			}
			i++
			continue
		}
		if next, ok := joinedWords[w]; ok && i+1 < len(raw) && raw[i+1] == next {
			a.primary = append(a.primary, w+next)
			if all {
				a.raw = append(a.raw, w+next)
			}
			i++
			continue
		}
		if t := z.finish(w); t != "" {
			a.primary = append(a.primary, t)
			if all {
				a.raw = append(a.raw, w)
			}
		}
	}
	extra := a.extra[:0]
	for _, w := range a.extra {
		if t := z.finish(w); t != "" {
			extra = append(extra, t)
		}
	}
	a.extra = extra
	return a
}

// lowerNorm is rule 1 but for the dashes: an ASCII text needs no normalizer (its
// patterns are all outside ASCII).
func lowerNorm(text string) string {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return normalizer.Replace(strings.ToLower(text))
		}
	}
	return strings.ToLower(text)
}

// splitChunk applies rule 4 to one chunk (chunkRE): its words are appended to raw, the
// parts joined (when they are) to extra.
func splitChunk(chunk string, raw, extra []string) ([]string, []string) {
	if strings.IndexByte(chunk, '-') < 0 {
		raw, _ = appendSplit(raw, cleanPart(chunk))
		return raw, extra
	}
	joinable := true
	var cat []byte
	rest := chunk
	for {
		p := rest
		k := strings.IndexByte(rest, '-')
		if k >= 0 {
			p = rest[:k]
		}
		p = cleanPart(p)
		var n int
		raw, n = appendSplit(raw, p)
		if n != 1 {
			joinable = false
		}
		cat = append(cat, p...)
		if k < 0 {
			break
		}
		rest = rest[k+1:]
	}
	if joinable && hasLetter(string(cat)) {
		extra = append(extra, string(cat))
	}
	return raw, extra
}

// cleanPart drops a part's final 's and its other apostrophes.
func cleanPart(p string) string {
	p = strings.TrimSuffix(p, "'s")
	if strings.IndexByte(p, '\'') >= 0 {
		p = strings.ReplaceAll(p, "'", "")
	}
	return p
}

// appendSplit appends splitPunct(p) to raw and says how many words that was; a part with
// no '.' or ',' (nearly all) is its one word.
func appendSplit(raw []string, p string) ([]string, int) {
	if strings.IndexByte(p, '.') < 0 && strings.IndexByte(p, ',') < 0 {
		if p == "" {
			return raw, 0
		}
		return append(raw, p), 1
	}
	ws := splitPunct(p)
	return append(raw, ws...), len(ws)
}

func isLN(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// isLNASCII is isLN for an ASCII byte.
func isLNASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// lnAt reports whether s has a letter or digit at byte i.
func lnAt(s string, i int) bool {
	if c := s[i]; c < utf8.RuneSelf {
		return isLNASCII(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isLN(r)
}

// finish is the package's finish through z's memo.
func (z *analyzer) finish(w string) string {
	if z == nil {
		return finish(w)
	}
	if t, ok := z.fin[w]; ok {
		return t
	}
	t := finish(w)
	if len(z.fin) < finMemo {
		if z.fin == nil {
			z.fin = map[string]string{}
		}
		k := strings.Clone(w) // w is a slice of a text the memo must not hold
		if t == w {
			t = k
		}
		z.fin[k] = t
	}
	return t
}

// findPhones is phoneRE.FindAllString, run only when s has a 0 followed by a digit.
func findPhones(s string) []string {
	for i := 0; ; i++ {
		j := strings.IndexByte(s[i:], '0')
		if j < 0 {
			return nil
		}
		i += j
		if i+1 < len(s) && isDigit(s[i+1]) {
			return phoneRE.FindAllString(s, -1)
		}
	}
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
		// Copies: w may be a slice of a long text, which the memo must not hold.
		stems.Store(strings.Clone(w), strings.Clone(s))
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
