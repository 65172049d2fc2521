package build_test

import (
	"regexp"
	"strings"
	"testing"

	"signpost/internal/buildtest"
	"signpost/internal/offline"
	"signpost/internal/render"
)

// TestRealSiteWhole: the threshold document and the Stoke-on-Trent parents' guide each
// have a whole-document page with every page of the document, in reading order, every
// sentence of every page, and a link to it from each of those pages.
func TestRealSiteWhole(t *testing.T) {
	res := realSite(t)
	docs := []struct {
		section, whole string
		companions     []string
		minPages       int
	}{
		{"/professionals/threshold/", "/professionals/threshold/print/", []string{"/professionals/tier-matrix/"}, 15},
		{"/parents/stoke-on-trent-guide/", "/parents/stoke-on-trent-guide/print/", nil, 8},
	}
	order := render.ReadingOrder(res.Site)
	for _, d := range docs {
		html := string(res.Files[strings.TrimPrefix(d.whole, "/")+"index.html"])
		if html == "" {
			t.Errorf("no %s", d.whole)
			continue
		}
		if n := strings.Count(html, "data-version-stamp"); n != 1 {
			t.Errorf("%s: %d version stamps", d.whole, n)
		}
		all := buildtest.HTMLWords(html)
		var pages []string
		for _, p := range order {
			if strings.HasPrefix(p.URL, d.section) {
				pages = append(pages, p.URL)
			}
		}
		pages = append(pages, d.companions...)
		if len(pages) < d.minPages {
			t.Errorf("%s: %d pages, want at least %d", d.section, len(pages), d.minPages)
		}
		last := -1
		for _, u := range pages {
			// Chapters appear in reading order (the first is the section page itself).
			if u != d.section {
				i := strings.Index(html, `<p class="print-chapter-url">Online: <a href="`+u+`">`)
				if i < last {
					t.Errorf("%s: chapter %s missing or out of order", d.whole, u)
				}
				last = i
			}
			page := string(res.Files[strings.TrimPrefix(u, "/")+"index.html"])
			missing := 0
			for _, w := range buildtest.HTMLSentences(buildtest.Prose(page)) {
				if !buildtest.Covers(all, w) {
					if missing < 3 {
						t.Errorf("%s: sentence of %s missing: %q", d.whole, u, w)
					}
					missing++
				}
			}
			if !strings.Contains(page, `<a href="`+d.whole+`">Print or save the whole document</a>`) {
				t.Errorf("%s does not link to %s", u, d.whole)
			}
		}
	}
}

// TestWorkerOnlyInProduction: `signpost build` writes /sw.js, `signpost serve` (dev mode,
// stable asset names) does not; an edit to any page gives a new worker.
func TestWorkerOnlyInProduction(t *testing.T) {
	dir := writeSite(t, incSite())
	if res := update(t, startBuilder(t, dir, true), "content/professionals/mash.md"); res.Files["sw.js"] != nil {
		t.Error("dev mode wrote sw.js")
	}
	b := startBuilder(t, dir, false)
	first := update(t, b, "content/professionals/mash.md").Files["sw.js"]
	if first == nil {
		t.Fatal("no sw.js")
	}
	editFile(t, dir, "content/parents/help.md", "Text.", "Other text.")
	res := update(t, b, "content/parents/help.md")
	if string(res.Files["sw.js"]) == string(first) {
		t.Error("a page edit kept the worker")
	}
	assertSameAsFullBuild(t, dir, false, res)
}

// TestRealSiteWorker: the tier matrix page registers /sw.js on its first visit and is
// stored when the worker installs; other professionals' pages offer "Make available
// offline"; parents' pages have neither.
func TestRealSiteWorker(t *testing.T) {
	res := realSite(t)
	sw := string(res.Files["sw.js"])
	// Every page with a tier matrix is stored on install, read from the pages rather than
	// named, so that a threshold document added by data does not break the test (issue #18).
	core := regexp.MustCompile(`"core":\[([^\]]*)\]`).FindStringSubmatch(sw)
	auto := 0
	for _, p := range res.Site.Pages {
		if offline.Auto(p) {
			auto++
			if core == nil || !strings.Contains(core[1], `"`+p.URL+`"`) {
				t.Errorf("sw.js does not store %s on install:\n%.400s", p.URL, sw)
			}
		}
	}
	if auto == 0 || core == nil || strings.Count(core[1], `"`) != 2*auto || !strings.Contains(sw, `"scope":"/professionals/"`) {
		t.Errorf("sw.js does not store the %d tier matrix pages on install:\n%.400s", auto, sw)
	}
	for _, tt := range []struct {
		file      string
		offline   bool
		registers bool
	}{
		{"professionals/tier-matrix/index.html", true, true},
		{"professionals/threshold/mash/index.html", true, false},
		{"professionals/index.html", true, false},
		{"parents/index.html", false, false},
		{"parents/cwd-check/index.html", false, false},
	} {
		page := string(res.Files[tt.file])
		if got := strings.Contains(page, "data-offline-save"); got != tt.offline {
			t.Errorf("%s: Make available offline shown = %v", tt.file, got)
		}
		if got := strings.Contains(page, "data-offline-auto"); got != tt.registers {
			t.Errorf("%s: registers the worker on a first visit = %v", tt.file, got)
		}
	}
}
