package embed_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"signpost/internal/browsertest"
	"signpost/internal/build"
	"signpost/internal/buildtest"
	"signpost/internal/embed"
)

// editedFS is the repository with some files' content replaced.
type editedFS struct {
	fs.FS
	files map[string][]byte
}

func (e editedFS) Open(name string) (fs.File, error) {
	if b, ok := e.files[name]; ok {
		return fstest.MapFS{name: {Data: b, Mode: 0o644}}.Open(name)
	}
	return e.FS.Open(name)
}

func (e editedFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(e.FS, name) }

// replaceOnce replaces old in s, failing the test when s no longer has it.
func replaceOnce(t *testing.T, file, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%s no longer has %q", file, old)
	}
	return strings.Replace(s, old, new, 1)
}

// TestSchoolPage is issue #16's embed check, in headless Chromium. A school's page on
// another loopback origin (127.0.0.2) with a strict CSP of its own pastes the code from
// the staff page, which frames the Children with Disability check from the site
// (127.0.0.1, served with netlify.toml's headers, whose /embed/* frame-ancestors lists the
// school as site.yaml does: the build checks they agree). The check works to an outcome,
// the frame grows to fit its content, axe finds nothing inside the frame, Exit this page
// (button, then Shift three times) takes the whole tab away from the school's page, no
// request goes anywhere but the two origins, and a school framing a full page is refused.
func TestSchoolPage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site with its WebAssembly module and starts Chromium")
	}
	exe := browsertest.ChromePath(t)
	root := buildtest.RepoRoot()

	schoolLn, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	school := "http://" + schoolLn.Addr().String()
	exitURL := school + "/weather/"

	// The site as deployed for this school: site.yaml and netlify.toml list its origin.
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	yml := replaceOnce(t, "site.yaml", read("site.yaml"), `frame_ancestors: ["https:"]`, `frame_ancestors: ["`+school+`"]`)
	toml := replaceOnce(t, "netlify.toml", read("netlify.toml"), "frame-ancestors 'self' https:;", "frame-ancestors 'self' "+school+";")
	srv := browsertest.Serve(t, map[string][]byte{}, []byte(toml))
	res, err := build.Run(context.Background(), build.Config{
		Src: root, FS: editedFS{os.DirFS(root), map[string][]byte{"site.yaml": []byte(yml), "netlify.toml": []byte(toml)}},
		ModuleDir: root, CacheDir: filepath.Join(root, ".signpost-cache"), BaseURL: srv.URL,
	})
	if err != nil {
		t.Fatalf("site build failed:\n%v", err)
	}
	// The exit goes to the school's origin so that no request leaves the machine: site.yaml
	// accepts only an https: exit_url, so the built pages are pointed there instead.
	for name, b := range res.Files {
		if strings.HasSuffix(name, ".html") {
			res.Files[name] = []byte(strings.ReplaceAll(string(b), `data-exit-url="https://www.bbc.co.uk/weather"`, `data-exit-url="`+exitURL+`"`))
		}
	}
	srv.Files = res.Files

	// The code a school copies: the staff page's default, which is the check.
	guide := string(res.Files["embed-guidance/index.html"])
	m := regexp.MustCompile(`(?s)<textarea[^>]*data-embed-code>(.*?)</textarea>`).FindStringSubmatch(guide)
	if m == nil {
		t.Fatal("the staff page has no code to copy")
	}
	snippet := html.UnescapeString(m[1])
	embedURL := srv.URL + "/embed/parents/cwd-check/"
	if !strings.Contains(snippet, `src="`+embedURL+`"`) || !strings.Contains(snippet, srv.URL+"/embed.js") {
		t.Fatalf("the staff page's code does not frame the check from this site:\n%s", snippet)
	}
	schoolPage := func(title, body string) []byte {
		return []byte(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>` + title + ` – Example Primary School</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/school.css"></head>
<body><header><p class="school">Example Primary School</p></header><main><h1>` + title + `</h1>
<p>Our designated safeguarding lead is happy to talk. The guidance below comes from the local safeguarding partnership and is always up to date.</p>
` + body + `</main></body></html>`)
	}
	schoolFiles := map[string][]byte{
		"/":            schoolPage("Help for families", snippet),
		"/no-script/":  schoolPage("Help for families", regexp.MustCompile(`<script[^>]*></script>`).ReplaceAllString(snippet, "")),
		"/full-page/":  schoolPage("Copied guidance", `<iframe src="`+srv.URL+`/parents/cwd-check/" title="Full page" width="100%" height="600"></iframe>`),
		"/weather/":    []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Weather</title></head><body><p>Sunny.</p></body></html>`),
		"/favicon.ico": {},
		"/school.css":  []byte(`*{box-sizing:border-box}body{font-family:sans-serif;margin:0 auto;max-width:60rem;padding:1rem;background:#f4f8fb}header{background:#234;color:#fff;padding:.5rem 1rem}iframe{border:1px solid #999;display:block}`),
	}
	schoolSrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := schoolFiles[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		// A strict school policy that adds only the site's origin, as the staff page says.
		w.Header().Set("Content-Security-Policy", "default-src 'self'; frame-src "+srv.URL+"; script-src "+srv.URL+"; style-src 'self'; img-src 'self'")
		if strings.HasSuffix(r.URL.Path, ".css") {
			w.Header().Set("Content-Type", "text/css")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		_, _ = w.Write(b)
	})}
	go func() { _ = schoolSrv.Serve(schoolLn) }()
	t.Cleanup(func() { _ = schoolSrv.Close() })

	b := newBrowser(t, exe)
	b.navigate(school + "/")
	frameReady := func() {
		t.Helper()
		b.poll(`document.querySelector("[data-widget=cwd-check]")?.dataset.widgetReady === "true"`, 30*time.Second, "the check in the frame")
	}
	frameReady()
	// The school-side script sized the frame to the embedded page.
	fits := func(when string) int {
		t.Helper()
		var inner int
		b.pollTop(`document.querySelector("iframe[data-signpost-embed]").dataset.signpostSized === "true"`, 10*time.Second, "the frame to be sized ("+when+")")
		for deadline := time.Now().Add(10 * time.Second); ; {
			inner = b.frameInt(`Math.ceil(document.body.getBoundingClientRect().height)`)
			outer := b.topInt(`document.querySelector("iframe[data-signpost-embed]").clientHeight`)
			if outer == inner {
				return outer
			}
			if time.Now().After(deadline) {
				t.Errorf("%s: frame is %d px, its page %d px", when, outer, inner)
				return outer
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	first := fits("first question")
	t.Logf("frame height at the first question: %d px", first)
	if first == embed.FallbackHeight {
		t.Errorf("the frame kept its fixed height %d", first)
	}
	if got := b.frameString(`document.documentElement.hasAttribute("data-embed") + " " + !!document.querySelector(".site-header, .site-nav") + " " + !!document.querySelector(".exit-this-page #exit-this-page") + " " + !!document.querySelector(".danger-banner a[href='tel:999']") + " " + document.querySelector("base").target`); got != "true false true true _top" {
		t.Errorf("embed page (data-embed, header, exit, 999, base target) = %q", got)
	}
	if got := b.frameString(`document.querySelector(".source-line")?.textContent || ""`); !strings.Contains(got, "published by") {
		t.Errorf("no publisher line in the frame: %q", got)
	}
	b.axe("first question")
	// EMBED_SCREENSHOT=file saves the school page with the embedded check (docs/screenshots).
	if f := os.Getenv("EMBED_SCREENSHOT"); f != "" {
		b.screenshot(f)
	}

	// Through the check to an outcome (the answers of cwdcheck's own browser test).
	for _, step := range [][2]string{{"danger", "no"}, {"area", "stoke-on-trent"}, {"disabled", "yes"}, {"needs-stoke", "sld"},
		{"circumstances-stoke", "single-carer"}, {"has", "none"}, {"social-worker", "none"}, {"ask", "carer"}} {
		b.frameString(fmt.Sprintf(`document.querySelector('label[for="cwd-%s-%s"]').click(); document.querySelector("#cwd-step-%s [data-cwd-action=continue]").click(); ""`, step[0], step[1], step[0]))
	}
	b.frameString(`document.querySelector("#cwd-step-check [data-cwd-action=continue]").click(); ""`)
	if got := b.frameString(`document.querySelector("[data-widget=cwd-check]").dataset.cwdState`); got != "outcome" {
		t.Fatalf("state %q, want outcome", got)
	}
	if got := b.frameString(`document.querySelector("[data-widget=cwd-check]").dataset.routes || ""`); got == "" {
		t.Error("the outcome names no routes")
	}
	outcome := fits("outcome")
	t.Logf("frame height at the outcome: %d px", outcome)
	if outcome == first {
		t.Errorf("the frame stayed %d px from the first question to the outcome", outcome)
	}
	if got := b.topString(`location.href`); got != school+"/" {
		t.Errorf("the check's answers changed the school page's address: %q", got)
	}
	if got := b.frameString(`location.href`); got != embedURL {
		t.Errorf("the check's answers are in the frame's address: %q", got)
	}
	b.axe("outcome")

	// Exit this page, the button: the whole tab leaves the school's page.
	b.realClick(`#exit-this-page`)
	b.waitTopURL(exitURL, "the Exit this page button")

	// Shift three times inside the frame.
	b.navigate(school + "/")
	frameReady()
	b.realClick(`h1`) // focus inside the frame, as a reader's click does
	for i := 0; i < 3; i++ {
		b.run(input.DispatchKeyEvent(input.KeyRawDown).WithKey("Shift").WithCode("ShiftLeft").WithWindowsVirtualKeyCode(16).WithModifiers(input.ModifierShift),
			input.DispatchKeyEvent(input.KeyUp).WithKey("Shift").WithCode("ShiftLeft").WithWindowsVirtualKeyCode(16))
	}
	b.waitTopURL(exitURL, "Shift three times in the frame")

	// Without the script, the frame keeps the code's fixed height and scrolls.
	b.navigate(school + "/no-script/")
	frameReady()
	if h := b.topInt(`document.querySelector("iframe[data-signpost-embed]").offsetHeight`); h != embed.FallbackHeight {
		t.Errorf("without /embed.js the frame is %d px, want %d", h, embed.FallbackHeight)
	}
	if sh := b.frameInt(`document.documentElement.scrollHeight`); sh <= embed.FallbackHeight {
		t.Logf("the check fits in %d px without scrolling", sh)
	}

	// A full page refuses to be framed: frame-ancestors 'none'.
	b.navigate(school + "/full-page/")
	b.waitLog("frame-ancestors 'none'", "framing /parents/cwd-check/")
	if u := b.childURL(srv.URL + "/parents/"); u != "" {
		t.Errorf("the full page loaded in the school's frame: %s", u)
	}

	for _, p := range b.problems() {
		if strings.Contains(p, "frame-ancestors 'none'") {
			continue // the refusal above, expected
		}
		t.Errorf("browser problem: %s", p)
	}
	for _, u := range b.requests() {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, school+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("request outside the two test origins: %s", u)
		}
	}
}

// browser is a headless Chromium for this test. Site isolation is off so the school's
// cross-origin frame runs in the page's own process: its requests and messages reach this
// session, and the frame's DOM can be queried through an isolated world. Origins, CSP,
// frame-ancestors, postMessage and user activation work as in any Chromium.
type browser struct {
	t    *testing.T
	ctx  context.Context
	mu   sync.Mutex // guards reqs and errs
	reqs []string
	errs []string
}

func newBrowser(t *testing.T, exe string) *browser {
	t.Helper()
	profile, err := os.MkdirTemp("", "signpost-embed-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(profile), chromedp.WindowSize(1100, 900),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "IsolateOrigins,site-per-process"),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, tcancel := context.WithTimeout(ctx, 4*time.Minute)
	b := &browser{t: t, ctx: ctx}
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx)
		tcancel()
		cancel()
		acancel()
		_ = os.RemoveAll(profile)
	})
	chromedp.ListenTarget(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.reqs = append(b.reqs, e.Request.URL)
		case *runtime.EventExceptionThrown:
			b.errs = append(b.errs, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value))
				}
				b.errs = append(b.errs, "console.error: "+strings.Join(parts, " "))
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.LevelError {
				b.errs = append(b.errs, "log: "+e.Entry.Text+" "+e.Entry.URL)
			}
		}
	})
	b.run(network.Enable(), log.Enable(), runtime.Enable())
	return b
}

