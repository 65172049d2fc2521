package search

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
)

// This file is the part of Build that counts each document's terms, and what a build
// keeps for the next (Reuse.Docs, an indexState): a document whose text, title, heading
// and path are those of a document of the last build, under the same options, has the
// same counts, so only new and changed documents are analysed; and when the number of
// documents is the same, the postings are made from the last build's (postingsFast).

// tc is a term and its count (for phrases: the fields it is in, as bits).
type tc struct {
	t string
	n int
}

// rawTF is what one document's fields contain: the counts as a record in tab (a worker's
// table), decoded only when used (counts), into slices used again for every document:
// tens of thousands of sections' counts made hundreds of megabytes of garbage; or, for a
// document the last build's state has, its terms' weights' integers there (ins).
type rawTF struct {
	title, heading, path, body, phrase []tc
	rec                                []uint32
	tab                                *Analyses
	// ins, for a section the last build's state has (from), is what its terms' weights
	// are made of there, by that state's term numbers.
	ins     []stTerm
	from    *indexState
	bodyLen int // the sum of body's counts
	clip    int // len(clipText(text, maxText)): the excerpt's size
}

// stTerm is a term (by number) and what its weight in a section is made of.
type stTerm struct {
	id int32
	stIn
}

func (r *rawTF) fields() [5]*[]tc { return [5]*[]tc{&r.title, &r.heading, &r.path, &r.body, &r.phrase} }

// counts returns r with its counts in slices: r itself, or the record decoded into
// scratch (valid until the next call with the same scratch).
func (r *rawTF) counts(scratch *rawTF) *rawTF {
	if r.rec == nil {
		return r
	}
	r.tab.decodeInto(r.rec, scratch)
	scratch.bodyLen, scratch.clip = r.bodyLen, r.clip
	return scratch
}

// Analyses is what an index build keeps for the next (Reuse.Docs): its postings with what
// each score is made of (indexState), from which the next build takes the counts of every
// section whose text is unchanged. (While counting, it is also a worker's table of terms,
// which the records of rawTF number.)
type Analyses struct {
	terms []string
	state *indexState
}

// optionsKey identifies the options that counting reads (the synonym groups come from
// all of them); %#v prints every field, maps sorted.
func optionsKey(opt Options) [sha256.Size]byte {
	return sha256.Sum256(fmt.Appendf(nil, "v%d %#v", formatVersion, opt))
}

// docKey is the SHA-256 of okey and what countDoc reads of d, its texts length-prefixed.
// The bytes are put together in buf (a worker's, reused) and hashed at once: writing
// each text to the hash, copied to a []byte, took a quarter of a second for 60,000
// sections.
func docKey(okey [sha256.Size]byte, d *Doc, path []string, buf *[]byte) [sha256.Size]byte {
	b := append((*buf)[:0], okey[:]...)
	put := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	put(d.PageTitle)
	put(d.Heading)
	b = binary.AppendUvarint(b, uint64(len(path)))
	for _, p := range path {
		put(p)
	}
	put(d.Text)
	*buf = b
	return sha256.Sum256(b)
}

// docKeys is every document's docKey, on all CPUs.
func docKeys(docs []Doc, okey [sha256.Size]byte) [][sha256.Size]byte {
	keys := make([][sha256.Size]byte, len(docs))
	parallel(len(docs), func(i int, w *worker) {
		keys[i] = docKey(okey, &docs[i], headingPath(&docs[i]), &w.keyBuf)
	})
	return keys
}

// headingPath is the doc's path without its own heading.
func headingPath(d *Doc) []string {
	path := d.HeadingPath
	if len(path) > 0 && path[len(path)-1] == d.Heading {
		path = path[:len(path)-1]
	}
	return path
}

