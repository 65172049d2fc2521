package build

import (
	"errors"
	"io/fs"
	"maps"
	"slices"

	"signpost/internal/diag"
	"signpost/internal/embed"
	"signpost/internal/render"
)

// This file puts the embeds for school sites (internal/embed, issue #16 part 1) into a
// Builder's file set: the embeddable form of every parents' page, the staff page and the
// school-side script /embed.js, and checks site.yaml's embed key against netlify.toml.

// renderEmbeds renders the embeddable form of every page for which some query its last
// render asked has a new answer, and the staff page; it drops the forms of pages that are
// gone. It returns the URLs rendered.
func (b *Builder) renderEmbeds(e *render.Env, opts *render.Options) []string {
	seen := map[string]bool{}
	var urls []string
	for _, p := range embed.Find(b.model.site) {
		u := embed.URL(p.URL)
		seen[u] = true
		ep := embed.Page(p)
		if e.Unchanged(b.out.deps.embeds[u], ep) {
			continue
		}
		urls = append(urls, u)
		out, deps, err := b.layouts.rend.Page(e, ep)
		b.out.deps.embeds[u] = deps
		if err != nil {
			b.out.renderDiags[u] = diag.Errorf(p.File, 0, 0, "cannot render the embeddable page %s: %v", u, err)
			b.drop(outPath(u))
			continue
		}
		delete(b.out.renderDiags, u)
		b.put(outPath(u), out)
	}
	// The staff page lists every embeddable page: it is made again with any of them.
	if g := embed.GuidePage(b.model.site, opts.BaseURL); g != nil {
		seen[g.URL] = true
		urls = append(urls, g.URL)
		b.out.deps.embeds[g.URL] = nil
		if out, _, err := b.layouts.rend.Page(e, g); err != nil {
			b.out.renderDiags[g.URL] = diag.Errorf(embed.ConfigFile, 0, 0, "cannot render the page for school staff %s: %v", g.URL, err)
			b.drop(outPath(g.URL))
		} else {
			delete(b.out.renderDiags, g.URL)
			b.put(outPath(g.URL), out)
		}
	}
	for _, u := range slices.Sorted(maps.Keys(b.out.deps.embeds)) {
		if !seen[u] {
			delete(b.out.deps.embeds, u)
			delete(b.out.renderDiags, u)
			b.drop(outPath(u))
		}
	}
	if embed.Enabled(b.model.site) {
		b.put(embed.HostScriptPath, embed.HostScript)
	} else {
		b.drop(embed.HostScriptPath)
	}
	slices.Sort(urls)
	return urls
}

// checkEmbed validates site.yaml's embed key and, when the site root has a netlify.toml,
// that its /embed/* rule sends the same frame-ancestors (internal/embed).
func (b *Builder) checkEmbed() diag.List {
	if b.model.site == nil {
		return nil
	}
	ds := embed.Check(b.model.site.Config)
	toml, err := fs.ReadFile(b.fsys, embed.NetlifyFile)
	switch {
	case err == nil:
		ds.Add(embed.CheckNetlify(toml, b.model.site.Config)...)
	case !errors.Is(err, fs.ErrNotExist):
		ds.Add(diag.Errorf(embed.NetlifyFile, 0, 0, "cannot read: %v", err))
	}
	return ds
}
