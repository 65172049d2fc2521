package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"signpost/internal/browsertest"
	"signpost/internal/buildtest"
)

// waitJS evaluates a JavaScript condition until it is true. The time limit only turns a
// hang into a failure: nothing here asserts how fast anything is.
func waitJS(t *testing.T, tab *browsertest.Tab, what, js string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		err := chromedp.Run(tab.Ctx, chromedp.Evaluate(js, &ok))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var state string
			_ = chromedp.Run(tab.Ctx, chromedp.Evaluate(`location.href + " live=" + document.documentElement.dataset.signpostLive + " reloads=" + sessionStorage.getItem("signpost:reloads")`, &state))
			t.Fatalf("waiting for %s: %s never became true (err %v; page %s)", what, js, err, state)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func evalString(t *testing.T, tab *browsertest.Tab, js string) string {
	t.Helper()
	var s string
	tab.Eval(js, &s)
	return s
}

// TestBrowserLiveReload edits a site under `serve` while headless Chromium shows a page,
// and never navigates itself after the first load (but to open the search page at the
// end). How it tells an in-place update from a reload: window.marker is set by the test
// and lost on any reload; reload.js counts the reloads it makes in sessionStorage (which a
// reload keeps) and its in-place updates in <html data-signpost-swaps>; and the page's
// navigation entry says whether it was loaded by a reload.
func TestBrowserLiveReload(t *testing.T) {
	tab := browsertest.Browser(t)
	long := strings.Repeat("A paragraph to make the page long enough to scroll.\n\n", 60)
	dir := writeSite(t, strings.Replace(liveSite(), "Vision.\n", "Vision.\n\n"+long+"The end.\n\nAfter the end.\n", 1))
	base, _ := startLive(t, dir, Options{})
	mash := "content/professionals/mash.md"

	tab.Run(chromedp.EmulateViewport(1000, 600), chromedp.Navigate(base+"/professionals/mash/"), chromedp.WaitReady("body"))
	waitJS(t, tab, "the event stream", `document.documentElement.dataset.signpostLive === "open"`)
	tab.Eval(`document.getElementById("site-search-q").focus({preventScroll: true}); window.scrollTo(0, 700); window.marker = "first load"; window.focused = document.activeElement; window.scrollY`, new(float64))
	swaps := func() string { return evalString(t, tab, `String(document.documentElement.dataset.signpostSwaps)`) }
	reloads := func() string { return evalString(t, tab, `String(sessionStorage.getItem("signpost:reloads"))`) }

	// 1. A page edit shows in place, without the test or reload.js reloading: the script
	// state (marker), the scroll position and the focus stay.
	editFile(t, dir, mash, "The end.", "The end, edited in the editor.")
	waitJS(t, tab, "the edit", `document.body.textContent.includes("The end, edited in the editor.")`)
	if m := evalString(t, tab, `String(window.marker)`); m != "first load" {
		t.Errorf("marker %q: the page reloaded instead of updating in place", m)
	}
	if n := swaps(); n != "1" {
		t.Errorf("%s in-place updates, want 1", n)
	}
	if n := reloads(); n != "null" {
		t.Errorf("reload.js made %s reloads, want none", n)
	}
	if y := evalString(t, tab, `String(window.scrollY)`); y != "700" {
		t.Errorf("scrollY %s after the in-place update, want 700", y)
	}
	if f := evalString(t, tab, `String(document.activeElement === window.focused && document.activeElement.id)`); f != "site-search-q" {
		t.Errorf("focus moved: %s", f)
	}
	if n := evalString(t, tab, `String(document.querySelectorAll("main").length + "/" + document.querySelectorAll("h1").length)`); n != "1/1" {
		t.Errorf("main/h1 elements after the update: %s, want 1/1", n)
	}
	// A title edit changes <title> and the heading in place too.
	editFile(t, dir, mash, "title: MASH", "title: The MASH")
	waitJS(t, tab, "the new title", `document.title.startsWith("The MASH") && document.querySelector("h1").textContent.includes("The MASH")`)
	if m, n := evalString(t, tab, `String(window.marker)`), swaps(); m != "first load" || n != "2" {
		t.Errorf("title edit: marker %q, %s in-place updates; want it kept and 2", m, n)
	}
	// Nodes added after the last unchanged one, then some of them replaced.
	editFile(t, dir, mash, "After the end.", "After *the* end.")
	waitJS(t, tab, "the emphasis", `!!document.querySelector(".prose em") && document.body.textContent.includes("After the end.")`)
	editFile(t, dir, mash, "After *the* end.", "After *the* start **now**.")
	waitJS(t, tab, "the new ending", `document.body.textContent.includes("After the start now.") && !!document.querySelector(".prose strong")`)
	if m, n := evalString(t, tab, `String(window.marker)`), swaps(); m != "first load" || n != "4" {
		t.Errorf("inline edits: marker %q, %s in-place updates; want it kept and 4", m, n)
	}
	if p := evalString(t, tab, `[...document.querySelectorAll(".prose p")].pop().innerHTML`); p != "After <em>the</em> start <strong>now</strong>." {
		t.Errorf("last paragraph after in-place updates: %q", p)
	}

	// 2. A stylesheet edit applies with no reload: the marker survives.
	tab.Eval(`window.marker = "kept"; getComputedStyle(document.querySelector("h1")).letterSpacing`, new(string))
	editFile(t, dir, "assets/css/_base.css", "", "h1 { letter-spacing: 7px; }\n")
	waitJS(t, tab, "the new style", `getComputedStyle(document.querySelector("h1")).letterSpacing === "7px"`)
	if m := evalString(t, tab, `String(window.marker)`); m != "kept" {
		t.Errorf("the stylesheet edit reloaded the page (marker %q)", m)
	}
	if n := evalString(t, tab, `String(document.querySelectorAll('link[rel="stylesheet"][href^="/assets/main.css"]').length)`); n != "1" {
		t.Errorf("%s main stylesheets linked, want 1", n)
	}

	// 3. Broken front matter: an overlay names the file and line; the page stays.
	editFile(t, dir, mash, "weight: 10\n", "weight: [10\n")
	// The editor's write truncates before it writes, and under load the watcher may build
	// the empty file first: wait for the overlay that names this problem, not the first one.
	waitJS(t, tab, "the overlay naming the line", `(() => { const o = document.querySelector('[role="alertdialog"]'); return !!o && o.textContent.includes("content/professionals/mash.md:7:") && o.textContent.includes("Build failed"); })()`)
	if name := evalString(t, tab, `document.getElementById(document.querySelector('[role="alertdialog"]').getAttribute("aria-labelledby")).textContent`); !strings.HasPrefix(name, "Build failed") {
		t.Errorf("overlay's accessible name %q", name)
	}
	if m := evalString(t, tab, `String(window.marker)`); m != "kept" {
		t.Errorf("the error reloaded the page (marker %q)", m)
	}
	// Escape dismisses it.
	tab.Run(chromedp.KeyEvent(kb.Escape))
	waitJS(t, tab, "the overlay to close", `!document.querySelector('[role="alertdialog"]')`)
	// A different problem shows again.
	editFile(t, dir, mash, "weight: [10\n", "weight: 10\ntitel: x\n")
	waitJS(t, tab, "the overlay again, naming the new problem", `(() => { const o = document.querySelector('[role="alertdialog"]'); return !!o && o.textContent.includes("content/professionals/mash.md:8:") && o.textContent.includes("titel"); })()`)

	// 4. Fixed: the overlay goes; with the output as before, without a reload.
	editFile(t, dir, mash, "titel: x\n", "")
	waitJS(t, tab, "the overlay to clear", `!document.querySelector('[role="alertdialog"]')`)
	if m := evalString(t, tab, `String(window.marker)`); m != "kept" {
		t.Errorf("fixing the error reloaded an unchanged page (marker %q)", m)
	}
	// And the next edit shows in place as usual.
	editFile(t, dir, mash, "edited in the editor", "edited again")
	waitJS(t, tab, "the second edit", `document.body.textContent.includes("The end, edited again.")`)
	if m, n, r := evalString(t, tab, `String(window.marker)`), swaps(), reloads(); m != "kept" || n != "5" || r != "null" {
		t.Errorf("after the fix: marker %q, %s in-place updates, %s reloads; want kept, 5, none", m, n, r)
	}

	// 5. A part of the page a script has changed (here, the test) is never overwritten:
	// the page reloads, keeping the scroll position.
	tab.Eval(`window.scrollTo(0, 700); document.querySelectorAll(".prose p")[document.querySelectorAll(".prose p").length - 2].setAttribute("data-touched", ""); window.scrollY`, new(float64))
	editFile(t, dir, mash, "edited again", "edited a third time")
	waitJS(t, tab, "the third edit", `document.body.textContent.includes("The end, edited a third time.")`)
	if m := evalString(t, tab, `String(window.marker)`); m != "undefined" {
		t.Errorf("marker %q survived: the page did not reload", m)
	}
	if n := reloads(); n != "1" {
		t.Errorf("reload.js made %s reloads, want 1", n)
	}
	if why := evalString(t, tab, `sessionStorage.getItem("signpost:why")`); why != "a script changed <p>" {
		t.Errorf("reload.js reloaded because %q, want because a script changed the paragraph", why)
	}
	if typ := evalString(t, tab, `performance.getEntriesByType("navigation")[0].type`); typ != "reload" {
		t.Errorf("navigation type %q, want reload", typ)
	}
	// reload.js puts the scroll position back when it runs (deferred, after the text above
	// is parsed) and again on load: wait for that, not for a time.
	waitJS(t, tab, "the scroll position to be restored", `document.readyState === "complete" && window.scrollY >= 650 && window.scrollY <= 750`)
	waitJS(t, tab, "the event stream", `document.documentElement.dataset.signpostLive === "open"`)

	// 6. A script changed: every page reloads.
	tab.Eval(`window.marker = "before the script edit"; 1`, new(float64))
	buildtest.AppendFile(t, dir, "assets/js/main.js", "\ndocument.documentElement.dataset.scriptEdited = \"yes\";\n")
	waitJS(t, tab, "the reload after the script edit", `window.marker === undefined && sessionStorage.getItem("signpost:reloads") === "2" && document.documentElement.dataset.scriptEdited === "yes"`)
	waitJS(t, tab, "the event stream", `document.documentElement.dataset.signpostLive === "open"`)

	// 7. The search page, which has a script of its own, reloads on an edit.
	tab.Run(chromedp.Navigate(base+"/search/"), chromedp.WaitReady("body"))
	waitJS(t, tab, "the event stream on the search page", `document.documentElement.dataset.signpostLive === "open"`)
	tab.Eval(`window.marker = "search"; 1`, new(float64))
	editFile(t, dir, "content/search.md", "::: sections-az\n", "Find a section.\n\n::: sections-az\n")
	waitJS(t, tab, "the search page edit", `document.body.textContent.includes("Find a section.")`)
	// (The search index, rebuilt after the edit, may reload it once more.)
	if m, r := evalString(t, tab, `String(window.marker)`), reloads(); m != "undefined" || (r != "3" && r != "4") {
		t.Errorf("search page edit: marker %q, %s reloads; want a reload (3, or 4 with the index's)", m, r)
	}
	if n := swaps(); n != "undefined" {
		t.Errorf("the search page was updated in place (%s)", n)
	}
	if why := evalString(t, tab, `sessionStorage.getItem("signpost:why")`); why != "a page with scripts of its own" && why != "the change is not to this page alone" && why != "changed while away" {
		t.Errorf("the search page reloaded because %q", why)
	}

	for _, p := range tab.Problems() {
		if strings.Contains(p, "/_signpost/events") {
			continue // the stream is cut when a page reloads
		}
		t.Errorf("browser problem: %s", p)
	}
}