// countTerms counts every document's terms, taking those of the sections the last
// build's state has (by docKey), analysing the others on all CPUs. The fragments it
// returns have every document's excerpt size, and the excerpts of those analysed (and,
// with prev set, the documents' keys).
func countTerms(docs []Doc, px phraseIndex, okey [sha256.Size]byte, keys [][sha256.Size]byte, prev *Reuse) ([]rawTF, *fragments) {
	n := len(docs)
	raws := make([]rawTF, n)
	fr := &fragments{docs: docs, clip: make([]int, n), clipped: make([]string, n)}
	if prev != nil {
		if keys == nil {
			keys = docKeys(docs, okey)
		}
		fr.keys = keys
		if a := prev.analyses(); a != nil && a.state != nil && a.state.okey == okey {
			st := a.state
			pos := make(map[[sha256.Size]byte]int32, st.n)
			for p, k := range st.keys {
				pos[k] = int32(p)
			}
			from := make([]int32, n) // the section's place in st, +1
			need := make([]bool, st.n)
			for i := range docs {
				if p, ok := pos[keys[i]]; ok {
					from[i], need[p] = p+1, true
				}
			}
			byDoc := st.byDoc(need)
			for i, p := range from {
				if p > 0 {
					p--
					raws[i] = rawTF{ins: byDoc[p], from: st, bodyLen: int(st.bl[p]), clip: int(st.clip[p])}
				}
			}
		}
	}
	parallel(n, func(i int, w *worker) {
		if raws[i].from == nil {
			fr.clipped[i] = clipText(docs[i].Text, maxText)
			raws[i] = w.countDoc(&docs[i], px, len(fr.clipped[i]))
		}
		fr.clip[i] = raws[i].clip
	})
	return raws, fr
}

// byDoc returns, for each section of st that need marks, its terms and what their
// weights are made of (pseudo-terms left out).
func (st *indexState) byDoc(need []bool) [][]stTerm {
	cnt := make([]int32, st.n)
	total := 0
	for _, list := range st.post {
		for _, p := range list {
			if need[p.doc] && p.c3 != inPseudo {
				cnt[p.doc]++
				total++
			}
		}
	}
	slab := make([]stTerm, total)
	out := make([][]stTerm, st.n)
	for p, c := range cnt {
		out[p], slab = slab[:0:c], slab[c:]
	}
	for id, list := range st.post {
		for _, p := range list {
			if need[p.doc] && p.c3 != inPseudo {
				out[p.doc] = append(out[p.doc], stTerm{int32(id), p.stIn})
			}
		}
	}
	return out
}

// worker is what one goroutine of parallel keeps between documents: its cache of short
// texts' analyses, and the table its documents' counts are recorded in (countDoc).
type worker struct {
	short map[string]analysis
	z     analyzer
	tab   *Analyses
	ids   map[string]uint32 // tab's term numbers
	// cnt is each term's count (by tab's number) in the field being counted, touched the
	// terms counted so far, rec the record being made.
	cnt          []uint32
	touched, rec []uint32
	groups       []string // groupToken(g), made once
	// keyBuf is docKey's buffer.
	keyBuf []byte
}

// add counts t in the field being counted: n more, or (phrases) n's bits set.
func (w *worker) add(t string, n uint32, bits bool) {
	id, ok := w.ids[t]
	if !ok {
		id = uint32(len(w.tab.terms))
		// A copy: t may be a slice of a document's text, which the table must not hold.
		t = strings.Clone(t)
		w.tab.terms = append(w.tab.terms, t)
		w.ids[t] = id
		w.cnt = append(w.cnt, 0)
	}
	if w.cnt[id] == 0 {
		w.touched = append(w.touched, id)
	}
	if bits {
		w.cnt[id] |= n
	} else {
		w.cnt[id] += n
	}
}

// endField puts the field counted into the record, and returns the sum of its counts.
func (w *worker) endField() int {
	sum := 0
	w.rec = append(w.rec, uint32(len(w.touched)))
	for _, id := range w.touched {
		w.rec = append(w.rec, id, w.cnt[id])
		sum += int(w.cnt[id])
		w.cnt[id] = 0
	}
	w.touched = w.touched[:0]
	return sum
}

func (w *worker) group(g int) string {
	for len(w.groups) <= g {
		w.groups = append(w.groups, groupToken(len(w.groups)))
	}
	return w.groups[g]
}

// parallel calls f(i) for i in [0, n) on all CPUs; each worker has its own cache of short
// texts' analyses and its own table of terms.
func parallel(n int, f func(i int, w *worker)) {
	onWorkers(n, func() *worker { return &worker{short: map[string]analysis{}} }, f)
}

