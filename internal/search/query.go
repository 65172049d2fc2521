package search

// Query mirrors assets/js/search.js step for step (keep them in step):
//
//  1. The query's primary terms (analyze). Nothing left → no results.
//  2. Units, left to right: the longest synonym-group member (not a "=>" target) starting
//     here becomes one unit whose alternatives are the group term of every group having
//     that member, plus the literal term when the member is one word. Otherwise the term
//     alone is a unit.
//     2a. Where no longer phrase starts, a phrase of two or more terms also matches when
//     typo corrections (step 3) of the query's words that are not in the index and in no
//     group stand in for them (fixedPhrase: "dissability team", "socail worker"); its
//     groups are the unit's alternatives at weight 1, and the corrected terms replace
//     the typed ones for step 6's pairs. (Before, each misspelt word was its own unit
//     and the phrase's group was lost; tuning halves: strict @3 +1, credited +1.)
//  3. A one-word unit whose term is not in the index and has no group gets typo
//     alternatives: terms in the same first-character term list within optimal string
//     alignment distance 1 (typed word of 4–7 characters) or 2 (8 or more), up to 5,
//     nearest first (weights 0.7 and 0.5). The distance is the smaller of term↔query term
//     and, for terms of 4+ characters 1–4 shorter than the typed word, 1 + term↔typed
//     word cut to the term's length (a typo in an ending the stemmer would have removed).
//     Each correction that is a one-word synonym-group member (not a "=>" target) then
//     brings that group's term too, at the correction's weight, after all corrections
//     (each group once, in order of first appearance). A typed word of at most 5
//     characters that the stemmer leaves as it is, with 3 or more candidates that differ
//     from it in one letter and none that swaps two of its letters, gets none: such a
//     word is a real word the index lacks, not a typo ("lift" was "corrected" to left,
//     life, list, lit and matched sections about none of them). Tuning halves: blind3
//     strict @3 +1, nothing else moved. Without the stemmer and swap conditions it lost
//     the corrections of 79 of 781 typos (two letters swapped, or one dropped) of the 206
//     4–5 letter words found 10+ times on the site ("mahs", "carre", "crme"); with them
//     13 ("plas", "stae", "nelt"; several of the others are words: "fond", "tent", "rage").
//  4. When prefix matching is on, the query ends in a letter or digit and its last word is
//     not in the index and in no group (the user is still typing it), that unit also gets
//     up to 8 completions (terms starting with the typed word,
//     shortest first) and up to 2 terms the typed word starts with (4+ characters, at most
//     3 shorter, longest first), weight 0.8.
//  5. Question words (meta "qw") and contact words ("cw") shape a question without naming
//     its subject ("what will happen", "phone number"): a unit all of whose terms are such
//     words is optional, unless every unit is. A word list entry of several terms ("get in
//     touch", "annual report"; "get~touch" in meta) marks the query's terms only where they
//     stand next to each other in that order (wordSet.at): "touched" alone is no contact
//     word, "report" alone no figure word (was: each term of the entry counted alone).
//     An optional unit adds its score to the sections it matches (× optionalWeight) but
//     does not count for coverage.
//     5a. Word phrases (meta "sp", see wordPhrase): a say phrase of stop words and at most
//     one other word ("do i have to", "living with me", "time off"), as word keys (a word's
//     term, or the word itself if it has none: "live with me"). When its keys appear, in
//     order and next to each other, among the keys of the query's words before stop words
//     are dropped (wordKeys(analysis.words)), its group (each group once, in meta order)
//     joins the first one-term unit of the phrase's term as an alternative, and that unit
//     is required even when its term is a question word ("tell me" → informed, "say no" →
//     consent: the phrase names the subject; was optional, so the group counted × 0.25 and
//     not for coverage; tuning halves: blind2 strict @3 +1); with no such
//     unit it is one more required unit after the others, unless the phrase has a term and
//     a unit already has the group. (As a member the phrase was its one term, so every
//     "live" or "time", in queries and documents, stood for the entry.) This comes before
//     the optional check, so a query of only a stop phrase has a required unit.
//  6. A unit's score for a section is the best weight × stored score among its
//     alternatives. Each distinct pair of consecutive primary terms ("earli~support") adds
//     its stored score to the sections that matched a unit (phrases from titles, headings
//     and capitalised names; see phraseTerms). A section's score is that sum × its
//     coverage: the weights of the required units it matches / the weights of all
//     required units (was squared: that let a long section touching every word of a
//     question outrank the one answering it, tuning half); a section matching no
//     required unit is not a result. A unit counts 1; in a query of 3 or more required
//     units, conceptWeight (2) when a vocabulary group is among its alternatives (the
//     site's name for a thing: "caf", "domestic abuse", "respite", or an everyday phrase
//     the vocabulary maps to the documents' term) and it matches at most 30% of the
//     sections (coverWeight): in a long question, the thing the site has a name for is
//     more often the subject than the everyday words around it, and groups matching more
//     sections are the asker (son, child, parent, social services), not the subject. In
//     two-word queries every word counts ("mash contacts": the contacts matter).
//     Tuning halves: strict @3 blind3 +1, @1 blind +1 and blind3 +1, credited @3 blind
//     +1 and blind3 +1; 11 queries up and 5 down within the first ten; share 0.2–0.4 and
//     weight 1.75–2 the same, 2.5 loses queries.yaml @1, no share limit loses blind3's
//     gains; from 3 units the same as from 1, from 4 units loses blind @1.
//  7. Unless the query is about figures (a term or phrase of meta "fw", as in step 5, or a
//     year 1900–2099), the score is × the section's weight ÷ 100 (meta "sw", front matter
//     search.weight). When the query has a contact word (as in step 5), a section holding
//     a phone number or e-mail address (postings of "~#c") scores × contactBoost. When the query asks what
//     something is or means (asksWhatRE, on the lower-cased query), a section that says
//     what something is (postings of "~#d", see defineTerm) scores × defineBoost.
//     When a required unit has the first term of an area's name among its alternatives
//     ("thurrock", "stoke"; a typo correction counts), the query names that area: a
//     section that has areas, none of them named, scores × otherAreaWeight (tuning half:
//     0.3, 0.5 and 0.7 gave the same ranks).
//  8. Best bets (meta "bb"): when every term of a keyword is among the query's terms and
//     the query has at most two other terms that are not question or contact words (as
//     marked in step 5), the
//     keyword's section gets bestBetBonus × the keyword's terms added (it need not match
//     otherwise).
//     A result is good when it is a best bet or matched at least half the required
//     units; when the first result is not good, the page shows the no-dead-end help.
//  9. Filters: a section passes an area (or audience) filter when it has that key or has
//     no area (audience) at all. Order: score descending, then section number.
// 10. The source beside its plain words (meta "sr", Doc.Sources): the first of the first
//     sourceWindow results that restates sections, one of which is among the first
//     sourceWindow results and scores at least sourceRatio × its own score, brings the
//     best-scoring such source up to the place right after it (the first of equals in
//     citation order), unless that source already ranks higher; once per query. A parent
//     who finds the plain-words answer first finds what the guidance says next (tuning
//     halves: strict @3 +2, credited unchanged; without the window or the ratio, strict
//     −1 and credited −4: a plain-words section cites many sections, and moving one the
//     query hardly matches pushed a good third result out).

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// QueryOptions narrow and shape a query.
type QueryOptions struct {
	Audience string // "" or "all": any
	Area     string // "" or "all": any
	Prefix   bool   // complete the last word (as the user types)
	Limit    int    // results to return with display data; 0 means 10
}

