// Package wasm is the adapter to the Go toolchain for the widgets' WebAssembly module: it
// compiles ./widgets/wasm with GOOS=js GOARCH=wasm and returns the module together with the
// toolchain's own wasm_exec.js (the two must come from the same Go release). It runs in the
// build's assets stage, beside esbuild; the render stage fingerprints and links both.
//
// Compiling takes seconds, so results are cached by a SHA-256 of every input: the files
// under widgets/ (tests and testdata aside), go.mod, go.sum, the Go version, and the build
// flags and environment that change the output. An unchanged tree reuses the cached module.
package wasm

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// ModulePath is the module the site's generator and widgets live in.
const ModulePath = "signpost"

// Package is the widgets' WASM shell, relative to the module root.
const Package = "./widgets/wasm"

// buildFlags are the flags of every widget build. -s -w drop the symbol table and DWARF;
// -buildid= leaves the build ID empty (it is random-looking bytes that compress badly, and
// the module is already named by the hash of its inputs).
// -gcflags=all=-l turns inlining off: the module grows raw but compresses better (in Go 1.26,
// about 34 KB less brotli for both widgets), which keeps it inside the 450 KB budget. The
// widgets run a few microseconds of Go per click; inlining buys nothing there.
var buildFlags = []string{"-trimpath", "-ldflags=-s -w -buildid=", "-gcflags=all=-l"}

// experiment turns off the Green Tea garbage collector, the default since Go 1.26, for the
// module only. Green Tea pays off on many cores and large heaps; the widgets keep a few
// kilobytes live on one browser thread, and the older collector's code is about 8 KB
// smaller brotli-compressed (450.6 KB → 442.2 KB with both widgets), which keeps the module
// inside the budget. A Go release that drops the opt-out fails this build loudly.
const experiment = "nogreenteagc"

// envKeys are the environment variables that change what go build produces.
var envKeys = []string{"GOFLAGS", "GOWASM", "GOEXPERIMENT", "GOTOOLCHAIN", "GODEBUG"}

// compile runs go build; a variable so tests can count compilations.
var compile = func(ctx context.Context, goBin, moduleDir, out string) error {
	args := append([]string{"build"}, buildFlags...)
	args = append(args, "-o", out, Package)
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = moduleDir
	exp := experiment
	if v := os.Getenv("GOEXPERIMENT"); v != "" {
		exp = v + "," + experiment
	}
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0", "GOEXPERIMENT="+exp)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s (GOOS=js GOARCH=wasm): %w\n%s", Package, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// Build returns the widgets' module and wasm_exec.js, compiling ./widgets/wasm in moduleDir
// only when no module for the same inputs is cached in cacheDir (created if missing).
func Build(ctx context.Context, moduleDir, cacheDir string) (wasm []byte, execJS []byte, err error) {
	goBin, err := goCommand()
	if err != nil {
		return nil, nil, err
	}
	version, goroot, err := toolchain(ctx, goBin)
	if err != nil {
		return nil, nil, err
	}
	execJS, err = readExecJS(goroot)
	if err != nil {
		return nil, nil, err
	}
	key, err := inputsHash(moduleDir, version)
	if err != nil {
		return nil, nil, err
	}
	cached := filepath.Join(cacheDir, "widgets-"+key+".wasm")
	if b, err := os.ReadFile(cached); err == nil && len(b) > 0 {
		return b, execJS, nil
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("wasm cache: %w", err)
	}
	tmp, err := os.CreateTemp(cacheDir, "widgets-*.tmp")
	if err != nil {
		return nil, nil, fmt.Errorf("wasm cache: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName)
	if err := compile(ctx, goBin, moduleDir, tmpName); err != nil {
		return nil, nil, err
	}
	wasm, err = os.ReadFile(tmpName)
	if err != nil {
		return nil, nil, err
	}
	if !bytes.HasPrefix(wasm, []byte("\x00asm")) {
		return nil, nil, fmt.Errorf("go build %s wrote no WebAssembly module", Package)
	}
	if err := os.Rename(tmpName, cached); err != nil {
		return nil, nil, fmt.Errorf("wasm cache: %w", err)
	}
	return wasm, execJS, nil
}

// goCommand finds the go command: $GOROOT/bin/go when GOROOT is set, else go on PATH.
func goCommand() (string, error) {
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("building the widgets needs the go command: %w", err)
	}
	return p, nil
}

// toolchain returns the Go version (as `go version` reports it) and GOROOT.
func toolchain(ctx context.Context, goBin string) (version, goroot string, err error) {
	out, err := exec.CommandContext(ctx, goBin, "env", "GOVERSION", "GOROOT").Output()
	if err != nil {
		return "", "", fmt.Errorf("go env: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return "", "", fmt.Errorf("go env: unexpected output %q", out)
	}
	return strings.TrimSpace(lines[0]), strings.TrimSpace(lines[1]), nil
}

// readExecJS reads wasm_exec.js from the toolchain: lib/wasm since Go 1.24, misc/wasm before.
func readExecJS(goroot string) ([]byte, error) {
	var errs []error
	for _, dir := range []string{"lib/wasm", "misc/wasm"} {
		b, err := os.ReadFile(filepath.Join(goroot, filepath.FromSlash(dir), "wasm_exec.js"))
		if err == nil {
			return b, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("cannot find wasm_exec.js in GOROOT %q: %w", goroot, errors.Join(errs...))
}

// inputsHash hashes everything the module is built from.
func inputsHash(moduleDir, version string) (string, error) {
	h := sha256.New()
	field := func(name string, b []byte) {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
	}
	field("go", []byte(version))
	field("flags", []byte(strings.Join(buildFlags, "\x00")))
	field("experiment", []byte(experiment))
	for _, k := range envKeys {
		field("env:"+k, []byte(os.Getenv(k)))
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(moduleDir, name))
		if err != nil && !(name == "go.sum" && errors.Is(err, fs.ErrNotExist)) {
			return "", fmt.Errorf("wasm inputs: %w", err)
		}
		field(name, b)
	}
	files, err := widgetFiles(moduleDir)
	if err != nil {
		return "", err
	}
	for _, rel := range files {
		b, err := os.ReadFile(filepath.Join(moduleDir, filepath.FromSlash(rel)))
		if err != nil {
			return "", fmt.Errorf("wasm inputs: %w", err)
		}
		field(rel, b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// widgetFiles lists the files under widgets/ that can change the module, sorted, with
// slash-separated paths relative to moduleDir: Go files and anything they might embed, but
// not tests, testdata, or files the go command ignores (names starting with . or _).
func widgetFiles(moduleDir string) ([]string, error) {
	root := filepath.Join(moduleDir, "widgets")
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(moduleDir, path)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("wasm inputs: %w", err)
	}
	sort.Strings(out)
	return out, nil
}

// FindModuleRoot walks up from start to the directory whose go.mod declares module
// signpost.
func FindModuleRoot(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for {
		if path, err := modulePath(filepath.Join(dir, "go.mod")); err == nil && path == ModulePath {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod declaring module %s in %q or above", ModulePath, start)
		}
		dir = parent
	}
}

// modulePath reads the module path from a go.mod file.
func modulePath(gomod string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) == 2 && fields[0] == "module" {
			return strings.Trim(fields[1], "\"`"), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}
