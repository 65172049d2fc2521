package glossary

import (
	"html"
	"sort"
	"strings"

	"signpost/internal/diag"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// block renders the late block "::: glossary": every term A to Z with its expansion and
// the pages that use it (from the markdown stage's record of terms on each page).
func block(s *site.Site, page *site.Page, c markdown.BlockCall) (string, diag.List) {
	g := Data.Get(s)
	if g == nil {
		return "", nil
	}
	usedOn := map[string][]*site.Page{}
	for _, p := range s.Pages {
		seen := map[string]bool{}
		for _, w := range p.Abbrs {
			e, ok := g.Lookup(w)
			if !ok || seen[e.Term] {
				continue
			}
			seen[e.Term] = true
			usedOn[e.Term] = append(usedOn[e.Term], p)
		}
	}
	var b strings.Builder
	groups := g.Groups()
	b.WriteString(`<nav aria-label="Glossary letters"><ul class="az-letters">`)
	for _, gr := range groups {
		b.WriteString(`<li><a href="#glossary-` + letterID(gr.Letter) + `">` + esc(gr.Letter) + `</a></li>`)
	}
	b.WriteString(`</ul></nav>`)
	for _, gr := range groups {
		b.WriteString(`<h2 id="glossary-` + letterID(gr.Letter) + `">` + esc(gr.Letter) + `</h2><dl class="glossary">`)
		for _, e := range gr.Entries {
			b.WriteString(`<dt id="term-` + esc(markdown.Slug(e.Term)) + `">` + esc(e.Term) + `</dt><dd><p>` + esc(e.Expansion))
			if len(e.Areas) > 0 && len(e.Areas) < len(s.Config.AreaOrder) {
				var names []string
				for _, a := range e.Areas {
					names = append(names, s.Config.Areas[a].Name)
				}
				b.WriteString(` <span class="badge area">` + esc(strings.Join(names, ", ")) + `</span>`)
			}
			b.WriteString(`</p>`)
			if e.Description != "" {
				b.WriteString(`<p>` + esc(e.Description) + `</p>`)
			}
			if pages := usedOn[e.Term]; len(pages) > 0 {
				sort.Slice(pages, func(i, j int) bool { return pages[i].Front.Title < pages[j].Front.Title })
				b.WriteString(`<p class="used-on">Used on: `)
				for i, p := range pages {
					if i > 0 {
						b.WriteString(", ")
					}
					b.WriteString(`<a href="` + esc(p.URL) + `">` + esc(p.Front.Title) + `</a>`)
				}
				b.WriteString(`</p>`)
			}
			b.WriteString(`</dd>`)
		}
		b.WriteString(`</dl>`)
	}
	return b.String(), nil
}

var esc = html.EscapeString

// letterID is a letter's part of an anchor: "#" (terms that start with no letter) is "other".
func letterID(l string) string {
	if l == "#" {
		return "other"
	}
	return strings.ToLower(l)
}
