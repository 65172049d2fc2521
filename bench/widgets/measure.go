package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// widgetPage is one page to measure, with the interaction that proves its widget responds:
// the probe clicks the selectors (in order) as soon as the module is running, then waits
// for the root's attribute to take the wanted value.
type widgetPage struct {
	Name   string
	Path   string
	Root   string   // the widget root
	Clicks []string // what to click once the module runs
	Attr   string   // root attribute that must change…
	Want   string   // …to this value
	What   string   // the interaction, in words
}

var pages = []widgetPage{
	{
		Name: "tier-matrix", Path: "/professionals/tier-matrix/",
		Root: `[data-widget="tier-matrix"]`, Clicks: []string{`label[for="tm-i-b-health-1"]`},
		Attr: "data-tier", Want: "2",
		What: `tick one Tier 2 indicator (label click) → root data-tier="2"`,
	},
	{
		Name: "cwd-check", Path: "/parents/cwd-check/",
		Root:   `[data-widget="cwd-check"]`,
		Clicks: []string{`label[for="cwd-danger-no"]`, `#cwd-step-danger [data-cwd-action="continue"]`},
		Attr:   "data-cwd-state", Want: "step:area",
		What: `answer the first question "No" and Continue → root data-cwd-state="step:area"`,
	},
}

// profile is a network and CPU condition.
type profile struct {
	Name      string
	Label     string
	Latency   float64 // ms added to each request (0: none)
	Down, Up  float64 // bytes/s (0: no throttling)
	CPU       float64 // CPU slowdown (1: none)
	Throttled bool
}

var profiles = map[string]profile{
	"fast": {Name: "fast", Label: "fast (no throttling)", CPU: 1},
	// Lighthouse's "slow 4G" figures (RTT 150 ms, 1.6 Mbps down, 750 Kbps up, CPU x4), applied
	// as DevTools network emulation: 150 ms per request, throughput in bytes/s.
	"slow4g": {Name: "slow4g", Label: "slow 4G + 4x CPU", Latency: 150, Down: 1.6 * 1024 * 1024 / 8, Up: 750 * 1024 / 8, CPU: 4, Throttled: true},
	// What Lighthouse itself applies when it throttles through DevTools ("devtools" method):
	// the RTT x3.75 as request latency and throughput x0.9, to make up for the emulation
	// working per request rather than per packet.
	"slow4g-lh": {Name: "slow4g-lh", Label: "slow 4G (Lighthouse DevTools-adjusted: 562.5 ms, 1.44 Mbps) + 4x CPU", Latency: 150 * 3.75, Down: 1.6 * 1024 * 1024 / 8 * 0.9, Up: 750 * 1024 / 8 * 0.9, CPU: 4, Throttled: true},
}

// run is one measured page load. Times are ms from navigation start (performance.now()).
type run struct {
	FCP       float64 `json:"fcp"`
	Ready     float64 `json:"ready"`     // data-widgets-ready="true": module running, widgets mounted
	Responded float64 `json:"responded"` // the interaction's effect seen: time to interactive
	Error     string  `json:"error"`
	Done      bool    `json:"done"`
	WasmStart float64 `json:"wasmStart"` // the module's request start (resource timing startTime)
	WasmEnd   float64 `json:"wasmEnd"`   // the module's responseEnd
	DCL       float64 `json:"dcl"`
	Load      float64 `json:"load"`

	Transferred int64          // bytes on the wire (CDP encodedDataLength, headers included)
	Requests    int            // requests made
	WasmFetches int            // requests for the module (the preload should serve the fetch)
	Encodings   map[string]int // Content-Encoding → responses
	Served      []served       // what the server sent
}

