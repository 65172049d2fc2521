package load

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
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
