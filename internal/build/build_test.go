package build_test

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"signpost/internal/build"
	"signpost/internal/buildtest"
)

var page = buildtest.Page

func minimalSite() string {
	return `
-- content/_index.md --
` + page("Home", "", "Welcome to the guidance.\n") + `
-- content/professionals/_index.md --
` + page("For professionals", "weight: 1\n", "Guidance for people who work with children.\n") + `
-- content/professionals/mash.md --
` + page("MASH", "weight: 10\n", "## What is MASH?\n\nThe hub. See [tiers](/professionals/tiers/#tier-2).\n\n## MASH vision\n\nCall 01375 000000? No.\n") + `
-- content/professionals/tiers.md --
` + page("Tiers", "weight: 20\n", "## Tier 2\n\nEarly help. Back to [MASH](/professionals/mash/).\n") + `
-- content/search.md --
` + page("Search", "layout: search\n", "::: sections-az\n")
}

func TestBuildMinimalSite(t *testing.T) {
	site := strings.Replace(minimalSite(), "Call 01375 000000? No.", "Vision text.", 1)
	res, err := buildtest.Build(t, site)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	for _, f := range []string{"index.html", "professionals/index.html", "professionals/mash/index.html", "professionals/tiers/index.html", "search/index.html", "404.html", "sitemap.xml", "robots.txt", "favicon.svg"} {
		if _, ok := res.Files[f]; !ok {
			t.Errorf("missing output %s; have %v", f, res.SortedFiles())
		}
	}
	mash := string(res.Files["professionals/mash/index.html"])
	_, areaName, partnership := buildtest.FirstArea()
	published := html.EscapeString("Published by " + partnership + " for " + areaName + ".")
	for _, want := range []string{
		`<html lang="en-GB">`,
		`<link rel="canonical" href="https://signpost.netlify.app/professionals/mash/">`,
		`<meta name="description" content="About MASH.">`,
		`<a href="#main-content" class="skip-link">`,
		`id="exit-this-page"`,
		`Is a child in immediate danger?`,
		`<nav class="breadcrumbs" aria-label="Breadcrumb">`,
		`<h2 id="toc-title" class="toc-title">On this page</h2>`,
		`<a href="#what-is-mash">What is MASH?</a>`,
		`rel="next"`,
		published,
		`<input type="search" id="site-search-q"`,
	} {
		if !strings.Contains(mash, want) {
			t.Errorf("mash page lacks %q", want)
		}
	}
	assertNoInlineCode(t, res.Files)
	if !regexp.MustCompile(`/assets/main\.[A-Z0-9]{8}\.css`).MatchString(mash) {
		t.Errorf("page does not link a fingerprinted stylesheet")
	}
	if strings.Contains(mash, "signpost-wasm") {
		t.Errorf("page without a widget loads the WASM module")
	}
	az := string(res.Files["search/index.html"])
	if !strings.Contains(az, `<a href="/professionals/mash/#mash-vision">MASH vision</a>`) {
		t.Errorf("A–Z lacks a section entry:\n%s", az)
	}
	if !strings.Contains(string(res.Files["sitemap.xml"]), "<loc>https://signpost.netlify.app/professionals/tiers/</loc>") {
		t.Errorf("sitemap lacks a page")
	}
}

