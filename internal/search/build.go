// Package search builds the site's search index at build time and answers queries from it
// the way the browser does (assets/js/search.js), so tests and the relevance bench run
// without a browser.
//
// Build is pure: documents and options in, files out (paths relative to the site root):
//
//	search/meta.json    everything a query needs first: format version, build hash, stop
//	                    words, areas and audiences, one filter mask per section, the first
//	                    term of every postings shard, the term-list keys, the first section
//	                    of every fragment file, and the synonym groups.
//	search/t/<c>.json   the sorted terms starting with character c ("_" for other
//	                    characters), one JSON string, space-separated: the client finds
//	                    prefixes and typos here without fetching postings.
//	search/w/<n>.json.gz postings shard n (gzip-compressed JSON, as are the fragments): {"term":[doc,score,doc,score,...]} for a
//	                    contiguous range of sorted terms; doc ids are delta-coded, scores are
//	                    BM25F contributions ×10 as ints, computed here, so the client only adds.
//	                    Besides words, terms are synonym groups ("~3") and phrases: adjacent
//	                    words of titles, headings and capitalised names ("earli~support"),
//	                    which are in no term list.
//	search/x/<n>.json.gz display fragments for a run of sections, fetched only for shown
//	                    results: {"p":[[pageURL,pageTitle],...],"d":[[page,urlSuffix,heading,text],...]}.
//
// Every field in the JSON is text; Go's encoder escapes <, > and & (\u003c ...), and the
// client puts index data into the page only through textContent and createElement, never
// innerHTML. URLs must be site paths ("/…", not "//…"), so an index entry cannot carry a
// javascript: or off-site link.
package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
)

// Doc is one section of a page: what the index finds and a result shows.
type Doc struct {
	URL         string   // "/professionals/threshold/mash/#what-is-mash"; PageURL for the intro
	PageURL     string   // "/professionals/threshold/mash/"
	PageTitle   string   // the page's title
	Heading     string   // the section's heading; "" for the page's intro section
	HeadingPath []string // headings above and including this one (outermost first)
	Areas       []string // area keys, e.g. "thurrock"
	Audience    []string // "parents", "professionals"
	Text        string   // plain text of the section
	// Weight multiplies the section's scores for questions that are not about figures
	// (front matter search.weight; 0 means 1).
	Weight float64
	// Keywords are best bets (front matter search.keywords): a query made of one of these
	// phrases, and at most two other words, shows this section first.
	Keywords []string
	// LinkOnly marks a section made of links to other pages (LinkOnlySections): its
	// scores are × weightLinkOnly.
	LinkOnly bool
	// Sources are the sections this one restates, by URL ("/page/#anchor", or a page's
	// URL for its introduction), in order of first citation: the {source: …} citations of
	// a plain-words section's statements. A result of the first ten with sources brings
	// its best-matching source up beside it (query step 10). URLs that are no indexed
	// section are ignored.
	Sources []string
}

// Term is a glossary entry: an acronym or term and what it stands for.
type Term struct {
	Term      string // "MASH"
	Expansion string // "Multi-Agency Safeguarding Hub"
}

// Options are the data that shape matching.
type Options struct {
	Glossary  []Term            // each acronym finds its expansion and the reverse (see acronymEntry)
	Synonyms  [][]string        // groups from LoadSynonyms
	AreaNames map[string]string // area key → display name (site.yaml); docs may use only these keys
	// Vocabulary is the parents' vocabulary (LoadVocabulary): its everyday entries are
	// one-way synonym groups; its word lists shape queries (see query.go).
	Vocabulary Vocabulary
}

// Ranking and layout parameters. The client reads none of them: scores are precomputed.
const (
	formatVersion = 1

	weightTitleIntro = 3.0  // page title, for the page's intro section
	weightTitle      = 2.0  // page title, for the page's other sections
	weightHeading    = 2.5  // the section's own heading
	weightPath       = 1.0  // headings above the section
	weightBody       = 1.0  // section text, length-normalised
	bm25B            = 0.75 // body length normalisation
	bm25K1           = 2.0  // term-frequency saturation: 2.0 (was 1.2) lets a section that keeps returning to a word (the guidance about it) outrank one that names it once
	weightPhrase     = 0.5  // × the field weight, for phrase pseudo-terms (see phraseTerms)
	weightLinkOnly   = 0.3  // × every score of a link-only section (Doc.LinkOnly, Vocabulary.LinkHeadings)
	scoreScale       = 10   // scores are stored as round(score*scoreScale)

	shardBudget = 12 << 10 // bytes of postings per shard (a single term may exceed it)
	fragBudget  = 2 << 10  // bytes of fragments per file: a result costs about this much
	maxText     = 1500     // characters of section text kept for excerpts
)

// Build indexes docs. It returns an error (listing every problem) for a document without a
// usable URL, a repeated URL, or an area key not in opt.AreaNames (when that is set).
func Build(docs []Doc, opt Options) (map[string][]byte, error) {
	files, _, err := BuildReusing(docs, opt, nil)
	return files, err
}

// Compressed maps the key of a compressed index file (gzKey: the SHA-256 of its value,
// from which its JSON follows; for a fragment file, fragments.key: the SHA-256 of what it
// is made from) to its gzip bytes. Build encodes and compresses a file only when prev has
// no entry for its key, so a build after a small change encodes and compresses only the
// shards and fragment files it changed. Entries are content-addressed: any entry gives
// the bytes compressing the JSON of that value (or of the file made from those inputs)
// gives.
type Compressed map[[sha256.Size]byte][]byte

