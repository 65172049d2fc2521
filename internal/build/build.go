// Package build is the one place that knows the order of the stages:
//
//	load → data → markdown (+ blocks) → checks → assets + wasm → render → links → search
//	→ site files → publish
//
// Run returns the finished file set and every diagnostic; it writes to disk only in the
// final publish step, and only when there are no errors.
package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
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
	// Now is the date used for review warnings; zero means time.Now().
	Now time.Time
	// DevScript, when set, is added to every page as the live-reload client (serve only).
	DevScript string
	// NoWASM skips compiling widgets (tests of unrelated stages).
	NoWASM bool
}

// Result is a finished build.
type Result struct {
	Site     *site.Site
	Files    map[string][]byte
	Diags    diag.List
	Pages    int
	Bytes    int
	Duration time.Duration
}

// Run builds the site. The returned error is non-nil when the build has errors; it is then
// a diag.List holding them, and nothing was published.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	start := time.Now()
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	fsys := cfg.FS
	if fsys == nil {
		fsys = os.DirFS(cfg.Src)
	}
	res := &Result{Files: map[string][]byte{}}

	s, diags := load.Load(fsys)
	res.Site = s
	if cfg.BaseURL != "" {
		s.Config.BaseURL = cfg.BaseURL
	}
	reg := blocks.New()
	diags.Add(loadData(s, reg)...)

	// Assets and widgets do not depend on pages: start them now.
	type assetOut struct {
		r  *assets.Result
		ds diag.List
	}
	assetCh := make(chan assetOut, 1)
	go func() {
		r, ds := assets.Build(fsys, assets.Entries(fsys))
		assetCh <- assetOut{r, ds}
	}()

	rend, ds := render.Load(fsys)
	diags.Add(ds...)

	diags.Add(convertAll(s, reg)...)
	diags.Add(checkPages(s, cfg.Now)...)
	diags.Add(checkGlossary(s)...)

	ao := <-assetCh
	diags.Add(ao.ds...)

	opts := &render.Options{BaseURL: s.Config.BaseURL, Now: cfg.Now, DevScript: cfg.DevScript}
	if ao.r != nil {
		opts.Manifest = ao.r.Manifest
		for k, v := range ao.r.Files {
			res.Files[k] = v
		}
	}
	if needsWASM(s) && !cfg.NoWASM {
		files, wasmURL, execURL, err := buildWASM(ctx, cfg)
		if err != nil {
			diags.Add(diag.Errorf("widgets/wasm", 0, 0, "cannot compile widgets: %v", err))
		} else {
			opts.WASM, opts.WASMExec = wasmURL, execURL
			for k, v := range files {
				res.Files[k] = v
			}
		}
	}

	if diags.HasErrors() || rend == nil {
		return finish(res, diags, start)
	}

	// Render every page.
	order := render.ReadingOrder(s)
	var mu sync.Mutex
	anchors := map[string]map[string]bool{}
	forEach(s.Pages, func(p *site.Page) {
		out, err := rend.Page(s, p, order, opts)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			diags.Add(diag.Errorf(p.File, 0, 0, "cannot render: %v", err))
			return
		}
		res.Files[outPath(p.URL)] = out
		anchors[p.URL] = links.IDs(out)
	})
	if nf, err := rend.NotFound(s, opts); err != nil {
		diags.Add(diag.Errorf("layouts/404.html", 0, 0, "cannot render: %v", err))
	} else {
		res.Files["404.html"] = nf
	}

	// Static files are copied as they are.
	_ = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err == nil {
			res.Files[strings.TrimPrefix(p, "static/")] = b
		}
		return nil
	})
	res.Files["sitemap.xml"] = render.Sitemap(s, s.Config.BaseURL)
	res.Files["robots.txt"] = render.Robots(s.Config.BaseURL)

	idx, ds := buildSearch(s)
	diags.Add(ds...)
	for k, v := range idx {
		res.Files[k] = v
	}

	files := map[string]bool{}
	for k := range res.Files {
		files[k] = true
	}
	diags.Add(links.Check(s, anchors, files)...)

	if diags.HasErrors() {
		return finish(res, diags, start)
	}
	if cfg.Out != "" {
		if err := publish.Write(cfg.Out, res.Files); err != nil {
			diags.Add(diag.Errorf(cfg.Out, 0, 0, "%v", err))
		}
	}
	return finish(res, diags, start)
}

func finish(res *Result, diags diag.List, start time.Time) (*Result, error) {
	diags.Sort()
	res.Diags = diags
	res.Duration = time.Since(start)
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

// convertAll runs the markdown stage on every page in parallel, then fills late blocks.
func convertAll(s *site.Site, reg *blocks.Registry) diag.List {
	conv := markdown.Default()
	gloss := glossaryMap(s)
	var mu sync.Mutex
	var diags diag.List
	var pending []blocks.Pending
	forEach(s.Pages, func(p *site.Page) {
		var mine []blocks.Pending
		r := conv.Convert(p.Body, markdown.Env{File: p.File, BodyLine: p.BodyLine, Glossary: gloss, Block: reg.Render(s, p, &mine)})
		applyResult(p, r)
		ds := checkContacts(s, p, r)
		mu.Lock()
		diags.Add(r.Diags...)
		diags.Add(ds...)
		pending = append(pending, mine...)
		mu.Unlock()
	})
	// Pending markers are numbered per page; Finish replaces them page by page.
	diags.Add(reg.Finish(s, pending)...)
	return diags
}

// applyResult copies a conversion into the page.
func applyResult(p *site.Page, r *markdown.Result) {
	p.HTML = templateHTML(r.HTML)
	p.Headings = r.Headings
	p.Sections = r.Sections
	p.Links = r.Links
	p.Abbrs = r.Abbrs
	p.Widgets = r.Widgets
}

// forEach runs f on every page with one worker per CPU.
func forEach(pages []*site.Page, f func(*site.Page)) {
	n := runtime.GOMAXPROCS(0)
	ch := make(chan *site.Page)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range ch {
				f(p)
			}
		}()
	}
	for _, p := range pages {
		ch <- p
	}
	close(ch)
	wg.Wait()
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
	return fmt.Sprintf("built %d pages, %d files, %s in %s%s", r.Pages, len(r.Files), humanBytes(r.Bytes), r.Duration.Round(time.Millisecond), w)
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
