package build

import (
	"path/filepath"

	"signpost/internal/diag"
	"signpost/internal/site"
)

// SetHook sets a function every build or update of b calls first (tests inject panics).
func SetHook(b *Builder, f func(changed []string)) { b.hooks.build = f }

// SetPageHook sets a function called before each page's conversion, on a worker goroutine.
func SetPageHook(b *Builder, f func(file string)) { b.hooks.page = f }

// GlossaryDiags runs the site-wide glossary check, which the Builder runs page by page.
func GlossaryDiags(s *site.Site) diag.List { return checkGlossary(s) }

// RekeyCache rewrites the build cache in dir as if another signpost binary, Go version or
// set of flags had made it: the same content under another key, with a valid checksum.
func RekeyCache(dir string) error {
	name := filepath.Join(dir, "index")
	idx, err := readCacheIndex(name)
	if err != nil {
		return err
	}
	idx.Key = "another signpost, Go version or flags"
	return writeBody(name, cacheMagic, encodeIndex(idx))
}

// RekeySearchCache rewrites the build cache's search file in dir as if another signpost
// binary or Go version had made it (gzip's output may differ): the same entries under
// another key, with a valid checksum.
func RekeySearchCache(dir string) error {
	name := filepath.Join(dir, "search")
	sc, err := readSearchCache(name)
	if err != nil {
		return err
	}
	sc.Key = "another signpost or Go version"
	parts, err := encodeSearchCache(sc)
	if err != nil {
		return err
	}
	return writeBody(name, searchCacheMagic, parts...)
}
