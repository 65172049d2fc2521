package offline_test

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"signpost/internal/browsertest"
	"signpost/internal/build"
	"signpost/internal/buildtest"
	"signpost/internal/offline"
)

// editedFS is the repository with one file's content replaced: the next deployment.
type editedFS struct {
	fs.FS
	name string
	data []byte
}

func (e editedFS) Open(name string) (fs.File, error) {
	if name == e.name {
		return fstest.MapFS{name: {Data: e.data, Mode: 0o644}}.Open(name)
	}
	return e.FS.Open(name)
}

func (e editedFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(e.FS, name) }

// deployment is a built site as served: its files behind the netlify.toml headers.
func deployment(t *testing.T, fsys fs.FS, toml []byte) (*browsertest.Server, string) {
	t.Helper()
	root := buildtest.RepoRoot()
	res, err := build.Run(context.Background(), build.Config{Src: root, FS: fsys, ModuleDir: root, CacheDir: filepath.Join(root, ".signpost-cache"), BaseURL: "http://localhost"})
	if err != nil {
		t.Fatalf("site build failed:\n%v", err)
	}
	sw := res.Files[offline.WorkerPath]
	if sw == nil {
		t.Fatal("the build wrote no sw.js")
	}
	return browsertest.Serve(t, res.Files, toml), "signpost-offline-" + parse(t, sw).ID
}

