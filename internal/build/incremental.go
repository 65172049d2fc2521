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

	outline uint64 // URL, section flag, front matter: what other pages show of it
	late    uint64 // what late blocks read of it
	own     uint64 // everything of it its own layout shows; 0 until computed
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
	b.recheck, b.sitemapDue, b.lateDue, b.keysDue = true, true, true, true
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
		b.lateDue, b.keysDue = true, true
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
		ps.outline = b.outlineOf(p)
		ps.late = b.lateOf(ps)
		ps.own = 0
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
		ps.own = 0
		n++
	}
	if n > 0 {
		b.keysDue = true
	}
	b.lateSum = sum
	return n
}

// optionsSum hashes the render options (asset URLs, widgets module, base URL, date).
func (b *Builder) optionsSum(opts *render.Options) uint64 {
	h := b.hash()
	for _, k := range slices.Sorted(maps.Keys(opts.Manifest)) {
		putStr(h, k)
		putStr(h, opts.Manifest[k])
	}
	putStr(h, opts.WASM)
	putStr(h, opts.WASMExec)
	putStr(h, opts.BaseURL)
	putStr(h, opts.DevScript)
	putU64(h, uint64(opts.Now.UnixNano()))
	return h.Sum64()
}

// keyCtx holds what page keys share, computed once per update in O(pages).
type keyCtx struct {
	base, widget, nav, all uint64
	order                  []*site.Page
	prev, next             map[*site.Page]*site.Page
	children, listing      map[*site.Page]uint64
}

// keyContext mirrors what render.Data gives a layout: navigation, reading order, section
// lists and listings.
func (b *Builder) keyContext(opts *render.Options) *keyCtx {
	s := b.site
	kc := &keyCtx{prev: map[*site.Page]*site.Page{}, next: map[*site.Page]*site.Page{}, children: map[*site.Page]uint64{}, listing: map[*site.Page]uint64{}}

	h := b.hash()
	putU64(h, b.layoutGen)
	putJSON(h, s.Config)
	for _, k := range slices.Sorted(maps.Keys(opts.Manifest)) {
		putStr(h, k)
		putStr(h, opts.Manifest[k])
	}
	putStr(h, opts.BaseURL)
	putStr(h, opts.DevScript)
	putU64(h, uint64(opts.Now.UnixNano()))
	kc.base = h.Sum64()

	h = b.hash()
	putStr(h, opts.WASM)
	putStr(h, opts.WASMExec)
	kc.widget = h.Sum64()

	h = b.hash()
	for _, name := range s.Config.Nav {
		if sec, ok := s.ByURL["/"+name+"/"]; ok {
			putU64(h, b.outline(sec))
		}
	}
	kc.nav = h.Sum64()

	// Previous and next: reading order within the same top-level section (render.Data).
	kc.order = render.ReadingOrder(s)
	for i, p := range kc.order {
		top := topSection(p)
		if i > 0 && topSection(kc.order[i-1]) == top && kc.order[i-1].URL != "/" {
			kc.prev[p] = kc.order[i-1]
		}
		if i+1 < len(kc.order) && topSection(kc.order[i+1]) == top {
			kc.next[p] = kc.order[i+1]
		}
	}

	alsoIn := map[string][]*site.Page{}
	for _, q := range s.Pages {
		for _, in := range q.Front.AlsoIn {
			alsoIn[in] = append(alsoIn[in], q)
		}
	}
	listed := func(h *maphash.Hash, q *site.Page) {
		putU64(h, b.outline(q))
		if q.IsSection {
			putU64(h, uint64(len(q.Children)))
		}
	}
	for _, p := range s.Pages {
		if !p.IsSection {
			continue
		}
		h := b.hash()
		for _, c := range p.Children {
			putU64(h, b.outline(c))
		}
		kc.children[p] = h.Sum64()
		h = b.hash()
		for _, c := range p.Children {
			listed(h, c)
		}
		putStr(h, "also")
		for _, q := range alsoIn[p.URL] {
			if q.Parent != p {
				listed(h, q)
			}
		}
		kc.listing[p] = h.Sum64()
	}

	if b.global {
		h := b.hash()
		for _, p := range s.Pages {
			putU64(h, b.ownHash(b.pages[p.File]))
		}
		kc.all = h.Sum64()
	}
	return kc
}

