package tiermatrix

import (
	"flag"
	"html/template"
	"os"
	"regexp"
	"strings"
	"testing"

	"signpost/widgets/matrix"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.html")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := "testdata/" + name
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the rendered HTML (go test -update rewrites it; review the diff)", path)
	}
}

func TestGolden(t *testing.T) {
	d := loadSmall(t)
	golden(t, "small-widget.golden.html", string(RenderWidget(d)))
	for _, id := range []string{"A", "C"} {
		h, err := RenderAppendix(d, id)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "small-appendix-"+id+".golden.html", string(h))
	}
}

var (
	idRE       = regexp.MustCompile(` id="([^"]+)"`)
	controlRE  = regexp.MustCompile(`<(input|textarea|select)\b[^>]*>`)
	labelForRE = regexp.MustCompile(`<label for="([^"]+)"`)
	attrIDRE   = regexp.MustCompile(`\bid="([^"]+)"`)
)

// checkHTMLRules applies docs/architecture.md's rules for generated HTML.
func checkHTMLRules(t *testing.T, html string) {
	t.Helper()
	for _, bad := range []string{"style=", "<script", "<style", "javascript:", "onclick", "onchange", "http://", "https://"} {
		if strings.Contains(html, bad) {
			t.Errorf("generated HTML contains %q", bad)
		}
	}
	seen := map[string]bool{}
	for _, m := range idRE.FindAllStringSubmatch(html, -1) {
		if seen[m[1]] {
			t.Errorf("duplicate id %q", m[1])
		}
		seen[m[1]] = true
	}
	labelled := map[string]bool{}
	for _, m := range labelForRE.FindAllStringSubmatch(html, -1) {
		labelled[m[1]] = true
		if !seen[m[1]] {
			t.Errorf("label for missing id %q", m[1])
		}
	}
	for _, c := range controlRE.FindAllString(html, -1) {
		m := attrIDRE.FindStringSubmatch(c)
		if m == nil || !labelled[m[1]] {
			t.Errorf("control without a label: %s", c)
		}
	}
}