func (b *browser) run(actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

func (b *browser) requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.reqs...)
}

func (b *browser) problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}

func (b *browser) navigate(u string) {
	b.t.Helper()
	b.run(chromedp.Navigate(u))
}

// frameID returns the id of the school page's Signpost frame, or "" before it exists.
func (b *browser) frameID() cdp.FrameID {
	var id cdp.FrameID
	b.run(chromedp.ActionFunc(func(ctx context.Context) error {
		tree, err := page.GetFrameTree().Do(ctx)
		if err != nil {
			return err
		}
		for _, c := range tree.ChildFrames {
			if strings.Contains(c.Frame.URL, embed.Prefix+"/") {
				id = c.Frame.ID
			}
		}
		return nil
	}))
	return id
}

// childURL returns the URL of a child frame of the top page starting with prefix, or "".
func (b *browser) childURL(prefix string) string {
	var u string
	b.run(chromedp.ActionFunc(func(ctx context.Context) error {
		tree, err := page.GetFrameTree().Do(ctx)
		if err != nil {
			return err
		}
		for _, c := range tree.ChildFrames {
			if strings.HasPrefix(c.Frame.URL, prefix) {
				u = c.Frame.URL
			}
		}
		return nil
	}))
	return u
}

// eval evaluates js in the frame (in an isolated world: its DOM, not its scripts'
// globals) or, with frame false, in the top page, and decodes the value into out.
func (b *browser) eval(frame bool, js string, out any) error {
	return chromedp.Run(b.ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		ev := runtime.Evaluate(js).WithReturnByValue(true).WithAwaitPromise(true)
		if frame {
			id := b.frameID()
			if id == "" {
				return fmt.Errorf("no Signpost frame on the page")
			}
			cid, err := page.CreateIsolatedWorld(id).WithWorldName("embed-test").Do(ctx)
			if err != nil {
				return err
			}
			ev = ev.WithContextID(cid)
		}
		v, exc, err := ev.Do(ctx)
		if err != nil {
			return err
		}
		if exc != nil {
			return fmt.Errorf("%s: %s", exc.Text, exceptionDescription(exc))
		}
		return json.Unmarshal(v.Value, out)
	}))
}

