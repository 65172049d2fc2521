package corpus

import (
	"context"
	"testing"

	"signpost/internal/build"
	"signpost/internal/buildtest"
)

// TestCorpusBuilds: a small generated corpus is a valid Signpost site (so the benchmark
// times real, successful builds).
func TestCorpusBuilds(t *testing.T) {
	dir := t.TempDir()
	if err := WriteSignpost(dir, buildtest.RepoRoot(), Pages(120, 1)); err != nil {
		t.Fatal(err)
	}
	res, err := build.Run(context.Background(), build.Config{Src: dir, NoWASM: true})
	if err != nil {
		t.Fatalf("corpus build failed:\n%v", err)
	}
	if res.Pages < 120 {
		t.Errorf("built %d pages, want ≥ 120", res.Pages)
	}
}

// BenchmarkBuild1000 builds a 1,000-page corpus in memory (no publish).
func BenchmarkBuild1000(b *testing.B) {
	dir := b.TempDir()
	if err := WriteSignpost(dir, buildtest.RepoRoot(), Pages(1000, 1)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := build.Run(context.Background(), build.Config{Src: dir, NoWASM: true}); err != nil {
			b.Fatal(err)
		}
	}
}
