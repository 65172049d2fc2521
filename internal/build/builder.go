package build

import (
	"context"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"os"
	"path"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"signpost/internal/assets"
	"signpost/internal/blocks"
	"signpost/internal/diag"
	"signpost/internal/links"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/publish"
	"signpost/internal/render"
	"signpost/internal/search"
	"signpost/internal/site"
)

// Builder runs the stages of a build and keeps what each one produced, so that after a
// change to a few source files it redoes only the work those files feed. `signpost serve`
// keeps one Builder for its whole session; Run uses one for a single full build, so both
// share every line of the pipeline.
//
// What an update redoes (Update's changed paths are relative to the site root; widget
// sources are "widgets/…" relative to the module root):
//
//	content/**.md       re-parse and convert those pages only; relink the page tree when a
//	                    page appears, disappears, or changes its title or weight
//	content/_data/**,   full reload of the site model (pages re-parsed); pages are still
//	site.yaml           re-rendered only when their output can change
//	layouts/**          reload the templates and re-render every page; no Markdown is parsed
//	assets/**.css       rebuild the CSS bundle only; in Dev mode its URL does not change, so
//	                    no page is re-rendered
//	assets/** (other)   rebuild the JS bundle (and the CSS one for files it cannot place)
//	widgets/**          recompile the WebAssembly module
//	static/**           copy static/ again
//
// Which pages are re-rendered is decided by what their last render read. A layout sees
// the site only through render's views, and every read asks a named query whose answer's
// hash the render records (render.Deps): the page's own HTML and front matter, another
// page's title, a section's pages, the previous page, an asset's URL, .Site.Pages. After
// a change, each output's recorded queries are asked again of the new site
// (render.Env.Unchanged, which answers each query once per update) and the output is
// rendered when some answer differs; so a body edit renders one page and a title edit
// also renders the pages that show the title. Nothing here mirrors what layouts read:
// a new field of the render data is tracked as it is read.
//
// Late blocks (the A–Z of sections, the glossary) see the whole site. They are filled in
// again when what they may read changes: any page's URL, front matter, headings, section
// headings, glossary terms or widgets. They must not read other pages' body text.
//
// A Builder is not safe for concurrent use. A panic during an update is recovered and
// reported as a diagnostic; the next update then rebuilds everything.
type Builder struct {
	cfg  Config
	fsys fs.FS
	conv *markdown.Converter

	// The state of each stage, in the order they run.
	model   model       // load, data, markdown: the site model
	late    lateState   // late blocks
	layouts layoutState // the templates
	css, js assetGroup  // the asset bundles
	wasm    wasmState   // the widgets module
	out     output      // render: the file set and what made each page of it
	static  staticState // static/
	search  searchState // the search index
	links   linkState   // the link check
	carry   carryState  // what one update leaves the next
	cache   *cacheState // the build cache (cache.go), during Build
	hooks   hooks       // tests
	pub     pubState    // the publish a CLI build streams into (Run with Config.Out)
}

// pubState is the publish transaction of a build that writes to disk (Run with
// Config.Out). Each output file is handed to it as soon as it is made, and the output
// keeps only the file's name (with nil bytes) and size: the whole site is never in memory.
type pubState struct {
	tx    *publish.Tx
	sizes map[string]int // output path → size, for the files handed over
	err   error          // the first publish error: the build fails and nothing is swapped in

	mu    sync.Mutex
	early map[string]int // pages handed over by render workers, not yet put (handOver)
}

// model is the site model of the load, data and markdown stages. A full reload replaces
// it; a content change re-parses single pages in it.
type model struct {
	site  *site.Site
	reg   *blocks.Registry
	gloss map[string]string
	pages map[string]*pageState // content file → its page
	diags diag.List             // site.yaml, data files, reading content/
	// configDiags are site.yaml's own; with an error among them the build reports only
	// these: every later stage reads the configuration, and a broken one made a knock-on
	// error on nearly every page, with the cause printed last (issue #18).
	configDiags diag.List
	treeDiags   diag.List // duplicate paths, pages outside a section
	shape       uint64    // changes with the page tree or any front matter (incremental.go)
}

