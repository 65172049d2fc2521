package build_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"signpost/internal/build"
)

// The build cache: a build that starts from the cache of the last one gives the same
// files as a clean build, renders only what a change affects, and falls back to a clean
// build whenever the cache does not fit.

func cachedBuild(t *testing.T, dir, cache string) *build.Result {
	t.Helper()
	cfg := testConfig(dir, false)
	cfg.BuildCache = cache
	res, err := build.NewBuilder(cfg).Build(context.Background())
	if err != nil {
		t.Fatalf("cached build: %v", err)
	}
	return res
}

// pagesRendered are the pages a build rendered, leaving out 404.html (not cached).
func pagesRendered(res *build.Result) []string {
	return slices.DeleteFunc(slices.Clone(res.Stats.Rendered), func(u string) bool { return u == "/404.html" })
}

func TestCachedBuildMatchesCleanBuild(t *testing.T) {
	dir := writeSite(t, incSite())
	cache := filepath.Join(dir, ".signpost-cache", "build")
	res := cachedBuild(t, dir, cache)
	if !strings.Contains(res.Stats.Cache, "empty") {
		t.Errorf("first build: %q, want an empty cache", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)

	res = cachedBuild(t, dir, cache)
	if r := pagesRendered(res); len(r) != 0 {
		t.Errorf("nothing changed, yet rendered %v", r)
	}
	assertSameAsFullBuild(t, dir, false, res)

	steps := []struct {
		name   string
		edit   func()
		render []string // exactly these page URLs rendered, when set
	}{
		{"body edit", func() { appendFile(t, dir, "content/professionals/escalation.md", "\nA new paragraph.\n") },
			[]string{"/professionals/escalation/"}},
		{"title edit", func() {
			editFile(t, dir, "content/professionals/tiers.md", "title: Tiers", "title: Levels of need")
		}, nil},
		{"new page", func() {
			writeFile(t, dir, "content/professionals/new.md", pg("New page", "weight: 50\n", "## New\n\nText.\n"))
		}, nil},
		{"page removed", func() { os.Remove(filepath.Join(dir, "content/professionals/threshold/consent.md")) }, nil},
		{"anchor removed", func() {
			editFile(t, dir, "content/professionals/tiers.md", "## Tier 1", "## Level 1")
		}, nil},
		{"site.yaml", func() { appendFile(t, dir, "site.yaml", "\n# a comment\n") }, nil},
		{"layout", func() { appendFile(t, dir, "layouts/partials/pagehead.html", "\n") }, nil},
		{"stylesheet", func() { appendFile(t, dir, "assets/css/_base.css", "\n.cache-test{color:red}\n") }, nil},
	}
	for _, s := range steps {
		s.edit()
		res := cachedBuild(t, dir, cache)
		t.Logf("%s: %s; rendered %v", s.name, res.Stats.Cache, res.Stats.Rendered)
		if r := pagesRendered(res); s.render != nil && !slices.Equal(r, s.render) {
			t.Errorf("%s: rendered %v, want %v", s.name, r, s.render)
		}
		assertSameAsFullBuild(t, dir, false, res)
	}
}

// Every cache that does not fit this build gives a clean build, never a wrong site.
func TestCacheFallsBackToCleanBuild(t *testing.T) {
	corrupt := func(t *testing.T, cache string) {
		name := filepath.Join(cache, "index")
		data, _ := os.ReadFile(name)
		data[len(data)/2] ^= 0xff
		os.WriteFile(name, data, 0o644)
	}
	cases := []struct {
		name  string
		spoil func(t *testing.T, dir, cache string)
		want  string // in Stats.Cache
	}{
		{"corrupt", func(t *testing.T, _, cache string) { corrupt(t, cache) }, "unreadable"},
		{"truncated", func(t *testing.T, _, cache string) {
			name := filepath.Join(cache, "index")
			fi, _ := os.Stat(name)
			os.Truncate(name, fi.Size()/2)
		}, "unreadable"},
		{"empty index", func(t *testing.T, _, cache string) { os.WriteFile(filepath.Join(cache, "index"), nil, 0o644) }, "unreadable"},
		{"foreign file", func(t *testing.T, _, cache string) {
			os.WriteFile(filepath.Join(cache, "index"), []byte("PK\x03\x04 not a cache at all"), 0o644)
		}, "unreadable"},
		{"other signpost, Go or flags", func(t *testing.T, _, cache string) {
			if err := build.RekeyCache(cache); err != nil {
				t.Fatal(err)
			}
		}, "stale"},
		{"other site", func(t *testing.T, dir, cache string) {
			other := writeSite(t, incSite())
			appendFile(t, other, "content/professionals/mash.md", "\nOther site.\n")
			os.RemoveAll(cache)
			cachedBuild(t, other, cache)
		}, "stale"},
		{"layouts changed", func(t *testing.T, dir, _ string) {
			appendFile(t, dir, "layouts/partials/pagehead.html", "\n")
		}, "stale"},
		{"site.yaml changed", func(t *testing.T, dir, _ string) { appendFile(t, dir, "site.yaml", "\n# changed\n") }, "stale"},
		{"objects replaced", func(t *testing.T, _, cache string) {
			// Every page's stored output replaced: each hash check fails, so every page is
			// rendered again.
			objs, _ := filepath.Glob(filepath.Join(cache, "objects", "*"))
			for _, o := range objs {
				os.WriteFile(o, []byte("<html>wrong</html>"), 0o644)
			}
		}, "no usable page output"},
		{"objects removed", func(t *testing.T, _, cache string) { os.RemoveAll(filepath.Join(cache, "objects")) }, "no usable page output"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeSite(t, incSite())
			cache := filepath.Join(t.TempDir(), "cache")
			cachedBuild(t, dir, cache)
			appendFile(t, dir, "content/professionals/escalation.md", "\nAn edit after the cache was made.\n")
			c.spoil(t, dir, cache)
			res := cachedBuild(t, dir, cache)
			t.Logf("%s", res.Stats.Cache)
			if !strings.Contains(res.Stats.Cache, c.want) || !strings.Contains(res.Stats.Cache, "clean build") {
				t.Errorf("cache note %q, want %q and a clean build", res.Stats.Cache, c.want)
			}
			assertSameAsFullBuild(t, dir, false, res)
			// The cache written by the fallback build is good again.
			again := cachedBuild(t, dir, cache)
			if r := pagesRendered(again); len(r) != 0 {
				t.Errorf("after the fallback, rendered %v", r)
			}
			assertSameAsFullBuild(t, dir, false, again)
		})
	}
}

