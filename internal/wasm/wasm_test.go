package wasm

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// fakeModule writes a minimal module tree: go.mod declaring signpost, go.sum, and widgets.
func fakeModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "go.mod", "module signpost\n\ngo 1.26\n")
	write(t, dir, "go.sum", "")
	write(t, dir, "widgets/wasm/main_wasm.go", "package main\n")
	write(t, dir, "widgets/matrix/matrix.go", "package matrix\n")
	write(t, dir, "widgets/matrix/matrix_test.go", "package matrix\n")
	write(t, dir, "widgets/matrix/testdata/case.txt", "x")
	write(t, dir, "internal/other/other.go", "package other\n")
	return dir
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// countCompiles replaces the compiler with one that writes a fake module and counts calls.
func countCompiles(t *testing.T) *int {
	t.Helper()
	n := new(int)
	real := compile
	compile = func(ctx context.Context, goBin, moduleDir, out string) error {
		*n++
		return os.WriteFile(out, []byte("\x00asm\x01\x00\x00\x00fake"), 0o644)
	}
	t.Cleanup(func() { compile = real })
	return n
}

func TestBuildCache(t *testing.T) {
	n := countCompiles(t)
	dir := fakeModule(t)
	cache := filepath.Join(t.TempDir(), "cache") // does not exist yet
	ctx := context.Background()

	steps := []struct {
		name     string
		edit     func()
		compiles int
	}{
		{"first build compiles", func() {}, 1},
		{"unchanged inputs: cache hit", func() {}, 1},
		{"a test file changes: cache hit", func() { write(t, dir, "widgets/matrix/matrix_test.go", "package matrix // edited\n") }, 1},
		{"testdata changes: cache hit", func() { write(t, dir, "widgets/matrix/testdata/case.txt", "y") }, 1},
		{"code outside widgets changes: cache hit", func() { write(t, dir, "internal/other/other.go", "package other // edited\n") }, 1},
		{"a widget file changes: compiles", func() { write(t, dir, "widgets/matrix/matrix.go", "package matrix // edited\n") }, 2},
		{"a widget file is added: compiles", func() { write(t, dir, "widgets/wasm/cwd_wasm.go", "package main\n") }, 3},
		{"go.sum changes: compiles", func() { write(t, dir, "go.sum", "example.com/x v1.0.0 h1:abc=\n") }, 4},
		{"go.mod changes: compiles", func() { write(t, dir, "go.mod", "module signpost\n\ngo 1.26.1\n") }, 5},
		{"a widget file is removed: compiles", func() { os.Remove(filepath.Join(dir, "widgets/wasm/cwd_wasm.go")) }, 6},
		{"back to an earlier tree: cache hit", func() { write(t, dir, "widgets/wasm/cwd_wasm.go", "package main\n") }, 6},
		{"GOWASM changes: compiles", func() { t.Setenv("GOWASM", "satconv") }, 7},
	}
	for _, s := range steps {
		s.edit()
		wasm, execJS, err := Build(ctx, dir, cache)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if *n != s.compiles {
			t.Errorf("%s: %d compilations, want %d", s.name, *n, s.compiles)
		}
		if !bytes.HasPrefix(wasm, []byte("\x00asm")) {
			t.Errorf("%s: module = %q", s.name, wasm)
		}
		if !bytes.Contains(execJS, []byte("globalThis.Go")) && !bytes.Contains(execJS, []byte("global.Go")) {
			t.Errorf("%s: wasm_exec.js does not define Go", s.name)
		}
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(cache)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "widgets-") || !strings.HasSuffix(e.Name(), ".wasm") {
			t.Errorf("stray file in cache: %s", e.Name())
		}
	}
}

func TestBuildError(t *testing.T) {
	n := countCompiles(t)
	compile = func(ctx context.Context, goBin, moduleDir, out string) error {
		*n++
		return os.WriteFile(out, []byte("not wasm"), 0o644)
	}
	dir := fakeModule(t)
	cache := t.TempDir()
	if _, _, err := Build(context.Background(), dir, cache); err == nil {
		t.Fatal("a non-WebAssembly output was accepted")
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("failed build left %d files in the cache", len(entries))
	}
}

func TestFindModuleRoot(t *testing.T) {
	top := t.TempDir()
	write(t, top, "go.mod", "// The site.\nmodule signpost // comment\n\ngo 1.26\n")
	write(t, top, "tools/go.mod", "module signpost/tools\n")
	write(t, top, "tools/cmd/x/x.go", "package main\n")
	write(t, top, "widgets/matrix/matrix.go", "package matrix\n")
	for _, start := range []string{top, filepath.Join(top, "widgets", "matrix"), filepath.Join(top, "tools", "cmd", "x")} {
		got, err := FindModuleRoot(start)
		if err != nil || got != top {
			t.Errorf("FindModuleRoot(%s) = %q, %v; want %q", start, got, err, top)
		}
	}
	other := t.TempDir()
	write(t, other, "go.mod", "module example.com/other\n")
	if _, err := FindModuleRoot(other); err == nil {
		t.Error("found a root in a tree without module signpost")
	}
	// This repository.
	root, err := FindModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "widgets", "wasm")); err != nil {
		t.Errorf("root %s has no widgets/wasm", root)
	}
}

// TestWidgetDeps checks what the real module imports: only the standard library and
// widgets/ packages (so the cache key covers every input), and none of the packages that
// would swell it.
func TestWidgetDeps(t *testing.T) {
	root, err := FindModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-deps", Package)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	heavy := map[string]bool{"fmt": true, "strings": true, "strconv": true, "encoding/json": true, "reflect": true}
	for _, p := range strings.Fields(string(out)) {
		if heavy[p] {
			t.Errorf("the widgets module imports %s", p)
		}
		if strings.HasPrefix(p, ModulePath+"/") && !strings.HasPrefix(p, ModulePath+"/widgets/") {
			t.Errorf("the widgets module imports %s, outside widgets/", p)
		}
		if strings.Contains(p, ".") && !strings.HasPrefix(p, ModulePath) {
			t.Errorf("the widgets module imports third-party package %s", p)
		}
	}
}

// budget is the largest brotli-compressed module we accept: 450 KB (decimal, the stricter
// reading). The Go runtime alone is about 412 KB of it.
const budget = 450_000

// TestBuildReal compiles the real module and checks it against the size budget.
func TestBuildReal(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the WASM module")
	}
	root, err := FindModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	real := compile
	compile = func(ctx context.Context, goBin, moduleDir, out string) error {
		n++
		return real(ctx, goBin, moduleDir, out)
	}
	t.Cleanup(func() { compile = real })
	cache := t.TempDir()
	wasm, execJS, err := Build(context.Background(), root, cache)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(wasm, []byte("\x00asm")) {
		t.Fatal("not a WebAssembly module")
	}
	if !bytes.Contains(execJS, []byte("globalThis.Go = class")) {
		t.Error("wasm_exec.js does not define Go")
	}
	if _, _, err := Build(context.Background(), root, cache); err != nil || n != 1 {
		t.Errorf("second build: %v, %d compilations, want 1", err, n)
	}
	var br bytes.Buffer
	w := brotli.NewWriterLevel(&br, brotli.BestCompression)
	w.Write(wasm)
	w.Close()
	t.Logf("widgets module: %d bytes raw, %d bytes brotli (budget %d)", len(wasm), br.Len(), budget)
	if br.Len() > budget {
		t.Errorf("widgets module is %d bytes brotli, over the %d budget", br.Len(), budget)
	}
}
