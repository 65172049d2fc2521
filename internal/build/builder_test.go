package build_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"signpost/internal/build"
	"signpost/internal/buildtest"
)

// These tests prove incrementality by counting work (Stats), and soundness by comparing
// every incremental result with a fresh full build of the same files, byte for byte.

var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func pg(title, extra, body string) string { return buildtest.Page(title, extra, body) }

// incSite is a small site with two sections, a nested section, an also_in listing and
// the A–Z late block.
func incSite() string {
	return `
-- content/_index.md --
` + pg("Home", "", "Welcome.\n") + `
-- content/professionals/_index.md --
` + pg("For professionals", "weight: 1\n", "Guidance for people who work with children.\n") + `
-- content/professionals/mash.md --
` + pg("MASH", "weight: 10\n", "## What is MASH?\n\nThe hub. See [tiers](/professionals/tiers/#tier-2).\n\n## MASH vision\n\nVision.\n") + `
-- content/professionals/tiers.md --
` + pg("Tiers", "weight: 20\n", "## Tier 1\n\nUniversal.\n\n## Tier 2\n\nEarly help. Back to [MASH](/professionals/mash/).\n") + `
-- content/professionals/escalation.md --
` + pg("Escalation", "weight: 30\n", "## When to escalate\n\nText.\n") + `
-- content/professionals/threshold/_index.md --
` + pg("Threshold", "weight: 40\n", "The threshold document.\n") + `
-- content/professionals/threshold/consent.md --
` + pg("Consent", "weight: 1\n", "## Consent\n\nText.\n") + `
-- content/parents/_index.md --
` + pg("For parents", "weight: 2\n", "Guides for parents.\n") + `
-- content/parents/help.md --
` + pg("Getting help", "weight: 1\nalso_in: [/professionals/]\n", "## Who can help\n\nText.\n") + `
-- content/search.md --
` + pg("Search", "layout: search\n", "::: sections-az\n")
}

// The test site on disk: buildtest's, under short names.
var (
	writeSite  = buildtest.WriteSite
	writeFile  = buildtest.WriteFile
	editFile   = buildtest.EditFile
	appendFile = buildtest.AppendFile
)

func testConfig(dir string, dev bool) build.Config {
	cfg := build.Config{Src: dir, Now: testNow, NoWASM: true, Dev: dev}
	if dev {
		cfg.DevScript = "/_signpost/reload.js"
	}
	return cfg
}

func startBuilder(t *testing.T, dir string, dev bool) *build.Builder {
	t.Helper()
	b := build.NewBuilder(testConfig(dir, dev))
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatalf("first build: %v", err)
	}
	return b
}

func update(t *testing.T, b *build.Builder, changed ...string) *build.Result {
	t.Helper()
	res, err := b.Update(context.Background(), changed)
	if err != nil {
		t.Fatalf("update %v: %v", changed, err)
	}
	return res
}

