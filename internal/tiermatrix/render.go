package tiermatrix

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"

	"signpost/widgets/matrix"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.New("").ParseFS(templateFS, "templates/*.html"))

// levelForm returns the form's words for a cell's column.
func levelForm(d *Document, c matrix.Cell) LevelForm {
	levels := d.Form.Tiers[c.Tier()].Levels
	i := 0
	if c.Level() != matrix.NoLevel {
		i = int(c.Level() - matrix.Low)
	}
	if i < len(levels) {
		return levels[i]
	}
	return LevelForm{}
}

type (
	widgetView struct {
		Groups  []gridGroup
		Tiers   []tierView
		Cells   []cellHead
		Routes  []matrix.Route
		Actions []matrix.Action
		Domains []matrix.Domain
		Note    string
		// Urgencies are the sentences for each Result.Urgency, in the site's words.
		Urgencies  []urgencyView
		Form       Form
		Tier2      string // the label of Tier 2
		Tier34     string // the label of Tiers 3 and 4
		Appendices []matrix.Appendix
	}
	urgencyView struct {
		Key, Text string
	}
	tierView struct {
		Key, Label string
		Span       int
	}
	cellHead struct {
		Key, Label string
	}
	gridGroup struct {
		matrix.Group
		Domains []domainView
	}
	domainView struct {
		matrix.Domain
		FieldsetID string
		Tiers      []tierIndicators
		Cells      []cellView
		NoneID     string
	}
	tierIndicators struct {
		Key, Label, Appendix string
		Indicators           []indicatorView
	}
	indicatorView struct {
		matrix.Indicator
		InputID, DescID, ActionText string
	}
	cellView struct {
		Key, InputID, TierKey, Label string
	}
)

func widgetModel(d *Document) widgetView {
	tierLabel := func(t matrix.Tier) string { return d.Form.Tiers[t].Label }
	v := widgetView{Routes: d.Routes, Actions: d.Actions, Domains: d.Domains, Note: matrix.JudgementNote, Form: d.Form,
		Tier2: tierLabel(matrix.Tier2), Tier34: tierLabel(matrix.Tier34), Appendices: d.Appendices}
	for _, u := range matrix.Urgencies {
		v.Urgencies = append(v.Urgencies, urgencyView{Key: u.String(), Text: d.Form.Urgencies[u]})
	}
	for _, t := range matrix.Tiers {
		span := 0
		for _, c := range matrix.Cells {
			if c.Tier() == t {
				span++
			}
		}
		v.Tiers = append(v.Tiers, tierView{Key: t.String(), Label: tierLabel(t), Span: span})
	}
	for _, c := range matrix.Cells {
		v.Cells = append(v.Cells, cellHead{Key: c.String(), Label: levelForm(d, c).Label})
	}
	for _, g := range d.Groups {
		gg := gridGroup{Group: g}
		for _, dm := range d.DomainsIn(g.ID) {
			dv := domainView{Domain: dm, FieldsetID: "tm-d-" + dm.ID, NoneID: "tm-p-" + dm.ID + "-none"}
			for _, t := range matrix.Tiers {
				ti := tierIndicators{Key: t.String(), Label: tierLabel(t)}
				for _, in := range d.Indicators {
					if in.Domain != dm.ID || in.Tier != t {
						continue
					}
					if ti.Appendix == "" {
						ti.Appendix = in.Appendix
					} else if !strings.Contains(ti.Appendix, in.Appendix) {
						ti.Appendix += ", " + in.Appendix
					}
					iv := indicatorView{Indicator: in, InputID: "tm-i-" + in.ID}
					if in.SignificantHarm || in.Action != "" {
						iv.DescID = iv.InputID + "-flags"
					}
					if a := d.Action(in.Action); a != nil {
						iv.ActionText = a.Text
					}
					ti.Indicators = append(ti.Indicators, iv)
				}
				if len(ti.Indicators) > 0 {
					dv.Tiers = append(dv.Tiers, ti)
				}
			}
			for _, c := range matrix.Cells {
				label := dm.Name + ": " + tierLabel(c.Tier()) + ", " + levelForm(d, c).Spoken
				dv.Cells = append(dv.Cells, cellView{Key: c.String(), InputID: "tm-p-" + dm.ID + "-" + c.String(), TierKey: c.Tier().String(), Label: label})
			}
			gg.Domains = append(gg.Domains, dv)
		}
		v.Groups = append(v.Groups, gg)
	}
	return v
}

