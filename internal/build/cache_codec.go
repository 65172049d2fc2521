package build

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math"
	"unsafe"

	"signpost/internal/markdown"
	"signpost/internal/render"
	"signpost/internal/site"
)

// The Markdown cache's encoding: gob took longer to decode 10,000 pages' conversions than
// the conversions took. A shard is read into one buffer and its strings point into it
// (they are never changed, so the buffer lives as long as some page uses one of them).
// TestConvCodecKnowsEveryField fails when markdown.Result or a type in it gains a field
// this encoding does not carry.

// An encoder appends to b. A split one (a Markdown conversion: encodeResult) appends the
// strings' bytes to s instead, leaving only their lengths in b.
type encoder struct {
	b, s  []byte
	split bool
}

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int)     { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	if e.split {
		e.s = append(e.s, s...)
	} else {
		e.b = append(e.b, s...)
	}
}

// slice writes a slice's length, 0 for nil and 1+n otherwise: a nil slice and an empty
// one come back as they were.
func slice[T any](e *encoder, s []T) {
	if s == nil {
		e.uint(0)
	} else {
		e.uint(1 + uint64(len(s)))
	}
}

func (e *encoder) strs(ss []string) {
	slice(e, ss)
	for _, s := range ss {
		e.str(s)
	}
}

// A decoder reads b; a split one (decodeResult) reads the strings' bytes from s.
type decoder struct {
	b, s  []byte
	split bool
	err   bool
}

