package search

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// This file is the part of Build that counts each document's terms, and what a build
// keeps of those counts for the next (Reuse.Docs): a document whose text, title, heading
// and path are those of a document of the last build, under the same options, has the
// same counts, so only new and changed documents are analysed.

// tc is a term and its count (for phrases: the fields it is in, as bits).
type tc struct {
	t string
	n int
}

// rawTF is what one document's fields contain: the counts, or (a document whose counts
// came from the last build) its record in tab, decoded only when used (counts), into
// slices used again for every document: tens of thousands of sections' counts made
// hundreds of megabytes of garbage.
type rawTF struct {
	title, heading, path, body, phrase []tc
	rec                                []uint32
	tab                                *Analyses
	bodyLen                            int // the sum of body's counts
	clip                               int // len(clipText(text, maxText)): the excerpt's size
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

// Analyses are the term counts of documents, by the SHA-256 of what they were counted
// from (docKey). Terms are numbered in one table.
type Analyses struct {
	terms []string
	// docs: for each of the five fields of rawTF, the number of terms, then term number
	// and count for each; then the size of the document's excerpt (rawTF.clip).
	docs map[[sha256.Size]byte][]uint32
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

// headingPath is the doc's path without its own heading.
func headingPath(d *Doc) []string {
	path := d.HeadingPath
	if len(path) > 0 && path[len(path)-1] == d.Heading {
		path = path[:len(path)-1]
	}
	return path
}

// countTerms counts every document's terms, taking those prev has, analysing the others
// on all CPUs. With prev set it also returns the counts for the next build. The fragments
// it returns have every document's excerpt size, and the excerpts of those analysed.
func countTerms(docs []Doc, px phraseIndex, okey [sha256.Size]byte, prev *Reuse) ([]rawTF, *Analyses, *fragments) {
	n := len(docs)
	raws := make([]rawTF, n)
	fr := &fragments{docs: docs, clip: make([]int, n), clipped: make([]string, n)}
	old := prev.analyses()
	var keys [][sha256.Size]byte
	hit := make([]bool, n)
	if prev != nil {
		keys = make([][sha256.Size]byte, n)
		fr.keys = keys
		parallel(n, func(i int, w *worker) {
			keys[i] = docKey(okey, &docs[i], headingPath(&docs[i]), &w.keyBuf)
			if old != nil {
				if rec, ok := old.docs[keys[i]]; ok {
					raws[i], hit[i] = rawTF{rec: rec, tab: old, bodyLen: bodyLen(rec), clip: int(rec[len(rec)-1])}, true
				}
			}
		})
	}
	misses := 0
	parallel(n, func(i int, w *worker) {
		if !hit[i] {
			fr.clipped[i] = clipText(docs[i].Text, maxText)
			raws[i] = w.countDoc(&docs[i], px, len(fr.clipped[i]))
		}
		fr.clip[i] = raws[i].clip
	})
	for _, h := range hit {
		if !h {
			misses++
		}
	}
	if prev == nil {
		return raws, nil, fr
	}
	next := &Analyses{docs: make(map[[sha256.Size]byte][]uint32, n)}
	var ids map[string]uint32
	if old != nil && misses <= n/2 && len(old.terms) < 4<<20 {
		// Keep the numbering: the counts of unchanged documents are taken as they are.
		next.terms = slices.Clip(old.terms)
	}
	for i := range raws {
		if hit[i] && next.terms != nil {
			next.docs[keys[i]] = old.docs[keys[i]]
			continue
		}
		if ids == nil {
			ids = make(map[string]uint32, len(next.terms))
			for k, t := range next.terms {
				ids[t] = uint32(k)
			}
		}
		var scratch rawTF
		next.docs[keys[i]] = next.encode(raws[i].counts(&scratch), ids)
	}
	return raws, next, fr
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
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{short: map[string]analysis{}}
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i, w)
			}
		}()
	}
	wg.Wait()
}