// RenderWidget renders the complete tier matrix form for ::: widget tier-matrix ID: every
// indicator as a labelled checkbox under its domain and tier, the matrix grid of labelled
// radio buttons, the summary (filled in by the WASM module) and the routes from data. The
// form works without JavaScript: it can be ticked, plotted and printed by hand.
//
// The root is <div data-widget="tier-matrix" data-tier="" data-significant-harm="false">;
// the WASM module keeps data-tier ("", "1", "2", "3-4") and data-significant-harm up to date.
// Ids start with "tm-", so the widget may appear once per page.
func RenderWidget(d *Document) template.HTML {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, "widget.html", widgetModel(d)); err != nil {
		// The templates are fixed and covered by tests; data cannot make them fail.
		panic("tiermatrix: " + err.Error())
	}
	return template.HTML(b.String())
}

type (
	appendixView struct {
		matrix.Appendix
		Tables []appendixTable
	}
	appendixTable struct {
		Caption string
		Rows    []appendixRow
	}
	appendixRow struct {
		Heading string
		Texts   []string
	}
)

// RenderAppendix renders one appendix's indicator tables for ::: indicators ID, grouped as
// the document groups them: one table per row group, captioned with the appendix's own
// heading, one row per heading of the document with its indicators in order.
func RenderAppendix(d *Document, appendix string) (template.HTML, error) {
	a := d.Appendix(appendix)
	if a == nil {
		var ids []string
		for _, x := range d.Appendices {
			ids = append(ids, x.ID)
		}
		return "", fmt.Errorf("unknown appendix %q (have %s)", appendix, strings.Join(ids, ", "))
	}
	v := appendixView{Appendix: *a}
	for _, g := range d.Groups {
		t := appendixTable{Caption: g.Name}
		if h := a.GroupHeadings[g.ID]; h != "" {
			t.Caption = h
		}
		for _, in := range d.Indicators {
			if in.Appendix != a.ID {
				continue
			}
			dm := d.Domain(in.Domain)
			if dm == nil || dm.Group != g.ID {
				continue
			}
			if n := len(t.Rows); n > 0 && t.Rows[n-1].Heading == in.Heading {
				t.Rows[n-1].Texts = append(t.Rows[n-1].Texts, in.Text)
			} else {
				t.Rows = append(t.Rows, appendixRow{Heading: in.Heading, Texts: []string{in.Text}})
			}
		}
		if len(t.Rows) > 0 {
			v.Tables = append(v.Tables, t)
		}
	}
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, "appendix.html", v); err != nil {
		return "", fmt.Errorf("appendix %q: %w", appendix, err)
	}
	return template.HTML(b.String()), nil
}

// AppendixText is the plain-text equivalent of RenderAppendix, for the search index: each
// table's caption, then each heading with its indicators, one per line.
func AppendixText(d *Document, appendix string) (string, error) {
	a := d.Appendix(appendix)
	if a == nil {
		_, err := RenderAppendix(d, appendix)
		return "", err
	}
	var b strings.Builder
	for _, g := range d.Groups {
		caption := g.Name
		if h := a.GroupHeadings[g.ID]; h != "" {
			caption = h
		}
		last := ""
		for _, in := range d.Indicators {
			dm := d.Domain(in.Domain)
			if in.Appendix != a.ID || dm == nil || dm.Group != g.ID {
				continue
			}
			if caption != "" {
				b.WriteString(caption + "\n")
				caption = ""
			}
			if in.Heading != last {
				b.WriteString(in.Heading + "\n")
				last = in.Heading
			}
			b.WriteString(in.Text + "\n")
		}
	}
	return b.String(), nil
}
