package cwdcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"signpost/internal/browsertest"
)

// TestBrowser drives the check in headless Chromium: the WASM module from widgets/wasm,
// this package's HTML and assets/css/cwd.css, served with netlify.toml's headers (so its
// CSP applies). It checks the contract: one question at a time, focus on each new
// heading, the GOV.UK error pattern, back and change, the outcome's data-route cards in
// order, nothing requested or put in the URL, and axe-core finding nothing.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the WASM module and starts Chromium")
	}
	browsertest.ChromePath(t)
	d, contacts := loadReal(t)

	dir := t.TempDir()
	wasmFile := filepath.Join(dir, "widgets.wasm")
	build := exec.Command("go", "build", "-o", wasmFile, "./widgets/wasm")
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the WASM module: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	wasmExec, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) []byte {
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	page := `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Check what help there is for a disabled child</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/cwd.css"><script src="/wasm_exec.js"></script><script src="/boot.js" defer></script></head>
<body><main id="main"><h1>Check what help there is for a disabled child</h1>` + string(RenderWidget(d, contacts, realGlossary(t))) + `</main></body></html>`
	boot := `const go = new Go();
WebAssembly.instantiateStreaming(fetch("/widgets.wasm"), go.importObject).then(r => go.run(r.instance));`
	files := map[string][]byte{
		"check/index.html": []byte(page),
		"cwd.css":          read("assets/css/cwd.css"),
		"wasm_exec.js":     wasmExec,
		"boot.js":          []byte(boot),
		"widgets.wasm":     mustRead(t, wasmFile),
		"favicon.ico":      {}, // the browser asks for it by itself
	}
	srv := browsertest.Serve(t, files, read("netlify.toml"))
	tab := browsertest.Browser(t)
	// Close Chromium and wait for it before the temporary profile is removed (cleanups run
	// last-in first-out); without this, removal sometimes races Chromium's last writes.
	url := srv.URL + "/check/"

	var s string
	var b bool
	eval := func(js string) string {
		t.Helper()
		var out string
		tab.Eval(js, &out)
		return out
	}
	ready := func() {
		t.Helper()
		if got := tab.WaitAttr("[data-widget=cwd-check]", "data-widget-ready", "true", 20*time.Second); got != "true" {
			t.Fatalf("widget not ready; problems: %v", tab.Problems())
		}
	}
	state := func() string { return eval(`document.querySelector("[data-widget=cwd-check]").dataset.cwdState`) }
	focused := func() string { return eval(`document.activeElement.id`) }
	visibleSteps := func() string {
		return eval(`[...document.querySelectorAll("[data-cwd-step]")].filter(e => !e.hidden).map(e => e.dataset.cwdStep).join(" ")`)
	}
	pick := func(step, opt string) {
		t.Helper()
		tab.Run(chromedp.Click(`label[for="cwd-`+step+`-`+opt+`"]`, chromedp.ByQuery))
	}
	next := func(step string) {
		t.Helper()
		tab.Run(chromedp.Click(`#cwd-step-`+step+` [data-cwd-action=continue]`, chromedp.ByQuery))
	}
	// CWD_SHOTS=dir saves a screenshot of each state checked by axe, to look at.
	shots := os.Getenv("CWD_SHOTS")
	axe := func(when string) {
		t.Helper()
		if shots != "" {
			var png []byte
			tab.Run(chromedp.FullScreenshot(&png, 100))
			_ = os.WriteFile(filepath.Join(shots, strings.ReplaceAll(when, " ", "-")+".png"), png, 0o644)
		}
		for _, v := range tab.Axe() {
			t.Errorf("axe, %s: %s", when, v)
		}
	}

	tab.Run(chromedp.Navigate(url))
	ready()
	if got := visibleSteps(); got != "danger" {
		t.Fatalf("visible steps at start = %q", got)
	}
	tab.Eval(`document.querySelector("[data-cwd-fallback]").hidden`, &b)
	if !b {
		t.Error("the no-JavaScript list is still shown")
	}
	axe("first question")

	// Unanswered: the GOV.UK error pattern.
	next("danger")
	if got := eval(`document.title`); !strings.HasPrefix(got, "Error: ") {
		t.Errorf("title = %q", got)
	}
	if got := focused(); got != "cwd-error-summary" {
		t.Errorf("focus after error on %q, want the error summary", got)
	}
	tab.Eval(`!document.querySelector("#cwd-danger-error").hidden && document.querySelector("#cwd-step-danger fieldset").getAttribute("aria-describedby").includes("cwd-danger-error") && document.querySelector("[data-cwd-group]").classList.contains("cwd-form-group-error")`, &b)
	if !b {
		t.Error("inline error not shown or not described")
	}
	axe("error")
	tab.Run(chromedp.Click(`[data-cwd-error-for=danger] a`, chromedp.ByQuery))
	if got := focused(); got != "cwd-danger-now" {
		t.Errorf("error link focused %q", got)
	}

	// Keyboard only: arrow to "No" in the radio group, tab to Continue, press Enter.
	tab.Run(chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if got := focused(); got != "cwd-danger-no" {
		t.Errorf("arrow keys moved focus to %q", got)
	}
	tab.Run(chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	if got := state(); got != "step:area" {
		t.Fatalf("keyboard Continue: state %q", got)
	}
	if got := focused(); got != "cwd-area-heading" {
		t.Errorf("focus on %q, want the new question's heading", got)
	}
	if got := eval(`document.title`); strings.HasPrefix(got, "Error") {
		t.Errorf("title still %q", got)
	}

	// Stoke-on-Trent, a Level 4 group and a stress factor, wanting carer support.
	pick("area", "stoke-on-trent")
	next("area")
	pick("disabled", "yes")
	next("disabled")
	if got := state(); got != "step:needs-stoke" {
		t.Fatalf("state %q, want the Stoke-on-Trent descriptions", got)
	}
	pick("needs-stoke", "sld")
	pick("needs-stoke", "none") // exclusive: clears sld
	tab.Eval(`!document.querySelector("#cwd-needs-stoke-sld").checked`, &b)
	if !b {
		t.Error("None of these did not clear the other answers")
	}
	pick("needs-stoke", "sld") // and back
	tab.Eval(`!document.querySelector("#cwd-needs-stoke-none").checked`, &b)
	if !b {
		t.Error("an answer did not clear None of these")
	}
	next("needs-stoke")
	pick("circumstances-stoke", "single-carer")
	next("circumstances-stoke")
	pick("social-worker", "none")
	next("social-worker")
	pick("carer", "yes")
	next("carer")
	if got := state(); got != "check" {
		t.Fatalf("state %q, want check", got)
	}
	if got := focused(); got != "cwd-check-heading" {
		t.Errorf("focus on %q", got)
	}
	rows := eval(`[...document.querySelectorAll("[data-cwd-row]")].filter(e => !e.hidden).map(e => e.dataset.cwdRow + "=" + [...e.querySelectorAll("[data-cwd-answer]")].filter(a => !a.hidden).map(a => a.dataset.cwdAnswer).join(",")).join(" ")`)
	if want := "danger=no area=stoke-on-trent disabled=yes needs-stoke=sld circumstances-stoke=single-carer social-worker=none carer=yes"; rows != want {
		t.Errorf("check your answers:\n got %s\nwant %s", rows, want)
	}
	axe("check your answers")
	next("check")
	if got := state(); got != "outcome" {
		t.Fatalf("state %q, want outcome", got)
	}
	want := "cwd-social-work parent-carer-assessment aiming-high-enhanced early-help aiming-high-core csdpa-support"
	if got := eval(`[...document.querySelectorAll("[data-route]")].filter(e => !e.hidden).map(e => e.dataset.route).join(" ")`); got != want {
		t.Errorf("outcome cards:\n got %s\nwant %s", got, want)
	}
	if got := eval(`document.querySelector("[data-widget=cwd-check]").dataset.routes`); got != want {
		t.Errorf("data-routes = %q", got)
	}
	if got := eval(`[...document.querySelectorAll("[data-cwd-say-lines] li")].map(e => e.textContent).join("|")`); !strings.Contains(got, "We live in Stoke-on-Trent.") || !strings.Contains(got, "My child has severe learning difficulties.") {
		t.Errorf("what to say = %q", got)
	}
	tab.Eval(`[...document.querySelectorAll("[data-route]:not([hidden]) a[href^='tel:']")].length > 0`, &b)
	if !b {
		t.Error("no tel: links on the outcome")
	}
	if got := focused(); got != "cwd-outcome-heading" {
		t.Errorf("focus on %q", got)
	}
	tab.Eval(`!document.querySelector('[data-cwd-intro="routes"]').hidden && document.querySelector('[data-cwd-intro="urgent"]').hidden`, &b)
	if !b {
		t.Error("the outcome does not open with the routes introduction")
	}
	axe("outcome")
	tab.Run(chromedp.Click(`[data-cwd-action=copy]`, chromedp.ByQuery))
	time.Sleep(200 * time.Millisecond)
	if got := eval(`document.querySelector("[data-cwd-status]").textContent`); got == "" {
		t.Error("copy said nothing")
	}

	// Back goes to check your answers; Change goes to the question; a new area asks that
	// area's questions.
	tab.Run(chromedp.Click(`#cwd-step-outcome [data-cwd-action=back]`, chromedp.ByQuery))
	if got := state(); got != "check" {
		t.Errorf("back from outcome: %q", got)
	}
	tab.Run(chromedp.Click(`[data-cwd-row=area] [data-cwd-action=change]`, chromedp.ByQuery))
	if got := state(); got != "step:area" {
		t.Errorf("change area: %q", got)
	}
	pick("area", "thurrock")
	next("area")
	next("disabled")
	if got := state(); got != "step:needs-thurrock" {
		t.Errorf("after changing area: %q", got)
	}
	tab.Run(chromedp.Click(`#cwd-step-needs-thurrock [data-cwd-action=back]`, chromedp.ByQuery))
	tab.Run(chromedp.Click(`#cwd-step-disabled [data-cwd-action=back]`, chromedp.ByQuery))
	if got := state(); got != "step:area" {
		t.Errorf("back twice: %q", got)
	}

	// Start again; danger now goes straight to the emergency routes.
	tab.Run(chromedp.Click(`#cwd-step-area [data-cwd-action=back]`, chromedp.ByQuery))
	pick("danger", "now")
	next("danger")
	if got := eval(`document.querySelector("[data-widget=cwd-check]").dataset.routes`); got != "emergency safeguarding-referral" {
		t.Errorf("danger now: routes %q", got)
	}
	tab.Eval(`document.querySelector('[data-cwd-intro="routes"]').hidden && !document.querySelector('[data-cwd-intro="urgent"]').hidden`, &b)
	if !b {
		t.Error("the emergency outcome does not open with the urgent introduction")
	}
	axe("emergency outcome")
	tab.Run(chromedp.Click(`#cwd-step-outcome [data-cwd-action=back]`, chromedp.ByQuery))
	if got := state(); got != "step:danger" {
		t.Errorf("back from the emergency outcome: %q", got)
	}

	// A full Thurrock path: a pre-school child with a physical impairment whose family
	// wants a break, and a parent who wants support as a carer.
	walk := func(area string, steps [][2]string) string {
		t.Helper()
		pick("danger", "no")
		next("danger")
		pick("area", area)
		next("area")
		for _, s := range steps {
			for _, opt := range strings.Split(s[1], ",") {
				pick(s[0], opt)
			}
			next(s[0])
		}
		if got := state(); got != "check" {
			t.Fatalf("%s: state %q, want check", area, got)
		}
		next("check")
		if got := state(); got != "outcome" {
			t.Fatalf("%s: state %q, want outcome", area, got)
		}
		return eval(`document.querySelector("[data-widget=cwd-check]").dataset.routes`)
	}
	got := walk("thurrock", [][2]string{{"disabled", "yes"}, {"needs-thurrock", "pi,preschool"}, {"circumstances-thurrock", "break"}, {"social-worker", "none"}, {"carer", "yes"}})
	if want := "thurrock-disabled-children-team early-support parent-carer-assessment pass"; got != want {
		t.Errorf("Thurrock outcome routes:\n got %s\nwant %s", got, want)
	}
	if eval(`[...document.querySelectorAll("[data-route]:not([hidden])")].map(e => e.textContent).join(" ")`) == "" {
		t.Error("Thurrock outcome cards are empty")
	}
	tab.Eval(`[...document.querySelectorAll("[data-route]:not([hidden])")].every(e => !/ineligible|not eligible|will be refused/i.test(e.textContent))`, &b)
	if !b {
		t.Error("an outcome card says a family is ineligible")
	}
	axe("Thurrock outcome")
	// Somewhere else: the national position and the family's own council.
	tab.Run(chromedp.Click(`[data-cwd-action=restart]`, chromedp.ByQuery))
	if got := state(); got != "step:danger" {
		t.Fatalf("start again: %q", got)
	}
	got = walk("elsewhere", [][2]string{{"disabled", "yes"}, {"social-worker", "none"}, {"carer", "yes"}})
	if !strings.HasPrefix(got, "own-council") || !strings.Contains(got, "parent-carer-assessment") {
		t.Errorf("elsewhere outcome routes: %q", got)
	}

	// Privacy: nothing in the URL, nothing requested but the page and its files.
	tab.Run(chromedp.Location(&s))
	if s != url {
		t.Errorf("URL changed to %q", s)
	}
	for _, r := range tab.Requests() {
		if !strings.HasPrefix(r, srv.URL+"/") {
			t.Errorf("request to %s", r)
		}
		switch strings.TrimPrefix(r, srv.URL) {
		case "/check/", "/cwd.css", "/wasm_exec.js", "/boot.js", "/widgets.wasm", "/favicon.ico":
		default:
			t.Errorf("unexpected request %s", r)
		}
	}
	tab.Eval(`localStorage.length + sessionStorage.length === 0 && document.cookie === ""`, &b)
	if !b {
		t.Error("something was stored")
	}
	for _, p := range tab.Problems() {
		t.Errorf("browser: %s", p)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
