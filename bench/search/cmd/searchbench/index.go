package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"signpost/internal/build"
	"signpost/internal/search"
)

// builtSite is one corpus, built.
type builtSite struct {
	Name     string
	Src, Out string
	Pages    int // HTML pages written
	Sections int // search documents (sections) indexed
	Build    time.Duration
	docs     []search.Doc
	opt      search.Options
}

// buildSite runs the whole build in-process (build.Run, as `signpost build` does) and keeps
// the site model, so the search index can be rebuilt from exactly the sections the build
// indexed.
func buildSite(ctx context.Context, name, repo, src, out string) (*builtSite, error) {
	_ = os.RemoveAll(out)
	start := time.Now()
	res, err := build.Run(ctx, build.Config{Src: src, Out: out, ModuleDir: repo})
	took := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("build %s: %v", name, err)
	}
	docs, opt := build.SearchInput(res.Site)
	return &builtSite{Name: name, Src: src, Out: out, Pages: res.Pages, Sections: len(docs), Build: took, docs: docs, opt: opt}, nil
}

// timeIndex times search.Build on the site's sections runs times (median, min) and checks
// that it produces byte for byte the index the build wrote to public/search/.
func timeIndex(b *builtSite, runs int) (med, min time.Duration, err error) {
	var ds []time.Duration
	var files map[string][]byte
	for i := 0; i < runs; i++ {
		runtime.GC()
		start := time.Now()
		files, err = search.Build(b.docs, b.opt)
		ds = append(ds, time.Since(start))
		if err != nil {
			return 0, 0, err
		}
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(b.Out, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			return 0, 0, fmt.Errorf("%s: in-process search.Build differs from the built %s", b.Name, name)
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2], ds[0], nil
}

// sizeSet is the size of a set of files.
type sizeSet struct {
	Files     int
	Raw, Gzip int64
}

func (s *sizeSet) add(b []byte) {
	s.Files++
	s.Raw += int64(len(b))
	s.Gzip += int64(len(gzipBytes(b)))
}

// sizes sums the files under dir (relative paths) into the class keep returns ("" skips).
func sizes(dir string, class func(rel string) string) (map[string]*sizeSet, error) {
	out := map[string]*sizeSet{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		c := class(filepath.ToSlash(rel))
		if c == "" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if out[c] == nil {
			out[c] = &sizeSet{}
		}
		out[c].add(b)
		return nil
	})
	return out, err
}

// signpostClass sorts public/ files: the index (search/*.json, *.json.gz) and the client (search.*.js).
func signpostClass(rel string) string {
	switch {
	case strings.HasPrefix(rel, "search/") && (strings.HasSuffix(rel, ".json") || strings.HasSuffix(rel, ".json.gz")):
		return "index"
	case strings.HasPrefix(rel, "assets/search.") && strings.HasSuffix(rel, ".js"):
		return "engine"
	}
	return ""
}

// pagefindClass sorts a Pagefind bundle's files: index data, the files its search()
// loads to run (pagefind.js, the worker, the WASM), and the optional UIs (not counted).
func pagefindClass(rel string) string {
	base := filepath.Base(rel)
	switch {
	case strings.HasPrefix(rel, "index/"), strings.HasPrefix(rel, "fragment/"), strings.HasPrefix(rel, "filter/"),
		strings.HasSuffix(base, ".pf_meta"), base == "pagefind-entry.json":
		return "index"
	case base == "pagefind.js", base == "pagefind-worker.js", strings.HasPrefix(base, "wasm.") && strings.HasSuffix(base, ".pagefind"):
		return "engine"
	}
	return ""
}

// pagefindRun indexes site with Pagefind into the bundle dir sub, runs times; it returns
// the median and the shortest wall time of the native binary, and its output.
func pagefindRun(bin, siteDir, sub string, args []string, runs int) (med, min time.Duration, out string, err error) {
	var ds []time.Duration
	for i := 0; i < runs; i++ {
		_ = os.RemoveAll(filepath.Join(siteDir, sub))
		all := append([]string{"--site", siteDir, "--output-subdir", sub}, args...)
		cmd := exec.Command(bin, all...)
		start := time.Now()
		o, err := cmd.CombinedOutput()
		ds = append(ds, time.Since(start))
		if err != nil {
			return 0, 0, string(o), fmt.Errorf("pagefind %v: %v\n%s", all, err, o)
		}
		out = string(o)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2], ds[0], out, nil
}

// installPagefind installs the npm package pagefind into dir and returns its native binary.
func installPagefind(dir, version string) (string, string, error) {
	pkg := "pagefind"
	if version != "" {
		pkg += "@" + version
	}
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", dir, pkg)
	if o, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("npm install %s: %v\n%s", pkg, err, o)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "node_modules", "@pagefind", "*", "bin", "pagefind_extended"))
	if len(matches) == 0 {
		matches, _ = filepath.Glob(filepath.Join(dir, "node_modules", "@pagefind", "*", "bin", "pagefind"))
	}
	if len(matches) == 0 {
		return "", "", fmt.Errorf("no pagefind binary under %s/node_modules/@pagefind", dir)
	}
	v, _ := exec.Command(matches[0], "--version").Output()
	return matches[0], strings.TrimSpace(string(v)), nil
}
