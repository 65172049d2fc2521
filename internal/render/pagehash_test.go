package render

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPageLayoutHash: the repository's page layout files are those writePage was written
// from. When one is edited on purpose, bring writePage (page.go) up to date with it, set
// pageLayoutHash to the hash this reports, and TestWritePage checks the two agree; until
// then pages are rendered by the templates, correctly but more slowly.
func TestPageLayoutHash(t *testing.T) {
	if h := readLayoutHash(os.DirFS(filepath.Join("..", ".."))); h != pageLayoutHash {
		t.Errorf("the page layout's files hash to %s, writePage was written for %s", h, pageLayoutHash)
	}
}
