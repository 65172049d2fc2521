package cwdcheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"signpost/internal/markdown"
)

var (
	headingRE    = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*$`)
	explicitIDRE = regexp.MustCompile(`\s*\{#([A-Za-z0-9_-]+)\}$`)
)

// TestSourceLinks checks that every guide section the check links to exists: the page in
// content/ and, for an anchor, a heading with that id (explicit, or the automatic slug).
// The site's link check would catch a break at build time; this names the route.
func TestSourceLinks(t *testing.T) {
	d, _ := loadReal(t)
	check := func(where, url string) {
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
			t.Errorf("%s: no page for %s", where, url)
			return
		}
		if anchor == "" {
			return
		}
		for _, line := range strings.Split(string(src), "\n") {
			m := headingRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			text := m[1]
			if e := explicitIDRE.FindStringSubmatch(text); e != nil {
				if e[1] == anchor {
					return
				}
				continue
			}
			if markdown.Slug(text) == anchor {
				return
			}
		}
		t.Errorf("%s: no heading with id %q in %s", where, anchor, path)
	}
	for _, a := range d.Areas {
		check("area "+a.ID, a.Guide.URL)
		for _, r := range a.Routes {
			check("route "+a.ID+"/"+r.ID, r.Source.URL)
		}
	}
}
