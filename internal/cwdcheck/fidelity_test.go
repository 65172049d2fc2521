package cwdcheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"signpost/internal/markdown"
	"signpost/widgets/cwd"
)

var (
	headingRE    = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*$`)
	explicitIDRE = regexp.MustCompile(`\s*\{#([A-Za-z0-9_-]+)\}$`)
	modalRE      = regexp.MustCompile(`(?i)\b(must|should|may)\b`)
	numberRE     = regexp.MustCompile(`\b\d+[a-c]?\b`)
)

// TestFidelity checks each route text against the section it cites (issue #13, item 4):
// every must, should or may in the text is in the section too, and so is every number
// (a level, an age, a section of an Act), so a text cannot cite a section that says
// something else or turn "should" into "must".
func TestFidelity(t *testing.T) {
	d, _ := loadReal(t)
	for _, a := range d.Areas {
		for _, r := range a.Routes {
			for _, bs := range [][]cwd.Block{r.What, r.How} {
				for _, b := range bs {
					src := b.Source
					if src == "" {
						src = r.Source.URL
					}
					section := sectionText(t, src)
					if section == "" {
						continue
					}
					low := strings.ToLower(section)
					for _, text := range append([]string{b.P}, b.List...) {
						for _, m := range modalRE.FindAllString(text, -1) {
							if !regexp.MustCompile(`(?i)\b` + m + `\b`).MatchString(section) {
								t.Errorf("%s/%s: %q says %q, which %s does not", a.ID, r.ID, clip(text), m, src)
							}
						}
						for _, n := range numberRE.FindAllString(text, -1) {
							if n != "999" && !strings.Contains(low, strings.ToLower(n)) {
								t.Errorf("%s/%s: %q has %s, which %s does not", a.ID, r.ID, clip(text), n, src)
							}
						}
					}
				}
			}
		}
	}
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// sectionText returns the Markdown text of the section url names: from its heading to the
// next heading of the same or a higher level; the whole page for an anchor that is not a
// heading (#main-content, or text before the first heading).
func sectionText(t *testing.T, url string) string {
	t.Helper()
	path, anchor, _ := strings.Cut(url, "#")
	rel := strings.Trim(path, "/")
	var src []byte
	for _, f := range []string{rel + ".md", filepath.Join(rel, "_index.md")} {
		if b, err := os.ReadFile(filepath.Join(root, "content", f)); err == nil {
			src = b
			break
		}
	}
	if src == nil {
		t.Errorf("no page for %s", url)
		return ""
	}
	lines := strings.Split(string(src), "\n")
	start, level := -1, 0
	for i, line := range lines {
		m := headingRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if start >= 0 && len(m[1]) <= level {
			return strings.Join(lines[start:i], "\n")
		}
		text, id := m[2], ""
		if e := explicitIDRE.FindStringSubmatch(text); e != nil {
			id = e[1]
		} else {
			id = markdown.Slug(text)
		}
		if start < 0 && id == anchor {
			start, level = i, len(m[1])
		}
	}
	if start >= 0 {
		return strings.Join(lines[start:], "\n")
	}
	return string(src)
}
