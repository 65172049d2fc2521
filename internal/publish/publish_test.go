package publish

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// removeLeftovers does at once what Begin does in the background.
func removeLeftovers(parent, base string) {
	for _, d := range leftovers(parent, base) {
		_ = os.RemoveAll(d)
	}
}

// Write publishes a complete file set (relative slash paths → contents) to outDir, as a
// build does one file at a time.
func Write(outDir string, files map[string][]byte) error {
	tx, err := Begin(outDir)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := tx.Add(n, files[n]); err != nil {
			tx.Abort()
			return err
		}
	}
	return tx.Commit()
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteReplacesWhole(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, map[string][]byte{"a/index.html": []byte("one"), "old.txt": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, map[string][]byte{"a/index.html": []byte("two")}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "a/index.html")); got != "two" {
		t.Errorf("content %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "old.txt")); !os.IsNotExist(err) {
		t.Errorf("stale file kept")
	}
	removeLeftovers(filepath.Dir(out), "public")
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*"))
	for i := range left {
		left[i] = filepath.Base(left[i])
	}
	if want := []string{".public.manifest", ".public.spare", ".public.spare-manifest"}; !slices.Equal(left, want) {
		t.Errorf("beside the output once leftovers are removed: %v (want %v)", left, want)
	}
}

func TestWriteRefusesEscapingPaths(t *testing.T) {
	for _, name := range []string{"../evil", "a/../../evil", "/abs", "", "a//b", "./a", `a\..\b`} {
		out := filepath.Join(t.TempDir(), "public")
		if err := Write(out, map[string][]byte{name: []byte("x")}); err == nil {
			t.Fatalf("%q: published", name)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%q: a refused publish created the output", name)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.new-*")); len(left) != 0 {
			t.Errorf("%q: left %v", name, left)
		}
	}
}

func TestRemoveLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	for _, d := range []string{".public.new-123", ".public.old-456", "keep"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	removeLeftovers(dir, filepath.Base(out))
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "keep" {
		t.Errorf("after removeLeftovers: %v", ents)
	}
}

// TestUnchangedFilesAreLinked: a second publish of the same content links every file from
// the first instead of writing it; a changed file is written.
func TestUnchangedFilesAreLinked(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := map[string][]byte{}
	for i := 0; i < 50; i++ {
		files[fmt.Sprintf("s%d/p%d/index.html", i%5, i)] = []byte(fmt.Sprintf("page %d", i))
	}
	if err := Write(out, files); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(filepath.Join(out, "s0/p0/index.html"))
	files["s1/p1/index.html"] = []byte("changed")
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	for n, b := range files {
		if err := tx.Add(n, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if st := tx.Stats(); st.Linked != 49 || st.Written != 1 {
		t.Errorf("stats %+v, want 49 linked and 1 written", st)
	}
	after, _ := os.Stat(filepath.Join(out, "s0/p0/index.html"))
	if !os.SameFile(before, after) {
		t.Error("an unchanged file was rewritten, not linked")
	}
	for n, b := range files {
		if got := read(t, filepath.Join(out, n)); got != string(b) {
			t.Errorf("%s = %q, want %q", n, got, b)
		}
	}
}

// TestEditedOutputIsNotTrusted: a file changed by hand in the output, or a manifest that is
// corrupt, never makes a publish link wrong content.
func TestEditedOutputIsNotTrusted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := map[string][]byte{"a.html": []byte("right"), "b.html": []byte("right too")}
	if err := Write(out, files); err != nil {
		t.Fatal(err)
	}
	// Edited in place (same inode, same size, new time) and replaced (new inode, old time).
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(out, "a.html"), []byte("wrong"), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(filepath.Join(out, "b.html"))
	os.Remove(filepath.Join(out, "b.html"))
	if err := os.WriteFile(filepath.Join(out, "b.html"), []byte("wrong too"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(filepath.Join(out, "b.html"), fi.ModTime(), fi.ModTime())
	if err := Write(out, files); err != nil {
		t.Fatal(err)
	}
	for n, b := range files {
		if got := read(t, filepath.Join(out, n)); got != string(b) {
			t.Errorf("%s = %q, want %q", n, got, b)
		}
	}
	for _, garbage := range []string{"", "nonsense\n", "signpost-publish-manifest 2\nxyz 1 2 3 a.html\n"} {
		os.WriteFile(filepath.Join(out, "a.html"), []byte("wrong"), 0o644)
		os.WriteFile(filepath.Join(filepath.Dir(out), ".public.manifest"), []byte(garbage), 0o644)
		if err := Write(out, files); err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(out, "a.html")); got != "right" {
			t.Errorf("manifest %q: a.html = %q", garbage, got)
		}
	}
}

// TestConcurrentAdd: files added from many goroutines all arrive; a name added twice fails
// the publish and leaves the previous output.
func TestConcurrentAdd(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, map[string][]byte{"index.html": []byte("previous")}); err != nil {
		t.Fatal(err)
	}
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				tx.Add(fmt.Sprintf("d%d/%d/index.html", g, i), []byte(strings.Repeat("x", i)))
			}
		}()
	}
	wg.Wait()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if st := tx.Stats(); st.Written+st.Linked != 800 {
		t.Errorf("stats %+v, want 800 files", st)
	}
	if got := read(t, filepath.Join(out, "d7/99/index.html")); len(got) != 99 {
		t.Errorf("d7/99 has %d bytes", len(got))
	}

	tx, err = Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	tx.Add("x.html", []byte("1"))
	tx.Add("x.html", []byte("2"))
	if err := tx.Commit(); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate name: err = %v", err)
	}
	if got := read(t, filepath.Join(out, "d0/1/index.html")); got != "x" {
		t.Errorf("failed publish changed the output: %q", got)
	}
}

