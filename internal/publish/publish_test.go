package publish

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
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
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*")); len(left) != 1 || filepath.Base(left[0]) != ".public.manifest" {
		t.Errorf("beside the output once leftovers are removed: %v (want only the manifest)", left)
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
	if !st.regular || st.size != fi.Size() || st.mtime != fi.ModTime().UnixNano() || st.id != identity(p, fi) {
		t.Errorf("stat gives %+v; Lstat %d, %d, %q", st, fi.Size(), fi.ModTime().UnixNano(), identity(p, fi))
	}
	if _, err := stat(p + ".missing"); err == nil {
		t.Error("no error for a missing file")
	}
}