// assertNoInlineCode enforces the CSP rules on every HTML file: no inline script, no style
// attributes or elements, no event-handler attributes.
func assertNoInlineCode(t *testing.T, files map[string][]byte) {
	t.Helper()
	inlineScript := regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`)
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		s := string(b)
		for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(s, -1) {
			if !strings.Contains(m, "src=") && !strings.Contains(m, `type="application/json"`) {
				t.Errorf("%s: inline script %s", name, m)
			}
		}
		if inlineScript.MatchString(strings.ReplaceAll(s, `type="application/json"`, "")) && !strings.Contains(s, `type="application/json"`) {
			t.Errorf("%s: script with inline code", name)
		}
		if regexp.MustCompile(`\sstyle=`).MatchString(s) || strings.Contains(s, "<style") {
			t.Errorf("%s: inline style", name)
		}
		if regexp.MustCompile(`\son[a-z]+=`).MatchString(s) {
			t.Errorf("%s: inline event handler", name)
		}
	}
}

// TestBuildErrors checks each kind of bad input gives a file:line error, all in one run.
func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name    string
		archive string
		want    []string // each must appear in the error output
	}{
		{"unclosed front matter", "-- content/_index.md --\n---\ntitle: x\n\nbody\n", []string{"content/_index.md:1:1: front matter is not closed"}},
		{"missing front matter", "-- content/_index.md --\nJust text\n", []string{"content/_index.md:1:1: missing front matter"}},
		{"unknown key", "-- content/_index.md --\n---\ntitle: x\ndescripton: y\n---\n", []string{`content/_index.md:3:1: field descripton is not a front matter key`}},
		{"bad yaml", "-- content/_index.md --\n---\ntitle: [x\n---\n", []string{"content/_index.md:"}},
		{"unknown area", "-- content/_index.md --\n" + strings.Replace(page("H", "", ""), "area: [thurrock]", "area: [thurock]", 1), []string{`content/_index.md:4:1: unknown area "thurock" (did you mean "thurrock"?)`}},
		{"no area", "-- content/_index.md --\n" + strings.Replace(page("H", "", ""), "area: [thurrock]\n", "", 1), []string{"content/_index.md:1:1: front matter has no area"}},
		{"broken link", "-- content/_index.md --\n" + page("H", "", "Text\n\nSee [x](/nowhere/).\n"), []string{"content/_index.md:10:5: broken link: no page at /nowhere/"}},
		{"broken anchor with suggestion", "-- content/_index.md --\n" + page("H", "", "## Tier two\n\n[x](/#tier-tow)\n"), []string{`content/_index.md:10:1: broken anchor: / has no heading or element with id "tier-tow" (did you mean #tier-two?)`}},
		{"duplicate page path", "-- content/_index.md --\n" + page("H", "", "") + "\n-- content/a/_index.md --\n" + page("A", "", "") + "\n-- content/a/b.md --\n" + page("B", "", "") + "\n-- content/a/b/_index.md --\n" + page("B2", "", ""), []string{"duplicate page path /a/b/"}},
		{"unknown widget", "-- content/_index.md --\n" + page("H", "", "\n::: widget tier-matrx\n"), []string{`content/_index.md:9:12: unknown widget "tier-matrx"`}},
		{"unknown block", "-- content/_index.md --\n" + page("H", "", "\n::: diagarm escalation\n"), []string{`content/_index.md:9:5: unknown block "diagarm"`}},
		{"raw html", "-- content/_index.md --\n" + page("H", "", "Text <span>x</span>\n"), []string{"content/_index.md:8:6: raw HTML is not allowed in content"}},
		{"invalid data file", "-- content/_index.md --\n" + page("H", "", "") + "\n-- content/_data/diagrams.yaml --\ndiagrams:\n  - id: a\n    titel: x\n", []string{"content/_data/diagrams.yaml:3"}},
		{"unowned data file", "-- content/_index.md --\n" + page("H", "", "") + "\n-- content/_data/glosary.yaml --\n[]\n", []string{"content/_data/glosary.yaml: no part of the site reads this data file"}},
		{"missing section page", "-- content/_index.md --\n" + page("H", "", "") + "\n-- content/x/y.md --\n" + page("Y", "", ""), []string{"content/x/y.md:1:1: page is in a folder with no section page (create content/x/_index.md)"}},
		{"phone not in contacts", "-- content/_index.md --\n" + page("H", "", "Call 01782 683129.\n"), []string{"content/_index.md:8: phone number 01782 683129 is not a contact of this page's area (thurrock)"}},
		{"missing data file named once", "-- content/_index.md --\n" + page("H", "", "\n::: chart a\n\nText.\n\n::: chart b\n\n::: diagram c\n"), []string{"content/_data/report.yaml: data file is missing, and pages use what it feeds (::: chart)", "content/_data/diagrams.yaml: data file is missing"}},
		{"space in file name", "-- content/_index.md --\n" + page("H", "", "") + "\n-- content/my page.md --\n" + page("P", "", ""), []string{`content/my page.md:1:1: "my page" cannot be part of a page address`}},
		{"many errors at once", "-- content/_index.md --\n" + page("H", "", "[a](/x/)\n\n[b](/y/)\n"), []string{"no page at /x/", "no page at /y/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := buildtest.Build(t, tt.archive)
			if err == nil {
				t.Fatalf("build succeeded, want errors %q", tt.want)
			}
			got := err.Error()
			if n := strings.Count(got, "report.yaml"); n > 1 {
				t.Errorf("report.yaml named %d times:\n%s", n, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("errors lack %q; got:\n%s", w, got)
				}
			}
		})
	}
}

