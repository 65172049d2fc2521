package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"signpost/internal/diag"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/render"
	"signpost/internal/search"
	"signpost/internal/site"
)

// The build cache (Config.BuildCache) keeps, between `signpost build` processes, what an
// update needs to skip the render of a page: what each page's last render read
// (render.Deps, with the Tracker that numbers its queries), the page's output and its
// anchors. A build with a usable cache is a full build except that a page whose recorded
// answers are all the same is not rendered again: its output comes from the cache.
//
// The cache is one directory:
//
//	index           "signpost-build-cache 3\n", encodeIndex's bytes (cacheIndex), their CRC-32
//	                (writeBody)
//	objects/<sha>   page outputs by the SHA-256 of their bytes
//	search          "signpost-search-cache 4\n", encodeSearchCache's bytes, their CRC-32: what
//	                the search index keeps for the next (search.Reuse, searchcache.go): the
//	                index state (each posting's section, the integers its weight is made
//	                of and its score, each section's content key) and the compressed files
//	                by the SHA-256 of their values (search's gzKey), so only the sections a
//	                change affects are analysed and only the files it changes encoded and
//	                compressed again; read from openCache on, used only with the key of
//	                the index (the compressor's output may differ between signpost
//	                versions, and counting too)
//	markdown/<xx>   "signpost-markdown-cache 5\n", encodeShard's bytes, their CRC-32: Markdown
//	                conversions (markdown.Result) of pages that use no block, by the
//	                SHA-256 of everything a conversion reads (convKey), in 256 files by
//	                the key's first byte, so a one-page edit rewrites one file; each
//	                entry is length-prefixed (encodeResult: its lengths and numbers, then
//	                its strings) and decoded only when a page asks for it
//	pages           "signpost-pages-cache 2\n", encodePages's bytes, their CRC-32: for
//	                each page file by name, its load.Stat, the SHA-256 of its bytes, its
//	                bodyKey, what load.ParsePage made of it (front matter, URL, body line;
//	                cache_codec.go's page) and the search index's LinkOnly of its body: a
//	                file with the recorded Stat is not read at all, one with the recorded
//	                bytes is read and hashed but its YAML and Markdown are not scanned
//	                again (pageCache)
//	exe             "signpost-exe-sum 1\n", the signpost binary's load.Stat, path and
//	                SHA-256, their CRC-32: the binary is hashed for the key only when its
//	                Stat is not the recorded one (exeSum)
//
// It is used only when its key is the key of this build: the same format, Go version and
// signpost binary (its SHA-256), the same configuration flags and site root, the same
// site.yaml and the same layouts (templates are not queries: their text is in the key).
// Anything else (no index, a different key, a malformed or truncated index, a dependency
// that does not fit) means a clean build; an object missing or not matching its hash means
// that page is rendered. The cache is written only after a build without errors, each
// file by rename, so a killed build leaves the previous cache or none.

const cacheMagic = "signpost-build-cache 3\n"

type cacheIndex struct {
	Key     string
	Queries []render.Dep
	Pages   []cachedPage
}

type cachedPage struct {
	URL     string
	Deps    render.DepsRecord
	Out     [sha256.Size]byte
	Anchors []string
}

// cacheState is the build cache of a Builder: its key for this build, what was restored,
// and why it could not be used.
type cacheState struct {
	key   string
	conv  convCache // Markdown conversions
	pages pageCache // parsed page files
	index *cacheIndex
	note  string // why the cache was not used
	// detail says how many Markdown conversions and search index files came from the cache.
	detail   string
	usable   bool   // the key could be worked out: the cache is written after the build
	exe      []byte // the exe file's body to write (exeSum), when it changes
	restored bool   // the render state came from the cache
	// searchRead delivers the search file, read and decoded from when the index is known
	// to fit (openCache) while the pages load; takeSearchCache receives it once.
	searchRead chan *searchCache
}

