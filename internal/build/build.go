// Package build is the one place that knows the order of the stages, as Builder.run
// runs them:
//
//	load → data → markdown (+ blocks) → late blocks → layouts → assets + wasm → checks →
//	render (+ whole documents, embeds, 404) → site files → search → service worker →
//	links → publish
//
// The CSS and JS bundles start before load and are joined at "assets"; the search index
// starts once the late blocks are filled, is built alongside layouts, checks and render,
// and is joined after the site files.
// Run returns the finished file set and every diagnostic; it writes to disk only in the
// final publish step, and only when there are no errors. Builder (builder.go) runs the same
// stages and keeps their results, so `signpost serve` can redo only what a change touches.
package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"signpost/internal/diag"
	"signpost/internal/markdown"
	"signpost/internal/publish"
	"signpost/internal/search"
	"signpost/internal/site"
)

// Config says what to build and where.
type Config struct {
	// Src is the site root on disk (site.yaml, content/, layouts/, assets/, static/).
	Src string
	// FS overrides Src for reading (tests pass a txtar-backed fs.FS).
	FS fs.FS
	// Out is the output directory; empty means do not publish (serve, tests).
	Out string
	// BaseURL overrides site.yaml's base_url (Netlify passes $URL or $DEPLOY_PRIME_URL).
	BaseURL string
	// ModuleDir is the Go module root holding widgets/; empty means find it from Src.
	ModuleDir string
	// CacheDir caches compiled widgets; empty means <ModuleDir>/.signpost-cache.
	CacheDir string
	// BuildCache, when set, is the directory where Builder.Build keeps what the next
	// build needs to render only the pages a change affects (cache.go).
	BuildCache string
	// Now is the date used for review warnings; zero means time.Now().
	Now time.Time
	// DevScript, when set, is added to every page as the live-reload client (serve only).
	DevScript string
	// Dev gives the CSS and JS entry points stable URLs (/assets/main.css instead of
	// /assets/main.3F9A1C2B.css), so a stylesheet change needs no page re-render and the
	// browser can swap the stylesheet in place (serve only; production keeps fingerprints so
	// netlify.toml can cache assets for a year).
	Dev bool
	// SearchLater leaves the search index out of Builder.Update: the caller builds it with
	// SearchJob, off the path from a save to the page (serve only; it takes seconds on a
	// large site).
	SearchLater bool
	// NoWASM skips compiling widgets (tests of unrelated stages).
	NoWASM bool
	// StrictCitations makes uncited statements and fidelity problems on the site's own
	// pages errors instead of warnings (CI; internal/citation).
	StrictCitations bool
}

// Result is a finished build.
type Result struct {
	// Site is the builder's model of the site; a later Update changes it.
	Site *site.Site
	// Files is the output file set (path relative to the site root → bytes). It is a
	// snapshot: later updates never change this map or its byte slices. It is nil after
	// Run published to Config.Out (the files went to disk as they were made).
	Files    map[string][]byte
	Diags    diag.List
	Count    int // output files
	Pages    int
	Bytes    int
	Duration time.Duration
	// Stats says what this build or update did.
	Stats Stats
}

// Run builds the site from scratch and, when cfg.Out is set and there are no errors,
// publishes it. The returned error is non-nil when the build has errors; it is then a
// diag.List holding them, and nothing was published. Run is a Builder used once; serve
// keeps its Builder and calls Update after each change.
//
// With cfg.Out set, each file goes to a publish transaction (internal/publish) as soon as
// it is made, so the site is written while it renders and never held whole in memory; the
// result's Files is then nil (Count and Bytes say what was written). The new tree is
// swapped in only after the whole build, link check included, succeeded; otherwise it is
// deleted and the previous output stays as it was.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	start := time.Now()
	b := NewBuilder(cfg)
	if cfg.Out == "" {
		return b.Build(ctx)
	}
	tx, err := publish.Begin(cfg.Out)
	if err != nil {
		return finish(&Result{}, diag.List{diag.Errorf(cfg.Out, 0, 0, "%v", err)}, start)
	}
	b.pub = pubState{tx: tx, sizes: map[string]int{}}
	res, err := b.Build(ctx)
	res.Files, res.Count, res.Bytes, res.Pages = nil, len(b.pub.sizes), 0, 0
	for k, n := range b.pub.sizes {
		res.Bytes += n
		if strings.HasSuffix(k, ".html") {
			res.Pages++
		}
	}
	if err == nil && b.pub.err != nil {
		res.Diags.Add(diag.Errorf(cfg.Out, 0, 0, "%v", b.pub.err))
		err = res.Diags.Errors()
	}
	if err != nil {
		tx.Abort()
		return res, err
	}
	if ctx.Err() != nil {
		tx.Abort()
		res, err := b.stopped(ctx, start) // stopped between the build and publishing
		res.Files = nil
		return res, err
	}
	if err := tx.Commit(); err != nil {
		res.Diags.Add(diag.Errorf(cfg.Out, 0, 0, "%v", err))
		res.Duration = time.Since(start)
		return res, res.Diags.Errors()
	}
	res.Duration = time.Since(start)
	return res, nil
}

func finish(res *Result, diags diag.List, start time.Time) (*Result, error) {
	diags.Sort()
	// Drop repeats of one diagnostic (a missing data file named by every block it feeds).
	diags = slices.CompactFunc(diags, func(a, b diag.Diag) bool { return a == b })
	res.Diags = diags
	res.Duration = time.Since(start)
	res.Count = len(res.Files)
	for k, v := range res.Files {
		res.Bytes += len(v)
		if strings.HasSuffix(k, ".html") {
			res.Pages++
		}
	}
	if diags.HasErrors() {
		return res, diags.Errors()
	}
	return res, nil
}

