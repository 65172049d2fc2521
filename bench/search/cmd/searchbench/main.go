// Command searchbench compares Signpost's search with Pagefind (npm package pagefind) on
// the real site and on the synthetic corpus (bench/corpus): index build time, index size,
// bytes a query transfers and query latency in headless Chromium, and top-3 hit rate on
// bench/search/queries.yaml. It needs network access for `npm install pagefind` (into a
// temporary directory; nothing is added to the repo) and Chromium, so it is a program, not
// part of `go test ./...`.
//
//	go run ./bench/search/cmd/searchbench                 # real site + N=10,000, writes bench/search/README.md
//	go run ./bench/search/cmd/searchbench -n 0 -readme "" # real site only, print only
//
// See bench/search/README.md for what is measured and how.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"signpost/bench/corpus"
)

//go:embed page/pagefind.html
var benchHTML []byte

//go:embed page/pagefind-bench.js
var benchJS []byte

type query struct {
	Q        string   `yaml:"q" json:"q"`
	Who      string   `yaml:"who" json:"-"`
	Audience string   `yaml:"audience" json:"audience,omitempty"`
	Area     string   `yaml:"area" json:"area,omitempty"`
	Expect   []string `yaml:"expect" json:"expect,omitempty"`
}

// pfVariant is one way of running Pagefind over public/.
type pfVariant struct {
	Engine string   // name in the tables
	Sub    string   // bundle directory under public/
	Args   []string // extra pagefind arguments
	Note   string
}

var variants = []pfVariant{
	{Engine: "pagefind", Sub: "pagefind", Note: "zero-config: every page's whole <body> (header, nav, banner, footer included; the search page with its A–Z too)"},
	{Engine: "pagefind-main", Sub: "pagefind-main", Args: []string{"--root-selector", "main", "--exclude-selectors", "#search-az"},
		Note: "`--root-selector main --exclude-selectors '#search-az'`: only each page's <main>, as Signpost indexes only page content"},
}

// sample is one timed search.
type sample struct {
	Corpus   string  `json:"corpus"`
	Engine   string  `json:"engine"`
	Mode     string  `json:"mode"` // cold, warm, next, page
	Rep      int     `json:"rep"`
	Q        string  `json:"q"`
	MS       float64 `json:"ms"`
	IdxBytes int     `json:"idx_bytes"` // index files: response bodies as sent (gzip), counted by the server
	IdxReqs  int     `json:"idx_reqs"`
	IdxRaw   int     `json:"idx_raw"`   // the same files uncompressed
	OneTime  int     `json:"one_time"`  // of IdxBytes: meta.json / pagefind-entry.json + .pf_meta
	EngBytes int     `json:"eng_bytes"` // engine code (JS, WASM) fetched in the window
	AllBytes int     `json:"all_bytes"` // every response in the window
	AllReqs  int     `json:"all_reqs"`
	// IdxKinds splits IdxBytes by kind of file (see indexKind).
	IdxKinds map[string]int `json:"idx_kinds,omitempty"`
	CDPIdx   int            `json:"cdp_idx"`  // DevTools encodedDataLength of index requests it saw
	CDPReqs  int            `json:"cdp_reqs"` // index requests DevTools saw
	Out      outcome        `json:"out"`
	Err      string         `json:"err,omitempty"`
	JSErrs   []string       `json:"js_errors,omitempty"`
}