// TestPublishAtomic: a failed build leaves the previous output byte-for-byte intact, and a
// good build removes files that earlier builds left.
func TestPublishAtomic(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	good := strings.Replace(minimalSite(), "Call 01375 000000? No.", "Vision.", 1)
	run := func(archive string) error {
		_, err := build.Run(context.Background(), build.Config{FS: buildtest.FS(t, archive), Out: out, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoWASM: true})
		return err
	}
	if err := run(good); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, "stale.txt")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	bad := good + "\n-- content/professionals/broken.md --\n" + page("Broken", "", "[x](/missing/)\n")
	if err := run(bad); err == nil {
		t.Fatal("bad build succeeded")
	}
	if after := snapshot(t, out); after != before {
		t.Fatal("failed build changed the output directory")
	}
	if err := run(good); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale file survived a rebuild")
	}
	// Beside the output stay only the manifest of what was published and, for as long as
	// the detached removal takes, the previous output moved aside; never a half-written tree.
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.new-*")); len(left) > 0 {
		t.Errorf("temporary directories left: %v", left)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), ".public.manifest")); err != nil {
		t.Errorf("no manifest beside the output: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		old, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.old-*"))
		if len(old) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("previous outputs never removed: %v", old)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			c, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.WriteString(p + "\n" + string(c) + "\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestPublishStreamsSameFiles: a build that publishes as it renders writes exactly the
// files, byte for byte, that the same build makes in memory (sw.js, which hashes every
// other file, included), and keeps none of them in its result.
func TestPublishStreamsSameFiles(t *testing.T) {
	archive := strings.Replace(minimalSite(), "Call 01375 000000? No.", "Vision.", 1)
	cfg := build.Config{FS: buildtest.FS(t, archive), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoWASM: true}
	mem, err := build.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Out = filepath.Join(t.TempDir(), "public")
	disk, err := build.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if disk.Files != nil {
		t.Errorf("a build to disk kept %d files in memory", len(disk.Files))
	}
	if disk.Count != len(mem.Files) || disk.Bytes != mem.Bytes || disk.Pages != mem.Pages {
		t.Errorf("to disk: %d files, %d bytes, %d pages; in memory: %d, %d, %d", disk.Count, disk.Bytes, disk.Pages, len(mem.Files), mem.Bytes, mem.Pages)
	}
	got := map[string]bool{}
	err = filepath.WalkDir(cfg.Out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(cfg.Out, p)
		rel = filepath.ToSlash(rel)
		got[rel] = true
		c, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if want, ok := mem.Files[rel]; !ok {
			t.Errorf("%s written but not built", rel)
		} else if string(c) != string(want) {
			t.Errorf("%s differs from the in-memory build", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range mem.Files {
		if !got[name] {
			t.Errorf("%s built but not written", name)
		}
	}
}
