package build_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"signpost/internal/build"
	"signpost/internal/buildtest"
)

// TestBlockErrorColumns: a block's error points at the argument it is about, wherever it
// is written: the directive allows any blanks after ":::" and between arguments, so no
// column is assumed (issue 14).
func TestBlockErrorColumns(t *testing.T) {
	archive := "-- content/_index.md --\n" + buildtest.Page("H", "", "Text.\n\n"+
		":::   chart    nope\n\n"+ // line 10
		":::  diagram   nope\n\n"+ // line 12
		":::    widget   tier-matrx\n\n"+ // line 14
		":::   widget  tier-matrix   nope\n\n"+ // line 16
		":::  indicators   Z\n\n"+ // line 18
		":::   diagarm x\n") // line 20
	for _, f := range []string{"report.yaml", "diagrams.yaml", "indicators.yaml"} {
		b, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "content", "_data", f))
		if err != nil {
			t.Fatal(err)
		}
		archive += "\n-- content/_data/" + f + " --\n" + string(b)
	}
	_, err := build.Run(context.Background(), build.Config{FS: buildtest.FS(t, archive), NoWASM: true,
		Now: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)})
	if err == nil {
		t.Fatal("build succeeded, want errors")
	}
	for _, want := range []string{
		`content/_index.md:10:16: unknown chart "nope"`,
		`content/_index.md:12:16: unknown diagram "nope"`,
		`content/_index.md:14:17: unknown widget "tier-matrx"`,
		`content/_index.md:16:29: unknown tier matrix "nope"`,
		`content/_index.md:18:19: unknown appendix "Z"`,
		`content/_index.md:20:7: unknown block "diagarm"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q; got:\n%v", want, err)
		}
	}
}

// TestMissingGlossary: "::: glossary" without glossary.yaml names the file, as every
// block a registered data file feeds does.
func TestMissingGlossary(t *testing.T) {
	archive := "-- content/_index.md --\n" + buildtest.Page("H", "", "::: glossary\n")
	_, err := build.Run(context.Background(), build.Config{FS: buildtest.FS(t, archive), NoWASM: true,
		Now: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)})
	if want := "content/_data/glossary.yaml: data file is missing, and pages use what it feeds (::: glossary)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestFeaturesDocumented: every data file a feature reads, and every block it feeds, has
// its row in docs/architecture.md (whose own test checks the owner named there).
func TestFeaturesDocumented(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "docs", "architecture.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	seen := map[string]string{}
	for _, f := range build.Features {
		for _, df := range f.Files {
			if other, dup := seen[df.Base]; dup {
				t.Errorf("%s.yaml is read by both %s and %s", df.Base, other, f.Name)
			}
			seen[df.Base] = f.Name
			if !strings.Contains(doc, "| `"+df.Base+".yaml`") {
				t.Errorf("docs/architecture.md has no row for %s.yaml (read by %s)", df.Base, f.Name)
			}
			for name := range df.Kinds {
				if !strings.Contains(doc, "| `::: "+name) {
					t.Errorf("docs/architecture.md has no row for ::: %s (%s)", name, f.Name)
				}
			}
			for name := range df.Late {
				if !strings.Contains(doc, "| `::: "+name) {
					t.Errorf("docs/architecture.md has no row for ::: %s (%s)", name, f.Name)
				}
			}
			for name := range df.Widgets {
				if !strings.Contains(doc, "| `::: widget "+name) {
					t.Errorf("docs/architecture.md has no row for ::: widget %s (%s)", name, f.Name)
				}
			}
		}
	}
}

// TestBrokenDataFileBlocks: when a data file does not decode, its errors are what the
// build reports; the blocks it feeds add no "unknown widget" or guess of their own.
func TestBrokenDataFileBlocks(t *testing.T) {
	archive := "-- content/_index.md --\n" + buildtest.Page("H", "", "::: widget cwd-check\n\n::: widget tier-matrix\n") +
		"\n-- content/_data/cwd.yaml --\ncolour: red\n" +
		"\n-- content/_data/indicators.yaml --\nform: [\n"
	_, err := build.Run(context.Background(), build.Config{FS: buildtest.FS(t, archive), NoWASM: true,
		Now: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)})
	if err == nil {
		t.Fatal("build succeeded")
	}
	got := err.Error()
	for _, want := range []string{"content/_data/cwd.yaml:1:1: field colour not found", "content/_data/indicators.yaml:"} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "content/_index.md") {
		t.Errorf("the page's blocks report errors of their own:\n%s", got)
	}
}
