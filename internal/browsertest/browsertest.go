// Package browsertest drives Debian's Chromium (headless, through chromedp) against a
// built site served with the exact headers from netlify.toml. It gives tests: a served
// site, a browser tab that records every request, console error and CSP violation, and an
// axe-core accessibility check. Without Chromium the tests skip locally but fail in CI
// (when CI is set), so a missing browser can never pass silently.
package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"signpost/internal/netlify"
)

//go:embed testdata/axe.min.js
var axeJS string

// ChromePath finds Chromium, or skips the test (fails it when CI is set).
func ChromePath(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROME_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("browsertest: Chromium not found and CI is set: install it (apt-get install -y chromium) — browser tests must run in CI")
	}
	t.Skip("browsertest: Chromium not found (apt-get install chromium); skipping browser test")
	return ""
}

// Server serves a file set (output path → bytes) like Netlify: the headers of
// netlify.toml, /dir/ → /dir/index.html, and 404.html with status 404.
type Server struct {
	*httptest.Server
	Files map[string][]byte
	cfg   *netlify.Config
	mu    sync.Mutex // guards Files replacement
}

// Serve starts a server for files; it stops when the test ends.
func Serve(t testing.TB, files map[string][]byte, netlifyToml []byte) *Server {
	t.Helper()
	cfg, err := netlify.Parse(netlifyToml)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Files: files, cfg: cfg}
	s.Server = httptest.NewServer(s)
	t.Cleanup(s.Close)
	return s
}

// SetFiles replaces the file set served from now on. Tests that edit pages pass a copy,
// so a set shared across tests (and across -count runs) stays as built.
func (s *Server) SetFiles(files map[string][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Files = files
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean(r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") && p != "/" {
		p += "/"
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	s.mu.Lock()
	b, ok := s.Files[name]
	if !ok && !strings.HasSuffix(r.URL.Path, "/") {
		if _, isDir := s.Files[name+"/index.html"]; isDir {
			s.mu.Unlock()
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	nf := s.Files["404.html"]
	s.mu.Unlock()
	for k, v := range s.cfg.Headers(r.URL.Path) {
		w.Header()[k] = v
	}
	status := http.StatusOK
	if !ok {
		b, status, name = nf, http.StatusNotFound, "404.html"
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", netlify.ContentType(name))
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// Tab is a browser tab that records what the page does.
type Tab struct {
	Ctx    context.Context
	t      testing.TB
	mu     sync.Mutex // guards the slices below
	reqs   []string
	errs   []string
	csp    []string
	cancel context.CancelFunc
}

// Browser starts one headless Chromium for the test and returns a new tab in it.
func Browser(t testing.TB) *Tab {
	t.Helper()
	exe := ChromePath(t)
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
		chromedp.WindowSize(1280, 900),
	}
	// Chromium may still write to its profile for a moment after closing, so the profile is
	// not a t.TempDir (whose removal would then fail the test); it is removed best-effort.
	profile, err := os.MkdirTemp("", "signpost-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts = append(opts, chromedp.UserDataDir(profile))
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, tcancel := context.WithTimeout(ctx, 3*time.Minute)
	tab := &Tab{Ctx: ctx, t: t}
	tab.cancel = func() {
		_ = chromedp.Cancel(ctx) // closes the browser and waits for it to exit
		tcancel()
		cancel()
		acancel()
		_ = os.RemoveAll(profile)
	}
	t.Cleanup(tab.cancel)
	chromedp.ListenTarget(ctx, func(ev any) {
		tab.mu.Lock()
		defer tab.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			tab.reqs = append(tab.reqs, e.Request.URL)
		case *runtime.EventExceptionThrown:
			tab.errs = append(tab.errs, "exception: "+e.ExceptionDetails.Text+" "+exceptionText(e.ExceptionDetails))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError || e.Type == runtime.APITypeAssert {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				tab.errs = append(tab.errs, "console.error: "+strings.Join(parts, " "))
			}
			if e.Type == runtime.APITypeWarning {
				for _, a := range e.Args {
					if strings.Contains(string(a.Value), "signpost-csp") {
						tab.csp = append(tab.csp, string(a.Value))
					}
				}
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.LevelError {
				tab.errs = append(tab.errs, "log: "+string(e.Entry.Source)+": "+e.Entry.Text+" "+e.Entry.URL)
			}
		}
	})
	// Every document reports CSP violations through the console, with a marker. Scripts
	// added through the DevTools protocol are not subject to the page's CSP.
	err = chromedp.Run(ctx, network.Enable(), log.Enable(), runtime.Enable(),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(`document.addEventListener("securitypolicyviolation", e => console.warn("signpost-csp " + e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile||"") + ":" + e.lineNumber));`).Do(ctx)
			return err
		}))
	if err != nil {
		t.Fatalf("browsertest: cannot start Chromium: %v", err)
	}
	return tab
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

// Run runs chromedp actions, failing the test on error.
func (tab *Tab) Run(actions ...chromedp.Action) {
	tab.t.Helper()
	if err := chromedp.Run(tab.Ctx, actions...); err != nil {
		tab.t.Fatalf("browser: %v", err)
	}
}

// Requests returns every URL requested so far.
func (tab *Tab) Requests() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.reqs...)
}

// ResetRequests forgets recorded requests.
func (tab *Tab) ResetRequests() {
	tab.mu.Lock()
	tab.reqs = nil
	tab.mu.Unlock()
}

// Problems returns console errors, exceptions and CSP violations so far.
func (tab *Tab) Problems() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	out := append([]string(nil), tab.errs...)
	return append(out, tab.csp...)
}

// CSPViolations returns recorded Content-Security-Policy violations.
func (tab *Tab) CSPViolations() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.csp...)
}

// Violation is one axe-core rule violation.
type Violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	Targets []string
	Nodes   []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func (v Violation) String() string {
	var nodes []string
	for i, n := range v.Nodes {
		if i == 3 {
			nodes = append(nodes, fmt.Sprintf("… %d more", len(v.Nodes)-3))
			break
		}
		nodes = append(nodes, fmt.Sprint(n.Target)+" "+n.HTML)
	}
	return fmt.Sprintf("%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, strings.Join(nodes, "\n    "))
}

// Axe runs axe-core on the current page against WCAG 2.0–2.2 A and AA rules and returns the
// violations.
func (tab *Tab) Axe() []Violation {
	tab.t.Helper()
	var raw string
	script := axeJS + `
;(async () => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}, resultTypes: ["violations"]});
  return JSON.stringify(r.violations);
})()`
	tab.Run(chromedp.Evaluate(script, &raw, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
	var vs []Violation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		tab.t.Fatalf("axe: %v", err)
	}
	return vs
}

// WaitAttr polls until the element's attribute equals want or the timeout passes.
func (tab *Tab) WaitAttr(sel, attr, want string, timeout time.Duration) string {
	tab.t.Helper()
	deadline := time.Now().Add(timeout)
	var got string
	for {
		var ok bool
		err := chromedp.Run(tab.Ctx, chromedp.AttributeValue(sel, attr, &got, &ok, chromedp.ByQuery))
		if err == nil && got == want {
			return got
		}
		if time.Now().After(deadline) {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Eval evaluates JavaScript and stores the result in out.
func (tab *Tab) Eval(js string, out any) {
	tab.t.Helper()
	tab.Run(chromedp.Evaluate(js, out))
}

// Emulate sets the viewport width (CSS pixels).
func Emulate(width, height int64) chromedp.Action {
	return chromedp.EmulateViewport(width, height)
}
