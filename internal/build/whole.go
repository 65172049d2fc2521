package build

import (
	"maps"
	"slices"

	"signpost/internal/diag"
	"signpost/internal/offline"
	"signpost/internal/printdoc"
	"signpost/internal/render"
)

// This file puts the outputs of issue #16 into a Builder's file set: the whole-document
// pages (internal/printdoc), rendered after the pages, and the service worker
// (internal/offline), written last because it hashes every other output.

// renderWhole renders the whole-document page of every document whose pages, stamp or
// shared layout inputs changed, and drops those of documents that are gone. It returns
// the URLs rendered.
func (b *Builder) renderWhole(kc *keyCtx, opts *render.Options) []string {
	if b.wholeKeys == nil {
		b.wholeKeys = map[string]uint64{}
	}
	last := printdoc.LastChange(b.site)
	seen := map[string]bool{}
	var urls []string
	for _, d := range printdoc.Find(b.site) {
		u := d.URL()
		seen[u] = true
		h := b.hash()
		putU64(h, kc.base)
		putU64(h, kc.nav)
		putU64(h, kc.all)
		putStr(h, last.ISO())
		for q := d.Section.Parent; q != nil; q = q.Parent {
			putU64(h, b.outline(q))
		}
		for _, p := range d.Pages {
			putU64(h, b.ownHash(b.pages[p.File]))
			putU64(h, kc.widget)
		}
		k := h.Sum64()
		if old, ok := b.wholeKeys[u]; ok && old == k {
			continue
		}
		b.wholeKeys[u] = k
		urls = append(urls, u)
		out, err := b.rend.Page(b.site, printdoc.Page(b.site, d, opts.BaseURL), kc.order, opts)
		if err != nil {
			b.renderDiags[u] = diag.Errorf(d.Section.File, 0, 0, "cannot render the whole document %s: %v", u, err)
			b.drop(outPath(u))
			continue
		}
		delete(b.renderDiags, u)
		b.put(outPath(u), out)
	}
	for _, u := range slices.Sorted(maps.Keys(b.wholeKeys)) {
		if !seen[u] {
			delete(b.wholeKeys, u)
			delete(b.renderDiags, u)
			b.drop(outPath(u))
		}
	}
	return urls
}

// writeWorker writes /sw.js for the output as it is now; in dev mode it removes it (see
// internal/offline).
func (b *Builder) writeWorker() {
	if b.cfg.Dev || b.site == nil {
		b.drop(offline.WorkerPath)
		return
	}
	var core []string
	for _, p := range b.site.Pages {
		if offline.Auto(p) {
			core = append(core, p.URL)
		}
	}
	b.put(offline.WorkerPath, offline.Worker(b.files, core))
}