func exceptionDescription(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

func (b *browser) must(frame bool, js string, out any) {
	b.t.Helper()
	if err := b.eval(frame, js, out); err != nil {
		b.t.Fatalf("evaluating %.80q: %v", js, err)
	}
}

func (b *browser) frameString(js string) (s string) { b.t.Helper(); b.must(true, js, &s); return }
func (b *browser) topString(js string) (s string)   { b.t.Helper(); b.must(false, js, &s); return }
func (b *browser) frameInt(js string) (n int)       { b.t.Helper(); b.must(true, js, &n); return }
func (b *browser) topInt(js string) (n int)         { b.t.Helper(); b.must(false, js, &n); return }

func (b *browser) pollIn(frame bool, js string, timeout time.Duration, what string) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		if err := b.eval(frame, "!!("+js+")", &ok); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waited %v for %s; problems: %v", timeout, what, b.problems())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (b *browser) poll(js string, timeout time.Duration, what string) {
	b.t.Helper()
	b.pollIn(true, js, timeout, what)
}

func (b *browser) pollTop(js string, timeout time.Duration, what string) {
	b.t.Helper()
	b.pollIn(false, js, timeout, what)
}

// realClick clicks the middle of the frame's element sel with the mouse, through the
// DevTools input domain, so the page gets user activation as from a person.
func (b *browser) realClick(sel string) {
	b.t.Helper()
	b.topString(`scrollTo(0, 0); ""`)
	var r struct{ X, Y float64 }
	b.must(true, `(() => { const e = document.querySelector(`+jsString(sel)+`); e.scrollIntoView({block: "nearest"}); const r = e.getBoundingClientRect(); return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`, &r)
	var f struct{ X, Y float64 }
	b.must(false, `(() => { const r = document.querySelector("iframe[data-signpost-embed]").getBoundingClientRect(); return {X: r.left + 1, Y: r.top + 1}; })()`, &f)
	b.run(chromedp.MouseClickXY(f.X+r.X, f.Y+r.Y))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (b *browser) waitTopURL(want, how string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got string
		b.run(chromedp.Location(&got))
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			b.t.Errorf("%s: the tab is at %q, want %q (the whole tab leaves)", how, got, want)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *browser) waitLog(substr, what string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, p := range b.problems() {
			if strings.Contains(p, substr) {
				return
			}
		}
		if time.Now().After(deadline) {
			b.t.Errorf("%s: the browser did not refuse it (no %q in %v)", what, substr, b.problems())
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// axe runs axe-core inside the frame against WCAG 2.0–2.2 A and AA.
func (b *browser) axe(when string) {
	b.t.Helper()
	src, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "internal", "browsertest", "testdata", "axe.min.js"))
	if err != nil {
		b.t.Fatal(err)
	}
	var raw string
	b.must(true, string(src)+`
;(async () => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}, resultTypes: ["violations"]});
  return JSON.stringify(r.violations.map(v => v.id + ": " + v.help + " " + v.nodes.slice(0, 3).map(n => n.html).join(" | ")));
})()`, &raw)
	var vs []string
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		b.t.Fatal(err)
	}
	for _, v := range vs {
		b.t.Errorf("axe in the frame, %s: %s", when, v)
	}
}

func (b *browser) screenshot(file string) {
	b.t.Helper()
	var png []byte
	b.run(chromedp.FullScreenshot(&png, 100))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
