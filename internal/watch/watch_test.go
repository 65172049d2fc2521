package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestBatcher: the debounce rules, with times given rather than measured.
func TestBatcher(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	// A path starting with "!" is added as not settled (removed, renamed, a new folder).
	tests := []struct {
		name     string
		adds     map[int][]string // time in ms → paths
		wantDue  int
		want     []string
		maxDelay int // ms; 0 means 300
	}{
		{"one event", map[int][]string{0: {"!content/a.md"}}, 60, []string{"content/a.md"}, 0},
		{"write-temp-and-rename is one batch", map[int][]string{0: {"content/a.md.tmp"}, 1: {"content/a.md.tmp"}, 2: {"!content/a.md.tmp", "content/a.md"}}, 62, []string{"content/a.md", "content/a.md.tmp"}, 0},
		{"a save in several writes is one batch", map[int][]string{0: {"!content/a.md"}, 30: {"content/a.md"}, 55: {"content/a.md"}}, 115, []string{"content/a.md"}, 0},
		{"a stream of events is cut at the maximum delay", map[int][]string{0: {"!a"}, 50: {"b"}, 100: {"c"}, 150: {"d"}, 200: {"e"}, 250: {"f"}}, 300, []string{"a", "b", "c", "d", "e", "f"}, 0},
		{"a save in place is due after the short quiet time", map[int][]string{0: {"content/a.md"}, 1: {"content/a.md"}}, 9, []string{"content/a.md"}, 0},
		{"one unsettled path makes the whole batch wait", map[int][]string{0: {"content/a.md"}, 1: {"!content/a.md~"}, 2: {"content/a.md"}}, 62, []string{"content/a.md", "content/a.md~"}, 0},
		{"writes in place a few ms apart are one batch", map[int][]string{0: {"content/a.md"}, 5: {"content/b.md"}, 12: {"content/a.md"}}, 20, []string{"content/a.md", "content/b.md"}, 0},
		{"quick writes are cut at the maximum delay too", map[int][]string{0: {"a"}, 7: {"a"}, 14: {"a"}, 21: {"a"}, 28: {"a"}, 35: {"a"}}, 40, []string{"a"}, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			maxDelay := 300 * time.Millisecond
			if tt.maxDelay > 0 {
				maxDelay = time.Duration(tt.maxDelay) * time.Millisecond
			}
			b := &batcher{debounce: 60 * time.Millisecond, quick: 8 * time.Millisecond, maxDelay: maxDelay}
			if _, ok := b.due(); ok {
				t.Fatal("empty batcher has a batch due")
			}
			times := make([]int, 0, len(tt.adds))
			for at := range tt.adds {
				times = append(times, at)
			}
			slices.Sort(times)
			for _, at := range times {
				// Nothing is due before the next event arrives.
				if due, ok := b.due(); ok && !due.After(ms(at)) {
					t.Fatalf("batch due at %v, before the event at %dms", due.Sub(t0), at)
				}
				for _, p := range tt.adds[at] {
					b.add(strings.TrimPrefix(p, "!"), ms(at), !strings.HasPrefix(p, "!"))
				}
			}
			due, ok := b.due()
			if !ok || !due.Equal(ms(tt.wantDue)) {
				t.Errorf("due at %v, want %dms", due.Sub(t0), tt.wantDue)
			}
			if got := b.take(); !slices.Equal(got, tt.want) {
				t.Errorf("batch %q, want %q", got, tt.want)
			}
			if _, ok := b.due(); ok {
				t.Errorf("batch still due after take")
			}
		})
	}
}

