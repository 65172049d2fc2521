package searchbench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"signpost/internal/browsertest"
	"signpost/internal/search"
)

// TestBrowserParentQuestion types a parent's whole question, as a parent would on a phone,
// into the search page of the built site in Chromium and checks the first result is the
// section that answers it (issue #10). It then checks the no-dead-end help: hidden when
// the first result is good, shown with the emergency line, both areas' routes, the
// Children with Disability check and the A–Z when nothing answers.
func TestBrowserParentQuestion(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	browsertest.ChromePath(t)
	files, _ := builtSite(t)
	toml, err := os.ReadFile(filepath.Join(root, "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := browsertest.Serve(t, files, toml)
	tab := browsertest.Browser(t)
	tab.Run(chromedp.Navigate(srv.URL+"/search/"), chromedp.WaitVisible("#search-page-q", chromedp.ByQuery))

	ask := func(q string) (first string, helpShown, azShown bool) {
		t.Helper()
		var ok bool
		tab.Eval(`(() => { const e = document.getElementById("search-page-q"); e.value = ""; e.focus(); return true })()`, &ok)
		tab.Run(chromedp.SendKeys("#search-page-q", q, chromedp.ByQuery))
		want := "“" + q + "”"
		deadline := time.Now().Add(20 * time.Second)
		for {
			var status string
			tab.Eval(`document.getElementById("search-status").textContent`, &status)
			if strings.Contains(status, want) {
				break
			}
			if time.Now().After(deadline) {
				var v string
				tab.Eval(`document.getElementById("search-page-q").value`, &v)
				t.Fatalf("%q: status %q never announced the results (box %q; problems %v)", q, status, v, tab.Problems())
			}
			time.Sleep(100 * time.Millisecond)
		}
		tab.Eval(`(document.querySelector("#search-results a") || {getAttribute: () => ""}).getAttribute("href")`, &first)
		tab.Eval(`!document.getElementById("search-help").hidden`, &helpShown)
		tab.Eval(`!document.getElementById("search-az").hidden`, &azShown)
		return
	}

	q := "she's tube fed and needs care day and night do we qualify for help"
	want := "/parents/stoke-on-trent-guide/#making-a-referral-to-the-children-with-disability-team"
	first, help, _ := ask(q)
	if first != want {
		t.Errorf("%q: first result %q, want %q", q, first, want)
	}
	if help {
		t.Errorf("%q: the no-dead-end help is shown though the first result answers", q)
	}

	// A source brought up beside the plain words restating it (query step 10) is
	// labelled, where the Go mirror puts it.
	q = "is pass voluntary or do i have to"
	ix, err := search.Open(files)
	if err != nil {
		t.Fatal(err)
	}
	wantAt, wantURL := -1, ""
	for i, h := range ix.Query(q, search.QueryOptions{Prefix: true, Limit: 20}) {
		if h.Beside {
			wantAt, wantURL = i, h.URL
		}
	}
	if wantAt < 1 {
		t.Fatalf("%q: the Go mirror brings no source beside its plain words", q)
	}
	ask(q)
	var got []string
	tab.Eval(`[...document.querySelectorAll("#search-results li")].map(li => li.querySelector(".badge.source") ? li.querySelector("a").getAttribute("href") : "")`, &got)
	for i, u := range got {
		if (i == wantAt) != (u != "") || i == wantAt && u != wantURL {
			t.Errorf("%q: result %d labelled as a source: %q; want only result %d, %s", q, i+1, u, wantAt+1, wantURL)
		}
	}

	first, help, az := ask("zorbing trampolines xylophone")
	if first != "" || !help || !az {
		t.Errorf("no result: first %q, help shown %v, A–Z shown %v; want no result, help and A–Z", first, help, az)
	}
	var text string
	tab.Eval(`document.getElementById("search-help").innerText`, &text)
	// Each area site.yaml defines, by its name there, so adding or renaming an area is a
	// data-only change.
	wantHelp := []string{"999", "Children with Disability check", "A to Z"}
	for _, a := range siteConfig(t).Areas {
		wantHelp = append(wantHelp, a.Name)
	}
	for _, s := range wantHelp {
		if !strings.Contains(text, s) {
			t.Errorf("the no-dead-end help lacks %q: %q", s, text)
		}
	}
	for _, p := range tab.Problems() {
		t.Errorf("browser problem: %s", p)
	}
}
