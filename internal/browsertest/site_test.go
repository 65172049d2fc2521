package browsertest_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"signpost/internal/browsertest"
	"signpost/internal/build"
	"signpost/internal/buildtest"
	"signpost/internal/site"
)

var (
	siteOnce   sync.Once
	siteFiles  map[string][]byte
	siteConfig site.Config
	siteErr    error
)

// realSite builds the repository's site once per test binary, in memory.
func realSite(t *testing.T) map[string][]byte {
	t.Helper()
	siteOnce.Do(func() {
		root := buildtest.RepoRoot()
		res, err := build.Run(context.Background(), build.Config{Src: root, ModuleDir: root, CacheDir: filepath.Join(root, ".signpost-cache"), BaseURL: "http://localhost"})
		if err != nil {
			siteErr = err
			return
		}
		siteFiles = res.Files
		siteConfig = res.Site.Config
	})
	if siteErr != nil {
		t.Fatalf("site build failed:\n%v", siteErr)
	}
	return siteFiles
}

func serveSite(t *testing.T) *browsertest.Server {
	t.Helper()
	toml, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return browsertest.Serve(t, realSite(t), toml)
}

type pageType struct{ name, url string }

// pageTypes returns one URL of each kind of page the built site has, found by what the
// page holds, not by its path, so that an editor who moves or adds pages does not break
// the tests (issue #18): every top section of the navigation, the first page of the
// first section, the page with the longest table, a chart page, the glossary, the search
// page, each widget's first page, and the 404 page.
func pageTypes(t *testing.T) []pageType {
	t.Helper()
	files := realSite(t)
	html := func(u string) string { return string(files[strings.TrimPrefix(u, "/")+"index.html"]) }
	var urls []string
	for name := range files {
		if u, ok := strings.CutSuffix(name, "index.html"); ok && !strings.HasPrefix(u, "embed/") && !strings.Contains(u, "/print/") {
			urls = append(urls, "/"+u)
		}
	}
	sort.Strings(urls)
	out := []pageType{{"home", "/"}, {"404", "/no-such-page/"}}
	add := func(name string, ok func(u, h string) bool) {
		t.Helper()
		for _, u := range urls {
			if ok(u, html(u)) {
				out = append(out, pageType{name, u})
				return
			}
		}
		t.Fatalf("the site has no %s page", name)
	}
	for _, sec := range siteConfig.Nav {
		out = append(out, pageType{sec + " section", "/" + sec + "/"})
	}
	add("page", func(u, h string) bool {
		return strings.Count(u, "/") > 3 && !strings.Contains(h, "data-widget=") && !strings.Contains(h, "<table")
	})
	add("search", func(_, h string) bool {
		return strings.Contains(h, `id="search-results"`) || strings.Contains(h, `data-search-page`)
	})
	add("glossary", func(_, h string) bool { return strings.Contains(h, `<dl class="glossary"`) })
	longest, rows := "", 0
	for _, u := range urls {
		if n := strings.Count(html(u), "<tr"); n > rows && !strings.Contains(html(u), "data-widget=") && !strings.Contains(html(u), `<figure class="chart`) {
			longest, rows = u, n
		}
	}
	if longest != "" {
		out = append(out, pageType{"long table page", longest})
	}
	add("chart page", func(_, h string) bool { return strings.Contains(h, `<figure class="chart`) })
	for _, w := range widgets {
		add(w+" widget", func(_, h string) bool { return strings.Contains(h, `data-widget="`+w+`"`) })
	}
	t.Logf("page types: %v", out)
	return out
}

// TestPagesAccessibleAndCSPClean loads every page type with the Netlify headers and fails
// on any axe-core violation (WCAG 2.2 A/AA), CSP violation, console error or third-party
// request.
func TestPagesAccessibleAndCSPClean(t *testing.T) {
	srv := serveSite(t)
	tab := browsertest.Browser(t)
	for _, pt := range pageTypes(t) {
		t.Run(pt.name, func(t *testing.T) {
			if _, ok := srv.Files[strings.TrimPrefix(pt.url, "/")+"index.html"]; !ok && pt.name != "404" {
				t.Fatalf("site has no %s page at %s", pt.name, pt.url)
			}
			tab.ResetRequests()
			tab.Run(chromedp.Navigate(srv.URL+pt.url), chromedp.WaitReady("body"), chromedp.Sleep(300*time.Millisecond))
			for _, v := range tab.Axe() {
				t.Errorf("axe: %s", v)
			}
			for _, r := range tab.Requests() {
				if !strings.HasPrefix(r, srv.URL) && !strings.HasPrefix(r, "data:") {
					t.Errorf("third-party request: %s", r)
				}
			}
		})
	}
	for _, p := range tab.Problems() {
		if strings.Contains(p, "404 (Not Found)") && strings.Contains(p, "/no-such-page/") {
			continue // the 404 page itself is served with status 404, as on Netlify
		}
		t.Errorf("browser problem: %s", p)
	}
}

