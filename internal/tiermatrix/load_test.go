package tiermatrix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"signpost/widgets/matrix"
)

const dataFile = "content/_data/indicators.yaml"

// frozenFile is a frozen copy of dataFile: the tests that name the Thurrock document's ids,
// counts and words read it, so an editor's change to the real file cannot break them
// (issue #18). TestRealDataInvariants and the seed tests read the real files.
const frozenFile = "testdata/indicators-thurrock.yaml"

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadReal(t *testing.T) *Document {
	t.Helper()
	d, ds := Load(dataFile, readFile(t, "../../"+dataFile))
	if len(ds) > 0 {
		t.Fatalf("%s", ds.Error())
	}
	return d
}

// loadFrozen loads frozenFile, the Thurrock document as the pinned tests know it.
func loadFrozen(t *testing.T) *Document {
	t.Helper()
	d, ds := Load(dataFile, readFile(t, frozenFile))
	if len(ds) > 0 {
		t.Fatalf("%s", ds.Error())
	}
	return d
}

// realFiles returns every threshold document's data in content/_data: indicators.yaml and
// indicators-<name>.yaml.
func realFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../content/_data/indicators*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no indicators*.yaml in content/_data: %v", err)
	}
	return files
}

// TestRealDataInvariants loads every threshold document of the real site and checks what
// must hold whatever an editor writes: every indicator carries its appendix's tier and its
// words without extraction damage, every appendix has indicators, every tier has a route,
// and every indicator flagged significant harm, ticked alone, brings the significant-harm
// route first.
func TestRealDataInvariants(t *testing.T) {
	for _, f := range realFiles(t) {
		name := "content/_data/" + filepath.Base(f)
		d, ds := Load(name, readFile(t, f))
		if ds.HasErrors() {
			t.Errorf("%s", ds.Error())
			continue
		}
		if d.Form.ID == "" || d.Form.Title == "" {
			t.Errorf("%s: form has no id or title", name)
		}
		tiers := map[string]matrix.Tier{}
		perAppendix := map[string]int{}
		for _, a := range d.Appendices {
			tiers[a.ID] = a.Tier
		}
		for _, in := range d.Indicators {
			perAppendix[in.Appendix]++
			if in.Tier != tiers[in.Appendix] {
				t.Errorf("%s: %s: tier %q in appendix %s of tier %q", name, in.ID, in.Tier, in.Appendix, tiers[in.Appendix])
			}
			if strings.Contains(in.Text, "checkbox") || strings.Contains(in.Text, "<") || strings.TrimSpace(in.Text) == "" {
				t.Errorf("%s: %s: extraction damage in %q", name, in.ID, in.Text)
			}
		}
		for _, a := range d.Appendices {
			if perAppendix[a.ID] == 0 {
				t.Errorf("%s: appendix %s has no indicators", name, a.ID)
			}
		}
		harmRoute := ""
		for _, r := range d.Routes {
			if r.SignificantHarm {
				harmRoute = r.ID
			}
		}
		for _, in := range d.Indicators {
			if !in.SignificantHarm {
				continue
			}
			r := matrix.Evaluate(d.Data, matrix.Selection{Checked: []string{in.ID}})
			if !r.SignificantHarm || len(r.Routes) == 0 || r.Routes[0] != harmRoute {
				t.Errorf("%s: %s ticked alone gives routes %v, want %s first", name, in.ID, r.Routes, harmRoute)
			}
		}
	}
}

func loadSmall(t *testing.T) *Document {
	t.Helper()
	d, ds := Load("small.yaml", readFile(t, "testdata/small.yaml"))
	if len(ds) > 0 {
		t.Fatalf("%s", ds.Error())
	}
	return d
}

// The matrix form's rows, in its order (Thurrock Threshold Matrix, page 21). The
// TestRealData* tests below pin the Thurrock document's matrix as extracted, on the frozen
// copy (frozenFile).
var matrixRows = []string{
	"Health", "Education and Learning", "Emotional and Behavioural development", "Identity",
	"Family and Social Relationships", "Social Presentation", "Self-Care skills",
	"Basic Care", "Ensure Safety", "Ensure Warmth", "Stimulation", "Guidance and Boundaries", "Stability",
	"Family History and Functioning", "Wider Family", "Housing", "Employment", "Income",
	"Family's Social Integration", "Community Resources", "Radicalisation", "Child Criminal Exploitation",
}