// countDoc analyses one document and returns its counts as a record of the worker's
// table (rawTF.rec): every document's counts are held until all are counted (the weights
// need the average body length), and as slices of terms they took three times the room.
// Each term is counted straight into the record, in the order first met, by its number:
// there is no map of a field's terms. Titles and headings repeat (a page's title for each
// of its sections, a heading in the paths below it): each distinct one is analysed once
// per worker (short). Analyses are only read.
func (w *worker) countDoc(d *Doc, px phraseIndex, clip int) rawTF {
	analysed.Add(1)
	if w.tab == nil {
		w.tab, w.ids = &Analyses{}, map[string]uint32{}
	}
	short := w.short
	analyzeShort := func(t string) analysis {
		a, ok := short[t]
		if !ok {
			a = w.z.analyze(t, false) // counting reads only primary and extra
			short[t] = a
		}
		return a
	}
	count := func(texts ...string) int {
		for _, t := range texts {
			var a analysis
			if len(t) <= 200 {
				a = analyzeShort(t)
			} else {
				a = w.z.analyze(t, false) // body text: not worth keeping
			}
			for _, t := range a.primary {
				w.add(t, 1, false)
			}
			for _, t := range a.extra {
				w.add(t, 1, false)
			}
			px.groupCounts(a.primary, func(g int) { w.add(w.group(g), 1, false) })
		}
		return w.endField()
	}
	w.rec = w.rec[:0]
	count(d.PageTitle)
	count(d.Heading)
	count(headingPath(d)...)
	bodyLen := count(d.Text)
	for _, b := range phraseTerms(analyzeShort(d.PageTitle).primary) {
		w.add(b, 1, true)
	}
	for _, b := range phraseTerms(analyzeShort(d.Heading).primary) {
		w.add(b, 2, true)
	}
	for _, run := range capitalRuns(d.Text) {
		for _, b := range phraseTerms(w.z.analyze(run, false).primary) {
			w.add(b, 4, true)
		}
	}
	w.endField()
	w.rec = append(w.rec, uint32(clip))
	return rawTF{rec: slices.Clone(w.rec), tab: w.tab, bodyLen: bodyLen, clip: clip}
}

// decodeInto decodes rec into r's count slices, reusing their arrays.
func (a *Analyses) decodeInto(rec []uint32, r *rawTF) {
	k := 0
	for _, f := range r.fields() {
		n := int(rec[k])
		k++
		s := (*f)[:0]
		for range n {
			s = append(s, tc{a.terms[rec[k]], int(rec[k+1])})
			k += 2
		}
		*f = s
	}
}

// An index build that keeps what it makes (a build with a cache, serve) keeps its
// postings with what each score was computed from (indexState), so that the next build,
// when the same options index as many documents and only a few changed, makes its
// postings from these (postingsFast) instead of from every document's counts: it analyses
// the changed documents, puts their postings in place of the old, and computes every
// other score again only if a global statistic it depends on changed. What one edit can
// change:
//
//   - the changed documents' own postings, in the terms they had or have;
//   - a term's document frequency, when a changed document gains or loses it: its idf,
//     and so every score of that term;
//   - the total body length, when a changed document's body length changes: the average
//     that normalises every body count (bm25B), and so any score with a body count (the
//     stored scores are rounded: most stay, a few move by one);
//   - the set of terms (a new rare word, the last use of one gone), and any term's JSON
//     size: the shard boundaries after it, and the term lists.
//
// A change in the number of documents (a section or page added or removed, which also
// moves the documents after it) or in the options is a full build. Every score that can
// change is computed again by scoreOf from the same integers the full build sums (stIn),
// so the floats are the full build's; a term whose postings are the last build's keeps
// its JSON size, and a shard made of the same terms, none changed, keeps its compressed
// bytes (by its key, from Reuse.Gz).

// stIn is what a term's weight in a section is made of, in integers: a4 is 4× the
// weighted count of the fields other than the body (title, heading, path: all multiples
// of 0.25), c3 the body count (divided by the section's norm); or, for a phrase (c3 ==
// inPhrase), a4 is 4× the phrase weight; or the posting is a pseudo-term's (inPseudo,
// score 1).
type stIn struct {
	a4, c3 int32
}

const (
	inPhrase = -1
	inPseudo = -2
)