// lateState is what the late blocks were last filled in from.
type lateState struct {
	seed maphash.Seed
	sum  uint64 // hash of what late blocks read, over every page
}

// layoutState is the parsed templates.
type layoutState struct {
	rend  *render.Renderer
	diags diag.List
}

// output is the file set and, for the pages in it, what their renders read and found.
type output struct {
	files       map[string][]byte
	deps        renderDeps      // what each output's last render read
	tracker     *render.Tracker // the queries renders asked, and their last answers
	whole       map[string]wholePage
	anchors     map[string]map[string]bool
	renderDiags map[string]diag.Diag // page URL → why it could not be rendered
	diags404    diag.List
	mapShape    uint64 // the site's shape (Builder.version) sitemap.xml was made for
}

// staticState is the copy of static/; due when a change asked for a copy that an early
// stop (errors before render) left undone.
type staticState struct {
	files []string // outputs copied from static/
	diags diag.List
	due   bool
}

// searchState is the search index; due while what it reads changed since it was built.
type searchState struct {
	files []string // outputs of the search index
	diags diag.List
	due   bool
	gen   uint64        // counts changes to what the search index reads
	reuse *search.Reuse // what the last index keeps for the next (cache.go)
}

// linkState is the link check: its diagnostics by file, the output paths it last saw, and
// what the next check must cover. Only re-parsed pages are checked again, unless a page's
// anchors or the set of output paths changed (recheck).
type linkState struct {
	checked map[string]diag.List
	exists  map[string]bool
	pages   map[string]bool
	recheck bool
}

// carryState is what one update leaves the next.
type carryState struct {
	skipped bool // the last update stopped before render
	broken  bool // a panic may have left the state inconsistent: rebuild everything
	// abandoned, when set, is closed once the conversions a stopped build left running
	// have finished; they still read the site model, so the next run waits for it.
	abandoned chan struct{}
}

// hooks, when set (tests): build runs at the start of every build or update; page
// before each page's conversion, on a worker goroutine.
type hooks struct {
	build func(changed []string)
	page  func(file string)
}

// renderDeps are what the last render of each output read (render.Deps), by URL; a page
// is rendered again when some of it has a new answer. An output with none is rendered.
type renderDeps struct {
	pages, whole, embeds map[string]*render.Deps
	notFound             *render.Deps
}

// assetGroup is one esbuild run: the CSS entry points or the JS ones.
type assetGroup struct {
	ext      string
	files    []string
	manifest assets.Manifest
	diags    diag.List
}

// wasmState is the compiled widgets module, kept across updates.
type wasmState struct {
	built     bool
	files     map[string][]byte
	url, exec string
	diags     diag.List
}

// Stats says what one build or update did, so tests can assert incrementality by counting
// work instead of timing it.
type Stats struct {
	Full     bool     // the site model was reloaded (first build, site.yaml, data files)
	Parsed   []string // content files parsed and converted, sorted
	Rendered []string // page URLs rendered, sorted ("/404.html" for the 404 page)
	Whole    []string // whole-document page URLs rendered (internal/printdoc), sorted
	Embeds   []string // embeddable pages and the staff page rendered (internal/embed)
	Late     int      // pages whose late blocks were filled in again
	Layouts  bool     // templates reloaded
	CSS, JS  bool     // asset bundles rebuilt
	WASM     bool     // widgets module rebuilt
	Static   bool     // static/ copied
	Search   bool     // search index rebuilt
	Skipped  bool     // errors before render: nothing was rendered
	Cache    string   // what the build cache (Config.BuildCache) gave, or why nothing
	// Took is how long each stage ran, in order (for benchmarks; stages not run are left
	// out, except that a stage's time includes waiting for work started earlier).
	Took []StageTime
}

// StageTime is the time one stage of a build took.
type StageTime struct {
	Stage string
	Time  time.Duration
}

// String formats the stage times as "load 1ms, markdown 3ms, …".
func (s Stats) String() string {
	parts := make([]string, 0, len(s.Took))
	for _, t := range s.Took {
		parts = append(parts, fmt.Sprintf("%s %s", t.Stage, t.Time.Round(10*time.Microsecond)))
	}
	return strings.Join(parts, ", ")
}

