package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"signpost/internal/build"
)

// unread is how many page files a cached build did not read (their Stat was the one
// recorded), from its cache note.
func unread(t *testing.T, res *build.Result) int {
	t.Helper()
	i := strings.Index(res.Stats.Cache, "files parsed (")
	if i < 0 {
		t.Fatalf("no front matter note in %q", res.Stats.Cache)
	}
	var n int
	fmt.Sscanf(res.Stats.Cache[i:], "files parsed (%d not read", &n)
	return n
}

// A page file whose Stat (size, times to the nanosecond, inode) is the one the cache
// recorded is not read, and the site is a clean build's. Edits that keep the size and put
// the modification time back (touch -d) still change the change time, so the file is
// read again; so is a file whose conversion the Markdown cache lacks (a new glossary, a
// lost cache file), and every file after the pages file is cut short.
func TestCachedBuildSkipsUnchangedFiles(t *testing.T) {
	defer build.SetRacyMargin(-time.Hour)() // files written a moment ago are trusted too
	dir := writeSite(t, incSite())
	cache := filepath.Join(t.TempDir(), "cache")
	res := cachedBuild(t, dir, cache)
	if n := unread(t, res); n != 0 {
		t.Errorf("first build: %d files not read", n)
	}
	res = cachedBuild(t, dir, cache)
	// Every file but the search page (its A–Z block is always converted, so its body is
	// needed).
	if n := unread(t, res); n != 9 {
		t.Errorf("nothing changed: %q, want 9 of 10 files not read", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)

	// The same size, the modification time put back.
	name := filepath.Join(dir, "content/professionals/escalation.md")
	before, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, dir, "content/professionals/escalation.md", "Text.", "Txet.")
	if err := os.Chtimes(name, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(name); after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		t.Fatal("the edit changed the size or the modification time")
	}
	res = cachedBuild(t, dir, cache)
	if n := unread(t, res); n != 8 {
		t.Errorf("edit with the mtime put back: %q, want the edited file read", res.Stats.Cache)
	}
	if got := string(res.Files["professionals/escalation/index.html"]); !strings.Contains(got, "Txet.") {
		t.Error("the edited page does not have its new text")
	}
	assertSameAsFullBuild(t, dir, false, res)

	// A new glossary: no conversion in the cache fits (the glossary is in its key), so
	// every file is read.
	writeFile(t, dir, "content/_data/glossary.yaml", "- term: MASH\n  expansion: Multi-Agency Safeguarding Hub\n")
	res = cachedBuild(t, dir, cache)
	if n := unread(t, res); n != 0 {
		t.Errorf("glossary added: %q, want every file read", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)
	if n := unread(t, cachedBuild(t, dir, cache)); n != 9 {
		t.Errorf("after the glossary was added: %d files not read, want 9", n)
	}

	// A conversion the Markdown cache no longer has: the file is read and converted.
	if err := os.RemoveAll(filepath.Join(cache, "markdown")); err != nil {
		t.Fatal(err)
	}
	res = cachedBuild(t, dir, cache)
	if n := unread(t, res); n != 0 {
		t.Errorf("Markdown cache gone: %q, want every file read", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)

	// A pages file cut short: every file read and parsed, the site a clean build's; the
	// next build trusts the files again.
	pages := filepath.Join(cache, "pages")
	data, err := os.ReadFile(pages)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pages, data[:len(data)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	res = cachedBuild(t, dir, cache)
	if n := unread(t, res); n != 0 {
		t.Errorf("pages file cut short: %q, want every file read", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)
	if n := unread(t, cachedBuild(t, dir, cache)); n != 9 {
		t.Errorf("after the pages file was mended: %d files not read, want 9", n)
	}
}

// A file written within racyMargin of a build's start is "racily clean" (git): a later
// write in the same timestamp granule could leave its Stat as it was, so its Stat is not
// trusted, and the next build reads it. Once older, it is trusted.
func TestRacilyCleanFilesAreRead(t *testing.T) {
	restore := build.SetRacyMargin(time.Hour) // every file is "just written"
	dir := writeSite(t, incSite())
	cache := filepath.Join(t.TempDir(), "cache")
	cachedBuild(t, dir, cache)
	res := cachedBuild(t, dir, cache)
	if n := unread(t, res); n != 0 {
		t.Errorf("racily clean files: %q, want every file read", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)
	restore()
	defer build.SetRacyMargin(-time.Hour)() // now every file is old enough
	cachedBuild(t, dir, cache)              // reads them and trusts their Stat
	if n := unread(t, cachedBuild(t, dir, cache)); n != 9 {
		t.Errorf("files no longer racily clean: %d not read, want 9", n)
	}
}

// A Markdown cache file cut short is not used: the pages whose conversions it held are
// read and converted, the others still come from the cache, and the site is a clean
// build's; the next build has them all again.
func TestTruncatedMarkdownShard(t *testing.T) {
	defer build.SetRacyMargin(-time.Hour)()
	dir := writeSite(t, incSite())
	cache := filepath.Join(t.TempDir(), "cache")
	cachedBuild(t, dir, cache)
	shards, _ := filepath.Glob(filepath.Join(cache, "markdown", "*"))
	if len(shards) < 2 {
		t.Fatalf("%d Markdown cache files, want several", len(shards))
	}
	fi, err := os.Stat(shards[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(shards[0], fi.Size()-3); err != nil {
		t.Fatal(err)
	}
	res := cachedBuild(t, dir, cache)
	var n, of int
	i := strings.Index(res.Stats.Cache, "markdown: ")
	fmt.Sscanf(res.Stats.Cache[i:], "markdown: %d of %d", &n, &of)
	if n < 2 || n == of {
		t.Errorf("one Markdown cache file cut short: %q, want its pages (and the A–Z page) converted, not all", res.Stats.Cache)
	}
	if u := unread(t, res); u != 9-(n-1) {
		t.Errorf("one Markdown cache file cut short: %d files not read, want %d (those whose conversion is cached)", u, 9-(n-1))
	}
	assertSameAsFullBuild(t, dir, false, res)
	if u := unread(t, cachedBuild(t, dir, cache)); u != 9 {
		t.Errorf("the build after: %d files not read, want 9", u)
	}
}

// The signpost binary is hashed into the cache key once: the cache's exe file keeps its
// SHA-256 with its Stat, and a binary with that Stat is not read again (so a recorded sum
// that is not the binary's makes the cache stale: it is what the key is made of). Without
// the exe file the binary is hashed again.
func TestExeSumKeptByStat(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the binary's Stat is known on linux only")
	}
	defer build.SetRacyMargin(-time.Hour)()
	dir := writeSite(t, incSite())
	cache := filepath.Join(t.TempDir(), "cache")
	cachedBuild(t, dir, cache)
	if _, err := os.Stat(filepath.Join(cache, "exe")); err != nil {
		t.Fatalf("no exe file: %v", err)
	}
	if res := cachedBuild(t, dir, cache); !strings.HasPrefix(res.Stats.Cache, "cache: ") {
		t.Fatalf("second build: %q, want the cache used", res.Stats.Cache)
	}
	if err := build.SpoilExeSum(cache); err != nil {
		t.Fatal(err)
	}
	if res := cachedBuild(t, dir, cache); !strings.Contains(res.Stats.Cache, "stale") {
		t.Errorf("recorded sum changed: %q, want a stale cache (the sum is used while the Stat fits)", res.Stats.Cache)
	}
	os.Remove(filepath.Join(cache, "exe"))
	res := cachedBuild(t, dir, cache) // hashes the binary: the last build's key was the spoilt sum's
	if !strings.Contains(res.Stats.Cache, "stale") {
		t.Errorf("exe file removed: %q, want the last build's cache stale", res.Stats.Cache)
	}
	assertSameAsFullBuild(t, dir, false, res)
	if res := cachedBuild(t, dir, cache); !strings.HasPrefix(res.Stats.Cache, "cache: ") {
		t.Errorf("after: %q, want the cache used", res.Stats.Cache)
	}
}
