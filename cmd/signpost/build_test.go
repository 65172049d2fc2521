package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"signpost/bench/corpus"
	"signpost/internal/buildtest"
)

// TestBuildCommand runs the command as an editor would: a good site prints a one-line
// summary and exits 0; a broken one prints file:line errors, exits 1 and leaves public/.
func TestBuildCommand(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.WriteSignpost(dir, buildtest.RepoRoot(), corpus.Pages(20, 1)); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "-src", dir, "-base-url", "https://example.org"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "built ") || !strings.Contains(stdout.String(), "pages") {
		t.Errorf("summary: %q", stdout.String())
	}
	canon, err := os.ReadFile(filepath.Join(dir, "public/section-000/page-00001/index.html"))
	if err != nil || !bytes.Contains(canon, []byte(`href="https://example.org/section-000/page-00001/"`)) {
		t.Errorf("-base-url not used for canonical links (%v)", err)
	}
	before := tree(t, filepath.Join(dir, "public"))
	bad := filepath.Join(dir, "content/section-000/page-00002.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: x\narea: [thurock]\n---\n[a](/nope/)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"build", "-src", dir}, &stdout, &stderr); code != 1 {
		t.Fatalf("broken site: exit %d, want 1", code)
	}
	for _, want := range []string{"content/section-000/page-00002.md:3:1: unknown area \"thurock\"", "front matter has no description", "build failed"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if after := tree(t, filepath.Join(dir, "public")); after != before {
		t.Errorf("a failed build changed public/")
	}
}

// TestKilledBuildLeavesOutputIntact kills `signpost build` at many points of a build and
// checks that public/ is always either the previous site or the new one, never a mix.
func TestKilledBuildLeavesOutputIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "signpost")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "site")
	if err := corpus.WriteSignpost(dir, buildtest.RepoRoot(), corpus.Pages(400, 1)); err != nil {
		t.Fatal(err)
	}
	build := func() {
		if out, err := exec.Command(bin, "build", "-src", dir).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, out)
		}
	}
	build()
	old := tree(t, filepath.Join(dir, "public"))
	page := filepath.Join(dir, "content/section-001/page-00150.md")
	b, _ := os.ReadFile(page)
	if err := os.WriteFile(page, append(b, []byte("\nA new sentence.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	// Time a full build so the kill points spread across it, including the publish step.
	start := time.Now()
	build()
	full := time.Since(start)
	newTree := tree(t, filepath.Join(dir, "public"))
	if newTree == old {
		t.Fatal("the edit did not change the output")
	}
	// Restore the old output, then kill rebuilds at points from 0% to 100% of a build.
	if err := os.WriteFile(page, b, 0o644); err != nil {
		t.Fatal(err)
	}
	build()
	if err := os.WriteFile(page, append(b, []byte("\nA new sentence.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	sawOld, sawNew := 0, 0
	for i := 0; i <= 12; i++ {
		cmd := exec.Command(bin, "build", "-src", dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(full * time.Duration(i) / 10)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		switch got := tree(t, filepath.Join(dir, "public")); got {
		case old:
			sawOld++
		case newTree:
			sawNew++
			// Put the old site back for the next kill.
			_ = os.WriteFile(page, b, 0o644)
			build()
			_ = os.WriteFile(page, append(b, []byte("\nA new sentence.\n")...), 0o644)
		default:
			t.Fatalf("kill at %d%% of a build left a mixed or partial public/", i*10)
		}
	}
	t.Logf("kills: %d left the previous site, %d the new one; none partial", sawOld, sawNew)
}

// tree hashes every file under dir (path and contents); "" if dir is missing.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", strings.TrimPrefix(n, dir), len(b))
		h.Write(b)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestBuildCache: the second build uses <src>/.signpost-cache/build and publishes the same
// files as a build without a cache; -cache= builds without one.
func TestBuildCache(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.WriteSignpost(dir, buildtest.RepoRoot(), corpus.Pages(30, 1)); err != nil {
		t.Fatal(err)
	}
	build := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append([]string{"build", "-src", dir}, args...), &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr.String())
		}
		return stderr.String()
	}
	if log := build(); !strings.Contains(log, "cache empty") {
		t.Errorf("first build: %q", log)
	}
	if _, err := os.Stat(filepath.Join(dir, ".signpost-cache/build/index")); err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "content/section-000/page-00003.md"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\nAn edit between builds.\n")
	f.Close()
	if log := build(); !strings.Contains(log, "cache: 2 of ") {
		t.Errorf("cached build: %q, want the edited page and 404.html rendered", log)
	}
	cached := tree(t, filepath.Join(dir, "public"))
	os.RemoveAll(filepath.Join(dir, ".signpost-cache"))
	if log := build("-cache="); strings.Contains(log, "cache") {
		t.Errorf("-cache= used a cache: %q", log)
	}
	if _, err := os.Stat(filepath.Join(dir, ".signpost-cache/build")); err == nil {
		t.Error("-cache= wrote a cache")
	}
	if clean := tree(t, filepath.Join(dir, "public")); clean != cached {
		t.Error("the cached build published other files than a clean build")
	}
}
