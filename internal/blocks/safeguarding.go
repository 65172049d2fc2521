package blocks

import (
	"strings"

	"signpost/internal/diag"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// safeguarding renders "::: safeguarding [AREA ...]": who to contact about a child's safety
// in every area of site.yaml, each under its area's name, or only in the areas named. It is
// the site-wide part of "where to get help": a new area appears in it by its site.yaml entry
// alone, with no page edit (issue #18). Each entry names its area, so no area's contact is
// shown as another's.
func safeguarding(c markdown.BlockCall, s *site.Site, p *site.Page) (string, string, diag.List) {
	keys := s.Config.AreaOrder
	if len(c.Args) > 0 {
		keys = c.Args
		for _, k := range keys {
			if _, ok := s.Config.Areas[k]; !ok {
				return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "unknown area %q", k).WithHint("areas: %s", strings.Join(s.Config.AreaOrder, ", "))}
			}
		}
	}
	var b, plain strings.Builder
	b.WriteString(`<ul class="contacts safeguarding-contacts">`)
	for _, k := range keys {
		a := s.Config.Areas[k]
		ct := a.Safeguarding
		ct.Name = "In " + a.Name + ": " + ct.Name
		b.WriteString(ContactHTML(ct))
		plain.WriteString(ct.Name + " " + ct.Web + " ")
	}
	b.WriteString(`</ul>`)
	return b.String(), plain.String(), nil
}