// TestAbortLeavesOutput: an aborted publish leaves the previous output and nothing else.
func TestAbortLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, map[string][]byte{"index.html": []byte("previous")}); err != nil {
		t.Fatal(err)
	}
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	tx.Add("index.html", []byte("next"))
	tx.Abort()
	if got := read(t, filepath.Join(out, "index.html")); got != "previous" {
		t.Errorf("output %q after Abort", got)
	}
	if err := tx.Add("late.html", nil); err == nil {
		t.Error("Add after Abort accepted")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.new-*")); len(left) != 0 {
		t.Errorf("left %v", left)
	}
}

// TestLinkWithoutBytes: a file the previous output holds with the same content is
// published by its hash alone; another hash, a file edited by hand or one the previous
// output lacks is not (the caller then adds the bytes), and Sum gives every file's hash.
func TestLinkWithoutBytes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := map[string][]byte{"a/index.html": []byte("page a"), "b/index.html": []byte("page b"), "c/index.html": []byte("page c")}
	if err := Write(out, files); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(out, "c/index.html"), []byte("page c"), 0o644); err != nil { // same bytes, new time
		t.Fatal(err)
	}
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	sum := func(s string) [32]byte { return sha256.Sum256([]byte(s)) }
	if n, ok, err := tx.Link("a/index.html", sum("page a")); err != nil || !ok || n != 6 {
		t.Errorf("Link(a) = %d, %t, %v; want 6, true", n, ok, err)
	}
	for _, c := range []struct{ name, content string }{
		{"b/index.html", "page b, edited"}, {"c/index.html", "page c"}, {"d/index.html", "page d"},
	} {
		if _, ok, err := tx.Link(c.name, sum(c.content)); ok || err != nil {
			t.Errorf("Link(%s) = %t, %v; want false", c.name, ok, err)
		}
		if err := tx.Add(c.name, []byte(c.content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Wait(); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"a/index.html": "page a", "b/index.html": "page b, edited", "c/index.html": "page c", "d/index.html": "page d"} {
		if s, ok := tx.Sum(name); !ok || s != sum(content) {
			t.Errorf("Sum(%s) = %x, %t; want the hash of %q", name, s[:4], ok, content)
		}
	}
	if _, ok, err := tx.Link("a/index.html", sum("page a")); ok || err == nil {
		t.Errorf("a second Link of a/index.html = %t, %v; want an error", ok, err)
	}
	tx.Abort()
	if got := read(t, filepath.Join(out, "a/index.html")); got != "page a" {
		t.Errorf("after Abort a/index.html = %q", got)
	}
	// A publish that links and commits gives the right files, and its manifest lets the
	// next one link them again.
	tx, _ = Begin(out)
	if _, ok, _ := tx.Link("a/index.html", sum("page a")); !ok {
		t.Error("Link(a) after an aborted publish failed")
	}
	for _, n := range []string{"b/index.html", "c/index.html"} {
		tx.Add(n, files[n])
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for n, b := range files {
		if got := read(t, filepath.Join(out, n)); got != string(b) {
			t.Errorf("%s = %q, want %q", n, got, b)
		}
	}
	tx, _ = Begin(out)
	defer tx.Abort()
	for n, b := range files {
		if _, ok, _ := tx.Link(n, sha256.Sum256(b)); !ok {
			t.Errorf("Link(%s) after a publish that linked it failed", n)
		}
	}
}

// TestStatIsLstat: what a publish records of a file it wrote (stat) is what a later
// publish compares it with (os.Lstat and identity), so an unchanged file is linked.
func TestStatIsLstat(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.html")
	if err := os.WriteFile(p, []byte("content"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := stat(p)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !st.regular || st.size != fi.Size() || st.mtime != fi.ModTime().UnixNano() || st.id() != identity(p, fi) {
		t.Errorf("stat gives %+v; Lstat %d, %d, %q", st, fi.Size(), fi.ModTime().UnixNano(), identity(p, fi))
	}
	if _, err := stat(p + ".missing"); err == nil {
		t.Error("no error for a missing file")
	}
}

// treeOf lists what is under dir: each file with its contents, each folder with "/".
func treeOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			got[rel+"/"] = ""
		case d.Type().IsRegular():
			got[rel] = read(t, p)
		default:
			got[rel] = "(" + d.Type().String() + ")"
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// wantTree is treeOf for a published file set: its files and their folders.
func wantTree(files map[string][]byte) map[string]string {
	want := map[string]string{}
	for n, b := range files {
		want[n] = string(b)
		for d := filepath.ToSlash(filepath.Dir(n)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
			want[d+"/"] = ""
		}
	}
	return want
}

func sameTree(t *testing.T, what, out string, files map[string][]byte) {
	t.Helper()
	got, want := treeOf(t, out), wantTree(files)
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s: %s = %q (present %t), want %q", what, k, g, ok, v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: %s (%q) should not be there", what, k, v)
		}
	}
}

// TestRecycledTree: from the third publish on, the output before last is the start of the
// new tree; whatever the file sets (files added, changed, removed; a file where a folder
// was and the other way round; folders emptied), each output is exactly its file set, and
// files unchanged since the tree was last published are kept, not written or linked.
func TestRecycledTree(t *testing.T) {
	defer func(r time.Duration) { racy = r }(racy)
	racy = 0 // every folder's time recorded
	out := filepath.Join(t.TempDir(), "public")
	page := func(i int, v string) (string, []byte) {
		return fmt.Sprintf("s%d/p%d/index.html", i%3, i), []byte(fmt.Sprintf("page %d %s", i, v))
	}
	set := func(n int, v string, extra map[string]string) map[string][]byte {
		files := map[string][]byte{}
		for i := 0; i < n; i++ {
			name, b := page(i, "")
			if i%4 == 0 {
				_, b = page(i, v)
			}
			files[name] = b
		}
		for k, v := range extra {
			files[k] = []byte(v)
		}
		return files
	}
	sets := []map[string][]byte{
		set(30, "one", map[string]string{"a/b": "file b", "x/y/z.txt": "deep", "top.txt": "1", "q/r/old.txt": "o"}),
		set(30, "two", map[string]string{"a/b/index.html": "folder b", "top.txt": "2", "q/r/old.txt": "o"}),
		set(20, "three", map[string]string{"a/b": "file b again", "x/y/z.txt": "deep", "top.txt": "1", "q/r/old.txt": "o", "q/r/new.txt": "n"}),
		set(36, "three", map[string]string{"a/b/index.html": "folder b", "new/dir/f.txt": "new"}),
		set(36, "three", map[string]string{"a/b/index.html": "folder b", "new/dir/f.txt": "new"}),
		set(5, "five", nil),
		set(5, "five", nil),
	}
	for i, files := range sets {
		tx, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range slices.Sorted(maps.Keys(files)) {
			tx.Add(n, files[n])
		}
		if err := tx.Commit(); err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
		sameTree(t, fmt.Sprintf("publish %d", i), out, files)
		// Every folder's line is the folder as it is (those a recycle found as recorded
		// and did not change are not read again: a change missed would show here).
		_, dirs := readManifest(filepath.Join(filepath.Dir(out), ".public.manifest"))
		for d, want := range dirs {
			st, err := stat(filepath.Join(out, filepath.FromSlash(d)))
			if err != nil || want.id != st.id() || want.mtime != 0 && want.mtime != st.mtime {
				t.Errorf("publish %d: folder %s recorded as %+v, is %+v (%v)", i, d, want, st, err)
			}
		}
		if len(dirs) != len(wantTree(files))-len(files)+1 {
			t.Errorf("publish %d: %d folders recorded, want %d", i, len(dirs), len(wantTree(files))-len(files)+1)
		}
		st := tx.Stats()
		if i >= 2 && st.Kept == 0 {
			t.Errorf("publish %d: %+v, want files kept from the tree before last", i, st)
		}
		if i < 2 && st.Kept != 0 {
			t.Errorf("publish %d: %+v kept files with no tree to recycle", i, st)
		}
		if i == 4 && (st.Kept+st.Linked != len(files) || st.Written != 0) {
			t.Errorf("publish %d of unchanged files: %+v", i, st)
		}
	}
}

// TestRecycledTreeEditedByHand: the tree recycled was the live output, so what was done to
// it by hand is undone: files and folders added (in a folder whose time changed, or one
// recorded too recently to trust its time), a file edited in place (a link shared with the
// spare) or replaced by a folder or a link, a folder replaced by a link. racy is set to
// trust every folder's time, then none: a file added in the same clock tick as the folder
// was recorded (here: the folder's time set back) is then found too.
func TestRecycledTreeEditedByHand(t *testing.T) {
	for _, r := range []time.Duration{0, time.Hour} {
		t.Run(fmt.Sprint("racy=", r), func(t *testing.T) {
			defer func(r time.Duration) { racy = r }(racy)
			racy = r
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			outside := filepath.Join(dir, "outside")
			os.Mkdir(outside, 0o755)
			files := map[string][]byte{"index.html": []byte("home"), "a/index.html": []byte("a"), "b/c/index.html": []byte("c"), "d/index.html": []byte("d"), "e/index.html": []byte("e")}
			for i := 0; i < 3; i++ { // the third recycles the first
				if err := Write(out, files); err != nil {
					t.Fatal(err)
				}
			}
			before, err := os.Stat(filepath.Join(out, "b"))
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond) // past a clock tick: the edits get new times
			if racy > 0 {
				os.WriteFile(filepath.Join(out, "b/same-tick"), []byte("x"), 0o644)
				os.Chtimes(filepath.Join(out, "b"), before.ModTime(), before.ModTime())
			}
			os.WriteFile(filepath.Join(out, "stray.txt"), []byte("x"), 0o644)
			os.MkdirAll(filepath.Join(out, "b/c/stray/deeper"), 0o755)
			os.WriteFile(filepath.Join(out, "b/c/stray/deeper/f"), []byte("x"), 0o644)
			os.WriteFile(filepath.Join(out, "a/index.html"), []byte("A"), 0o644) // in place: same inode
			os.Remove(filepath.Join(out, "d/index.html"))
			os.Mkdir(filepath.Join(out, "d/index.html"), 0o755)
			os.RemoveAll(filepath.Join(out, "e"))
			os.Symlink(outside, filepath.Join(out, "e"))
			// The live output is the spare of the next publish and recycled by the one after.
			for i := 0; i < 2; i++ {
				if err := Write(out, files); err != nil {
					t.Fatal(err)
				}
				if i == 1 {
					sameTree(t, "recycled", out, files)
				}
			}
			if ents, _ := os.ReadDir(outside); len(ents) != 0 {
				t.Errorf("a publish wrote through a link: %v", ents)
			}
		})
	}
}

