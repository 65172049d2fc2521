package search

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestReadDir reads a built index back from disk: only files under search/, keyed as the
// build wrote them, and a site that Open accepts.
func TestReadDir(t *testing.T) {
	files := mustBuild(t, []Doc{{URL: "/a/", PageURL: "/a/", PageTitle: "Private fostering", Text: "A child living with someone who is not a close relative."}}, Options{})
	root := t.TempDir()
	for name, b := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte("<p>not the index</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if k, w := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(files)); !slices.Equal(k, w) {
		t.Fatalf("files read %v, want %v", k, w)
	}
	for name, b := range files {
		if string(got[name]) != string(b) {
			t.Errorf("%s differs from what the build wrote", name)
		}
	}
	if hits := Query(got, "private fostering", QueryOptions{}); len(hits) == 0 || hits[0].URL != "/a/" {
		t.Errorf("query over the index read back: %+v", hits)
	}
	if _, err := ReadDir(filepath.Join(root, "missing")); err == nil {
		t.Error("no error for a site without search/")
	}
}
