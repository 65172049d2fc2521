// Package links checks every internal link and #anchor across the rendered site before
// anything is published: a link to a missing page or heading is an error naming the file
// and line where it was written, with the closest existing target as a suggestion.
package links

import (
	"path"
	"sort"
	"strings"

	"signpost/internal/diag"
	"signpost/internal/site"
	"signpost/internal/suggest"
)

// Target is something a link can reach: a page URL with its anchors, or a plain file.
type Target struct {
	Anchors map[string]bool
}

// Check resolves every page's links against pages (by URL) and files (output paths such
// as "assets/x.css" or "favicon.svg"). Relative links resolve against the page URL.
func Check(s *site.Site, anchors map[string]map[string]bool, files map[string]bool) diag.List {
	var diags diag.List
	var sorted []string
	// urls are the page URLs in order, for suggestions: made when a link is broken (a
	// cached build checks every page of the site, and most have no broken link).
	urls := func() []string {
		if sorted == nil {
			sorted = make([]string, 0, len(anchors))
			for u := range anchors {
				sorted = append(sorted, u)
			}
			sort.Strings(sorted)
		}
		return sorted
	}
	for _, p := range s.Pages {
		for _, l := range p.Links {
			if d, bad := checkOne(p, l, anchors, files, urls); bad {
				diags.Add(d)
			}
		}
		for _, in := range p.Front.AlsoIn {
			if t, ok := s.ByURL[in]; !ok || !t.IsSection {
				diags.Add(diag.Errorf(p.File, 1, 1, "also_in names %q, which is not a section", in).WithHint("use a section URL such as /parents/"))
			}
		}
	}
	for _, l := range s.DataLinks {
		diags.Add(checkData(s, l, anchors, files, urls)...)
	}
	return diags
}

// checkData checks a link held in a data file like a page's link (data links are site
// paths, so the page they sit on does not matter), then its area.
func checkData(s *site.Site, l site.DataLink, anchors map[string]map[string]bool, files map[string]bool, urls func() []string) diag.List {
	from := &site.Page{File: l.File, URL: "/"}
	if d, bad := checkOne(from, site.Link{Dest: l.Dest, Line: l.Line, Col: 1}, anchors, files, urls); bad {
		return diag.List{d}
	}
	if l.Area == "" {
		return nil
	}
	dest, _, _ := strings.Cut(l.Dest, "#")
	p, ok := s.ByURL[dest]
	if !ok || len(p.Front.Area) == 0 {
		return nil
	}
	for _, a := range p.Front.Area {
		if a == l.Area {
			return nil
		}
	}
	return diag.List{diag.Errorf(l.File, l.Line, 1, "%s is a page of %s, cited for %s", dest, site.AndList(p.Front.Area), l.Area).
		WithHint("cite the guidance of the area the text is shown for")}
}

func checkOne(p *site.Page, l site.Link, anchors map[string]map[string]bool, files map[string]bool, urls func() []string) (diag.Diag, bool) {
	dest := l.Dest
	frag := ""
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		dest, frag = dest[:i], dest[i+1:]
	}
	if i := strings.IndexByte(dest, '?'); i >= 0 {
		dest = dest[:i]
	}
	target := p.URL
	if dest != "" {
		if strings.HasPrefix(dest, "/") {
			target = dest
		} else {
			target = path.Join(p.URL, dest)
			if strings.HasSuffix(dest, "/") && !strings.HasSuffix(target, "/") {
				target += "/"
			}
		}
	}
	if target == "/index.html" {
		target = "/"
	}
	target = strings.TrimSuffix(target, "index.html")
	as, isPage := anchors[target]
	if !isPage {
		if !strings.HasSuffix(target, "/") {
			if a, ok := anchors[target+"/"]; ok {
				_ = a
				return diag.Errorf(p.File, l.Line, l.Col, "link to %s needs a trailing slash", l.Dest).WithHint("write %s/", target), true
			}
		}
		if files[strings.TrimPrefix(target, "/")] {
			return diag.Diag{}, false
		}
		d := diag.Errorf(p.File, l.Line, l.Col, "broken link: no page at %s", target)
		if s := closest(target, urls()); s != "" {
			d.Hint = "did you mean " + s + "?"
		}
		return d, true
	}
	if frag != "" && !as[frag] {
		var ids []string
		for a := range as {
			ids = append(ids, a)
		}
		sort.Strings(ids)
		d := diag.Errorf(p.File, l.Line, l.Col, "broken anchor: %s has no heading or element with id %q", target, frag)
		if s := closest(frag, ids); s != "" {
			d.Hint = "did you mean #" + s + "?"
		}
		return d, true
	}
	return diag.Diag{}, false
}

func closest(s string, cands []string) string {
	return suggest.Closest(s, cands)
}
