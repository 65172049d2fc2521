package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestPageLayoutHash: the repository's layout files are those writePage was written
// from. When one is edited on purpose, bring writePage (page.go) up to date with it, set
// the layout's hash in goLayouts to the one this reports, and TestWritePage checks the
// two agree; until then pages of the layout are rendered by the templates, correctly but
// more slowly.
func TestPageLayoutHash(t *testing.T) {
	for name, l := range goLayouts {
		if h := readLayoutHash(os.DirFS(filepath.Join("..", "..")), name); h != l.hash {
			t.Errorf("the %s layout's files hash to %s, writePage was written for %s", name, h, l.hash)
		}
	}
}

// readLayoutHash is layoutHash of the files Load reads for a layout (Load hashes the
// bytes it parsed; TestLoadUsesGoLayouts checks the two agree).
func readLayoutHash(fsys fs.FS, layout string) string {
	names := []string{LayoutDir + "/base.html"}
	partials, _ := fs.Glob(fsys, LayoutDir+"/partials/*.html")
	names = append(append(names, partials...), LayoutDir+"/"+layout+".html")
	var files []layoutFile
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return ""
		}
		files = append(files, layoutFile{n, b})
	}
	return layoutHash(files)
}

// TestLoadUsesGoLayouts: Load, on the repository's layouts, writes the page and section
// layouts with Go code (TestPageLayoutEdited: not once a file changes).
func TestLoadUsesGoLayouts(t *testing.T) {
	root := os.DirFS(filepath.Join("..", ".."))
	r, ds := Load(root)
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	for name := range goLayouts {
		if !r.goLayout[name] {
			t.Errorf("%s: not written by Go code on the repository's layouts", name)
		}
	}
}