// assertSameAsFullBuild fails unless res equals a fresh full build of dir: no output is
// stale, none is missing, and the diagnostics agree.
func assertSameAsFullBuild(t *testing.T, dir string, dev bool, res *build.Result) {
	t.Helper()
	full, _ := build.NewBuilder(testConfig(dir, dev)).Build(context.Background())
	for _, f := range full.SortedFiles() {
		got, ok := res.Files[f]
		if !ok {
			t.Errorf("incremental output lacks %s", f)
		} else if !bytes.Equal(got, full.Files[f]) {
			t.Errorf("incremental %s differs from a full build:\n%s", f, firstDiff(string(got), string(full.Files[f])))
		}
	}
	for _, f := range res.SortedFiles() {
		if _, ok := full.Files[f]; !ok {
			t.Errorf("incremental output has %s, which a full build does not", f)
		}
	}
	if g, w := res.Diags.Error(), full.Diags.Error(); g != w {
		t.Errorf("incremental diagnostics:\n%s\nfull build:\n%s", g, w)
	}
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("  got:  …%s…\n  want: …%s…", a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
}

func TestUpdateIncremental(t *testing.T) {
	mash := "content/professionals/mash.md"
	tests := []struct {
		name         string
		edit         func(t *testing.T, dir string)
		changed      []string
		wantParsed   []string
		wantRendered []string
	}{
		{"body edit renders only its page",
			func(t *testing.T, dir string) { editFile(t, dir, mash, "The hub.", "The hub, edited.") },
			[]string{mash}, []string{mash}, []string{"/professionals/mash/"}},
		{"saving without a change renders nothing",
			func(t *testing.T, dir string) {},
			[]string{mash}, []string{mash}, nil},
		{"heading edit also renders the A–Z",
			func(t *testing.T, dir string) { editFile(t, dir, mash, "## MASH vision", "## The MASH vision") },
			[]string{mash}, []string{mash}, []string{"/professionals/mash/", "/search/"}},
		{"title edit renders the pages that show the title",
			func(t *testing.T, dir string) { editFile(t, dir, mash, "title: MASH", "title: The MASH") },
			[]string{mash}, []string{mash},
			// itself, its section (listing, section list), its sibling pages (section list,
			// previous and next links) and the A–Z; not the sub-section, which lists its own
			// pages, nor the parents' pages or the home page.
			[]string{"/professionals/", "/professionals/escalation/", "/professionals/mash/", "/professionals/tiers/", "/search/"}},
		{"description edit renders the listings that show it",
			func(t *testing.T, dir string) {
				editFile(t, dir, "content/parents/help.md", "description: About Getting help.", "description: Where to find help.")
			},
			[]string{"content/parents/help.md"}, []string{"content/parents/help.md"},
			// its own page, its section's listing and the section it is also listed in; the
			// A–Z is filled in again but does not show descriptions, so it is not rendered.
			[]string{"/parents/", "/parents/help/", "/professionals/"}},
		{"weight edit reorders the section",
			func(t *testing.T, dir string) { editFile(t, dir, mash, "weight: 10", "weight: 25") },
			[]string{mash}, []string{mash},
			[]string{"/professionals/", "/professionals/escalation/", "/professionals/mash/", "/professionals/tiers/"}},
		{"new page",
			func(t *testing.T, dir string) {
				writeFile(t, dir, "content/parents/new.md", pg("New guide", "weight: 5\n", "Text.\n"))
			},
			[]string{"content/parents/new.md"}, []string{"content/parents/new.md"},
			// not the home page: its layout shows no section's pages (before dependencies
			// were recorded, it was rendered for the page counts its data held).
			[]string{"/parents/", "/parents/help/", "/parents/new/", "/search/"}},
		{"removed page",
			func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "content/professionals/escalation.md")) },
			[]string{"content/professionals/escalation.md"}, nil,
			[]string{"/professionals/", "/professionals/mash/", "/professionals/threshold/", "/professionals/tiers/", "/search/"}},
		{"layout edit renders every page and parses none",
			func(t *testing.T, dir string) {
				editFile(t, dir, "layouts/partials/toc.html", "On this page", "On this page:")
			},
			[]string{"layouts/partials/toc.html"}, nil,
			[]string{"/", "/404.html", "/parents/", "/parents/help/", "/professionals/", "/professionals/escalation/", "/professionals/mash/", "/professionals/threshold/", "/professionals/threshold/consent/", "/professionals/tiers/", "/search/"}},
		{"stylesheet edit parses and renders nothing",
			func(t *testing.T, dir string) {
				appendFile(t, dir, "assets/css/_base.css", "\nbody{outline:1px solid red}\n")
			},
			[]string{"assets/css/_base.css"}, nil, nil},
		{"folder renamed",
			func(t *testing.T, dir string) {
				if err := os.Rename(filepath.Join(dir, "content/professionals/threshold"), filepath.Join(dir, "content/professionals/thresholds")); err != nil {
					t.Fatal(err)
				}
			},
			[]string{"content/professionals/threshold", "content/professionals/thresholds"},
			[]string{"content/professionals/thresholds/_index.md", "content/professionals/thresholds/consent.md"},
			[]string{"/professionals/", "/professionals/escalation/", "/professionals/mash/", "/professionals/thresholds/", "/professionals/thresholds/consent/", "/professionals/tiers/", "/search/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, incSite())
			b := startBuilder(t, dir, true)
			tt.edit(t, dir)
			res := update(t, b, tt.changed...)
			if !slices.Equal(res.Stats.Parsed, tt.wantParsed) {
				t.Errorf("parsed %q, want %q", res.Stats.Parsed, tt.wantParsed)
			}
			if !slices.Equal(res.Stats.Rendered, tt.wantRendered) {
				t.Errorf("rendered %q, want %q", res.Stats.Rendered, tt.wantRendered)
			}
			if res.Stats.Full {
				t.Errorf("update was a full rebuild")
			}
			assertSameAsFullBuild(t, dir, true, res)
		})
	}
}