// Reuse is what an index build keeps for the next (BuildReusing): the compressed files,
// and each document's term counts (Analyses).
type Reuse struct {
	Gz   Compressed
	Docs *Analyses
}

func (r *Reuse) compressed() Compressed {
	if r == nil {
		return nil
	}
	return r.Gz
}

func (r *Reuse) analyses() *Analyses {
	if r == nil {
		return nil
	}
	return r.Docs
}

// BuildReusing is Build taking from prev the term counts of documents whose text is
// unchanged, the postings of terms no changed document is in (when as many documents are
// indexed under the same options: postingsFast) and the gzip bytes of files whose JSON is
// unchanged. With prev nil it is Build; otherwise it also returns what this index has for
// the next build (give it an empty Reuse to start). The files are Build's, byte for byte,
// whatever prev holds.
func BuildReusing(docs []Doc, opt Options, prev *Reuse) (map[string][]byte, *Reuse, error) {
	if err := validate(docs, opt); err != nil {
		return nil, nil, err
	}
	// A site's documents come in page URL order: they are sorted (a copy) only if not.
	for i := 1; i < len(docs); i++ {
		if docs[i].PageURL < docs[i-1].PageURL {
			docs = append([]Doc(nil), docs...)
			sort.SliceStable(docs, func(i, j int) bool { return docs[i].PageURL < docs[j].PageURL })
			break
		}
	}

	groups := compileGroups(opt)
	px := newPhraseIndex(groups)

	// Areas and audiences, for filter masks.
	areaKeys := map[string]bool{}
	for k := range opt.AreaNames {
		areaKeys[k] = true
	}
	audKeys := map[string]bool{}
	for _, d := range docs {
		for _, a := range d.Areas {
			areaKeys[a] = true
		}
		for _, a := range d.Audience {
			audKeys[a] = true
		}
	}
	areas := sortedKeys(areaKeys)
	auds := sortedKeys(audKeys)

	// The postings: from the last build's (postingsFast) when it kept them and only a few
	// documents changed, else from every document's term counts (postingsFull).
	n := len(docs)
	okey := optionsKey(opt)
	var keys [][sha256.Size]byte
	var ps *postingsOut
	if prev != nil {
		keys = docKeys(docs, okey)
		ps = postingsFast(docs, opt, px, okey, keys, prev)
	}
	if ps == nil {
		ps = postingsFull(docs, opt, px, okey, keys, prev)
	}
	terms, frags, shardFirst := ps.terms, ps.frags, ps.shardFirst
	files := map[string][]byte{}
	// The compressed files, encoded and compressed in parallel by encodeFiles: the shards
	// first (their keys are kept in the state), then the fragments.
	gz := ps.gz
	nShards := len(gz)

	// Term lists by first character.
	lists := map[string][]string{}
	for _, t := range terms {
		if strings.Contains(t, "~") { // synonym groups and phrases
			continue
		}
		k := termKey(t)
		lists[k] = append(lists[k], t)
	}
	listKeys := sortedKeys(lists)
	for _, k := range listKeys {
		files["search/t/"+k+".json"] = mustJSON(strings.Join(lists[k], " "))
	}

	// Fragments: the files' runs of sections, laid out by the sizes of their excerpts;
	// each file is made when it is compressed (fragments.value), and not at all when a
	// build that reuses takes it from prev (by fragments.key).
	var fragStart []int
	fsize, lastPage := 0, ""
	fflush := func(end int) {
		if start := fragStart[len(fragStart)-1]; end > start {
			gz = append(gz, gzFile{name: fmt.Sprintf("search/x/%d.json.gz", len(fragStart)-1), frags: frags, lo: start, hi: end})
		}
	}
	for i, d := range docs {
		size := frags.clip[i] + len(d.Heading) + len(d.URL) - len(d.PageURL) + 16
		newPage := i == 0 || fsize == 0 || lastPage != d.PageURL
		if newPage {
			size += len(d.PageURL) + len(d.PageTitle) + 8
		}
		if i > 0 && fsize+size > fragBudget {
			fflush(i)
			fsize = 0
		}
		if i == 0 || fsize == 0 {
			fragStart = append(fragStart, i)
		}
		lastPage = d.PageURL
		fsize += size
	}
	if len(docs) > 0 {
		fflush(len(docs))
	}

	// Filter masks.
	bits := len(areas) + len(auds)
	fk := (bits + 5) / 6
	if fk == 0 {
		fk = 1
	}
	areaBit := map[string]int{}
	for i, a := range areas {
		areaBit[a] = i
	}
	audBit := map[string]int{}
	for i, a := range auds {
		audBit[a] = len(areas) + i
	}
	var masks strings.Builder
	for _, d := range docs {
		m := 0
		for _, a := range d.Areas {
			m |= 1 << areaBit[a]
		}
		for _, a := range d.Audience {
			m |= 1 << audBit[a]
		}
		for k := 0; k < fk; k++ {
			masks.WriteByte(byte(63 + (m>>(6*k))&63))
		}
	}

	areaPairs := make([][2]string, len(areas))
	for i, a := range areas {
		name := opt.AreaNames[a]
		if name == "" {
			name = a
		}
		areaPairs[i] = [2]string{a, name}
	}
	gs := make([]string, len(groups))
	var sp []string
	for i, g := range groups {
		gs[i] = encodeGroup(g)
		for _, ws := range g.stops {
			sp = append(sp, strconv.Itoa(i)+" "+strings.Join(ws, " "))
		}
	}
	if shardFirst == nil {
		shardFirst = []string{}
	}
	// Weights: runs of sections with the same weight (pages are contiguous, and so are
	// the pages of a part of the site), as [first section, weight×100, ...].
	sw := []int{}
	prevW := 100
	for i, d := range docs {
		w := 100
		if d.Weight > 0 {
			w = int(math.Round(d.Weight * 100))
		}
		if w != prevW {
			sw = append(sw, i, w)
			prevW = w
		}
	}
	// Best bets: "section terms…", one per keyword.
	bb := []string{}
	for i, d := range docs {
		for _, k := range d.Keywords {
			if ts := Terms(k); len(ts) > 0 {
				bb = append(bb, strconv.Itoa(i)+" "+strings.Join(ts, " "))
			}
		}
	}
	// Sources: "section source source…" for each section that restates others.
	var sr []string
	var num map[string]int // made when a section has sources
	for i, d := range docs {
		if len(d.Sources) == 0 {
			continue
		}
		if num == nil {
			num = make(map[string]int, len(docs))
			for i, d := range docs {
				num[d.URL] = i
			}
		}
		line, seen := strconv.Itoa(i), map[int]bool{i: true}
		for _, u := range d.Sources {
			if j, ok := num[u]; ok && !seen[j] {
				seen[j] = true
				line += " " + strconv.Itoa(j)
			}
		}
		if len(seen) > 1 {
			sr = append(sr, line)
		}
	}
	v := opt.Vocabulary
	m := meta{
		V: formatVersion, N: n, Stop: stopList(), Areas: areaPairs, Aud: nonNil(auds),
		F: masks.String(), FK: fk, W: shardFirst, T: strings.Join(listKeys, ""), X: encodeStarts(fragStart), G: nonNil(gs),
		QW: termList(v.QuestionWords), CW: termList(v.ContactWords), FW: termList(v.FigureWords), SW: sw, BB: bb, SP: sp, SR: sr,
	}
	var next *Reuse
	if prev != nil {
		next = &Reuse{Docs: ps.docs}
	}
	gzNext, sums := encodeFiles(files, gz, prev.compressed(), prev != nil)
	if next != nil {
		next.Gz = gzNext
		if st := ps.docs.state; st != nil {
			for i := range nShards {
				st.shards[i].key = sums[i]
			}
		}
	}
	m.H = contentHash(files, mustJSON(m))
	files["search/meta.json"] = mustJSON(m)
	return files, next, nil
}

