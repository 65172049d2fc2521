package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium with one tab, recording what DevTools' Network domain
// reports (URL and encodedDataLength of every finished request) and page errors.
type browser struct {
	ctx     context.Context
	cancel  func()
	profile string

	mu   sync.Mutex
	urls map[network.RequestID]string
	cdp  []cdpReq
	errs []string
}

type cdpReq struct {
	URL     string
	Encoded int
}

func newBrowser(exe string) (*browser, error) {
	profile, err := os.MkdirTemp("", "searchbench-chromium-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("ignore-certificate-errors", true), // the bench server's self-signed certificate
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(profile),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	b := &browser{ctx: ctx, profile: profile, urls: map[network.RequestID]string{}}
	b.cancel = func() {
		_ = chromedp.Cancel(ctx)
		cancel()
		acancel()
		_ = os.RemoveAll(profile)
	}
	chromedp.ListenTarget(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.urls[e.RequestID] = e.Request.URL
		case *network.EventLoadingFinished:
			b.cdp = append(b.cdp, cdpReq{URL: b.urls[e.RequestID], Encoded: int(e.EncodedDataLength)})
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.errs = append(b.errs, msg)
		}
	})
	// The first Run starts Chromium and must get the context NewContext returned: the
	// browser lives as long as the context of that call.
	if err := chromedp.Run(ctx); err != nil {
		b.cancel()
		return nil, fmt.Errorf("start Chromium: %v", err)
	}
	sctx, scancel := context.WithTimeout(ctx, 60*time.Second)
	defer scancel()
	err = chromedp.Run(sctx, network.Enable(), runtime.Enable(),
		network.SetCacheDisabled(true),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(pageModeScript).Do(ctx)
			return err
		}))
	if err != nil {
		b.cancel()
		return nil, fmt.Errorf("start Chromium: %v", err)
	}
	return b, nil
}

// pageModeScript runs in every new document before its scripts: on /search/?q=… it
// resolves window.__benchDone with performance.now() (ms since navigation start) when the
// search page's status line is first filled in, which the page does after rendering results.
const pageModeScript = `if (location.pathname.endsWith('/search/') && new URLSearchParams(location.search).get('q')) {
  window.__benchDone = new Promise(resolve => {
    const mo = new MutationObserver(() => {
      const s = document.getElementById('search-status')
      if (s && s.textContent) { mo.disconnect(); resolve(performance.now()) }
    })
    mo.observe(document, { childList: true, subtree: true, characterData: true })
  })
}`

func (b *browser) cdpMark() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.cdp)
}

func (b *browser) cdpSince(m int) []cdpReq {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]cdpReq(nil), b.cdp[m:]...)
}

func (b *browser) errsSince(m int) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if m > len(b.errs) {
		return nil
	}
	return append([]string(nil), b.errs[m:]...)
}

func (b *browser) errMark() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.errs)
}

// run runs actions with a timeout.
func (b *browser) run(timeout time.Duration, actions ...chromedp.Action) error {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	return chromedp.Run(ctx, actions...)
}

