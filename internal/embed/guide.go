package embed

import (
	"bytes"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"signpost/internal/site"
)

// This file makes the page for school staff, "Show this guidance on your school website":
// choose an area and a page (or the check), copy the code, see a live preview. The form is
// plain HTML; assets/js/embed-guide.js fills in the code and the preview as choices change.
// Without JavaScript the code for the check is shown, and every page's address is listed.

// CheckWidget is the widget that makes a page "the check".
const CheckWidget = "widget:cwd-check"

// Choice is one page a school can show.
type Choice struct {
	URL, Title string
	Areas      []string // area keys; all of them when the page names none
	Check      bool
}

// Choices returns the pages a school can show, the check first, then in URL order.
func Choices(s *site.Site) []Choice {
	var out []Choice
	for _, p := range Find(s) {
		c := Choice{URL: URL(p.URL), Title: p.Front.Title, Areas: p.Front.Area, Check: slices.Contains(p.Widgets, CheckWidget)}
		if len(c.Areas) == 0 {
			c.Areas = s.Config.AreaOrder
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Choice) int {
		if a.Check != b.Check {
			if a.Check {
				return -1
			}
			return 1
		}
		return strings.Compare(a.URL, b.URL)
	})
	return out
}

// Snippet is the code a school pastes: the iframe, with a fixed height that works without
// the script, and the script that makes it fit. baseURL is the site's address.
func Snippet(baseURL string, c Choice, siteTitle string) string {
	base := strings.TrimSuffix(baseURL, "/")
	esc := template.HTMLEscapeString
	return `<iframe src="` + esc(base+c.URL) + `" title="` + esc(c.Title+" ("+siteTitle+")") + `" width="100%" height="` +
		strconv.Itoa(FallbackHeight) + `" data-signpost-embed></iframe>` + "\n" +
		`<script src="` + esc(base+"/"+HostScriptPath) + `" defer></script>`
}

// GuidePage returns the staff page, to be rendered with the "embedguide" layout, or nil
// when embedding is not enabled or nothing can be shown.
func GuidePage(s *site.Site, baseURL string) *site.Page {
	choices := Choices(s)
	if len(choices) == 0 {
		return nil
	}
	front := site.FrontMatter{
		Title:       "Show this guidance on your school website",
		Description: "For school staff: show Signpost's guidance for parents, or the Children with Disability check, on your school's website. It stays up to date by itself.",
		Layout:      GuideLayout,
		Area:        s.Config.AreaOrder,
	}
	p := &site.Page{URL: GuideURL, Parent: s.Home, Front: front}
	type area struct{ Key, Name string }
	var areas []area
	for _, k := range s.Config.AreaOrder {
		areas = append(areas, area{k, s.Config.Areas[k].Name})
	}
	type opt struct {
		Choice
		AreaList string
		Snippet  string
	}
	var opts []opt
	for _, c := range choices {
		opts = append(opts, opt{c, strings.Join(c.Areas, " "), Snippet(baseURL, c, s.Config.Title)})
	}
	var allowed []string
	anyHTTPS := false
	for _, o := range s.Config.Embed.FrameAncestors {
		if o.Value == AllHTTPS {
			anyHTTPS = true
		}
		allowed = append(allowed, strings.TrimSuffix(o.Value, "/"))
	}
	var b bytes.Buffer
	if err := guideTmpl.Execute(&b, map[string]any{
		"Areas": areas, "Choices": opts, "First": opts[0], "Base": strings.TrimSuffix(baseURL, "/"),
		"AnyHTTPS": anyHTTPS, "Allowed": allowed, "Height": FallbackHeight, "Title": s.Config.Title,
	}); err != nil {
		panic("embed: " + err.Error()) // the template is fixed; its data cannot fail it
	}
	p.HTML = template.HTML(b.String())
	return p
}

