package load

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"testing/fstest"

	"signpost/internal/site"
)

// ReadFiles gives each file what fs.ReadFile on the site root gives, in the order asked:
// files in several folders and at the top, a symbolic link that leaves its folder but not
// the site (read), one that leaves the site (refused, as from the root), a missing file;
// and the same through a file system that is not SiteFS's.
func TestReadFiles(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string]string{
		"site.yaml": "top", "content/a/one.md": "one", "content/a/two.md": "two",
		"content/b/three.md": "three", "content/b/c/four.md": "four",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"content/b/sibling.md": "../a/one.md",                       // leaves its folder, not the site
		"content/b/secret.md":  filepath.Join(outside, "secret.md"), // leaves the site
		"content/a/up.md":      "../../site.yaml",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	files := []string{"content/a/one.md", "content/b/sibling.md", "content/a/two.md", "content/a/up.md",
		"content/b/three.md", "content/b/secret.md", "content/b/c/four.md", "content/b/gone.md",
		"content/a/one.md", "site.yaml", "content/nofolder/x.md"}
	fsys, err := SiteFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	mem := fstest.MapFS{"content/a/one.md": {Data: []byte("one")}}
	for _, tc := range []struct {
		name string
		fsys fs.FS
	}{{"SiteFS", fsys}, {"MapFS", mem}} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			ReadFiles(tc.fsys, files, func(file string, data []byte, err error) {
				got = append(got, file)
				want, werr := fs.ReadFile(tc.fsys, file)
				if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() || !bytes.Equal(data, want) {
					t.Errorf("%s: got %q, %v; fs.ReadFile gives %q, %v", file, data, err, want, werr)
				}
			})
			if !slices.Equal(got, files) {
				t.Errorf("files given %v, want %v", got, files)
			}
		})
	}
	// The cases that matter, spelt out.
	ReadFiles(fsys, []string{"content/b/sibling.md", "content/b/secret.md", "content/b/gone.md"}, func(file string, data []byte, err error) {
		switch file {
		case "content/b/sibling.md":
			if err != nil || string(data) != "one" {
				t.Errorf("link inside the site: %q, %v", data, err)
			}
		case "content/b/secret.md":
			if err == nil {
				t.Errorf("link outside the site read: %q", data)
			}
		case "content/b/gone.md":
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("missing file: %v, want fs.ErrNotExist", err)
			}
		}
	})
}