// cacheKey is what a cache must have been made with to be used by this build.
func (b *Builder) cacheKey() (string, error) {
	h := sha256.New()
	put := func(s string) { fmt.Fprintf(h, "%d:%s\n", len(s), s) }
	put(cacheMagic)
	put(runtime.Version())
	sum, err := b.exeSum()
	if err != nil {
		return "", err
	}
	h.Write(sum[:])
	c := b.cfg
	src := c.Src
	if a, err := filepath.Abs(src); err == nil {
		src = a
	}
	put(fmt.Sprintf("src=%s fs=%t base=%s strict=%t dev=%t devscript=%s nowasm=%t later=%t",
		src, c.FS != nil, c.BaseURL, c.StrictCitations, c.Dev, c.DevScript, c.NoWASM, c.SearchLater))
	cfg, err := fs.ReadFile(b.fsys, load.ConfigFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	put(string(cfg))
	err = fs.WalkDir(b.fsys, render.LayoutDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == render.LayoutDir {
				return nil
			}
			return err
		}
		put(p)
		if !d.IsDir() {
			data, err := fs.ReadFile(b.fsys, p)
			if err != nil {
				return err
			}
			put(string(data))
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

const exeMagic = "signpost-exe-sum 1\n"

// exeSum is the SHA-256 of the signpost binary (28 MB: 20-40 ms to read and hash). The
// cache's exe file keeps it with the binary's path and load.Stat: a binary whose Stat is
// the one recorded is not read, by pageCache's argument (a Stat is recorded only when the
// binary's times are older than the start less racyMargin, so a binary written again in
// the same timestamp granule is hashed again). What to record is left in b.cache.exe for
// saveCache.
func (b *Builder) exeSum() (sum [sha256.Size]byte, err error) {
	trustBefore := time.Now().Add(-racyMargin).UnixNano() // before the binary is read
	exe, err := os.Executable()
	if err != nil {
		return sum, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	var st load.Stat
	if fi, err := f.Stat(); err == nil {
		st, _ = load.StatOfInfo(fi)
	}
	rec := func(st load.Stat) []byte {
		e := &encoder{b: make([]byte, recStat, recStat+len(exe)+sha256.Size+8)}
		putStat(e.b, st)
		e.str(exe)
		return e.b
	}
	name := filepath.Join(b.cfg.BuildCache, "exe")
	if st.Known() {
		if body, err := readBody(name, exeMagic); err == nil && len(body) == len(rec(st))+sha256.Size && bytes.Equal(body[:len(body)-sha256.Size], rec(st)) {
			return [sha256.Size]byte(body[len(body)-sha256.Size:]), nil
		}
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	if st.Known() && st.Mtime < trustBefore && st.Ctime < trustBefore {
		b.cache.exe = append(rec(st), sum[:]...)
	}
	return sum, nil
}

// openCache reads the cache for this build, before it starts. A cache that cannot be used
// leaves b.cache without an index: the build is clean.
func (b *Builder) openCache() {
	b.cache = &cacheState{}
	key, err := b.cacheKey()
	if err != nil {
		b.cache.note = "cache off: " + err.Error()
		return
	}
	b.cache.key, b.cache.usable = key, true
	b.cache.pages.on, b.cache.pages.next, b.cache.pages.waiting = true, map[string][]byte{}, map[string][]byte{}
	b.cache.pages.trustBefore = time.Now().Add(-racyMargin).UnixNano() // before any source file is read
	b.cache.conv.dir = filepath.Join(b.cfg.BuildCache, "markdown")
	// The index and the pages file are read and decoded while the Markdown shards are
	// (each checks its own key); all but the index are dropped when the index is not
	// usable.
	var idx *cacheIndex
	var wg sync.WaitGroup
	wg.Go(func() { idx, err = readCacheIndex(filepath.Join(b.cfg.BuildCache, "index")) })
	wg.Go(func() { b.cache.pages.load(filepath.Join(b.cfg.BuildCache, "pages"), key) })
	b.cache.conv.load(key)
	wg.Wait()
	if err != nil || idx.Key != key {
		b.cache.conv.prev, b.cache.pages.prev = [256]map[[sha256.Size]byte][]byte{}, nil
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		b.cache.note = "cache empty: clean build"
		return
	case err != nil:
		b.cache.note = "cache unreadable (" + err.Error() + "): clean build"
		return
	case idx.Key != key:
		b.cache.note = "cache stale (signpost, Go, flags, site.yaml or layouts changed): clean build"
		return
	}
	b.cache.index = idx
	// The search cache (tens of MB at N=10,000) is read and decoded while the pages load
	// and the render state is restored; the search job, started as soon as the pages are
	// converted, waits for it (takeSearchCache).
	read := make(chan *searchCache, 1)
	b.cache.searchRead = read
	go func() {
		sc, err := readSearchCache(filepath.Join(b.cfg.BuildCache, "search"))
		if err != nil {
			sc = nil
		}
		read <- sc
	}()
}

// takeSearchCache waits for the search file openCache started reading, once, and makes it
// what the next search job starts from when it was made with this cache's key.
func (b *Builder) takeSearchCache() {
	c := b.cache
	if c == nil || c.searchRead == nil {
		return
	}
	sc := <-c.searchRead
	c.searchRead = nil
	if sc != nil && sc.Key == c.key {
		// Content-addressed: a section or file not in it is analysed or compressed.
		b.search.reuse = &search.Reuse{Gz: sc.Gz, Docs: sc.Docs}
	}
}

func readCacheIndex(name string) (*cacheIndex, error) {
	body, err := readBody(name, cacheMagic)
	if err != nil {
		return nil, err
	}
	return decodeIndex(body)
}

// restoreCache puts what the cache recorded in place of the render state that
// clearDeps has just emptied (after the layouts loaded): the Tracker, each page's Deps,
// output and anchors. Once per build; anything that does not fit leaves the state empty.
func (b *Builder) restoreCache() {
	c := b.cache
	if c == nil || c.index == nil {
		return
	}
	idx := c.index
	c.index = nil // once
	t, err := render.ImportTracker(idx.Queries)
	if err != nil {
		c.note = "cache unusable (" + err.Error() + "): clean build"
		return
	}
	deps := make([]*render.Deps, len(idx.Pages))
	anchors := make([]map[string]bool, len(idx.Pages))
	errs := make([]error, len(idx.Pages))
	forEach(indices(len(idx.Pages)), func(i int) {
		p := &idx.Pages[i]
		deps[i], errs[i] = render.ImportDeps(p.Deps, len(idx.Queries))
		anchors[i] = make(map[string]bool, len(p.Anchors))
		for _, a := range p.Anchors {
			anchors[i][a] = true
		}
	})
	for _, err := range errs {
		if err != nil {
			c.note = "cache unusable (" + err.Error() + "): clean build"
			return
		}
	}
	outs := make([][]byte, len(idx.Pages))
	linked := make([]int64, len(idx.Pages)) // 1 + the size of a page the publish linked
	objects := filepath.Join(b.cfg.BuildCache, "objects")
	forEach(indices(len(idx.Pages)), func(i int) {
		p := &idx.Pages[i]
		if b.pub.tx != nil {
			// The previous output still holds this page's output: link it, read nothing.
			if size, ok, err := b.pub.tx.Link(outPath(p.URL), p.Out); err == nil && ok {
				linked[i] = 1 + size
				return
			}
		}
		name := filepath.Join(objects, hex.EncodeToString(p.Out[:]))
		data, err := os.ReadFile(name)
		if err == nil && sha256.Sum256(data) == p.Out {
			outs[i] = data
		} else if err == nil {
			os.Remove(name) // spoilt: the page is rendered and its output stored again
		}
	})
	b.out.tracker = t
	n := 0
	for i, p := range idx.Pages {
		if outs[i] == nil && linked[i] == 0 {
			continue // rendered again
		}
		b.out.deps.pages[p.URL] = deps[i]
		b.out.anchors[p.URL] = anchors[i]
		if linked[i] > 0 {
			b.pub.mu.Lock()
			if b.pub.early == nil {
				b.pub.early = map[string]int{}
			}
			b.pub.early[outPath(p.URL)] = int(linked[i] - 1)
			b.pub.mu.Unlock()
			b.put(outPath(p.URL), nil) // already published: records it (putStreamed)
		} else {
			b.put(outPath(p.URL), outs[i]) // a build to disk publishes it as it goes
		}
		n++
	}
	c.restored = n > 0
	if n == 0 {
		c.note = "cache has no usable page output: clean build"
	}
}

func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// saveCache records the render state of a build that finished without errors.
func (b *Builder) saveCache() error {
	c := b.cache
	if c == nil || !c.usable || b.carry.skipped || b.carry.broken {
		return nil
	}
	b.takeSearchCache() // a build whose index was not made again keeps the last one's
	dir := b.cfg.BuildCache
	objects := filepath.Join(dir, "objects")
	if err := os.MkdirAll(objects, 0o755); err != nil {
		return err
	}
	idx := cacheIndex{Key: c.key, Queries: b.out.tracker.Export()}
	urls := make([]string, 0, len(b.out.deps.pages))
	for u, d := range b.out.deps.pages {
		if d == nil {
			continue
		}
		if _, bad := b.out.renderDiags[u]; bad {
			continue
		}
		if _, ok := b.out.files[outPath(u)]; !ok {
			continue
		}
		urls = append(urls, u)
	}
	sort.Strings(urls)
	idx.Pages = make([]cachedPage, len(urls))
	// A build to disk kept no bytes (put streamed them): read each page back from the
	// publish, and link the stored copy to it rather than write it again.
	if b.pub.tx != nil {
		if err := b.pub.tx.Wait(); err != nil {
			return err
		}
	}
	content := func(u string) ([]byte, error) {
		if b.pub.tx == nil {
			return b.out.files[outPath(u)], nil
		}
		return b.pub.tx.ReadFile(outPath(u))
	}
	var readMu sync.Mutex
	var readErr error
	forEach(indices(len(urls)), func(i int) {
		u := urls[i]
		p := &idx.Pages[i]
		p.URL = u
		p.Deps = b.out.deps.pages[u].Export()
		if b.pub.tx != nil {
			// The publish hashed every file it wrote or linked.
			sum, ok := b.pub.tx.Sum(outPath(u))
			if !ok {
				readMu.Lock()
				readErr = cmpErr(readErr, fmt.Errorf("%s: not published", outPath(u)))
				readMu.Unlock()
				return
			}
			p.Out = sum
		} else {
			p.Out = sha256.Sum256(b.out.files[outPath(u)])
		}
		for a := range b.out.anchors[u] {
			p.Anchors = append(p.Anchors, a)
		}
		slices.Sort(p.Anchors)
	})
	if readErr != nil {
		return readErr
	}
	// Objects: write the new ones, remove those no page has any more.
	have := map[string]bool{}
	if ents, err := os.ReadDir(objects); err == nil {
		for _, e := range ents {
			have[e.Name()] = true
		}
	}
	want := make(map[string]int, len(idx.Pages))
	for i, p := range idx.Pages {
		want[hex.EncodeToString(p.Out[:])] = i
	}
	var todo []string
	for name := range want {
		if !have[name] {
			todo = append(todo, name)
		}
	}
	var mu sync.Mutex
	var firstErr error
	forEach(todo, func(name string) {
		dst := filepath.Join(objects, name)
		u := idx.Pages[want[name]].URL
		if b.pub.tx != nil && os.Link(b.pub.tx.Path(outPath(u)), dst) == nil {
			return // shares the published file; restoreCache checks its hash before use
		}
		data, err := content(u)
		if err == nil {
			err = writeFileAtomic(dst, data)
		}
		if err != nil {
			mu.Lock()
			firstErr = cmpErr(firstErr, err)
			mu.Unlock()
		}
	})
	if firstErr != nil {
		return firstErr
	}
	// The index is encoded, and the Markdown shards and the pages file written, while the
	// search cache is (below); the index is written last.
	var indexBody []byte
	var saveErr error
	saved := make(chan struct{})
	go func() {
		defer close(saved)
		indexBody = encodeIndex(&idx)
		saveErr = cmpErr(c.conv.save(c.key), c.pages.save(filepath.Join(dir, "pages"), c.key))
	}()
	// Nothing is left writing once saveCache returns.
	defer func() { <-saved }()

	os.Remove(filepath.Join(dir, "worker")) // the service worker's hash states, kept by earlier versions
	if c.exe != nil {
		if err := writeBody(filepath.Join(dir, "exe"), exeMagic, c.exe); err != nil {
			return err
		}
		c.exe = nil
	}
	// The search cache first: an index written means its search file is this build's.
	if r := b.search.reuse; r != nil && r.Docs != nil {
		parts, err := encodeSearchCache(&searchCache{Key: c.key, Gz: r.Gz, Docs: r.Docs})
		if err == nil {
			err = writeBody(filepath.Join(dir, "search"), searchCacheMagic, parts...)
		}
		if err != nil {
			return err
		}
	} else {
		os.Remove(filepath.Join(dir, "search"))
	}
	if <-saved; saveErr != nil {
		return saveErr
	}
	if err := writeBody(filepath.Join(dir, "index"), cacheMagic, indexBody); err != nil {
		return err
	}
	for name := range have {
		if _, ok := want[name]; !ok && !strings.HasPrefix(name, ".") {
			os.Remove(filepath.Join(objects, name))
		}
	}
	return nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// writeFileAtomic writes the concatenation of parts to name by renaming a temporary file
// over it.
func writeFileAtomic(name string, parts ...[]byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-")
	if err != nil {
		return err
	}
	for _, p := range parts {
		if _, err = f.Write(p); err != nil {
			break
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// The build cache's files end with a CRC-32 (IEEE) of their body: it catches a
// truncated, spoilt or half-written file, which is all the checksum is for (the cache is
// not a security boundary: whoever can write it can write the output). It replaced a
// SHA-256, which took a third of a second of a cached rebuild at N=10,000 to check and
// write the ~210 MB of cache files (bench/README.md); what needs an identity (page
// outputs, Markdown and search inputs) is still keyed by SHA-256. (IEEE rather than
// Castagnoli: Go computes it with PCLMULQDQ on amd64, 2.5 times as fast here, 200 MB in
// 23 ms.)

const sumSize = 4

// writeBody writes magic, the body (the concatenation of parts) and its checksum to name
// (by rename). The parts are written one after another, not joined in memory first.
func writeBody(name, magic string, parts ...[]byte) error {
	var crc uint32
	for _, p := range parts {
		crc = crc32.Update(crc, crc32.IEEETable, p)
	}
	all := make([][]byte, 0, len(parts)+2)
	all = append(all, []byte(magic))
	all = append(all, parts...)
	all = append(all, binary.BigEndian.AppendUint32(nil, crc))
	return writeFileAtomic(name, all...)
}

// readBody returns the body of a file writeBody wrote; anything else is an error.
func readBody(name, magic string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return checkBody(data, magic)
}

// checkBody returns the body of data, the contents of a file writeBody wrote; anything
// else is an error.
func checkBody(data []byte, magic string) ([]byte, error) {
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, errors.New("not a signpost build cache")
	}
	body := data[len(magic):]
	if len(body) < sumSize {
		return nil, errors.New("truncated")
	}
	body, sum := body[:len(body)-sumSize], body[len(body)-sumSize:]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(sum) {
		return nil, errors.New("checksum mismatch")
	}
	return body, nil
}

// convCache is the build cache's Markdown conversions. A conversion that called no block
// (blocks read data files, other pages and the site) depends only on what convKey hashes:
// the page's file name, title, body and body line, and the glossary; the Markdown code
// itself is in the cache key (the signpost binary). Pages with blocks or diagnostics are
// always converted.
//
// Entries stay encoded until a page asks for one (cachedConversion decodes it into new
// slices, whose strings point into the shard's buffer): loading is reading the shards and
// indexing their entries, and an entry used again is written back as the same bytes.
type convCache struct {
	dir     string
	prev    [256]map[[sha256.Size]byte][]byte // read by load: used only
	mu      sync.Mutex
	next    [256]map[[sha256.Size]byte][]byte // what this build converted or used, encoded
	gloss   [sha256.Size]byte                 // hash of the glossary this build converts with
	glossOK bool
	hits    int
}

const convMagic = "signpost-markdown-cache 5\n"

// load reads every shard made with key, on all CPUs; a shard that is unreadable, spoilt or
// of another key is left out (its pages are converted).
func (c *convCache) load(key string) {
	forEach(indices(256), func(i int) {
		data, unmap, err := mapFile(filepath.Join(c.dir, fmt.Sprintf("%02x", i))) // read only
		if err != nil {
			return
		}
		// The key first: a stale shard is not checked (which reads all of it).
		d := &decoder{b: data[min(len(convMagic), len(data)):]}
		if d.str() != key {
			unmap()
			return
		}
		body, err := checkBody(data, convMagic)
		if err != nil {
			unmap()
			return
		}
		if k, entries, err := decodeShard(body); err == nil && k == key {
			c.prev[i] = entries // kept mapped: the entries' strings point into it
		} else {
			unmap()
		}
	})
}

// has reports whether the cache has a conversion for k.
func (c *convCache) has(k [sha256.Size]byte) bool {
	_, ok := c.prev[k[0]][k]
	return ok
}

// save writes the shards whose entries changed and removes those with none.
func (c *convCache) save(key string) error {
	if c.dir == "" {
		return nil
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	var mu sync.Mutex
	var first error
	forEach(indices(256), func(i int) {
		name := filepath.Join(c.dir, fmt.Sprintf("%02x", i))
		next, prev := c.next[i], c.prev[i]
		if len(next) == len(prev) && prev != nil {
			same := true
			for k := range next {
				if _, ok := prev[k]; !ok {
					same = false
					break
				}
			}
			if same {
				return
			}
		}
		var err error
		if len(next) == 0 {
			err = os.Remove(name)
			if errors.Is(err, fs.ErrNotExist) {
				err = nil
			}
		} else {
			err = writeBody(name, convMagic, encodeShard(key, next))
		}
		if err != nil {
			mu.Lock()
			first = cmpErr(first, err)
			mu.Unlock()
		}
	})
	return first
}

// bodyKey hashes what converting p reads of the page when it calls no block: its file
// name, title, body line and body. The pages cache keeps it, so that a page whose file
// is not read (pageCache) still finds its conversion.
func bodyKey(p *site.Page) [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s%d:%s%d:", len(p.File), p.File, len(p.Front.Title), p.Front.Title, p.BodyLine)
	h.Write(p.Body)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// convKey hashes what converting a page reads when it calls no block: the glossary and
// what the page's bodyKey hashes.
func (b *Builder) convKey(body [sha256.Size]byte) [sha256.Size]byte {
	c := &b.cache.conv
	c.mu.Lock()
	if !c.glossOK {
		h := sha256.New()
		for _, k := range slices.Sorted(maps.Keys(b.model.gloss)) {
			fmt.Fprintf(h, "%d:%s%d:%s", len(k), k, len(b.model.gloss[k]), b.model.gloss[k])
		}
		h.Sum(c.gloss[:0])
		c.glossOK = true
	}
	g := c.gloss
	c.mu.Unlock()
	var buf [2 * sha256.Size]byte
	copy(buf[:], g[:])
	copy(buf[sha256.Size:], body[:])
	return sha256.Sum256(buf[:])
}

// pageConvKey is ps's convKey: from its body, or from the bodyKey readPage worked out or
// the pages cache kept (for a page whose file was not read, the only way).
func (b *Builder) pageConvKey(ps *pageState) [sha256.Size]byte {
	if ps.keyed {
		return b.convKey(ps.bodyKey)
	}
	return b.convKey(bodyKey(ps.page))
}

// noteConversions records in the cache note how many of the n pages converted came from
// the cache.
func (b *Builder) noteConversions(n int) {
	if b.cache != nil && b.cache.conv.dir != "" {
		b.cache.detail += fmt.Sprintf("; markdown: %d of %d pages converted", n-b.cache.conv.hits, n)
	}
}

// cachedConversion returns the conversion of ps's page the cache has for this input, or
// nil.
func (b *Builder) cachedConversion(ps *pageState) *markdown.Result {
	if b.cache == nil || b.cache.conv.dir == "" {
		return nil
	}
	k := b.pageConvKey(ps)
	c := &b.cache.conv
	rec, ok := c.prev[k[0]][k]
	if !ok {
		return nil
	}
	r, ok := decodeResult(rec)
	if !ok {
		return nil // spoilt under a good checksum: converted
	}
	c.mu.Lock()
	if c.next[k[0]] == nil {
		c.next[k[0]] = map[[sha256.Size]byte][]byte{}
	}
	c.next[k[0]][k] = rec
	c.hits++
	c.mu.Unlock()
	return r
}

// keepConversion records ps's conversion for the next build, unless it called a block or
// has diagnostics.
func (b *Builder) keepConversion(ps *pageState, r *markdown.Result, blocked bool) {
	if b.cache == nil || b.cache.conv.dir == "" || blocked || len(r.Diags) > 0 {
		return
	}
	k := b.pageConvKey(ps)
	entry := encodeResult(r)
	c := &b.cache.conv
	c.mu.Lock()
	if c.next[k[0]] == nil {
		c.next[k[0]] = map[[sha256.Size]byte][]byte{}
	}
	c.next[k[0]][k] = entry
	c.mu.Unlock()
}

// blockUse wraps a conversion's block renderer to note whether it was called.
func blockUse(f func(markdown.BlockCall) (string, string, diag.List)) (func(markdown.BlockCall) (string, string, diag.List), *bool) {
	used := new(bool)
	return func(c markdown.BlockCall) (string, string, diag.List) {
		*used = true
		return f(c)
	}, used
}

const pagesMagic = "signpost-pages-cache 2\n"

// pageCache is the build cache's parsed page files. What load.ParsePage makes of a file
// depends on its name, its bytes and site.yaml (areas), and site.yaml and the signpost
// binary are in the cache key; so a file's record is used while the file has the same
// bytes. Only pages that parsed without diagnostics, and whose body is the end of the file
// as it is on disk (no CRLF line ends or {areas} placeholders changed it), are kept: a hit
// takes the body from the file it just read, and everything else from the record.
//
// A record (recHead, then encoder.page's bytes) also keeps the file's load.Stat, the
// SHA-256 of its bytes and its bodyKey. A file whose Stat is the one recorded is not read
// at all when the Markdown cache has its conversion (unchangedFile): nothing else needs its
// body (a hit costs one fstatat instead of openat, fstat, read, close and a SHA-256). This
// is git's index: size, modification and change times to the nanosecond, inode and device
// all equal mean the file was not written since, because every write sets the change time
// (ctime), which no program can set back (touch -d and utimes set only the modification and
// access times, and set the change time to now: a file edited and its mtime restored is
// read again). The one hole is git's "racily clean" file: timestamps come from a clock with
// a granule (a tick of a few milliseconds on Linux, a second or two on some file systems),
// so a file written again within the granule of its last write keeps the same times. git
// reads an entry again when its times are not older than the index file; here a Stat is
// recorded as trusted only when both its times are older than trustBefore, the build's
// start less racyMargin: any write after the build began (after the file was read) gets a
// ctime in a later granule than a recorded one, so it cannot look the same. A file written
// just before or during the build is recorded untrusted (zero Stat): the next build reads
// and hashes it, and trusts it from then on. (As for git, a system clock set back by more
// than the margin between two builds, or a file system whose clock lags the system's by
// more, reopens the hole.)
type pageCache struct {
	on   bool              // a build with a usable cache: keep what it parses
	prev map[string][]byte // records of the last build by file, read only
	// trustBefore: a Stat whose mtime and ctime are before this (Unix ns) is recorded as
	// trusted.
	trustBefore int64
	mu          sync.Mutex
	next        map[string][]byte // records of this build's pages
	// waiting are the records of pages parsed by this build, by file, until their
	// conversion adds LinkOnly (keepLinkOnly).
	waiting      map[string][]byte
	hits, unread int
	changed      bool // next differs from prev in some record
}

// racyMargin is how much older than the build's start a file's times must be for its Stat
// to be trusted by the next build (pageCache): more than the coarsest timestamp granule
// (FAT's 2 s) plus the lag of the kernel's coarse clock.
var racyMargin = 3 * time.Second

// A record starts with the file's Stat (size, mtime, ctime, inode, device; all zero when
// not trusted), the SHA-256 of its bytes and its bodyKey.
const (
	recStat = 5 * 8
	recSum  = recStat + sha256.Size
	recHead = recSum + sha256.Size
)

func putStat(rec []byte, st load.Stat) {
	for i, v := range []uint64{uint64(st.Size), uint64(st.Mtime), uint64(st.Ctime), st.Ino, st.Dev} {
		binary.LittleEndian.PutUint64(rec[8*i:], v)
	}
}

func recordedStat(rec []byte) load.Stat {
	u := func(i int) uint64 { return binary.LittleEndian.Uint64(rec[8*i:]) }
	return load.Stat{Size: int64(u(0)), Mtime: int64(u(1)), Ctime: int64(u(2)), Ino: u(3), Dev: u(4)}
}

// trusted is st as a record keeps it: st when its times are older than trustBefore, else
// the zero Stat (see pageCache).
func (c *pageCache) trusted(st load.Stat) load.Stat {
	if !st.Known() || st.Mtime >= c.trustBefore || st.Ctime >= c.trustBefore {
		return load.Stat{}
	}
	return st
}

// load reads the records of a cache made with key; any problem leaves it empty (every
// page is read and parsed).
func (c *pageCache) load(name, key string) {
	body, err := readBody(name, pagesMagic)
	if err != nil {
		return
	}
	if k, recs, err := decodePages(body); err == nil && k == key {
		c.prev = recs
	}
}

// save writes the records of this build's pages, unless they are the last build's.
func (c *pageCache) save(name, key string) error {
	if !c.on || !c.changed && len(c.next) == len(c.prev) && c.prev != nil {
		return nil
	}
	return writeBody(name, pagesMagic, encodePages(key, c.next))
}

// unchangedFile reports whether file need not be read (load.ReadFilesUnless): its Stat is
// the one its record trusts, and the Markdown cache has the conversion of the body the
// record was made from.
func (b *Builder) unchangedFile(file string, st load.Stat) bool {
	rec := b.cache.pages.prev[file]
	if len(rec) < recHead || !st.Known() || recordedStat(rec) != st {
		return false
	}
	return b.cache.conv.has(b.convKey([sha256.Size]byte(rec[recSum:recHead])))
}

// fileRead is a file's contents or the error reading it gave, with its Stat
// (load.ReadFilesUnless); unread when unchangedFile said it need not be read.
type fileRead struct {
	data   []byte
	err    error
	st     load.Stat
	unread bool
}

// readPage is load.ReadPage for ps's file, taking what the build cache recorded for the
// file instead of parsing it again when it has the same bytes, or, when read.unread, the
// same Stat (pageCache). read, when not nil, is the file as already read
// (load.ReadFilesUnless).
func (b *Builder) readPage(ps *pageState, read *fileRead) (*site.Page, diag.List, bool) {
	file := ps.file
	ps.unread, ps.keyed = false, false
	cfg := &b.model.site.Config
	if b.cache == nil || !b.cache.pages.on {
		if read != nil && read.err == nil && !read.unread {
			p, ds := load.ParsePage(file, read.data, cfg)
			return p, ds, true
		}
		return load.ReadPage(b.fsys, file, cfg) // gone, or its diagnostic
	}
	c := &b.cache.pages
	rec := c.prev[file]
	if read != nil && read.unread {
		d := &decoder{b: rec[recHead:]}
		if p := d.page(file, nil, true); p != nil && len(d.b) == 0 {
			ps.unread, ps.keyed, ps.bodyKey = true, true, [sha256.Size]byte(rec[recSum:recHead])
			c.mu.Lock()
			c.next[file] = rec
			c.hits++
			c.unread++
			c.mu.Unlock()
			return p, nil, true
		}
		read = nil // spoilt under a good checksum: read the file
	}
	if read == nil {
		data, err := fs.ReadFile(b.fsys, file) // no Stat: the record will not be trusted
		read = &fileRead{data: data, err: err}
	}
	src := read.data
	if read.err != nil {
		return load.ReadPage(b.fsys, file, cfg) // gone, or its diagnostic
	}
	sum := sha256.Sum256(src)
	if len(rec) >= recHead && [sha256.Size]byte(rec[recStat:recSum]) == sum {
		d := &decoder{b: rec[recHead:]}
		if p := d.page(file, src, false); p != nil && len(d.b) == 0 {
			if st := c.trusted(read.st); st != recordedStat(rec) {
				rec = slices.Clone(rec)
				putStat(rec, st)
				c.mu.Lock()
				c.changed = true
				c.mu.Unlock()
			}
			ps.keyed, ps.bodyKey = true, [sha256.Size]byte(rec[recSum:recHead])
			c.mu.Lock()
			c.next[file] = rec
			c.hits++
			c.mu.Unlock()
			return p, nil, true
		}
	}
	p, ds := load.ParsePage(file, src, cfg)
	if p != nil && len(ds) == 0 && bytes.HasSuffix(src, p.Body) {
		// The record is finished when the markdown stage has worked out LinkOnly
		// (keepLinkOnly): doing it here would take a slow page's scan out of the stage
		// that stops on SIGTERM.
		e := &encoder{b: make([]byte, recHead, recHead+256)}
		putStat(e.b, c.trusted(read.st))
		copy(e.b[recStat:], sum[:])
		ps.keyed, ps.bodyKey = true, bodyKey(p)
		copy(e.b[recSum:], ps.bodyKey[:])
		e.page(p)
		c.mu.Lock()
		c.waiting[file] = e.b
		c.mu.Unlock()
	}
	return p, ds, true
}

// keepLinkOnly finishes the record of a page parsed by this build with the LinkOnly its
// conversion worked out (applyResult), for the next build.
func (b *Builder) keepLinkOnly(p *site.Page) {
	if b.cache == nil || !b.cache.pages.on {
		return
	}
	c := &b.cache.pages
	c.mu.Lock()
	defer c.mu.Unlock()
	if rec, ok := c.waiting[p.File]; ok {
		delete(c.waiting, p.File)
		e := &encoder{b: rec}
		e.linkOnly(p.LinkOnly)
		c.next[p.File] = e.b
		c.changed = true
	}
}

// encodePages is the body of the pages file: the cache key, then each file's name and
// record.
func encodePages(key string, recs map[string][]byte) []byte {
	size := len(key) + 2*binary.MaxVarintLen64
	for f, r := range recs {
		size += len(f) + 2*binary.MaxVarintLen64 + len(r)
	}
	e := &encoder{b: make([]byte, 0, size)}
	e.str(key)
	e.uint(uint64(len(recs)))
	for f, r := range recs {
		e.str(f)
		e.uint(uint64(len(r)))
		e.b = append(e.b, r...)
	}
	return e.b
}

func decodePages(body []byte) (string, map[string][]byte, error) {
	d := &decoder{b: body}
	key := d.str()
	n := d.count()
	recs := make(map[string][]byte, n)
	for range n {
		f := d.str()
		l := d.count()
		if d.err {
			return "", nil, errCodec
		}
		recs[f] = d.b[:l:l]
		d.b = d.b[l:]
	}
	if d.err || len(d.b) != 0 {
		return "", nil, errCodec
	}
	return key, recs, nil
}