// NewBuilder returns a Builder for cfg. Nothing is read until Build or Update.
func NewBuilder(cfg Config) *Builder {
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	fsys := cfg.FS
	if fsys == nil {
		var err error
		if fsys, err = load.SiteFS(cfg.Src); err != nil {
			fsys = os.DirFS(cfg.Src) // every read fails and says why
		}
	}
	b := &Builder{cfg: cfg, fsys: fsys, conv: markdown.Default(), late: lateState{seed: maphash.MakeSeed()}}
	b.reset()
	return b
}

func (b *Builder) reset() {
	b.model = model{}
	b.late.sum = 0
	b.layouts = layoutState{}
	b.css = assetGroup{ext: ".css"}
	b.js = assetGroup{ext: ".js"}
	b.wasm = wasmState{}
	b.out = output{files: map[string][]byte{}, anchors: map[string]map[string]bool{}, renderDiags: map[string]diag.Diag{}, whole: map[string]wholePage{}}
	b.clearDeps()
	b.static = staticState{}
	b.search = searchState{gen: b.search.gen}
	b.links = linkState{checked: map[string]diag.List{}, pages: map[string]bool{}, recheck: true}
	b.carry.broken = false
}

// Build builds the whole site from scratch.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	b.waitAbandoned()
	b.reset()
	if b.cfg.BuildCache == "" {
		return b.run(ctx, nil, everything())
	}
	start := time.Now()
	b.openCache()
	opened := time.Since(start)
	defer func() { b.cache = nil }()
	res, err := b.run(ctx, nil, everything())
	if err == nil && res != nil {
		if b.cache.restored {
			b.cache.note = fmt.Sprintf("cache: %d of %d pages rendered", len(res.Stats.Rendered), len(b.model.site.Pages)+1)
		}
		start := time.Now()
		if serr := b.saveCache(); serr != nil {
			b.cache.note += "; cache not saved: " + serr.Error()
		}
		res.Stats.Cache = b.cache.note + b.cache.detail
		// The cache's own stages: opened before run's first stage, saved after its last.
		res.Stats.Took = append([]StageTime{{"cache open", opened}}, res.Stats.Took...)
		res.Stats.Took = append(res.Stats.Took, StageTime{"cache save", time.Since(start)})
	}
	return res, err
}

// waitAbandoned waits for the conversions of a stopped build to finish.
func (b *Builder) waitAbandoned() {
	if b.carry.abandoned != nil {
		<-b.carry.abandoned
		b.carry.abandoned = nil
	}
}

// everything is the work of a build from scratch.
func everything() changes {
	return changes{full: true, layouts: true, css: true, js: true, wasm: true, static: true}
}

// Update rebuilds after the given files or folders changed (created, written, renamed or
// removed), doing only the work they feed. The first call after NewBuilder, and the first
// after a recovered panic, builds everything.
func (b *Builder) Update(ctx context.Context, changed []string) (*Result, error) {
	b.waitAbandoned()
	ch := classify(changed)
	if b.model.site == nil || b.carry.broken {
		b.reset()
		ch = everything()
	}
	return b.run(ctx, changed, ch)
}

// changes is what a set of changed paths asks the builder to redo. full reloads the site
// model (configuration, data, every page); the other stages keep their results.
type changes struct {
	full                           bool
	layouts, css, js, wasm, static bool
	content                        []string
}

// classify sorts changed paths by the stage they feed (see Builder).
func classify(paths []string) changes {
	var ch changes
	under := func(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }
	for _, p := range paths {
		p = strings.Trim(path.Clean(strings.ReplaceAll(p, "\\", "/")), "/")
		switch {
		case p == load.ConfigFile, under(p, load.DataDir), p == load.ContentDir, p == "." || p == "":
			ch.full = true
		case under(p, load.ContentDir):
			ch.content = append(ch.content, p)
		case under(p, render.LayoutDir):
			ch.layouts = true
		case under(p, assets.Dir+"/dev"):
			// The live-reload client: served by serve itself, not part of the build.
		case under(p, assets.Dir):
			switch path.Ext(p) {
			case ".css":
				ch.css = true
			case ".js", ".mjs", ".ts":
				ch.js = true
			default: // a folder, or a file either bundle may import
				ch.css, ch.js = true, true
			}
		case under(p, "static"):
			ch.static = true
		case under(p, "widgets"), p == "go.mod", p == "go.sum":
			ch.wasm = true
		}
	}
	return ch
}