var errCodec = errors.New("malformed cache entry")

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) bool() bool {
	if len(d.b) == 0 || d.b[0] > 1 {
		d.err, d.b = true, nil
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

// count reads a length, checked against what is left (each item takes a byte at least).
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.err, d.b = true, nil
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	if d.split {
		n := d.uint()
		if n > uint64(len(d.s)) {
			d.err, d.b, d.s = true, nil, nil
			return ""
		}
		if n == 0 {
			return ""
		}
		s := unsafe.String(&d.s[0], n)
		d.s = d.s[n:]
		return s
	}
	n := d.count()
	if n == 0 {
		return ""
	}
	s := unsafe.String(&d.b[0], n)
	d.b = d.b[n:]
	return s
}

// decodeSlice reads what encoder's slice wrote: a new slice of that length, nil for nil.
func decodeSlice[T any](d *decoder) []T {
	n := d.uint()
	if n == 0 {
		return nil
	}
	if n-1 > uint64(len(d.b)) { // each item takes a byte at least
		d.err, d.b = true, nil
		return nil
	}
	return make([]T, n-1)
}

func (d *decoder) strs() []string {
	out := decodeSlice[string](d)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

// encodeResult is a Markdown cache entry: the length of r's structure (encoder.result's
// lengths and numbers), the structure, then the bytes of r's strings one after another.
// Decoding then reads a few hundred bytes in a row instead of a length every few hundred
// bytes across 160 MB (at N=10,000 that took 0.13-0.19 s of CPU, nearly all of it
// waiting for memory); the strings are never touched.
func encodeResult(r *markdown.Result) []byte {
	e := &encoder{split: true}
	e.result(r)
	out := make([]byte, 0, binary.MaxVarintLen64+len(e.b)+len(e.s))
	out = binary.AppendUvarint(out, uint64(len(e.b)))
	out = append(out, e.b...)
	return append(out, e.s...)
}

// decodeResult reads what encodeResult wrote; ok is false when it is malformed. The
// strings point into entry.
func decodeResult(entry []byte) (r *markdown.Result, ok bool) {
	n, k := binary.Uvarint(entry)
	if k <= 0 || n > uint64(len(entry)-k) {
		return nil, false
	}
	d := &decoder{b: entry[k : k+int(n)], s: entry[k+int(n):], split: true}
	r = d.result()
	return r, !d.err && len(d.b) == 0 && len(d.s) == 0
}

// result appends r (without diagnostics: results with some are not cached).
func (e *encoder) result(r *markdown.Result) {
	e.str(r.HTML)
	slice(e, r.Headings)
	for _, h := range r.Headings {
		e.int(h.Level)
		e.str(h.ID)
		e.str(h.Text)
	}
	slice(e, r.Sections)
	for _, s := range r.Sections {
		e.str(s.Anchor)
		e.str(s.Heading)
		e.strs(s.Path)
		e.str(s.Text)
	}
	slice(e, r.Links)
	for _, l := range r.Links {
		e.str(l.Dest)
		e.int(l.Line)
		e.int(l.Col)
	}
	e.strs(r.Abbrs)
	for _, fs := range [][]markdown.Found{r.Phones, r.Emails} {
		slice(e, fs)
		for _, f := range fs {
			e.str(f.Value)
			e.int(f.Line)
		}
	}
	e.strs(r.Widgets)
	slice(e, r.Statements)
	for _, s := range r.Statements {
		e.int(s.Line)
		e.int(s.Col)
		e.str(s.Text)
		e.str(s.Claim)
		e.strs(s.Cites)
		e.int(s.CiteLine)
		e.int(s.CiteCol)
		e.bool(s.Inherited)
		e.bool(s.Site)
		e.bool(s.LeadIn)
		e.int(s.OwnWords)
		e.strs(s.Path)
	}
}

func (d *decoder) result() *markdown.Result {
	r := &markdown.Result{HTML: d.str()}
	if r.Headings = decodeSlice[site.Heading](d); r.Headings != nil {
		for i := range r.Headings {
			r.Headings[i] = site.Heading{Level: d.int(), ID: d.str(), Text: d.str()}
		}
	}
	if r.Sections = decodeSlice[site.Section](d); r.Sections != nil {
		for i := range r.Sections {
			r.Sections[i] = site.Section{Anchor: d.str(), Heading: d.str(), Path: d.strs(), Text: d.str()}
		}
	}
	if r.Links = decodeSlice[site.Link](d); r.Links != nil {
		for i := range r.Links {
			r.Links[i] = site.Link{Dest: d.str(), Line: d.int(), Col: d.int()}
		}
	}
	r.Abbrs = d.strs()
	for _, fs := range []*[]markdown.Found{&r.Phones, &r.Emails} {
		if *fs = decodeSlice[markdown.Found](d); *fs != nil {
			for i := range *fs {
				(*fs)[i] = markdown.Found{Value: d.str(), Line: d.int()}
			}
		}
	}
	r.Widgets = d.strs()
	if r.Statements = decodeSlice[site.Statement](d); r.Statements != nil {
		for i := range r.Statements {
			s := &r.Statements[i]
			s.Line, s.Col = d.int(), d.int()
			s.Text, s.Claim = d.str(), d.str()
			s.Cites = d.strs()
			s.CiteLine, s.CiteCol = d.int(), d.int()
			s.Inherited, s.Site, s.LeadIn = d.bool(), d.bool(), d.bool()
			s.OwnWords = d.int()
			s.Path = d.strs()
		}
	}
	return r
}

// encodeShard is the body of a Markdown cache file: the cache key, then each entry's key,
// the length of its encoded result (encoder.result) and the result, so a load indexes the
// entries without decoding them (convCache).
func encodeShard(key string, entries map[[32]byte][]byte) []byte {
	size := len(key) + 2*binary.MaxVarintLen64
	for _, r := range entries {
		size += 32 + binary.MaxVarintLen64 + len(r)
	}
	e := &encoder{b: make([]byte, 0, size)}
	e.str(key)
	e.uint(uint64(len(entries)))
	for k, r := range entries {
		e.b = append(e.b, k[:]...)
		e.uint(uint64(len(r)))
		e.b = append(e.b, r...)
	}
	return e.b
}

// decodeShard returns the key and the entries of a Markdown cache file, each still encoded
// (a slice of data).
func decodeShard(data []byte) (string, map[[32]byte][]byte, error) {
	d := &decoder{b: data}
	key := d.str()
	n := d.count()
	out := make(map[[32]byte][]byte, n)
	for range n {
		if len(d.b) < 32 {
			return "", nil, errCodec
		}
		k := [32]byte(d.b[:32])
		d.b = d.b[32:]
		l := d.count()
		if d.err {
			return "", nil, errCodec
		}
		out[k] = d.b[:l:l]
		d.b = d.b[l:]
	}
	if d.err || len(d.b) != 0 {
		return "", nil, errCodec
	}
	return key, out, nil
}

// page appends what load.ParsePage made of a page file, except its body (the end of the
// file: see pageCache): URL, IsSection, BodyLine, the body's length and the front matter.
// A record ends with what the search index keeps of the body (encoder.linkOnly: LinkOnly,
// which the markdown stage would otherwise work out from the body, applyResult).
func (e *encoder) page(p *site.Page) {
	e.str(p.URL)
	e.bool(p.IsSection)
	e.int(p.BodyLine)
	e.uint(uint64(len(p.Body)))
	e.front(&p.Front)
}

// front appends every field of a page's front matter (TestPageCodecKnowsEveryField).
func (e *encoder) front(f *site.FrontMatter) {
	e.str(f.Title)
	e.str(f.NavTitle)
	e.str(f.Description)
	e.int(f.Weight)
	e.strs(f.Audience)
	e.strs(f.Area)
	e.bool(f.Source != nil)
	if f.Source != nil {
		e.str(f.Source.Publisher)
		e.str(f.Source.Title)
		e.str(f.Source.Date)
		e.str(f.Source.URL)
	}
	e.date(f.Reviewed)
	e.date(f.ReviewBy)
	e.strs(f.AlsoIn)
	e.bool(f.TOC != nil)
	if f.TOC != nil {
		e.bool(*f.TOC)
	}
	e.str(f.Layout)
	e.bool(f.Search != nil)
	if s := f.Search; s != nil {
		e.float(s.Weight)
		e.float(s.SectionWeight)
		e.strs(s.Keywords)
	}
	e.strs(f.Banner)
}

// linkOnly ends a page's record (encoder.page) with its LinkOnly.
func (e *encoder) linkOnly(lo []bool) {
	slice(e, lo)
	for _, v := range lo {
		e.bool(v)
	}
}

func (e *encoder) date(d site.Date) {
	b, err := d.MarshalBinary()
	if err != nil {
		panic("build: cannot encode a front matter date: " + err.Error()) // a parsed date always can
	}
	e.str(string(b))
}

func (e *encoder) float(f *float64) {
	e.bool(f != nil)
	if f != nil {
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(*f))
	}
}

// page reads what encoder.page and encoder.linkOnly wrote; src is the page file's
// content, whose end is the page's body, or, when unread, nothing: the page then has no
// body (the file was not read: its conversion comes from the cache). It returns nil when
// the record is malformed or does not fit src.
func (d *decoder) page(file string, src []byte, unread bool) *site.Page {
	p := &site.Page{File: file, URL: d.str(), IsSection: d.bool(), BodyLine: d.int()}
	n := d.uint()
	if !unread {
		if n > uint64(len(src)) {
			return nil
		}
		p.Body = src[len(src)-int(n):]
	}
	f := &p.Front
	f.Title, f.NavTitle, f.Description = d.str(), d.str(), d.str()
	f.Weight = d.int()
	f.Audience, f.Area = d.strs(), d.strs()
	if d.bool() {
		f.Source = &site.Source{Publisher: d.str(), Title: d.str(), Date: d.str(), URL: d.str()}
	}
	f.Reviewed, f.ReviewBy = d.date(), d.date()
	f.AlsoIn = d.strs()
	if d.bool() {
		v := d.bool()
		f.TOC = &v
	}
	f.Layout = d.str()
	if d.bool() {
		f.Search = &site.Search{Weight: d.float(), SectionWeight: d.float(), Keywords: d.strs()}
	}
	f.Banner = d.strs()
	if p.LinkOnly = decodeSlice[bool](d); p.LinkOnly != nil {
		for i := range p.LinkOnly {
			p.LinkOnly[i] = d.bool()
		}
	}
	if d.err {
		return nil
	}
	return p
}

func (d *decoder) date() site.Date {
	var t site.Date
	if err := t.UnmarshalBinary([]byte(d.str())); err != nil {
		d.err, d.b = true, nil
	}
	return t
}

func (d *decoder) float() *float64 {
	if !d.bool() {
		return nil
	}
	if len(d.b) < 8 {
		d.err, d.b = true, nil
		return nil
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return &v
}

// encodeIndex is the body of the index file: the key, the Tracker's queries, then each
// page's URL, render.DepsRecord, output hash and anchors. (It was a gob: a quarter of a
// second to write and more to read at N=10,000.)
func encodeIndex(idx *cacheIndex) []byte {
	size := len(idx.Key) + 16
	for _, q := range idx.Queries {
		size += len(q.Query) + len(q.Arg) + 4
	}
	for _, p := range idx.Pages {
		size += len(p.URL) + 16 + sha256.Size + 13*len(p.Deps.IDs) + 20*len(p.Deps.Self)
		for _, a := range p.Anchors {
			size += len(a) + 2
		}
	}
	e := &encoder{b: make([]byte, 0, size)}
	e.str(idx.Key)
	slice(e, idx.Queries)
	for _, q := range idx.Queries {
		e.dep(q)
	}
	slice(e, idx.Pages)
	for _, p := range idx.Pages {
		e.str(p.URL)
		d := &p.Deps
		slice(e, d.IDs)
		for _, id := range d.IDs {
			e.int(int(id))
		}
		slice(e, d.Hashes)
		for _, h := range d.Hashes {
			e.b = binary.LittleEndian.AppendUint64(e.b, h)
		}
		slice(e, d.Self)
		for _, s := range d.Self {
			e.dep(s.Dep)
			e.b = binary.LittleEndian.AppendUint64(e.b, s.Hash)
		}
		e.b = append(e.b, p.Out[:]...)
		e.strs(p.Anchors)
	}
	return e.b
}

func (e *encoder) dep(d render.Dep) {
	e.str(d.Query)
	e.str(d.Arg)
}

// decodeIndex reads what encodeIndex wrote; anything else is an error.
func decodeIndex(body []byte) (*cacheIndex, error) {
	d := &decoder{b: body}
	idx := &cacheIndex{Key: d.str()}
	if idx.Queries = decodeSlice[render.Dep](d); idx.Queries != nil {
		for i := range idx.Queries {
			idx.Queries[i] = render.Dep{Query: d.str(), Arg: d.str()}
		}
	}
	if idx.Pages = decodeSlice[cachedPage](d); idx.Pages != nil {
		for i := range idx.Pages {
			p := &idx.Pages[i]
			p.URL = d.str()
			if p.Deps.IDs = decodeSlice[int32](d); p.Deps.IDs != nil {
				for j := range p.Deps.IDs {
					p.Deps.IDs[j] = int32(d.int())
				}
			}
			if p.Deps.Hashes = decodeSlice[uint64](d); p.Deps.Hashes != nil {
				for j := range p.Deps.Hashes {
					p.Deps.Hashes[j] = d.u64()
				}
			}
			if p.Deps.Self = decodeSlice[render.SelfDep](d); p.Deps.Self != nil {
				for j := range p.Deps.Self {
					p.Deps.Self[j] = render.SelfDep{Dep: render.Dep{Query: d.str(), Arg: d.str()}, Hash: d.u64()}
				}
			}
			if len(d.b) < sha256.Size {
				return nil, errCodec
			}
			p.Out = [sha256.Size]byte(d.b[:sha256.Size])
			d.b = d.b[sha256.Size:]
			p.Anchors = d.strs()
			if d.err {
				return nil, errCodec
			}
		}
	}
	if d.err || len(d.b) != 0 {
		return nil, errCodec
	}
	return idx, nil
}

func (d *decoder) u64() uint64 {
	if len(d.b) < 8 {
		d.err, d.b = true, nil
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}