func TestIgnored(t *testing.T) {
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"content/a.md", false},
		{"content/public/a.md", false},
		{"public/index.html", true},
		{".git/HEAD", true},
		{"content/.git/x", true},
		{".signpost-cache/x.wasm", true},
		{"content/a.md~", true},
		{"content/.a.md.swp", true},
		{"content/.a.md.swx", true},
		{"content/4913", true},
		{"content/.#a.md", true},
		{"content/#a.md#", true},
		{"content/a.md.tmp", true},
		{"content/a.md___jb_tmp___", true},
		{"content/.goutputstream-ABC123", true},
		{"assets/css/main.css", false},
		{"widgets/cwd/rules.go", false},
	} {
		if got := Ignored(tt.path); got != tt.want {
			t.Errorf("Ignored(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// harness runs a real watcher on a temporary root.
type harness struct {
	t    *testing.T
	root string
	w    *Watcher
	seen []string // every path reported so far
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	root := t.TempDir()
	h := &harness{t: t, root: root}
	h.write("content/a.md", "a")
	h.write("layouts/base.html", "x")
	h.write("site.yaml", "title: x")
	h.write("public/index.html", "old")
	w, err := New(Options{Root: root, Paths: []string{"content", "layouts", "static", "site.yaml"}, Debounce: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	h.w = w
	return h
}

func (h *harness) abs(p string) string { return filepath.Join(h.root, filepath.FromSlash(p)) }

func (h *harness) write(p, s string) {
	h.t.Helper()
	if err := os.MkdirAll(filepath.Dir(h.abs(p)), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(h.abs(p), []byte(s), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// waitFor reads batches until every wanted path has been reported. The time limit only
// turns a hang into a failure; nothing here depends on how fast events arrive.
func (h *harness) waitFor(want ...string) {
	h.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		missing := false
		for _, p := range want {
			if !slices.Contains(h.seen, p) {
				missing = true
			}
		}
		if !missing {
			return
		}
		select {
		case b, ok := <-h.w.Batches():
			if !ok {
				h.t.Fatal("watcher closed")
			}
			h.seen = append(h.seen, b...)
		case err := <-h.w.Errors():
			h.t.Fatalf("watch error: %v", err)
		case <-deadline:
			h.t.Fatalf("never reported %q; reported %q", want, h.seen)
		}
	}
}

func (h *harness) assertNotSeen(paths ...string) {
	h.t.Helper()
	for _, p := range paths {
		for _, s := range h.seen {
			if s == p || strings.HasPrefix(s, p+"/") {
				h.t.Errorf("reported %q", s)
			}
		}
	}
}

// TestSettled: which events may close a batch after the short quiet time. Only a write
// to, or the creation of, a plain file that is there may; a removal, a rename (a step of
// an editor's save by renaming) or a new folder waits the full debounce.
func TestSettled(t *testing.T) {
	h := newHarness(t)
	h.write("content/dir/x.md", "x")
	for _, tt := range []struct {
		name string
		op   fsnotify.Op
		want bool
	}{
		{"content/a.md", fsnotify.Write, true},
		{"content/a.md", fsnotify.Create, true},
		{"content/a.md", fsnotify.Write | fsnotify.Create, true},
		{"content/a.md", fsnotify.Rename, false},
		{"content/gone.md", fsnotify.Remove, false},
		{"content/gone.md", fsnotify.Write, false}, // written, then removed before the event is read
		{"content/dir", fsnotify.Create, false},
	} {
		paths, settled := h.w.handle(fsnotify.Event{Name: h.abs(tt.name), Op: tt.op})
		if !slices.Contains(paths, tt.name) || settled != tt.want {
			t.Errorf("%s %s: paths %q settled %v, want it reported and settled %v", tt.op, tt.name, paths, settled, tt.want)
		}
	}
}

func TestWatchCreateRenameDelete(t *testing.T) {
	h := newHarness(t)

	h.write("content/a.md", "edited")
	h.waitFor("content/a.md")

	// A folder created with a file in it at once: the file is reported even if it was
	// written before the folder's watch existed, and later files in it are seen.
	h.write("content/new/b.md", "b")
	h.waitFor("content/new/b.md")
	h.write("content/new/c.md", "c")
	h.waitFor("content/new/c.md")
	h.write("content/deep/er/still/d.md", "d")
	h.waitFor("content/deep/er/still/d.md")
	h.write("content/deep/er/still/e.md", "e")
	h.waitFor("content/deep/er/still/e.md")

	// A folder renamed: both names are reported, and files written under the new name
	// are reported under it (the old watch would report them under the old name).
	if err := os.Rename(h.abs("content/new"), h.abs("content/renamed")); err != nil {
		t.Fatal(err)
	}
	h.waitFor("content/new", "content/renamed")
	h.seen = nil
	h.write("content/renamed/f.md", "f")
	h.waitFor("content/renamed/f.md")
	h.assertNotSeen("content/new")
	if slices.Contains(h.w.Dirs(), "content/new") {
		t.Errorf("still watching the folder's old name: %q", h.w.Dirs())
	}

	// A folder deleted: reported, and its watches dropped.
	if err := os.RemoveAll(h.abs("content/renamed")); err != nil {
		t.Fatal(err)
	}
	h.waitFor("content/renamed")
	if slices.Contains(h.w.Dirs(), "content/renamed") {
		t.Errorf("still watching a deleted folder: %q", h.w.Dirs())
	}

	// A watched folder that did not exist at the start.
	h.write("static/robots-extra.txt", "x")
	h.waitFor("static/robots-extra.txt")

	// A top-level file saved by writing a temporary file and renaming it over the old one.
	h.write("site.yaml.tmp", "title: y")
	if err := os.Rename(h.abs("site.yaml.tmp"), h.abs("site.yaml")); err != nil {
		t.Fatal(err)
	}
	h.waitFor("site.yaml")
	h.assertNotSeen("site.yaml.tmp")

	// The same in a content folder, as many editors do.
	h.write("content/a.md.tmp", "saved")
	if err := os.Rename(h.abs("content/a.md.tmp"), h.abs("content/a.md")); err != nil {
		t.Fatal(err)
	}
	h.seen = nil
	h.waitFor("content/a.md")
	h.assertNotSeen("content/a.md.tmp")
}

// TestWatchIgnores: output, tool folders, unwatched files and editors' temporary files are
// never reported. A sentinel written last proves the earlier events were processed.
func TestWatchIgnores(t *testing.T) {
	h := newHarness(t)
	h.write("public/index.html", "new")
	h.write("public/x/y.html", "new")
	h.write(".git/HEAD", "ref")
	h.write("content/.git/HEAD", "ref")
	h.write(".signpost-cache/x", "x")
	h.write("content/a.md~", "backup")
	h.write("content/.a.md.swp", "swap")
	h.write("content/4913", "")
	h.write("content/.#a.md", "lock")
	h.write("notes.txt", "not watched")
	if err := os.Remove(h.abs("content/4913")); err != nil {
		t.Fatal(err)
	}
	h.write("content/sentinel.md", "s")
	h.waitFor("content/sentinel.md")
	h.assertNotSeen("public", ".git", "content/.git", ".signpost-cache", "content/a.md~", "content/.a.md.swp", "content/4913", "content/.#a.md", "notes.txt")
	for _, d := range h.w.Dirs() {
		if strings.Contains(d, ".git") || strings.HasPrefix(d, "public") {
			t.Errorf("watching %s", d)
		}
	}
}

// TestWatchClose: Close ends Batches and is safe to call twice.
func TestWatchClose(t *testing.T) {
	h := newHarness(t)
	if err := h.w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-h.w.Batches(); ok {
		t.Error("batch after Close")
	}
	if err := h.w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