// A build with errors leaves the cache as it was.
func TestCacheNotWrittenOnErrors(t *testing.T) {
	dir := writeSite(t, incSite())
	cache := filepath.Join(t.TempDir(), "cache")
	cachedBuild(t, dir, cache)
	before, _ := os.ReadFile(filepath.Join(cache, "index"))
	writeFile(t, dir, "content/professionals/broken.md", "---\ntitle: [unclosed\n---\n")
	cfg := testConfig(dir, false)
	cfg.BuildCache = cache
	if _, err := build.NewBuilder(cfg).Build(context.Background()); err == nil {
		t.Fatal("a broken page built")
	}
	after, _ := os.ReadFile(filepath.Join(cache, "index"))
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed the cache")
	}
	os.Remove(filepath.Join(dir, "content/professionals/broken.md"))
	res := cachedBuild(t, dir, cache)
	assertSameAsFullBuild(t, dir, false, res)
}

// The real site: a cached build after an edit is byte for byte a clean build.
func TestCachedBuildRealSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real site four times")
	}
	dir := writeSite(t, "", "content")
	cache := filepath.Join(t.TempDir(), "cache")
	cachedBuild(t, dir, cache)
	appendFile(t, dir, "content/professionals/threshold/mash.md", "\nA paragraph added by the cache test.\n")
	res := cachedBuild(t, dir, cache)
	if r := pagesRendered(res); !slices.Equal(r, []string{"/professionals/threshold/mash/"}) {
		t.Errorf("rendered %v, want the edited page", r)
	}
	assertSameAsFullBuild(t, dir, false, res)
}