// corpusResult is everything measured on one corpus.
type corpusResult struct {
	Name      string
	Pages     int
	Sections  int
	SiteBuild time.Duration
	IndexMed  time.Duration
	IndexMin  time.Duration
	Signpost  map[string]*sizeSet
	PFTime    map[string]time.Duration
	PFMin     map[string]time.Duration
	PFSizes   map[string]map[string]*sizeSet
	PFWords   map[string]string
	Queries   []query
	Samples   []sample
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func run() error {
	n := flag.Int("n", 10000, "synthetic corpus size (0: skip)")
	doReal := flag.Bool("real", true, "benchmark the real site")
	runs := flag.Int("runs", 3, "timed runs of each index build (median reported)")
	reps := flag.Int("reps", 3, "browser repetitions of every query and mode")
	chrome := flag.String("chromium", "/usr/bin/chromium", "Chromium executable")
	pfBin := flag.String("pagefind", "", "Pagefind binary (default: npm install pagefind into a temp dir)")
	pfVersion := flag.String("pagefind-version", "", "npm version of pagefind to install (default: latest)")
	k := flag.Int("k", 3, "Pagefind results whose data() is loaded per query")
	readme := flag.String("readme", "bench/search/README.md", "README whose figures block is rewritten (\"\": none)")
	jsonOut := flag.String("json", "", "write every sample to this JSON file")
	keep := flag.Bool("keep", false, "keep the work directory")
	timeout := flag.Duration("timeout", 30*time.Second, "timeout of one browser step")
	only := flag.String("q", "", "only queries containing this (debugging)")
	http1 := flag.Bool("http1", false, "serve plain HTTP/1.1 instead of HTTP/2 over TLS")
	blind := flag.String("blind", "", "run only this blind set (bench/search/blind/*.yaml) on the real site and print only its totals")
	flag.Parse()

	repo, _ := os.Getwd()
	if _, err := os.Stat(filepath.Join(repo, "bench/search/queries.yaml")); err != nil {
		return fmt.Errorf("run from the repository root: %v", err)
	}
	work, err := os.MkdirTemp("", "searchbench-")
	if err != nil {
		return err
	}
	if *keep {
		logf("work directory: %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	ctx := context.Background()

	bin, version := *pfBin, ""
	if bin == "" {
		logf("installing pagefind from npm into %s", work)
		if bin, version, err = installPagefind(filepath.Join(work, "npm"), *pfVersion); err != nil {
			return err
		}
	} else {
		v, _ := exec.Command(bin, "--version").Output()
		version = strings.TrimSpace(string(v))
	}
	logf("%s (%s)", version, bin)

	br, err := newBrowser(*chrome)
	if err != nil {
		return err
	}
	defer br.cancel()
	var cver string
	if o, err := exec.Command(*chrome, "--version").Output(); err == nil {
		cver = strings.TrimSpace(string(o))
	}

	load0 := loadAvg()
	var results []*corpusResult
	cfg := runCfg{runs: *runs, reps: *reps, k: *k, timeout: *timeout, pf: bin, http1: *http1}
	if *blind != "" {
		qs, err := blindQueries(ctx, repo, *blind)
		if err != nil {
			return err
		}
		r, err := runCorpus(ctx, br, cfg, "real site", repo, repo, filepath.Join(work, "real", "public"), qs)
		if err != nil {
			return err
		}
		fmt.Println(blindSummary(r))
		return nil
	}
	if *doReal {
		qs, err := loadQueries(filepath.Join(repo, "bench/search/queries.yaml"))
		if err != nil {
			return err
		}
		r, err := runCorpus(ctx, br, cfg, "real site", repo, repo, filepath.Join(work, "real", "public"), filterQueries(qs, *only))
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	if *n > 0 {
		src := filepath.Join(work, fmt.Sprintf("synthetic-%d", *n))
		logf("writing synthetic corpus N=%d", *n)
		if err := corpus.WriteSignpost(src, repo, corpus.Pages(*n, 1)); err != nil {
			return err
		}
		if err := writeSearchPage(repo, src); err != nil {
			return err
		}
		r, err := runCorpus(ctx, br, cfg, fmt.Sprintf("synthetic N=%d", *n), repo, src, filepath.Join(src, "public"), filterQueries(syntheticQueries(*n), *only))
		if err != nil {
			return err
		}
		results = append(results, r)
	}

	proto := "HTTP/2 over TLS"
	if *http1 {
		proto = "HTTP/1.1"
	}
	env := fmt.Sprintf("%s; %s; Go %s; %d CPUs (load average %s at the start, %s at the end); served over %s from 127.0.0.1",
		cver, version, strings.TrimPrefix(goruntime.Version(), "go"), goruntime.NumCPU(), load0, loadAvg(), proto)
	md := report(results, env, *k, *reps)
	fmt.Println(md)
	if *jsonOut != "" {
		var all []sample
		for _, r := range results {
			all = append(all, r.Samples...)
		}
		b, _ := json.MarshalIndent(all, "", " ")
		if err := os.WriteFile(*jsonOut, b, 0o644); err != nil {
			return err
		}
	}
	if *readme != "" {
		if err := writeReadme(*readme, md); err != nil {
			return err
		}
		logf("figures written to %s", *readme)
	}
	return nil
}

type runCfg struct {
	runs, reps, k int
	timeout       time.Duration
	pf            string
	http1         bool
}

func runCorpus(ctx context.Context, br *browser, cfg runCfg, name, repo, src, out string, qs []query) (*corpusResult, error) {
	logf("[%s] building the site", name)
	b, err := buildSite(ctx, name, repo, src, out)
	if err != nil {
		return nil, err
	}
	r := &corpusResult{Name: name, Pages: b.Pages, Sections: b.Sections, SiteBuild: b.Build, Queries: qs,
		PFTime: map[string]time.Duration{}, PFMin: map[string]time.Duration{}, PFSizes: map[string]map[string]*sizeSet{}, PFWords: map[string]string{}}
	logf("[%s] %d pages, %d sections, built in %s; timing search.Build ×%d", name, b.Pages, b.Sections, b.Build.Round(time.Millisecond), cfg.runs)
	if r.IndexMed, r.IndexMin, err = timeIndex(b, cfg.runs); err != nil {
		return nil, err
	}
	if r.Signpost, err = sizes(out, signpostClass); err != nil {
		return nil, err
	}
	b.docs = nil // let the site model go
	for _, v := range variants {
		logf("[%s] %s ×%d", name, v.Engine, cfg.runs)
		d, dmin, log, err := pagefindRun(cfg.pf, out, v.Sub, v.Args, cfg.runs)
		if err != nil {
			return nil, err
		}
		r.PFTime[v.Engine] = d
		r.PFMin[v.Engine] = dmin
		r.PFWords[v.Engine] = pfSummary(log)
		if r.PFSizes[v.Engine], err = sizes(filepath.Join(out, v.Sub), pagefindClass); err != nil {
			return nil, err
		}
	}
	// The bench page goes in after indexing, so Pagefind never sees it.
	if err := os.MkdirAll(filepath.Join(out, "__bench"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(out, "__bench", "pagefind.html"), benchHTML, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(out, "__bench", "pagefind-bench.js"), benchJS, 0o644); err != nil {
		return nil, err
	}

	srv, err := newServer(out, cfg.http1)
	if err != nil {
		return nil, err
	}
	defer srv.close()
	logf("[%s] %d queries × %d reps in Chromium (%s)", name, len(qs), cfg.reps, srv.addr)
	start := time.Now()
	for rep := 1; rep <= cfg.reps; rep++ {
		for i, q := range qs {
			next := qs[(i+1)%len(qs)]
			r.Samples = append(r.Samples, measureSignpost(br, srv, cfg, name, rep, q, next)...)
			for _, v := range variants {
				r.Samples = append(r.Samples, measurePagefind(br, srv, cfg, name, rep, q, next, v)...)
			}
			if (i+1)%20 == 0 {
				logf("[%s] rep %d: %d/%d queries (%s)", name, rep, i+1, len(qs), time.Since(start).Round(time.Second))
			}
		}
	}
	return r, nil
}

// window measures one step: it waits for the network to be quiet, runs f, waits again and
// attributes every response in between.
func window(br *browser, srv *server, engine string, f func() (outcome, error)) sample {
	srv.idle(150*time.Millisecond, 5*time.Second)
	sm, cm, em := srv.mark(), br.cdpMark(), br.errMark()
	o, err := f()
	srv.idle(150*time.Millisecond, 5*time.Second)
	time.Sleep(20 * time.Millisecond) // DevTools events trail the responses a little
	s := sample{Engine: engine, Out: o, MS: o.MS}
	if err != nil {
		s.Err = err.Error()
	}
	for _, x := range srv.since(sm) {
		s.AllBytes += x.Body
		s.AllReqs++
		if isIndex(engine, x.Path) {
			s.IdxBytes += x.Body
			s.IdxRaw += x.Raw
			s.IdxReqs++
			if isOneTime(x.Path) {
				s.OneTime += x.Body
			}
			if s.IdxKinds == nil {
				s.IdxKinds = map[string]int{}
			}
			s.IdxKinds[indexKind(x.Path)] += x.Body
		}
		if isEngine(engine, x.Path) {
			s.EngBytes += x.Body
		}
	}
	for _, x := range br.cdpSince(cm) {
		if u, err := urlPath(x.URL); err == nil && isIndex(engine, u) {
			s.CDPIdx += x.Encoded
			s.CDPReqs++
		}
	}
	s.JSErrs = br.errsSince(em)
	return s
}

// measureSignpost measures q cold, warm and as a page load, and next on the page q ran on.
func measureSignpost(br *browser, srv *server, cfg runCfg, corpusName string, rep int, q, next query) []sample {
	var out []sample
	add := func(mode string, s sample) {
		s.Corpus, s.Mode, s.Rep, s.Q = corpusName, mode, rep, q.Q
		if mode == "next" {
			s.Q = next.Q
		}
		if s.Err != "" {
			logf("  signpost %s %q: %s", mode, q.Q, s.Err)
		}
		out = append(out, s)
	}
	if err := br.signpostLoad(srv.addr, cfg.timeout); err != nil {
		add("cold", sample{Engine: "signpost", Err: err.Error()})
		return out
	}
	add("cold", window(br, srv, "signpost", func() (outcome, error) { return br.signpostQuery(q, cfg.timeout) }))
	add("warm", window(br, srv, "signpost", func() (outcome, error) { return br.signpostQuery(q, cfg.timeout) }))
	add("next", window(br, srv, "signpost", func() (outcome, error) { return br.signpostQuery(next, cfg.timeout) }))
	add("page", window(br, srv, "signpost", func() (outcome, error) { return br.signpostPage(srv.addr, q, cfg.timeout) }))
	return out
}

func measurePagefind(br *browser, srv *server, cfg runCfg, corpusName string, rep int, q, next query, v pfVariant) []sample {
	var out []sample
	add := func(mode string, s sample) {
		s.Corpus, s.Mode, s.Rep, s.Q = corpusName, mode, rep, q.Q
		if mode == "next" {
			s.Q = next.Q
		}
		if s.Err != "" {
			logf("  %s %s %q: %s", v.Engine, mode, q.Q, s.Err)
		}
		out = append(out, s)
	}
	if err := br.pagefindLoad(srv.addr, v.Sub, cfg.timeout); err != nil {
		add("cold", sample{Engine: v.Engine, Err: err.Error()})
		return out
	}
	add("cold", window(br, srv, v.Engine, func() (outcome, error) { return br.pagefindQuery(q.Q, cfg.k, cfg.timeout) }))
	add("warm", window(br, srv, v.Engine, func() (outcome, error) { return br.pagefindQuery(q.Q, cfg.k, cfg.timeout) }))
	add("next", window(br, srv, v.Engine, func() (outcome, error) { return br.pagefindQuery(next.Q, cfg.k, cfg.timeout) }))
	return out
}

func loadQueries(p string) ([]query, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var qs []query
	if err := yaml.Unmarshal(b, &qs); err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	return qs, nil
}

func filterQueries(qs []query, sub string) []query {
	if sub == "" {
		return qs
	}
	var out []query
	for _, q := range qs {
		if strings.Contains(q.Q, sub) {
			out = append(out, q)
		}
	}
	return out
}

// syntheticQueries are query shapes on the synthetic corpus's vocabulary (bench/corpus):
// one to four words, its headings, typos, unfinished words, known-item queries for a
// page's title (with an expected page) and words it does not contain.
func syntheticQueries(n int) []query {
	qs := []query{}
	for _, s := range []string{
		"safeguarding", "early help", "making a referral", "information sharing consent", "neglect",
		"wellbeing", "child protection plan", "multi agency meeting", "local authority duty",
		"specialist support service", "threshold tier 3", "when to escalate", "recording decisions",
		"key functions", "school health team", "social care assessment", "risk of harm",
		"practitioner guidance procedure", "targeted intervention", "universal prevention",
		"family support worker", "partnership review outcome", "who can help a family",
		"safegarding", "assesment", "referal", "partners", "interv", "respite", "zebra crossing",
	} {
		qs = append(qs, query{Q: s})
	}
	for _, i := range []int{7, n / 3, n / 2, n - 1} {
		if i < 0 || i >= n {
			continue
		}
		qs = append(qs, query{Q: fmt.Sprintf("guidance page %d", i),
			Expect: []string{fmt.Sprintf("/section-%03d/page-%05d/", i/100, i)}})
	}
	return qs
}

// writeSearchPage gives the synthetic site the real site's search page, without its A–Z
// of every section (on 10,000 pages that list alone would be megabytes).
func writeSearchPage(repo, src string) error {
	b, err := os.ReadFile(filepath.Join(repo, "content", "search.md"))
	if err != nil {
		return err
	}
	s := strings.Replace(string(b), "::: sections-az", "", 1)
	return os.WriteFile(filepath.Join(src, "content", "search.md"), []byte(s), 0o644)
}

// ---- relevance ----

// pageOf drops the anchor.
func pageOf(u string) string {
	p, _, _ := strings.Cut(u, "#")
	return p
}

// sectionMatch is bench/search's rule: a target with #anchor must be that section; a
// target without one accepts any section of the page.
func sectionMatch(target, u string) bool {
	if strings.Contains(target, "#") {
		return u == target
	}
	return pageOf(u) == target
}

// candidates returns the result URLs in rank order at section level: Signpost's results are
// sections; a Pagefind result is a page, represented by its sub-result with the most matched
// words (how Pagefind's UI picks the sub-results it shows), or the page if it has none.
func candidates(engine string, o outcome) []string {
	if engine == "signpost" {
		return o.URLs
	}
	var out []string
	for _, p := range o.Pages {
		best, bn := p.URL, -1
		for _, s := range p.Subs {
			if s.N > bn {
				best, bn = s.URL, s.N
			}
		}
		out = append(out, best)
	}
	return out
}

// rank is the 1-based rank of the first hit among the first max candidates (0: none).
func rank(q query, urls []string, max int, section bool) int {
	for i, u := range urls {
		if i >= max {
			break
		}
		for _, t := range q.Expect {
			if section && sectionMatch(t, u) || !section && pageOf(u) == pageOf(t) {
				return i + 1
			}
		}
	}
	return 0
}

// ---- statistics and report ----

func median(xs []float64) float64 { return pct(xs, 50) }

// pct is the nearest-rank percentile.
func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func pick(ss []sample, engine, mode string, f func(sample) float64) []float64 {
	var out []float64
	for _, s := range ss {
		if s.Engine == engine && s.Mode == mode && s.Err == "" {
			out = append(out, f(s))
		}
	}
	return out
}

func kb(b float64) string {
	if math.IsNaN(b) {
		return "–"
	}
	if b < 10*1024 {
		return fmt.Sprintf("%.1f KB", b/1024)
	}
	return fmt.Sprintf("%.0f KB", b/1024)
}

func mb(b int64) string {
	if b >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.0f KB", float64(b)/1024)
}

func ms(d float64) string {
	if math.IsNaN(d) {
		return "–"
	}
	if d < 10 {
		return fmt.Sprintf("%.1f ms", d)
	}
	return fmt.Sprintf("%.0f ms", d)
}

func dur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func engines() []string {
	out := []string{"signpost"}
	for _, v := range variants {
		out = append(out, v.Engine)
	}
	return out
}

func report(rs []*corpusResult, env string, k, reps int) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("Run %s; %s.\n\n", time.Now().Format("2006-01-02"), env)

	w("### Index build and size\n\n")
	w("Build times are medians of the timed runs. Sizes: *raw* is the files as written, *gzip* the sum of each file gzip-compressed (level 6); Pagefind writes its index files precompressed. *Engine code* is what a search needs besides the index: Signpost's search.js; Pagefind's pagefind.js, worker and WASM.\n\n")
	w("| corpus | engine | index build | index files | index raw | index gzip | engine code gzip |\n|---|---|---:|---:|---:|---:|---:|\n")
	for _, r := range rs {
		sp, se := r.Signpost["index"], r.Signpost["engine"]
		w("| %s (%d pages, %d sections) | signpost | %s (search.Build in-process; min %s); whole site build %s | %d | %s | %s | %s |\n",
			r.Name, r.Pages, r.Sections, dur(r.IndexMed), dur(r.IndexMin), dur(r.SiteBuild), sp.Files, mb(sp.Raw), mb(sp.Gzip), size0(se))
		for _, v := range variants {
			ps := r.PFSizes[v.Engine]
			pi := ps["index"]
			if pi == nil {
				pi = &sizeSet{}
			}
			w("| | %s | %s (native binary, wall; min %s; %s) | %d | %s | %s | %s |\n", v.Engine, dur(r.PFTime[v.Engine]), dur(r.PFMin[v.Engine]), r.PFWords[v.Engine], pi.Files, mb(pi.Raw), mb(pi.Gzip), size0(ps["engine"]))
		}
	}
	w("\n### Per query, in headless Chromium\n\n")
	w("Medians (p95) over every query × %d repetitions. *cold*: the first query on a freshly loaded search page (index not loaded yet, empty HTTP cache); *next*: the next query of the set on that page after it (what a refined query costs: the one-time files and whatever the previous query loaded are in memory); *warm*: a query repeated on the same page (nothing to fetch: ranking and rendering only); *page*: navigating to /search/?q=… (navigation start to results rendered, page load included; Signpost only). Bytes: index files only, response bodies as sent (JSON gzip-compressed by the server, Pagefind's files come precompressed), HTTP headers left out.\n\n", reps)
	w("| corpus | engine | cold: index bytes | cold: requests | cold latency | next: index bytes | next latency | warm latency | page latency |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rs {
		for i, e := range engines() {
			name := ""
			if i == 0 {
				name = r.Name
			}
			by := pick(r.Samples, e, "cold", func(s sample) float64 { return float64(s.IdxBytes) })
			rq := pick(r.Samples, e, "cold", func(s sample) float64 { return float64(s.IdxReqs) })
			cl := pick(r.Samples, e, "cold", func(s sample) float64 { return s.MS })
			nb := pick(r.Samples, e, "next", func(s sample) float64 { return float64(s.IdxBytes) })
			nl := pick(r.Samples, e, "next", func(s sample) float64 { return s.MS })
			wl := pick(r.Samples, e, "warm", func(s sample) float64 { return s.MS })
			pl := pick(r.Samples, e, "page", func(s sample) float64 { return s.MS })
			page := "–"
			if len(pl) > 0 {
				page = fmt.Sprintf("%s (%s)", ms(median(pl)), ms(pct(pl, 95)))
			}
			w("| %s | %s | %s (%s) | %.0f (%.0f) | %s (%s) | %s (%s) | %s (%s) | %s (%s) | %s |\n", name, e, kb(median(by)), kb(pct(by, 95)), median(rq), pct(rq, 95),
				ms(median(cl)), ms(pct(cl, 95)), kb(median(nb)), kb(pct(nb, 95)), ms(median(nl)), ms(pct(nl, 95)), ms(median(wl)), ms(pct(wl, 95)), page)
		}
	}
	w("\nA cold query's index bytes by kind of file (medians; *meta* is fetched once per page whatever the query: Signpost's meta.json, Pagefind's pagefind-entry.json and .pf_meta; *terms* are Signpost's term lists, used for typos and prefixes; *postings* are Signpost's w/ shards and Pagefind's .pf_index chunks; *fragments* hold the excerpts of the results shown — Signpost renders 20 results, the Pagefind page %d). Pagefind also fetches its worker and WASM on the first query (the engine code column above); Signpost's search.js comes with the page.\n\n", k)
	kinds := []string{"meta", "terms", "postings", "fragments"}
	w("| corpus | engine | %s |\n|---|---|%s\n", strings.Join(kinds, " | "), strings.Repeat("---:|", len(kinds)))
	for _, r := range rs {
		for _, e := range engines() {
			var cells []string
			for _, kd := range kinds {
				v := pick(r.Samples, e, "cold", func(s sample) float64 { return float64(s.IdxKinds[kd]) })
				cells = append(cells, kb(median(v)))
			}
			w("| %s | %s | %s |\n", r.Name, e, strings.Join(cells, " | "))
		}
	}
	w("\nDevTools cross-check (median encodedDataLength, which includes headers, of the index requests the page's Network domain reported, cold; Pagefind fetches from a Web Worker, which it does not see): ")
	var parts []string
	for _, r := range rs {
		for _, e := range engines() {
			c := pick(r.Samples, e, "cold", func(s sample) float64 { return float64(s.CDPIdx) })
			n := pick(r.Samples, e, "cold", func(s sample) float64 { return float64(s.CDPReqs) })
			parts = append(parts, fmt.Sprintf("%s %s %s in %.0f requests", r.Name, e, kb(median(c)), median(n)))
		}
	}
	w("%s.\n", strings.Join(parts, "; "))

	for _, r := range rs {
		var qs []query
		for _, q := range r.Queries {
			if len(q.Expect) > 0 {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			continue
		}
		first := firstOutcomes(r)
		w("\n### Relevance: %s, %d queries with expected answers\n\n", r.Name, len(qs))
		w("A hit: one of the first 3 results is an expected target. *Page level* ignores anchors on both sides. *Section level* is bench/search's rule (a target with #anchor must be that section; one without accepts any section of its page); a Pagefind result counts as its sub-result with the most matched words. Pagefind loads data for its first %d results.\n\n", k)
		w("| engine | hit@3 page | hit@3 section | hit@1 page | hit@1 section |\n|---|---:|---:|---:|---:|\n")
		for _, e := range engines() {
			var p3, s3, p1, s1 int
			for _, q := range qs {
				o := first[e][q.Q]
				c := candidates(e, o)
				if rank(q, pageURLs(e, o), 3, false) > 0 {
					p3++
				}
				if rank(q, c, 3, true) > 0 {
					s3++
				}
				if rank(q, pageURLs(e, o), 1, false) > 0 {
					p1++
				}
				if rank(q, c, 1, true) > 0 {
					s1++
				}
			}
			n := float64(len(qs))
			w("| %s | %d/%d (%.0f%%) | %d/%d (%.0f%%) | %.0f%% | %.0f%% |\n", e, p3, len(qs), 100*float64(p3)/n, s3, len(qs), 100*float64(s3)/n, 100*float64(p1)/n, 100*float64(s1)/n)
		}
		w("\nQueries Signpost misses at section level in its top 3 (its first result; whether Pagefind's top 3 pages hold the answer):\n\n")
		any := false
		for _, q := range qs {
			o := first["signpost"][q.Q]
			if rank(q, o.URLs, 3, true) > 0 {
				continue
			}
			any = true
			top := "(no results)"
			if len(o.URLs) > 0 {
				top = o.URLs[0]
			}
			pr := rank(q, o.URLs, 10, true)
			at := "not in its first 10"
			if pr > 0 {
				at = fmt.Sprintf("at %d", pr)
			}
			if pp := rank(q, o.URLs, 3, false); pp > 0 && pr == 0 {
				at += fmt.Sprintf("; right page at %d", pp)
			}
			var pf []string
			for _, v := range variants {
				pf = append(pf, fmt.Sprintf("%s %s", v.Engine, yesNo(rank(q, first[v.Engine][q.Q].URLs, 3, false) > 0)))
			}
			filt := ""
			if q.Audience != "" || q.Area != "" {
				filt = fmt.Sprintf(" [filters: %s%s]", q.Audience, q.Area)
			}
			w("- %q%s — answer %s; top: %s; %s\n", q.Q, filt, at, top, strings.Join(pf, ", "))
		}
		if !any {
			w("- none\n")
		}
		w("\nQueries Pagefind (zero-config) answers in its top 3 pages and Signpost does not (page level): ")
		var list []string
		for _, q := range qs {
			if rank(q, first["pagefind"][q.Q].URLs, 3, false) > 0 && rank(q, first["signpost"][q.Q].URLs, 3, false) == 0 {
				list = append(list, fmt.Sprintf("%q", q.Q))
			}
		}
		if len(list) == 0 {
			list = []string{"none"}
		}
		w("%s.\n", strings.Join(list, ", "))
	}
	// Errors, and results that differ between modes.
	var probs []string
	for _, r := range rs {
		first := firstOutcomes(r)
		errs := map[string]int{}
		for _, s := range r.Samples {
			if s.Err != "" {
				errs[s.Engine+" "+s.Mode]++
			}
			if len(s.JSErrs) > 0 {
				errs[s.Engine+" "+s.Mode+" (page exceptions)"]++
			}
			if s.Err == "" && s.Mode != "cold" {
				a, b := top3(first[s.Engine][s.Q].URLs), top3(s.Out.URLs)
				if a != b {
					errs[s.Engine+" "+s.Mode+" (top 3 differs from cold)"]++
				}
			}
		}
		for k, v := range errs {
			probs = append(probs, fmt.Sprintf("%s: %s ×%d", r.Name, k, v))
		}
	}
	sort.Strings(probs)
	if len(probs) > 0 {
		w("\nProblems during the run: %s.\n", strings.Join(probs, "; "))
	}
	return b.String()
}

func size0(s *sizeSet) string {
	if s == nil {
		return "–"
	}
	return mb(s.Gzip)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func top3(u []string) string {
	if len(u) > 3 {
		u = u[:3]
	}
	return strings.Join(u, " ")
}

func pageURLs(engine string, o outcome) []string {
	if engine == "signpost" {
		return o.URLs
	}
	var out []string
	for _, p := range o.Pages {
		out = append(out, p.URL)
	}
	return out
}

// firstOutcomes: engine → query → its first cold outcome without error.
func firstOutcomes(r *corpusResult) map[string]map[string]outcome {
	out := map[string]map[string]outcome{}
	for _, s := range r.Samples {
		if s.Mode != "cold" || s.Err != "" {
			continue
		}
		if out[s.Engine] == nil {
			out[s.Engine] = map[string]outcome{}
		}
		if _, ok := out[s.Engine][s.Q]; !ok {
			out[s.Engine][s.Q] = s.Out
		}
	}
	return out
}

func writeReadme(p, figures string) error {
	const begin, end = "<!-- searchbench:begin -->", "<!-- searchbench:end -->"
	b, err := os.ReadFile(p)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	s := string(b)
	block := begin + "\n" + figures + "\n" + end
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i >= 0 && j > i {
		s = s[:i] + block + s[j+len(end):]
	} else {
		s += "\n## Figures\n\n" + block + "\n"
	}
	return os.WriteFile(p, []byte(s), 0o644)
}

func pfSummary(log string) string {
	var parts []string
	for _, l := range strings.Split(log, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "Indexed ") && (strings.HasSuffix(l, " pages") || strings.HasSuffix(l, " words")) {
			parts = append(parts, strings.TrimPrefix(l, "Indexed "))
		}
	}
	return strings.Join(parts, ", ")
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "searchbench: "+format+"\n", a...)
}

func isOneTime(p string) bool {
	return p == "/search/meta.json" || strings.HasSuffix(p, "/pagefind-entry.json") || strings.HasSuffix(p, ".pf_meta")
}

// indexKind names the kind of an index file: Signpost's meta.json, term lists (t/),
// postings shards (w/) and excerpt fragments (x/); Pagefind's meta (entry file and
// .pf_meta), index chunks, fragments and filters.
func indexKind(p string) string {
	switch {
	case isOneTime(p):
		return "meta"
	case strings.HasPrefix(p, "/search/t/"):
		return "terms"
	case strings.HasPrefix(p, "/search/w/"):
		return "postings"
	case strings.HasPrefix(p, "/search/x/"):
		return "fragments"
	case strings.HasSuffix(p, ".pf_index"):
		return "postings"
	case strings.HasSuffix(p, ".pf_fragment"):
		return "fragments"
	case strings.HasSuffix(p, ".pf_filter"):
		return "filters"
	}
	return "other"
}

// loadAvg is the 1-minute load average (Linux), to show how busy the machine was.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}
