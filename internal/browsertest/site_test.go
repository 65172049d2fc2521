package browsertest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"signpost/internal/browsertest"
	"signpost/internal/build"
	"signpost/internal/buildtest"
)

var (
	siteOnce  sync.Once
	siteFiles map[string][]byte
	siteErr   error
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

// pageTypes are one URL of each kind of page the site has.
var pageTypes = []struct{ name, url string }{
	{"home", "/"},
	{"section", "/professionals/"},
	{"page", "/professionals/threshold/mash/"},
	{"404", "/no-such-page/"},
	{"search", "/search/"},
	{"glossary", "/glossary/"},
	{"long table page", "/professionals/threshold/appendix-c/"},
	{"chart page", "/professionals/annual-report/mash/"},
	{"tier matrix", "/professionals/tier-matrix/"},
	{"cwd check", "/parents/cwd-check/"},
	{"parents section", "/parents/"},
}

// TestPagesAccessibleAndCSPClean loads every page type with the Netlify headers and fails
// on any axe-core violation (WCAG 2.2 A/AA), CSP violation, console error or third-party
// request.
func TestPagesAccessibleAndCSPClean(t *testing.T) {
	srv := serveSite(t)
	tab := browsertest.Browser(t)
	for _, pt := range pageTypes {
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
	for _, u := range []string{"/", "/professionals/threshold/mash/", "/professionals/threshold/appendix-c/", "/search/"} {
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

// TestExitThisPage: the button and pressing Shift three times both leave for the neutral
// site, replacing this page in history.
func TestExitThisPage(t *testing.T) {
	srv := serveSite(t)
	tab := browsertest.Browser(t)
	files := srv.Files
	// Point the exit at a page on the test server so no request leaves the machine.
	for k, v := range files {
		if strings.HasSuffix(k, ".html") {
			files[k] = []byte(strings.ReplaceAll(string(v), `data-exit-url="https://www.bbc.co.uk/weather"`, `data-exit-url="`+srv.URL+`/robots.txt"`))
		}
	}
	tab.Run(chromedp.Navigate(srv.URL+"/professionals/"), chromedp.WaitReady("#exit-this-page"), chromedp.Click("#exit-this-page", chromedp.ByQuery))
	waitURL(t, tab, srv.URL+"/robots.txt")
	tab.Run(chromedp.Navigate(srv.URL+"/parents/"), chromedp.WaitReady("body"), chromedp.Sleep(200*time.Millisecond))
	tab.Eval(`["keyup","keyup","keyup"].forEach(t => document.dispatchEvent(new KeyboardEvent(t, {key: "Shift"}))); true`, new(bool))
	waitURL(t, tab, srv.URL+"/robots.txt")
}

func waitURL(t *testing.T, tab *browsertest.Tab, want string) {
	t.Helper()
	var got string
	for i := 0; i < 50; i++ {
		tab.Run(chromedp.Location(&got))
		if got == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("location %q, want %q", got, want)
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