// run does the work ch asks for, in the stage order of Run.
func (b *Builder) run(ctx context.Context, changed []string, ch changes) (res *Result, err error) {
	start := time.Now()
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		b.carry.broken = true
		stack := string(debug.Stack())
		d := diag.Errorf("", 0, 0, "internal error while rebuilding: %v", r).
			WithHint("the next change rebuilds everything; if it happens again, report it with this trace: %s", firstFrames(stack, 6))
		res, err = finish(&Result{Site: b.model.site, Files: maps.Clone(b.out.files), Stats: Stats{Skipped: true}}, diag.List{d}, start)
	}()
	if b.hooks.build != nil {
		b.hooks.build(changed)
	}
	st := Stats{Full: ch.full}
	sw := stopwatch{last: start, st: &st}

	// Assets do not depend on pages: start them now.
	var wg sync.WaitGroup
	var cssOut, jsOut map[string][]byte
	if ch.css {
		wg.Go(func() { cssOut = b.bundle(&b.css) })
	}
	if ch.js {
		wg.Go(func() { jsOut = b.bundle(&b.js) })
	}
	defer wg.Wait() // a panic below must not leave the bundles writing

	var parsed []*pageState
	if ch.full {
		parsed = b.loadSite()
	} else if len(ch.content) > 0 {
		parsed = b.reloadContent(ch.content)
	}
	if ch.full || len(parsed) > 0 || len(ch.content) > 0 {
		b.search.due = true
		b.search.gen++
	}
	for _, ps := range parsed {
		st.Parsed = append(st.Parsed, ps.file)
	}
	sort.Strings(st.Parsed)
	sw.lap("load")
	if ctx.Err() != nil {
		return b.stopped(ctx, start)
	}
	n, stopped := b.convertPending(ctx)
	if stopped {
		return b.stopped(ctx, start)
	}
	if n > 0 {
		sw.lap("markdown")
	}
	b.noteConversions(n)
	st.Late = b.fillLate()
	sw.lap("late")

	// The search index depends on the pages' sections (complete once the late blocks are
	// filled), not on layouts or rendered HTML: build it while the rest runs. A build that
	// stops before the index is joined waits for it first, so no job outlives its build.
	// The pages are copied here; the job waits for the build cache's search file on its
	// own goroutine (nothing else touches b.search until the join).
	var job *SearchJob
	var jobDone chan struct{}
	if b.search.due && !b.cfg.SearchLater && b.model.site != nil {
		job = b.newSearchJob()
		jobDone = make(chan struct{})
		go func() {
			defer close(jobDone)
			b.takeSearchCache()
			job.reuse = b.searchReuse()
			job.Run()
		}()
		defer func() { <-jobDone }()
	}

	if ch.layouts {
		b.loadLayouts()
		st.Layouts = true
		sw.lap("layouts")
	}
	wg.Wait()
	if ch.css {
		b.mergeAssets(&b.css, cssOut)
		st.CSS = true
	}
	if ch.js {
		b.mergeAssets(&b.js, jsOut)
		st.JS = true
	}
	sw.lap("assets")
	st.WASM = b.widgets(ctx, ch.wasm)
	sw.lap("wasm")
	if ch.static {
		b.static.due = true
	}

	if ctx.Err() != nil {
		return b.stopped(ctx, start)
	}
	diags := b.preRenderDiags()
	sw.lap("checks")
	b.carry.skipped = diags.HasErrors() || b.layouts.rend == nil
	if b.carry.skipped {
		st.Skipped = true
		return finish(&Result{Site: b.model.site, Files: maps.Clone(b.out.files), Stats: st}, diags, start)
	}

	opts := b.options()
	env := render.NewEnv(b.out.tracker, b.model.site, opts, b.version)
	st.Rendered = b.renderPages(env)
	st.Whole = b.renderWhole(env, opts)
	st.Embeds = b.renderEmbeds(env, opts)
	if b.render404(env) {
		st.Rendered = append(st.Rendered, "/404.html")
		sort.Strings(st.Rendered)
	}
	env.Done()
	sw.lap("render")
	if b.static.due {
		b.copyStatic()
		b.static.due = false
		st.Static = true
	}
	// The sitemap reads page URLs, review dates and the base URL: it is made again when
	// the site's shape changed (a body edit leaves it).
	if b.out.mapShape == 0 || b.out.mapShape != b.model.shape {
		b.put("sitemap.xml", render.Sitemap(b.model.site, b.model.site.Config.BaseURL))
		b.put("robots.txt", render.Robots(b.model.site.Config.BaseURL))
		b.out.mapShape = b.model.shape
	}
	sw.lap("files")
	if job != nil {
		<-jobDone
		b.applySearch(job)
		st.Search = true
		sw.lap("search")
	}
	return b.result(diags, &sw, start)
}

