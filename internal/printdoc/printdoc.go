// Package printdoc makes one page per source document, with every section in order, so a
// document the site splits into many pages can be printed or saved whole (issue #16, part
// 3). It runs after the markdown stage (late blocks filled in) and before render: it reads
// the converted pages and returns a page for the "print" layout; it does no I/O.
//
// A document is a section below a top-level one (those are audiences, not documents)
// whose source is a publisher's document rather than Signpost's own writing. Its pages are the section page, every page
// under it in reading order, then the pages beside the section that cite the same source
// (the threshold document's tier matrix sits beside /professionals/threshold/). Its whole
// page is the section's URL + "print/".
//
// The pages' HTML is joined as chapters: every id is given its chapter's prefix so ids
// stay unique, links between the document's pages become links within the page, and
// headings move one level down under each chapter's h2.
//
// A chapter is a section without a name, so not a landmark: it is found by its h2 (in the
// contents list and by heading navigation). Named, it would be a region named as its page,
// and a page can already hold a region of that name (the tier matrix's grid scrolls in a
// region named by the form's title, which is also the page's), leaving two landmarks no
// one can tell apart.
package printdoc

import (
	"bytes"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"signpost/internal/site"
)

// Dir is the last path segment of a whole-document page.
const Dir = "print/"

// Layout is the layout that renders a whole-document page (layouts/print.html).
const Layout = "print"

// ownPublisher is the publisher of the site's own pages, which are not documents.
const ownPublisher = "Signpost"

// Doc is one document.
type Doc struct {
	Section *site.Page   // the document's section page
	Pages   []*site.Page // Section first, then its pages in reading order, then companions
}

// URL is the whole-document page's URL.
func (d Doc) URL() string { return d.Section.URL + Dir }

// isDocument reports whether a section page starts a document.
func isDocument(p *site.Page) bool {
	return p != nil && p.IsSection && p.Parent != nil && p.Parent.Parent != nil &&
		p.Front.Source != nil && p.Front.Source.Publisher != ownPublisher && p.Front.Source.Title != ""
}

func sameSource(a, b *site.Page) bool {
	return a.Front.Source != nil && b.Front.Source != nil &&
		a.Front.Source.Publisher == b.Front.Source.Publisher && a.Front.Source.Title == b.Front.Source.Title
}

// Of returns the document p belongs to: its nearest section (itself included) that is a
// document, or for a page beside a document's section, that document when the page cites
// the same source. It reads only p's ancestors and its section's pages, which is what a
// page's render key covers.
func Of(p *site.Page) (*site.Page, bool) {
	if p == nil || strings.HasSuffix(p.URL, "/"+Dir) {
		return nil, false
	}
	for q := p; q != nil; q = q.Parent {
		if isDocument(q) {
			return q, true
		}
	}
	if p.Parent != nil && !p.IsSection {
		for _, sib := range p.Parent.Children {
			if isDocument(sib) && sameSource(sib, p) {
				return sib, true
			}
		}
	}
	return nil, false
}

// URLOf returns the whole-document page's URL for p, or "" when p is in no document.
func URLOf(p *site.Page) string {
	if d, ok := Of(p); ok {
		return d.URL + Dir
	}
	return ""
}