// Hit is one result, in rank order.
type Hit struct {
	Doc       int // section number in the index
	URL       string
	PageTitle string
	Heading   string
	Areas     []string
	Score     float64
	// Good is false when the hit matched fewer than half the words that name the
	// question's subject (and is no best bet): the search page then also shows the
	// emergency line, both areas' routes, the Children with Disability check and the A–Z.
	Good bool
	// Beside is true for a source step 10 brought up beside the plain words restating it
	// (the result before it): the page labels it "Source of the result above".
	Beside bool
}

// Index answers queries from Build's files, loading only the files a query needs.
type Index struct {
	files   map[string][]byte
	meta    meta
	groups  []group
	px      phraseIndex
	lists   map[string][]string
	shards  map[int]map[string][]int
	frags   map[int]fragFileData
	fetched map[string]bool
	starts  []int         // first section of each fragment file (meta "x")
	shape   wordSet       // question and contact words
	contact wordSet       // contact words
	figures wordSet       // figure words
	stops   []stopPhrase  // meta "sp"
	sources map[int][]int // meta "sr": the sections a section restates
}

// stopPhrase is a word phrase of the vocabulary ("do i have to", "living with me"; see
// wordPhrase), as word keys, and its group.
type stopPhrase struct {
	group int
	words []string
}

