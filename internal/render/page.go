package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
)

// The page and section layouts in Go. Nearly every page of a site is a "page"
// (layouts/page.html within layouts/base.html) or a "section", and executing those
// templates is mostly reflection: writePage writes, for the repository's layouts, the
// bytes they would, reading the page through the same Data methods in the same order, so
// the same reads are recorded.
//
// The layout files stay the source: writePage writes a layout only while the files it is
// made of (base.html, every partial, the layout's own file) are byte for byte those it
// was written from, goLayouts. A site whose layouts differ, or a change to them here, is
// rendered by the templates, as every other layout is; TestPageLayoutHash fails until
// writePage is brought up to date with the files and the hashes set again, and
// TestWritePage checks that it writes what the templates write. The parts executed once
// per build (Cached) and the section navigation's items (NavList) are still executed
// from the files.

// goLayouts are the layouts writePage writes, each with layoutHash of the files it was
// written from, and its "main".
var goLayouts = map[string]struct {
	hash string
	main func(*Data, *bytes.Buffer) error
}{
	"page":    {"5808a02c4484eab35336665811436f102c92e95d0c6c71185aad8817ebb6fdcc", (*Data).writePageMain},
	"section": {"7bc31171fc71667b0108dc157ebf954a2e38ba1371ab2386d1d3989a3ec2e241", (*Data).writeSectionMain},
}