// phraseTerms returns the pseudo-terms for adjacent pairs of primary terms: "earli~support".
// The build indexes them for page titles, headings and capitalised names in the text; a
// query looks up the pairs of its consecutive terms.
func phraseTerms(primary []string) []string {
	var out []string
	for i := 0; i+1 < len(primary); i++ {
		out = append(out, primary[i]+"~"+primary[i+1])
	}
	return out
}

// capitalRuns returns the runs of two or more words in text that start with a capital
// letter, with only spaces between them and stop words allowed inside ("Early Support",
// "Team for Disabled Children"): the names of services, teams and documents.
func capitalRuns(text string) []string {
	var out []string
	start, end, last, caps := -1, -1, -1, 0 // run start, end of its last capitalised word, end of its last word
	flush := func() {
		if caps >= 2 {
			out = append(out, text[start:end])
		}
		start, end, last, caps = -1, -1, -1, 0
	}
	isLN := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isLN(r) {
			i += n
			continue
		}
		ws := i
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isLN(r) && r != '\'' && r != '’' && r != '-' {
				break
			}
			i += n
		}
		word := text[ws:i]
		if start >= 0 && strings.TrimLeft(text[last:ws], " ") != "" {
			flush()
		}
		switch {
		case unicode.IsUpper(r):
			if start < 0 {
				start = ws
			}
			end, last = i, i
			caps++
		case start >= 0 && stopSet[strings.ToLower(word)]:
			last = i
		default:
			flush()
		}
	}
	flush()
	return out
}

// meta is search/meta.json.
type meta struct {
	V     int         `json:"v"`
	H     string      `json:"h"`    // build hash: the client adds ?h to file requests
	N     int         `json:"n"`    // sections
	Stop  string      `json:"stop"` // stop words, space-separated
	Areas [][2]string `json:"a"`    // [key, name], bit i of a mask
	Aud   []string    `json:"au"`   // audience keys, bits after the areas
	F     string      `json:"f"`    // masks: FK chars per section, 6 bits each (char code − 63), low first
	FK    int         `json:"fk"`
	W     []string    `json:"w"`            // first term of each postings shard
	T     string      `json:"t"`            // term-list keys, one character each
	X     string      `json:"x"`            // first section of each fragment file, as encodeStarts
	G     []string    `json:"g"`            // synonym groups (see encodeGroup); group i is term "~"+base36(i)
	QW    string      `json:"qw"`           // question words, space-separated (Vocabulary.QuestionWords); an entry of several terms is one token, "get~touch"
	CW    string      `json:"cw"`           // contact words, as qw
	FW    string      `json:"fw"`           // figure words, as qw
	SW    []int       `json:"sw"`           // weight runs: first section, weight×100 (from section 0, 100 until the first run)
	BB    []string    `json:"bb"`           // best bets: "section term term…"
	SP    []string    `json:"sp,omitempty"` // word phrases: "group key key…" (group.stops, wordKeys)
	SR    []string    `json:"sr,omitempty"` // sources: "section source source…" (Doc.Sources, query step 10)
}

