package build_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"signpost/internal/buildtest"
)

// realConfig is the repository's site.yaml, edited by the cases below.
func realConfig(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstArea returns the key and the name line of site.yaml's first area.
func firstArea(t *testing.T, cfg string) (key, nameLine string) {
	t.Helper()
	lines := strings.Split(cfg, "\n")
	for i, l := range lines {
		if l == "areas:" && i+2 < len(lines) {
			return strings.TrimSuffix(strings.TrimSpace(lines[i+1]), ":"), lines[i+2]
		}
	}
	t.Fatal("site.yaml has no areas: block")
	return "", ""
}

// TestConfigErrorsStopTheBuild: a broken site.yaml fails the build with only its own
// errors, and an area without a field the site shows fails it naming the area's line
// (issue #18: a typo'd key gave 162 errors, 161 of them knock-on glossary errors).
func TestConfigErrorsStopTheBuild(t *testing.T) {
	cfg := realConfig(t)
	key, nameLine := firstArea(t, cfg)
	if !strings.HasPrefix(strings.TrimSpace(nameLine), "name:") {
		t.Fatalf("the first area's first field is %q, not its name: update this test", nameLine)
	}
	glossary := "- term: MASH\n  expansion: Multi-Agency Safeguarding Hub\n  areas: [" + key + "]\n"
	site := func(config string) string {
		return minimalSite() + "\n-- site.yaml --\n" + config + "\n-- content/_data/glossary.yaml --\n" + glossary
	}
	cases := []struct {
		name, config string
		want         []string // every error line, in order
	}{
		{"typo'd key", strings.Replace(cfg, "\nareas:", "\nareass:", 1), []string{`site.yaml:`, `areass`}},
		{"area without a name", strings.Replace(cfg, nameLine+"\n", "", 1), []string{`site.yaml:`, `area "` + key + `" has no name`}},
		{"area without a partnership", regexpDeleteFirst(cfg, "    partnership: "), []string{`area "` + key + `" has no partnership`}},
		{"area without a safeguarding contact", safeguardingRE.ReplaceAllString(cfg, "${1}"), []string{`area "` + key + `" has no safeguarding contact`}},
		{"an area keyed all", strings.Replace(cfg, "\n  "+key+":\n", "\n  all:\n", 1), []string{`site.yaml:`, `"all" cannot be an area's key`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := buildtest.Build(t, site(c.config))
			if err == nil {
				t.Fatal("the build passed")
			}
			msg := err.Error()
			t.Logf("errors:\n%s", msg)
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("errors lack %q:\n%s", w, msg)
				}
			}
			for _, l := range strings.Split(strings.TrimSpace(msg), "\n") {
				if !strings.HasPrefix(l, "site.yaml:") {
					t.Errorf("an error that is not site.yaml's own: %s", l)
				}
			}
		})
	}
}

// safeguardingRE matches the first area's safeguarding block (the next lines indented more).
var safeguardingRE = regexp.MustCompile(`(?m)\A((?s:.*?))^    safeguarding:\n(?:      .*\n)*`)

// regexpDeleteFirst deletes the first line of s that starts with prefix.
func regexpDeleteFirst(s, prefix string) string {
	i := strings.Index(s, "\n"+prefix)
	if i < 0 {
		return s
	}
	j := strings.IndexByte(s[i+1:], '\n')
	return s[:i] + s[i+1+j:]
}