// countDoc analyses one document and returns its counts as a record of the worker's
// table (rawTF.rec): every document's counts are held until all are counted (the weights
// need the average body length), and as slices of terms they took three times the room.
// Each term is counted straight into the record, in the order first met, by its number:
// there is no map of a field's terms. Titles and headings repeat (a page's title for each
// of its sections, a heading in the paths below it): each distinct one is analysed once
// per worker (short). Analyses are only read.
func (w *worker) countDoc(d *Doc, px phraseIndex, clip int) rawTF {
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

func (a *Analyses) encode(r *rawTF, ids map[string]uint32) []uint32 {
	size := 6
	for _, f := range r.fields() {
		size += 2 * len(*f)
	}
	rec := make([]uint32, 0, size)
	for _, f := range r.fields() {
		rec = append(rec, uint32(len(*f)))
		for _, c := range *f {
			id, ok := ids[c.t]
			if !ok {
				id = uint32(len(a.terms))
				// A copy: c.t may be a slice of a document's text, which the table
				// must not hold.
				c.t = strings.Clone(c.t)
				a.terms = append(a.terms, c.t)
				ids[c.t] = id
			}
			rec = append(rec, id, uint32(c.n))
		}
	}
	return append(rec, uint32(r.clip))
}

// decode reverses encode; rec was checked by UnmarshalBinary or made by encode.
func (a *Analyses) decode(rec []uint32) rawTF {
	var r rawTF
	a.decodeInto(rec, &r)
	r.bodyLen, r.clip = bodyLen(rec), int(rec[len(rec)-1])
	return r
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

// bodyLen is the sum of the body's counts in rec (the fourth field).
func bodyLen(rec []uint32) int {
	k := 0
	for range 3 {
		k += 1 + 2*int(rec[k])
	}
	n := int(rec[k])
	sum := 0
	for j := range n {
		sum += int(rec[k+2+2*j])
	}
	return sum
}

const analysesMagic = "signpost-search-analyses 2\n"

// MarshalBinary encodes the analyses (for a build cache).
func (a *Analyses) MarshalBinary() ([]byte, error) {
	size := 0
	for _, t := range a.terms {
		size += len(t) + 2
	}
	for _, rec := range a.docs {
		size += sha256.Size + 3 + 3*len(rec)
	}
	b := make([]byte, 0, len(analysesMagic)+16+size)
	b = append(b, analysesMagic...)
	b = binary.AppendUvarint(b, uint64(len(a.terms)))
	for _, t := range a.terms {
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	b = binary.AppendUvarint(b, uint64(len(a.docs)))
	for k, rec := range a.docs {
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(len(rec)))
		for _, v := range rec {
			b = binary.AppendUvarint(b, uint64(v))
		}
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary made; anything else is an error, never
// analyses that decode could fail on.
func (a *Analyses) UnmarshalBinary(data []byte) error {
	bad := errors.New("search: malformed analyses")
	if len(data) < len(analysesMagic) || string(data[:len(analysesMagic)]) != analysesMagic {
		return bad
	}
	p := data[len(analysesMagic):]
	uv := func() (uint64, bool) {
		v, n := binary.Uvarint(p)
		if n <= 0 {
			return 0, false
		}
		p = p[n:]
		return v, true
	}
	nt, ok := uv()
	if !ok || nt > uint64(len(p)) {
		return bad
	}
	terms := make([]string, nt)
	for i := range terms {
		l, ok := uv()
		if !ok || l > uint64(len(p)) {
			return bad
		}
		terms[i] = string(p[:l])
		p = p[l:]
	}
	nd, ok := uv()
	if !ok || nd > uint64(len(p)) {
		return bad
	}
	docs := make(map[[sha256.Size]byte][]uint32, nd)
	all := make([]uint32, 0, len(p)) // at least a byte a value
	for range nd {
		if len(p) < sha256.Size {
			return bad
		}
		var k [sha256.Size]byte
		copy(k[:], p)
		p = p[sha256.Size:]
		l, ok := uv()
		if !ok || l > uint64(len(p)) {
			return bad
		}
		start := len(all)
		for range l {
			v, ok := uv()
			if !ok || v > 1<<32-1 {
				return bad
			}
			all = append(all, uint32(v))
		}
		rec := all[start:len(all):len(all)]
		// Five fields of (count, then pairs of term number and count), then a size.
		j := 0
		for range 5 {
			if j >= len(rec) {
				return bad
			}
			m := int(rec[j])
			j++
			if m > (len(rec)-j)/2 {
				return bad
			}
			for range m {
				if int(rec[j]) >= len(terms) {
					return bad
				}
				j += 2
			}
		}
		if j+1 != len(rec) { // the excerpt's size
			return bad
		}
		docs[k] = rec
	}
	if len(p) != 0 {
		return bad
	}
	a.terms, a.docs = terms, docs
	return nil
}
