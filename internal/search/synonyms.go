package search

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
)

// OneWay separates, inside a synonym group, the words people search with from words that
// only answer them: [son, daughter, "=>", child] makes "son" find "child", but "child" does
// not find every "son".
const OneWay = "=>"

// LoadSynonyms decodes content/_data/synonyms.yaml: a YAML list whose items are flow
// lists of words or phrases that mean the same to someone searching, one group a line:
//
//   - [respite, short breaks, short break]
//   - [son, daughter, =>, child]
//
// Errors (with file:line) for anything that is not a list of lists of strings, a group
// with fewer than two members, a misplaced "=>", a repeated member, and a member made only
// of stop words (it could never match).
func LoadSynonyms(file string, src []byte) ([][]string, diag.List) {
	var root yaml.Node
	if ds := datafile.Decode(file, src, 0, &root); ds.HasErrors() {
		return nil, ds
	}
	doc := datafile.Top(&root)
	if doc == nil { // an empty file
		return nil, nil
	}
	var ds diag.List
	if doc.Kind != yaml.SequenceNode {
		ds.Add(diag.Errorf(file, doc.Line, doc.Column, "synonyms must be a list of groups").
			WithHint("write one group a line: - [respite, short breaks]"))
		return nil, ds
	}
	var out [][]string
	seenGroup := map[string]int{}
	for _, g := range doc.Content {
		if g.Kind != yaml.SequenceNode {
			ds.Add(diag.Errorf(file, g.Line, g.Column, "a synonym group must be a list").
				WithHint("write the group as [word, other word, ...]"))
			continue
		}
		var group []string
		ok := true
		seen := map[string]bool{}
		arrows := 0
		for i, m := range g.Content {
			if m.Kind != yaml.ScalarNode || m.Tag != "!!str" && m.Tag != "!!int" && m.Tag != "!!float" {
				ds.Add(diag.Errorf(file, m.Line, m.Column, "a synonym must be a word or phrase"))
				ok = false
				continue
			}
			v := strings.Join(strings.Fields(m.Value), " ")
			if v == OneWay {
				arrows++
				if arrows > 1 || i == 0 || i == len(g.Content)-1 {
					ds.Add(diag.Errorf(file, m.Line, m.Column, "%q must stand once between the searched words and the words they find", OneWay))
					ok = false
				}
				group = append(group, v)
				continue
			}
			key := strings.ToLower(v)
			if v == "" {
				ds.Add(diag.Errorf(file, m.Line, m.Column, "empty synonym"))
				ok = false
				continue
			}
			if seen[key] {
				ds.Add(diag.Errorf(file, m.Line, m.Column, "%q is repeated in this group", v))
				ok = false
				continue
			}
			seen[key] = true
			if len(Terms(v)) == 0 {
				ds.Add(diag.Errorf(file, m.Line, m.Column, "%q has only stop words, so it can never match", v).
					WithHint("use a more specific word"))
				ok = false
				continue
			}
			group = append(group, v)
		}
		if n := len(group) - arrows; ok && n < 2 {
			ds.Add(diag.Errorf(file, g.Line, g.Column, "a synonym group needs at least two members"))
			ok = false
		}
		if !ok {
			continue
		}
		key := groupKey(group)
		if line, dup := seenGroup[key]; dup {
			ds.Add(diag.Warnf(file, g.Line, g.Column, "this group repeats the group on line %d", line))
			continue
		}
		seenGroup[key] = g.Line
		out = append(out, group)
	}
	return out, ds
}

func groupKey(group []string) string {
	ms := make([]string, len(group))
	for i, m := range group {
		ms[i] = strings.ToLower(m)
	}
	sort.Strings(ms)
	return strings.Join(ms, "|")
}

// member is one word or phrase of a group, as primary terms.
type member struct {
	terms  []string
	target bool // only found by the group's other words (after "=>")
}

// group is a synonym group. stops are its word phrases (wordPhrase): say phrases of two or
// more words with at most one word that is not a stop word ("do i have to", "living with
// me", "time off"), as word keys. They never match a document (a document's stop words are
// not indexed); a query holding one, word for word, gets the group (see query.go, step 5a).
// As members they would have been the one term left ("live", "time") and matched every
// document and query with that word.
type group struct {
	members []member
	stops   [][]string
}

// compileGroups turns glossary entries and synonym lists into groups of analysed members.
// Members that analyse to nothing are dropped; groups left with fewer than two members
// and repeats of an earlier group are dropped.
func compileGroups(opt Options) []group {
	var lists [][]string
	for _, t := range opt.Glossary {
		if acronymEntry(t) {
			lists = append(lists, []string{t.Term, t.Expansion})
		}
	}
	lists = append(lists, opt.Synonyms...)
	lists = append(lists, opt.Vocabulary.Groups()...)
	var out []group
	seen := map[string]bool{}
	for _, l := range lists {
		var g group
		target := false
		var keys []string
		for _, m := range l {
			if strings.TrimSpace(m) == OneWay {
				target = true
				continue
			}
			if ws := wordPhrase(m); ws != nil && !target {
				k := "=" + strings.Join(ws, " ")
				if !slices.Contains(keys, k) {
					g.stops = append(g.stops, ws)
					keys = append(keys, k)
				}
				continue
			}
			ts := Terms(m)
			if len(ts) == 0 {
				continue
			}
			k := strings.Join(ts, " ")
			dup := false
			for _, have := range g.members {
				if strings.Join(have.terms, " ") == k {
					dup = true
				}
			}
			if dup {
				continue
			}
			g.members = append(g.members, member{terms: ts, target: target})
			if target {
				k = ">" + k
			}
			keys = append(keys, k)
		}
		if len(g.members)+len(g.stops) < 2 || len(g.members) == 0 || g.members[0].target && len(g.stops) == 0 {
			continue
		}
		sort.Strings(keys)
		key := strings.Join(keys, "|")
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, g)
	}
	return out
}