// startDigits are the digits of encodeStarts: base64url's alphabet, which JSON never escapes.
const startDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// encodeStarts writes increasing numbers as the differences between neighbours (the first
// from 0), each in base 32, low digits first, one character a digit: startDigits[d] for
// the last digit of a number and startDigits[32+d] for the others. With a fragment file
// per 2 KB of text there are ~24,000 files at N=10,000, and meta.json, which every first
// query loads, stays smaller than the JSON list of half as many.
func encodeStarts(xs []int) string {
	var b strings.Builder
	prev := 0
	for _, x := range xs {
		v := x - prev
		prev = x
		for v >= 32 {
			b.WriteByte(startDigits[32+v&31])
			v >>= 5
		}
		b.WriteByte(startDigits[v])
	}
	return b.String()
}

// decodeStarts reverses encodeStarts.
func decodeStarts(s string) []int {
	var out []int
	prev, v, shift := 0, 0, 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(startDigits, s[i])
		if d < 0 {
			return out
		}
		if d >= 32 {
			v |= (d - 32) << shift
			shift += 5
			continue
		}
		v |= d << shift
		prev += v
		out = append(out, prev)
		v, shift = 0, 0
	}
	return out
}

// contactTerm is the pseudo-term whose postings are the sections holding a phone number
// or e-mail address (score 1: only membership matters).
const contactTerm = "~#c"

// defineTerm is the pseudo-term whose postings are the sections that say what something
// is: headed "What is …", "What … means", "What … stands for" (or, for a page's
// introduction, a page titled so). A question asking what something is or means ranks
// them × defineBoost (issue #10: "what is X" must reach the section that says what X is).
const defineTerm = "~#d"

var definesRE = regexp.MustCompile(`^(what (is|are)\b|what .*\b(means?|stands? for)\b|meaning of\b|definition)`)

// hasContact reports whether text holds a UK phone number or an e-mail address.
func hasContact(text string) bool {
	for _, m := range findPhones(text) {
		if d := digitsOnly(m); len(d) == 10 || len(d) == 11 {
			return true
		}
	}
	at := strings.IndexByte(text, '@')
	return at > 0 && strings.IndexByte(text[at:], '.') > 0
}

// termList is the distinct terms of words, sorted, space-separated. An entry of several
// terms ("get in touch", "annual report") is one token, its terms joined by "~"
// ("get~touch"): it shapes a query only where the query holds those terms next to each
// other (wordSet), so "touched" or "report" alone is not a contact or figure word.
func termList(words []string) string {
	set := map[string]bool{}
	for _, w := range words {
		if ts := Terms(w); len(ts) > 0 {
			set[strings.Join(ts, "~")] = true
		}
	}
	return strings.Join(sortedKeys(set), " ")
}

func termKey(t string) string {
	c := t[0]
	if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
		return string(c)
	}
	return "_"
}