// TestRecycleAfterKill: a publish killed after it claimed the spare leaves a .new-* tree,
// deleted by the next; a spare without its manifest is deleted, not recycled; either way
// the outputs are right.
func TestRecycleAfterKill(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := map[string][]byte{"index.html": []byte("home"), "a/index.html": []byte("a")}
	for i := 0; i < 2; i++ {
		if err := Write(out, files); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := Begin(out) // claims the spare, then "dies": never committed or aborted
	if err != nil {
		t.Fatal(err)
	}
	<-tx.ready
	if tx.spare == nil {
		t.Fatal("the spare was not recycled")
	}
	files["a/index.html"] = []byte("a2")
	tx2, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	<-tx2.ready
	if tx2.spare != nil {
		t.Error("recycled a tree another publish had claimed")
	}
	for n, b := range files {
		tx2.Add(n, b)
	}
	if err := tx2.Commit(); err != nil {
		t.Fatal(err)
	}
	sameTree(t, "after a killed publish", out, files)
	os.Remove(filepath.Join(filepath.Dir(out), ".public.spare-manifest"))
	tx3, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	<-tx3.ready
	if tx3.spare != nil {
		t.Error("recycled a spare without its manifest")
	}
	for n, b := range files {
		tx3.Add(n, b)
	}
	if err := tx3.Commit(); err != nil {
		t.Fatal(err)
	}
	sameTree(t, "spare without manifest", out, files)
}

// TestLinkFromRecycledTree: Link keeps a file the tree before last has, though the last
// output lacks it.
func TestLinkFromRecycledTree(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	one := map[string][]byte{"index.html": []byte("home"), "x/index.html": []byte("x")}
	if err := Write(out, one); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, map[string][]byte{"index.html": []byte("home")}); err != nil {
		t.Fatal(err)
	}
	tx, _ := Begin(out)
	for n, b := range one {
		if _, ok, err := tx.Link(n, sha256.Sum256(b)); !ok || err != nil {
			t.Errorf("Link(%s) = %t, %v", n, ok, err)
		}
	}
	if st := tx.Stats(); st.Kept != 2 {
		t.Errorf("stats %+v, want 2 kept", st)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	sameTree(t, "linked", out, one)
}

// TestManifestRoundTrip: a manifest reads back as written; one cut short, or with a bad
// line, reads as empty (nothing is trusted).
func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	files := map[string]entry{
		"index.html":     {hash: strings.Repeat("ab", 16), size: 12, mtime: 1700000000123456789, id: "i42b1.2"},
		"a b/index.html": {hash: strings.Repeat("0f", 16), size: 0, mtime: -1, id: "i7"},
	}
	dirs := map[string]dirState{rootDir: {mtime: 5, id: "i1"}, "a b": {mtime: 0, id: "i2b3.4"}}
	p := filepath.Join(dir, "m")
	if err := writeManifest(dir, "public", p, files, dirs); err != nil {
		t.Fatal(err)
	}
	gotFiles, gotDirs := readManifest(p)
	if !maps.Equal(gotFiles, files) || !maps.Equal(gotDirs, dirs) {
		t.Errorf("read back %v %v\nwant %v %v", gotFiles, gotDirs, files, dirs)
	}
	data, _ := os.ReadFile(p)
	for i, bad := range []string{string(data[:len(data)-1]), string(data) + "d x i1 a\n", string(data) + "d 1 i1 ../a\n", strings.Replace(string(data), " 12 ", " x ", 1)} {
		os.WriteFile(p, []byte(bad), 0o644)
		if f, d := readManifest(p); len(f) != 0 || len(d) != 0 {
			t.Errorf("bad manifest %d read as %v %v", i, f, d)
		}
	}
}

