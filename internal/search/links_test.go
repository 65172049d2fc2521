package search

import (
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The regular expressions that define LinkOnlySections (its scan is by hand, for speed).
var (
	mdLinkRE   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdHeadRE   = regexp.MustCompile(`^#{1,6}\s`)
	mdSyntaxRE = regexp.MustCompile("[*_`>|#-]+|\\{#[^}]*\\}|\\[!(NOTE|WARNING|IMPORTANT)\\]")
)

func linkOnlyByRE(md string) []bool {
	var parts []string
	var cur strings.Builder
	fence := false
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if !fence && mdHeadRE.MatchString(line) {
			parts = append(parts, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteString(line + "\n")
	}
	parts = append(parts, cur.String())
	out := make([]bool, len(parts))
	for i, p := range parts {
		if strings.Contains(p, "\n::: ") || strings.HasPrefix(p, "::: ") {
			continue
		}
		linked := 0
		for _, m := range mdLinkRE.FindAllStringSubmatch(p, -1) {
			linked += len(strings.Fields(m[1]))
		}
		all := len(strings.Fields(mdSyntaxRE.ReplaceAllString(mdLinkRE.ReplaceAllString(p, "$1"), " ")))
		out[i] = all > 0 && float64(linked) >= linkOnlyShare*float64(all)
	}
	return out
}

func sameBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestLinkOnlySectionsMatchesDefinition checks the hand-written scan against the regular
// expressions, on every page of the site and on random Markdown-like text.
func TestLinkOnlySectionsMatchesDefinition(t *testing.T) {
	var inputs []string
	filepath.WalkDir("../../content", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			b, _ := os.ReadFile(p)
			inputs = append(inputs, string(b))
		}
		return nil
	})
	if len(inputs) == 0 {
		t.Fatal("no content pages found")
	}
	pieces := []string{"[", "]", "(", ")", "[x](/y/)", "[two words](a)", "# ", "## H", "####### no", "\n", "\n\n", " ", "\t",
		"word", "ünï", "*", "_", "`", ">", "|", "#", "-", "{#id}", "{#", "}", "[!NOTE]", "[!WARNING]", "[!IMPORTANT]", "[!TIP]",
		"```", "~~~", "::: ", "\n::: box\n", "\xff", "\u00a0", "a-b", "#\t", "[a [b](c)", "[a](b [c](d)"}
	r := rand.New(rand.NewSource(1))
	for range 20000 {
		var b strings.Builder
		for range r.Intn(30) {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	inputs = append(inputs, "", "\n", "# H", "x\n# H", "x\n# H\n", "[a](b)\n")
	for _, in := range inputs {
		if got, want := LinkOnlySections(in), linkOnlyByRE(in); !sameBools(got, want) {
			t.Fatalf("LinkOnlySections(%q) = %v, want %v", in, got, want)
		}
	}
}