// The search index's compressed files: a cached build after a body edit compresses again
// only the files that changed, and the index is a clean build's; a search file that is
// spoilt or was made by another signpost is not used, and the index is still right.
func TestCachedSearchIndex(t *testing.T) {
	reused := func(note string) (n, of int) {
		i := strings.Index(note, "search index: ")
		if i < 0 {
			return -1, -1
		}
		fmt.Sscanf(note[i:], "search index: %d of %d", &n, &of)
		return n, of
	}
	dir := writeSite(t, incSite())
	// Enough pages for several postings shards and fragment files.
	words := strings.Fields("assessment referral threshold family support school health police housing " +
		"consent neglect court advocate parent carer disability autism speech therapy respite transport")
	for i := range 60 {
		var body strings.Builder
		for j := range 3 {
			fmt.Fprintf(&body, "## Part %d\n\n", j+1)
			for k := range 40 {
				fmt.Fprintf(&body, "%s%d ", words[(i*7+j*3+k)%len(words)], (i*k+j)%97)
			}
			body.WriteString("\n\n")
		}
		writeFile(t, dir, fmt.Sprintf("content/professionals/extra-%d.md", i), pg(fmt.Sprintf("Extra page %d", i), fmt.Sprintf("weight: %d\n", 100+i), body.String()))
	}
	cache := filepath.Join(t.TempDir(), "cache")
	cachedBuild(t, dir, cache)
	appendFile(t, dir, "content/professionals/escalation.md", "\nA new paragraph about escalation.\n")
	res := cachedBuild(t, dir, cache)
	n, of := reused(res.Stats.Cache)
	t.Logf("%s", res.Stats.Cache)
	if n <= 0 || n >= of {
		t.Errorf("after a body edit %d of %d compressed files reused, want some but not all: %q", n, of, res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)

	spoil := []struct {
		name string
		f    func(t *testing.T)
	}{
		{"corrupt", func(t *testing.T) {
			name := filepath.Join(cache, "search")
			data, _ := os.ReadFile(name)
			data[len(data)/2] ^= 0xff
			os.WriteFile(name, data, 0o644)
		}},
		{"truncated", func(t *testing.T) {
			name := filepath.Join(cache, "search")
			fi, _ := os.Stat(name)
			os.Truncate(name, fi.Size()/2)
		}},
		{"other signpost or Go", func(t *testing.T) {
			if err := build.RekeySearchCache(cache); err != nil {
				t.Fatal(err)
			}
		}},
		{"removed", func(t *testing.T) { os.Remove(filepath.Join(cache, "search")) }},
	}
	for i, s := range spoil {
		appendFile(t, dir, "content/professionals/escalation.md", fmt.Sprintf("\nEdit %d.\n", i))
		s.f(t)
		res := cachedBuild(t, dir, cache)
		if n, of := reused(res.Stats.Cache); n != 0 || of <= 0 {
			t.Errorf("%s: %d of %d compressed files reused, want none: %q", s.name, n, of, res.Stats.Cache)
		}
		assertSameAsFullBuild(t, dir, false, res)
	}
}

// publishedTree reads every file under dir.
func publishedTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A cached build that publishes (Run with Out, as `signpost build` does) links unchanged
// pages from the previous output without reading them, and publishes exactly the files of
// a clean build, also when the previous output or the cache was changed behind its back.
func TestCachedPublishMatchesCleanBuild(t *testing.T) {
	dir := writeSite(t, incSite())
	cache := filepath.Join(t.TempDir(), "cache")
	out := filepath.Join(t.TempDir(), "public")
	run := func(what string) *build.Result {
		t.Helper()
		cfg := testConfig(dir, false)
		cfg.Out, cfg.BuildCache = out, cache
		res, err := build.Run(context.Background(), cfg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		cleanOut := filepath.Join(t.TempDir(), "clean")
		cfg.Out, cfg.BuildCache = cleanOut, ""
		if _, err := build.Run(context.Background(), cfg); err != nil {
			t.Fatalf("%s: clean build: %v", what, err)
		}
		got, want := publishedTree(t, out), publishedTree(t, cleanOut)
		for f, w := range want {
			if g, ok := got[f]; !ok {
				t.Errorf("%s: cached build lacks %s", what, f)
			} else if g != w {
				t.Errorf("%s: cached build's %s differs from a clean build's:\n%s", what, f, firstDiff(g, w))
			}
		}
		for f := range got {
			if _, ok := want[f]; !ok {
				t.Errorf("%s: cached build has %s, a clean build not", what, f)
			}
		}
		return res
	}
	run("first build")
	res := run("unchanged")
	if r := pagesRendered(res); len(r) != 0 {
		t.Errorf("nothing changed, yet rendered %v", r)
	}
	page := filepath.Join(out, "professionals", "tiers", "index.html")
	steps := []struct {
		name string
		edit func()
	}{
		{"body edit", func() { appendFile(t, dir, "content/professionals/escalation.md", "\nA new paragraph.\n") }},
		{"title edit", func() { editFile(t, dir, "content/professionals/tiers.md", "title: Tiers", "title: Levels of need") }},
		{"output edited by hand", func() {
			data, _ := os.ReadFile(page)
			os.WriteFile(page, bytes.Replace(data, []byte("<"), []byte("("), 1), 0o644) // same size, new content
		}},
		{"output replaced and objects spoilt", func() {
			data, _ := os.ReadFile(page)
			os.Remove(page)
			os.WriteFile(page, bytes.Replace(data, []byte("<"), []byte("("), 1), 0o644)
			objs, _ := filepath.Glob(filepath.Join(cache, "objects", "*"))
			for _, o := range objs {
				os.Remove(o) // they are links to published files: never write into them
				os.WriteFile(o, []byte("<html>wrong</html>"), 0o644)
			}
		}},
		{"output removed", func() { os.RemoveAll(out) }},
		{"page removed", func() { os.Remove(filepath.Join(dir, "content/professionals/threshold/consent.md")) }},
		{"anchor removed", func() { editFile(t, dir, "content/professionals/tiers.md", "## Tier 1", "## Level 1") }},
	}
	for _, s := range steps {
		s.edit()
		res := run(s.name)
		t.Logf("%s: %s; rendered %v", s.name, res.Stats.Cache, res.Stats.Rendered)
	}
}

// Markdown conversions come from the cache only while what they read is the same: a
// glossary change converts (and renders) the pages whose acronyms it expands, a page with
// a block (which may read data files and other pages) is always converted, and another
// page's new heading reaches the A–Z block.
func TestCachedConversionsGoStale(t *testing.T) {
	dir := writeSite(t, incSite()+`
-- content/_data/glossary.yaml --
- term: MASH
  expansion: Multi-Agency Safeguarding Hub
`)
	appendFile(t, dir, "content/professionals/escalation.md", "\nAsk the MASH first.\n")
	cache := filepath.Join(t.TempDir(), "cache")
	cachedBuild(t, dir, cache)
	converted := func(note string) (n, of int) {
		i := strings.Index(note, "markdown: ")
		if i < 0 {
			t.Fatalf("no markdown note in %q", note)
		}
		fmt.Sscanf(note[i:], "markdown: %d of %d", &n, &of)
		return n, of
	}
	res := cachedBuild(t, dir, cache)
	if n, _ := converted(res.Stats.Cache); n != 1 { // the search page's A–Z block
		t.Errorf("nothing changed: %q, want only the page with a block converted", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)

	editFile(t, dir, "content/_data/glossary.yaml", "Multi-Agency Safeguarding Hub", "Multi-Agency Support Hub")
	res = cachedBuild(t, dir, cache)
	if n, of := converted(res.Stats.Cache); n != of {
		t.Errorf("glossary changed: %q, want every page converted", res.Stats.Cache)
	}
	if !slices.Contains(res.Stats.Rendered, "/professionals/escalation/") {
		t.Errorf("glossary changed: rendered %v, want the page using the acronym", res.Stats.Rendered)
	}
	if got := string(res.Files["professionals/escalation/index.html"]); !strings.Contains(got, "Multi-Agency Support Hub") {
		t.Error("the page using the acronym does not have the glossary's new expansion")
	}
	assertSameAsFullBuild(t, dir, false, res)

	editFile(t, dir, "content/professionals/escalation.md", "## When to escalate", "## When and how to escalate")
	res = cachedBuild(t, dir, cache)
	if n, _ := converted(res.Stats.Cache); n != 2 {
		t.Errorf("heading edit: %q, want the edited page and the A–Z page converted", res.Stats.Cache)
	}
	if got := string(res.Files["search/index.html"]); !strings.Contains(got, "When and how to escalate") {
		t.Error("the A–Z block does not have the other page's new heading")
	}
	assertSameAsFullBuild(t, dir, false, res)

	// A spoilt Markdown cache file is not used.
	shards, _ := filepath.Glob(filepath.Join(cache, "markdown", "*"))
	if len(shards) == 0 {
		t.Fatal("no Markdown cache written")
	}
	for _, s := range shards {
		data, _ := os.ReadFile(s)
		data[len(data)/2] ^= 0xff
		os.WriteFile(s, data, 0o644)
	}
	appendFile(t, dir, "content/parents/help.md", "\nMore help.\n")
	res = cachedBuild(t, dir, cache)
	if n, of := converted(res.Stats.Cache); n != of {
		t.Errorf("spoilt Markdown cache: %q, want every page converted", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)
}

// The service worker's ID is a SHA-256 over each other output file's name and the SHA-256
// of its contents, which a build that publishes takes from the publish (nothing is read
// back): cached builds, clean builds, builds whose publish manifest is gone and builds in
// memory all give the ID worked out here from the files on disk.
func TestWorkerIDFromSums(t *testing.T) {
	dir := writeSite(t, incSite())
	cache := filepath.Join(t.TempDir(), "cache")
	out := filepath.Join(t.TempDir(), "public")
	idLine := regexp.MustCompile(`"id":"([0-9a-f]{16})"`)
	run := func(what string) {
		t.Helper()
		cfg := testConfig(dir, false)
		cfg.Out, cfg.BuildCache = out, cache
		if _, err := build.Run(context.Background(), cfg); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		cleanOut := filepath.Join(t.TempDir(), "clean")
		cfg.Out, cfg.BuildCache = cleanOut, ""
		if _, err := build.Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(filepath.Join(out, "sw.js"))
		want, _ := os.ReadFile(filepath.Join(cleanOut, "sw.js"))
		if len(want) == 0 || !bytes.Equal(got, want) {
			t.Errorf("%s: sw.js differs from a clean build's", what)
		}
		mem := cachedBuild(t, dir, "").Files["sw.js"]
		if !bytes.Equal(mem, want) {
			t.Errorf("%s: sw.js of a build in memory differs from a published one's", what)
		}
		m := idLine.FindSubmatch(got)
		if m == nil {
			t.Fatalf("%s: no id in sw.js", what)
		}
		var names []string
		filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(out, p)
				if rel = filepath.ToSlash(rel); rel != "sw.js" {
					names = append(names, rel)
				}
			}
			return err
		})
		slices.Sort(names)
		h := sha256.New()
		for _, n := range names {
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(n)))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			h.Write([]byte(n))
			h.Write([]byte{0})
			h.Write(sum[:])
		}
		if want := hex.EncodeToString(h.Sum(nil))[:16]; string(m[1]) != want {
			t.Errorf("%s: id %s, want %s from %d files on disk", what, m[1], want, len(names))
		}
	}
	run("first")
	run("unchanged")
	appendFile(t, dir, "content/professionals/tiers.md", "\nA sentence more.\n")
	run("body edit")
	appendFile(t, dir, "content/parents/help.md", "\nAnd another.\n")
	manifests, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*.manifest"))
	if len(manifests) != 1 {
		t.Fatalf("manifests %q", manifests)
	}
	os.Remove(manifests[0]) // every file written, none linked
	run("no manifest")
}

