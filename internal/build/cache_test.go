package build_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