func TestRenderWidget(t *testing.T) {
	d := loadFrozen(t)
	html := string(RenderWidget(d))
	checkHTMLRules(t, html)

	for _, s := range []string{
		`<div class="tier-matrix" data-widget="tier-matrix" data-tier="" data-significant-harm="false">`,
		`<label for="tm-child">Name of child</label>`,
		`<label for="tm-date">Date</label>`,
		`<input type="date" id="tm-date"`,
		`<label for="tm-comments">Any other comments/remarks/issues, for example – cultural or language considerations or additional observations</label>`,
		`<p class="tm-live-status" role="status" aria-live="polite" data-tm-live-status>`,
		`<button type="reset" class="tm-button tm-button-secondary" data-tm-clear>`,
		`data-tm-clear-yes>Yes, clear the form</button>`,
		`data-tm-save hidden>Save to a file</button>`,
		`<input type="file" id="tm-open"`,
		`Contains personal information: store and share it as your organisation’s policy says.`,
		`The matrix reflects your personal judgement and informs decision making.`,
		`<h3 class="tm-harm-title">If you think the child may be at risk of significant harm</h3>`,
		`<label for="tm-consent-reason">`,
		`<label for="tm-wishes">The child’s wishes and feelings</label>`,
		`<label for="tm-strengths">Strengths and safety</label>`,
		`<label for="tm-taken">Actions already taken</label>`,
		`<label for="tm-lead">Safeguarding lead consulted</label>`,
		`<label for="tm-age">Child’s age or date of birth</label>`,
		`<div class="tm-grid-wrap" role="region" aria-labelledby="tm-grid-caption" tabindex="0">`,
		`Several domains at Tier 2: consider whether the needs together call for Tier 3 and 4`,
		`data-urgency="same-day-mash-telephone"`,
		`data-urgency="referral-to-mash"`,
		`data-tm-print hidden>Print or save as PDF</button>`,
		`data-tm-offline`,
		`method="dialog"`, // nothing is ever submitted, so nothing reaches a URL
		template.HTMLEscapeString(matrix.JudgementNote),
		`<p class="tm-grid-caption" id="tm-grid-caption">Thurrock Threshold Matrix</p>`,
		`<th scope="colgroup" colspan="1" class="tm-tierhead" data-tier-col="1">Tier 1</th>`,
		`<th scope="colgroup" colspan="3" class="tm-tierhead" data-tier-col="2">Tier 2</th>`,
		`<th scope="colgroup" colspan="3" class="tm-tierhead" data-tier-col="3-4">Tier 3 and 4</th>`,
		`Plot these descriptors on this matrix with a check mark or an x`,
	} {
		if !strings.Contains(html, s) {
			t.Errorf("widget lacks %s", s)
		}
	}

	// Every indicator is a checkbox carrying its data, labelled with its text verbatim.
	for _, in := range d.Indicators {
		id := "tm-i-" + in.ID
		box := regexp.MustCompile(`<input type="checkbox" id="` + id + `" name="indicator" value="` + in.ID + `" data-indicator="` + in.ID +
			`" data-domain="` + in.Domain + `" data-tier="` + in.Tier.String() + `"([^>]*)>`).FindStringSubmatch(html)
		if box == nil {
			t.Errorf("%s: no checkbox", in.ID)
			continue
		}
		if got := strings.Contains(box[1], `data-harm="true"`); got != in.SignificantHarm {
			t.Errorf("%s: data-harm %v, want %v", in.ID, got, in.SignificantHarm)
		}
		if got := strings.Contains(box[1], `data-action="`+in.Action+`"`); in.Action != "" && !got || in.Action == "" && strings.Contains(box[1], "data-action") {
			t.Errorf("%s: data-action wrong in %q", in.ID, box[1])
		}
		if label := `<label for="` + id + `">` + template.HTMLEscapeString(in.Text) + `</label>`; !strings.Contains(html, label) {
			t.Errorf("%s: no label %s", in.ID, label)
		}
	}
	if n := strings.Count(html, `type="checkbox"`); n != len(d.Indicators) {
		t.Errorf("%d checkboxes, want %d", n, len(d.Indicators))
	}

	// The grid: one row per domain in three groups, 7 cells plus "not plotted" each.
	if n := strings.Count(html, `<tr class="tm-row"`); n != 22 {
		t.Errorf("%d grid rows, want 22", n)
	}
	if n := strings.Count(html, `<tr class="tm-grouprow">`); n != 3 {
		t.Errorf("%d group rows, want 3", n)
	}
	for _, dm := range d.Domains {
		if !strings.Contains(html, `<tr class="tm-row" data-domain="`+dm.ID+`" data-tier="">`+"\n"+`<th scope="row">`+template.HTMLEscapeString(dm.Name)+`</th>`) {
			t.Errorf("no grid row for %s", dm.ID)
		}
		if n := strings.Count(html, `name="plot-`+dm.ID+`"`); n != 8 {
			t.Errorf("%s: %d radios, want 8", dm.ID, n)
		}
		if !strings.Contains(html, `id="tm-p-`+dm.ID+`-3-4-high" name="plot-`+dm.ID+`" value="3-4-high"><label for="tm-p-`+dm.ID+`-3-4-high"><span class="tm-mark" aria-hidden="true"></span><span class="tm-sr">`+template.HTMLEscapeString(dm.Name)+`: Tier 3 and 4, high</span>`) {
			t.Errorf("%s: 3-4 high cell not labelled", dm.ID)
		}
		if !strings.Contains(html, `<fieldset class="tm-domain" id="tm-d-`+dm.ID+`" data-domain="`+dm.ID+`">`+"\n"+`<legend>`+template.HTMLEscapeString(dm.Name)+`</legend>`) {
			t.Errorf("%s: no fieldset", dm.ID)
		}
	}
	// Routes, actions and harm items are in the page, hidden until they apply.
	for _, r := range d.Routes {
		if !strings.Contains(html, `data-route="`+r.ID+`"`) {
			t.Errorf("route %s missing", r.ID)
		}
		for _, s := range r.Steps {
			cite := ` <span class="tm-cite">(` + template.HTMLEscapeString(s.Source.Document) + `, section “` + template.HTMLEscapeString(s.Source.Section) + `”)</span>`
			if !strings.Contains(html, template.HTMLEscapeString(s.Text)+cite+` <a href="`+s.Link+`">`) {
				t.Errorf("route %s: step missing: %s", r.ID, s.Text)
			}
		}
	}
	for _, a := range d.Actions {
		if !strings.Contains(html, `<li data-action-item="`+a.ID+`" hidden>`+template.HTMLEscapeString(a.Text)+`</li>`) {
			t.Errorf("action %s missing", a.ID)
		}
	}
	// The live region is one short sentence; the details are outside it (issue #19).
	if n := strings.Count(html, `role="status"`); n != 2 { // the live summary and the file status
		t.Errorf("%d role=status regions, want 2", n)
	}
}

