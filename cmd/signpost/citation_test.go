package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"signpost/bench/corpus"
	"signpost/internal/buildtest"
)

// TestBuildCitationFlags: -strict-citations turns an uncited plain-words statement from a
// warning into an error, and -readability prints the table of pages for parents.
func TestBuildCitationFlags(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.WriteSignpost(dir, buildtest.RepoRoot(), corpus.Pages(4, 1)); err != nil {
		t.Fatal(err)
	}
	plain := "---\ntitle: Plain\ndescription: Plain words.\narea: [thurrock]\naudience: [parents]\nsource: {publisher: Signpost, title: Plain, date: \"2026\"}\n---\nParents are told about every referral.\n"
	if err := os.WriteFile(filepath.Join(dir, "content/plain.md"), []byte(plain), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "-src", dir, "-readability"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "content/plain.md:8:1: warning: statement cites no source") {
		t.Errorf("no warning for the uncited statement:\n%s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "| /plain/ | plain words |") {
		t.Errorf("-readability printed no row for /plain/:\n%s", stdout.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"build", "-src", dir, "-strict-citations"}, &stdout, &stderr); code != 1 {
		t.Fatalf("-strict-citations: exit %d, want 1\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "content/plain.md:8:1: statement cites no source") {
		t.Errorf("-strict-citations: no error for the uncited statement:\n%s", stderr.String())
	}
}
