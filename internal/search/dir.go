package search

import (
	"io/fs"
	"os"
	"path/filepath"
)

// ReadDir reads a published index from disk: every file under root/search, keyed by its
// slash path relative to root ("search/meta.json", …), as Open and Query take them.
// The benchmarks and tools use it on a built site or an index written by indexsize.
func ReadDir(root string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(filepath.Join(root, "search"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	return files, err
}