func validate(docs []Doc, opt Options) error {
	var errs []error
	seen := make(map[string]bool, len(docs))
	for i, d := range docs {
		name := d.URL
		if name == "" {
			name = fmt.Sprintf("document %d (%q)", i, d.PageTitle)
		}
		if !sitePath(d.URL) || !sitePath(d.PageURL) {
			errs = append(errs, fmt.Errorf("search: %s: URL and PageURL must be site paths starting with a single /", name))
			continue
		}
		if !strings.HasPrefix(d.URL, d.PageURL) {
			errs = append(errs, fmt.Errorf("search: %s: URL does not start with its PageURL %s", name, d.PageURL))
		}
		if seen[d.URL] {
			errs = append(errs, fmt.Errorf("search: %s: URL indexed twice", name))
		}
		seen[d.URL] = true
		if len(opt.AreaNames) > 0 {
			for _, a := range d.Areas {
				if _, ok := opt.AreaNames[a]; !ok {
					errs = append(errs, fmt.Errorf("search: %s: unknown area %q", name, a))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// sitePath reports whether u is a path on this site: "/" then no second "/", and no
// characters that could break out of an attribute or URL.
func sitePath(u string) bool {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, "/\\") {
		return false
	}
	// Byte by byte: every character refused is ASCII, and the bytes of other characters
	// (and of invalid UTF-8) are all ≥ 0x80.
	for i := 0; i < len(u); i++ {
		if r := u[i]; r <= ' ' || r == 0x7f || r == '"' || r == '\'' || r == '<' || r == '>' || r == '\\' || r == '`' {
			return false
		}
	}
	return true
}

// oneLine collapses whitespace and drops control characters.
func oneLine(s string) string {
	if isOneLine(s) {
		return s // nearly all section text: nothing to do
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// isOneLine reports whether oneLine(s) is s: no control characters, and spaces only
// single, between other characters.
func isOneLine(s string) bool {
	prevSpace := true // no leading space
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case r < 0x80 && r >= 0x21 && r != 0x7f:
			prevSpace = false
		case unicode.IsControl(r) || unicode.IsSpace(r):
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}

// clipText is oneLine(s) cut to at most max characters at a word boundary, with "…". Of
// a long text only the start that makes max+1 characters of oneLine is read (the start of
// oneLine(s) is oneLine of its start, where that is valid UTF-8, which oneLine leaves be),
// in one pass that also sees whether that start is already a line (nearly always).
func clipText(s string, max int) string {
	end, line := oneLineEnd(s, max+1)
	switch {
	case end == len(s) && line:
		return clipLine(s, max)
	case end < len(s) && line:
		return clipLine(s[:end], max)
	case end < len(s) && utf8.ValidString(s[:end]):
		return clipLine(oneLine(s[:end]), max)
	}
	return clipLine(oneLine(s), max)
}

// oneLineEnd returns the length of the shortest start of s whose oneLine has k
// characters, or len(s) if oneLine(s) has fewer, and whether that start is a line
// already: valid UTF-8 (so it stays as it is) and isOneLine.
func oneLineEnd(s string, k int) (int, bool) {
	n, gap, started := 0, false, false
	line := true
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < 0x7f { // most of a text: a printable ASCII character
			i++
		} else if c < utf8.RuneSelf {
			i++
			if c == ' ' && started && !gap {
				gap = true
				continue
			}
			// A control character, or a space that oneLine drops or merges.
			gap, line = started, false
			continue
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if r == utf8.RuneError && size == 1 {
				line = false
			}
			if unicode.IsControl(r) || unicode.IsSpace(r) {
				gap, line = started, false
				continue
			}
		}
		if gap {
			n++ // the one space oneLine puts between words
			gap = false
		}
		n++
		started = true
		if n >= k {
			return i, line
		}
	}
	return len(s), line && !gap
}

// clipLine is s, a line (oneLine), cut to at most max characters at a word boundary, with
// "…".
func clipLine(s string, max int) string {
	if len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	cut := max
	for cut > max*3/4 && r[cut] != ' ' {
		cut--
	}
	return strings.TrimSpace(string(r[:cut])) + " …"
}

// decLen is len(strconv.Itoa(v)).
func decLen(v int) int {
	n := 1
	if v < 0 {
		n++
		if v == math.MinInt {
			return len(strconv.Itoa(v))
		}
		v = -v
	}
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}

func contentHash(files map[string][]byte, meta []byte) string {
	h := sha256.New()
	for _, k := range sortedKeys(files) {
		h.Write([]byte(k))
		h.Write(files[k])
	}
	h.Write(meta)
	return hex.EncodeToString(h.Sum(nil))[:10]
}

// gzFile is a file of the index stored compressed: its name and the value whose JSON it
// is, or (frags set) the fragments of documents lo to hi.
type gzFile struct {
	name   string
	v      any
	frags  *fragments
	lo, hi int
	// gz, when set, is the file's bytes, and key their key: a file the last build made.
	gz  []byte
	key [sha256.Size]byte
	est int // about the size of its JSON, if known (shards)
}

// fragments are what the fragment files are made from: the documents, the size of each
// one's excerpt (clip), the excerpts of those countTerms analysed (clipped; "" for the
// others), and, in a build that keeps its files for the next, each document's docKey.
type fragments struct {
	docs    []Doc
	clip    []int
	clipped []string
	keys    [][sha256.Size]byte
}

// value is the fragment file of documents lo to hi.
func (fr *fragments) value(lo, hi int) fragFile {
	var ff fragFile
	for i := lo; i < hi; i++ {
		d := &fr.docs[i]
		if i == lo || fr.docs[i-1].PageURL != d.PageURL {
			ff.P = append(ff.P, [2]string{d.PageURL, oneLine(d.PageTitle)})
		}
		text := fr.clipped[i]
		if text == "" {
			text = clipText(d.Text, maxText) // a document whose counts were reused
		}
		ff.D = append(ff.D, []any{len(ff.P) - 1, d.URL[len(d.PageURL):], oneLine(d.Heading), text})
	}
	return ff
}

// key is the key of the fragment file of documents lo to hi: the SHA-256 of what it is
// made from, each document's URLs and docKey (its title, heading and text), so a file of
// unchanged sections is found without its excerpts made. (A value's key, gzKey, starts
// with another letter.)
func (fr *fragments) key(lo, hi int, buf []byte) ([sha256.Size]byte, []byte) {
	buf = append(buf[:0], 'X')
	buf = binary.AppendUvarint(buf, uint64(hi-lo))
	for i := lo; i < hi; i++ {
		d := &fr.docs[i]
		buf = binary.AppendUvarint(buf, uint64(len(d.URL)))
		buf = append(buf, d.URL...)
		buf = binary.AppendUvarint(buf, uint64(len(d.PageURL)))
		buf = append(buf, d.PageURL...)
		buf = append(buf, fr.keys[i][:]...)
	}
	return sha256.Sum256(buf), buf
}

// shard is a file of postings, {"term":[doc,score,...],...}: its terms, sorted, and their
// postings (the JSON and gzKey of the map of them, without a map made and sorted).
type shard struct {
	terms []string
	posts [][]int
}

// fragFile is a file of fragments: the pages (URL, title) and the documents (page number,
// URL fragment, heading, text).
type fragFile struct {
	P [][2]string `json:"p"`
	D [][]any     `json:"d"`
}

// encodeFiles encodes every file of gz as JSON (appendJSON) and gzips it into files, on
// all CPUs, taking the gzip bytes from prev where it has them for the same value (gzKey:
// the JSON is then not made at all), and, with keep (a build that keeps what it makes for
// the next), returns the entries of these files; without, no key is worked out. Postings and
// fragments, nearly all of the index, are stored compressed, as Pagefind stores its index:
// the index on disk is then smaller than Pagefind's, and the bytes sent are those a server
// would send compressing them itself (issue #10). The header has no name or time, so
// builds are reproducible, and bytes reused from prev are the bytes compressing again
// would give. The compressor is github.com/klauspost/compress's gzip (maintained, used by
// Hugo and the Go ecosystem at large): at the default level it writes the same format about
// twice as fast as compress/gzip, with files 0.2% smaller (8,000 shards of the N=10,000
// corpus: 0.79 s against 1.74 s, 5.20 MB against 5.21 MB); browsers and the Go mirror read
// it with any gzip reader. Its output is deterministic for a given input and level.
func encodeFiles(files map[string][]byte, gz []gzFile, prev Compressed, keep bool) (Compressed, [][sha256.Size]byte) {
	out := make([][]byte, len(gz))
	var sums [][sha256.Size]byte
	if keep {
		sums = make([][sha256.Size]byte, len(gz))
	}
	// The files whose bytes are known (a shard the last build made of the same postings,
	// postingsFast) are not encoded or keyed again.
	for i := range gz {
		if gz[i].gz != nil {
			out[i] = gz[i].gz
			if sums != nil {
				sums[i] = gz[i].key
			}
		}
	}
	// With keep, every file's key is worked out first and only the files prev lacks are
	// compressed, the largest first: a one-page rebuild compresses a dozen large shards
	// again, and one started last would be compressed alone.
	todo := make([]int, 0, len(gz))
	for i := range gz {
		if gz[i].gz == nil {
			todo = append(todo, i)
		}
	}
	if keep {
		miss := make([]bool, len(gz))
		forAll(len(todo), func(k int, kb *[]byte) {
			i := todo[k]
			f := &gz[i]
			if f.frags != nil {
				sums[i], *kb = f.frags.key(f.lo, f.hi, *kb)
			} else {
				sums[i], *kb = gzKey(f.v, *kb)
			}
			if c, ok := prev[sums[i]]; ok {
				out[i] = c
			} else {
				miss[i] = true
			}
		})
		todo = slices.DeleteFunc(todo, func(i int) bool { return !miss[i] })
		sort.SliceStable(todo, func(a, b int) bool { return gz[todo[a]].est > gz[todo[b]].est })
	}
	// Each goroutine keeps its gzip writer (a compressor is a megabyte to make).
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			var zw *gzip.Writer
			var data []byte
			for {
				k := int(next.Add(1) - 1)
				if k >= len(todo) {
					return
				}
				i := todo[k]
				f := &gz[i]
				if f.frags != nil {
					data = appendJSON(data[:0], f.frags.value(f.lo, f.hi))
				} else {
					data = appendJSON(data[:0], f.v)
				}
				buf.Reset()
				if zw == nil {
					zw, _ = gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
				} else {
					zw.Reset(&buf)
				}
				_, _ = zw.Write(data)
				_ = zw.Close()
				out[i] = bytes.Clone(buf.Bytes())
			}
		}()
	}
	wg.Wait()
	for i, f := range gz {
		files[f.name] = out[i]
	}
	if sums == nil {
		return nil, nil
	}
	entries := make(Compressed, len(gz))
	for i := range gz {
		entries[sums[i]] = out[i]
	}
	return entries, sums
}

// forAll calls f(k) for k in [0, n) on all CPUs, each goroutine with its own buffer.
func forAll(n int, f func(k int, buf *[]byte)) {
	onWorkers(n, func() *[]byte { return new([]byte) }, f)
}

// onWorkers calls f(i, w) for i in [0, n) on all CPUs; each goroutine makes its own w.
func onWorkers[W any](n int, newW func() W, f func(i int, w W)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			w := newW()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i, w)
			}
		})
	}
	wg.Wait()
}