// TestUpdateTracksNewReads: a layout that reads something of another page no layout read
// before (the next page's headings, the number of pages of the whole site) needs
// no change to the builder: the render records the read, and an edit to what it read
// renders the page again.
func TestUpdateTracksNewReads(t *testing.T) {
	tiers := "content/professionals/tiers.md"
	tests := []struct {
		name, layout, old, new string
		edit                   func(t *testing.T, dir string)
		changed                []string
		want                   []string
	}{
		{"the next page's headings",
			"layouts/partials/pagination.html", "{{- end}}\n", "{{- end}}\n{{with .Next}}<aside class=\"next-teaser\">{{range .Headings}}{{.Text}} {{end}}</aside>{{end}}\n",
			func(t *testing.T, dir string) {
				editFile(t, dir, tiers, "Universal.", "Universal.\n\n## Tier 1a\n\nMore.")
			},
			[]string{tiers},
			// mash.md's next page is tiers.md; the A–Z lists the new heading.
			[]string{"/professionals/mash/", "/professionals/tiers/", "/search/"}},
		{"the number of pages",
			"layouts/base.html", "</footer>", "<p class=\"count\">{{len .Site.Pages}} pages</p></footer>",
			func(t *testing.T, dir string) {
				writeFile(t, dir, "content/parents/new.md", pg("New guide", "weight: 5\n", "Text.\n"))
			},
			[]string{"content/parents/new.md"},
			[]string{"/", "/404.html", "/parents/", "/parents/help/", "/parents/new/", "/professionals/", "/professionals/escalation/", "/professionals/mash/", "/professionals/threshold/", "/professionals/threshold/consent/", "/professionals/tiers/", "/search/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, incSite())
			editFile(t, dir, tt.layout, tt.old, tt.new)
			b := startBuilder(t, dir, true)
			// An edit the new read does not see renders only its own page.
			parents := "content/parents/_index.md"
			editFile(t, dir, parents, "Guides for parents.", "Guides for parents, edited.")
			if res := update(t, b, parents); !slices.Equal(res.Stats.Rendered, []string{"/parents/"}) {
				t.Errorf("body edit of %s rendered %q", parents, res.Stats.Rendered)
			}
			tt.edit(t, dir)
			res := update(t, b, tt.changed...)
			if !slices.Equal(res.Stats.Rendered, tt.want) {
				t.Errorf("rendered %q, want %q", res.Stats.Rendered, tt.want)
			}
			assertSameAsFullBuild(t, dir, true, res)
		})
	}
}