// tf is the term's weight in a section whose body norm is norm: the full build's acc.
func (in stIn) tf(norm float64) float64 {
	tf := float64(in.a4) / 4
	if in.c3 > 0 {
		tf += weightBody * float64(in.c3) / norm
	}
	return tf
}

// stPost is a posting: the section, what its weight is made of, and its score.
type stPost struct {
	doc int32
	stIn
	q int32
}

// stShard is a shard of postings: the end of its run of sorted terms (it starts where
// the one before ends) and the key of its value (gzKey).
type stShard struct {
	hi  int32
	key [sha256.Size]byte
}

// Flags of a section (indexState.flags).
const (
	flagLinkOnly   = 1 << iota // Doc.LinkOnly
	flagLinkWeight             // its scores are × weightLinkOnly
	flagIntro                  // the page's introduction (no heading)
	flagContact                // in the contact pseudo-term's postings
	flagDefine                 // in the define pseudo-term's postings
)

// indexState is what an index build keeps of its postings for the next (postingsFast).
// Terms are numbered (names); a term has postings in section order (post) and, if it has
// any, a place in the sorted terms (sorted) and its JSON size in a shard (size).
type indexState struct {
	okey      [sha256.Size]byte
	n         int
	bodyTotal int
	keys      [][sha256.Size]byte // each section's docKey
	flags     []uint8
	bl, clip  []int32 // each section's body length and excerpt size
	names     []string
	post      [][]stPost
	// raw, for a term whose postings are those decodeState read, is their encoding there
	// (size, count, postings), which appendTo writes again as it is.
	raw    [][]byte
	size   []int32
	sorted []int32
	shards []stShard
}

// docFlagger works out sections' flags, each distinct heading looked at once.
type docFlagger struct {
	linkHead, isLinkHead, defines map[string]bool
}

func newDocFlagger(opt Options) *docFlagger {
	fl := &docFlagger{linkHead: map[string]bool{}, isLinkHead: map[string]bool{}, defines: map[string]bool{}}
	for _, h := range opt.Vocabulary.LinkHeadings {
		fl.linkHead[strings.Join(Terms(h), " ")] = true
	}
	return fl
}

func (fl *docFlagger) definesText(s string) bool {
	v, ok := fl.defines[s]
	if !ok {
		v = definesRE.MatchString(strings.ToLower(s))
		fl.defines[s] = v
	}
	return v
}

// flags returns d's flags: a link-only section, or one under a heading of
// Vocabulary.LinkHeadings, has its scores × weightLinkOnly; one with a phone number or
// e-mail address is in the contact pseudo-term; one that says what something is, in the
// define pseudo-term.
func (fl *docFlagger) flags(d *Doc) uint8 {
	var f uint8
	if d.LinkOnly {
		f |= flagLinkOnly | flagLinkWeight
	} else if h := d.Heading; h != "" {
		v, ok := fl.isLinkHead[h]
		if !ok {
			v = fl.linkHead[strings.Join(Terms(h), " ")]
			fl.isLinkHead[h] = v
		}
		if v {
			f |= flagLinkWeight
		}
	}
	if d.Heading == "" {
		f |= flagIntro
	}
	if hasContact(d.Text) {
		f |= flagContact
	}
	if fl.definesText(d.Heading) || d.Heading == "" && fl.definesText(d.PageTitle) {
		f |= flagDefine
	}
	return f
}

// analysed counts the sections analysed and fastBuilds the index builds by postingsFast,
// for tests.
var analysed, fastBuilds atomic.Int64

// maxFastChanged is how many changed sections postingsFast takes on; more is a full build.
func maxFastChanged(n int) int { return 16 + n/8 }