// stopped is the result of a build stopped because ctx is done: an error, no site (pages
// may still be converting), and the output as it was. The next update rebuilds everything.
func (b *Builder) stopped(ctx context.Context, start time.Time) (*Result, error) {
	b.carry.broken = true
	d := diag.Errorf("", 0, 0, "build stopped: %v", context.Cause(ctx))
	return finish(&Result{Files: maps.Clone(b.out.files), Stats: Stats{Skipped: true}}, diag.List{d}, start)
}

// result checks the links of the rendered site and returns the output with every
// diagnostic.
func (b *Builder) result(diags diag.List, sw *stopwatch, start time.Time) (*Result, error) {
	b.writeWorker()
	b.checkLinks()
	sw.lap("links")

	for _, u := range slices.Sorted(maps.Keys(b.out.renderDiags)) {
		diags.Add(b.out.renderDiags[u])
	}
	diags.Add(b.out.diags404...)
	diags.Add(b.static.diags...)
	diags.Add(b.search.diags...)
	for _, f := range slices.Sorted(maps.Keys(b.links.checked)) {
		diags.Add(b.links.checked[f]...)
	}
	files := maps.Clone(b.out.files)
	sw.lap("snapshot")
	return finish(&Result{Site: b.model.site, Files: files, Stats: *sw.st}, diags, start)
}

// SearchJob builds the search index from a snapshot of the pages. Its Run may be called on
// any goroutine, while the Builder goes on with updates; ApplySearch then puts the index
// in the output. Building the index takes seconds on a large site (it ranks every section
// against the whole site), so serve publishes a page edit first and the index after.
type SearchJob struct {
	site   *site.Site
	gen    uint64
	files  map[string][]byte
	diags  diag.List
	failed bool
	took   time.Duration
	// reuse is what the last index kept for this one, next what this one keeps
	// (search.BuildReusing).
	reuse, next *search.Reuse
}

// Run builds the index. A panic is reported as a diagnostic, and the index as it was stays.
func (j *SearchJob) Run() {
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			j.files, j.diags, j.failed = nil, diag.List{diag.Errorf("", 0, 0, "internal error while building the search index: %v", r)}, true
		}
		j.took = time.Since(start)
	}()
	j.files, j.next, j.diags = buildSearchReusing(j.site, j.reuse)
}

// SearchJob returns a job that builds the index from the pages as they are now, or nil
// when the index is up to date or the last update stopped on errors.
func (b *Builder) SearchJob() *SearchJob {
	if !b.search.due || b.carry.skipped || b.model.site == nil {
		return nil
	}
	b.takeSearchCache()
	j := b.newSearchJob()
	j.reuse = b.searchReuse()
	return j
}

// newSearchJob is a job over a snapshot of the pages as they are now; its caller sets
// what it starts from (reuse).
func (b *Builder) newSearchJob() *SearchJob {
	// Shallow copies: an update replaces a page's fields (in place) but never changes the
	// slices and maps they point to, so the copies stay as they were.
	snap := &site.Site{Config: b.model.site.Config, Data: b.model.site.Data, DataFiles: b.model.site.DataFiles,
		Pages: make([]*site.Page, len(b.model.site.Pages)), ByURL: make(map[string]*site.Page, len(b.model.site.Pages))}
	for i, p := range b.model.site.Pages {
		cp := *p
		snap.Pages[i] = &cp
		snap.ByURL[cp.URL] = &cp
	}
	snap.Home = snap.ByURL["/"]
	return &SearchJob{site: snap, gen: b.search.gen}
}