// eval evaluates expr, awaiting a promise, into out.
func (b *browser) eval(timeout time.Duration, expr string, out any) error {
	return b.run(timeout, chromedp.Evaluate(expr, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
}

// waitFor polls the boolean expression expr until true.
func (b *browser) waitFor(timeout time.Duration, expr string) error {
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		if err := b.run(5*time.Second, chromedp.Evaluate(expr, &ok)); err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out waiting for %s", expr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// outcome is what one search returned.
type outcome struct {
	MS     float64  `json:"ms"`
	Status string   `json:"status,omitempty"`
	N      int      `json:"n"`
	URLs   []string `json:"urls"` // Signpost: result links in order; Pagefind: page URLs
	// Pagefind only: each top page's sub-results (section URL, words matched).
	Pages []pfPage `json:"pages,omitempty"`
}

type pfPage struct {
	URL  string `json:"url"`
	Subs []struct {
		URL string `json:"url"`
		N   int    `json:"n"`
	} `json:"subs"`
}

// signpostLoad opens the search page (no query) and waits for search.js to be set up.
func (b *browser) signpostLoad(base string, timeout time.Duration) error {
	if err := b.run(timeout, chromedp.Navigate(base+"/search/")); err != nil {
		return err
	}
	// page() in search.js inserts the "More results" button after the list.
	return b.waitFor(timeout, `!!document.querySelector('#search-results + button')`)
}

// signpostQuery types q into the loaded search page's box and submits the form (the
// submit handler runs the search at once; typing alone waits 200 ms of debounce first),
// and times it until the status line is written, which happens after the results are.
func (b *browser) signpostQuery(q query, timeout time.Duration) (outcome, error) {
	args, _ := json.Marshal([]string{q.Q, q.Audience, q.Area})
	expr := fmt.Sprintf(`(([q, audience, area]) => new Promise(resolve => {
  const $ = id => document.getElementById(id)
  const input = $('search-page-q'), st = $('search-status'), ol = $('search-results')
  for (const [id, v] of [['search-audience', audience], ['search-area', area]]) if ($(id)) $(id).value = v || ''
  let t0
  const mo = new MutationObserver(() => {
    const ms = performance.now() - t0
    mo.disconnect()
    const links = [...ol.querySelectorAll(':scope > li > a')].map(a => a.getAttribute('href') || '')
    const m = /^(\d+) result/.exec(st.textContent)
    resolve({ ms, status: st.textContent, n: m ? +m[1] : 0, urls: links.slice(0, 10) })
  })
  mo.observe(st, { childList: true, characterData: true, subtree: true })
  input.value = q
  t0 = performance.now()
  input.form.requestSubmit()
}))(%s)`, args)
	var o outcome
	err := b.eval(timeout, expr, &o)
	return o, err
}

// signpostPage navigates to /search/?q=… and times navigation start → results rendered.
func (b *browser) signpostPage(base string, q query, timeout time.Duration) (outcome, error) {
	v := url.Values{"q": {q.Q}}
	if q.Audience != "" {
		v.Set("audience", q.Audience)
	}
	if q.Area != "" {
		v.Set("area", q.Area)
	}
	if err := b.run(timeout, chromedp.Navigate(base+"/search/?"+v.Encode())); err != nil {
		return outcome{}, err
	}
	var o outcome
	err := b.eval(timeout, `(async () => {
  const ms = await window.__benchDone
  const st = document.getElementById('search-status').textContent
  const m = /^(\d+) result/.exec(st)
  return { ms, status: st, n: m ? +m[1] : 0, urls: [...document.querySelectorAll('#search-results > li > a')].slice(0, 10).map(a => a.getAttribute('href') || '') }
})()`, &o)
	return o, err
}

// pagefindLoad opens the bench page for the bundle at /<sub>/.
func (b *browser) pagefindLoad(base, sub string, timeout time.Duration) error {
	if err := b.run(timeout, chromedp.Navigate(base+"/__bench/pagefind.html?b=/"+sub+"/")); err != nil {
		return err
	}
	return b.waitFor(timeout, `window.__pfReady === true`)
}

// pagefindQuery runs pagefind.search(q) and loads the first k results' data.
func (b *browser) pagefindQuery(q string, k int, timeout time.Duration) (outcome, error) {
	arg, _ := json.Marshal(q)
	var o outcome
	err := b.eval(timeout, fmt.Sprintf(`window.__pfRun(%s, %d)`, arg, k), &o)
	for _, p := range o.Pages {
		o.URLs = append(o.URLs, p.URL)
	}
	return o, err
}

// isIndex says whether a request path is index data for the engine.
func isIndex(engine, p string) bool {
	if engine == "signpost" {
		return strings.HasPrefix(p, "/search/") && (strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".json.gz"))
	}
	i := strings.Index(strings.TrimPrefix(p, "/"), "/")
	if i < 0 || !strings.HasPrefix(p, "/pagefind") {
		return false
	}
	return pagefindClass(p[i+2:]) == "index"
}

// isEngine says whether a request path is the engine's code (JS, WASM).
func isEngine(engine, p string) bool {
	if engine == "signpost" {
		return strings.HasPrefix(p, "/assets/search.") && strings.HasSuffix(p, ".js")
	}
	i := strings.Index(strings.TrimPrefix(p, "/"), "/")
	if i < 0 || !strings.HasPrefix(p, "/pagefind") {
		return false
	}
	return pagefindClass(p[i+2:]) == "engine"
}

// urlPath is the path of an absolute URL.
func urlPath(u string) (string, error) {
	x, err := url.Parse(u)
	if err != nil {
		return "", err
	}
	return x.Path, nil
}
