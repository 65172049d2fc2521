package matrix_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"signpost/internal/tiermatrix"
	"signpost/widgets/matrix"
)

// Blind vignettes (testdata/blind): case descriptions written by people who saw only the
// source documents, each with the Appendix indicators ticked (verbatim), optional plots and
// the expected tier, significant-harm guidance, urgency and required actions. tune.yaml is
// the half the rules may be looked at against (per-case detail is printed); test.yaml is
// held out (only aggregates are printed).
type vignette struct {
	ID         string   `yaml:"id"`
	Vignette   string   `yaml:"vignette"`
	Indicators []string `yaml:"indicators"`
	Plots      []struct {
		Domain string `yaml:"domain"`
		Tier   string `yaml:"tier"`
		Level  string `yaml:"level"`
	} `yaml:"plots"`
	Expected struct {
		Tier            string   `yaml:"tier"`
		SignificantHarm bool     `yaml:"significant_harm_guidance"`
		Urgency         string   `yaml:"urgency"`
		RequiredActions []string `yaml:"required_actions"`
		Support         []struct {
			Seed string `yaml:"seed"`
			Text string `yaml:"text"`
		} `yaml:"support"`
	} `yaml:"expected"`
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// normText folds case, quotes, dashes and punctuation, so that "Parents' mental health…" in
// a vignette matches the data file however it was typed.
func normText(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "–", "-", "—", "-").Replace(strings.ToLower(s))
	return strings.TrimSpace(nonWord.ReplaceAllString(s, " "))
}

// urgencyOf is the urgency the widget shows, in the vignettes' vocabulary.
func urgencyOf(r matrix.Result) string { return r.Urgency.String() }

// actionWords maps the words a vignette uses for a required action to words the widget
// must then show, in a required action of the data or in a sentence of a route shown.
// The vignettes name actions in their own words; an action named in none of these counts
// as missed (and is counted as unknown), never skipped.
var actionWords = []struct{ vignette, shown []string }{
	{[]string{"private fostering", "privately fostered"}, []string{"privately fostered"}},
	{[]string{"national referral mechanism", "nrm"}, []string{"National Referral Mechanism"}},
	{[]string{"emergency duty team", "edt"}, []string{"Emergency Duty Team"}},
	{[]string{"not inform parent", "not tell parent", "without parental"}, []string{"without parental knowledge or consent", "should only not occur"}},
	{[]string{"999"}, []string{"calling 999"}},
	{[]string{"telephone"}, []string{"by telephone"}},
	{[]string{"graded care profile"}, []string{"Graded Care Profile 2"}},
	{[]string{"escalation", "evidence of actions"}, []string{"evidence of the actions taken"}},
	{[]string{"section 20"}, []string{"Section 20"}},
	{[]string{"children's social care", "social care via mash"}, []string{"referral to Children's Social Care", "CAF referral to MASH should always"}},
	{[]string{"caf", "early help"}, []string{"Common Assessment Framework (CAF)"}},
}

// shownText is every sentence the widget shows for a result: required actions and the
// routes' steps.
func shownText(d *matrix.Data, r matrix.Result) string {
	var b strings.Builder
	for _, id := range r.Actions {
		b.WriteString(d.Action(id).Text + "\n")
	}
	for _, id := range r.Routes {
		for _, s := range d.Route(id).Steps {
			b.WriteString(s.Text + "\n")
		}
	}
	return b.String()
}

// actionShown reports whether the widget shows a required action named in a vignette, and
// whether the action's words are known at all.
func actionShown(want, shown string) (ok, known bool) {
	w := strings.ToLower(want)
	for _, a := range actionWords {
		for _, v := range a.vignette {
			if strings.Contains(w, v) {
				for _, s := range a.shown {
					if strings.Contains(shown, s) {
						return true, true
					}
				}
				return false, true
			}
		}
	}
	return false, false
}

