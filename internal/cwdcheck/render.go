package cwdcheck

import (
	"bytes"
	_ "embed"
	"html"
	"html/template"
	"regexp"
	"strings"

	"signpost/internal/glossary"
	"signpost/internal/site"
	"signpost/widgets/cwd"
)

//go:embed widget.html
var widgetHTML string

var tmpl = template.Must(template.New("cwd").Funcs(template.FuncMap{
	"text":  linkText,
	"lower": lowerFirst,
}).Parse(widgetHTML))

// emergencyRE finds 999, the one number the data may type: it is not a local contact.
var emergencyRE = regexp.MustCompile(`\b999\b`)

// linkText escapes s and turns 999 into a tel: link.
func linkText(s string) template.HTML {
	return template.HTML(emergencyRE.ReplaceAllString(html.EscapeString(s), `<a href="tel:999">999</a>`))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

type view struct {
	Intro         string
	OutcomeIntro  string
	UrgentIntro   string
	FallbackIntro string
	Steps         []stepView
	Cards         []cardView
	Fallback      []fallbackView
}

type stepView struct {
	cwd.Step
	EndIf       string // data-end-if: the end_if clause in data-when form
	NoticeIf    string
	First       bool
	Multi       bool
	AreaList    string
	HintID      string
	DescribedBy string
	FirstInput  string
	Opts        []optView
}

// ShortText names the question in "Check your answers".
func (s stepView) ShortText() string {
	if s.Short != "" {
		return s.Short
	}
	return s.Question
}

type optView struct {
	cwd.Option
	SaySrc  string // data-say-src: "area=url …", "any=url" for every area
	Type    string
	Name    string
	InputID string
	HintID  string
}

type cardView struct {
	cwd.Route
	ID       string // the card's HTML id
	RouteID  string
	Area     string
	When     string
	Lead     []cwd.Block // what the no-JavaScript list shows of What
	Contacts []contactView
	Words    []wordView
}

// wordView is a legal or process term of a route with its glossary explanation.
type wordView struct {
	Text, Explanation string
}

type contactView struct {
	site.Contact
	AreaName string // set when the contact is not the card's own area's
	Tel      template.URL
}

type fallbackView struct {
	ID    string
	Name  string
	Guide cwd.Link
	Cards []cardView
}

// RenderWidget renders the complete check: the plain list of routes shown without
// JavaScript or WebAssembly, every question, "Check your answers" and every outcome card
// (hidden until the WASM module shows the ones that fit), each card with its terms
// explained from the glossary g. d must have passed Load and Validate; a contact the
// lookup does not know, or a term g lacks, is left out (CheckTerms reports it).
func RenderWidget(d *cwd.Data, contacts ContactLookup, g *glossary.Glossary) template.HTML {
	v := view{Intro: d.Intro, OutcomeIntro: d.OutcomeIntro, UrgentIntro: d.UrgentIntro, FallbackIntro: d.FallbackIntro}
	for i, s := range d.Steps {
		sv := stepView{Step: s, First: i == 0, Multi: s.Kind == cwd.KindMany, AreaList: strings.Join(s.Areas, " ")}
		if len(s.EndIf) > 0 {
			sv.EndIf = cwd.EncodeWhen([]cwd.Clause{{If: s.EndIf}})
		}
		if len(s.NoticeIf) > 0 {
			sv.NoticeIf = cwd.EncodeWhen([]cwd.Clause{{If: s.NoticeIf}})
		}
		if s.Hint != "" {
			sv.HintID = "cwd-" + s.ID + "-hint"
			sv.DescribedBy = sv.HintID
		}
		typ := "radio"
		if sv.Multi {
			typ = "checkbox"
		}
		for _, o := range s.Options {
			ov := optView{Option: o, Type: typ, Name: "cwd-" + s.ID, InputID: "cwd-" + s.ID + "-" + o.ID}
			var srcs []string
			if o.Source != "" {
				srcs = append(srcs, cwd.AreaAny+"="+o.Source)
			}
			for _, k := range sortedKeys(o.Sources) {
				srcs = append(srcs, k+"="+o.Sources[k])
			}
			ov.SaySrc = strings.Join(srcs, " ")
			if o.Hint != "" {
				ov.HintID = ov.InputID + "-hint"
			}
			sv.Opts = append(sv.Opts, ov)
		}
		if len(sv.Opts) > 0 {
			sv.FirstInput = sv.Opts[0].InputID
		}
		v.Steps = append(v.Steps, sv)
	}
	for _, a := range d.Areas {
		fv := fallbackView{ID: a.ID, Name: a.Name, Guide: a.Guide}
		for _, r := range a.Routes {
			cv := cardView{
				Route:   r,
				ID:      "cwd-route-" + a.ID + "-" + r.ID,
				RouteID: r.ID,
				Area:    a.ID,
				When:    cwd.EncodeWhen(r.When),
			}
			cv.Lead = lead(r.What)
			cv.Words = explain(r, g, otherAreaNames(d, contacts, a.ID))
			for _, raw := range r.Contacts {
				ref := ParseContactRef(a.ID, raw)
				c, ok := contacts.Contact(ref.Area, ref.ID)
				if !ok {
					continue
				}
				ctv := contactView{Contact: c}
				if ref.Area != a.ID {
					// Name the area unless the contact's own name already does.
					if name, _ := contacts.AreaName(ref.Area); !strings.Contains(c.Name, name) {
						ctv.AreaName = name
					}
				}
				if c.Phone != "" {
					ctv.Tel = template.URL("tel:" + telDigits(c.Phone))
				}
				cv.Contacts = append(cv.Contacts, ctv)
			}
			v.Cards = append(v.Cards, cv)
			fv.Cards = append(fv.Cards, cv)
		}
		v.Fallback = append(v.Fallback, fv)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, v); err != nil {
		// The template and view are fixed; an error here is a bug in this package.
		panic("cwdcheck: " + err.Error())
	}
	return template.HTML(b.String())
}

// explain returns the explanations of a route's terms, one per glossary entry: the entry's
// expansion (unless the route writes it out already) and its description.
func explain(r cwd.Route, g *glossary.Glossary, others []string) []wordView {
	if g == nil {
		return nil
	}
	var out []wordView
	seen := map[string]bool{}
	for _, t := range r.Terms {
		e, ok := entry(g, t.Glossary)
		if !ok || seen[e.Term] {
			continue
		}
		seen[e.Term] = true
		var parts []string
		if e.Expansion != "" && !strings.EqualFold(e.Expansion, t.Text) && !strings.Contains(strings.ToLower(t.Text), strings.ToLower(e.Expansion)) {
			parts = append(parts, upperFirst(e.Expansion)+".")
		}
		// A description that compares the areas would show another area's service on
		// this area's card: the expansion alone explains the term then.
		if e.Description != "" && !mentionsAny(e.Description, others) {
			parts = append(parts, e.Description)
		}
		if len(parts) > 0 {
			out = append(out, wordView{Text: t.Text, Explanation: strings.Join(parts, " ")})
		}
	}
	return out
}

// otherAreaNames returns the names of the site areas of the check other than area (all of
// them for "any" and "elsewhere", whose cards belong to no area).
func otherAreaNames(d *cwd.Data, contacts ContactLookup, area string) []string {
	var out []string
	for _, a := range d.Areas {
		if name, ok := contacts.AreaName(a.ID); ok && a.ID != area {
			out = append(out, name)
		}
	}
	return out
}

func mentionsAny(s string, names []string) bool {
	for _, n := range names {
		if n != "" && strings.Contains(s, n) {
			return true
		}
	}
	return false
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// lead returns the opening of a route's What for the plain list: the first paragraph, and
// the list after it when the paragraph introduces one ("…who have:").
func lead(what []cwd.Block) []cwd.Block {
	if len(what) == 0 {
		return nil
	}
	if strings.HasSuffix(what[0].P, ":") && len(what) > 1 && len(what[1].List) > 0 {
		return what[:2]
	}
	return what[:1]
}

// telDigits keeps the digits (and a leading +) of a phone number for a tel: URL.
func telDigits(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Plain returns the text equivalent of the widget for search and section text: the routes
// the guidance describes, per area.
func Plain(d *cwd.Data) string {
	var b strings.Builder
	b.WriteString(d.FallbackIntro)
	for _, a := range d.Areas {
		b.WriteString("\n" + a.Name + ".")
		for _, r := range a.Routes {
			b.WriteString(" " + r.Title + ".")
			if len(r.What) > 0 && r.What[0].P != "" {
				b.WriteString(" " + r.What[0].P)
			}
		}
	}
	return b.String()
}
