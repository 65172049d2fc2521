package build

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"signpost/internal/diag"
	"signpost/internal/search"
	"signpost/internal/site"
)

const searchCacheMagic = "signpost-search-cache 4\n"

// searchCache is the build cache's search file.
type searchCache struct {
	Key  string
	Gz   search.Compressed
	Docs *search.Analyses
}

// noteSearch records in the cache note how many of the index's compressed files j took
// from the last index.
func (b *Builder) noteSearch(j *SearchJob) {
	if b.cache == nil {
		return
	}
	if j.next == nil {
		return
	}
	n := 0
	for k := range j.next.Gz {
		if _, ok := j.reuse.Gz[k]; ok { // j.next set: j.reuse was
			n++
		}
	}
	b.cache.detail += fmt.Sprintf("; search index: %d of %d compressed files reused", n, len(j.next.Gz))
}

// searchReuse is what a search job starts from: what the last index kept, or, for a
// Builder that keeps what this index makes (a build with a cache, serve), an empty start.
func (b *Builder) searchReuse() *search.Reuse {
	if b.search.reuse == nil && (b.cfg.BuildCache != "" || b.cfg.Out == "") {
		return &search.Reuse{}
	}
	return b.search.reuse
}

// buildSearchReusing is buildSearch taking what it can from reuse (search.BuildReusing).
func buildSearchReusing(s *site.Site, reuse *search.Reuse) (map[string][]byte, *search.Reuse, diag.List) {
	docs, opt := SearchInput(s)
	files, gz, err := search.BuildReusing(docs, opt, reuse)
	if err != nil {
		return nil, nil, diag.List{diag.Errorf("", 0, 0, "cannot build the search index: %v", err)}
	}
	return files, gz, nil
}

func readSearchCache(name string) (*searchCache, error) {
	body, err := readBody(name, searchCacheMagic)
	if err != nil {
		return nil, err
	}
	return decodeSearchCache(body)
}

// encodeSearchCache: the key, the compressed files (key (search.Compressed), then the gzip
// bytes), then the analyses (search.Analyses.MarshalBinary); the two parts of the body,
// written one after the other (writeBody).
func encodeSearchCache(sc *searchCache) ([][]byte, error) {
	size := len(sc.Key) + binary.MaxVarintLen64*(2+len(sc.Gz))
	for _, v := range sc.Gz {
		size += sha256.Size + len(v)
	}
	e := &encoder{b: make([]byte, 0, size)} // 30 MB at N=10,000: grown by append, copied ~20 times
	e.str(sc.Key)
	e.uint(uint64(len(sc.Gz)))
	for k, v := range sc.Gz {
		e.b = append(e.b, k[:]...)
		e.uint(uint64(len(v)))
		e.b = append(e.b, v...) // not e.str(string(v)): a copy of every file
	}
	docs, err := sc.Docs.MarshalBinary()
	return [][]byte{e.b, docs}, err
}

func decodeSearchCache(body []byte) (*searchCache, error) {
	d := &decoder{b: body}
	sc := &searchCache{Key: d.str(), Gz: search.Compressed{}, Docs: &search.Analyses{}}
	n := d.count()
	for range n {
		if len(d.b) < sha256.Size {
			return nil, errCodec
		}
		k := [sha256.Size]byte(d.b[:sha256.Size])
		d.b = d.b[sha256.Size:]
		l := d.count()
		if d.err {
			return nil, errCodec
		}
		sc.Gz[k] = d.b[:l:l] // read only, like the strings
		d.b = d.b[l:]
	}
	if d.err {
		return nil, errCodec
	}
	if err := sc.Docs.UnmarshalBinary(d.b); err != nil {
		return nil, err
	}
	return sc, nil
}