// postingsFast makes the postings from the state prev kept (see indexState), or returns
// nil when it cannot: no state, other options, another number of sections, or too many
// changed.
func postingsFast(docs []Doc, opt Options, px phraseIndex, okey [sha256.Size]byte, keys [][sha256.Size]byte, prev *Reuse) *postingsOut {
	a := prev.analyses()
	if a == nil || a.state == nil {
		return nil
	}
	old := a.state
	n := len(docs)
	if old.okey != okey || old.n != n || len(old.keys) != n {
		return nil
	}
	var changed []int
	isChanged := make([]bool, n)
	for i := range docs {
		if keys[i] != old.keys[i] || (old.flags[i]&flagLinkOnly != 0) != docs[i].LinkOnly {
			changed = append(changed, i)
			isChanged[i] = true
			if len(changed) > maxFastChanged(n) {
				return nil
			}
		}
	}
	st := &indexState{okey: okey, n: n, bodyTotal: old.bodyTotal, keys: keys,
		flags: slices.Clone(old.flags), bl: slices.Clone(old.bl), clip: slices.Clone(old.clip),
		names: slices.Clip(old.names), post: slices.Clone(old.post), size: slices.Clone(old.size),
		raw: slices.Clone(old.raw)}

	// The changed sections, analysed.
	raws := make([]rawTF, len(changed))
	clipped := make([]string, n)
	parallel(len(changed), func(k int, w *worker) {
		i := changed[k]
		clipped[i] = clipText(docs[i].Text, maxText)
		raws[k] = w.countDoc(&docs[i], px, len(clipped[i]))
	})
	ids := make(map[string]int32, len(st.names))
	for id, t := range st.names {
		ids[t] = int32(id)
	}
	termID := func(t string) int32 {
		id, ok := ids[t]
		if !ok {
			id = int32(len(st.names))
			ids[t] = id
			st.names = append(st.names, t)
			st.post = append(st.post, nil)
			st.size = append(st.size, 0)
			if st.raw != nil {
				st.raw = append(st.raw, nil)
			}
		}
		return id
	}
	// Their postings, by term (scores below), as postingsFull sums them.
	adds := map[int32][]stPost{}
	fl := newDocFlagger(opt)
	var scratch rawTF
	in := map[int32]stIn{}
	var order []int32
	for k, i := range changed {
		r := raws[k].counts(&scratch)
		flags := fl.flags(&docs[i])
		wt4 := int32(4 * weightTitle)
		if docs[i].Heading == "" {
			wt4 = int32(4 * weightTitleIntro)
		}
		clear(in)
		order = order[:0]
		for f, field := range r.fields() {
			for _, c := range *field {
				id := termID(c.t)
				v, ok := in[id]
				if !ok {
					order = append(order, id)
				}
				switch f {
				case 0:
					v.a4 += wt4 * int32(c.n)
				case 1:
					v.a4 += int32(4*weightHeading) * int32(c.n)
				case 2:
					v.a4 += int32(4*weightPath) * int32(c.n)
				case 3:
					v.c3 = int32(c.n)
				default:
					w := weightBody
					if c.n&2 != 0 {
						w = weightHeading
					}
					if c.n&1 != 0 {
						w = max(w, float64(wt4)/4)
					}
					v = stIn{a4: int32(4 * weightPhrase * w), c3: inPhrase}
				}
				in[id] = v
			}
		}
		for _, id := range order {
			adds[id] = append(adds[id], stPost{doc: int32(i), stIn: in[id]})
		}
		if flags&flagContact != 0 {
			id := termID(contactTerm)
			adds[id] = append(adds[id], stPost{doc: int32(i), stIn: stIn{c3: inPseudo}, q: 1})
		}
		if flags&flagDefine != 0 {
			id := termID(defineTerm)
			adds[id] = append(adds[id], stPost{doc: int32(i), stIn: stIn{c3: inPseudo}, q: 1})
		}
		st.flags[i] = flags
		st.bodyTotal += raws[k].bodyLen - int(old.bl[i])
		st.bl[i], st.clip[i] = int32(raws[k].bodyLen), int32(raws[k].clip)
	}

	// The terms a changed section was or is in: their postings made again.
	nt := len(st.names)
	touched := make([]bool, nt)
	for id := range adds {
		touched[id] = true
	}
	parallel(len(old.post), func(id int, _ *worker) {
		for _, p := range old.post[id] {
			if isChanged[p.doc] {
				touched[id] = true
				return
			}
		}
	})
	for id := range nt {
		if !touched[id] {
			continue
		}
		add := adds[int32(id)]
		list := make([]stPost, 0, len(st.post[id])+len(add))
		for _, p := range st.post[id] {
			if isChanged[p.doc] {
				continue
			}
			for len(add) > 0 && add[0].doc < p.doc {
				list, add = append(list, add[0]), add[1:]
			}
			list = append(list, p)
		}
		st.post[id] = append(list, add...)
	}

	// Scores: of the touched terms, all; of the others, all again if the average body
	// length changed (only those that move are copied).
	avg, oldAvg := avgBodyLen(st.bodyTotal, n), avgBodyLen(old.bodyTotal, n)
	norms := make([]float64, n)
	for i := range norms {
		norms[i] = bodyNorm(int(st.bl[i]), avg)
	}
	moved := make([]bool, nt) // postings not the last build's
	parallel(nt, func(id int, _ *worker) {
		list := st.post[id]
		if len(list) == 0 || !touched[id] && avg == oldAvg {
			return
		}
		idf := termIDF(n, len(list))
		own := touched[id]
		for k := range list {
			p := &list[k]
			if p.c3 == inPseudo {
				continue
			}
			f := 1.0
			if st.flags[p.doc]&flagLinkWeight != 0 {
				f = weightLinkOnly
			}
			q := int32(scoreOf(f, idf, p.tf(norms[p.doc])))
			if q == p.q {
				continue
			}
			if !own {
				list = slices.Clone(list)
				st.post[id] = list
				p, own = &list[k], true
			}
			p.q = q
		}
		moved[id] = touched[id] || own
	})

	// The sorted terms: those that lost their postings left out, those that gained
	// them put in.
	var gained []int32
	for id := range nt {
		if touched[id] && len(st.post[id]) > 0 && (id >= len(old.post) || len(old.post[id]) == 0) {
			gained = append(gained, int32(id))
		}
	}
	sort.Slice(gained, func(i, j int) bool { return st.names[gained[i]] < st.names[gained[j]] })
	st.sorted = make([]int32, 0, len(old.sorted)+len(gained))
	for _, id := range old.sorted {
		if len(st.post[id]) == 0 {
			continue
		}
		for len(gained) > 0 && st.names[gained[0]] < st.names[id] {
			st.sorted, gained = append(st.sorted, gained[0]), gained[1:]
		}
		st.sorted = append(st.sorted, id)
	}
	st.sorted = append(st.sorted, gained...)

	// Sizes, shards: a shard of the same terms as one of the last build's, none moved, is
	// that shard.
	for id := range nt {
		if moved[id] || touched[id] {
			st.size[id] = int32(postSize(st.names[id], st.post[id]))
			if st.raw != nil {
				st.raw[id] = nil
			}
		}
	}
	oldShard := make(map[int32]int, len(old.shards)) // first term → shard
	lo := int32(0)
	for j, sh := range old.shards {
		oldShard[old.sorted[lo]] = j
		lo = sh.hi
	}
	out := &postingsOut{frags: &fragments{docs: docs, clip: make([]int, n), clipped: clipped, keys: keys}}
	for i := range n {
		out.frags.clip[i] = int(st.clip[i])
	}
	out.terms = make([]string, len(st.sorted))
	for k, id := range st.sorted {
		out.terms[k] = st.names[id]
	}
	emit := func(lo, hi int) {
		name := fmt.Sprintf("search/w/%d.json.gz", len(st.shards))
		st.shards = append(st.shards, stShard{hi: int32(hi)})
		out.shardFirst = append(out.shardFirst, out.terms[lo])
		if j, ok := oldShard[st.sorted[lo]]; ok {
			olo := int32(0)
			if j > 0 {
				olo = old.shards[j-1].hi
			}
			same := int(old.shards[j].hi-olo) == hi-lo
			for k := 0; same && k < hi-lo; k++ {
				id := st.sorted[lo+k]
				same = old.sorted[int(olo)+k] == id && !moved[id]
			}
			if c, ok := prev.Gz[old.shards[j].key]; same && ok {
				out.gz = append(out.gz, gzFile{name: name, gz: c, key: old.shards[j].key})
				return
			}
		}
		var sh shard
		est := 0
		for _, id := range st.sorted[lo:hi] {
			sh.terms = append(sh.terms, st.names[id])
			sh.posts = append(sh.posts, deltaPosts(st.post[id]))
			est += int(st.size[id])
		}
		out.gz = append(out.gz, gzFile{name: name, v: sh, est: est})
	}
	start, curSize := 0, 0
	for k, id := range st.sorted {
		size := int(st.size[id])
		if k > start && curSize+size > shardBudget {
			emit(start, k)
			start, curSize = k, 0
		}
		curSize += size
	}
	if len(st.sorted) > 0 {
		emit(start, len(st.sorted))
	}
	out.docs = &Analyses{state: st}
	fastBuilds.Add(1)
	return out
}