type fragFileData struct {
	P [][2]string       `json:"p"`
	D []json.RawMessage `json:"d"`
}

// Open reads search/meta.json from files.
func Open(files map[string][]byte) (*Index, error) {
	ix := &Index{files: files, lists: map[string][]string{}, shards: map[int]map[string][]int{},
		frags: map[int]fragFileData{}, fetched: map[string]bool{}}
	if err := ix.load("search/meta.json", &ix.meta); err != nil {
		return nil, err
	}
	for _, s := range ix.meta.G {
		ix.groups = append(ix.groups, decodeGroup(s))
	}
	ix.px = newPhraseIndex(ix.groups)
	ix.starts = decodeStarts(ix.meta.X)
	ix.shape = newWordSet(ix.meta.QW + " " + ix.meta.CW)
	ix.contact = newWordSet(ix.meta.CW)
	ix.figures = newWordSet(ix.meta.FW)
	for _, s := range ix.meta.SP {
		f := strings.Fields(s)
		if g, err := strconv.Atoi(f[0]); err == nil && len(f) > 2 && g < len(ix.groups) {
			ix.stops = append(ix.stops, stopPhrase{g, f[1:]})
		}
	}
	for _, s := range ix.meta.SR {
		var ns []int
		for _, f := range strings.Fields(s) {
			n, err := strconv.Atoi(f)
			if err != nil {
				ns = nil
				break
			}
			ns = append(ns, n)
		}
		if len(ns) > 1 {
			if ix.sources == nil {
				ix.sources = map[int][]int{}
			}
			ix.sources[ns[0]] = ns[1:]
		}
	}
	return ix, nil
}

// Query answers q from files (see Index.Query). A missing or broken index gives no hits.
func Query(files map[string][]byte, q string, opt QueryOptions) []Hit {
	ix, err := Open(files)
	if err != nil {
		return nil
	}
	return ix.Query(q, opt)
}

// Fetched lists the files loaded so far (meta.json included), sorted: what the browser
// would have requested.
func (ix *Index) Fetched() []string { return sortedKeys(ix.fetched) }

func (ix *Index) load(path string, v any) error {
	ix.fetched[path] = true
	b, ok := ix.files[path]
	if !ok {
		return &json.UnsupportedValueError{Str: "missing " + path}
	}
	if len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b {
		r, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return err
		}
		if b, err = io.ReadAll(r); err != nil {
			return err
		}
	}
	return json.Unmarshal(b, v)
}

type alt struct {
	term string
	w    float64
}

type unit struct {
	alts []alt
	opt  bool // only question or contact words (step 5)
}

// Ranking constants the client repeats (assets/js/search.js); the parity test checks them.
const (
	contactBoost = 2.0
	defineBoost  = 1.5
	// optionalWeight scales what an optional unit (question and contact words) adds.
	optionalWeight = 0.25
	bestBetBonus   = 1e6
	// ambiguousLen and ambiguousTypos: a typed word of at most ambiguousLen characters
	// that is its own term, with ambiguousTypos or more index terms one letter different
	// and none a swap of two letters, gets no corrections (step 3).
	ambiguousLen   = 5
	ambiguousTypos = 3

	// conceptWeight is what a required unit with a vocabulary group among its
	// alternatives counts toward coverage, unless it matches more than
	// conceptShareNum/conceptShareDen of the sections (step 6).
	conceptWeight   = 2
	conceptShareNum = 3
	conceptShareDen = 10
	conceptUnits    = 3

	// otherAreaWeight scales a section of other areas only when the query names an area.
	otherAreaWeight = 0.5
	// sourceWindow and sourceRatio bound step 10.
	sourceWindow = 10
	sourceRatio  = 0.5
)

// asksWhatRE finds a question asking what something is or means (step 7).
var asksWhatRE = regexp.MustCompile(`\b(what is|what are|whats|what's|meaning of|define|definition)\b|\bmeans?\b`)

// plan turns a query into units (steps 1–4).
func (ix *Index) plan(q string, prefix bool) []unit {
	units, _ := ix.planFixed(q, prefix)
	return units
}