func TestRealDataDomains(t *testing.T) {
	d := loadFrozen(t)
	if len(d.Domains) != len(matrixRows) {
		t.Fatalf("%d domains, want %d", len(d.Domains), len(matrixRows))
	}
	for i, dm := range d.Domains {
		if dm.Name != matrixRows[i] {
			t.Errorf("domain %d = %q, want %q", i, dm.Name, matrixRows[i])
		}
	}
	groups := map[string]int{}
	for _, dm := range d.Domains {
		groups[dm.Group]++
	}
	if groups["development"] != 7 || groups["parents"] != 6 || groups["family"] != 9 {
		t.Errorf("domains per group = %v", groups)
	}
}

func TestRealDataIndicators(t *testing.T) {
	d := loadFrozen(t)
	perAppendix := map[string]int{}
	perTier := map[matrix.Tier]int{}
	for _, in := range d.Indicators {
		perAppendix[in.Appendix]++
		perTier[in.Tier]++
		want := map[string]matrix.Tier{"A": matrix.Tier1, "B": matrix.Tier2, "C": matrix.Tier34}[in.Appendix]
		if in.Tier != want {
			t.Errorf("%s: tier %q in appendix %s", in.ID, in.Tier, in.Appendix)
		}
		if strings.Contains(in.Text, "checkbox") || strings.Contains(in.Text, "<") {
			t.Errorf("%s: extraction damage in %q", in.ID, in.Text)
		}
	}
	// Tick boxes in the document: Appendix A 42, B 63, C 57.
	if perAppendix["A"] != 42 || perAppendix["B"] != 63 || perAppendix["C"] != 57 {
		t.Errorf("indicators per appendix = %v, want A 42, B 63, C 57", perAppendix)
	}

	var harm, action []string
	for _, in := range d.Indicators {
		if in.SignificantHarm {
			harm = append(harm, in.ID)
		}
		if in.Action != "" {
			action = append(action, in.ID+":"+in.Action)
		}
	}
	wantHarm := []string{
		"c-emotional-and-behavioural-development-4", // criminal and sexual exploitation
		"c-family-and-social-relationships-3",       // physical, emotional, sexual abuse or neglect
		"c-social-presentation-3",                   // FGM
		"c-basic-care-4",                            // suspected non-accidental injury
		"c-ensure-safety-3",                         // parents unable to keep the child safe
		"c-family-history-and-functioning-4",        // reporting / signs of sexual abuse
		"c-child-criminal-exploitation-1",           // grooming and exploitation
		"c-child-criminal-exploitation-2",           // trafficking, modern slavery
	}
	eqStrings(t, "significant harm", harm, wantHarm)
	eqStrings(t, "actions", action, []string{
		"c-basic-care-6:private-fostering",
		"c-family-history-and-functioning-7:private-fostering",
		"c-child-criminal-exploitation-2:trafficking-nrm",
	})

	// Appendix C's "Employment/Income" covers two matrix rows; its heading is kept.
	for id, dom := range map[string]string{"c-employment-1": "employment", "c-employment-2": "employment", "c-income-1": "income"} {
		in := d.Indicator(id)
		if in == nil || in.Domain != dom || in.Heading != "Employment/Income" {
			t.Errorf("%s = %+v, want domain %s under Employment/Income", id, in, dom)
		}
	}
	if in := d.Indicator("c-child-criminal-exploitation-1"); in == nil || in.Heading != "Child Exploitation" {
		t.Errorf("Child Exploitation heading not kept: %+v", in)
	}
	if in := d.Indicator("c-basic-care-4"); in == nil || in.Text != "Injury to child/young person suspected to be non-accidental" {
		t.Errorf("c-basic-care-4 = %+v", in)
	}
}