// deltaPosts is a term's postings as a shard holds them: section (as the difference from
// the one before) and score.
func deltaPosts(list []stPost) []int {
	enc := make([]int, 0, 2*len(list))
	prev := 0
	for _, p := range list {
		enc = append(enc, int(p.doc)-prev, int(p.q))
		prev = int(p.doc)
	}
	return enc
}

// postSize is a term's size in a shard, as postingsFull counts it.
func postSize(t string, list []stPost) int {
	size := len(t) + 4
	prev := 0
	for _, p := range list {
		size += decLen(int(p.doc)-prev) + decLen(int(p.q)) + 2
		prev = int(p.doc)
	}
	return size
}

const analysesMagic = "signpost-search-analyses 4\n"

// MarshalBinary encodes the analyses (for a build cache): the state (appendTo).
func (a *Analyses) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, len(analysesMagic)+a.state.sizeHint())
	b = append(b, analysesMagic...)
	return a.state.appendTo(b), nil
}

// UnmarshalBinary decodes what MarshalBinary made; anything else is an error, never a
// state that a build could fail on.
func (a *Analyses) UnmarshalBinary(data []byte) error {
	if len(data) < len(analysesMagic) || string(data[:len(analysesMagic)]) != analysesMagic {
		return errors.New("search: malformed analyses")
	}
	st, err := decodeState(data[len(analysesMagic):])
	if err != nil {
		return err
	}
	a.terms, a.state = nil, st
	return nil
}