func topSection(p *site.Page) *site.Page {
	for p.Parent != nil && p.Parent.URL != "/" {
		p = p.Parent
	}
	return p
}

// pageKey hashes everything p's layout can show (see Builder).
func (b *Builder) pageKey(p *site.Page, kc *keyCtx) uint64 {
	h := b.hash()
	putU64(h, b.ownHash(b.pages[p.File]))
	putU64(h, kc.base)
	if p.HasWidget {
		putU64(h, kc.widget)
	}
	putStr(h, "crumbs")
	for q := p.Parent; q != nil; q = q.Parent {
		putU64(h, b.outline(q))
	}
	putStr(h, "nav")
	putU64(h, kc.nav)
	sn := p.Parent
	if p.IsSection && p.URL != "/" {
		sn = p
	}
	if sn != nil && sn.URL != "/" {
		putU64(h, b.outline(sn))
		putU64(h, kc.children[sn])
	}
	putStr(h, "list")
	if p.IsSection {
		putU64(h, kc.listing[p])
	}
	putStr(h, "pn")
	putU64(h, b.outline(kc.prev[p]))
	putU64(h, b.outline(kc.next[p]))
	putU64(h, kc.all)
	return h.Sum64()
}

// outline is what other pages' layouts can show of p: its URL and front matter.
func (b *Builder) outline(p *site.Page) uint64 {
	if p == nil {
		return 0
	}
	return b.pages[p.File].outline
}

func (b *Builder) outlineOf(p *site.Page) uint64 {
	h := b.hash()
	putStr(h, p.URL)
	putBool(h, p.IsSection)
	putJSON(h, p.Front)
	return h.Sum64()
}

// lateOf hashes what late blocks may read of a page (see Builder).
func (b *Builder) lateOf(ps *pageState) uint64 {
	p := ps.page
	h := b.hash()
	putU64(h, ps.outline)
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

// ownHash hashes what p's own layout shows of p itself.
func (b *Builder) ownHash(ps *pageState) uint64 {
	if ps.own != 0 {
		return ps.own
	}
	p := ps.page
	h := b.hash()
	putU64(h, ps.outline)
	putStr(h, string(p.HTML))
	for _, hd := range p.Headings {
		putU64(h, uint64(hd.Level))
		putStr(h, hd.ID)
		putStr(h, hd.Text)
	}
	putBool(h, p.HasWidget)
	ps.own = h.Sum64() | 1 // never 0, which means "not computed"
	return ps.own
}

// renderPages renders every page whose key changed and drops the output of pages that are
// gone. It returns the URLs rendered.
func (b *Builder) renderPages(kc *keyCtx, opts *render.Options) []string {
	s := b.site
	type job struct {
		p   *site.Page
		key uint64
		out []byte
		ids map[string]bool
		err error
	}
	var jobs []*job
	for _, p := range s.Pages {
		k := b.pageKey(p, kc)
		if old, ok := b.keys[p.URL]; ok && old == k {
			continue
		}
		jobs = append(jobs, &job{p: p, key: k})
	}
	forEach(jobs, func(j *job) {
		j.out, j.err = b.rend.Page(s, j.p, kc.order, opts)
		if j.err == nil {
			j.ids = links.IDs(j.out)
		}
	})
	urls := make([]string, 0, len(jobs))
	for _, j := range jobs {
		u := j.p.URL
		urls = append(urls, u)
		b.keys[u] = j.key
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
	for u := range b.keys {
		if _, ok := s.ByURL[u]; !ok {
			delete(b.keys, u)
			delete(b.renderDiags, u)
			delete(b.anchors, u)
			b.drop(outPath(u))
			b.recheck = true
		}
	}
	sort.Strings(urls)
	return urls
}

// render404 renders 404.html when its key changed, reporting whether it did.
func (b *Builder) render404(kc *keyCtx, opts *render.Options) bool {
	h := b.hash()
	putU64(h, kc.base)
	putU64(h, kc.nav)
	putU64(h, kc.all)
	k := h.Sum64()
	if k == b.key404 {
		return false
	}
	b.key404 = k
	nf, err := b.rend.NotFound(b.site, opts)
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
