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
		p := printdoc.Page(b.model.site, d, opts.BaseURL)
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
			delete(b.out.renderDiags, u)
			b.drop(outPath(u))
		}
	}
	return urls
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
	b.put(offline.WorkerPath, offline.Worker(b.out.files, core))
}