// sizeHint is about the size of appendTo's bytes.
func (st *indexState) sizeHint() int {
	if st == nil {
		return 1
	}
	size := 64 + st.n*(sha256.Size+6) + len(st.shards)*(sha256.Size+3) + 3*len(st.sorted)
	for id, t := range st.names {
		size += len(t) + 6 + 6*len(st.post[id])
	}
	return size
}

// appendTo encodes the state: 0 for none; else 1, the options' key, the counts, each
// section's key, flags, body length and excerpt size, the term names, each term's size
// and postings (section as the difference from the one before, a4, c3+2, score), the
// sorted terms and the shards' ends and keys.
func (st *indexState) appendTo(b []byte) []byte {
	if st == nil {
		return append(b, 0)
	}
	uv := binary.AppendUvarint
	b = append(b, 1)
	b = append(b, st.okey[:]...)
	b = uv(b, uint64(st.n))
	b = uv(b, uint64(st.bodyTotal))
	for _, k := range st.keys {
		b = append(b, k[:]...)
	}
	b = append(b, st.flags...)
	for i := range st.n {
		b = uv(b, uint64(st.bl[i]))
		b = uv(b, uint64(st.clip[i]))
	}
	b = uv(b, uint64(len(st.names)))
	total := 0
	for id, t := range st.names {
		b = uv(b, uint64(len(t)))
		b = append(b, t...)
		total += len(st.post[id])
	}
	b = uv(b, uint64(total))
	for id := range st.names {
		if st.raw != nil && st.raw[id] != nil {
			b = append(b, st.raw[id]...)
			continue
		}
		b = uv(b, uint64(st.size[id]))
		b = uv(b, uint64(len(st.post[id])))
		prev := int32(0)
		for _, p := range st.post[id] {
			b = uv(b, uint64(p.doc-prev))
			b = uv(b, uint64(p.a4))
			b = uv(b, uint64(p.c3+2))
			b = uv(b, uint64(p.q))
			prev = p.doc
		}
	}
	b = uv(b, uint64(len(st.sorted)))
	for _, id := range st.sorted {
		b = uv(b, uint64(id))
	}
	b = uv(b, uint64(len(st.shards)))
	for _, sh := range st.shards {
		b = uv(b, uint64(sh.hi))
		b = append(b, sh.key[:]...)
	}
	return b
}

