package links

import (
	"regexp"
)

var idRE = regexp.MustCompile(`\sid="([^"]+)"`)

// IDs returns every id attribute in an HTML document, the anchors a link may target.
func IDs(html []byte) map[string]bool {
	out := map[string]bool{}
	for _, m := range idRE.FindAllSubmatch(html, -1) {
		out[string(m[1])] = true
	}
	return out
}