// TestRecycledBigFolders: files in folders at the top of the tree with many files below
// them are stat'ed relative to the folder (statTmp); what TestRecycledTreeEditedByHand does
// by hand is caught there too: a file edited in place (its size kept, or not), a file
// replaced, a file where a folder was, and a big folder replaced by a link to a folder
// holding the very same files (hard links: same identity, size and time). Unchanged files
// are kept all the same.
func TestRecycledBigFolders(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	files := map[string][]byte{"index.html": []byte("home")}
	for i := range 2 * bigDir {
		files[fmt.Sprintf("big/f%02d.json", i)] = []byte(fmt.Sprintf("file %02d", i))
		files[fmt.Sprintf("sec/p%02d/index.html", i)] = []byte(fmt.Sprintf("page %02d", i))
		files[fmt.Sprintf("other/g%02d.json", i)] = []byte(fmt.Sprintf("other %02d", i))
	}
	for i := 0; i < 3; i++ { // the third recycles the first
		if err := Write(out, files); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := Begin(out) // the fourth, checked as it goes
	if err != nil {
		t.Fatal(err)
	}
	<-tx.ready
	for _, d := range []string{"big", "sec", "other"} {
		if _, ok := tx.dirFD[d]; !ok {
			t.Errorf("folder %s not opened: %v", d, tx.dirFD)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(files)) {
		tx.Add(n, files[n])
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if st := tx.Stats(); st.Kept != len(files) {
		t.Errorf("unchanged files: %+v, want all %d kept", st, len(files))
	}
	if tx.dirFD != nil {
		t.Error("folders left open after Commit")
	}

	time.Sleep(20 * time.Millisecond)                                                       // past a clock tick: the edits get new times
	os.WriteFile(filepath.Join(out, "big/f03.json"), []byte("FILE 03"), 0o644)              // in place, same size
	os.WriteFile(filepath.Join(out, "sec/p04/index.html"), []byte("page 04 edited"), 0o644) // in place
	os.Remove(filepath.Join(out, "big/f05.json"))
	os.WriteFile(filepath.Join(out, "big/f05.json"), []byte("new 05!"), 0o644)
	os.Remove(filepath.Join(out, "sec/p06/index.html"))
	os.Mkdir(filepath.Join(out, "sec/p06/index.html"), 0o755)
	// other/ becomes a link to a folder of links to its files: every file found through
	// it is the recorded one.
	outside := filepath.Join(dir, "outside")
	os.Mkdir(outside, 0o755)
	ents, _ := os.ReadDir(filepath.Join(out, "other"))
	for _, e := range ents {
		if err := os.Link(filepath.Join(out, "other", e.Name()), filepath.Join(outside, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	os.RemoveAll(filepath.Join(out, "other"))
	os.Symlink(outside, filepath.Join(out, "other"))
	// The live output is the spare of the next publish and recycled by the one after.
	for i := 0; i < 2; i++ {
		if err := Write(out, files); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			sameTree(t, "recycled", out, files)
		}
	}
	if fi, err := os.Lstat(filepath.Join(out, "other")); err != nil || !fi.IsDir() {
		t.Errorf("other: %v, %v: want a folder", fi, err)
	}
}

// TestFileName: a clean relative slash path is a file name; anything that is not, or that
// leaves the output, is refused.
func TestFileName(t *testing.T) {
	for name, want := range map[string]bool{
		"a": true, "a/b.html": true, "search/x.json": true, "a.b/c..d/e": true,
		"": false, "/a": false, "a/": false, "a//b": false, ".": false, "..": false, "./a": false,
		"a/.": false, "a/..": false, "a/../b": false, `a\b`: false, "a\x00b": false,
	} {
		if got := fileName(name); got != want {
			t.Errorf("fileName(%q) = %t, want %t", name, got, want)
		}
	}
}