// planFixed is plan, also returning the query's primary terms with the typo corrections
// that completed a phrase (step 2a) in place of the words they correct.
func (ix *Index) planFixed(q string, prefix bool) ([]unit, []string) {
	a := analyze(q)
	n := len(a.primary)
	shapeAt := ix.shape.at(a.primary)
	var units []unit
	var single []string // the term of each one-term unit ("" for a phrase's unit)
	last := -1          // index in units of the last term's unit, when it is an unknown word
	// Step 2a: the typo corrections (step 3) of each word not in the index and in no group.
	fix := make([][]alt, n)
	fixed := slices.Clone(a.primary)
	for i, t := range a.primary {
		if len(ix.px[t]) == 0 && !ix.hasTerm(t) {
			fix[i] = ix.typos(t, a.raw[i])
		}
	}
	for i := 0; i < n; {
		best := 0
		for _, p := range ix.px[a.primary[i]] {
			if !p.target && len(p.terms) > best && hasPhraseAt(a.primary, i, p.terms) {
				best = len(p.terms)
			}
		}
		var u unit
		if fb, fa, ft := ix.fixedPhrase(a.primary, fix, i); fb > best {
			u.alts, best = fa, fb
			copy(fixed[i:], ft)
		} else if best > 0 {
			seen := map[int]bool{}
			for _, p := range ix.px[a.primary[i]] {
				if !p.target && len(p.terms) == best && hasPhraseAt(a.primary, i, p.terms) && !seen[p.group] {
					seen[p.group] = true
					u.alts = append(u.alts, alt{groupToken(p.group), 1})
				}
			}
			if best == 1 {
				u.alts = append(u.alts, alt{a.primary[i], 1})
			}
		} else {
			u.alts = []alt{{a.primary[i], 1}}
			best = 1
			if !ix.hasTerm(a.primary[i]) {
				c := fix[i] // step 2a made them for a word in no group
				if len(ix.px[a.primary[i]]) > 0 {
					c = ix.typos(a.primary[i], a.raw[i])
				}
				u.alts = append(u.alts, ix.withGroups(slices.Clip(c))...)
				if i == n-1 {
					last = len(units)
				}
			}
		}
		u.opt = true
		for _, b := range shapeAt[i : i+best] {
			u.opt = u.opt && b
		}
		units = append(units, u)
		if best == 1 {
			single = append(single, a.primary[i])
		} else {
			single = append(single, "")
		}
		i += best
	}
	// Word phrases (step 5a): each group whose word phrase the query's word keys hold, word
	// for word, is one more unit, after the others; when the phrase has a term ("living with
	// me": live), the first one-term unit of that term gets the group instead.
	seen := map[int]bool{}
	keys := wordKeys(a.words)
	for _, sp := range ix.stops {
		if seen[sp.group] {
			continue
		}
		for i := range keys {
			if !hasPhraseAt(keys, i, sp.words) {
				continue
			}
			seen[sp.group] = true
			g := alt{groupToken(sp.group), 1}
			k, content := -1, false
			for _, w := range sp.words {
				if contentKey(w) {
					k, content = slices.Index(single, w), true
					break
				}
			}
			has := false
			for _, u := range units {
				has = has || slices.Contains(u.alts, g)
			}
			switch {
			case k >= 0 && !slices.Contains(units[k].alts, g):
				units[k].alts = append(units[k].alts, g)
				units[k].opt = false
			case k < 0 && !(content && has):
				units = append(units, unit{alts: []alt{g}})
				single = append(single, "")
			}
			break
		}
	}
	req := 0
	for _, u := range units {
		if !u.opt {
			req++
		}
	}
	if req == 0 {
		for k := range units {
			units[k].opt = false
		}
	}
	if prefix && last >= 0 && endsInWordChar(q) {
		units[last].alts = append(units[last].alts, ix.completions(a.primary[n-1], a.raw[n-1])...)
	}
	return units, fixed
}

