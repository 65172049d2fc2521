package embed_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"signpost/internal/browsertest"
	"signpost/internal/build"
	"signpost/internal/buildtest"
)

// TestStaffPage builds the real site and checks the page for school staff in headless
// Chromium under netlify.toml's headers: choosing an area keeps only that area's pages,
// choosing a page writes its code and shows it in the live preview (sized by /embed.js,
// as on a school's page), the copy button answers, and axe finds nothing. It also checks
// the embeddable pages stay out of the sitemap and the search index and say noindex.
func TestStaffPage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site with its WebAssembly module and starts Chromium")
	}
	browsertest.ChromePath(t)
	root := buildtest.RepoRoot()
	toml, err := os.ReadFile(filepath.Join(root, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := browsertest.Serve(t, map[string][]byte{}, toml)
	res, err := build.Run(context.Background(), build.Config{Src: root, ModuleDir: root, CacheDir: filepath.Join(root, ".signpost-cache"), BaseURL: srv.URL})
	if err != nil {
		t.Fatalf("site build failed:\n%v", err)
	}
	srv.Files = res.Files

	if strings.Contains(string(res.Files["sitemap.xml"]), "/embed") {
		t.Error("the sitemap lists embeddable pages")
	}
	for name, b := range res.Files {
		if strings.HasPrefix(name, "search/") && !strings.HasSuffix(name, ".html") && strings.Contains(string(b), "/embed/") {
			t.Errorf("the search index %s lists embeddable pages", name)
		}
		if strings.HasPrefix(name, "embed/") && strings.HasSuffix(name, ".html") && !strings.Contains(string(b), `<meta name="robots" content="noindex">`) {
			t.Errorf("%s is not noindex", name)
		}
	}
	if h := res.Files["parents/what-is-pass/index.html"]; h == nil || res.Files["embed/parents/what-is-pass/index.html"] == nil {
		t.Error("a parents' page has no embeddable form")
	}
	if res.Files["embed/professionals/index.html"] != nil {
		t.Error("a professionals' page has an embeddable form")
	}

	tab := browsertest.Browser(t)
	eval := func(js string) string {
		t.Helper()
		var s string
		tab.Eval(js, &s)
		return s
	}
	options := func() string {
		return eval(`[...document.querySelectorAll("#embed-page option")].map(o => o.value).join(" ")`)
	}
	tab.Run(chromedp.Navigate(srv.URL+"/embed-guidance/"),
		chromedp.Poll(`!document.querySelector("[data-embed-copy]").hidden`, nil, chromedp.WithPollingTimeout(20*time.Second)))
	for _, v := range tab.Axe() {
		t.Errorf("axe on the staff page: %s", v)
	}

	tab.Run(chromedp.Click(`label[for="embed-area-thurrock"]`, chromedp.ByQuery))
	if got := options(); !strings.Contains(got, "/embed/parents/thurrock-pass-and-disabled-children/") || strings.Contains(got, "stoke-on-trent-guide") || !strings.HasPrefix(got, "/embed/parents/cwd-check/") {
		t.Errorf("Thurrock's pages: %s", got)
	}
	tab.Run(chromedp.Click(`label[for="embed-area-stoke-on-trent"]`, chromedp.ByQuery))
	if got := options(); !strings.Contains(got, "/embed/parents/stoke-on-trent-guide/") || strings.Contains(got, "thurrock-pass") {
		t.Errorf("Stoke-on-Trent's pages: %s", got)
	}
	tab.Run(chromedp.SetValue("#embed-page", "/embed/parents/stoke-on-trent-guide/", chromedp.ByQuery))
	eval(`document.querySelector("#embed-page").dispatchEvent(new Event("change")); ""`)
	code := eval(`document.querySelector("[data-embed-code]").value`)
	if !strings.Contains(code, `<iframe src="`+srv.URL+`/embed/parents/stoke-on-trent-guide/"`) || !strings.Contains(code, `<script src="`+srv.URL+`/embed.js" defer></script>`) {
		t.Errorf("code for the Stoke-on-Trent guide:\n%s", code)
	}
	// The predicate must never throw: chromedp's Poll runs it from requestAnimationFrame,
	// where an exception is lost and the poll hangs past its own timeout (the preview's
	// document can be mid-parse, without a body or h1 yet, while the iframe still carries
	// the last page's data-signpost-sized).
	var title string
	tab.Run(chromedp.Poll(`(() => { try { const f = document.querySelector("[data-embed-preview]"); const d = f.contentDocument; return !!(d && d.body && d.documentElement.hasAttribute("data-embed") && f.dataset.signpostSized === "true" && Math.abs(f.clientHeight - Math.ceil(d.body.getBoundingClientRect().height)) <= 1) && (d.querySelector("h1")?.textContent || false); } catch (e) { return false; } })()`, &title, chromedp.WithPollingTimeout(20*time.Second)))
	if want := eval(`document.querySelector("#embed-page option:checked").textContent`); title == "" || !strings.HasSuffix(want, title) {
		t.Errorf("the preview shows %q, the choice is %q", title, want)
	}
	tab.Run(chromedp.Click(`[data-embed-copy]`, chromedp.ByQuery))
	var status string
	tab.Run(chromedp.Poll(`document.querySelector("[data-embed-copy-status]").textContent`, &status, chromedp.WithPollingTimeout(5*time.Second)))
	if !strings.Contains(status, "copied") && !strings.Contains(status, "Could not copy") {
		t.Errorf("copy status %q", status)
	}
	for _, p := range tab.Problems() {
		t.Errorf("browser problem: %s", p)
	}
	for _, u := range tab.Requests() {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("request outside the site: %s", u)
		}
	}
}