func readVignettes(t *testing.T, name string) []vignette {
	b, err := os.ReadFile(filepath.Join("testdata", "blind", name))
	if os.IsNotExist(err) {
		t.Skipf("%s not present", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	var vs []vignette
	if err := yaml.Unmarshal(b, &vs); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return vs
}

func realData(t *testing.T) *matrix.Data {
	src, err := os.ReadFile("../../content/_data/indicators.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, ds := tiermatrix.Load("indicators.yaml", src)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return d.Data
}

type scores struct {
	cases, tier, harm, harmMissed, harmExtra, urgency, actionsAll, actions, actionsWant, unknownActions, allFour int
}

// runBlind scores one half. detail prints each case (tuning half only).
func runBlind(t *testing.T, name string, detail bool) scores {
	d := realData(t)
	byText := map[string]string{}
	for _, in := range d.Indicators {
		byText[normText(in.Text)] = in.ID
	}
	byName := map[string]string{}
	for _, dm := range d.Domains {
		byName[normText(dm.Name)] = dm.ID
	}
	var s scores
	for _, v := range readVignettes(t, name) {
		sel := matrix.Selection{Plotted: map[string]matrix.Cell{}}
		for _, text := range v.Indicators {
			id, ok := byText[normText(text)]
			if !ok {
				t.Errorf("%s: %s: indicator not in indicators.yaml: %q", name, v.ID, text)
				continue
			}
			sel.Checked = append(sel.Checked, id)
		}
		for _, p := range v.Plots {
			id, ok := byName[normText(p.Domain)]
			key := p.Tier
			if p.Tier != "1" {
				key += "-" + strings.ToLower(p.Level)
			}
			c, okc := matrix.ParseCell(key)
			if !ok || !okc || c == matrix.NotPlotted {
				t.Errorf("%s: %s: cannot plot %s at %s %s", name, v.ID, p.Domain, p.Tier, p.Level)
				continue
			}
			sel.Plotted[id] = c
		}
		r := matrix.Evaluate(d, sel)
		e := v.Expected
		s.cases++
		okTier := r.Tier.String() == e.Tier
		okHarm := r.SignificantHarm == e.SignificantHarm
		okUrg := urgencyOf(r) == e.Urgency
		okAct := true
		var missed []string
		for _, a := range e.RequiredActions {
			s.actionsWant++
			shown, known := actionShown(a, shownText(d, r))
			if !known {
				s.unknownActions++
			}
			if shown {
				s.actions++
			} else {
				okAct = false
				missed = append(missed, a)
			}
		}
		if okTier {
			s.tier++
		}
		if okHarm {
			s.harm++
		}
		if e.SignificantHarm && !r.SignificantHarm {
			s.harmMissed++
		}
		if !e.SignificantHarm && r.SignificantHarm {
			s.harmExtra++
		}
		if okUrg {
			s.urgency++
		}
		if okAct {
			s.actionsAll++
		}
		if okTier && okHarm && okUrg && okAct {
			s.allFour++
		}
		if detail {
			mark := func(ok bool) string {
				if ok {
					return "ok "
				}
				return "XX "
			}
			t.Logf("%s: tier %s%s/%s  harm %s%v/%v  urgency %s%s/%s  actions %s missed %q",
				v.ID, mark(okTier), r.Tier, e.Tier, mark(okHarm), r.SignificantHarm, e.SignificantHarm,
				mark(okUrg), urgencyOf(r), e.Urgency, mark(okAct), missed)
		}
	}
	return s
}

func (s scores) log(t *testing.T, name string) {
	t.Logf("%s: %d cases: tier %d/%d, significant-harm guidance %d/%d (missed where expected: %d, shown where not: %d), urgency %d/%d, "+
		"required actions shown %d/%d (cases complete %d/%d; %d named in words the scorer does not know), all four right %d/%d",
		name, s.cases, s.tier, s.cases, s.harm, s.cases, s.harmMissed, s.harmExtra, s.urgency, s.cases,
		s.actions, s.actionsWant, s.actionsAll, s.cases, s.unknownActions, s.allFour, s.cases)
}

// TestBlindVignettes scores the rules on both halves. It fails when an indicator of a
// vignette cannot be found in indicators.yaml (the vignettes quote the appendices verbatim)
// and when the significant-harm guidance is missing where a vignette expects it: that is
// the one error the widget must never make. Other misses are reported, not failed: the
// matrix informs judgement, and the vignettes' authors judged too.
func TestBlindVignettes(t *testing.T) {
	tune := runBlind(t, "tune.yaml", true)
	tune.log(t, "tuning half")
	if tune.harmMissed > 0 {
		t.Errorf("tuning half: significant-harm guidance missing in %d cases that need it", tune.harmMissed)
	}
	test := runBlind(t, "test.yaml", false)
	test.log(t, "test half")
	if test.harmMissed > 0 {
		t.Errorf("test half: significant-harm guidance missing in %d cases that need it", test.harmMissed)
	}
}