func TestRenderAppendix(t *testing.T) {
	d := loadFrozen(t)
	tests := []struct {
		id       string
		captions []string
		headings []string // some of the appendix's own headings, as printed
	}{
		{"A", []string{"Development needs of Baby, Child or Young Person", "Parents and Carers", "Family and Environmental Factors"},
			[]string{"Self-care Skills", "Emotional and Behavioural development", "Income"}},
		{"B", []string{"Indicators – Development needs of baby, child or young person with additional needs (not an exhaustive list)", "Parents and Carers", "Family and Environmental Factors"},
			[]string{"Self-Care Skills", "Emotional and Behavioural Development", "Radicalisation"}},
		{"C", []string{"Development needs of baby, children or young people with additional and complex needs and/or acute needs – not an exhaustive list", "Parents/Carers", "Family and Environmental Factors"},
			[]string{"Employment/Income", "Child Exploitation", "Community Resources"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			h, err := RenderAppendix(d, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			html := string(h)
			checkHTMLRules(t, html)
			if n := strings.Count(html, "<caption>"); n != len(tt.captions) {
				t.Errorf("%d tables, want %d", n, len(tt.captions))
			}
			for _, c := range tt.captions {
				if !strings.Contains(html, "<caption>"+template.HTMLEscapeString(c)+"</caption>") {
					t.Errorf("no caption %q", c)
				}
			}
			for _, hd := range tt.headings {
				if !strings.Contains(html, `<th scope="row">`+template.HTMLEscapeString(hd)+`</th>`) {
					t.Errorf("no row heading %q", hd)
				}
			}
			if n := strings.Count(html, `<th scope="col">`); n != 2*len(tt.captions) {
				t.Errorf("%d column headers", n)
			}
			n := 0
			for _, in := range d.Indicators {
				if in.Appendix == tt.id {
					n++
					if !strings.Contains(html, "<li>"+template.HTMLEscapeString(in.Text)+"</li>") {
						t.Errorf("%s missing", in.ID)
					}
				}
			}
			if got := strings.Count(html, "<li>"); got != n {
				t.Errorf("%d items, want %d", got, n)
			}
		})
	}
	// Employment/Income is one row in Appendix C although it feeds two matrix rows.
	h, _ := RenderAppendix(d, "C")
	if strings.Count(string(h), "Employment/Income") != 1 {
		t.Error("Employment/Income should be one row")
	}
	if _, err := RenderAppendix(d, "D"); err == nil || !strings.Contains(err.Error(), `unknown appendix "D" (have A, B, C)`) {
		t.Errorf("RenderAppendix(D) error = %v", err)
	}
}

func TestAppendixText(t *testing.T) {
	d := loadSmall(t)
	got, err := AppendixText(d, "C")
	if err != nil {
		t.Fatal(err)
	}
	want := "Development needs – not an exhaustive list\nHealth\nChild's injury suspected to be non-accidental\nA child being privately fostered\n" +
		"Family and Environmental Factors\nEmployment/Income\nChronic unemployment\nExtreme poverty/debt\n"
	if got != want {
		t.Errorf("AppendixText(C) =\n%s\nwant\n%s", got, want)
	}
	if _, err := AppendixText(d, "Z"); err == nil {
		t.Error("no error for an unknown appendix")
	}
}
