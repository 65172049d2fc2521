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
	"signpost/widgets/cwd"
)

// TestBrowser drives the check, built from the frozen copies in testdata/, in headless
// Chromium: the WASM module from widgets/wasm, this package's HTML and assets/css/cwd.css,
// served with netlify.toml's headers (so its CSP applies). It checks the contract: one question at a time, focus on each new
// heading, the GOV.UK error pattern, back and change, the outcome's data-route cards in
// order, nothing requested or put in the URL, and axe-core finding nothing.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the WASM module and starts Chromium")
	}
	browsertest.ChromePath(t)
	// The frozen copies of cwd.yaml, site.yaml and glossary.yaml: the test names their
	// areas, questions, answers and routes (issue #18).
	d, contacts, g := loadFixture(t)

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
<body><main id="main"><h1>Check what help there is for a disabled child</h1>` + string(RenderWidget(d, contacts, g)) + `</main></body></html>`
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
	var axe func(when string)
	next := func(step string) {
		t.Helper()
		if step != "check" && os.Getenv("CWD_AXE_EVERY_STEP") != "" {
			axe("question " + step)
		}
		tab.Run(chromedp.Click(`#cwd-step-`+step+` [data-cwd-action=continue]`, chromedp.ByQuery))
	}
	// CWD_SHOTS=dir saves a screenshot of each state checked by axe, to look at.
	shots := os.Getenv("CWD_SHOTS")
	axe = func(when string) {
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

	cands := cwd.Candidates(d)
	// want is the outcome the rules give for answers: the browser must show exactly it.
	want := func(answers string) string {
		a := cwd.Answers{}
		for _, f := range strings.Fields(answers) {
			k, v, _ := strings.Cut(f, "=")
			a[k] = strings.Split(v, ",")
		}
		return strings.Join(cwd.Routes(cwd.Outcome(cands, cwd.Effective(d.Steps, a))), " ")
	}
	routes := func() string { return eval(`document.querySelector("[data-widget=cwd-check]").dataset.routes`) }
	title := func() string { return eval(`document.title`) }
	const pageTitle = "Check what help there is for a disabled child"

	tab.Run(chromedp.Navigate(url))
	ready()
	if got := visibleSteps(); got != "danger" {
		t.Fatalf("visible steps at start = %q", got)
	}
	tab.Eval(`document.querySelector("[data-cwd-fallback]").hidden`, &b)
	if !b {
		t.Error("the no-JavaScript list is still shown")
	}
	if got, want := title(), "Is a child in danger right now? – "+pageTitle; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	axe("first question")

	// Unanswered: the GOV.UK error pattern, the question's own title after "Error: ".
	next("danger")
	if got, want := title(), "Error: Is a child in danger right now? – "+pageTitle; got != want {
		t.Errorf("title = %q, want %q", got, want)
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
	if got, want := title(), "Where does the child live? – "+pageTitle; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	tab.Eval(`document.querySelector("#cwd-step-area [data-cwd-notice-if]").hidden`, &b)
	if !b {
		t.Error("the 999 notice shows although no child is in danger")
	}

	// Stoke-on-Trent: a Level 4 group and a stress factor, nothing yet, wanting carer support.
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
	pick("has", "none")
	next("has")
	pick("social-worker", "none")
	next("social-worker")
	pick("ask", "carer")
	axe("what you are asking for")
	next("ask")
	if got := state(); got != "check" {
		t.Fatalf("state %q, want check", got)
	}
	if got := focused(); got != "cwd-check-heading" {
		t.Errorf("focus on %q", got)
	}
	checkRows := func() string {
		return eval(`[...document.querySelectorAll("[data-cwd-row]")].filter(e => !e.hidden).map(e => e.dataset.cwdRow + "=" + [...e.querySelectorAll("[data-cwd-answer]")].filter(a => !a.hidden).map(a => a.dataset.cwdAnswer).join(",")).join(" ")`)
	}
	stokeAnswers := "danger=no area=stoke-on-trent disabled=yes needs-stoke=sld circumstances-stoke=single-carer has=none social-worker=none ask=carer"
	if got := checkRows(); got != stokeAnswers {
		t.Errorf("check your answers:\n got %s\nwant %s", got, stokeAnswers)
	}
	axe("check your answers")
	next("check")
	if got := state(); got != "outcome" {
		t.Fatalf("state %q, want outcome", got)
	}
	if got, want := routes(), want(stokeAnswers); got != want || !strings.HasPrefix(got, "cwd-social-work parent-carer-assessment") {
		t.Errorf("outcome routes:\n got %s\nwant %s (CWD team and carer's assessment first)", got, want)
	}
	if got := eval(`[...document.querySelectorAll("[data-route]")].filter(e => !e.hidden).map(e => e.dataset.route).join(" ")`); got != routes() {
		t.Errorf("visible cards %q, data-routes %q", got, routes())
	}
	if got := eval(`[...document.querySelectorAll("[data-cwd-say-lines] li")].map(e => e.textContent).join("|")`); !strings.Contains(got, "We live in Stoke-on-Trent.") || !strings.Contains(got, "My child has severe learning difficulties.") {
		t.Errorf("what to say = %q", got)
	}
	// Every line of what to say cites the Stoke-on-Trent guide, never Thurrock's page.
	tab.Eval(`[...document.querySelectorAll("[data-cwd-say-lines] li")].every(li => [...li.querySelectorAll("a.cwd-cite")].length > 0 && [...li.querySelectorAll("a")].every(a => a.getAttribute("href").startsWith("/parents/stoke-on-trent-guide/")))`, &b)
	if !b {
		t.Error("a line of what to say has no Stoke-on-Trent source")
	}
	// Legal terms are explained beside the route.
	tab.Eval(`[...document.querySelectorAll("#cwd-route-stoke-on-trent-parent-carer-assessment .cwd-terms dt")].some(e => e.textContent.includes("section 17ZD"))`, &b)
	if !b {
		t.Error("section 17ZD is not explained on the carer's assessment")
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

	// The browser's own Back button: check your answers, then the last question with its
	// answer kept, the URL never changing; Forward comes back.
	var loc string
	tab.Run(chromedp.NavigateBack())
	if got := state(); got != "check" {
		t.Errorf("browser Back from the outcome: %q", got)
	}
	tab.Run(chromedp.NavigateBack())
	if got := state(); got != "step:ask" {
		t.Errorf("browser Back twice: %q", got)
	}
	tab.Eval(`document.querySelector("#cwd-ask-carer").checked`, &b)
	if !b {
		t.Error("the answer was lost going Back")
	}
	tab.Run(chromedp.Location(&loc))
	if loc != url {
		t.Errorf("Back changed the URL to %q", loc)
	}
	tab.Run(chromedp.NavigateForward())
	if got := state(); got != "check" {
		t.Errorf("browser Forward: %q", got)
	}

	// Change on check your answers: Continue returns to check your answers.
	tab.Run(chromedp.Click(`[data-cwd-row=social-worker] [data-cwd-action=change]`, chromedp.ByQuery))
	if got := state(); got != "step:social-worker" {
		t.Errorf("change social worker: %q", got)
	}
	pick("social-worker", "cin")
	next("social-worker")
	if got := state(); got != "check" {
		t.Errorf("Continue after Change went to %q, want check", got)
	}
	// Changing the area asks that area's new question, then returns.
	tab.Run(chromedp.Click(`[data-cwd-row=area] [data-cwd-action=change]`, chromedp.ByQuery))
	pick("area", "thurrock")
	next("area")
	if got := state(); got != "step:needs-thurrock" {
		t.Errorf("after changing area: %q", got)
	}
	pick("needs-thurrock", "pi")
	next("needs-thurrock")
	if got := state(); got != "check" {
		t.Errorf("after the new area's question: %q, want check", got)
	}
	next("check")
	thurrockAnswers := "danger=no area=thurrock disabled=yes needs-thurrock=pi has=none social-worker=cin ask=carer"
	if got, want := routes(), want(thurrockAnswers); got != want {
		t.Errorf("Thurrock outcome:\n got %s\nwant %s", got, want)
	}
	// Thurrock: no number is invented; the card says where the number is.
	tab.Eval(`[...document.querySelectorAll("[data-route]:not([hidden])")].every(e => !/01782|stoke/i.test(e.textContent)) && [...document.querySelectorAll("[data-route]:not([hidden]) a[href*='thurrock-mash']")].length > 0`, &b)
	if !b {
		t.Error("a Thurrock card shows Stoke-on-Trent, or no card links the MASH website")
	}
	tab.Eval(`[...document.querySelectorAll("[data-route]:not([hidden])")].every(e => !/ineligible|not eligible|will be refused/i.test(e.textContent))`, &b)
	if !b {
		t.Error("an outcome card says a family is ineligible")
	}
	axe("Thurrock outcome")

	// Danger: 999 at once on the area question, then the area's own referral route.
	tab.Run(chromedp.Click(`[data-cwd-action=restart]`, chromedp.ByQuery))
	if got := state(); got != "step:danger" {
		t.Fatalf("start again: %q", got)
	}
	// Back after "Start again" has no answers to show an outcome for: the first question.
	tab.Run(chromedp.NavigateBack())
	if got := state(); got != "step:danger" {
		t.Errorf("browser Back after start again: %q", got)
	}
	tab.Run(chromedp.NavigateForward())
	pick("danger", "now")
	next("danger")
	tab.Eval(`!document.querySelector("#cwd-step-area [data-cwd-notice-if]").hidden && !!document.querySelector("#cwd-step-area [data-cwd-notice-if] a[href='tel:999']")`, &b)
	if !b {
		t.Error("danger now: no 999 on the area question")
	}
	axe("danger: area question")
	pick("area", "stoke-on-trent")
	next("area")
	if got, want := routes(), want("danger=now area=stoke-on-trent"); got != want || !strings.HasPrefix(got, "emergency safeguarding-referral") {
		t.Errorf("danger now in Stoke-on-Trent: routes %q, want %q", got, want)
	}
	tab.Eval(`[...document.querySelectorAll("[data-route]:not([hidden])")].every(e => !/MASH|thurrock\.gov/.test(e.innerHTML.replace(/Thurrock guidance for professionals/g, "")))`, &b)
	if !b {
		t.Error("the Stoke-on-Trent danger outcome shows Thurrock's MASH")
	}
	tab.Eval(`document.querySelector('[data-cwd-intro="routes"]').hidden && !document.querySelector('[data-cwd-intro="urgent"]').hidden`, &b)
	if !b {
		t.Error("the emergency outcome does not open with the urgent introduction")
	}
	axe("emergency outcome")
	tab.Run(chromedp.Click(`#cwd-step-outcome [data-cwd-action=back]`, chromedp.ByQuery))
	if got := state(); got != "step:area" {
		t.Errorf("back from the emergency outcome: %q", got)
	}

	// Somewhere else: the national position and the family's own council.
	tab.Run(chromedp.Click(`#cwd-step-area [data-cwd-action=back]`, chromedp.ByQuery))
	pick("danger", "no")
	next("danger")
	pick("area", "elsewhere")
	next("area")
	for _, s := range [][2]string{{"disabled", "yes"}, {"has", "none"}, {"social-worker", "none"}, {"ask", "carer"}} {
		pick(s[0], s[1])
		next(s[0])
	}
	next("check")
	if got, want := routes(), want("danger=no area=elsewhere disabled=yes has=none social-worker=none ask=carer"); got != want {
		t.Errorf("elsewhere outcome routes: %q, want %q", got, want)
	}

	// Reflow: at 390 and 320 px every outcome card of every area fits the screen.
	for _, w := range []int64{390, 320} {
		tab.Run(browsertest.Emulate(w, 800))
		var wide []string
		tab.Eval(`(() => {
  const cards = [...document.querySelectorAll("[data-route]")];
  const was = cards.map(c => c.hidden);
  const out = [];
  for (const c of cards) {
    cards.forEach(x => x.hidden = x !== c);
    const doc = document.documentElement.scrollWidth, vw = document.documentElement.clientWidth;
    if (doc > vw || c.scrollWidth > c.clientWidth) out.push(c.id + ": " + doc + " > " + vw + " (card " + c.scrollWidth + ")");
  }
  cards.forEach((c, i) => c.hidden = was[i]);
  return out;
})()`, &wide)
		for _, x := range wide {
			t.Errorf("at %d px: %s", w, x)
		}
	}
	tab.Run(browsertest.Emulate(1280, 800))

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