// wordPhrase returns the word keys of s when it is a word phrase: two or more words, at
// most one of which is not a stop word ("do i have to", "living with me", "time off",
// "down syndrome"). Such a phrase is matched on a query's words, stop words included, not
// on its terms, which would be one everyday word or none. Otherwise nil; also when its
// words join into one term (tokeniser rule 5a: "looked after" is the term lookedafter,
// matched as a term, while its word keys "look after" would be matched by "looking after").
func wordPhrase(s string) []string {
	a := analyze(s)
	ws := a.words
	if len(ws) < 2 || joinedTerm(a.primary) {
		return nil
	}
	keys := wordKeys(ws)
	content := 0
	for _, k := range keys {
		if contentKey(k) {
			content++
		}
	}
	if content > 1 {
		return nil
	}
	return keys
}

// joinedTerm reports whether terms hold a term of tokeniser rule 5a (joinedWords).
func joinedTerm(terms []string) bool {
	for _, t := range terms {
		for w, next := range joinedWords {
			if t == w+next {
				return true
			}
		}
	}
	return false
}

// contentKey reports whether a word key is a term (not a stop word or a single letter);
// search.js decides the same from the keys in meta.json.
func contentKey(k string) bool {
	return !stopSet[k] && !(len(k) == 1 && k[0] >= 'a' && k[0] <= 'z')
}

// wordKeys returns each word's term (finish), or the word itself when it has none (a stop
// word, a single letter): "living with me" → live with me. Query words and word phrases are
// compared as keys, so endings do not matter ("lives with me").
func wordKeys(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		if t := finish(w); t != "" {
			out[i] = t
		} else {
			out[i] = w
		}
	}
	return out
}

// acronymEntry reports whether a glossary entry is an acronym with a short expansion
// ("MASH" → "Multi-Agency Safeguarding Hub"): its term has a letter and no lower-case
// letter, and its expansion is at most 10 words. Other entries ("Tier", "Early Help", or an
// expansion that is a definition) would make ordinary words match unrelated phrases.
func acronymEntry(t Term) bool {
	letter := false
	for _, r := range t.Term {
		if unicode.IsLower(r) {
			return false
		}
		letter = letter || unicode.IsLetter(r)
	}
	return letter && len(strings.Fields(t.Expansion)) <= 10
}

// encodeGroup writes a group for meta.json: members joined by "|", a member's terms by " ",
// a target member prefixed by ">".
func encodeGroup(g group) string {
	ms := make([]string, len(g.members))
	for i, m := range g.members {
		s := strings.Join(m.terms, " ")
		if m.target {
			s = ">" + s
		}
		ms[i] = s
	}
	return strings.Join(ms, "|")
}

func decodeGroup(s string) group {
	var g group
	for _, m := range strings.Split(s, "|") {
		t := strings.HasPrefix(m, ">")
		g.members = append(g.members, member{terms: strings.Fields(strings.TrimPrefix(m, ">")), target: t})
	}
	return g
}

// groupToken is the index term standing for group i: "~" and i in base 36.
func groupToken(i int) string { return "~" + strconv36(i) }

func strconv36(i int) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 36 {
		b = append([]byte{digits[i%36]}, b...)
	}
	return string(b)
}

// phraseIndex finds group members in a term sequence.
type phraseIndex map[string][]phrase // by first term

type phrase struct {
	terms  []string
	group  int
	target bool
}

func newPhraseIndex(groups []group) phraseIndex {
	px := phraseIndex{}
	for gi, g := range groups {
		for _, m := range g.members {
			px[m.terms[0]] = append(px[m.terms[0]], phrase{terms: m.terms, group: gi, target: m.target})
		}
	}
	return px
}

// groupCounts counts, for each group, the members that start at each position of seq
// (targets included: a document's "child" answers a search for "son").
func (px phraseIndex) groupCounts(seq []string, add func(group int)) {
	for i, t := range seq {
		done := map[int]bool{}
		for _, p := range px[t] {
			if done[p.group] || !hasPhraseAt(seq, i, p.terms) {
				continue
			}
			done[p.group] = true
			add(p.group)
		}
	}
}

func hasPhraseAt(seq []string, i int, terms []string) bool {
	if i+len(terms) > len(seq) {
		return false
	}
	for j, t := range terms {
		if seq[i+j] != t {
			return false
		}
	}
	return true
}