// TestOfflineTierMatrix is issue #16's offline check, in headless Chromium under the
// production headers. A professional visits the tier matrix (which registers the worker)
// and presses "Make available offline" on another page; then the network goes (DevTools
// network emulation, and the server drops every connection), and the matrix still loads,
// runs its WebAssembly and gives a result, and a page never visited still opens. Back
// online after a new deployment that changed the matrix page, the new page is shown at
// once and the new worker replaces the stored copies. What the person types is never
// stored, and parents' pages are not controlled by the worker at all.
func TestOfflineTierMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site twice with its WebAssembly module and starts Chromium")
	}
	browsertest.ChromePath(t)
	root := buildtest.RepoRoot()
	toml, err := os.ReadFile(filepath.Join(root, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	repo := os.DirFS(root)
	first, cache1 := deployment(t, repo, toml)
	const matrixFile = "content/professionals/tier-matrix.md"
	src, err := fs.ReadFile(repo, matrixFile)
	if err != nil {
		t.Fatal(err)
	}
	const before, after = "\nPlot these descriptors on this matrix", "\nRebuilt edition: plot these descriptors on this matrix"
	if !bytes.Contains(src, []byte(before)) {
		t.Fatalf("%s no longer says %q", matrixFile, before)
	}
	second, cache2 := deployment(t, editedFS{repo, matrixFile, bytes.Replace(src, []byte(before), []byte(after), 1)}, toml)
	if cache1 == cache2 {
		t.Fatal("a changed page kept the cache name")
	}

	// One origin whose deployment can be swapped, and whose network can be cut: while
	// offline, every connection is closed unanswered.
	var current atomic.Pointer[browsertest.Server]
	current.Store(first)
	var offlineNow atomic.Bool
	var mu sync.Mutex // guards refused
	var refused []string
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if offlineNow.Load() {
			mu.Lock()
			refused = append(refused, r.URL.Path)
			mu.Unlock()
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		current.Load().ServeHTTP(w, r)
	}))
	t.Cleanup(origin.Close)

	tab := browsertest.Browser(t)
	// The matrix asks before a page with unsaved ticks or typing is left (matrix.js's
	// beforeunload). The person here answers "Leave", as someone moving on would; the
	// question is counted, so the test knows it was asked. Any other dialog is unexpected:
	// it is dismissed (nothing hangs) and fails the test.
	var leaveAsked atomic.Int32
	var otherDialogs []string // guarded by mu
	chromedp.ListenTarget(tab.Ctx, func(ev any) {
		e, ok := ev.(*page.EventJavascriptDialogOpening)
		if !ok {
			return
		}
		accept := e.Type == page.DialogTypeBeforeunload
		if accept {
			leaveAsked.Add(1)
		} else {
			mu.Lock()
			otherDialogs = append(otherDialogs, string(e.Type)+": "+e.Message)
			mu.Unlock()
		}
		// Answered from another goroutine: the listener must not block the event loop.
		go func() { _ = chromedp.Run(tab.Ctx, page.HandleJavaScriptDialog(accept)) }()
	})
	waitJS := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for {
			var ok bool
			err := chromedp.Run(tab.Ctx, chromedp.Evaluate(expr, &ok, awaitPromise))
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s (%s); last error %v; problems: %v", what, expr, err, tab.Problems())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	setOffline := func(off bool) {
		t.Helper()
		offlineNow.Store(off)
		tab.Run(network.EmulateNetworkConditions(off, 0, -1, -1))
	}
	const matrix = "/professionals/tier-matrix/"
	const rootSel = `[data-widget="tier-matrix"]`
	useMatrix := func(step string) {
		t.Helper()
		if got := tab.WaitAttr("html", "data-widgets-ready", "true", 60*time.Second); got != "true" {
			t.Fatalf("%s: the WebAssembly module did not start (data-widgets-ready=%q); problems: %v", step, got, tab.Problems())
		}
		tab.Run(chromedp.Click(`label[for="tm-i-b-health-1"]`, chromedp.ByQuery))
		if got := tab.WaitAttr(rootSel, "data-tier", "2", 10*time.Second); got != "2" {
			t.Fatalf("%s: after ticking a Tier 2 indicator, data-tier = %q", step, got)
		}
	}
	text := func() string {
		var s string
		tab.Run(chromedp.Evaluate(`document.querySelector("main").innerText`, &s))
		return s
	}

	// 1. First visit: the matrix registers the worker, which stores it and the module.
	tab.Run(chromedp.Navigate(origin.URL + matrix))
	useMatrix("online")
	waitJS("the worker to control the matrix page", `navigator.serviceWorker.controller !== null && document.documentElement.dataset.offline === "ready"`)
	waitJS("the module to be stored", `caches.open("`+cache1+`").then(c => c.keys()).then(ks => ks.some(r => r.url.endsWith(".wasm")) && ks.some(r => r.url.endsWith("`+matrix+`")))`)

	// 2. "Make available offline" on another professionals' page stores every one. The
	// matrix has a tick, so leaving it asks first.
	tab.Run(chromedp.Navigate(origin.URL+"/professionals/threshold/mash/"),
		chromedp.WaitVisible(`[data-offline-save]`, chromedp.ByQuery),
		chromedp.Click(`[data-offline-save]`, chromedp.ByQuery))
	if leaveAsked.Load() == 0 {
		t.Error("leaving the matrix with a tick did not ask first")
	}
	waitJS("every professionals' page to be stored", `document.documentElement.dataset.offline === "all"`)
	var status string
	tab.Run(chromedp.Text(`[data-offline-status]`, &status, chromedp.ByQuery))
	if !strings.Contains(status, "saved on this device") {
		t.Errorf("status after saving: %q", status)
	}

	// 3. What someone types is never stored: a name in the matrix, a query string, a
	// search. Parents' pages are outside the worker's scope.
	const typed = "Zebedee Quillfeather"
	tab.Run(chromedp.Navigate(origin.URL+matrix+"?child="+strings.ReplaceAll(typed, " ", "+")),
		chromedp.WaitReady(rootSel, chromedp.ByQuery),
		chromedp.SendKeys(`#tm-child`, typed, chromedp.ByQuery),
		chromedp.Navigate(origin.URL+"/search/?q="+strings.ReplaceAll(typed, " ", "+")),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Navigate(origin.URL+"/parents/"),
		chromedp.WaitReady("body", chromedp.ByQuery))
	var controlled bool
	tab.Run(chromedp.Evaluate(`navigator.serviceWorker.controller !== null`, &controlled))
	if controlled {
		t.Error("a parents' page is controlled by the worker")
	}
	var stored []string
	tab.Run(chromedp.Evaluate(`(async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const c = await caches.open(name);
    for (const req of await c.keys()) {
      const body = await (await c.match(req)).text();
      const path = new URL(req.url).pathname;
      if (/zebedee|quillfeather/i.test(req.url + body)) found.push("typed text in " + req.url);
      if (new URL(req.url).search) found.push("query string stored: " + req.url);
      if (!path.startsWith("/professionals/") && !path.startsWith("/assets/") && path !== "/favicon.svg") found.push("outside the offline set: " + req.url);
    }
  }
  return found;
})()`, &stored, awaitPromise))
	for _, s := range stored {
		t.Error(s)
	}

	// 4. Offline: the matrix loads from the worker and works; so does a page never
	// visited, stored by "Make available offline".
	setOffline(true)
	tab.Run(chromedp.Navigate(origin.URL + matrix))
	useMatrix("offline")
	var onLine bool
	tab.Run(chromedp.Evaluate(`navigator.onLine`, &onLine))
	if onLine {
		t.Error("network emulation did not take the browser offline")
	}
	tab.Run(chromedp.Navigate(origin.URL + "/professionals/threshold/escalation/"))
	if s := text(); !strings.Contains(s, "still worried about the child") {
		t.Errorf("offline, the escalation page shows:\n%.300s", s)
	}
	mu.Lock()
	n := len(refused)
	mu.Unlock()
	if n == 0 {
		t.Error("nothing tried the network while offline: the test did not exercise the worker's fallback")
	}
	t.Logf("offline: %d requests refused by the server; pages served by the worker", n)

	// 5. A new deployment changed the matrix page. Back online, the new page is shown at
	// once (network first), and the new worker replaces the stored copies.
	current.Store(second)
	setOffline(false)
	tab.Run(chromedp.Navigate(origin.URL + matrix))
	if s := text(); !strings.Contains(s, "Rebuilt edition") {
		t.Fatalf("online after the new deployment, the matrix page is still the old one:\n%.300s", s)
	}
	waitJS("the new worker to replace the old cache", `caches.keys().then(ks => ks.length === 1 && ks[0] === "`+cache2+`")`)
	waitJS("the new worker to control the page", `navigator.serviceWorker.controller !== null`)

	// 6. Offline again: the stored copies are the new deployment's, pages saved before
	// included.
	setOffline(true)
	tab.Run(chromedp.Reload())
	if s := text(); !strings.Contains(s, "Rebuilt edition") {
		t.Errorf("offline after the update, the matrix page is the old one:\n%.300s", s)
	}
	useMatrix("offline, new deployment")
	tab.Run(chromedp.Navigate(origin.URL + "/professionals/threshold/escalation/"))
	if s := text(); !strings.Contains(s, "still worried about the child") {
		t.Errorf("offline after the update, the escalation page is gone:\n%.300s", s)
	}
	setOffline(false)

	// Leaving with something entered asked each time: after the ticks online (step 2),
	// the typed name (3), and the ticks offline (4 and 6).
	if n := leaveAsked.Load(); n != 4 {
		t.Errorf("leaving the matrix with unsaved entries asked %d times, want 4", n)
	}
	mu.Lock()
	for _, d := range otherDialogs {
		t.Errorf("unexpected dialog: %s", d)
	}
	mu.Unlock()
	for _, p := range tab.Problems() {
		// Offline navigations log failed network fetches from the worker; anything else
		// (a CSP violation, an exception) is a failure.
		if strings.Contains(p, "signpost-csp") || strings.Contains(p, "exception") {
			t.Errorf("problem: %s", p)
		}
	}
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
