package build

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"

	"signpost/internal/blocks"
	"signpost/internal/diag"
	"signpost/internal/links"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/render"
	"signpost/internal/site"
)

// This file is the page side of a Builder (builder.go): reading and parsing content
// files, keeping the page tree, converting Markdown, filling late blocks, and deciding by
// key which pages to render.

// pageState is one content file and what the stages made of it.
type pageState struct {
	file  string
	order string     // file with "/" as "\x00": sorts the way fs.WalkDir visits
	page  *site.Page // nil while the file has never parsed
	// converted is false after a (re)parse until the markdown stage has run.
	converted bool
	raw       template.HTML // HTML before late blocks are filled in
	pending   []blocks.Pending
	filled    bool // late blocks filled since the last conversion

	parseDiags, convDiags, glossDiags, lateDiags diag.List

	late uint64 // what late blocks read of it
}

// loadSite reads site.yaml, the data files and every page: the load and data stages.
func (b *Builder) loadSite() []*pageState {
	cfg, diags := load.LoadConfig(b.fsys)
	s := load.NewSite(cfg)
	b.configDiags = slices.Clone(diags)
	files, ds := load.Scan(b.fsys, s)
	diags.Add(ds...)
	if b.cfg.BaseURL != "" {
		s.Config.BaseURL = b.cfg.BaseURL
	}
	reg := blocks.New()
	diags.Add(loadData(s, reg)...)
	b.site, b.reg, b.siteDiags = s, reg, diags
	b.gloss = glossaryMap(s)
	b.lateSum = 0

	states := make([]*pageState, len(files))
	for i, f := range files {
		states[i] = &pageState{file: f, order: load.WalkOrder(f)}
	}
	forEach(states, func(ps *pageState) { b.parse(ps) })
	b.pages = make(map[string]*pageState, len(states))
	for _, ps := range states {
		b.pages[ps.file] = ps
	}
	b.relink()
	return states
}

// parse reads and parses ps's file (load.ReadPage). A file that no longer parses keeps
// its last good page (so the site around it stays whole while the editor fixes it); its
// diagnostics say why. It reports whether the file still exists.
func (b *Builder) parse(ps *pageState) (exists bool) {
	p, ds, exists := load.ReadPage(b.fsys, ps.file, &b.site.Config)
	if !exists {
		return false
	}
	ps.parseDiags = ds
	if p == nil {
		return true
	}
	if old := ps.page; old != nil {
		// Keep the page's identity: other pages point at it.
		p.Parent, p.Children = old.Parent, old.Children
		*old = *p
	} else {
		ps.page = p
	}
	ps.converted = false
	return true
}

// reloadContent re-parses the pages under the changed paths (files, or folders created,
// moved or removed) and relinks the page tree when its shape may have changed.
func (b *Builder) reloadContent(paths []string) []*pageState {
	cand := map[string]bool{}
	for _, p := range paths {
		if load.IsPageFile(p) {
			cand[p] = true
		}
		prefix := p + "/"
		for f := range b.pages {
			if strings.HasPrefix(f, prefix) {
				cand[f] = true
			}
		}
		if fi, err := fs.Stat(b.fsys, p); err == nil && fi.IsDir() {
			_ = load.Walk(b.fsys, p, func(q string, d fs.DirEntry, _ error) error {
				if !d.IsDir() && load.IsPageFile(q) {
					cand[q] = true
				}
				return nil
			})
		}
	}
	relink := false
	var parsed []*pageState
	for _, f := range slices.Sorted(maps.Keys(cand)) {
		ps := b.pages[f]
		if ps == nil {
			ps = &pageState{file: f, order: load.WalkOrder(f)}
		}
		hadPage := ps.page != nil
		var title string
		var weight int
		var reviewed site.Date
		if hadPage {
			title, weight, reviewed = ps.page.Front.Title, ps.page.Front.Weight, ps.page.Front.Reviewed
		}
		if !b.parse(ps) {
			if b.pages[f] != nil {
				delete(b.pages, f)
				relink = relink || hadPage
			}
			continue
		}
		b.pages[f] = ps
		b.linkPages[f] = true
		parsed = append(parsed, ps)
		switch {
		case !hadPage && ps.page != nil:
			relink = true
		case hadPage && (ps.page.Front.Title != title || ps.page.Front.Weight != weight):
			relink = true // the order of its section's pages may change
		case hadPage && !ps.page.Front.Reviewed.Equal(reviewed.Time):
			b.sitemapDue = true // its lastmod
		}
	}
	if relink {
		b.relink()
	}
	return parsed
}

