package cwdcheck

import (
	"signpost/internal/diag"
	"signpost/internal/glossary"
	"signpost/internal/site"
	"signpost/widgets/cwd"
)

// Citations lists every source cwd.yaml cites (route sources, block sources and the
// sources of "what to say"), with the area whose guidance each must be, for the site's
// link check (internal/links): it resolves the page and anchor like a Markdown link and
// checks the cited page's area (issue #13). Routes and answers of "any" and "elsewhere"
// are shown whatever the site area, so their sources may be any area's: their texts say
// whose guidance they quote.
func Citations(file string, d *cwd.Data, contacts ContactLookup) []site.DataLink {
	var out []site.DataLink
	siteArea := func(id string) string {
		if _, ok := contacts.AreaName(id); ok {
			return id
		}
		return ""
	}
	for _, a := range d.Areas {
		area := siteArea(a.ID)
		for _, r := range a.Routes {
			out = append(out, site.DataLink{File: file, Line: r.Line, Dest: r.Source.URL, Area: area})
			for _, bs := range [][]cwd.Block{r.What, r.How} {
				for _, b := range bs {
					if b.Source != "" {
						out = append(out, site.DataLink{File: file, Line: r.Line, Dest: b.Source, Area: area})
					}
				}
			}
		}
	}
	for _, s := range d.Steps {
		for _, o := range s.Options {
			if o.Source != "" {
				area := ""
				switch {
				case s.ID == cwd.AreaStep:
					area = siteArea(o.ID)
				case len(s.Areas) == 1:
					area = siteArea(s.Areas[0])
				}
				out = append(out, site.DataLink{File: file, Line: o.Line, Dest: o.Source, Area: area})
			}
			for _, k := range sortedKeys(o.Sources) {
				line := o.SourceLines[k]
				if line == 0 {
					line = o.Line
				}
				out = append(out, site.DataLink{File: file, Line: line, Dest: o.Sources[k], Area: siteArea(k)})
			}
		}
	}
	return out
}

// validateSources checks the sources of "what to say" against the areas: a question asked
// in every area after the area question says something about the family that each area's
// guidance must back, so each site area names a section of its own in its sources:.
func validateSources(file string, d *cwd.Data, contacts ContactLookup) diag.List {
	var ds diag.List
	var siteAreas []string
	after := false
	for _, s := range d.Steps {
		if s.ID == cwd.AreaStep {
			for _, o := range s.Options {
				if _, ok := contacts.AreaName(o.ID); ok {
					siteAreas = append(siteAreas, o.ID)
				}
			}
			after = true
			continue
		}
		for _, o := range s.Options {
			if o.Say == "" {
				continue
			}
			asked := s.Areas
			if len(asked) == 0 {
				asked = siteAreas
			}
			if !after || len(s.Areas) == 1 {
				continue // one source serves: before the area is known, or one area only
			}
			for _, a := range asked {
				if _, ok := o.Sources[a]; !ok {
					ds.Add(diag.Errorf(file, o.Line, 0, "answer %s/%s: no source for %s", s.ID, o.ID, a).
						WithHint("a question asked in several areas needs a section of each area's guidance: add %s/%s: /page/#section (or %s: for all its answers) under sources: of area %s", s.ID, o.ID, s.ID, a))
				}
			}
		}
	}
	return ds
}

// CheckTerms checks each route's terms against the glossary: the entry exists and belongs
// to the route's area (or to no area), so an explanation never describes another area's
// service. It also reports acronyms of the glossary that a route uses without listing.
func CheckTerms(file string, d *cwd.Data, g *glossary.Glossary, contacts ContactLookup) diag.List {
	var ds diag.List
	if g == nil {
		return diag.List{diag.Errorf(file, 0, 0, "the check's terms need content/_data/glossary.yaml")}
	}
	for _, a := range d.Areas {
		_, isSite := contacts.AreaName(a.ID)
		for i := range a.Routes {
			r := &a.Routes[i]
			for _, t := range r.Terms {
				e, ok := entry(g, t.Glossary)
				switch {
				case !ok:
					ds.Add(diag.Errorf(file, r.Line, 0, "route %s/%s: term %q: no glossary entry %q", a.ID, r.ID, t.Text, t.Glossary).
						WithHint("add the entry to content/_data/glossary.yaml"))
				case isSite && len(e.Areas) > 0 && !contains(e.Areas, a.ID):
					ds.Add(diag.Errorf(file, r.Line, 0, "route %s/%s: glossary entry %q is not one of %s's terms", a.ID, r.ID, t.Glossary, a.ID))
				}
			}
			for _, w := range acronyms(RouteText(r)) {
				e, ok := g.Lookup(w)
				if !ok || !e.IsAcronym() || listed(r.Terms, w) {
					continue
				}
				ds.Add(diag.Errorf(file, r.Line, 0, "route %s/%s uses %q with no explanation", a.ID, r.ID, w).
					WithHint("add it to the route's terms: {text: %q, glossary: %q}", w, e.Term))
			}
		}
	}
	return ds
}

// entry finds a glossary entry by its exact term.
func entry(g *glossary.Glossary, term string) (glossary.Entry, bool) {
	for _, e := range g.Entries {
		if e.Term == term {
			return e, true
		}
	}
	return glossary.Entry{}, false
}

func listed(terms []cwd.Term, w string) bool {
	for _, t := range terms {
		if t.Text == w || containsWord(t.Text, w) {
			return true
		}
	}
	return false
}

// acronyms returns the words of s written in capitals (two or more letters), once each.
func acronyms(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range words(s) {
		caps := len(w) >= 2
		for _, r := range w {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				caps = false
				break
			}
		}
		if caps && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func words(s string) []string {
	var out []string
	start := -1
	for i, r := range s + " " {
		word := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		if word && start < 0 {
			start = i
		}
		if !word && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

func containsWord(text, w string) bool {
	for _, x := range words(text) {
		if x == w {
			return true
		}
	}
	return false
}
