package render

import (
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