// gzKey returns the key of a compressed file's value: the SHA-256 of an unambiguous
// encoding of it (written over buf's bytes, returned for reuse), so two values with one key
// are equal and have one JSON. It is worked out instead of the JSON, which a cached build
// then makes only for the files it compresses: a postings shard's terms are hashed in
// order (a shard's are sorted, and JSON sorts a map's keys: a shard has the key of the map
// of its terms) with their numbers, a fragment file's pages and
// documents field by field; any other value (none today) by its JSON.
func gzKey(v any, buf []byte) ([sha256.Size]byte, []byte) {
	buf = buf[:0]
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	// count writes a list's length, 0 for nil (JSON null) and 1+n for a list of n.
	count := func(n int, isNil bool) {
		if isNil {
			buf = append(buf, 0)
			return
		}
		buf = binary.AppendUvarint(buf, 1+uint64(n))
	}
	switch v := v.(type) {
	case shard:
		buf = append(buf, 'w')
		count(len(v.terms), false)
		for i, t := range v.terms {
			str(t)
			count(len(v.posts[i]), v.posts[i] == nil)
			for _, n := range v.posts[i] {
				buf = binary.AppendVarint(buf, int64(n))
			}
		}
	case map[string][]int:
		buf = append(buf, 'w')
		count(len(v), v == nil)
		for _, t := range sortedKeys(v) {
			str(t)
			count(len(v[t]), v[t] == nil)
			for _, n := range v[t] {
				buf = binary.AppendVarint(buf, int64(n))
			}
		}
	case fragFile:
		buf = append(buf, 'x')
		count(len(v.P), v.P == nil)
		for _, p := range v.P {
			str(p[0])
			str(p[1])
		}
		count(len(v.D), v.D == nil)
		for _, d := range v.D {
			count(len(d), d == nil)
			for _, f := range d {
				switch f := f.(type) {
				case int:
					buf = append(buf, 'i')
					buf = binary.AppendVarint(buf, int64(f))
				case string:
					buf = append(buf, 's')
					str(f)
				default:
					buf = append(buf, 'j')
					str(string(mustJSON(f)))
				}
			}
		}
	default:
		buf = append(buf, 'j')
		str(string(mustJSON(v)))
	}
	return sha256.Sum256(buf), buf
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps, slices, strings and ints
	}
	return b
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// postingsOut is what the postings stage gives the rest of the build: the sorted terms
// that have postings, the shard files (in order) and the first term of each, the
// fragments' inputs, and, in a build that keeps what it makes, what it keeps.
type postingsOut struct {
	terms      []string
	gz         []gzFile
	shardFirst []string
	frags      *fragments
	docs       *Analyses
}