// decodeState decodes what appendTo made, the whole of p; anything else is an error. A
// state it returns indexes only its own sections and terms, and its shards cover its
// sorted terms.
func decodeState(p []byte) (*indexState, error) {
	bad := errors.New("search: malformed index state")
	if len(p) == 1 && p[0] == 0 {
		return nil, nil
	}
	if len(p) < 1+sha256.Size || p[0] != 1 {
		return nil, bad
	}
	st := &indexState{okey: [sha256.Size]byte(p[1 : 1+sha256.Size])}
	p = p[1+sha256.Size:]
	ok := true
	// uv reads a number of at most max.
	uv := func(max uint64) uint64 {
		if len(p) > 0 && p[0] < 0x80 {
			v := uint64(p[0])
			p = p[1:]
			if v > max {
				ok = false
			}
			return v
		}
		v, k := binary.Uvarint(p)
		if k <= 0 || v > max {
			ok = false
			return 0
		}
		p = p[k:]
		return v
	}
	const max32 = 1<<31 - 1
	st.n = int(uv(uint64(len(p))))
	st.bodyTotal = int(uv(math.MaxInt64))
	if !ok || len(p) < st.n*(sha256.Size+1) {
		return nil, bad
	}
	st.keys = make([][sha256.Size]byte, st.n)
	for i := range st.keys {
		st.keys[i] = [sha256.Size]byte(p[:sha256.Size])
		p = p[sha256.Size:]
	}
	st.flags = slices.Clone(p[:st.n])
	p = p[st.n:]
	st.bl, st.clip = make([]int32, st.n), make([]int32, st.n)
	for i := range st.n {
		st.bl[i] = int32(uv(max32))
		st.clip[i] = int32(uv(max32))
	}
	nt := int(uv(uint64(len(p))))
	if !ok {
		return nil, bad
	}
	st.names = make([]string, nt)
	for id := range st.names {
		l := uv(uint64(len(p)))
		if !ok || l > uint64(len(p)) {
			return nil, bad
		}
		st.names[id] = string(p[:l])
		p = p[l:]
	}
	total := int(uv(uint64(len(p)) / 4))
	if !ok {
		return nil, bad
	}
	slab := make([]stPost, total)
	st.post, st.size, st.raw = make([][]stPost, nt), make([]int32, nt), make([][]byte, nt)
	for id := range nt {
		start := p
		st.size[id] = int32(uv(max32))
		k := int(uv(uint64(len(slab))))
		if !ok {
			return nil, bad
		}
		list := slab[:k:k]
		slab = slab[k:]
		doc := int32(-1)
		for j := range list {
			d := int32(uv(uint64(st.n)))
			if j > 0 && d == 0 {
				ok = false
			}
			doc = max(doc, 0) + d
			list[j] = stPost{doc: doc, stIn: stIn{a4: int32(uv(max32)), c3: int32(uv(max32)) - 2}, q: int32(uv(max32))}
		}
		if !ok || doc >= int32(st.n) {
			return nil, bad
		}
		if k > 0 {
			st.post[id] = list
		}
		st.raw[id] = start[: len(start)-len(p) : len(start)-len(p)]
	}
	if len(slab) != 0 {
		return nil, bad
	}
	st.sorted = make([]int32, uv(uint64(len(p))))
	for k := range st.sorted {
		st.sorted[k] = int32(uv(uint64(nt)))
		if int(st.sorted[k]) >= nt {
			ok = false
		}
	}
	st.shards = make([]stShard, uv(uint64(len(p))))
	lo := int32(0)
	for k := range st.shards {
		st.shards[k].hi = int32(uv(uint64(len(st.sorted))))
		if !ok || st.shards[k].hi <= lo || len(p) < sha256.Size {
			return nil, bad
		}
		lo = st.shards[k].hi
		st.shards[k].key = [sha256.Size]byte(p[:sha256.Size])
		p = p[sha256.Size:]
	}
	if !ok || len(p) != 0 || int(lo) != len(st.sorted) {
		return nil, bad
	}
	for _, id := range st.sorted {
		if len(st.post[id]) == 0 {
			return nil, bad
		}
	}
	return st, nil
}