// relink rebuilds the page list and tree from the parsed files (load.Assemble), in the
// order a full load visits them, so a duplicate path is reported on the same file.
func (b *Builder) relink() {
	states := make([]*pageState, 0, len(b.pages))
	for _, ps := range b.pages {
		if ps.page != nil {
			states = append(states, ps)
		}
	}
	sort.Slice(states, func(i, j int) bool { return states[i].order < states[j].order })
	pages := make([]*site.Page, len(states))
	for i, ps := range states {
		pages[i] = ps.page
	}
	b.treeDiags = load.Assemble(b.site, pages)
	b.recheck, b.sitemapDue, b.lateDue = true, true, true
}

// convertPending runs the markdown stage on every page of the site not converted since
// its last parse, in parallel, and returns how many it converted. When ctx is done it
// returns at once with stopped set (SIGTERM stops a build within a second, issue 15): no
// page starts converting after that, and pages still converting are left to finish on
// their own (the next run waits for them); the Builder is marked broken, so its next
// update rebuilds everything.
func (b *Builder) convertPending(ctx context.Context) (n int, stopped bool) {
	var todo []*pageState
	for _, p := range b.site.Pages {
		if ps := b.pages[p.File]; !ps.converted {
			todo = append(todo, ps)
		}
	}
	done := make(chan struct{})
	var panicked any
	go func() {
		defer close(done)
		defer func() { panicked = recover() }()
		b.convertAll(ctx, todo)
	}()
	select {
	case <-done:
		if panicked != nil {
			panic(panicked)
		}
	case <-ctx.Done():
		b.broken = true
		b.abandoned = done
		return 0, true
	}
	if ctx.Err() != nil {
		b.broken = true
		return 0, true
	}
	if len(todo) > 0 {
		b.lateDue = true
	}
	return len(todo), false
}

// convertAll converts the pages in todo in parallel, until ctx is done.
func (b *Builder) convertAll(ctx context.Context, todo []*pageState) {
	forEach(todo, func(ps *pageState) {
		if ctx.Err() != nil {
			return
		}
		if b.pageHook != nil {
			b.pageHook(ps.file)
		}
		p := ps.page
		p.HasWidget = false
		var mine []blocks.Pending
		r := b.conv.Convert(p.Body, markdown.Env{File: p.File, Title: p.Front.Title, BodyLine: p.BodyLine, Glossary: b.gloss, Block: b.reg.Render(b.site, p, &mine)})
		applyResult(p, r)
		ps.raw, ps.pending, ps.filled = p.HTML, mine, false
		ps.convDiags = append(r.Diags, checkContacts(b.site, p, r)...)
		// checkGlossary reports page by page; run on this page alone, its result is kept
		// with the page instead of scanning every page's text after each edit.
		ps.glossDiags = checkGlossary(&site.Site{Config: b.site.Config, Data: b.site.Data, Pages: []*site.Page{p}})
		ps.lateDiags = nil
		ps.converted = true
		ps.late = b.lateOf(ps)
	})
}

// fillLate fills in late blocks: on every page that has them when what they read changed,
// else only on pages converted since. It returns how many pages it filled.
func (b *Builder) fillLate() int {
	if !b.lateDue {
		return 0
	}
	b.lateDue = false
	h := b.hash()
	var late []*pageState
	for _, p := range b.site.Pages {
		ps := b.pages[p.File]
		putU64(h, ps.late)
		if len(ps.pending) > 0 {
			late = append(late, ps)
		}
	}
	sum := h.Sum64()
	n := 0
	for _, ps := range late {
		if ps.filled && sum == b.lateSum {
			continue
		}
		ps.page.HTML = ps.raw
		ps.lateDiags = b.reg.Finish(b.site, ps.pending)
		ps.filled = true
		n++
	}
	b.lateSum = sum
	return n
}

