package search

import (
	"regexp"
	"strings"
)

var (
	mdLinkRE   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdHeadRE   = regexp.MustCompile(`^#{1,6}\s`)
	mdSyntaxRE = regexp.MustCompile("[*_`>|#-]+|\\{#[^}]*\\}|\\[!(NOTE|WARNING|IMPORTANT)\\]")
)

// linkOnlyShare is the share of a section's words inside links above which the section
// only links elsewhere (a "Read more" list, a section's contents).
const linkOnlyShare = 0.6

// LinkOnlySections splits a page's Markdown body at its headings (outside code fences)
// and reports, for the introduction and then each heading's section, whether the section
// is made of links: at least linkOnlyShare of its words are link text. Issue #10: such
// sections must never outrank the section that answers. The build passes the result as
// Doc.LinkOnly when the number of parts matches the page's sections.
func LinkOnlySections(md string) []bool {
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
			continue // a generated block: its text is not in the Markdown
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