// TestNarrowScreen checks pages reflow at 320px: nothing is wider than the viewport.
func TestNarrowScreen(t *testing.T) {
	srv := serveSite(t)
	tab := browsertest.Browser(t)
	tab.Run(chromedp.EmulateViewport(320, 640))
	var urls []string
	for _, pt := range pageTypes(t) {
		switch pt.name {
		case "home", "page", "long table page", "search":
			urls = append(urls, pt.url)
		}
	}
	for _, u := range urls {
		tab.Run(chromedp.Navigate(srv.URL+u), chromedp.WaitReady("body"))
		var width int
		tab.Eval(`document.documentElement.scrollWidth`, &width)
		if width > 320 {
			var wide string
			tab.Eval(`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 321).slice(0,5).map(e => e.tagName + "." + e.className).join(", ")`, &wide)
			t.Errorf("%s: page is %dpx wide at a 320px viewport (wide elements: %s)", u, width, wide)
		}
	}
}

// TestExitThisPage: Exit this page behaves as the GOV.UK component. The button, and Shift
// pressed three times with less than five seconds between presses (the three together may
// take longer), leave for the neutral site, replacing this page in history; each press is
// announced ("press Shift 2 more times"); another key starts the count again; and the page
// is hidden in the same event that exits, before the next site loads. Waits are on
// conditions; the only sleeps are the gaps between presses that the test is about.
func TestExitThisPage(t *testing.T) {
	srv := serveSite(t)
	tab := browsertest.Browser(t)
	// Point the exit at a page on the test server so no request leaves the machine. The
	// edit goes into a copy: srv.Files is the site built once for the whole binary, and
	// editing it in place left the next run (-count) exiting to this run's closed server.
	files := make(map[string][]byte, len(srv.Files))
	for k, v := range srv.Files {
		if strings.HasSuffix(k, ".html") {
			v = []byte(strings.ReplaceAll(string(v), `data-exit-url="https://www.bbc.co.uk/weather"`, `data-exit-url="`+srv.URL+`/robots.txt"`))
		}
		files[k] = v
	}
	srv.SetFiles(files)
	exitURL := srv.URL + "/robots.txt"
	// watchHidden records, after each click and Shift key-up has reached the page's own
	// handlers, whether the page can still be seen; robots.txt (same origin, same tab) reads
	// the last record back from sessionStorage.
	const watchHidden = `(() => {
  sessionStorage.removeItem("exit-check");
  const note = () => {
    const shown = [...document.querySelectorAll("main, .site-header, .site-footer")].filter(e => e.checkVisibility());
    sessionStorage.setItem("exit-check", shown.map(e => e.tagName.toLowerCase() + "." + e.className).join(" ") || "hidden");
  };
  window.addEventListener("click", note);
  window.addEventListener("keyup", e => { if (e.key === "Shift") { note(); (window.shiftTimes ||= []).push(e.timeStamp); } });
  return true;
})()`
	ready := chromedp.Poll(`document.readyState === "complete" && !document.getElementById("exit-hint").classList.contains("visually-hidden")`, nil, chromedp.WithPollingTimeout(20*time.Second))
	checkHidden := func(how string) {
		t.Helper()
		var got string
		tab.Eval(`sessionStorage.getItem("exit-check") || ""`, &got)
		if got != "hidden" {
			t.Errorf("%s: the page was not hidden at once: still visible: %q", how, got)
		}
	}

	tab.Run(chromedp.Navigate(srv.URL+"/professionals/"), ready)
	tab.Eval(watchHidden, new(bool))
	tab.Run(chromedp.Click("#exit-this-page", chromedp.ByQuery))
	if waitURL(t, tab, exitURL) {
		checkHidden("the button")
	}

	tab.Run(chromedp.Navigate(srv.URL+"/parents/"), ready)
	tab.Eval(watchHidden, new(bool))
	announced := func(want string) {
		t.Helper()
		var got string
		err := chromedp.Run(tab.Ctx, chromedp.Poll(`(() => {
  const live = [...document.querySelectorAll(".exit-this-page [role=status], .exit-this-page [aria-live]")].map(e => e.textContent).join(" ");
  return live.includes(`+strconvQuote(want)+`) ? live : false;
})()`, &got, chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			t.Errorf("after a Shift press, no live region in Exit this page announced %q", want)
		}
	}
	// Shift, then another key: the count starts again.
	pressShift(tab)
	announced("2 more times")
	tab.Run(chromedp.KeyEvent("a"))
	pressShift(tab)
	announced("2 more times")
	// Two gaps of 2.6 s: under 5 s each, over 5 s in all. Each gap is counted from the
	// press, not from the announcement: under load the announcement can take seconds to
	// be seen, and sleeping 2.6 s after it made a gap of over 5 s, so the count expired.
	gap := func() {
		var since float64
		tab.Eval(`performance.now() - window.shiftTimes.at(-1)`, &since)
		if wait := 2600*time.Millisecond - time.Duration(since*float64(time.Millisecond)); wait > 0 {
			time.Sleep(wait)
		}
	}
	gap()
	pressShift(tab)
	announced("1 more time")
	gap()
	var times []float64
	tab.Eval(`window.shiftTimes`, &times)
	pressShift(tab)
	if waitURL(t, tab, exitURL) {
		checkHidden("Shift three times")
	} else if n := len(times); n >= 3 {
		t.Logf("the page saw Shift at %v ms (the last gap is not in this list)", times)
	}
	var history int
	tab.Eval(`history.length`, &history)
	if history > 3 { // about:blank, /professionals/ → robots.txt (replaced), /parents/ → robots.txt (replaced)
		t.Errorf("history has %d entries: the exit should replace the page, not add to history", history)
	}
}

// pressShift presses and releases the Shift key on its own, as a person does.
func pressShift(tab *browsertest.Tab) {
	tab.Run(
		input.DispatchKeyEvent(input.KeyRawDown).WithKey("Shift").WithCode("ShiftLeft").WithWindowsVirtualKeyCode(16).WithModifiers(input.ModifierShift),
		input.DispatchKeyEvent(input.KeyUp).WithKey("Shift").WithCode("ShiftLeft").WithWindowsVirtualKeyCode(16),
	)
}

// waitURL waits until the tab is at want, and reports whether it got there.
func waitURL(t *testing.T, tab *browsertest.Tab, want string) bool {
	t.Helper()
	var got string
	deadline := time.Now().Add(30 * time.Second) // only turns a hang into a failure
	for {
		// The page's own location once its document has loaded: the target's URL changes
		// before the new document has a context to evaluate in, and an Eval in that gap
		// fails with "Cannot find context with specified id" (seen under load).
		got = ""
		_ = chromedp.Run(tab.Ctx, chromedp.Evaluate(`document.readyState === "complete" ? location.href : ""`, &got))
		if got == want {
			return true
		}
		if time.Now().After(deadline) {
			var loc string
			_ = chromedp.Run(tab.Ctx, chromedp.Location(&loc))
			t.Errorf("location %q, want %q", loc, want)
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSearch types a query into the header search box, checks the results are links in
// rank order inside #search-results with the right section near the top, and follows the
// first result to its anchor.
func TestSearch(t *testing.T) {
	srv := serveSite(t)
	tab := browsertest.Browser(t)
	tab.Run(chromedp.Navigate(srv.URL+"/parents/"), chromedp.WaitVisible("#site-search-q", chromedp.ByQuery))
	tab.ResetRequests()
	tab.Run(
		chromedp.SendKeys("#site-search-q", "seven golden rules", chromedp.ByQuery),
		chromedp.Submit("#site-search-q", chromedp.ByQuery),
		chromedp.WaitVisible("#search-results li a", chromedp.ByQuery),
	)
	var loc string
	tab.Run(chromedp.Location(&loc))
	if !strings.Contains(loc, "/search/?q=seven+golden+rules") {
		t.Errorf("search page URL %q does not carry the query", loc)
	}
	var hrefs []string
	tab.Eval(`[...document.querySelectorAll("#search-results a")].slice(0, 3).map(a => a.getAttribute("href"))`, &hrefs)
	found := false
	for _, h := range hrefs {
		if strings.Contains(h, "/professionals/threshold/information-sharing/") {
			found = true
		}
	}
	if !found {
		t.Errorf("top 3 results %v lack the information sharing page", hrefs)
	}
	var status string
	tab.Eval(`document.getElementById("search-status").textContent`, &status)
	if !strings.Contains(status, "result") {
		t.Errorf("status %q does not announce the results", status)
	}
	for _, r := range tab.Requests() {
		if !strings.HasPrefix(r, srv.URL) {
			t.Errorf("search made a request off the site: %s", r)
		}
	}
	first := hrefs[0]
	tab.Run(chromedp.Click("#search-results li a", chromedp.ByQuery), chromedp.WaitReady("body"))
	tab.Run(chromedp.Location(&loc))
	if !strings.HasSuffix(loc, first) {
		t.Fatalf("followed the first result to %q, want %q", loc, first)
	}
	if i := strings.IndexByte(first, '#'); i >= 0 {
		var ok bool
		tab.Eval(`!!document.getElementById(`+strconvQuote(first[i+1:])+`)`, &ok)
		if !ok {
			t.Errorf("result anchor %s does not exist on the page", first)
		}
	}
	for _, p := range tab.Problems() {
		t.Errorf("browser problem: %s", p)
	}
}

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
