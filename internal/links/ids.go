package links

import "bytes"

// IDs returns every id attribute in an HTML document, the anchors a link may target. The
// generator writes attributes as id="…" (html/template and goldmark both do), so a byte
// scan is enough and much faster than a regular expression on large pages.
func IDs(html []byte) map[string]bool {
	out := map[string]bool{}
	needle := []byte(` id="`)
	for {
		i := bytes.Index(html, needle)
		if i < 0 {
			return out
		}
		html = html[i+len(needle):]
		j := bytes.IndexByte(html, '"')
		if j < 0 {
			return out
		}
		out[string(html[:j])] = true
		html = html[j+1:]
	}
}