// avgBodyLen is the average body length that normalises body counts (bm25B).
func avgBodyLen(bodyTotal, n int) float64 {
	if n > 0 && bodyTotal > 0 {
		return float64(bodyTotal) / float64(n)
	}
	return 1.0
}

// bodyNorm is a body's length normalisation: 1-b+b·len/avg.
func bodyNorm(bl int, avg float64) float64 {
	return 1 - bm25B + bm25B*float64(bl)/avg
}

// termIDF is the inverse document frequency of a term in k of n sections.
func termIDF(n, k int) float64 {
	return math.Log(1 + (float64(n)-float64(k)+0.5)/(float64(k)+0.5))
}

// scoreOf is a posting's stored score: the BM25F contribution of a term of weight tf
// (saturated) × idf × the section's factor f, ×scoreScale, rounded, at least 1. The one
// expression both the full and the incremental builds use, so their floats are the same.
func scoreOf(f, idf, tf float64) int {
	s := f * idf * tf * (bm25K1 + 1) / (tf + bm25K1)
	q := int(math.Round(s * scoreScale))
	if q < 1 {
		q = 1
	}
	return q
}

// postingsFull makes the postings from every document's term counts (countTerms: those
// prev has are taken, the others analysed), and with prev set the state the next build's
// postingsFast starts from.
func postingsFull(docs []Doc, opt Options, px phraseIndex, okey [sha256.Size]byte, keys [][sha256.Size]byte, prev *Reuse) *postingsOut {
	n := len(docs)
	keep := prev != nil
	raws, frags := countTerms(docs, px, okey, keys, prev)
	bodyTotal := 0
	for i := range raws {
		bodyTotal += raws[i].bodyLen
	}
	avgBody := avgBodyLen(bodyTotal, n)
	var st *indexState
	if keep {
		st = &indexState{okey: okey, n: n, bodyTotal: bodyTotal, keys: frags.keys,
			flags: make([]uint8, n), bl: make([]int32, n), clip: make([]int32, n)}
	}
	// Terms are numbered as first met (names, ids); df is by number.
	ids := map[string]int32{}
	var names []string
	var df []int
	termID := func(t string) int32 {
		id, ok := ids[t]
		if !ok {
			id = int32(len(names))
			ids[t] = id
			names = append(names, t)
			df = append(df, 0)
		}
		return id
	}
	// Each doc's term weights, by term number (every doc's are held until df is known).
	// A doc's counts are read from its record (countTerms) by the record's own term
	// numbers, each table's mapped to this build's once (glob), and summed in acc, by term
	// number, for the terms in touched: no term is looked up by its text but the first
	// time a table has it. A build that keeps its state also sums what the weight is made
	// of (stIn: the fields but the body, ×4, and the body's count), in ins.
	type termTF struct {
		id int32
		tf float64
	}
	tfs := make([][]termTF, n)
	var ins [][]stIn
	if keep {
		ins = make([][]stIn, n)
	}
	var (
		acc     []float64
		accIn   []stIn
		seen    []bool
		touched []int32
		lastTab *Analyses
		lastMap []int32
	)
	globs := map[*Analyses][]int32{}
	var stGlob []int32 // the last state's term numbers mapped to this build's
	grow := func(id int32) {
		if int(id) >= len(acc) {
			acc = append(acc, make([]float64, int(id)+1-len(acc))...)
			seen = append(seen, make([]bool, int(id)+1-len(seen))...)
			if keep {
				accIn = append(accIn, make([]stIn, int(id)+1-len(accIn))...)
			}
		}
	}
	for i := range raws {
		bl := raws[i].bodyLen
		norm := bodyNorm(bl, avgBody)
		if from := raws[i].from; from != nil {
			// A section of the last build's state: its weights made of the same integers.
			if stGlob == nil {
				stGlob = make([]int32, len(from.names))
				for k := range stGlob {
					stGlob[k] = -1
				}
			}
			list := make([]termTF, len(raws[i].ins))
			var in []stIn
			if keep {
				in = make([]stIn, len(raws[i].ins))
			}
			for j, e := range raws[i].ins {
				id := stGlob[e.id]
				if id < 0 {
					id = termID(from.names[e.id])
					stGlob[e.id] = id
				}
				df[id]++
				list[j] = termTF{id, e.tf(norm)}
				if keep {
					in[j] = e.stIn
				}
			}
			tfs[i] = list
			if keep {
				ins[i] = in
				st.bl[i], st.clip[i] = int32(bl), int32(raws[i].clip)
			}
			raws[i] = rawTF{}
			continue
		}
		rec, tab := raws[i].rec, raws[i].tab
		if tab != lastTab {
			m, ok := globs[tab]
			if !ok {
				m = make([]int32, len(tab.terms))
				for k := range m {
					m[k] = -1
				}
				globs[tab] = m
			}
			lastTab, lastMap = tab, m
		}
		glob := lastMap
		wt, wt4 := weightTitle, int32(4*weightTitle)
		if docs[i].Heading == "" {
			wt, wt4 = weightTitleIntro, int32(4*weightTitleIntro)
		}
		touched = touched[:0]
		k := 0
		for f := range 5 {
			cnt := int(rec[k])
			k++
			for range cnt {
				tid, c := rec[k], rec[k+1]
				k += 2
				id := glob[tid]
				if id < 0 {
					id = termID(tab.terms[tid])
					glob[tid] = id
					grow(id)
				}
				if !seen[id] {
					seen[id] = true
					acc[id] = 0
					touched = append(touched, id)
					if keep {
						accIn[id] = stIn{}
					}
				}
				switch f {
				case 0:
					acc[id] += wt * float64(c)
					if keep {
						accIn[id].a4 += wt4 * int32(c)
					}
				case 1:
					acc[id] += weightHeading * float64(c)
					if keep {
						accIn[id].a4 += int32(4*weightHeading) * int32(c)
					}
				case 2:
					acc[id] += weightPath * float64(c)
					if keep {
						accIn[id].a4 += int32(4*weightPath) * int32(c)
					}
				case 3:
					acc[id] += weightBody * float64(c) / norm
					if keep {
						accIn[id].c3 = int32(c)
					}
				default:
					// A phrase counts once, with the weight of the strongest field it
					// is in.
					w := weightBody
					if c&2 != 0 {
						w = weightHeading
					}
					if c&1 != 0 {
						w = max(w, wt)
					}
					acc[id] = weightPhrase * w
					if keep {
						accIn[id] = stIn{a4: int32(4 * weightPhrase * w), c3: inPhrase}
					}
				}
			}
		}
		list := make([]termTF, len(touched))
		for j, id := range touched {
			seen[id] = false
			df[id]++
			list[j] = termTF{id, acc[id]}
		}
		tfs[i] = list
		if keep {
			in := make([]stIn, len(touched))
			for j, id := range touched {
				in[j] = accIn[id]
			}
			ins[i] = in
			st.bl[i], st.clip[i] = int32(bl), int32(raws[i].clip)
		}
		raws[i] = rawTF{} // no longer needed: let the collector have it (large sites)
	}

	// Postings, in doc order.
	// Each term's postings made at their final size (df), not grown by appending: they are
	// the largest thing the index build holds.
	postings := make([][]int, len(names))
	for id, k := range df {
		postings[id] = make([]int, 0, 2*k)
	}
	if keep {
		st.post = make([][]stPost, len(names))
		slab := make([]stPost, 0, 3*len(tfs)) // grown below if short
		for id, k := range df {
			if len(slab)+k > cap(slab) {
				slab = make([]stPost, 0, max(k, 1<<16))
			}
			st.post[id] = slab[len(slab) : len(slab) : len(slab)+k]
			slab = slab[:len(slab)+k]
		}
	}
	idf := make([]float64, len(df))
	for id, k := range df {
		idf[id] = termIDF(n, k)
	}
	fl := newDocFlagger(opt)
	// pseudo adds doc i to a pseudo-term's postings (score 1: only membership matters).
	pseudo := func(t string, i int) {
		id := termID(t)
		postings = append(postings, make([][]int, len(names)-len(postings))...)
		postings[id] = append(postings[id], i, 1)
		if keep {
			st.post = append(st.post, make([][]stPost, len(names)-len(st.post))...)
			st.post[id] = append(st.post[id], stPost{doc: int32(i), stIn: stIn{c3: inPseudo}, q: 1})
		}
	}
	for i, list := range tfs {
		flags := fl.flags(&docs[i])
		f := 1.0
		if flags&flagLinkWeight != 0 {
			f = weightLinkOnly
		}
		for j, c := range list {
			q := scoreOf(f, idf[c.id], c.tf)
			postings[c.id] = append(postings[c.id], i, q)
			if keep {
				st.post[c.id] = append(st.post[c.id], stPost{doc: int32(i), stIn: ins[i][j], q: int32(q)})
			}
		}
		tfs[i] = nil // no longer needed
		if keep {
			ins[i] = nil
			st.flags[i] = flags
		}
		if flags&flagContact != 0 {
			pseudo(contactTerm, i)
		}
		if flags&flagDefine != 0 {
			pseudo(defineTerm, i)
		}
	}
	terms := make([]string, 0, len(names))
	for id, t := range names {
		if len(postings[id]) > 0 {
			terms = append(terms, t)
		}
	}
	sort.Strings(terms)
	if keep {
		st.names = names
		st.size = make([]int32, len(names))
		st.sorted = make([]int32, len(terms))
		for k, t := range terms {
			st.sorted[k] = ids[t]
		}
	}

	out := &postingsOut{terms: terms, frags: frags}
	// Shards of postings by sorted term range.
	var cur shard
	curSize := 0
	flush := func() {
		if len(cur.terms) == 0 {
			return
		}
		out.gz = append(out.gz, gzFile{name: fmt.Sprintf("search/w/%d.json.gz", len(out.shardFirst)-1), v: cur, est: curSize})
		cur = shard{}
		curSize = 0
	}
	for k, t := range terms {
		// Delta-coded in place: the postings are not read again, and a copy of them all
		// would be held beside them until the files are encoded.
		enc := postings[ids[t]]
		prev := 0
		for k := 0; k < len(enc); k += 2 {
			enc[k], prev = enc[k]-prev, enc[k]
		}
		size := len(t) + 4
		for _, v := range enc {
			size += decLen(v) + 1
		}
		if len(cur.terms) > 0 && curSize+size > shardBudget {
			flush()
			if keep {
				st.shards = append(st.shards, stShard{hi: int32(k)})
			}
		}
		if len(cur.terms) == 0 {
			out.shardFirst = append(out.shardFirst, t)
		}
		cur.terms = append(cur.terms, t)
		cur.posts = append(cur.posts, enc)
		curSize += size
		if keep {
			st.size[ids[t]] = int32(size)
		}
	}
	flush()
	if keep && len(terms) > 0 {
		st.shards = append(st.shards, stShard{hi: int32(len(terms))})
	}
	if keep {
		out.docs = &Analyses{state: st}
	}
	return out
}
