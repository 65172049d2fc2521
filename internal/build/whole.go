package build

import (
	"crypto/sha256"
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
		// The files are on their way to disk: the publish has each one's SHA-256, from
		// writing it or from the manifest it was linked by, so none is read back.
		if err := b.pub.tx.Wait(); err != nil {
			b.pubFailed(err)
			return
		}
		js, err := offline.WorkerOf(slices.Collect(maps.Keys(b.out.files)), func(name string) ([sha256.Size]byte, error) {
			sum, ok := b.pub.tx.Sum(name)
			if !ok {
				return sum, fmt.Errorf("publish: no hash of %s for the service worker", name)
			}
			return sum, nil
		}, core)
		if err != nil {
			b.pubFailed(err)
			return
		}
		b.put(offline.WorkerPath, js)
		return
	}
	b.put(offline.WorkerPath, offline.Worker(b.out.files, core))
}