// ApplySearch puts a finished job's index in the output and returns the site as it is now.
// If pages changed after the job's snapshot, the index stays due and SearchJob returns a
// new job.
func (b *Builder) ApplySearch(j *SearchJob) (*Result, error) {
	start := time.Now()
	st := Stats{Search: true, Took: []StageTime{{"search", j.took}}}
	b.applySearch(j)
	diags := b.preRenderDiags()
	if diags.HasErrors() || b.layouts.rend == nil {
		st.Skipped = true
		return finish(&Result{Site: b.model.site, Files: maps.Clone(b.out.files), Stats: st}, diags, start)
	}
	sw := stopwatch{last: start, st: &st}
	return b.result(diags, &sw, start)
}

func (b *Builder) applySearch(j *SearchJob) {
	b.search.diags = j.diags
	if j.failed {
		return
	}
	b.search.files = b.replace(b.search.files, j.files)
	b.search.reuse = j.next
	b.noteSearch(j)
	if j.gen == b.search.gen {
		b.search.due = false
	}
}

// stopwatch records how long each stage of an update took.
type stopwatch struct {
	last time.Time
	st   *Stats
}

func (w *stopwatch) lap(stage string) {
	now := time.Now()
	w.st.Took = append(w.st.Took, StageTime{stage, now.Sub(w.last)})
	w.last = now
}

func firstFrames(stack string, n int) string {
	lines := strings.Split(stack, "\n")
	var out []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "/") && !strings.Contains(l, "/runtime/") {
			out = append(out, l)
			if len(out) == n {
				break
			}
		}
	}
	return strings.Join(out, " ← ")
}

// preRenderDiags collects every diagnostic of the stages before render; with errors among
// them, nothing is rendered (as in a full build).
func (b *Builder) preRenderDiags() diag.List {
	if b.model.configDiags.HasErrors() {
		return b.model.configDiags
	}
	var diags diag.List
	diags.Add(b.model.diags...)
	diags.Add(b.model.treeDiags...)
	for _, ps := range b.model.pages { // finish sorts by file, line and column
		diags.Add(ps.parseDiags...)
		if b.inSite(ps) {
			diags.Add(ps.convDiags...)
			diags.Add(ps.glossDiags...)
			diags.Add(ps.lateDiags...)
		}
	}
	diags.Add(b.layouts.diags...)
	diags.Add(b.css.diags...)
	diags.Add(b.js.diags...)
	if !b.cfg.NoWASM && needsWASM(b.model.site) {
		diags.Add(b.wasm.diags...)
	}
	diags.Add(checkPages(b.model.site, b.cfg.Now)...)
	diags.Add(b.checkEmbed()...)
	diags.Add(b.contentChecks(b.cfg.StrictCitations)...) // citation.Check, readability.Check
	return diags
}

// inSite reports whether ps's page is the one the site has at its URL (a duplicate path
// leaves the second file out).
func (b *Builder) inSite(ps *pageState) bool {
	return ps.page != nil && b.model.site.ByURL[ps.page.URL] == ps.page
}

// loadLayouts parses the templates again; every output is then rendered again.
func (b *Builder) loadLayouts() {
	b.layouts.rend, b.layouts.diags = render.Load(b.fsys)
	b.clearDeps()
	b.restoreCache() // a build with a cache of these layouts: what the last one rendered
	ds := load.Walk(b.fsys, render.LayoutDir, func(string, fs.DirEntry, error) error { return nil })
	b.layouts.diags = append(ds, b.layouts.diags...)
}

// clearDeps forgets what every output's last render read, so each is rendered again;
// the queries they asked are forgotten too, so those no page asks any more go.
func (b *Builder) clearDeps() {
	b.out.deps = renderDeps{pages: map[string]*render.Deps{}, whole: map[string]*render.Deps{}, embeds: map[string]*render.Deps{}}
	b.out.tracker = render.NewTracker()
}