// outPath is where a page URL is written: /a/b/ → a/b/index.html.
func outPath(u string) string {
	return strings.TrimPrefix(u, "/") + "index.html"
}

// applyResult copies a conversion into the page, keeps what the search index needs of the
// Markdown (LinkOnly) and drops the Markdown: nothing reads it after conversion, and a page
// is parsed again before it is converted again.
func applyResult(p *site.Page, r *markdown.Result) {
	if p.LinkOnly == nil { // a page parsed through the build cache has it (cache.go's readPage)
		p.LinkOnly = search.LinkOnlySections(string(p.Body))
	}
	p.Body = nil
	p.HTML = templateHTML(r.HTML)
	p.Headings = r.Headings
	p.Sections = r.Sections
	p.Links = r.Links
	p.Abbrs = r.Abbrs
	p.Statements = r.Statements
	p.Widgets = r.Widgets
}

// forEach runs f on every item with one worker per CPU. A panic in f is raised again in
// the caller once every worker has stopped, so a Builder recovers it like any other.
func forEach[T any](items []T, f func(T)) {
	n := min(runtime.GOMAXPROCS(0), len(items))
	ch := make(chan T)
	var wg sync.WaitGroup
	var mu sync.Mutex // guards first
	var first any
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					if first == nil {
						first = r
					}
					mu.Unlock()
					for range ch { // let the sender finish
					}
				}
			}()
			for it := range ch {
				f(it)
			}
		}()
	}
	for _, it := range items {
		ch <- it
	}
	close(ch)
	wg.Wait()
	if first != nil {
		panic(first)
	}
}

// checkContacts makes sure every phone number and e-mail address written in a page is a
// contact of that page's area in site.yaml: numbers cannot drift from the single copy,
// and a Stoke-on-Trent number can never appear on a Thurrock page.
func checkContacts(s *site.Site, p *site.Page, r *markdown.Result) diag.List {
	var diags diag.List
	phones := map[string]bool{}
	emails := map[string]bool{}
	for _, a := range p.Front.Area {
		area := s.Config.Areas[a]
		for _, c := range area.Contacts {
			if c.Phone != "" {
				phones[markdown.PhoneDigits(c.Phone)] = true
			}
			if c.Email != "" {
				emails[strings.ToLower(c.Email)] = true
			}
		}
	}
	areaNames := strings.Join(p.Front.Area, ", ")
	for _, ph := range r.Phones {
		if !phones[markdown.PhoneDigits(ph.Value)] {
			diags.Add(diag.Errorf(p.File, ph.Line, 0, "phone number %s is not a contact of this page's area (%s)", ph.Value, areaNames).
				WithHint("add it to that area's contacts in site.yaml, or correct it"))
		}
	}
	for _, e := range r.Emails {
		if !emails[strings.ToLower(e.Value)] {
			diags.Add(diag.Errorf(p.File, e.Line, 0, "e-mail address %s is not a contact of this page's area (%s)", e.Value, areaNames).
				WithHint("add it to that area's contacts in site.yaml, or correct it"))
		}
	}
	return diags
}

// checkPages reports review dates that have passed (warnings: out-of-date safeguarding
// guidance is a risk, but publishing it labelled as overdue beats not publishing it).
func checkPages(s *site.Site, now time.Time) diag.List {
	byDate := map[string][]string{}
	var dates []string
	for _, p := range s.Pages {
		if !p.Front.ReviewBy.IsZero() && p.Front.ReviewBy.Before(now) {
			d := p.Front.ReviewBy.ISO()
			if _, ok := byDate[d]; !ok {
				dates = append(dates, d)
			}
			byDate[d] = append(byDate[d], p.File)
		}
	}
	sort.Strings(dates)
	var diags diag.List
	for _, d := range dates {
		files := byDate[d]
		diags.Add(diag.Warnf("", 0, 0, "%d pages were due for review by %s: %s", len(files), d, strings.Join(files, ", ")).
			WithHint("check the guidance with its publisher, then update reviewed and review_by"))
	}
	return diags
}

func needsWASM(s *site.Site) bool {
	for _, p := range s.Pages {
		if p.HasWidget {
			return true
		}
	}
	return false
}

// FindModuleDir returns cfg.ModuleDir or the module root above the site root.
func FindModuleDir(cfg Config) (string, error) {
	if cfg.ModuleDir != "" {
		return cfg.ModuleDir, nil
	}
	start := cfg.Src
	if start == "" {
		start = "."
	}
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.Contains(string(b), "module signpost\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			wd, _ := os.Getwd()
			if wd != "" && wd != start {
				return FindModuleDir(Config{Src: wd, ModuleDir: ""})
			}
			return "", fmt.Errorf("cannot find the signpost Go module (go.mod) above %s", start)
		}
		dir = parent
	}
}

// Summary is the one-line report of a successful build.
func (r *Result) Summary() string {
	warn := len(r.Diags.Warnings())
	w := ""
	if warn > 0 {
		w = fmt.Sprintf(", %d warnings", warn)
	}
	return fmt.Sprintf("built %d pages, %d files, %s in %s%s", r.Pages, r.Count, humanBytes(r.Bytes), r.Duration.Round(time.Millisecond), w)
}

func humanBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// SortedFiles returns the file set's paths in order.
func (r *Result) SortedFiles() []string {
	out := make([]string, 0, len(r.Files))
	for k := range r.Files {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
