package publish

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWhole(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, map[string][]byte{"a/index.html": []byte("one"), "old.txt": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, map[string][]byte{"a/index.html": []byte("two")}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a/index.html")); string(b) != "two" {
		t.Errorf("content %q", b)
	}
	if _, err := os.Stat(filepath.Join(out, "old.txt")); !os.IsNotExist(err) {
		t.Errorf("stale file kept")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestWriteRefusesEscapingPaths(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, map[string][]byte{"../evil": []byte("x")}); err == nil {
		t.Fatal("wrote outside the output directory")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused publish created the output")
	}
}

func TestClean(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	for _, d := range []string{".public.new-123", ".public.old-456", "keep"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	Clean(out)
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "keep" {
		t.Errorf("after Clean: %v", ents)
	}
}
