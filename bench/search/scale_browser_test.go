package searchbench

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"signpost/internal/browsertest"
	"signpost/internal/search"
)

// TestScaleChromium times warm queries in Chromium on an index written by
// `go run ./bench/search/cmd/indexsize -n 10000 -out DIR` (skipped unless
// SIGNPOST_SCALE_DIR=DIR): each query once, then 9 more times, with the stages the search
// page runs — rank, details (fragments), excerpts, and rendering 20 results as the page does
// (forced layout included). It prints medians per stage; searchbench measures the whole page
// (typing, status, history) but needs a site build and Pagefind, ten minutes and more.
func TestScaleChromium(t *testing.T) {
	dir := os.Getenv("SIGNPOST_SCALE_DIR")
	if dir == "" || testing.Short() {
		t.Skip("set SIGNPOST_SCALE_DIR to an index written by indexsize -out")
	}
	browsertest.ChromePath(t)
	files, err := search.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(root, "assets/js/search.js"))
	if err != nil {
		t.Fatal(err)
	}
	files["search.mjs"] = js
	files["scale.html"] = []byte(scalePage)
	srv := browsertest.Serve(t, files, nil)
	tab := browsertest.Browser(t)
	tab.Run(chromedp.Navigate(srv.URL + "/scale.html"))
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		var s string
		tab.Eval(`document.getElementById("out").textContent`, &s)
		if s != "pending" && s != "" {
			t.Log("warm, median of 9 (ms):\n" + s)
			if strings.Contains(s, "error") {
				t.Fatal(tab.Problems())
			}
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("no result in 3 minutes; problems %v", tab.Problems())
}