// Find returns every document of the site, in the order of their sections' URLs. A
// document inside another document's section is part of the outer one only.
func Find(s *site.Site) []Doc {
	var docs []Doc
	for _, p := range s.Pages {
		if !isDocument(p) {
			continue
		}
		if _, inside := Of(p.Parent); inside {
			continue
		}
		d := Doc{Section: p}
		var walk func(q *site.Page)
		walk = func(q *site.Page) {
			d.Pages = append(d.Pages, q)
			for _, c := range q.Children {
				walk(c)
			}
		}
		walk(p)
		if p.Parent != nil {
			for _, sib := range p.Parent.Children {
				if sib != p && !sib.IsSection && sameSource(sib, p) {
					d.Pages = append(d.Pages, sib)
				}
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// LastChange is the date of the site's last content change: the latest "reviewed" date
// of any page. It comes from the content, not the clock, so the same input builds the same
// bytes.
func LastChange(s *site.Site) site.Date {
	var last site.Date
	for _, p := range s.Pages {
		if p.Front.Reviewed.After(last.Time) {
			last = p.Front.Reviewed
		}
	}
	return last
}

// Stamp is the version stamp printed at the top of a whole document.
type Stamp struct {
	Title, Edition, Publisher string
	Reviewed, ReviewBy        site.Date
	LastChange                site.Date
	Address                   string
}

// chapter is one page of the document inside the whole page.
type chapter struct {
	ID, Title, URL string
	First          bool
	HTML           template.HTML
}

// Page returns the whole-document page for d, to be rendered with the "print" layout.
// baseURL makes the stamp's address absolute.
func Page(s *site.Site, d Doc, baseURL string) *site.Page {
	sec := d.Section
	front := sec.Front
	front.Title = sec.Front.Title
	front.NavTitle = "Whole document"
	front.Description = "The whole of " + sec.Front.Title + " on one page, to print or save as a PDF."
	front.Layout = Layout
	f := false
	front.TOC = &f
	front.AlsoIn = nil
	for _, p := range d.Pages {
		if p.Front.ReviewBy.After(front.ReviewBy.Time) {
			front.ReviewBy = p.Front.ReviewBy
		}
	}
	p := &site.Page{File: sec.File, URL: d.URL(), Parent: sec, Front: front}

	prefixes := map[string]string{}
	for i, q := range d.Pages {
		prefixes[q.URL] = "p" + strconv.Itoa(i)
	}
	var chapters []chapter
	for i, q := range d.Pages {
		id := prefixes[q.URL]
		body := rewrite(string(q.HTML), id, prefixes)
		if i > 0 {
			body = shiftHeadings(body)
		}
		chapters = append(chapters, chapter{ID: id, Title: q.Front.Title, URL: q.URL, First: i == 0, HTML: template.HTML(body)})
		if i == 0 {
			p.Headings = append(p.Headings, q.Headings...)
		} else {
			p.Headings = append(p.Headings, site.Heading{Level: 2, ID: id, Text: q.Front.Title})
		}
	}
	src := front.Source
	st := Stamp{Title: src.Title, Edition: src.Date, Publisher: src.Publisher, Reviewed: sec.Front.Reviewed,
		ReviewBy: front.ReviewBy, LastChange: LastChange(s), Address: strings.TrimSuffix(baseURL, "/") + p.URL}
	var b bytes.Buffer
	if err := wholeTmpl.Execute(&b, struct {
		Stamp    Stamp
		Chapters []chapter
	}{st, chapters}); err != nil {
		panic("printdoc: " + err.Error()) // the template is fixed; its data cannot fail it
	}
	p.HTML = template.HTML(b.String())
	return p
}

var wholeTmpl = template.Must(template.New("whole").Funcs(template.FuncMap{
	"human": func(d site.Date) string { return d.Human() },
	"iso":   func(d site.Date) string { return d.ISO() },
}).Parse(`<div class="version-stamp" data-version-stamp>
<p class="version-stamp-title"><cite>{{.Stamp.Title}}</cite>, published by {{.Stamp.Publisher}}.</p>
<ul class="version-stamp-list">
<li>Edition: {{if .Stamp.Edition}}{{.Stamp.Edition}}{{else}}not stated{{end}}.</li>
{{- with iso .Stamp.ReviewBy}}
<li>Review due: <time datetime="{{.}}">{{human $.Stamp.ReviewBy}}</time>.</li>
{{- end}}
{{- with iso .Stamp.LastChange}}
<li>Site content last changed: <time datetime="{{.}}">{{human $.Stamp.LastChange}}</time>.</li>
{{- end}}
<li>Printed from: <span class="version-stamp-address">{{.Stamp.Address}}</span></li>
</ul>
</div>
<nav class="print-contents" aria-labelledby="print-contents-title">
<h2 id="print-contents-title">Contents</h2>
<ol>
{{- range .Chapters}}{{if not .First}}
<li><a href="#{{.ID}}">{{.Title}}</a></li>
{{- end}}{{end}}
</ol>
</nav>
{{- range .Chapters}}
{{- if .First}}
<div class="print-chapter print-chapter-first prose" id="{{.ID}}">
{{.HTML}}
</div>
{{- else}}
<section class="print-chapter prose">
<h2 id="{{.ID}}">{{.Title}}</h2>
<p class="print-chapter-url">Online: <a href="{{.URL}}">{{.URL}}</a></p>
{{.HTML}}
</section>
{{- end}}
{{- end}}
`))

var (
	// idAttr matches the attributes that hold ids or lists of ids.
	idAttr = regexp.MustCompile(`\s(id|for|headers|aria-labelledby|aria-describedby|aria-controls|aria-owns|list)="([^"]*)"`)
	href   = regexp.MustCompile(`\s(href|xlink:href)="([^"]*)"`)
	urlRef = regexp.MustCompile(`url\(#([^)"']+)\)`)
	hTag   = regexp.MustCompile(`<(/?)h([1-6])\b`)
)

// rewrite prefixes every id in a page's HTML and points links to the document's pages at
// their chapters.
func rewrite(h, prefix string, prefixes map[string]string) string {
	h = idAttr.ReplaceAllStringFunc(h, func(m string) string {
		sub := idAttr.FindStringSubmatch(m)
		ids := strings.Fields(sub[2])
		for i, id := range ids {
			ids[i] = prefix + "-" + id
		}
		return " " + sub[1] + `="` + strings.Join(ids, " ") + `"`
	})
	h = href.ReplaceAllStringFunc(h, func(m string) string {
		sub := href.FindStringSubmatch(m)
		dest := sub[2]
		page, frag, hasFrag := strings.Cut(dest, "#")
		switch {
		case page == "" && hasFrag:
			dest = "#" + prefix + "-" + frag
		case strings.HasPrefix(page, "/"):
			if to, ok := prefixes[page]; ok {
				if hasFrag && frag != "" {
					dest = "#" + to + "-" + frag
				} else {
					dest = "#" + to
				}
			}
		}
		return " " + sub[1] + `="` + dest + `"`
	})
	return urlRef.ReplaceAllString(h, "url(#"+prefix+"-$1)")
}

// shiftHeadings moves every heading one level down (h2 → h3), h6 staying h6, so a page's
// headings sit under its chapter's h2.
func shiftHeadings(h string) string {
	return hTag.ReplaceAllStringFunc(h, func(m string) string {
		sub := hTag.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[2])
		if n < 6 {
			n++
		}
		return "<" + sub[1] + "h" + strconv.Itoa(n)
	})
}
