package build

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"signpost/internal/blocks"
	"signpost/internal/citation"
	"signpost/internal/diag"
	"signpost/internal/links"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/readability"
	"signpost/internal/render"
	"signpost/internal/site"
)

// This file is the page side of a Builder (builder.go): reading and parsing content
// files (internal/load), keeping the page tree, converting Markdown, filling late blocks,
// and rendering the pages whose recorded dependencies changed (internal/render).

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

	// unread: the page came from the build cache without its file being read (pageCache):
	// it has no body, and bodyKey stands for it (the Markdown cache has its conversion).
	// keyed: bodyKey is the page's (readPage worked it out or the cache had it).
	unread, keyed bool
	bodyKey       [32]byte

	late uint64 // what late blocks read of it
	// checks are its citation and readability diagnostics, made from what checkKey hashes.
	checks pageChecks
	// ver changes whenever the page does (parsed, converted, late blocks filled in), to a
	// number no page had before: render.Env takes answers about an unchanged page from
	// the last update.
	ver uint64
}

var versions atomic.Uint64

// changed gives ps a new version.
func (ps *pageState) changed() { ps.ver = versions.Add(1) }

// version is the version of the page at URL u, 0 when there is none; version("") is
// the version of the site's shape (render.NewEnv): it changes whenever the page tree is
// relinked, the site is reloaded or a page's front matter changes.
func (b *Builder) version(u string) uint64 {
	if u == "" {
		return b.model.shape
	}
	if p := b.model.site.ByURL[u]; p != nil {
		if ps := b.model.pages[p.File]; ps != nil {
			return ps.ver
		}
	}
	return 0
}

// loadSite reads site.yaml, the data files and every page: the load and data stages.
func (b *Builder) loadSite() []*pageState {
	cfg, diags := load.LoadConfig(b.fsys)
	s := load.NewSite(cfg)
	b.model.configDiags = slices.Clone(diags)
	files, stats, ds := load.ScanStat(b.fsys, s)
	diags.Add(ds...)
	if b.cfg.BaseURL != "" {
		s.Config.BaseURL = b.cfg.BaseURL
	}
	reg := blocks.New()
	diags.Add(loadData(s, reg)...)
	b.model.site, b.model.reg, b.model.diags = s, reg, diags
	b.model.gloss = glossaryMap(s)
	b.late.sum = 0

	states := make([]*pageState, len(files))
	for i, f := range files {
		states[i] = &pageState{file: f, order: load.WalkOrder(f)}
	}
	// Read each folder's files from the folder (load.ReadFiles: a third of the system
	// calls), in runs of up to 64 files so a big folder still spreads over the CPUs.
	type run struct {
		states []*pageState
		stats  []load.Stat
	}
	var runs []run
	for i, ps := range states {
		if n := len(runs); n == 0 || len(runs[n-1].states) == 64 || path.Dir(ps.file) != path.Dir(states[i-1].file) {
			runs = append(runs, run{})
		}
		r := &runs[len(runs)-1]
		r.states, r.stats = append(r.states, ps), append(r.stats, stats[i])
	}
	// With a build cache, a file whose Stat (as the walk found it) is the one recorded is
	// not even opened (unchangedFile).
	var unchanged func(string, load.Stat) bool
	if c := b.cache; c != nil && c.pages.on && c.pages.prev != nil {
		unchanged = b.unchangedFile
	}
	forEach(runs, func(r run) {
		files := make([]string, len(r.states))
		for i, ps := range r.states {
			files[i] = ps.file
		}
		i := 0
		load.ReadFilesUnless(b.fsys, files, r.stats, unchanged, func(_ string, data []byte, st load.Stat, unread bool, err error) {
			p, ds, exists := b.readPage(r.states[i], &fileRead{data, err, st, unread})
			b.setPage(r.states[i], p, ds, exists)
			i++
		})
	})
	if c := b.cache; c != nil && c.pages.on {
		c.detail += fmt.Sprintf("; front matter: %d of %d files parsed (%d not read: unchanged)", len(states)-c.pages.hits, len(states), c.pages.unread)
	}
	b.model.pages = make(map[string]*pageState, len(states))
	for _, ps := range states {
		b.model.pages[ps.file] = ps
	}
	b.relink()
	return states
}