// layoutHash hashes the layout files a page layout is made of: each file's name and
// contents.
func layoutHash(files []layoutFile) string {
	h := sha256.New()
	for _, f := range files {
		h.Write([]byte(strconv.Itoa(len(f.name)) + ":" + f.name + strconv.Itoa(len(f.text)) + ":"))
		h.Write(f.text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

type layoutFile struct {
	name string
	text []byte
}

// writePage writes what base.html writes executing main, a layout's "main".
func writePage(b *bytes.Buffer, d *Data, main func(*Data, *bytes.Buffer) error) error {
	cfg := d.Site().Config()
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	escHTML(b, cfg.Language)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	p := d.Page()
	if p.URL() == "/" {
		escHTML(b, d.Site().Config().Title)
		b.WriteString(": ")
		escHTML(b, d.Site().Config().Tagline)
	} else {
		escHTML(b, p.Front().Title)
		b.WriteString(" – ")
		escHTML(b, d.Site().Config().Title)
	}
	b.WriteString("</title>\n<meta name=\"description\" content=\"")
	escHTML(b, p.Front().Description)
	b.WriteString("\">\n")
	if c := d.Canonical(); c != "" {
		b.WriteString("<link rel=\"canonical\" href=\"")
		escURL(b, c)
		b.WriteString("\">")
	}
	b.WriteString("\n")
	if err := d.writeCached(b, "assets.html", d.Opts().Manifest()); err != nil {
		return err
	}
	if p.HasWidget() {
		if wasm := d.Opts().WASM(); wasm != "" {
			b.WriteString("\n<link rel=\"preload\" href=\"")
			escURL(b, wasm)
			b.WriteString("\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n<meta name=\"signpost-wasm\" content=\"")
			escHTML(b, d.Opts().WASM())
			b.WriteString("\">\n<meta name=\"signpost-wasm-exec\" content=\"")
			escHTML(b, d.Opts().WASMExec())
			b.WriteString("\">\n<script type=\"module\" src=\"")
			escURL(b, d.Opts().Manifest()["widgets.js"])
			b.WriteString("\"></script>\n<script type=\"module\" src=\"")
			escURL(b, d.Opts().Manifest()["matrix.js"])
			b.WriteString("\"></script>")
		}
	}
	if p.Front().Layout == "search" || p.URL() == "/search/" {
		b.WriteString("\n<script type=\"module\" src=\"")
		escURL(b, d.Opts().Manifest()["search.js"])
		b.WriteString("\"></script>")
	}
	if dev := d.Opts().DevScript(); dev != "" {
		b.WriteString("\n<script src=\"")
		escURL(b, dev)
		b.WriteString("\" defer></script>")
	}
	b.WriteString("\n</head>\n<body>\n<a href=\"#main-content\" class=\"skip-link\">Skip to main content</a>\n")
	if err := d.writeCached(b, "exit.html", d.Site().Config().ExitURL); err != nil {
		return err
	}
	b.WriteString("\n<header class=\"site-header\">\n")
	if err := d.writeCached(b, "masthead.html", d.Site().Config()); err != nil {
		return err
	}
	b.WriteString("\n  <nav class=\"site-nav\" aria-label=\"Main\">\n    <ul class=\"container\">")
	for _, sec := range d.Sections() {
		b.WriteString("\n      <li><a href=\"")
		escURL(b, sec.URL())
		b.WriteString("\"")
		if isAncestor(sec, d.Page()) {
			b.WriteString(" aria-current=\"")
			if sec.URL() == d.Page().URL() {
				b.WriteString("page")
			} else {
				b.WriteString("true")
			}
			b.WriteString("\"")
		}
		b.WriteString(">")
		escHTML(b, sec.NavTitle())
		b.WriteString("</a></li>")
	}
	b.WriteString("\n      <li><a href=\"/glossary/\"")
	if p.URL() == "/glossary/" {
		b.WriteString(" aria-current=\"page\"")
	}
	b.WriteString(">Glossary</a></li>\n    </ul>\n  </nav>\n</header>\n")
	if err := d.writeCached(b, "danger.html", d.Banner()); err != nil {
		return err
	}
	b.WriteString("\n<div class=\"container\">\n  ")
	d.writeBreadcrumbs(b)
	b.WriteString("\n  <main id=\"main-content\" tabindex=\"-1\">\n    ")
	if err := main(d, b); err != nil {
		return err
	}
	b.WriteString("\n    ")
	d.writeDocTools(b)
	b.WriteString("\n  </main>\n</div>\n<footer class=\"site-footer\">\n  <div class=\"container\">\n    ")
	d.writeAttribution(b)
	b.WriteString("\n    <ul class=\"footer-links\">\n      <li><a href=\"/accessibility/\">Accessibility statement</a></li>\n      <li><a href=\"/privacy/\">Privacy: what this site does not collect</a></li>\n      <li><a href=\"/glossary/\">Glossary</a></li>\n      <li><a href=\"/search/\">Search and A to Z of sections</a></li>")
	if embedOn(d.Site()) {
		b.WriteString("\n      <li><a href=\"/embed-guidance/\">Show this guidance on your school website</a></li>")
	}
	b.WriteString("\n    </ul>\n    <p class=\"footer-note\">")
	escHTML(b, d.Site().Config().Title)
	b.WriteString(" publishes local safeguarding guidance as its partnerships wrote it. It sets no cookies, runs no analytics and sends nothing you type anywhere.</p>\n  </div>\n</footer>\n</body>\n</html>\n")
	return nil
}

// writeCached writes {{.Cached name arg}}.
func (d *Data) writeCached(b *bytes.Buffer, name string, arg any) error {
	h, err := d.Cached(name, arg)
	b.WriteString(string(h))
	return err
}

// writeBreadcrumbs writes partials/breadcrumbs.html.
func (d *Data) writeBreadcrumbs(b *bytes.Buffer) {
	if len(d.Breadcrumbs()) > 0 {
		b.WriteString("\n<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">\n  <ol>")
		for _, c := range d.Breadcrumbs() {
			b.WriteString("\n    <li><a href=\"")
			escURL(b, c.URL())
			b.WriteString("\">")
			if c.URL() == "/" {
				b.WriteString("Home")
			} else {
				escHTML(b, c.NavTitle())
			}
			b.WriteString("</a></li>")
		}
		b.WriteString("\n    <li><span aria-current=\"page\">")
		escHTML(b, d.Page().NavTitle())
		b.WriteString("</span></li>\n  </ol>\n</nav>")
	}
	b.WriteString("\n")
}

// writePageMain writes page.html's "main" and the partials it executes.
func (d *Data) writePageMain(b *bytes.Buffer) error {
	b.WriteString("\n<div class=\"layout-page")
	if d.Page().HasWidget() {
		b.WriteString(" layout-wide")
	}
	b.WriteString("\">\n  <article class=\"page-body\">\n    ")
	d.writePageHead(b)
	b.WriteString("\n    ")
	d.writeTOC(b)
	b.WriteString("\n    <div class=\"prose\">\n      ")
	b.WriteString(string(d.Content()))
	b.WriteString("\n    </div>\n    ")
	d.writePagination(b)
	b.WriteString("\n  </article>\n  ")
	if err := d.writeSectionNav(b); err != nil {
		return err
	}
	b.WriteString("\n</div>\n")
	return nil
}

// errNilFront: a page listed has no front matter, which the templates report as an
// error; writePage leaves the error to them.
var errNilFront = errors.New("no front matter")

// writeSectionMain writes section.html's "main" and the partials it executes.
func (d *Data) writeSectionMain(b *bytes.Buffer) error {
	b.WriteString("\n<div class=\"layout-page\">\n  <article class=\"page-body\">\n    ")
	d.writePageHead(b)
	b.WriteString("\n    <div class=\"prose\">\n      ")
	b.WriteString(string(d.Content()))
	b.WriteString("\n    </div>")
	if l := d.Listing(); len(l) > 0 {
		b.WriteString("\n    <h2 id=\"pages-in-this-section\">Pages in this section</h2>\n    <ul class=\"listing\">")
		for _, p := range l {
			b.WriteString("\n      <li><a href=\"")
			escURL(b, p.URL())
			b.WriteString("\">")
			fm := p.Front()
			if fm == nil {
				return errNilFront
			}
			escHTML(b, fm.Title)
			b.WriteString("</a>")
			if p.IsSection() {
				b.WriteString(" <span class=\"listing-count\">(")
				b.WriteString(strconv.Itoa(len(p.Children())))
				b.WriteString(" pages)</span>")
			}
			b.WriteString("\n        <p>")
			escHTML(b, p.Front().Description)
			b.WriteString("</p></li>")
		}
		b.WriteString("\n    </ul>")
	}
	b.WriteString("\n    ")
	d.writePagination(b)
	b.WriteString("\n  </article>\n  ")
	if err := d.writeSectionNav(b); err != nil {
		return err
	}
	b.WriteString("\n</div>\n")
	return nil
}

// writePageHead writes partials/pagehead.html.
func (d *Data) writePageHead(b *bytes.Buffer) {
	b.WriteString("<div class=\"page-meta\">\n  <p class=\"area-label\">\n    <span class=\"badge area\">")
	if a := d.Areas(); len(a) > 0 {
		escHTML(b, areaNames(a))
	}
	b.WriteString("</span>")
	for _, a := range d.Page().Front().Audience {
		b.WriteString(" <span class=\"badge audience\">")
		escHTML(b, audienceLabel(a))
		b.WriteString("</span>")
	}
	b.WriteString("\n  </p>\n</div>\n<h1>")
	escHTML(b, d.Page().Front().Title)
	b.WriteString("</h1>")
	if src := d.Page().Front().Source; src != nil {
		b.WriteString("\n<p class=\"source-line\">From <cite>")
		escHTML(b, src.Title)
		b.WriteString("</cite>")
		if src.Date != "" {
			b.WriteString(" (")
			escHTML(b, src.Date)
			b.WriteString(")")
		}
		b.WriteString(", published by ")
		escHTML(b, src.Publisher)
		b.WriteString(".</p>")
	}
	if d.Overdue() {
		b.WriteString("\n<div class=\"alert alert-important review-overdue\"><strong class=\"alert-title\">This guidance is due for review</strong><div class=\"alert-body\"><p>It was due to be reviewed by ")
		escHTML(b, d.Page().Front().ReviewBy.Human())
		b.WriteString(". Check with ")
		if a := d.Areas(); len(a) > 0 {
			escHTML(b, a[0].Partnership)
		}
		b.WriteString(" that it is still current.</p></div></div>")
	}
	b.WriteString("\n")
}

// writeTOC writes partials/toc.html.
func (d *Data) writeTOC(b *bytes.Buffer) {
	if toc := d.TOC(); len(toc) > 0 {
		b.WriteString("\n<nav class=\"toc\" aria-labelledby=\"toc-title\">\n  <h2 id=\"toc-title\" class=\"toc-title\">On this page</h2>\n  <ul>")
		for _, h := range toc {
			b.WriteString("\n    <li class=\"toc-h")
			escHTML(b, strconv.Itoa(h.Level))
			b.WriteString("\"><a href=\"#")
			escURLPart(b, h.ID)
			b.WriteString("\">")
			escHTML(b, h.Text)
			b.WriteString("</a></li>")
		}
		b.WriteString("\n  </ul>\n</nav>")
	}
	b.WriteString("\n")
}

// writePagination writes partials/pagination.html.
func (d *Data) writePagination(b *bytes.Buffer) {
	if d.Prev() != nil || d.Next() != nil {
		b.WriteString("\n<nav class=\"pagination\" aria-label=\"Previous and next pages\">\n  <ul>")
		if p := d.Prev(); p != nil {
			b.WriteString("<li class=\"prev\"><a href=\"")
			escURL(b, p.URL())
			b.WriteString("\" rel=\"prev\"><span class=\"pagination-label\">Previous<span class=\"visually-hidden\"> page</span></span> <span class=\"pagination-title\">")
			escHTML(b, p.NavTitle())
			b.WriteString("</span></a></li>")
		}
		if n := d.Next(); n != nil {
			b.WriteString("<li class=\"next\"><a href=\"")
			escURL(b, n.URL())
			b.WriteString("\" rel=\"next\"><span class=\"pagination-label\">Next<span class=\"visually-hidden\"> page</span></span> <span class=\"pagination-title\">")
			escHTML(b, n.NavTitle())
			b.WriteString("</span></a></li>")
		}
		b.WriteString("\n  </ul>\n</nav>")
	}
	b.WriteString("\n")
}

// writeSectionNav writes partials/sectionnav.html.
func (d *Data) writeSectionNav(b *bytes.Buffer) error {
	if head := d.SectionNavHead(); head != nil {
		b.WriteString("\n")
		if err := d.writeCached(b, "sectionnav-head.html", head); err != nil {
			return err
		}
		b.WriteString("\n  <ul>")
		items, err := d.NavList("sectionnav-item")
		if err != nil {
			return err
		}
		for _, it := range items {
			b.WriteString(string(it))
		}
		b.WriteString("\n  </ul>\n</nav>")
	}
	b.WriteString("\n")
	return nil
}

// writeNavItem writes partials/sectionnav.html's "sectionnav-item".
func writeNavItem(b *bytes.Buffer, it NavItem) {
	b.WriteString("\n    <li><a href=\"")
	escURL(b, it.URL)
	b.WriteString("\"")
	if it.Current {
		b.WriteString(" aria-current=\"page\"")
	}
	b.WriteString(">")
	escHTML(b, it.Title)
	b.WriteString("</a></li>")
}

// writeDocTools writes partials/doctools.html.
func (d *Data) writeDocTools(b *bytes.Buffer) {
	print := printURL(d.Page())
	off := offlineScope(d.Page())
	if print != "" || off {
		b.WriteString("\n<div class=\"doc-tools no-print\">")
		if print != "" {
			b.WriteString("\n  <p class=\"doc-tools-print\"><a href=\"")
			escURL(b, print)
			b.WriteString("\">Print or save the whole document</a> (one page with every section, for printing or saving as a PDF)</p>")
		}
		if off {
			b.WriteString("\n  <div class=\"doc-tools-offline\" data-offline")
			if offlineAuto(d.Page()) {
				b.WriteString(" data-offline-auto")
			}
			b.WriteString(">\n    <button type=\"button\" class=\"doc-tools-button\" data-offline-save aria-describedby=\"doc-tools-offline-hint\" hidden>Make available offline</button>\n    <p class=\"doc-tools-hint\" id=\"doc-tools-offline-hint\" data-offline-hint hidden>Keeps every professionals' page, the threshold document and the tier matrix on this device, for home visits and places with poor signal. Nothing you type is kept.</p>\n    <p class=\"doc-tools-status\" data-offline-status role=\"status\" aria-live=\"polite\"></p>\n  </div>\n  <script type=\"module\" src=\"")
			escURL(b, d.Opts().Manifest()["offline.js"])
			b.WriteString("\"></script>")
		}
		b.WriteString("\n</div>")
	}
	b.WriteString("\n")
}

// writeAttribution writes partials/attribution.html.
func (d *Data) writeAttribution(b *bytes.Buffer) {
	b.WriteString("<div class=\"attribution\">")
	if src := d.Page().Front().Source; src != nil {
		b.WriteString("\n  <p><strong>Source:</strong> <cite>")
		escHTML(b, src.Title)
		b.WriteString("</cite>")
		if src.Date != "" {
			b.WriteString(", ")
			escHTML(b, src.Date)
		}
		b.WriteString(". Published by ")
		escHTML(b, src.Publisher)
		if a := d.Areas(); len(a) > 0 {
			b.WriteString(" for ")
			escHTML(b, areaNames(a))
		}
		b.WriteString(".")
		if src.URL != "" {
			b.WriteString(" <a href=\"")
			escURL(b, src.URL)
			b.WriteString("\">Original document</a>.")
		}
		b.WriteString("</p>")
	}
	fm := d.Page().Front()
	if fm.Reviewed.ISO() != "" || d.Page().Front().ReviewBy.ISO() != "" {
		b.WriteString("\n  <p class=\"review-dates\">")
		if iso := d.Page().Front().Reviewed.ISO(); iso != "" {
			b.WriteString("Last reviewed <time datetime=\"")
			escHTML(b, iso)
			b.WriteString("\">")
			escHTML(b, d.Page().Front().Reviewed.Human())
			b.WriteString("</time>.")
		}
		if iso := d.Page().Front().ReviewBy.ISO(); iso != "" {
			b.WriteString(" Next review due <time datetime=\"")
			escHTML(b, iso)
			b.WriteString("\">")
			escHTML(b, d.Page().Front().ReviewBy.Human())
			b.WriteString("</time>.")
		}
		b.WriteString("</p>")
	}
	b.WriteString("\n</div>\n")
}
