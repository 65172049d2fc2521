package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"signpost/internal/buildtest"
)

// cliSite writes a small site (the repository's layouts, assets, site.yaml and
// netlify.toml with a few pages) into a temporary folder.
func cliSite(t *testing.T) string {
	t.Helper()
	return buildtest.WriteSite(t, `
-- content/_index.md --
`+buildtest.Page("Home", "", "Welcome.\n")+`
-- content/parents/_index.md --
`+buildtest.Page("For parents", "", "Guides.\n")+`
-- content/parents/help.md --
`+buildtest.Page("Getting help", "", "## Who can help\n\nText.\n"), "netlify.toml")
}

// TestBuildOutputHasNoDevScript: `signpost build` never ships the live-reload client or
// anything else of the dev server, and keeps fingerprinted asset names.
func TestBuildOutputHasNoDevScript(t *testing.T) {
	dir := cliSite(t)
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "-src", dir, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr.String())
	}
	pages := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if strings.Contains(rel, "dev") && strings.HasSuffix(rel, ".js") || strings.Contains(rel, "reload") {
			t.Errorf("build output has %s", rel)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("_signpost")) || bytes.Contains(b, []byte("reload.js")) || bytes.Contains(b, []byte("EventSource")) {
			t.Errorf("%s mentions the dev server", rel)
		}
		if strings.HasSuffix(rel, ".html") {
			pages++
			if !bytes.Contains(b, []byte(`/assets/main.`)) || bytes.Contains(b, []byte(`href="/assets/main.css"`)) {
				t.Errorf("%s does not link a fingerprinted stylesheet", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 3 {
		t.Errorf("only %d pages built", pages)
	}
}

// lockedBuffer is written by the command and read by the test.
type lockedBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs `signpost serve` with args until the test ends; it returns the URL the
// command printed and its stderr.
func startServe(t *testing.T, args ...string) (string, *lockedBuffer, func() int) {
	t.Helper()
	pr, pw := io.Pipe()
	stderr := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"serve"}, args...), pw, stderr)
		pw.Close()
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "serving "); ok {
				urls <- u
			}
		}
	}()
	stop := func() int {
		cancel()
		select {
		case c := <-code:
			return c
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop")
		}
		return -1
	}
	t.Cleanup(func() { cancel() })
	select {
	case u := <-urls:
		return u, stderr, stop
	case c := <-code:
		t.Fatalf("serve exited %d:\n%s", c, stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("serve never printed its URL:\n%s", stderr)
	}
	return "", nil, nil
}

// TestServeCommand: serve builds, answers on loopback with the reload client in its pages,
// and stops cleanly.
func TestServeCommand(t *testing.T) {
	dir := cliSite(t)
	u, stderr, stop := startServe(t, "-src", dir, "-addr", "127.0.0.1:0")
	if !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Errorf("URL %q", u)
	}
	resp, err := http.Get(u + "parents/help/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `<script src="/_signpost/reload.js" defer></script>`) {
		t.Errorf("GET page: %d\n%s", resp.StatusCode, b)
	}
	resp, err = http.Get(u + "_signpost/reload.js")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "EventSource") {
		t.Errorf("reload.js not served: %d", resp.StatusCode)
	}
	if strings.Contains(stderr.String(), "WARNING") {
		t.Errorf("warned on loopback:\n%s", stderr)
	}
	if code := stop(); code != 0 {
		t.Errorf("serve exited %d:\n%s", code, stderr)
	}
}

// TestServeWarnsBeyondLoopback: listening on every interface is allowed but loud.
func TestServeWarnsBeyondLoopback(t *testing.T) {
	dir := cliSite(t)
	_, stderr, stop := startServe(t, "-src", dir, "-addr", "0.0.0.0:0")
	stop()
	if !strings.Contains(stderr.String(), "WARNING: serving on 0.0.0.0:0 (every network interface)") {
		t.Errorf("no warning:\n%s", stderr)
	}
}

func TestServeBadArgs(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"serve", "-nope"}, &out, &errb); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
	if code := run(context.Background(), []string{"serve", "extra"}, &out, &errb); code != 2 {
		t.Errorf("extra argument: exit %d", code)
	}
}