// bundle runs esbuild on the group's entry points. In Dev mode the entry points get stable
// names (assets/main.css), so their URLs do not change with their content. It runs on its
// own goroutine, so it reports a panic as a diagnostic.
func (b *Builder) bundle(g *assetGroup) (out map[string][]byte) {
	defer func() {
		if r := recover(); r != nil {
			g.diags = diag.List{diag.Errorf(assets.Dir, 0, 0, "internal error while bundling %s files: %v", g.ext, r)}
			out = nil
		}
	}()
	var entries []string
	for _, e := range assets.Entries(b.fsys) {
		if strings.HasSuffix(e, g.ext) {
			entries = append(entries, e)
		}
	}
	r, ds := assets.Build(b.fsys, entries)
	// A symbolic link out of the site is an error even where nothing imports it yet; both
	// bundles report it, and finish drops the repeat.
	walked := load.Walk(b.fsys, assets.Dir, func(string, fs.DirEntry, error) error { return nil })
	g.diags = append(walked, ds...)
	g.manifest = assets.Manifest{}
	if r == nil {
		return nil
	}
	out = r.Files
	for k, v := range r.Manifest {
		g.manifest[k] = v
	}
	if b.cfg.Dev {
		for _, e := range entries {
			logical := path.Base(e)
			u, ok := g.manifest[logical]
			if !ok {
				continue
			}
			hashed, stable := strings.TrimPrefix(u, "/"), assets.Dir+"/"+logical
			out[stable] = out[hashed]
			delete(out, hashed)
			g.manifest[logical] = "/" + stable
		}
	}
	return out
}

func (b *Builder) mergeAssets(g *assetGroup, out map[string][]byte) {
	g.files = b.replace(g.files, out)
}

// put and drop change the output, noting when the set of output paths changes (the link
// check must then look at every page again). In a build that publishes as it goes
// (pubState), put hands the bytes to the publish and keeps only the name and size.
func (b *Builder) put(name string, data []byte) {
	if b.pub.tx != nil {
		b.putStreamed(name, data)
		return
	}
	if _, ok := b.out.files[name]; !ok {
		b.links.recheck = true
	}
	b.out.files[name] = data
}

func (b *Builder) drop(name string) {
	if _, ok := b.out.files[name]; ok {
		delete(b.out.files, name)
		b.links.recheck = true
		if b.pub.tx != nil {
			delete(b.pub.sizes, name)
			b.pubFailed(b.pub.tx.Remove(name))
		}
	}
}

// putStreamed is put in a build that publishes as it goes. data nil with the name among
// those a render worker handed over (handOver) records that file.
func (b *Builder) putStreamed(name string, data []byte) {
	size := len(data)
	b.pub.mu.Lock()
	early, ok := b.pub.early[name]
	delete(b.pub.early, name)
	b.pub.mu.Unlock()
	if ok && data == nil {
		size = early
	} else {
		if _, dup := b.pub.sizes[name]; dup {
			b.pubFailed(b.pub.tx.Remove(name)) // a later output replaces an earlier one
		}
		b.pubFailed(b.pub.tx.Add(name, data))
	}
	if _, ok := b.out.files[name]; !ok {
		b.links.recheck = true
	}
	b.out.files[name] = nil
	b.pub.sizes[name] = size
}

// handOver gives a rendered file to the publish at once, from a render worker (while the
// Builder's goroutine waits for the workers), and returns nil; put(name, nil) records it
// later. Without a publish, or for a file that replaces one put earlier, it returns data.
func (b *Builder) handOver(name string, data []byte) []byte {
	if b.pub.tx == nil {
		return data
	}
	if _, dup := b.pub.sizes[name]; dup {
		return data
	}
	if b.pub.tx.Add(name, data) != nil {
		return data // put tries again and records the error
	}
	b.pub.mu.Lock()
	if b.pub.early == nil {
		b.pub.early = map[string]int{}
	}
	b.pub.early[name] = len(data)
	b.pub.mu.Unlock()
	return nil
}

func (b *Builder) pubFailed(err error) {
	if err != nil && b.pub.err == nil {
		b.pub.err = err
	}
}

