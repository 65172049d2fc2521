package render

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"html/template"
	"math"
	"sync"
	"time"
	"unsafe"

	"signpost/internal/site"
)

// Answer hashes (hashAnswer) are what decides whether a page is rendered again, in this
// process and, kept in the build cache, in the next one; so they are the same in every
// process, and every answer of an update is hashed: at N=10,000 that is every page's HTML
// (52 MB) and front matter on each cached build.
//
// The hash is a pair of CRC-32s of a canonical encoding of the answer: IEEE in the high
// half, Castagnoli in the low one. Both have machine instructions on amd64 and arm64
// (5 GB/s together here, where the 64-bit FNV-1a they replace hashed 260 MB/s: 0.2 s of
// CPU per cached build at N=10,000). The pair is the residue modulo the product of two
// coprime polynomials of degree 32, so it is as good as a CRC of degree 64 at telling two
// encodings apart: two different answers agree with a chance of about 2^-64, short of
// someone crafting them to, and whoever writes the site's sources can write its output
// anyway. Lengths and counts are written before strings and lists, so two encodings
// never run into each other.
//
// Front matter and headings, asked of every page, are encoded field by field rather than
// as JSON (TestHashFrontEveryField: a field added to site.FrontMatter and not hashed here
// fails it); every other kind of answer is hashed as its JSON.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ansHash is the hash of one answer being written: small writes gather in buf (the first
// n bytes), long strings go to the CRCs directly. The CRCs keep hold of nothing, but
// escape analysis cannot tell: ansHashes are pooled, a hundred thousand answers being
// hashed per cached build.
type ansHash struct {
	ieee, cast uint32
	n          int
	buf        [128]byte
}

func (h *ansHash) flush() {
	if h.n > 0 {
		h.ieee = crc32.Update(h.ieee, crc32.IEEETable, h.buf[:h.n])
		h.cast = crc32.Update(h.cast, castagnoli, h.buf[:h.n])
		h.n = 0
	}
}

func (h *ansHash) byte(c byte) {
	if h.n == len(h.buf) {
		h.flush()
	}
	h.buf[h.n] = c
	h.n++
}

func (h *ansHash) u64(v uint64) {
	if h.n+8 > len(h.buf) {
		h.flush()
	}
	binary.LittleEndian.PutUint64(h.buf[h.n:], v)
	h.n += 8
}

func (h *ansHash) bool(v bool) {
	if v {
		h.byte('T')
	} else {
		h.byte('F')
	}
}

// str writes s with its length before it.
func (h *ansHash) str(s string) {
	h.u64(uint64(len(s)))
	if h.n+len(s) <= len(h.buf) {
		h.n += copy(h.buf[h.n:], s)
		return
	}
	h.flush()
	b := unsafe.Slice(unsafe.StringData(s), len(s)) // read only
	h.ieee = crc32.Update(h.ieee, crc32.IEEETable, b)
	h.cast = crc32.Update(h.cast, castagnoli, b)
}

func (h *ansHash) strs(l []string) {
	h.u64(uint64(len(l)))
	for _, s := range l {
		h.str(s)
	}
}

// time writes t as JSON would: the instant and its zone offset.
func (h *ansHash) time(t time.Time) {
	_, off := t.Zone()
	h.u64(uint64(t.Unix()))
	h.u64(uint64(t.Nanosecond()))
	h.u64(uint64(int64(off)))
}

func (h *ansHash) sum() uint64 {
	h.flush()
	return uint64(h.ieee)<<32 | uint64(h.cast)
}

var ansHashes = sync.Pool{New: func() any { return new(ansHash) }}

// hashAnswer hashes an answer (see ansHash).
func hashAnswer(v any) uint64 {
	h := ansHashes.Get().(*ansHash)
	*h = ansHash{}
	defer ansHashes.Put(h)
	switch v := v.(type) {
	case string:
		h.byte('s')
		h.str(v)
	case template.HTML:
		h.byte('h')
		h.str(string(v))
	case bool:
		h.byte('b')
		h.bool(v)
	case []string:
		h.byte('l')
		h.strs(v)
	case *site.FrontMatter:
		h.byte('f')
		if v == nil {
			h.byte(0)
			break
		}
		h.byte(1)
		hashFront(h, v)
	case []site.Heading:
		h.byte('H')
		h.u64(uint64(len(v)))
		for _, hd := range v {
			h.u64(uint64(int64(hd.Level)))
			h.str(hd.ID)
			h.str(hd.Text)
		}
	default:
		b, err := json.Marshal(v)
		if err != nil {
			panic(fmt.Sprintf("render: cannot hash an answer of type %T: %v", v, err))
		}
		h.byte('j')
		h.str(string(b))
	}
	return h.sum()
}

// hashFront writes every field of fm, in the order they are declared; a pointer is written
// as a nil mark or the mark and what it points to.
func hashFront(h *ansHash, fm *site.FrontMatter) {
	h.str(fm.Title)
	h.str(fm.NavTitle)
	h.str(fm.Description)
	h.u64(uint64(int64(fm.Weight)))
	h.strs(fm.Audience)
	h.strs(fm.Area)
	if s := fm.Source; s == nil {
		h.byte(0)
	} else {
		h.byte(1)
		h.str(s.Publisher)
		h.str(s.Title)
		h.str(s.Date)
		h.str(s.URL)
	}
	h.time(fm.Reviewed.Time)
	h.time(fm.ReviewBy.Time)
	h.strs(fm.AlsoIn)
	if fm.TOC == nil {
		h.byte(0)
	} else {
		h.byte(1)
		h.bool(*fm.TOC)
	}
	h.str(fm.Layout)
	if s := fm.Search; s == nil {
		h.byte(0)
	} else {
		h.byte(1)
		for _, f := range [...]*float64{s.Weight, s.SectionWeight} {
			if f == nil {
				h.byte(0)
			} else {
				h.byte(1)
				h.u64(math.Float64bits(*f))
			}
		}
		h.strs(s.Keywords)
	}
	h.strs(fm.Banner)
}
