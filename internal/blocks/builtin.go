package blocks

import (
	"html/template"
	"sort"
	"strings"
	"unicode"

	"signpost/internal/diag"
	"signpost/internal/markdown"
	"signpost/internal/render"
	"signpost/internal/site"
)

func templateHTML(s string) template.HTML { return template.HTML(s) }

// contacts renders "::: contacts AREA [ID ...]" from site.yaml, the only copy of each
// contact's details.
func contacts(c markdown.BlockCall, s *site.Site, p *site.Page) (string, string, diag.List) {
	if len(c.Args) == 0 {
		return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: contacts needs an area").WithHint("for example ::: contacts %s", strings.Join(s.Config.AreaOrder, " or "))}
	}
	area, ok := s.Config.Areas[c.Args[0]]
	if !ok {
		return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "unknown area %q", c.Args[0]).WithHint("areas: %s", strings.Join(s.Config.AreaOrder, ", "))}
	}
	onPage := false
	for _, a := range p.Front.Area {
		if a == c.Args[0] {
			onPage = true
		}
	}
	if !onPage {
		return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "contacts for %s on a page whose area is %v", area.Name, p.Front.Area).WithHint("contacts must match the page's area so areas are never mixed up")}
	}
	list := area.Contacts
	if len(c.Args) > 1 {
		list = nil
		for _, id := range c.Args[1:] {
			ct, ok := area.Contact(id)
			if !ok {
				var ids []string
				for _, x := range area.Contacts {
					ids = append(ids, x.ID)
				}
				return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "area %s has no contact %q", c.Args[0], id).WithHint("contacts: %s", strings.Join(ids, ", "))}
			}
			list = append(list, ct)
		}
	}
	var b, plain strings.Builder
	b.WriteString(`<ul class="contacts">`)
	for _, ct := range list {
		b.WriteString(ContactHTML(ct))
		plain.WriteString(ct.Name + " " + ct.Address + " " + ct.Phone + " " + ct.Email + " " + ct.Web + " ")
	}
	b.WriteString(`</ul>`)
	return b.String(), plain.String(), nil
}

// ContactHTML renders one contact as a list item; phone numbers are tel: links.
func ContactHTML(ct site.Contact) string {
	var b strings.Builder
	b.WriteString(`<li><strong>` + esc(ct.Name) + `</strong><dl>`)
	if ct.Phone != "" {
		b.WriteString(`<dt>Phone</dt><dd><a href="` + esc(string(render.Tel(ct.Phone))) + `">` + esc(ct.Phone) + `</a></dd>`)
	}
	if ct.Email != "" {
		b.WriteString(`<dt>Email</dt><dd><a href="mailto:` + esc(ct.Email) + `">` + esc(ct.Email) + `</a></dd>`)
	}
	if ct.Web != "" {
		b.WriteString(`<dt>Website</dt><dd><a href="` + esc(ct.Web) + `">` + esc(strings.TrimPrefix(strings.TrimPrefix(ct.Web, "https://"), "http://")) + `</a></dd>`)
	}
	if ct.Address != "" {
		b.WriteString(`<dt>Address</dt><dd>` + esc(ct.Address) + `</dd>`)
	}
	b.WriteString(`</dl></li>`)
	return b.String()
}

// sectionsAZ lists every section of every page A to Z: the no-JavaScript way to find
// things, shown on the search page.
func sectionsAZ(s *site.Site, page *site.Page, c markdown.BlockCall) (string, diag.List) {
	type entry struct{ title, url, page string }
	var entries []entry
	for _, p := range s.Pages {
		if p.Front.Layout == "search" {
			continue
		}
		entries = append(entries, entry{p.Front.Title, p.URL, ""})
		for _, sec := range p.Sections {
			if sec.Anchor == "" || sec.Heading == "" {
				continue
			}
			entries = append(entries, entry{sec.Heading, p.URL + "#" + sec.Anchor, p.Front.Title})
		}
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := strings.ToLower(entries[i].title), strings.ToLower(entries[j].title)
		if a != b {
			return a < b
		}
		return entries[i].url < entries[j].url
	})
	groups := map[string][]entry{}
	var letters []string
	for _, e := range entries {
		l := "#"
		for _, r := range e.title {
			if unicode.IsLetter(r) {
				l = strings.ToUpper(string(r))
			}
			break
		}
		if _, ok := groups[l]; !ok {
			letters = append(letters, l)
		}
		groups[l] = append(groups[l], e)
	}
	var b strings.Builder
	b.WriteString(`<h2 id="a-to-z">Every section, A to Z</h2><nav aria-label="Letters"><ul class="az-letters">`)
	for _, l := range letters {
		b.WriteString(`<li><a href="#az-` + letterID(l) + `">` + esc(l) + `</a></li>`)
	}
	b.WriteString(`</ul></nav>`)
	for _, l := range letters {
		b.WriteString(`<h3 id="az-` + letterID(l) + `">` + esc(l) + `</h3><ul class="az-list">`)
		for _, e := range groups[l] {
			b.WriteString(`<li><a href="` + esc(e.url) + `">` + esc(e.title) + `</a>`)
			if e.page != "" {
				b.WriteString(` <span class="az-page">(in ` + esc(e.page) + `)</span>`)
			}
			b.WriteString(`</li>`)
		}
		b.WriteString(`</ul>`)
	}
	return b.String(), nil
}

func letterID(l string) string {
	if l == "#" {
		return "other"
	}
	return strings.ToLower(l)
}