const probeJS = `(() => {
  if (!location.href.startsWith(%q)) return;
  const ROOT = %q, ATTR = %q, WANT = %q, CLICKS = %s;
  const w = window.__wb = {fcp: -1, ready: -1, responded: -1, error: "", done: false};
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.name === "first-contentful-paint") w.fcp = e.startTime; })
      .observe({type: "paint", buffered: true});
  } catch (e) {}
  const responded = () => { const r = document.querySelector(ROOT); return !!r && r.getAttribute(ATTR) === WANT; };
  const check = () => {
    if (w.done) return;
    const html = document.documentElement;
    const v = html && html.getAttribute("data-widgets-ready");
    if (w.ready < 0 && v) {
      if (v !== "true") { w.error = "data-widgets-ready=" + v; w.done = true; return; }
      w.ready = performance.now();
      try {
        for (const sel of CLICKS) {
          const el = document.querySelector(sel);
          if (!el) throw new Error("no element " + sel);
          el.click();
        }
      } catch (e) { w.error = String(e); w.done = true; return; }
    }
    if (w.ready >= 0 && responded()) { w.responded = performance.now(); w.done = true; }
  };
  new MutationObserver(check).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-widgets-ready", ATTR]});
})();`

const collectJS = `(() => {
  const w = window.__wb || {error: "probe not installed"};
  const nav = performance.getEntriesByType("navigation")[0] || {};
  const wasm = performance.getEntriesByType("resource").filter(e => e.name.endsWith(".wasm"));
  if (w.fcp < 0) {
    const p = performance.getEntriesByName("first-contentful-paint")[0];
    if (p) w.fcp = p.startTime;
  }
  return JSON.stringify(Object.assign({}, w, {
    wasmStart: wasm.length ? Math.min(...wasm.map(e => e.startTime)) : -1,
    wasmEnd: wasm.length ? Math.max(...wasm.map(e => e.responseEnd)) : -1,
    dcl: nav.domContentLoadedEventEnd || -1, load: nav.loadEventEnd || -1,
  }));
})()`

