package searchbench

import "testing"

// TestLinkOnlyFound lists the sections the build marks as only links, so a change in the
// detection shows; the "Read more" lists of the parents' pages must be among them.
func TestLinkOnlyFound(t *testing.T) {
	_, docs := builtSite(t)
	n := 0
	readMore := 0
	for _, d := range docs {
		if d.LinkOnly {
			n++
			t.Log(d.URL)
			if d.Heading == "Read more" {
				readMore++
			}
		}
	}
	if readMore < 4 {
		t.Errorf("%d link-only sections, %d of them Read more; want every Read more list", n, readMore)
	}
}