// TestUpdateStylesheet: in dev mode a stylesheet change rebuilds only the CSS bundle and
// leaves every page byte-identical; in a production build the fingerprinted name changes,
// so every page is rendered again.
func TestUpdateStylesheet(t *testing.T) {
	for _, dev := range []bool{true, false} {
		t.Run(fmt.Sprintf("dev=%v", dev), func(t *testing.T) {
			dir := writeSite(t, incSite())
			b := build.NewBuilder(testConfig(dir, dev))
			before, err := b.Build(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			appendFile(t, dir, "assets/css/_base.css", "\n.signpost-test{color:red}\n")
			res := update(t, b, "assets/css/_base.css")
			if !res.Stats.CSS || res.Stats.JS || len(res.Stats.Parsed) > 0 {
				t.Errorf("stats %+v, want only the CSS bundle rebuilt", res.Stats)
			}
			if dev {
				if len(res.Stats.Rendered) != 0 {
					t.Errorf("rendered %q, want none", res.Stats.Rendered)
				}
				if !strings.Contains(string(res.Files["assets/main.css"]), ".signpost-test") {
					t.Errorf("assets/main.css lacks the new rule")
				}
				for f, v := range before.Files {
					if strings.HasSuffix(f, ".html") && !bytes.Equal(v, res.Files[f]) {
						t.Errorf("%s changed", f)
					}
				}
			} else if len(res.Stats.Rendered) != len(res.Site.Pages)+1 {
				t.Errorf("rendered %d pages, want all %d and 404", len(res.Stats.Rendered), len(res.Site.Pages))
			}
			assertSameAsFullBuild(t, dir, dev, res)
		})
	}
}

// TestUpdateErrorsAndRecovery: bad front matter is an error at its file and line, nothing
// is rendered while it stands, and fixing it renders just that page.
func TestUpdateErrorsAndRecovery(t *testing.T) {
	dir := writeSite(t, incSite())
	b := startBuilder(t, dir, true)
	mash := "content/professionals/mash.md"
	editFile(t, dir, mash, "weight: 10\n", "weight: [10\n")
	res, err := b.Update(context.Background(), []string{mash})
	if err == nil {
		t.Fatal("update with broken front matter succeeded")
	}
	if !strings.Contains(err.Error(), "content/professionals/mash.md:") || len(res.Diags.Errors()) != 1 {
		t.Errorf("want one error at mash.md, got:\n%v", err)
	}
	if !res.Stats.Skipped {
		t.Errorf("pages were rendered despite errors")
	}
	// An unrelated edit while the error stands is parsed but not rendered.
	editFile(t, dir, "content/professionals/tiers.md", "Universal.", "Universal services.")
	if _, err := b.Update(context.Background(), []string{"content/professionals/tiers.md"}); err == nil {
		t.Fatal("error went away by itself")
	}
	// Fixed, mash.md is as it was: only the page edited meanwhile is rendered.
	editFile(t, dir, mash, "weight: [10\n", "weight: 10\n")
	res = update(t, b, mash)
	if want := []string{"/professionals/tiers/"}; !slices.Equal(res.Stats.Rendered, want) {
		t.Errorf("rendered %q after the fix, want %q", res.Stats.Rendered, want)
	}
	assertSameAsFullBuild(t, dir, true, res)

	// A broken link is found after render, and reported on the page that has it.
	editFile(t, dir, mash, "The hub.", "The hub. [Gone](/professionals/gone/).")
	if _, err := b.Update(context.Background(), []string{mash}); err == nil || !strings.Contains(err.Error(), "content/professionals/mash.md:11:") {
		t.Errorf("want a broken-link error at mash.md:11, got %v", err)
	}
	writeFile(t, dir, "content/professionals/gone.md", pg("Gone", "", "Now here.\n"))
	res = update(t, b, "content/professionals/gone.md")
	assertSameAsFullBuild(t, dir, true, res)

	// Renaming a heading another page links to breaks that page's link, though that page
	// was not touched; renaming it back mends it.
	tiers := "content/professionals/tiers.md"
	editFile(t, dir, tiers, "## Tier 2", "## Tier two")
	_, err = b.Update(context.Background(), []string{tiers})
	if err == nil || !strings.Contains(err.Error(), `content/professionals/mash.md:11:44: broken anchor: /professionals/tiers/ has no heading or element with id "tier-2"`) {
		t.Errorf("want a broken anchor in mash.md, got %v", err)
	}
	editFile(t, dir, tiers, "## Tier two", "## Tier 2")
	res = update(t, b, tiers)
	assertSameAsFullBuild(t, dir, true, res)
}

// TestUpdatePanicRecovered: a panic during an update is an error, not a crash, and the
// next update rebuilds everything.
func TestUpdatePanicRecovered(t *testing.T) {
	dir := writeSite(t, incSite())
	b := startBuilder(t, dir, true)
	build.SetHook(b, func([]string) { panic("boom") })
	res, err := b.Update(context.Background(), []string{"content/professionals/mash.md"})
	if err == nil || !strings.Contains(err.Error(), "internal error while rebuilding: boom") {
		t.Fatalf("want a recovered panic, got %v", err)
	}
	if len(res.Files) == 0 {
		t.Errorf("a panic lost the output")
	}
	build.SetHook(b, nil)
	res = update(t, b, "content/professionals/mash.md")
	if !res.Stats.Full {
		t.Errorf("the update after a panic was not a full build")
	}

	// A panic on a worker goroutine (here converting a page) is recovered the same way.
	build.SetPageHook(b, func(file string) {
		if strings.HasSuffix(file, "mash.md") {
			panic("worker boom")
		}
	})
	_, err = b.Update(context.Background(), []string{"content/professionals/mash.md"})
	if err == nil || !strings.Contains(err.Error(), "internal error while rebuilding: worker boom") {
		t.Fatalf("want a recovered worker panic, got %v", err)
	}
	build.SetPageHook(b, nil)
	res = update(t, b, "content/professionals/mash.md")
	assertSameAsFullBuild(t, dir, true, res)
}

// TestUpdateSiteConfig: a site.yaml change reloads everything but renders only pages whose
// output changed (here all of them: the tagline is in every header).
func TestUpdateSiteConfig(t *testing.T) {
	dir := writeSite(t, incSite())
	b := startBuilder(t, dir, true)
	editFile(t, dir, "site.yaml", "tagline: ", "tagline: Edited, ")
	res := update(t, b, "site.yaml")
	if !res.Stats.Full || len(res.Stats.Rendered) != len(res.Site.Pages)+1 {
		t.Errorf("stats %+v, want a full reload rendering every page", res.Stats)
	}
	assertSameAsFullBuild(t, dir, true, res)
	res = update(t, b, "site.yaml")
	if len(res.Stats.Rendered) != 0 {
		t.Errorf("an unchanged site.yaml rendered %q", res.Stats.Rendered)
	}
}

// TestUpdateRandomEdits applies a seeded series of edits of every kind and compares each
// result with a full build: with the repository's layouts, and with a pagination that
// also shows the next page's headings and text, which no layout of the repository reads.
func TestUpdateRandomEdits(t *testing.T) {
	t.Run("repository layouts", func(t *testing.T) { randomEdits(t, "", "") })
	t.Run("next page's headings and text", func(t *testing.T) {
		randomEdits(t, "layouts/partials/pagination.html", `{{with .Next}}<aside class="next-teaser">{{range .Headings}}{{.Text}} {{end}}{{.Content}}</aside>{{end}}`)
	})
}

// randomEdits runs TestUpdateRandomEdits, with more appended to layout when it is set.
func randomEdits(t *testing.T, layout, more string) {
	dir := writeSite(t, incSite())
	if layout != "" {
		appendFile(t, dir, layout, more)
	}
	b := startBuilder(t, dir, true)
	r := rand.New(rand.NewSource(1))
	pages := []string{"content/professionals/mash.md", "content/professionals/tiers.md", "content/professionals/escalation.md", "content/parents/help.md", "content/professionals/threshold/consent.md", "content/professionals/threshold/_index.md"}
	steps := 24
	if testing.Short() {
		steps = 8
	}
	for i := range steps {
		f := pages[r.Intn(len(pages))]
		src, err := os.ReadFile(filepath.Join(dir, f))
		changed := []string{f}
		var what string
		switch k := r.Intn(7); {
		case err != nil: // removed earlier: bring it back
			what = "create"
			writeFile(t, dir, f, pg(fmt.Sprintf("Back %d", i), "", "Text.\n"))
		case k == 0:
			what = "body"
			writeFile(t, dir, f, string(src)+fmt.Sprintf("\nParagraph %d.\n", i))
		case k == 1:
			what = "heading"
			writeFile(t, dir, f, string(src)+fmt.Sprintf("\n## Heading %d\n\nText.\n", i))
		case k == 2:
			what = "title"
			writeFile(t, dir, f, strings.Replace(string(src), "title: ", fmt.Sprintf("title: T%d ", i), 1))
		case k == 3:
			what = "weight"
			writeFile(t, dir, f, setKey(string(src), "weight", fmt.Sprint(r.Intn(50))))
		case k == 4 && !strings.HasSuffix(f, "_index.md"):
			what = "remove"
			os.Remove(filepath.Join(dir, f))
		case k == 5:
			what = "also_in"
			if strings.Contains(string(src), "also_in:") {
				writeFile(t, dir, f, regexp.MustCompile(`(?m)^also_in: .*\n`).ReplaceAllString(string(src), ""))
			} else {
				writeFile(t, dir, f, setKey(string(src), "also_in", "[/parents/]"))
			}
		default:
			what = "nav_title"
			writeFile(t, dir, f, setKey(string(src), "nav_title", fmt.Sprintf("N%d", i)))
		}
		res, _ := b.Update(context.Background(), changed)
		t.Logf("step %d: %s %s: parsed %d, rendered %d", i, what, f, len(res.Stats.Parsed), len(res.Stats.Rendered))
		assertSameAsFullBuild(t, dir, true, res)
		if t.Failed() {
			t.Fatalf("step %d (%s %s) diverged from a full build", i, what, f)
		}
	}
}

// setKey sets a front matter key, adding it when missing.
func setKey(src, key, value string) string {
	re := regexp.MustCompile(`(?m)^` + key + `: .*$`)
	if re.MatchString(src) {
		return re.ReplaceAllString(src, key+": "+value)
	}
	return strings.Replace(src, "---\n", "---\n"+key+": "+value+"\n", 1)
}

// TestDevScriptOnlyInServe: the reload client is in every page only when asked for.
func TestDevScriptOnlyInServe(t *testing.T) {
	dir := writeSite(t, incSite())
	for _, dev := range []bool{false, true} {
		res, err := build.NewBuilder(testConfig(dir, dev)).Build(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for f, v := range res.Files {
			has := bytes.Contains(v, []byte(`<script src="/_signpost/reload.js" defer></script>`))
			if strings.HasSuffix(f, ".html") && has != dev {
				t.Errorf("dev=%v: %s has the reload script: %v", dev, f, has)
			}
			if !dev && bytes.Contains(v, []byte("_signpost")) {
				t.Errorf("production output %s mentions _signpost", f)
			}
		}
	}
}

// TestSearchLater: with SearchLater an update leaves the index as it was; a search job run
// on another goroutine brings it up to date, and a job overtaken by a later edit leaves
// the index due.
func TestSearchLater(t *testing.T) {
	dir := writeSite(t, incSite())
	cfg := testConfig(dir, true)
	cfg.SearchLater = true
	b := build.NewBuilder(cfg)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	apply := func() *build.Result {
		t.Helper()
		job := b.SearchJob()
		if job == nil {
			t.Fatal("no search job")
		}
		done := make(chan bool)
		go func() { job.Run(); close(done) }()
		<-done
		res, err := b.ApplySearch(job)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := apply()
	assertSameAsFullBuild(t, dir, true, res)
	if b.SearchJob() != nil {
		t.Errorf("index still due after a search job")
	}

	mash := "content/professionals/mash.md"
	editFile(t, dir, mash, "## MASH vision", "## MASH vision and mission")
	before := res.Files
	res = update(t, b, mash)
	if res.Stats.Search {
		t.Errorf("update rebuilt the index")
	}
	for f, v := range res.Files {
		if strings.HasPrefix(f, "search/") && !strings.HasSuffix(f, ".html") && !bytes.Equal(v, before[f]) {
			t.Errorf("update changed %s", f)
		}
	}
	job := b.SearchJob()
	editFile(t, dir, mash, "Vision.", "Vision, edited meanwhile.")
	update(t, b, mash)
	job.Run()
	if _, err := b.ApplySearch(job); err != nil {
		t.Fatal(err)
	}
	if b.SearchJob() == nil {
		t.Errorf("an overtaken job left the index up to date")
	}
	res = apply()
	assertSameAsFullBuild(t, dir, true, res)
}

// TestUpdateRealSite: on the real content (glossary, data files, widgets' blocks, late
// blocks), an edit renders one page and the result equals a full build, diagnostics too.
func TestUpdateRealSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real site twice")
	}
	dir := writeSite(t, "", "content")
	writeFile(t, dir, "content/professionals/acronyms.md", pg("Acronyms", "", "The QXZW and the ZZPT meet.\n"))
	b := build.NewBuilder(testConfig(dir, true))
	first, err := b.Build(context.Background())
	if err != nil {
		t.Fatalf("the real site does not build: %v", err)
	}
	// The builder runs the glossary check page by page: the same warnings as site-wide.
	var got, want []string
	for _, d := range first.Diags {
		if strings.Contains(d.Msg, "not in the glossary") {
			got = append(got, d.String())
		}
	}
	for _, d := range build.GlossaryDiags(first.Site) {
		want = append(want, d.String())
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("glossary warnings page by page:\n%q\nsite-wide:\n%q", got, want)
	}
	mash := "content/professionals/threshold/mash.md"
	appendFile(t, dir, mash, "\nA new paragraph about the hub.\n")
	res, _ := b.Update(context.Background(), []string{mash})
	if want := []string{"/professionals/threshold/mash/"}; !slices.Equal(res.Stats.Rendered, want) {
		t.Errorf("rendered %q, want %q", res.Stats.Rendered, want)
	}
	assertSameAsFullBuild(t, dir, true, res)

	// A glossary term the page did not use before also changes the glossary's list of
	// the pages that use it.
	appendFile(t, dir, mash, "\nThe LADO is told.\n")
	res, _ = b.Update(context.Background(), []string{mash})
	if want := []string{"/glossary/", "/professionals/threshold/mash/"}; !slices.Equal(res.Stats.Rendered, want) {
		t.Errorf("rendered %q, want %q", res.Stats.Rendered, want)
	}
	assertSameAsFullBuild(t, dir, true, res)
}

// TestUpdateWidgetSource: a change under widgets/ rebuilds the WebAssembly module (from
// the cache when its inputs are unchanged) and parses and renders nothing.
func TestUpdateWidgetSource(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the widgets (cached)")
	}
	root := buildtest.RepoRoot()
	dir := writeSite(t, "", "content")
	b := build.NewBuilder(build.Config{Src: dir, ModuleDir: root, CacheDir: filepath.Join(root, ".signpost-cache"), Now: testNow, Dev: true, DevScript: "/_signpost/reload.js"})
	first, err := b.Build(context.Background())
	if err != nil {
		t.Fatalf("the real site does not build: %v", err)
	}
	if !first.Stats.WASM {
		t.Fatal("the first build did not build the widgets")
	}
	res := update(t, b, "widgets/cwd/rules.go")
	if !res.Stats.WASM || len(res.Stats.Parsed) != 0 || len(res.Stats.Rendered) != 0 {
		t.Errorf("stats %+v, want the module rebuilt and nothing else", res.Stats)
	}
	var wasm int
	for f := range res.Files {
		if strings.HasSuffix(f, ".wasm") {
			wasm++
		}
	}
	if wasm != 1 {
		t.Errorf("%d .wasm files in the output, want 1", wasm)
	}
}