func TestRealDataRoutes(t *testing.T) {
	d := loadFrozen(t)
	want := []struct {
		id   string
		tier matrix.Tier
		harm bool
		text []string // words the route must carry, from the threshold document
	}{
		{"tier-1", matrix.Tier1, false, []string{"Universal Services"}},
		{"tier-2", matrix.Tier2, false, []string{"with consent", "Common Assessment Framework (CAF)", "MASH", "PASS"}},
		{"tier-3-4", matrix.Tier34, false, []string{"CAF referral to MASH", "Children and Families Assessment Team (CFAT)", "Section 17"}},
		{"significant-harm", matrix.NoTier, true, []string{"999", "by telephone", "Section 47", "without parental knowledge or consent", "should only not occur"}},
		{"step-up", matrix.NoTier, false, []string{"escalate", "without necessarily going up through each Tier"}},
	}
	if len(d.Routes) != len(want) {
		t.Fatalf("%d routes, want %d", len(d.Routes), len(want))
	}
	for i, w := range want {
		r := d.Routes[i]
		if r.ID != w.id || r.Tier != w.tier || r.SignificantHarm != w.harm {
			t.Errorf("route %d = %s/%q/%v, want %s/%q/%v", i, r.ID, r.Tier, r.SignificantHarm, w.id, w.tier, w.harm)
		}
		var all strings.Builder
		for _, s := range r.Steps {
			all.WriteString(s.Text + " ")
			if !strings.HasPrefix(s.Link, "/professionals/threshold/") && s.Link != "/professionals/referral-pathways/" {
				t.Errorf("route %s: link %q is not a Thurrock page", r.ID, s.Link)
			}
		}
		for _, s := range w.text {
			if !strings.Contains(all.String(), s) {
				t.Errorf("route %s does not say %q", r.ID, s)
			}
		}
	}
}

// A scenario on the real data: the rules give the significant-harm route first.
func TestRealDataEvaluate(t *testing.T) {
	d := loadFrozen(t)
	r := matrix.Evaluate(d.Data, matrix.Selection{
		Checked: []string{"b-health-1", "c-basic-care-4", "c-basic-care-6", "c-child-criminal-exploitation-2"},
		Plotted: map[string]matrix.Cell{"housing": matrix.Tier2Low},
	})
	if r.Tier != matrix.Tier34 || !r.SignificantHarm {
		t.Errorf("Tier %q harm %v", r.Tier, r.SignificantHarm)
	}
	eqStrings(t, "routes", r.Routes, []string{"significant-harm", "tier-3-4"})
	eqStrings(t, "actions", r.Actions, []string{"private-fostering", "trafficking-nrm"})
}

func eqStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// TestLoadErrors edits the small fixture one way per case and expects the diagnostic at
// the given line.
func TestLoadErrors(t *testing.T) {
	small := string(readFile(t, "testdata/small.yaml"))
	tests := []struct {
		name, old, new string
		want           string // "line:col: message" fragment; file is "x.yaml"
	}{
		{"unknown key", "    title: Appendix A – Tier 1", "    title: Appendix A – Tier 1\n    colour: red", "x.yaml:46:5: field colour not found"},
		{"unknown domain", "        domain: health\n        indicators:\n          - {id: a-health-1", "        domain: helth\n        indicators:\n          - {id: a-health-1",
			`x.yaml:48:17: heading "Health": unknown domain "helth" (did you mean "health"?)`},
		{"unknown domain on an indicator", "domain: income}", "domain: incme}", `x.yaml:66:66: indicator "c-income-1": unknown domain "incme" (did you mean "income"?)`},
		{"indicator domain in another group", "domain: income}", "domain: health}", `x.yaml:66:66: indicator "c-income-1": domain "health" is in group "development"`},
		{"duplicate id", "{id: c-health-2,", "{id: c-health-1,", `x.yaml:61:18: duplicate indicator id "c-health-1"`},
		{"id not matching appendix and domain", "{id: c-employment-1,", "{id: c-employment-x,", `x.yaml:65:18: indicator id "c-employment-x" should be c-employment-N`},
		{"empty text", "text: Chronic unemployment}", "text: \"\"}", `x.yaml:65:40: indicator "c-employment-1" has no text`},
		{"missing text", "{id: c-employment-1, text: Chronic unemployment}", "{id: c-employment-1}", `x.yaml:65:13: indicator "c-employment-1" has no text`},
		{"extraction damage", "text: Chronic unemployment}", "text: \"Chronic <input type=checkbox/> unemployment\"}", `x.yaml:65:40: indicator "c-employment-1" contains markup`},
		{"unknown appendix tier", "    tier: \"3-4\"\n    title: Appendix C", "    tier: \"5\"\n    title: Appendix C", `x.yaml:52:11: appendix "C": unknown tier "5"`},
		{"unknown route tier", "    tier: \"2\"\n    title: Tier 2", "    tier: \"two\"\n    title: Tier 2", `x.yaml:22:11: route "tier-2": unknown tier "two"`},
		{"bad link", "link: /professionals/threshold/thresholds-of-need/", "link: professionals/threshold/thresholds-of-need", `x.yaml:19:15: route "tier-1": bad link "professionals/threshold/thresholds-of-need"`},
		{"bad link anchor", "#pathway-to-provision", "#Pathway To", `x.yaml:26:15: route "tier-2": bad link`},
		{"external link", "link: /professionals/threshold/children-in-need-and-protection/", "link: https://example.org/", `x.yaml:33:15: route "tier-3-4": bad link "https://example.org/"`},
		{"unknown action", "action: private-fostering}", "action: private-fosterin}", `x.yaml:61:78: indicator "c-health-2": unknown action "private-fosterin" (did you mean "private-fostering"?)`},
		{"unknown group", "{id: income, name: Income, group: family}", "{id: income, name: Income, group: famly}", `x.yaml:9:39: domain "income": unknown group "famly"`},
		{"unknown group heading", "      development: Development needs", "      parents: Development needs", `x.yaml:55:16: appendix "C": group_headings: unknown group "parents"`},
		{"duplicate domain", "{id: income, name: Income", "{id: employment, name: Income", `x.yaml:9:10: duplicate domain id "employment"`},
		{"domain apart from its group", "  - {id: income, name: Income, group: family}", "  - {id: income, name: Income, group: family}\n  - {id: eyes, name: Eyes, group: development}", `x.yaml:10:35: domain "eyes" is apart from the other domains of group "development"`},
		{"missing tier route", "    tier: \"2\"\n    title: Tier 2", "    significant_harm: true\n    title: Tier 2", `x.yaml:14:5: no route for tier "2"`},
		{"tier and harm both", "    significant_harm: true\n    title: Significant harm", "    significant_harm: true\n    tier: \"1\"\n    title: Significant harm", `x.yaml:37:11: route "significant-harm": set one of tier, significant_harm or step_up`},
		{"harm flagged, no harm route", "    significant_harm: true\n    title: Significant harm", "    tier: \"1\"\n    title: Significant harm", `indicators are flagged significant_harm but no route is`},
		{"empty heading", "      - heading: Employment/Income", "      - heading: \"\"", `x.yaml:62:18: appendix "C" heading has no text`},
		{"wrong type", "significant_harm: true}", "significant_harm: very}", `x.yaml:60:103: cannot unmarshal`},
		{"step without source", "        source: {document: Threshold document, section: Tiers}\n  - id: tier-2", "  - id: tier-2", `x.yaml:18:9: route "tier-1": step has no source document and section`},
		{"syntax error", "  - id: tier-1\n", "  - id: tier-1\n   bad: [\n", `x.yaml:`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(small, tt.old) {
				t.Fatalf("fixture has no %q", tt.old)
			}
			src := strings.Replace(small, tt.old, tt.new, 1)
			d, ds := Load("x.yaml", []byte(src))
			if d != nil {
				t.Errorf("data returned despite errors")
			}
			if !ds.HasErrors() {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(ds.Error(), tt.want) {
				t.Errorf("got:\n%s\nwant a line containing %q", ds.Error(), tt.want)
			}
		})
	}
}

func TestLoadSmall(t *testing.T) {
	d := loadSmall(t)
	if len(d.Indicators) != 5 || len(d.Domains) != 3 || len(d.Routes) != 4 || len(d.Appendices) != 2 {
		t.Errorf("loaded %d indicators, %d domains, %d routes, %d appendices", len(d.Indicators), len(d.Domains), len(d.Routes), len(d.Appendices))
	}
	if got := d.Appendix("C").GroupHeadings["development"]; got != "Development needs – not an exhaustive list" {
		t.Errorf("group heading = %q", got)
	}
}

// TestStepLinks: every route step's link is handed to the site's link check with the line
// it is written on.
func TestStepLinks(t *testing.T) {
	src := readFile(t, frozenFile)
	d := loadFrozen(t)
	lines := strings.Split(string(src), "\n")
	got := StepLinks(dataFile, src)
	n := 0
	for _, r := range d.Routes {
		for _, s := range r.Steps {
			if s.Link == "" {
				continue
			}
			if n >= len(got) {
				t.Fatalf("%d links, want more", len(got))
			}
			l := got[n]
			n++
			if l.File != dataFile || l.Dest != s.Link || l.Line < 1 || l.Line > len(lines) || !strings.Contains(lines[l.Line-1], s.Link) {
				t.Errorf("link %+v for step %q of route %s", l, s.Link, r.ID)
			}
		}
	}
	if n != len(got) || n == 0 {
		t.Errorf("%d links, want %d", len(got), n)
	}
}