// measure loads p once in a fresh browser context (empty HTTP and code caches, cache
// disabled too) under prof and returns the timings.
func measure(browser context.Context, srv *site, origin string, p widgetPage, prof profile) (*run, error) {
	ctx, cancel, err := isolatedTab(browser)
	if err != nil {
		return nil, err
	}
	defer cancel()
	ctx, tcancel := context.WithTimeout(ctx, 3*time.Minute)
	defer tcancel()

	var mu sync.Mutex
	r := &run{Encodings: map[string]int{}}
	pending := map[network.RequestID]bool{}
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if strings.HasPrefix(e.Request.URL, "data:") {
				return
			}
			pending[e.RequestID] = true
			r.Requests++
			if strings.HasSuffix(e.Request.URL, ".wasm") {
				r.WasmFetches++
			}
		case *network.EventResponseReceived:
			enc := "identity"
			for k, v := range e.Response.Headers {
				if strings.EqualFold(k, "content-encoding") {
					enc = fmt.Sprint(v)
				}
			}
			r.Encodings[enc]++
		case *network.EventLoadingFinished:
			if pending[e.RequestID] {
				r.Transferred += int64(e.EncodedDataLength)
				delete(pending, e.RequestID)
			}
		case *network.EventLoadingFailed:
			delete(pending, e.RequestID)
		}
	})

	clicks, _ := json.Marshal(p.Clicks)
	probe := fmt.Sprintf(probeJS, origin, p.Root, p.Attr, p.Want, clicks)
	setup := chromedp.Tasks{
		network.Enable(),
		network.SetCacheDisabled(true),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(probe).Do(ctx)
			return err
		}),
	}
	if prof.Throttled {
		setup = append(setup,
			network.EmulateNetworkConditions(false, prof.Latency, prof.Down, prof.Up),
			emulation.SetCPUThrottlingRate(prof.CPU))
	}
	if err := chromedp.Run(ctx, setup); err != nil {
		return nil, fmt.Errorf("setting up the tab: %w", err)
	}
	srv.takeLog()
	var raw string
	err = chromedp.Run(ctx,
		chromedp.Navigate(origin+p.Path),
		chromedp.Poll(`window.__wb && window.__wb.done`, nil, chromedp.WithPollingInterval(50*time.Millisecond)),
		chromedp.ActionFunc(func(ctx context.Context) error {
			// Let the last requests (the favicon) finish so the byte count is whole.
			for range 100 {
				mu.Lock()
				n := len(pending)
				mu.Unlock()
				if n == 0 {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			return nil
		}),
		chromedp.Evaluate(collectJS, &raw),
	)
	if err != nil {
		return nil, err
	}
	mu.Lock()
	defer mu.Unlock()
	if err := json.Unmarshal([]byte(raw), r); err != nil {
		return nil, err
	}
	if r.Error != "" {
		return nil, fmt.Errorf("%s: %s", p.Path, r.Error)
	}
	r.Served = srv.takeLog()
	if verbose {
		for _, sv := range r.Served {
			log.Printf("  served %s %s %d bytes", sv.Path, sv.Encoding, sv.Bytes)
		}
	}
	return r, nil
}

// stats summarises the runs of one page under one profile.
type stats struct {
	Page, Profile                             string
	N                                         int
	FCP, WasmStart, WasmEnd, Ready, TTI, Load [3]float64 // median, min, max
	Transferred                               int64      // median
	Requests, WasmFetches                     int        // of the median-TTI run
	Encodings                                 string
	WasmBytes                                 int // module body bytes the server sent per load
	WasmEncoding                              string
	TTIs                                      []float64
}

func summarise(pg widgetPage, prof profile, runs []*run) stats {
	s := stats{Page: pg.Name, Profile: prof.Name, N: len(runs)}
	pick := func(f func(*run) float64) [3]float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		sort.Float64s(v)
		return [3]float64{median(v), v[0], v[len(v)-1]}
	}
	s.FCP = pick(func(r *run) float64 { return r.FCP })
	s.WasmStart = pick(func(r *run) float64 { return r.WasmStart })
	s.WasmEnd = pick(func(r *run) float64 { return r.WasmEnd })
	s.Ready = pick(func(r *run) float64 { return r.Ready })
	s.TTI = pick(func(r *run) float64 { return r.Responded })
	s.Load = pick(func(r *run) float64 { return r.Load })
	for _, r := range runs {
		s.TTIs = append(s.TTIs, r.Responded)
	}
	tr := make([]float64, len(runs))
	for i, r := range runs {
		tr[i] = float64(r.Transferred)
	}
	sort.Float64s(tr)
	s.Transferred = int64(median(tr))
	last := runs[len(runs)/2]
	s.Requests, s.WasmFetches = last.Requests, last.WasmFetches
	var encs []string
	for k, v := range last.Encodings {
		encs = append(encs, fmt.Sprintf("%s×%d", k, v))
	}
	sort.Strings(encs)
	s.Encodings = strings.Join(encs, " ")
	for _, sv := range last.Served {
		if strings.HasSuffix(sv.Path, ".wasm") {
			s.WasmBytes += sv.Bytes
			s.WasmEncoding = sv.Encoding
		}
	}
	return s
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// isolatedTab opens a tab in a new browser context (like a new incognito window: its own
// HTTP cache, code cache and storage), which is disposed of when the returned cancel is
// called. chromedp.WithNewBrowserContext cannot be used: Chromium refuses a tab in a new
// context without a window of its own ("no browser is open"), so the target is created
// here with newWindow.
func isolatedTab(browser context.Context) (context.Context, context.CancelFunc, error) {
	c := chromedp.FromContext(browser)
	if c == nil || c.Browser == nil {
		return nil, nil, fmt.Errorf("browser not started")
	}
	bx := cdp.WithExecutor(browser, c.Browser)
	bcid, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(bx)
	if err != nil {
		return nil, nil, fmt.Errorf("creating a browser context: %w", err)
	}
	tid, err := target.CreateTarget("about:blank").WithBrowserContextID(bcid).WithNewWindow(true).Do(bx)
	if err != nil {
		_ = target.DisposeBrowserContext(bcid).Do(bx)
		return nil, nil, fmt.Errorf("opening a tab: %w", err)
	}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithTargetID(tid))
	return ctx, func() {
		cancel() // closes the tab
		_ = target.DisposeBrowserContext(bcid).Do(bx)
	}, nil
}
