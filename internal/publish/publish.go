// Package publish writes a finished file set to disk atomically: everything goes into a new
// temporary directory beside the output directory, which is then swapped in with renames.
// A build that fails (or is killed) before the swap leaves the previous output byte-for-byte
// intact, and files from earlier builds never linger because the directory is replaced
// whole.
package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Write publishes files (relative slash paths → contents) to outDir.
func Write(outDir string, files map[string][]byte) error {
	outDir = filepath.Clean(outDir)
	parent := filepath.Dir(outDir)
	base := filepath.Base(outDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.Contains(n, "..") || filepath.IsAbs(n) {
			return fmt.Errorf("publish: refusing path %q", n)
		}
		p := filepath.Join(tmp, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	}
	// Swap. On Linux the new and old directories are exchanged atomically, then the old one
	// (now at tmp) is deleted. Elsewhere the old output is moved aside and the new one moved
	// in: for a moment the directory is missing, but it is never half-written.
	if _, err := os.Stat(outDir); err == nil {
		if err := exchange(tmp, outDir); err == nil {
			ok = false // tmp now holds the previous output: the deferred RemoveAll deletes it
			return nil
		}
	}
	old := ""
	if _, err := os.Stat(outDir); err == nil {
		old = filepath.Join(parent, "."+base+".old-"+filepath.Base(tmp)[len(base)+6:])
		if err := os.Rename(outDir, old); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	}
	if err := os.Rename(tmp, outDir); err != nil {
		if old != "" {
			_ = os.Rename(old, outDir)
		}
		return fmt.Errorf("publish: %w", err)
	}
	ok = true
	if old != "" {
		_ = os.RemoveAll(old)
	}
	return nil
}

// Clean removes leftovers of interrupted publishes beside outDir.
func Clean(outDir string) {
	parent := filepath.Dir(filepath.Clean(outDir))
	base := filepath.Base(filepath.Clean(outDir))
	for _, pat := range []string{"." + base + ".new-*", "." + base + ".old-*"} {
		m, _ := filepath.Glob(filepath.Join(parent, pat))
		for _, d := range m {
			_ = os.RemoveAll(d)
		}
	}
}