// lateOf hashes what late blocks may read of a page (see Builder).
func (b *Builder) lateOf(ps *pageState) uint64 {
	p := ps.page
	h := b.hash()
	putStr(h, p.URL)
	putBool(h, p.IsSection)
	putJSON(h, p.Front)
	for _, hd := range p.Headings {
		putU64(h, uint64(hd.Level))
		putStr(h, hd.ID)
		putStr(h, hd.Text)
	}
	putStr(h, "sections")
	for _, sec := range p.Sections {
		putStr(h, sec.Anchor)
		putStr(h, sec.Heading)
		putStr(h, strings.Join(sec.Path, "\x00"))
	}
	putStr(h, strings.Join(p.Abbrs, "\x00"))
	putStr(h, strings.Join(p.Widgets, "\x00"))
	putBool(h, p.HasWidget)
	return h.Sum64()
}

// renderPages renders every page for which some query its last render asked has a new
// answer (render.Env.Unchanged), and drops the output of pages that are gone. It returns
// the URLs rendered.
func (b *Builder) renderPages(e *render.Env) []string {
	s := b.site
	type job struct {
		p    *site.Page
		out  []byte
		deps render.Deps
		ids  map[string]bool
		err  error
	}
	jobs := make([]*job, len(s.Pages))
	for i, p := range s.Pages {
		jobs[i] = &job{p: p}
	}
	forEach(jobs, func(j *job) {
		if e.Unchanged(b.deps.pages[j.p.URL], j.p) {
			j.p = nil
			return
		}
		j.out, j.deps, j.err = b.rend.Page(e, j.p)
		if j.err == nil {
			j.ids = links.IDs(j.out)
		}
	})
	var urls []string
	for _, j := range jobs {
		if j.p == nil {
			continue
		}
		u := j.p.URL
		urls = append(urls, u)
		b.deps.pages[u] = j.deps
		if j.err != nil {
			b.renderDiags[u] = diag.Errorf(j.p.File, 0, 0, "cannot render: %v", j.err)
			b.drop(outPath(u))
			delete(b.anchors, u)
			b.recheck = true
			continue
		}
		delete(b.renderDiags, u)
		b.put(outPath(u), j.out)
		if old, ok := b.anchors[u]; !ok || !maps.Equal(old, j.ids) {
			b.recheck = true // links to this page may now resolve, or no longer
		}
		b.anchors[u] = j.ids
	}
	for u := range b.deps.pages {
		if _, ok := s.ByURL[u]; !ok {
			delete(b.deps.pages, u)
			delete(b.renderDiags, u)
			delete(b.anchors, u)
			b.drop(outPath(u))
			b.recheck = true
		}
	}
	sort.Strings(urls)
	return urls
}

// render404 renders 404.html when what it read changed, reporting whether it did.
func (b *Builder) render404(e *render.Env) bool {
	p := render.NotFoundPage(b.site)
	if e.Unchanged(b.deps.notFound, p) {
		return false
	}
	nf, deps, err := b.rend.NotFound(e, p)
	b.deps.notFound = deps
	if err != nil {
		b.diags404 = diag.List{diag.Errorf("layouts/404.html", 0, 0, "cannot render: %v", err)}
		b.drop("404.html")
		return true
	}
	b.diags404 = nil
	b.put("404.html", nf)
	return true
}

func (b *Builder) hash() *maphash.Hash {
	h := new(maphash.Hash)
	h.SetSeed(b.seed)
	return h
}

func putU64(h *maphash.Hash, v uint64) {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], v)
	h.Write(buf[:])
}

func putStr(h *maphash.Hash, s string) {
	putU64(h, uint64(len(s)))
	h.WriteString(s)
}

func putBool(h *maphash.Hash, v bool) {
	if v {
		h.WriteByte(1)
	} else {
		h.WriteByte(0)
	}
}

func putJSON(h *maphash.Hash, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("build: cannot hash front matter: " + err.Error())
	}
	putStr(h, string(b))
}
