package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"signpost/bench/corpus"
	"signpost/internal/buildtest"
)

// TestSIGTERMStopsMarkdownStage sends SIGTERM to `signpost build` while it converts pages
// that take seconds each (paragraphs of unclosed links, just under the limits) and expects
// it to exit within a second, with an error and no public/ (issue 15, item 3).
func TestSIGTERMStopsMarkdownStage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "signpost")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "site")
	if err := corpus.WriteSignpost(dir, buildtest.RepoRoot(), corpus.Pages(20, 1)); err != nil {
		t.Fatal(err)
	}
	// Each slow page: 15 paragraphs of 16,000 bytes of "![a](", a second or more each.
	slow := strings.Repeat(strings.Repeat("![a](", 3200)+"\n\n", 15)
	for i := range 40 {
		p := filepath.Join(dir, "content/section-000", fmt.Sprintf("slow-%02d.md", i))
		src := "---\ntitle: Slow " + fmt.Sprint(i) + "\ndescription: D.\narea: [thurrock]\nsource: {publisher: P, title: T}\n---\n" + slow
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "build", "-src", dir)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Loading 60 pages takes milliseconds; converting the slow ones takes minutes.
	time.Sleep(1500 * time.Millisecond)
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	took := time.Since(sent)
	if err == nil {
		t.Fatalf("the build finished before SIGTERM or ignored it:\n%s", stderr.String())
	}
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "build stopped: terminated signal received") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	if took > time.Second {
		t.Errorf("exited %v after SIGTERM, want under 1s", took)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("public/ was written (%v)", err)
	}
	t.Logf("exited %v after SIGTERM", took)
}
