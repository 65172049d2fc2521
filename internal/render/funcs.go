package render

import (
	"html/template"
	"strings"

	"signpost/internal/embed"
	"signpost/internal/offline"
	"signpost/internal/site"
)

// funcs are every function the layouts may call.
var funcs = template.FuncMap{
	// tel turns a written phone number into a tel: URL with the UK country code.
	"tel":           Tel,
	"join":          strings.Join,
	"audienceLabel": audienceLabel,
	"areaNames":     areaNames,
	"isAncestor":    isAncestor,
	"add":           func(a, b int) int { return a + b },
	// trimSlash drops a trailing slash, to join a base URL and a path.
	"trimSlash": func(s string) string { return strings.TrimSuffix(s, "/") },
	// printURL is the whole-document page of the document a page belongs to, or "".
	"printURL": printURL,
	// offlineScope and offlineAuto: the page can be kept offline; it registers the
	// service worker on its first visit (the tier matrix).
	"offlineScope": offlineScope,
	"offlineAuto":  offlineAuto,
	// embedOn: schools may show the parents' pages (internal/embed).
	"embedOn": embedOn,
}

// The functions above with names, for the layouts written in Go (page.go) to call.

func audienceLabel(a string) string {
	switch a {
	case "parents":
		return "Parents and carers"
	case "professionals":
		return "Professionals"
	}
	return a
}

func areaNames(areas []site.Area) string {
	var names []string
	for _, a := range areas {
		names = append(names, a.Name)
	}
	return site.AndList(names)
}

func isAncestor(anc, p *PageView) bool {
	for q := p; q != nil; q = q.Parent() {
		if q.URL() == anc.URL() {
			return true
		}
	}
	return false
}

func printURL(p *PageView) string { return p.r.ask(qPrintURL, p.url).(string) }

func offlineScope(p *PageView) bool { return offline.InScope(&site.Page{URL: p.URL()}) }

func offlineAuto(p *PageView) bool { return p.r.ask(qOfflineAuto, p.url).(bool) }

func embedOn(s *SiteView) bool { return embed.Enabled(&site.Site{Config: *s.Config()}) }

// Tel returns the tel: URL for a UK number as written ("01782 683129" → "tel:+441782683129").
func Tel(phone string) template.URL {
	var b strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "0") {
		d = "+44" + d[1:]
	}
	return template.URL("tel:" + d)
}