// replace swaps a group of outputs (an asset bundle, the static files, the search index)
// for new ones and returns the new group's paths.
func (b *Builder) replace(old []string, files map[string][]byte) []string {
	for _, f := range old {
		if _, keep := files[f]; !keep {
			b.drop(f)
		}
	}
	names := slices.Sorted(maps.Keys(files))
	for _, f := range names {
		b.put(f, files[f])
	}
	return names
}

// checkLinks runs the link check on the pages it must cover (see Builder.checked).
func (b *Builder) checkLinks() {
	if b.links.recheck || b.links.exists == nil {
		b.links.exists = make(map[string]bool, len(b.out.files))
		for k := range b.out.files {
			b.links.exists[k] = true
		}
		clear(b.links.checked)
		for _, d := range links.Check(b.model.site, b.out.anchors, b.links.exists) {
			b.links.checked[d.File] = append(b.links.checked[d.File], d)
		}
	} else if len(b.links.pages) > 0 {
		// Page outputs in exists may be stale here, but links reach pages through their
		// anchors, never through exists; pages appearing or going set recheck.
		sub := &site.Site{Config: b.model.site.Config, ByURL: b.model.site.ByURL, Home: b.model.site.Home, Data: b.model.site.Data, DataFiles: b.model.site.DataFiles}
		for _, f := range slices.Sorted(maps.Keys(b.links.pages)) {
			delete(b.links.checked, f)
			if ps := b.model.pages[f]; ps != nil && b.inSite(ps) {
				sub.Pages = append(sub.Pages, ps.page)
			}
		}
		for _, d := range links.Check(sub, b.out.anchors, b.links.exists) {
			b.links.checked[d.File] = append(b.links.checked[d.File], d)
		}
	}
	b.links.recheck = false
	clear(b.links.pages)
}

// widgets compiles the widgets module when the site needs it and it was never built or
// its sources changed, and puts it in the output only while some page has a widget. It
// reports whether it compiled.
func (b *Builder) widgets(ctx context.Context, changed bool) bool {
	need := !b.cfg.NoWASM && needsWASM(b.model.site)
	compiled := false
	if need && (changed || !b.wasm.built) {
		for f := range b.wasm.files {
			b.drop(f)
		}
		files, u, e, err := buildWASM(ctx, b.cfg)
		b.wasm = wasmState{built: true}
		if err != nil {
			b.wasm.diags = diag.List{diag.Errorf("widgets/wasm", 0, 0, "cannot compile widgets: %v", err)}
		} else {
			b.wasm.files, b.wasm.url, b.wasm.exec = files, u, e
		}
		compiled = true
	}
	for f, v := range b.wasm.files {
		if need {
			b.put(f, v)
		} else {
			b.drop(f)
		}
	}
	return compiled
}

// options are the render options of this update.
func (b *Builder) options() *render.Options {
	m := assets.Manifest{}
	maps.Copy(m, b.css.manifest)
	maps.Copy(m, b.js.manifest)
	opts := &render.Options{Manifest: m, BaseURL: b.model.site.Config.BaseURL, Now: b.cfg.Now, DevScript: b.cfg.DevScript}
	if !b.cfg.NoWASM && needsWASM(b.model.site) && b.wasm.diags == nil {
		opts.WASM, opts.WASMExec = b.wasm.url, b.wasm.exec
	}
	return opts
}

// copyStatic copies static/ as it is. A file that cannot be read (a symbolic link out of
// the site among them) is an error, not a file silently left out.
func (b *Builder) copyStatic() {
	files := map[string][]byte{}
	var diags diag.List
	walked := load.Walk(b.fsys, "static", func(p string, d fs.DirEntry, _ error) error {
		if d.IsDir() {
			return nil
		}
		c, err := fs.ReadFile(b.fsys, p)
		if err != nil {
			diags.Add(diag.Errorf(p, 0, 0, "cannot read: %v", err))
			return nil
		}
		files[strings.TrimPrefix(p, "static/")] = c
		return nil
	})
	b.static.files = b.replace(b.static.files, files)
	b.static.diags = append(walked, diags...)
}
