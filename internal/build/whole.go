package build

import (
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"

	"signpost/internal/diag"
	"signpost/internal/offline"
	"signpost/internal/printdoc"
	"signpost/internal/render"
	"signpost/internal/site"
)

// This file puts the outputs of issue #16 into a Builder's file set: the whole-document
// pages (internal/printdoc), rendered after the pages, and the service worker
// (internal/offline), written last because it hashes every other output.

// renderWhole renders the whole-document page of every document for which some query its
// last render asked has a new answer (the page itself is made again each time, from the
// document's pages), and drops those of documents that are gone. It returns the URLs
// rendered.
func (b *Builder) renderWhole(e *render.Env, opts *render.Options) []string {
	seen := map[string]bool{}
	var urls []string
	for _, d := range printdoc.Find(b.model.site) {
		u := d.URL()
		seen[u] = true
		p := b.wholePage(d, opts.BaseURL)
		if e.Unchanged(b.out.deps.whole[u], p) {
			continue
		}
		urls = append(urls, u)
		out, deps, err := b.layouts.rend.Page(e, p)
		b.out.deps.whole[u] = deps
		if err != nil {
			b.out.renderDiags[u] = diag.Errorf(d.Section.File, 0, 0, "cannot render the whole document %s: %v", u, err)
			b.drop(outPath(u))
			continue
		}
		delete(b.out.renderDiags, u)
		b.put(outPath(u), out)
	}
	for _, u := range slices.Sorted(maps.Keys(b.out.deps.whole)) {
		if !seen[u] {
			delete(b.out.deps.whole, u)
			delete(b.out.whole, u)
			delete(b.out.renderDiags, u)
			b.drop(outPath(u))
		}
	}
	return urls
}

// wholePage is a whole-document page made for an update, and what it was made from.
type wholePage struct {
	from uint64
	page *site.Page
}

// wholePage returns printdoc.Page(site, d, baseURL), made again only when what it is made
// from changed: the versions of the document's pages, the date of the site's last change
// (printdoc.LastChange, the one thing it reads of the site) and baseURL. Making it takes
// tens of milliseconds on the real site, too long to spend on every save in serve.
func (b *Builder) wholePage(d printdoc.Doc, baseURL string) *site.Page {
	h := b.hash()
	putStr(h, baseURL)
	putStr(h, printdoc.LastChange(b.model.site).ISO())
	for _, p := range d.Pages {
		putStr(h, p.URL)
		putU64(h, b.model.pages[p.File].ver)
	}
	from, u := h.Sum64(), d.URL()
	if w, ok := b.out.whole[u]; ok && w.from == from {
		return w.page
	}
	p := printdoc.Page(b.model.site, d, baseURL)
	b.out.whole[u] = wholePage{from, p}
	return p
}

// writeWorker writes /sw.js for the output as it is now; in dev mode it removes it (see
// internal/offline).
func (b *Builder) writeWorker() {
	if b.cfg.Dev || b.model.site == nil {
		b.drop(offline.WorkerPath)
		return
	}
	var core []string
	for _, p := range b.model.site.Pages {
		if offline.Auto(p) {
			core = append(core, p.URL)
		}
	}
	if b.pub.tx != nil {
		// The files are on their way to disk: read them back one at a time.
		if err := b.pub.tx.Wait(); err != nil {
			b.pubFailed(err)
			return
		}
		js, err := b.cachedWorker(core) // with a build cache: only files from the first changed are read
		if js == nil && err == nil {
			js, err = offline.WorkerOf(slices.Collect(maps.Keys(b.out.files)), b.pub.tx.ReadFileTo, core)
		}
		if err != nil {
			b.pubFailed(err)
			return
		}
		b.put(offline.WorkerPath, js)
		return
	}
	b.put(offline.WorkerPath, offline.Worker(b.out.files, core))
}

// workerStep is the hash of the worker's ID (offline.HashFile) after one file: its name,
// the SHA-256 of its content and the hash's state (sha256's MarshalBinary).
type workerStep struct {
	name  string
	sum   [sha256.Size]byte
	state string
}

// cachedWorker makes /sw.js in a build with a cache that publishes: the hash's state after
// each file is kept in the cache (cacheState.worker), and a build starts hashing at the
// first file whose name or content (the publish's SHA-256 of it) differs from the last
// build's, so it reads back only the files from there. It returns nil, nil when it cannot
// (no cache, or a file the publish has no hash for): the caller hashes every file.
func (b *Builder) cachedWorker(core []string) ([]byte, error) {
	c := b.cache
	if c == nil || !c.usable || b.pub.tx == nil {
		return nil, nil
	}
	names := offline.WorkerFiles(slices.Collect(maps.Keys(b.out.files)))
	steps := make([]workerStep, len(names))
	k := 0 // files whose hash state comes from the last build
	for i, name := range names {
		sum, ok := b.pub.tx.Sum(name)
		if !ok {
			return nil, nil
		}
		steps[i] = workerStep{name: name, sum: sum}
		if k == i && i < len(c.worker) && c.worker[i].name == name && c.worker[i].sum == sum {
			steps[i].state = c.worker[i].state
			k++
		}
	}
	h := sha256.New()
	if k > 0 {
		if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary([]byte(steps[k-1].state)); err != nil {
			h.Reset()
			k = 0
		}
	}
	// Each file must still be what the publish hashed (the reading goroutines check).
	next := offline.ReadAhead(names[k:], func(name string, buf []byte) ([]byte, error) {
		data, err := b.pub.tx.ReadFileTo(name, buf)
		if sum, _ := b.pub.tx.Sum(name); err == nil && sha256.Sum256(data) != sum {
			err = fmt.Errorf("%s changed while the service worker was made", name)
		}
		return data, err
	})
	for i := k; i < len(names); i++ {
		data, err := next()
		if err != nil {
			return nil, err
		}
		offline.HashFile(h, names[i], data)
		st, err := h.(encoding.BinaryMarshaler).MarshalBinary()
		if err != nil {
			return nil, err
		}
		steps[i].state = string(st)
	}
	c.worker = steps
	c.detail += fmt.Sprintf("; service worker: %d of %d files read", len(names)-k, len(names))
	return offline.WorkerWithID(names, hex.EncodeToString(h.Sum(nil))[:16], core), nil
}