func endsInWordChar(q string) bool {
	r, _ := utf8.DecodeLastRuneInString(q)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (ix *Index) termList(t string) []string {
	k := termKey(t)
	if l, ok := ix.lists[k]; ok {
		return l
	}
	var l []string
	if strings.Contains(ix.meta.T, k) {
		var s string
		if ix.load("search/t/"+k+".json", &s) == nil {
			l = strings.Fields(s)
		}
	}
	ix.lists[k] = l
	return l
}

func (ix *Index) hasTerm(t string) bool {
	l := ix.termList(t)
	i := sort.SearchStrings(l, t)
	return i < len(l) && l[i] == t
}

// fixedPhrase is step 2a: the longest phrase (two or more terms, not a "=>" target) of a
// synonym or vocabulary group starting at term i when typo corrections (step 3) stand in
// for the words that have them, at least one: its length, its groups (weight 1: two
// neighbouring words that make a known phrase once corrected are strong evidence), and its
// terms. "dissability team" is the phrase "disability team".
func (ix *Index) fixedPhrase(terms []string, fix [][]alt, i int) (int, []alt, []string) {
	fits := func(j int, t string) bool {
		return terms[j] == t || slices.ContainsFunc(fix[j], func(a alt) bool { return a.term == t })
	}
	firsts := []string{terms[i]}
	for _, a := range fix[i] {
		firsts = append(firsts, a.term)
	}
	best := 0
	var out []alt
	var bestTerms []string
	for _, f := range firsts {
		for _, p := range ix.px[f] {
			if p.target || len(p.terms) < 2 || len(p.terms) < best || i+len(p.terms) > len(terms) ||
				hasPhraseAt(terms, i, p.terms) {
				continue
			}
			ok := true
			for j, t := range p.terms {
				ok = ok && fits(i+j, t)
			}
			if !ok {
				continue
			}
			if len(p.terms) > best {
				best, out, bestTerms = len(p.terms), nil, p.terms
			}
			if g := (alt{groupToken(p.group), 1}); !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return best, out, bestTerms
}

// typos: step 3.
func (ix *Index) typos(term, raw string) []alt {
	n := utf8.RuneCountInString(raw)
	max := 0
	switch {
	case n >= 8:
		max = 2
	case n >= 4:
		max = 1
	}
	if max == 0 {
		return nil
	}
	type cand struct {
		t string
		d int
	}
	var cs []cand
	// Lengths and distances are in letters (runes), as search.js counts code points: in
	// bytes, a typo with an accented letter ("cafè") was found in Go and not in the browser.
	tr, rr := []rune(term), []rune(raw)
	for _, t := range ix.termList(term) {
		ttr := []rune(t)
		d := max + 1
		if abs(len(ttr)-len(tr)) <= max {
			d = osa(tr, ttr, max)
		}
		// The typo may be in an ending the stemmer would have removed from the right
		// spelling ("escalaton"): compare the term with the typed word cut to its length.
		if k := len(rr) - len(ttr); d > 1 && len(ttr) >= 4 && k > 0 && k <= 4 {
			d = min(d, osa(rr[:len(ttr)], ttr, max)+1)
		}
		if d <= max {
			cs = append(cs, cand{t, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	subs, swap := 0, false
	for _, c := range cs {
		if substitution(term, c.t) {
			subs++
		}
		swap = swap || transposition(term, c.t)
	}
	if n <= ambiguousLen && term == raw && subs >= ambiguousTypos && !swap {
		return nil // a word the index lacks, not a typo ("lift": left, life, list, lit)
	}
	if len(cs) > 5 {
		cs = cs[:5]
	}
	out := make([]alt, len(cs))
	for i, c := range cs {
		w := 0.7
		if c.d == 2 {
			w = 0.5
		}
		out[i] = alt{c.t, w}
	}
	return out
}

// substitution reports whether t is term with one letter replaced (as many letters,
// one place differs), transposition whether it is term with two neighbouring letters
// swapped (step 3). Letters are runes, as in search.js (code points).
func substitution(term, t string) bool {
	a, b := []rune(term), []rune(t)
	if len(a) != len(b) {
		return false
	}
	k := 0
	for i := range a {
		if a[i] != b[i] {
			k++
		}
	}
	return k == 1
}

func transposition(term, t string) bool {
	a, b := []rune(term), []rune(t)
	if len(a) != len(b) {
		return false
	}
	for i := 0; i+1 < len(a); i++ {
		if a[i] != b[i] {
			return a[i] == b[i+1] && a[i+1] == b[i] && slices.Equal(a[i+2:], b[i+2:])
		}
	}
	return false
}

// withGroups follows alts (typo corrections) with, for each, the groups it is a one-word
// member of (not a "=>" target), at the same weight: a misspelt "voluntery" gets what
// "voluntary" would (step 3).
func (ix *Index) withGroups(alts []alt) []alt {
	out := alts
	seen := map[string]bool{}
	for _, a := range alts {
		for _, p := range ix.px[a.term] {
			if g := groupToken(p.group); !p.target && len(p.terms) == 1 && !seen[g] {
				seen[g] = true
				out = append(out, alt{g, a.w})
			}
		}
	}
	return out
}

// completions: step 4.
func (ix *Index) completions(term, raw string) []alt {
	if raw == "" {
		return nil
	}
	var fwd, back []string
	for _, t := range ix.termList(raw) {
		if t == term {
			continue
		}
		if strings.HasPrefix(t, raw) && t != raw {
			fwd = append(fwd, t)
		} else if len(t) >= 4 && strings.HasPrefix(raw, t) && len(raw)-len(t) <= 3 {
			back = append(back, t)
		}
	}
	sort.SliceStable(fwd, func(i, j int) bool { return len(fwd[i]) < len(fwd[j]) })
	sort.SliceStable(back, func(i, j int) bool { return len(back[i]) > len(back[j]) })
	if len(fwd) > 8 {
		fwd = fwd[:8]
	}
	if len(back) > 2 {
		back = back[:2]
	}
	var out []alt
	for _, t := range append(fwd, back...) {
		out = append(out, alt{t, 0.8})
	}
	return out
}

func (ix *Index) postings(t string) []int {
	w := ix.meta.W
	i := sort.Search(len(w), func(i int) bool { return w[i] > t }) - 1
	if i < 0 {
		return nil
	}
	sh, ok := ix.shards[i]
	if !ok {
		if ix.load("search/w/"+strconv.Itoa(i)+".json.gz", &sh) != nil {
			sh = nil
		}
		ix.shards[i] = sh
	}
	return sh[t]
}

// Query runs q (steps 5 and 6) and returns up to opt.Limit hits with display data.
func (ix *Index) Query(q string, opt QueryOptions) []Hit {
	scored := ix.rank(q, opt)
	limit := opt.Limit
	if limit <= 0 {
		limit = 10
	}
	if len(scored) > limit {
		scored = scored[:limit]
	}
	hits := make([]Hit, 0, len(scored))
	for _, s := range scored {
		h := Hit{Doc: s.doc, Score: s.score / scoreScale, Good: s.good, Beside: s.beside}
		ix.display(&h)
		hits = append(hits, h)
	}
	return hits
}

type scoredDoc struct {
	doc   int
	score float64
	good  bool // a best bet, or matched at least half the required units (no dead ends)
	// beside: brought up by step 10 to follow the plain words restating it
	beside bool
}

// rank returns every matching section, best first.
func (ix *Index) rank(q string, opt QueryOptions) []scoredDoc {
	units, fixed := ix.planFixed(q, opt.Prefix)
	if len(units) == 0 {
		return nil
	}
	total := map[int]float64{}
	matched := map[int]int{} // required units matched
	covered := map[int]int{} // their coverage weights (step 6)
	req, reqCover := 0, 0
	long := 0 // required units: coverWeight applies from conceptUnits
	for _, u := range units {
		if !u.opt {
			long++
		}
	}
	for _, u := range units {
		best := map[int]float64{}
		for _, a := range u.alts {
			p := ix.postings(a.term)
			doc := 0
			for k := 0; k+1 < len(p); k += 2 {
				doc += p[k]
				if s := a.w * float64(p[k+1]); s > best[doc] {
					best[doc] = s
				}
			}
		}
		cw := ix.coverWeight(u, len(best), long)
		if !u.opt {
			req++
			reqCover += cw
		}
		for d, s := range best {
			if u.opt {
				s *= optionalWeight
			} else {
				matched[d]++
				covered[d] += cw
			}
			total[d] += s
		}
	}
	terms := analyze(q).primary
	seen := map[string]bool{}
	for _, t := range phraseTerms(fixed) { // step 2a: "socail worker" has social~worker
		if seen[t] {
			continue
		}
		seen[t] = true
		p := ix.postings(t)
		doc := 0
		for k := 0; k+1 < len(p); k += 2 {
			doc += p[k]
			if _, ok := total[doc]; ok {
				total[doc] += float64(p[k+1])
			}
		}
	}
	figures, contact := false, false
	qset := map[string]bool{}
	qshape := map[string]bool{}
	figAt, conAt, shapeAt := ix.figures.at(terms), ix.contact.at(terms), ix.shape.at(terms)
	for i, t := range terms {
		figures = figures || figAt[i] || isYear(t)
		contact = contact || conAt[i]
		qset[t] = true
		if shapeAt[i] {
			qshape[t] = true
		}
	}
	withDef := map[int]bool{}
	if asksWhatRE.MatchString(normalizer.Replace(strings.ToLower(q))) {
		p := ix.postings(defineTerm)
		doc := 0
		for k := 0; k+1 < len(p); k += 2 {
			doc += p[k]
			withDef[doc] = true
		}
	}
	withContact := map[int]bool{}
	if contact {
		p := ix.postings(contactTerm)
		doc := 0
		for k := 0; k+1 < len(p); k += 2 {
			doc += p[k]
			withContact[doc] = true
		}
	}
	bets := ix.bestBets(qset, qshape)
	areaBit, audBit := -1, -1
	for i, a := range ix.meta.Areas {
		if a[0] == opt.Area {
			areaBit = i
		}
	}
	for i, a := range ix.meta.Aud {
		if a == opt.Audience {
			audBit = len(ix.meta.Areas) + i
		}
	}
	areaAll := 1<<len(ix.meta.Areas) - 1
	named := ix.namedAreas(units)
	audAll := (1<<len(ix.meta.Aud) - 1) << len(ix.meta.Areas)
	var out []scoredDoc
	consider := func(d int, s float64) {
		m := ix.mask(d)
		if opt.Area != "" && opt.Area != "all" && !passes(m, areaBit, areaAll) ||
			opt.Audience != "" && opt.Audience != "all" && !passes(m, audBit, audAll) {
			return
		}
		sc := 0.0
		if matched[d] > 0 {
			c := float64(covered[d]) / float64(reqCover)
			sc = s * c
			if !figures {
				sc = sc * float64(ix.weight(d)) / 100
			}
			if withContact[d] {
				sc *= contactBoost
			}
			if withDef[d] {
				sc *= defineBoost
			}
			if named != 0 && m&areaAll != 0 && m&named == 0 {
				sc *= otherAreaWeight
			}
		}
		sc += bets[d]
		if sc > 0 {
			out = append(out, scoredDoc{doc: d, score: sc, good: bets[d] > 0 || matched[d]*2 >= req})
		}
	}
	for d, s := range total {
		consider(d, s)
	}
	for d := range bets {
		if _, ok := total[d]; !ok {
			consider(d, 0)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].doc < out[j].doc
	})
	ix.beside(out)
	return out
}

// coverWeight is what a required unit matching df sections counts toward coverage in a
// query of req required units (step 6): conceptWeight when req is at least conceptUnits,
// a vocabulary group is among the unit's alternatives and it matches at most
// conceptShareNum/conceptShareDen of the sections; else 1.
func (ix *Index) coverWeight(u unit, df, req int) int {
	if u.opt || req < conceptUnits || df*conceptShareDen > conceptShareNum*ix.meta.N {
		return 1
	}
	for _, a := range u.alts {
		if strings.HasPrefix(a.term, "~") {
			return conceptWeight
		}
	}
	return 1
}

// beside is step 10: the first result of the first sourceWindow that restates a section
// matching the query nearly as well brings that source up to the place after it.
func (ix *Index) beside(out []scoredDoc) {
	n := min(len(out), sourceWindow)
	if n < 2 || len(ix.sources) == 0 {
		return
	}
	pos := make(map[int]int, n)
	for i, s := range out[:n] {
		pos[s.doc] = i
	}
	for i, r := range out[:n] {
		best := -1
		for _, src := range ix.sources[r.doc] {
			j, ok := pos[src]
			if ok && j != i && out[j].score >= sourceRatio*r.score && (best < 0 || out[j].score > out[best].score) {
				best = j
			}
		}
		if best < i {
			continue
		}
		s := out[best]
		s.beside = true
		copy(out[i+2:best+1], out[i+1:best])
		out[i+1] = s
		return
	}
}

// namedAreas returns the area bits of the areas a query names: a required unit has the
// first term of the area's name ("thurrock", "stoke") among its alternatives, a typo
// correction included (step 7).
func (ix *Index) namedAreas(units []unit) int {
	bits := 0
	for i, a := range ix.meta.Areas {
		ts := Terms(a[1])
		if len(ts) == 0 {
			continue
		}
		for _, u := range units {
			for _, al := range u.alts {
				if !u.opt && al.term == ts[0] {
					bits |= 1 << i
				}
			}
		}
	}
	return bits
}

// isYear reports whether a term is a year from 1900 to 2099 (a question about figures).
func isYear(t string) bool {
	return len(t) == 4 && (t[:2] == "19" || t[:2] == "20") && isDigit(t[2]) && isDigit(t[3])
}

// weight is section d's weight × 100 (meta "sw" runs).
func (ix *Index) weight(d int) int {
	w := 100
	for k := 0; k+1 < len(ix.meta.SW) && ix.meta.SW[k] <= d; k += 2 {
		w = ix.meta.SW[k+1]
	}
	return w
}

// bestBets returns the bonus of each section whose best-bet keyword the query holds
// (step 8); the larger bonus when several of a section's keywords apply.
func (ix *Index) bestBets(qset, qshape map[string]bool) map[int]float64 {
	out := map[int]float64{}
	for _, b := range ix.meta.BB {
		f := strings.Fields(b)
		if len(f) < 2 {
			continue
		}
		d, err := strconv.Atoi(f[0])
		if err != nil {
			continue
		}
		kw := map[string]bool{}
		ok := true
		for _, t := range f[1:] {
			kw[t] = true
			ok = ok && qset[t]
		}
		other := 0
		for t := range qset {
			if !kw[t] && !qshape[t] {
				other++
			}
		}
		if ok && other <= 2 {
			out[d] = max(out[d], bestBetBonus*float64(len(kw)))
		}
	}
	return out
}

// passes: the section has the filter's bit, or none of the bits in all (bit -1: the
// filter names a key no section has, so only sections without any pass).
func passes(mask, bit, all int) bool {
	if mask&all == 0 {
		return true
	}
	return bit >= 0 && mask&(1<<bit) != 0
}

func (ix *Index) mask(d int) int {
	m := 0
	for k := 0; k < ix.meta.FK; k++ {
		i := d*ix.meta.FK + k
		if i < len(ix.meta.F) {
			m |= int(ix.meta.F[i]-63) << (6 * k)
		}
	}
	return m
}

func (ix *Index) display(h *Hit) {
	x := ix.starts
	f := sort.Search(len(x), func(i int) bool { return x[i] > h.Doc }) - 1
	if f < 0 {
		return
	}
	ff, ok := ix.frags[f]
	if !ok {
		_ = ix.load("search/x/"+strconv.Itoa(f)+".json.gz", &ff)
		ix.frags[f] = ff
	}
	k := h.Doc - x[f]
	if k >= len(ff.D) {
		return
	}
	var row []json.RawMessage
	if json.Unmarshal(ff.D[k], &row) != nil || len(row) < 3 {
		return
	}
	var pi int
	var suffix, heading string
	_ = json.Unmarshal(row[0], &pi)
	_ = json.Unmarshal(row[1], &suffix)
	_ = json.Unmarshal(row[2], &heading)
	if pi >= 0 && pi < len(ff.P) {
		h.URL = ff.P[pi][0] + suffix
		h.PageTitle = ff.P[pi][1]
	}
	h.Heading = heading
	m := ix.mask(h.Doc)
	for i, a := range ix.meta.Areas {
		if m&(1<<i) != 0 {
			h.Areas = append(h.Areas, a[0])
		}
	}
}

// osa is the optimal string alignment distance between a and b (letters), or max+1 once
// it must exceed max.
func osa(a, b []rune, max int) int {
	la, lb := len(a), len(b)
	prev2 := make([]int, lb+1)
	prev := make([]int, lb+1)
	cur := make([]int, lb+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// wordSet is a list of question, contact or figure words from meta.json: single terms, and
// phrases whose terms are joined by "~" ("get~touch", from "get in touch").
type wordSet struct {
	one  map[string]bool
	many [][]string
}

func newWordSet(list string) wordSet {
	ws := wordSet{one: map[string]bool{}}
	for _, t := range strings.Fields(list) {
		if strings.Contains(t, "~") {
			ws.many = append(ws.many, strings.Split(t, "~"))
		} else {
			ws.one[t] = true
		}
	}
	return ws
}

// at marks the positions of terms that are in the set: a single-term entry anywhere, a
// phrase where all its terms stand next to each other in that order.
func (ws wordSet) at(terms []string) []bool {
	out := make([]bool, len(terms))
	for i, t := range terms {
		out[i] = ws.one[t]
	}
	for _, p := range ws.many {
		for i := range terms {
			if hasPhraseAt(terms, i, p) {
				for k := range p {
					out[i+k] = true
				}
			}
		}
	}
	return out
}