// TestScalePageChromium does what searchbench's warm mode does, on the real search page of
// this site with its index replaced by the one in SIGNPOST_SCALE_DIR: set the box, submit,
// and time until the status line changes (the page's whole work), 9 times per query after
// a first run.
func TestScalePageChromium(t *testing.T) {
	dir := os.Getenv("SIGNPOST_SCALE_DIR")
	if dir == "" || testing.Short() {
		t.Skip("set SIGNPOST_SCALE_DIR to an index written by indexsize -out")
	}
	browsertest.ChromePath(t)
	site, _ := builtSite(t)
	files := map[string][]byte{}
	for name, b := range site {
		if !strings.HasPrefix(name, "search/") || name == "search/index.html" {
			files[name] = b
		}
	}
	idx, err := search.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(files, idx)
	toml, _ := os.ReadFile(filepath.Join(root, "netlify.toml"))
	srv := browsertest.Serve(t, files, toml)
	tab := browsertest.Browser(t)
	tab.Run(chromedp.Navigate(srv.URL+"/search/"), chromedp.WaitVisible("#search-page-q", chromedp.ByQuery))
	var lines []string
	for _, q := range []string{"guidance page 7", "guidance page 5000", "safeguarding", "early help", "who can help a family", "safegarding"} {
		var ms []float64
		for i := 0; i < 10; i++ {
			var v float64
			tab.Run(chromedp.Evaluate(`((q) => new Promise(resolve => {
  const input = document.getElementById('search-page-q'), st = document.getElementById('search-status')
  let t0
  const mo = new MutationObserver(() => { mo.disconnect(); resolve(performance.now() - t0) })
  mo.observe(st, { childList: true, characterData: true, subtree: true })
  input.value = q; t0 = performance.now(); input.form.requestSubmit()
}))(`+strconv.Quote(q)+`)`, &v, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
			if i > 0 {
				ms = append(ms, v)
			}
		}
		sort.Float64s(ms)
		lines = append(lines, fmt.Sprintf("%-22s median %.1f ms, min %.1f, max %.1f", q, ms[len(ms)/2], ms[0], ms[len(ms)-1]))
	}
	t.Log("whole page, warm (9 runs):\n" + strings.Join(lines, "\n"))
	for _, p := range tab.Problems() {
		t.Errorf("browser problem: %s", p)
	}
}

const scalePage = `<!doctype html><html lang="en"><title>scale</title><body><ol id="r"></ol><pre id="out">pending</pre>
<script type="module">
import { open, rank, details, excerpt, parse } from './search.mjs'
const load = rel => fetch('search/' + rel.split('?')[0]).then(r => r.arrayBuffer()).then(parse)
const el = (t, text) => { const e = document.createElement(t); e.textContent = text || ''; return e }
const out = []
try {
  for (const q of ['guidance page 7', 'guidance page 5000', 'safeguarding', 'early help', 'who can help a family', 'safegarding']) {
    const ix = await open(load)
    const once = async () => {
      const t0 = performance.now()
      const r = await rank(ix, q, { prefix: true, k: 20 })
      const t1 = performance.now()
      const res = await details(ix, r)
      const t2 = performance.now()
      const ex = res.map(x => excerpt(ix, x.text, x.t))
      const t3 = performance.now()
      document.getElementById('r').replaceChildren(...res.map((x, i) => {
        const li = el('li'); const p = el('p'); let plain = ''
        for (const [t, m] of ex[i]) { if (!m) { plain += t; continue } if (plain) p.append(plain); plain = ''; p.append(el('mark', t)) }
        if (plain) p.append(plain)
        li.append(el('a', x.title + ' – ' + x.heading), p)
        return li
      }))
      void document.getElementById('r').offsetHeight
      const t4 = performance.now()
      return [t4 - t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3]
    }
    await once()
    const runs = []
    for (let i = 0; i < 9; i++) runs.push(await once())
    const med = k => runs.map(x => x[k]).sort((a, b) => a - b)[4].toFixed(1)
    out.push(q.padEnd(22) + ' total ' + med(0) + '  rank ' + med(1) + '  details ' + med(2) + '  excerpts ' + med(3) + '  render ' + med(4))
  }
} catch (e) { out.push('error: ' + e) }
document.getElementById('out').textContent = out.join('\n')
</script></body></html>`

// TestScaleColdWarmChromium does what searchbench's cold and warm modes do at N=10,000, on
// the real search page with the index in SIGNPOST_SCALE_DIR: for each known-item query
// ("guidance page N", as searchbench -q "guidance page") and each of SIGNPOST_SCALE_REPS
// repetitions (default 5), load /search/ afresh, submit the query (cold), then submit it
// again (warm: nothing left to fetch, but the cold run's garbage and the engine's first
// compilation are still about, which is what searchbench's warm figure is). With
// SIGNPOST_SCALE_PROFILE=1 it also samples the warm runs with the DevTools CPU profiler and
// prints the functions with the most self time, with assets/js/search.js served in place of
// its minified bundle so that the names and lines are the source's.
func TestScaleColdWarmChromium(t *testing.T) {
	dir := os.Getenv("SIGNPOST_SCALE_DIR")
	if dir == "" || testing.Short() {
		t.Skip("set SIGNPOST_SCALE_DIR to an index written by indexsize -out")
	}
	reps := 5
	if s := os.Getenv("SIGNPOST_SCALE_REPS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			reps = n
		}
	}
	prof := os.Getenv("SIGNPOST_SCALE_PROFILE") != ""
	browsertest.ChromePath(t)
	srv := scaleServer(t, dir, prof)
	tab := browsertest.Browser(t)
	if prof {
		tab.Run(profiler.Enable(), profiler.SetSamplingInterval(100))
	}
	self := map[string]float64{}
	submit := func(q string) float64 {
		var v float64
		tab.Run(chromedp.Evaluate(`((q) => new Promise(resolve => {
  const input = document.getElementById('search-page-q'), st = document.getElementById('search-status')
  let t0
  const mo = new MutationObserver(() => { mo.disconnect(); resolve(performance.now() - t0) })
  mo.observe(st, { childList: true, characterData: true, subtree: true })
  input.value = q; t0 = performance.now(); input.form.requestSubmit()
}))(`+strconv.Quote(q)+`)`, &v, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		return v
	}
	var cold, warm []float64
	var lines []string
	for _, q := range []string{"guidance page 7", "guidance page 3333", "guidance page 5000", "guidance page 9999"} {
		var qc, qw []float64
		for r := 0; r < reps; r++ {
			tab.Run(chromedp.Navigate(srv.URL+"/search/"), chromedp.WaitReady("#search-results + button", chromedp.ByQuery))
			qc = append(qc, submit(q))
			if prof {
				tab.Run(profiler.Start())
			}
			qw = append(qw, submit(q))
			if prof {
				var p *profiler.Profile
				tab.Run(chromedp.ActionFunc(func(ctx context.Context) (err error) {
					p, err = profiler.Stop().Do(ctx)
					return err
				}))
				addSelfTime(self, p)
			}
		}
		cold, warm = append(cold, qc...), append(warm, qw...)
		lines = append(lines, fmt.Sprintf("%-20s cold median %.1f ms, warm median %.1f ms (min %.1f, max %.1f)", q, median(qc), median(qw), minOf(qw), maxOf(qw)))
	}
	lines = append(lines, fmt.Sprintf("all: cold median %.1f ms, warm median %.1f ms, warm p95 %.1f ms (%d runs)", median(cold), median(warm), nearestRank(warm, 0.95), len(warm)))
	t.Log("cold then warm, fresh page each time:\n" + strings.Join(lines, "\n"))
	if prof {
		type fn struct {
			name string
			ms   float64
		}
		var fs []fn
		total := 0.0
		for k, v := range self {
			fs = append(fs, fn{k, v})
			total += v
		}
		sort.Slice(fs, func(i, j int) bool { return fs[i].ms > fs[j].ms })
		var out []string
		for i, f := range fs {
			if i == 30 {
				break
			}
			out = append(out, fmt.Sprintf("%8.1f ms %5.1f%%  %s", f.ms/float64(len(warm)), 100*f.ms/total, f.name))
		}
		t.Log("warm runs, self time per run (profiler samples):\n" + strings.Join(out, "\n"))
	}
	for _, p := range tab.Problems() {
		t.Errorf("browser problem: %s", p)
	}
}

// scaleServer serves the built site's pages with its search index replaced by the one
// under dir/search; with source, the search page's bundle is assets/js/search.js as written.
func scaleServer(t *testing.T, dir string, source bool) *browsertest.Server {
	t.Helper()
	site, _ := builtSite(t)
	files := map[string][]byte{}
	for name, b := range site {
		if !strings.HasPrefix(name, "search/") || name == "search/index.html" {
			files[name] = b
		}
	}
	if source {
		js, err := os.ReadFile(filepath.Join(root, "assets/js/search.js"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for name := range files {
			if strings.HasPrefix(name, "assets/search.") && strings.HasSuffix(name, ".js") {
				files[name] = js
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d search bundles in the built site, want 1", n)
		}
	}
	idx, err := search.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(files, idx)
	toml, _ := os.ReadFile(filepath.Join(root, "netlify.toml"))
	return browsertest.Serve(t, files, toml)
}

// addSelfTime adds each profile node's self time (ms), keyed by function and line, to m.
func addSelfTime(m map[string]float64, p *profiler.Profile) {
	if p == nil || len(p.Samples) == 0 {
		return
	}
	byID := map[int64]*profiler.ProfileNode{}
	for _, n := range p.Nodes {
		byID[n.ID] = n
	}
	for i, id := range p.Samples {
		if i+1 >= len(p.TimeDeltas) {
			break
		}
		n := byID[id]
		if n == nil {
			continue
		}
		cf := n.CallFrame
		name := cf.FunctionName
		if name == "" {
			name = "(anonymous)"
		}
		if cf.URL != "" {
			name += fmt.Sprintf(" %s:%d", filepath.Base(cf.URL), cf.LineNumber+1)
		}
		m[name] += float64(p.TimeDeltas[i+1]) / 1000
	}
	// source lines of the page's scripts: each node's ticks at the sampling interval
	if os.Getenv("SIGNPOST_SCALE_PROFILE") == "lines" {
		for _, n := range p.Nodes {
			for _, pt := range n.PositionTicks {
				m[fmt.Sprintf("  line %s:%d", filepath.Base(n.CallFrame.URL), pt.Line)] += float64(pt.Ticks) * 0.1
			}
		}
	}
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func nearestRank(v []float64, p float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	i := int(p*float64(len(s))+0.999999) - 1
	if i < 0 {
		i = 0
	}
	return s[i]
}

func minOf(v []float64) float64 { s := append([]float64(nil), v...); sort.Float64s(s); return s[0] }
func maxOf(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)-1]
}
