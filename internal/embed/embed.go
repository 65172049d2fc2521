// Package embed makes the embeddable form of the parents' pages, the Children with
// Disability check among them, so a school can show the current guidance on its own
// website in a frame instead of copying text that goes stale (issue #16, part 1). It runs
// after the markdown stage (late blocks filled in) and before render, like
// internal/printdoc: it reads the converted pages and returns pages for the "embed" layout
// and the staff page for the "embedguide" layout; it does no I/O.
//
// An embeddable page lives at Prefix + the full page's path (/embed/parents/cwd-check/).
// Its layout (layouts/embed.html) keeps the content, its area and publisher line, the
// emergency line and Exit this page, and leaves out the site header and navigation; links
// open on the full site in the top window. Only these pages may be framed, by the origins
// site.yaml's embed.frame_ancestors lists (config.go checks them, and that netlify.toml's
// /embed/* rule sends the same list).
//
// Sizing: the school adds /embed.js (host.js here) beside the iframe. The embed page
// (assets/js/embed-frame.js) says "ready" to its parent; the school-side script answers
// "hello" to this site's origin only; the embed page then posts its height to the origin
// that said hello, only to its parent, and the school-side script accepts heights only
// from this site's origin and only for its own iframes. Without the script the iframe keeps
// the snippet's fixed height and scrolls.
package embed

import (
	_ "embed"
	"html/template"
	"regexp"
	"strings"

	"signpost/internal/site"
)

// Prefix is put before a full page's path to give its embeddable form.
const Prefix = "/embed"

// Layout renders an embeddable page (layouts/embed.html, a whole document of its own).
const Layout = "embed"

// GuideURL is the page for school staff.
const GuideURL = "/embed-guidance/"

// GuideLayout renders the staff page (layouts/embedguide.html).
const GuideLayout = "embedguide"

// HostScriptPath is the school-side script's output path; its name never changes, as
// schools' pages point at it.
const HostScriptPath = "embed.js"

// HostScript is the school-side resizing script.
//
//go:embed host.js
var HostScript []byte

// Section is the top-level section whose pages are embeddable.
const Section = "/parents/"

// FallbackHeight is the iframe's height in the snippet, in CSS pixels, for a school page
// without /embed.js: the check's first question and the emergency line fit, and the frame
// scrolls for the rest.
const FallbackHeight = 720

// Enabled reports whether site.yaml allows any site to frame the embeddable pages; without
// an embed key nothing is made.
func Enabled(s *site.Site) bool { return len(s.Config.Embed.FrameAncestors) > 0 }

// Embeddable reports whether p has an embeddable form: the parents' section page and every
// page under it.
func Embeddable(p *site.Page) bool {
	return p != nil && strings.HasPrefix(p.URL, Section)
}

// URL is the embeddable form's URL of a page's URL.
func URL(pageURL string) string { return Prefix + pageURL }

// Find returns the embeddable pages of the site in URL order, or none when embedding is
// not enabled.
func Find(s *site.Site) []*site.Page {
	if !Enabled(s) {
		return nil
	}
	var out []*site.Page
	for _, p := range s.Pages {
		if Embeddable(p) {
			out = append(out, p)
		}
	}
	return out
}

// Page returns the embeddable form of p, to be rendered with the "embed" layout. Its
// Parent is p, so the layout can link the full page.
func Page(p *site.Page) *site.Page {
	front := p.Front
	front.Layout = Layout
	f := false
	front.TOC = &f
	front.AlsoIn = nil
	e := &site.Page{File: p.File, URL: URL(p.URL), Parent: p, Front: front,
		HasWidget: p.HasWidget, Widgets: p.Widgets, Headings: p.Headings}
	e.HTML = template.HTML(keepFragments(string(p.HTML)))
	return e
}

// fragmentLink matches an opening <a> tag whose link is to a place on the same page.
var fragmentLink = regexp.MustCompile(`<a\s[^>]*\bhref="#[^>]*>`)

// keepFragments makes links within the page stay in the frame: the layout's
// <base target="_top"> sends every other link to the top window.
func keepFragments(h string) string {
	return fragmentLink.ReplaceAllStringFunc(h, func(tag string) string {
		if strings.Contains(tag, " target=") {
			return tag
		}
		return "<a target=\"_self\"" + tag[2:]
	})
}