// ReadFilesUnless asks about each regular file with its Stat (the one the file has, and
// the one a read gives), skips the files it is told to, and never asks about a symbolic
// link; the Stat is what os.Stat says. Through another fs.FS nothing is asked and no Stat is
// known.
func TestReadFilesUnless(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"content/a/one.md": "one", "content/a/two.md": "two"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := os.Symlink("one.md", filepath.Join(dir, "content/a/link.md")) == nil
	fsys, err := SiteFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"content/a/one.md", "content/a/two.md", "content/a/gone.md"}
	if link {
		files = append(files, "content/a/link.md")
	}
	type got struct {
		data    string
		st      Stat
		skipped bool
		err     error
	}
	run := func(skip map[string]bool) (map[string]Stat, map[string]got) {
		asked, out := map[string]Stat{}, map[string]got{}
		ReadFilesUnless(fsys, files, nil, func(file string, st Stat) bool {
			asked[file] = st
			return skip[file]
		}, func(file string, data []byte, st Stat, skipped bool, err error) {
			out[file] = got{string(data), st, skipped, err}
		})
		return asked, out
	}
	asked, out := run(map[string]bool{"content/a/one.md": true})
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		if len(asked) != 0 || out["content/a/one.md"].data != "one" {
			t.Errorf("asked %v, gave %v: want files read as ever", asked, out)
		}
		return
	}
	if len(asked) != 2 || !asked["content/a/one.md"].Known() || !asked["content/a/two.md"].Known() {
		t.Fatalf("asked about %v, want the two regular files with their Stat", asked)
	}
	if g := out["content/a/one.md"]; !g.skipped || g.data != "" || g.st != asked["content/a/one.md"] || g.err != nil {
		t.Errorf("one.md: %+v, want skipped with its Stat", g)
	}
	if g := out["content/a/two.md"]; g.skipped || g.data != "two" || g.st != asked["content/a/two.md"] || g.err != nil {
		t.Errorf("two.md: %+v, want read, with the Stat it was asked with", g)
	}
	fi, err := os.Stat(filepath.Join(dir, "content/a/two.md"))
	if err != nil {
		t.Fatal(err)
	}
	if st := asked["content/a/two.md"]; st.Size != 3 || st.Mtime != fi.ModTime().UnixNano() || st.Ino == 0 || st.Ctime == 0 {
		t.Errorf("two.md: Stat %+v, want size 3, mtime %d, an inode and a ctime", st, fi.ModTime().UnixNano())
	}
	if g := out["content/a/gone.md"]; !errors.Is(g.err, fs.ErrNotExist) || g.skipped {
		t.Errorf("gone.md: %+v, want fs.ErrNotExist", g)
	}
	if link {
		if g := out["content/a/link.md"]; g.data != "one" || g.skipped || g.st.Known() {
			t.Errorf("link.md: %+v, want read through the root, without a Stat", g)
		}
	}
	old := asked["content/a/two.md"]
	if err := os.WriteFile(filepath.Join(dir, "content/a/two.md"), []byte("TWO"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dir, "content/a/two.md"), fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	asked, out = run(nil)
	// (Within one timestamp granule the change time may stay the same: the build cache's
	// racy margin is for that.)
	if st := asked["content/a/two.md"]; st.Mtime != old.Mtime || st.Ctime < old.Ctime || st.Ino != old.Ino {
		t.Errorf("two.md written again (mtime put back): Stat %+v, was %+v", st, old)
	}
	if out["content/a/two.md"].data != "TWO" {
		t.Errorf("two.md: %q after the write", out["content/a/two.md"].data)
	}
	// A Stat given (ScanStat's) is the one asked about: the file is not stat'ed again.
	given := Stat{Size: 1, Mtime: 2, Ctime: 3, Ino: 4, Dev: 5}
	ReadFilesUnless(fsys, []string{"content/a/one.md"}, []Stat{given}, func(file string, st Stat) bool {
		if st != given {
			t.Errorf("asked with %+v, want the Stat given", st)
		}
		return true
	}, func(file string, data []byte, st Stat, skipped bool, err error) {
		if !skipped || st != given {
			t.Errorf("given Stat: %q %+v %v", data, st, skipped)
		}
	})
	ReadFilesUnless(fstest.MapFS{"a.md": {Data: []byte("a")}}, []string{"a.md"}, nil, func(string, Stat) bool {
		t.Error("asked about a file of another fs.FS")
		return true
	}, func(file string, data []byte, st Stat, skipped bool, err error) {
		if string(data) != "a" || skipped || st.Known() || err != nil {
			t.Errorf("MapFS: %q %+v %v %v", data, st, skipped, err)
		}
	})
}

// ScanStat gives each page file the Stat ReadFilesUnless would take (on linux, from the
// walk, which an os.Root's ReadDir lstats), and the zero Stat where it has none.
func TestScanStat(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"content/_index.md", "content/a/_index.md", "content/a/b.md"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := SiteFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSite(site.Config{})
	files, stats, _ := ScanStat(fsys, s)
	if len(files) != 3 || len(stats) != 3 {
		t.Fatalf("files %v, stats %v", files, stats)
	}
	for i, f := range files {
		var asked Stat
		ReadFilesUnless(fsys, []string{f}, nil, func(_ string, st Stat) bool { asked = st; return false }, func(string, []byte, Stat, bool, error) {})
		if stats[i].Known() && stats[i] != asked {
			t.Errorf("%s: ScanStat %+v, fstatat %+v", f, stats[i], asked)
		}
		if runtime.GOOS == "linux" && !stats[i].Known() {
			t.Errorf("%s: no Stat from the walk", f)
		}
	}
	files, stats, _ = ScanStat(fstest.MapFS{"content/_index.md": {Data: []byte("x")}}, NewSite(site.Config{}))
	if len(files) != 1 || stats[0].Known() {
		t.Errorf("MapFS: %v %v, want one file without a Stat", files, stats)
	}
}