var guideTmpl = template.Must(template.New("guide").Parse(`<p>You can show {{.Title}}'s guidance for parents, or the check that helps parents of a disabled child find help, on a page of your school's website. Parents see the current guidance: when the partnership changes it, your page changes too. You do not need to copy or update any text.</p>
<p>It works like a video from another website: a box on your page shows the guidance. It has the emergency line and the <strong>Exit this page</strong> button. Links in it open the full guidance.</p>
<div class="embed-maker" data-embed-maker data-base="{{.Base}}" data-site-title="{{.Title}}" data-height="{{.Height}}">
<div class="cwd-form-group">
<fieldset class="cwd-fieldset" aria-describedby="embed-area-hint">
<legend class="cwd-legend"><h2 class="embed-step">1. Choose your area</h2></legend>
<div class="cwd-hint" id="embed-area-hint">This changes the list of pages below.</div>
<div class="cwd-radios">
{{- range $i, $a := .Areas}}
<div class="cwd-choice"><input class="cwd-input" type="radio" name="embed-area" id="embed-area-{{$a.Key}}" value="{{$a.Key}}"{{if eq $i 0}} checked{{end}}><label class="cwd-label" for="embed-area-{{$a.Key}}">{{$a.Name}}</label></div>
{{- end}}
</div>
</fieldset>
</div>
<div class="cwd-form-group">
<h2 class="embed-step"><label for="embed-page">2. Choose what to show</label></h2>
<div class="cwd-hint" id="embed-page-hint">The check asks parents a few questions and shows who can help their disabled child, with numbers to call.</div>
<select class="embed-select" id="embed-page" aria-describedby="embed-page-hint">
{{- range .Choices}}
<option value="{{.URL}}" data-areas="{{.AreaList}}" data-title="{{.Title}}"{{if eq .URL $.First.URL}} selected{{end}}>{{if .Check}}The check: {{end}}{{.Title}}</option>
{{- end}}
</select>
</div>
<div class="cwd-form-group">
<h2 class="embed-step"><label for="embed-code">3. Copy the code</label></h2>
<div class="cwd-hint" id="embed-code-hint">Give this code to the person who looks after your school's website. They paste it into your page where the guidance should appear, in the part of their editor for HTML or code.</div>
<textarea class="embed-code" id="embed-code" rows="6" readonly spellcheck="false" aria-describedby="embed-code-hint" data-embed-code>{{.First.Snippet}}</textarea>
<p class="embed-copy-row"><button type="button" class="cwd-button cwd-button-secondary" data-embed-copy hidden>Copy the code</button> <span class="embed-copy-status" role="status" data-embed-copy-status></span></p>
</div>
<h2>4. See how it will look</h2>
<p>This is how the box will look on your page. You can try it here.</p>
<iframe class="embed-preview" src="{{.First.URL}}" title="Preview: {{.First.Title}}" width="100%" height="{{.Height}}" data-signpost-embed data-embed-preview></iframe>
</div>
<h2>Which websites can show it</h2>
{{- if .AnyHTTPS}}
<p>Any school website whose address starts with <code>https://</code> can show it.</p>
{{- else}}
<p>Only these websites can show it: {{range $i, $o := .Allowed}}{{if $i}}, {{end}}<code>{{$o}}</code>{{end}}. To add yours, contact the partnership that publishes this site.</p>
{{- end}}
<h2>For the person who looks after your website</h2>
<ul>
<li>The box needs no cookies, sets none and sends nothing anywhere. What parents choose in the check stays in their browser.</li>
<li>The script <code>{{.Base}}/embed.js</code> makes the box as tall as the guidance. Without it the box is {{.Height}} pixels tall and scrolls.</li>
<li>If your website has a Content Security Policy, add <code>{{.Base}}</code> to <code>frame-src</code> and <code>script-src</code>.</li>
</ul>
<details class="embed-all">
<summary>The address of every page you can show</summary>
<p>To show another page, change the address after <code>src=</code> in the code to one of these.</p>
<ul>
{{- range .Choices}}
<li>{{.Title}}: <code>{{$.Base}}{{.URL}}</code></li>
{{- end}}
</ul>
</details>
`))
