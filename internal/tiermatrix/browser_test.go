package tiermatrix

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"signpost/internal/browsertest"
	"signpost/internal/wasm"
)

// TestWidgetInBrowser runs the rendered form with the real WASM module, loader and CSS in
// headless Chromium, under the production headers (CSP included), and checks that the root's
// data-* attributes, the grid and the summary follow every change, that Clear resets, and
// that nothing is requested or put in the URL after the page has loaded.
func TestWidgetInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the WASM module and starts Chromium")
	}
	browsertest.ChromePath(t)
	root, err := wasm.FindModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	module, execJS, err := wasm.Build(ctx, root, filepath.Join(t.TempDir(), "cache"))
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
	d := loadReal(t)
	page := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tier matrix</title>
<link rel="stylesheet" href="/matrix.css">
<meta name="signpost-wasm" content="/widgets.wasm">
<meta name="signpost-wasm-exec" content="/wasm_exec.js">
<script type="module" src="/widgets.js"></script></head>
<body><main><h1>Tier matrix</h1>` + string(RenderWidget(d)) + `</main></body></html>`
	files := map[string][]byte{
		"tier-matrix/index.html": []byte(page),
		"matrix.css":             read("assets/css/matrix.css"),
		"widgets.js":             read("assets/js/widgets.js"),
		"widgets.wasm":           module,
		"wasm_exec.js":           execJS,
		"404.html":               []byte("not found"),
		"favicon.ico":            {},
	}
	srv := browsertest.Serve(t, files, read("netlify.toml"))
	tab := browsertest.Browser(t)
	url := srv.URL + "/tier-matrix/"
	tab.Run(chromedp.Navigate(url))
	if got := tab.WaitAttr("html", "data-widgets-ready", "true", 30*time.Second); got != "true" {
		t.Fatalf("module did not start (data-widgets-ready=%q); problems: %v", got, tab.Problems())
	}
	const rootSel = `[data-widget="tier-matrix"]`
	evalString := func(js string) string {
		var s string
		tab.Eval(js, &s)
		return s
	}
	evalBool := func(js string) bool {
		var b bool
		tab.Eval(js, &b)
		return b
	}
	expect := func(step, attr, want string) {
		t.Helper()
		if got := tab.WaitAttr(rootSel, attr, want, 5*time.Second); got != want {
			t.Errorf("%s: %s = %q, want %q", step, attr, got, want)
		}
	}
	shown := func(sel string) bool {
		return evalBool(`(() => { const el = document.querySelector(` + jsString(sel) + `); return !!el && !el.closest("[hidden]"); })()`)
	}
	click := func(id string) { tab.Run(chromedp.Click(`label[for="`+id+`"]`, chromedp.ByQuery)) }

	// Started: the no-WASM notice goes, the print button and summary come.
	if shown("[data-tm-offline]") || !shown("[data-tm-print]") || !shown("[data-tm-summary]") || !shown("[data-tm-empty]") {
		t.Error("start: notice, print button or summary in the wrong state")
	}
	expect("start", "data-tier", "")
	tab.ResetRequests()

	click("tm-i-b-health-1")
	expect("tier 2 tick", "data-tier", "2")
	expect("tier 2 tick", "data-significant-harm", "false")
	if got := evalString(`document.querySelector('tr[data-domain="health"]').dataset.tier`); got != "2" {
		t.Errorf("health row tier = %q", got)
	}
	if !evalBool(`document.querySelector('tr[data-domain="health"] td[data-cell="2-med"]').hasAttribute("data-evidence")`) ||
		evalBool(`document.querySelector('tr[data-domain="health"] td[data-cell="1"]').hasAttribute("data-evidence")`) {
		t.Error("health row: tier 2 cells should show the ticks, tier 1 not")
	}
	if !shown(`[data-tier-label="2"]`) || shown(`[data-tier-label="1"]`) || !shown(`[data-route="tier-2"]`) || shown(`[data-route="tier-1"]`) {
		t.Error("tier 2: label or route wrong")
	}
	if got := evalString(`document.querySelector('[data-count="ticked-2"]').textContent`); got != "1" {
		t.Errorf("ticked-2 = %q", got)
	}

	click("tm-i-c-basic-care-4")
	expect("harm tick", "data-tier", "3-4")
	expect("harm tick", "data-significant-harm", "true")
	if !shown("[data-tm-harm]") || !shown(`[data-harm-item="c-basic-care-4"]`) || shown(`[data-harm-item="c-ensure-safety-3"]`) {
		t.Error("harm warning wrong")
	}
	if got := evalString(`[...document.querySelectorAll("[data-route]")].filter(e => !e.hidden).map(e => e.dataset.route).join(",")`); got != "significant-harm,tier-3-4" {
		t.Errorf("routes shown = %q, want significant-harm,tier-3-4", got)
	}

	click("tm-i-c-basic-care-6")
	if !shown(`[data-action-item="private-fostering"]`) || shown(`[data-action-item="trafficking-nrm"]`) {
		t.Error("private fostering action not shown alone")
	}

	click("tm-p-housing-2-med")
	click("tm-p-health-1") // below the Tier 2 tick
	if got := evalString(`document.querySelector('[data-count="plotted-2"]').textContent + "/" + document.querySelector('[data-count="plotted-1"]').textContent`); got != "1/1" {
		t.Errorf("plotted counts = %q, want 1/1", got)
	}
	if !shown(`[data-below="health"]`) || shown(`[data-below="housing"]`) {
		t.Error("plotted-below-ticked note wrong")
	}

	// Unticking the harm indicator takes the warning away again.
	click("tm-i-c-basic-care-4")
	expect("untick harm", "data-significant-harm", "false")
	expect("untick harm", "data-tier", "3-4") // c-basic-care-6 is still ticked

	tab.Run(chromedp.Click(`[data-tm-clear]`, chromedp.ByQuery))
	expect("clear", "data-tier", "")
	expect("clear", "data-significant-harm", "false")
	if !shown("[data-tm-empty]") || shown("[data-tm-result]") || shown("[data-tm-routes]") ||
		evalBool(`!!document.querySelector("td[data-evidence], td[data-plotted]")`) {
		t.Error("clear did not reset the summary and grid")
	}

	if reqs := tab.Requests(); len(reqs) > 0 {
		t.Errorf("requests after load: %v", reqs)
	}
	if got := evalString(`location.href`); got != url {
		t.Errorf("URL changed to %q", got)
	}
	if p := tab.Problems(); len(p) > 0 {
		t.Errorf("console errors or CSP violations: %v", p)
	}
	for _, v := range tab.Axe() {
		t.Errorf("axe: %s", v)
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