// parse reads and parses ps's file (load.ReadPage). A file that no longer parses keeps
// its last good page (so the site around it stays whole while the editor fixes it); its
// diagnostics say why. It reports whether the file still exists.
func (b *Builder) parse(ps *pageState) (exists bool) {
	p, ds, exists := b.readPage(ps, nil) // load.ReadPage, or what the build cache has for the file
	return b.setPage(ps, p, ds, exists)
}

// setPage is parse's end, given what readPage returned.
func (b *Builder) setPage(ps *pageState, p *site.Page, ds diag.List, exists bool) bool {
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
	ps.changed()
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
		for f := range b.model.pages {
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
		ps := b.model.pages[f]
		if ps == nil {
			ps = &pageState{file: f, order: load.WalkOrder(f)}
		}
		hadPage := ps.page != nil
		var title string
		var weight int
		var before site.Page
		if hadPage {
			title, weight = ps.page.Front.Title, ps.page.Front.Weight
			before = *ps.page
		}
		if !b.parse(ps) {
			if b.model.pages[f] != nil {
				delete(b.model.pages, f)
				relink = relink || hadPage
			}
			continue
		}
		b.model.pages[f] = ps
		b.links.pages[f] = true
		parsed = append(parsed, ps)
		if p := ps.page; p != nil && (!hadPage || before.URL != p.URL || before.IsSection != p.IsSection || !reflect.DeepEqual(before.Front, p.Front)) {
			b.model.shape = versions.Add(1) // shape queries are answered again (render.NewEnv)
		}
		switch {
		case !hadPage && ps.page != nil:
			relink = true
		case hadPage && (ps.page.Front.Title != title || ps.page.Front.Weight != weight):
			relink = true // the order of its section's pages may change
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
	states := make([]*pageState, 0, len(b.model.pages))
	for _, ps := range b.model.pages {
		if ps.page != nil {
			states = append(states, ps)
		}
	}
	sort.Slice(states, func(i, j int) bool { return states[i].order < states[j].order })
	pages := make([]*site.Page, len(states))
	for i, ps := range states {
		pages[i] = ps.page
	}
	b.model.treeDiags = load.Assemble(b.model.site, pages)
	b.model.shape = versions.Add(1)
	b.links.recheck = true
}

// convertPending runs the markdown stage on every page of the site not converted since
// its last parse, in parallel, and returns how many it converted. When ctx is done it
// returns at once with stopped set (SIGTERM stops a build within a second, issue 15): no
// page starts converting after that, and pages still converting are left to finish on
// their own (the next run waits for them); the Builder is marked broken, so its next
// update rebuilds everything.
func (b *Builder) convertPending(ctx context.Context) (n int, stopped bool) {
	var todo []*pageState
	for _, p := range b.model.site.Pages {
		if ps := b.model.pages[p.File]; !ps.converted {
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
		b.carry.broken = true
		b.carry.abandoned = done
		return 0, true
	}
	if ctx.Err() != nil {
		b.carry.broken = true
		return 0, true
	}
	return len(todo), false
}

// convertAll converts the pages in todo in parallel, until ctx is done.
func (b *Builder) convertAll(ctx context.Context, todo []*pageState) {
	forEach(todo, func(ps *pageState) {
		if ctx.Err() != nil {
			return
		}
		if b.hooks.page != nil {
			b.hooks.page(ps.file)
		}
		p := ps.page
		p.HasWidget = false
		var mine []blocks.Pending
		r := b.cachedConversion(ps) // a build with a cache: the same input converted last time (cache.go)
		if r == nil {
			if ps.unread {
				b.readBody(ps)
			}
			block, blocked := blockUse(b.model.reg.Render(b.model.site, p, &mine))
			r = b.conv.Convert(p.Body, markdown.Env{File: p.File, Title: p.Front.Title, BodyLine: p.BodyLine, Glossary: b.model.gloss, Block: block})
			b.keepConversion(ps, r, *blocked)
		}
		ps.unread, ps.keyed = false, false
		applyResult(p, r)
		b.keepLinkOnly(p) // a build with a cache: the page's record for the next (cache.go)
		ps.raw, ps.pending, ps.filled = p.HTML, mine, false
		ps.convDiags = append(r.Diags, checkContacts(b.model.site, p, r)...)
		// checkGlossary reports page by page; run on this page alone, its result is kept
		// with the page instead of scanning every page's text after each edit.
		ps.glossDiags = checkGlossary(&site.Site{Config: b.model.site.Config, Data: b.model.site.Data, Pages: []*site.Page{p}})
		ps.lateDiags = nil
		ps.converted = true
		ps.changed()
		ps.late = b.lateOf(ps)
	})
}

// readBody gives a page that came from the build cache without its file being read its
// body, when its conversion is not in the cache after all (only a cache entry spoilt
// under a good checksum does that): the body of the file as it is now. Were the file
// written since its Stat was taken, the body may not be the one the rest of the page came
// from; the page is then as if the edit had landed during the build, its conversion is
// kept under its own body's key, and the next build reads the file (its Stat differs).
func (b *Builder) readBody(ps *pageState) {
	ps.unread, ps.keyed = false, false
	if src, err := fs.ReadFile(b.fsys, ps.file); err == nil {
		if p, _ := load.ParsePage(ps.file, src, &b.model.site.Config); p != nil {
			ps.page.Body = p.Body
		}
	}
}

// fillLate fills in late blocks: on every page that has them when what they read changed,
// else only on pages converted since. It returns how many pages it filled.
func (b *Builder) fillLate() int {
	h := b.hash()
	var late []*pageState
	for _, p := range b.model.site.Pages {
		ps := b.model.pages[p.File]
		putU64(h, ps.late)
		if len(ps.pending) > 0 {
			late = append(late, ps)
		}
	}
	sum := h.Sum64()
	n := 0
	for _, ps := range late {
		if ps.filled && sum == b.late.sum {
			continue
		}
		ps.page.HTML = ps.raw
		ps.lateDiags = b.model.reg.Finish(b.model.site, ps.pending)
		ps.filled = true
		ps.changed()
		n++
	}
	b.late.sum = sum
	return n
}

// lateOf hashes what late blocks may read of a page (see Builder).
func (b *Builder) lateOf(ps *pageState) uint64 {
	p := ps.page
	h := b.hash()
	putStr(h, p.URL)
	putBool(h, p.IsSection)
	e := encoder{b: make([]byte, 0, 512)} // every field (cache_codec.go; json.Marshal took 9 µs a page)
	e.front(&p.Front)
	h.Write(e.b)
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

// pageChecks are one page's results of the whole-site content checks.
type pageChecks struct {
	ok           bool
	key          uint64
	cites, plain diag.List
}

// contentChecks returns what citation.Check and readability.Check report for the site, in
// the same order. Both check each page on its own (readability reads only the page; the
// citation check reads the sections it cites and the site's areas), so a page's results
// are kept and made again only when checkKey changes: after a body edit, one page is
// checked, not the whole site (on the real site, a quarter of a second).
func (b *Builder) contentChecks(strict bool) diag.List {
	s := b.model.site
	var cites, plain diag.List
	for _, p := range s.Pages {
		ps := b.model.pages[p.File]
		if ps == nil || ps.page != p {
			one := b.pageChecks(p, strict)
			cites.Add(one.cites...)
			plain.Add(one.plain...)
			continue
		}
		if k := b.checkKey(ps, strict); !ps.checks.ok || ps.checks.key != k {
			ps.checks = b.pageChecks(p, strict)
			ps.checks.key = k
		}
		cites.Add(ps.checks.cites...)
		plain.Add(ps.checks.plain...)
	}
	return append(cites, plain...)
}

// pageChecks runs the content checks on p alone, in the site as it is.
func (b *Builder) pageChecks(p *site.Page, strict bool) pageChecks {
	one := *b.model.site
	one.Pages = []*site.Page{p}
	cites, _ := citation.Check(&one, strict)
	plain, _ := readability.Check(&one, citation.Publisher)
	return pageChecks{ok: true, cites: cites, plain: plain}
}

// checkKey hashes what the content checks read for ps: the page (its version), the site's
// shape (URLs, front matter, areas: see version) and the version of every page it cites.
func (b *Builder) checkKey(ps *pageState, strict bool) uint64 {
	h := b.hash()
	putU64(h, ps.ver)
	putU64(h, b.model.shape)
	putBool(h, strict)
	for _, st := range ps.page.Statements {
		for _, c := range st.Cites {
			u, _, _ := strings.Cut(c, "#")
			putStr(h, u)
			putU64(h, b.version(u))
		}
	}
	return h.Sum64()
}

// renderPages renders every page for which some query its last render asked has a new
// answer (render.Env.Unchanged), and drops the output of pages that are gone. It returns
// the URLs rendered.
func (b *Builder) renderPages(e *render.Env) []string {
	s := b.model.site
	type job struct {
		p    *site.Page
		out  []byte
		deps *render.Deps
		ids  map[string]bool
		err  error
	}
	var jobs []*job
	for _, p := range s.Pages {
		if !e.Unchanged(b.out.deps.pages[p.URL], p) {
			jobs = append(jobs, &job{p: p})
		}
	}
	forEach(jobs, func(j *job) {
		j.out, j.deps, j.err = b.layouts.rend.Page(e, j.p)
		if j.err == nil {
			j.ids = links.IDs(j.out)
			j.out = b.handOver(outPath(j.p.URL), j.out) // a build publishing as it goes writes it now
		}
	})
	urls := make([]string, 0, len(jobs))
	for _, j := range jobs {
		u := j.p.URL
		urls = append(urls, u)
		b.out.deps.pages[u] = j.deps
		if j.err != nil {
			b.out.renderDiags[u] = diag.Errorf(j.p.File, 0, 0, "cannot render: %v", j.err)
			b.drop(outPath(u))
			delete(b.out.anchors, u)
			b.links.recheck = true
			continue
		}
		delete(b.out.renderDiags, u)
		b.put(outPath(u), j.out)
		if old, ok := b.out.anchors[u]; !ok || !maps.Equal(old, j.ids) {
			b.links.recheck = true // links to this page may now resolve, or no longer
		}
		b.out.anchors[u] = j.ids
	}
	for u := range b.out.deps.pages {
		if _, ok := s.ByURL[u]; !ok {
			delete(b.out.deps.pages, u)
			delete(b.out.renderDiags, u)
			delete(b.out.anchors, u)
			b.drop(outPath(u))
			b.links.recheck = true
		}
	}
	sort.Strings(urls)
	return urls
}

// render404 renders 404.html when what it read changed, reporting whether it did.
func (b *Builder) render404(e *render.Env) bool {
	p := render.NotFoundPage(b.model.site)
	if e.Unchanged(b.out.deps.notFound, p) {
		return false
	}
	nf, deps, err := b.layouts.rend.NotFound(e, p)
	b.out.deps.notFound = deps
	if err != nil {
		b.out.diags404 = diag.List{diag.Errorf("layouts/404.html", 0, 0, "cannot render: %v", err)}
		b.drop("404.html")
		return true
	}
	b.out.diags404 = nil
	b.put("404.html", nf)
	return true
}

func (b *Builder) hash() *maphash.Hash {
	h := new(maphash.Hash)
	h.SetSeed(b.late.seed)
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