// The parsed page files in the cache: an unchanged file is not parsed again, an edited one
// is (front matter included), a file whose front matter the site.yaml's areas change is
// parsed again with the new areas (the cache goes stale), and a spoilt pages file means
// every file is parsed; the site is a clean build's each time.
func TestCachedPagesParse(t *testing.T) {
	dir := writeSite(t, incSite())
	cache := filepath.Join(t.TempDir(), "cache")
	parsed := func(note string) (n, of int) {
		t.Helper()
		i := strings.Index(note, "front matter: ")
		if i < 0 {
			t.Fatalf("no front matter note in %q", note)
		}
		fmt.Sscanf(note[i:], "front matter: %d of %d", &n, &of)
		return n, of
	}
	res := cachedBuild(t, dir, cache)
	if n, of := parsed(res.Stats.Cache); n != of || n == 0 {
		t.Errorf("first build: %q, want every file parsed", res.Stats.Cache)
	}
	res = cachedBuild(t, dir, cache)
	if n, _ := parsed(res.Stats.Cache); n != 0 {
		t.Errorf("nothing changed: %q, want no file parsed", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)

	editFile(t, dir, "content/professionals/tiers.md", "title: Tiers", "title: Levels of need")
	res = cachedBuild(t, dir, cache)
	if n, _ := parsed(res.Stats.Cache); n != 1 {
		t.Errorf("title edit: %q, want one file parsed", res.Stats.Cache)
	}
	if got := string(res.Files["professionals/tiers/index.html"]); !strings.Contains(got, "Levels of need") {
		t.Error("the edited page does not have its new title")
	}
	assertSameAsFullBuild(t, dir, false, res)

	// The same bytes under another name are another page (the key has the file's name).
	data, err := os.ReadFile(filepath.Join(dir, "content/professionals/tiers.md"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "content/professionals/tiers-copy.md", string(data))
	res = cachedBuild(t, dir, cache)
	if n, _ := parsed(res.Stats.Cache); n != 1 {
		t.Errorf("copied page: %q, want the copy parsed", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)

	// A file that does not parse is not kept, and reported on every build.
	writeFile(t, dir, "content/professionals/broken.md", "---\ntitle: [unclosed\n---\n")
	for range 2 {
		cfg := testConfig(dir, false)
		cfg.BuildCache = cache
		if _, err := build.NewBuilder(cfg).Build(context.Background()); err == nil || !strings.Contains(err.Error(), "broken.md") {
			t.Fatalf("broken page: err = %v, want its diagnostic", err)
		}
	}
	os.Remove(filepath.Join(dir, "content/professionals/broken.md"))

	// A spoilt pages file is not used.
	name := filepath.Join(cache, "pages")
	data, err = os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	os.WriteFile(name, data, 0o644)
	res = cachedBuild(t, dir, cache)
	if n, of := parsed(res.Stats.Cache); n != of {
		t.Errorf("spoilt pages file: %q, want every file parsed", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)
	res = cachedBuild(t, dir, cache)
	if n, _ := parsed(res.Stats.Cache); n != 0 {
		t.Errorf("after the spoilt pages file: %q, want no file parsed", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)
}
