package matrix

import (
	"reflect"
	"testing"
)

// testData is a small matrix: three domains, indicators at every tier, one significant-harm
// indicator at Tier 3–4, one at Tier 2 (to show flags do not move the tier), two indicators
// sharing an action, and a route per tier plus one for significant harm.
func testData() *Data {
	return &Data{
		Groups: []Group{{ID: "g", Name: "G"}},
		Domains: []Domain{
			{ID: "health", Name: "Health", Group: "g"},
			{ID: "basic-care", Name: "Basic Care", Group: "g"},
			{ID: "housing", Name: "Housing", Group: "g"},
		},
		Indicators: []Indicator{
			{ID: "a-health-1", Appendix: "A", Tier: Tier1, Domain: "health"},
			{ID: "b-health-1", Appendix: "B", Tier: Tier2, Domain: "health"},
			{ID: "c-health-1", Appendix: "C", Tier: Tier34, Domain: "health"},
			{ID: "a-basic-care-1", Appendix: "A", Tier: Tier1, Domain: "basic-care"},
			{ID: "b-basic-care-1", Appendix: "B", Tier: Tier2, Domain: "basic-care", SignificantHarm: true},
			{ID: "c-basic-care-1", Appendix: "C", Tier: Tier34, Domain: "basic-care", SignificantHarm: true},
			{ID: "c-basic-care-2", Appendix: "C", Tier: Tier34, Domain: "basic-care", Action: "fostering"},
			{ID: "c-housing-1", Appendix: "C", Tier: Tier34, Domain: "housing", Action: "nrm", SignificantHarm: true},
			{ID: "c-housing-2", Appendix: "C", Tier: Tier34, Domain: "housing", Action: "fostering"},
		},
		Actions: []Action{{ID: "fostering", Text: "F"}, {ID: "nrm", Text: "N"}},
		Routes: []Route{
			{ID: "r1", Tier: Tier1},
			{ID: "r2", Tier: Tier2},
			{ID: "r34", Tier: Tier34},
			{ID: "harm", SignificantHarm: true},
			{ID: "r34b", Tier: Tier34},
		},
	}
}

type want struct {
	tier      Tier
	domains   [3]Tier // health, basic-care, housing
	ticked    [NumTiers]int
	plotted   [NumTiers]int
	domainsAt [NumTiers]int
	harm      []string
	actions   []string
	routes    []string
	unknown   []string
	below     []string // domains with PlottedBelowTicked
	harmPlots []string
	drivers   []string
	urgency   Urgency
}

func TestEvaluate(t *testing.T) {
	P := func(kv ...any) map[string]Cell {
		m := map[string]Cell{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(Cell)
		}
		return m
	}
	tests := []struct {
		name string
		sel  Selection
		want want
	}{
		{"nothing ticked or plotted", Selection{}, want{}},
		{"empty plotted map and not-plotted entries", Selection{Plotted: P("health", NotPlotted)}, want{}},
		{"one tier 1 tick", Selection{Checked: []string{"a-health-1"}},
			want{tier: Tier1, domains: [3]Tier{Tier1}, ticked: [4]int{0, 1}, domainsAt: [4]int{0, 1}, routes: []string{"r1"}}},
		{"highest tick in a domain wins", Selection{Checked: []string{"a-health-1", "b-health-1"}},
			want{tier: Tier2, domains: [3]Tier{Tier2}, ticked: [4]int{0, 1, 1}, domainsAt: [4]int{0, 0, 1}, routes: []string{"r2"}}},
		{"overall tier is the highest domain", Selection{Checked: []string{"b-health-1", "c-housing-2", "a-basic-care-1"}},
			want{tier: Tier34, domains: [3]Tier{Tier2, Tier1, Tier34}, ticked: [4]int{0, 1, 1, 1}, domainsAt: [4]int{0, 1, 1, 1},
				harm: []string{"c-housing-2"}, drivers: []string{"c-housing-2"}, urgency: ReferralToMASH,
				actions: []string{"fostering"}, routes: []string{"harm", "r34", "r34b"}}},
		{"repeated ids count once", Selection{Checked: []string{"b-health-1", "b-health-1"}},
			want{tier: Tier2, domains: [3]Tier{Tier2}, ticked: [4]int{0, 0, 1}, domainsAt: [4]int{0, 0, 1}, routes: []string{"r2"}}},
		{"unknown ids are reported and ignored", Selection{Checked: []string{"zz-1", "a-health-1"}},
			want{tier: Tier1, domains: [3]Tier{Tier1}, ticked: [4]int{0, 1}, domainsAt: [4]int{0, 1}, routes: []string{"r1"}, unknown: []string{"zz-1"}}},
		{"significant harm adds its route first", Selection{Checked: []string{"c-basic-care-1"}},
			want{tier: Tier34, domains: [3]Tier{NoTier, Tier34}, ticked: [4]int{0, 0, 0, 1}, domainsAt: [4]int{0, 0, 0, 1},
				harm: []string{"c-basic-care-1"}, routes: []string{"harm", "r34", "r34b"}}},
		{"a harm flag does not raise the tier", Selection{Checked: []string{"b-basic-care-1"}},
			want{tier: Tier2, domains: [3]Tier{NoTier, Tier2}, ticked: [4]int{0, 0, 1}, domainsAt: [4]int{0, 0, 1},
				harm: []string{"b-basic-care-1"}, routes: []string{"harm", "r2"}}},
		{"harm list and actions in data order, actions once", Selection{Checked: []string{"c-housing-2", "c-housing-1", "c-basic-care-2", "c-basic-care-1"}},
			want{tier: Tier34, domains: [3]Tier{NoTier, Tier34, Tier34}, ticked: [4]int{0, 0, 0, 4}, domainsAt: [4]int{0, 0, 0, 2},
				harm:    []string{"c-basic-care-1", "c-housing-1", "c-basic-care-2", "c-housing-2"}, // flagged first
				drivers: []string{"c-basic-care-1", "c-basic-care-2", "c-housing-1", "c-housing-2"}, urgency: SameDayTelephone,
				actions: []string{"fostering", "nrm"}, routes: []string{"harm", "r34", "r34b"}}},
		{"a plotted cell alone is evidence at its tier", Selection{Plotted: P("housing", Tier2Med)},
			want{tier: Tier2, domains: [3]Tier{NoTier, NoTier, Tier2}, plotted: [4]int{0, 0, 1}, domainsAt: [4]int{0, 0, 1}, routes: []string{"r2"}}},
		{"plotted universal", Selection{Plotted: P("health", Universal)},
			want{tier: Tier1, domains: [3]Tier{Tier1}, plotted: [4]int{0, 1}, domainsAt: [4]int{0, 1}, routes: []string{"r1"}}},
		{"a plot above the ticks raises the domain", Selection{Checked: []string{"a-health-1"}, Plotted: P("health", Tier34High)},
			want{tier: Tier34, domains: [3]Tier{Tier34}, ticked: [4]int{0, 1}, plotted: [4]int{0, 0, 0, 1}, domainsAt: [4]int{0, 0, 0, 1},
				harmPlots: []string{"health"}, urgency: ReferralToMASH, routes: []string{"harm", "r34", "r34b"}}},
		{"a tier 3-4 LOW plot alone brings the significant-harm guidance", Selection{Plotted: P("housing", Tier34Low)},
			want{tier: Tier34, domains: [3]Tier{NoTier, NoTier, Tier34}, plotted: [4]int{0, 0, 0, 1}, domainsAt: [4]int{0, 0, 0, 1},
				harmPlots: []string{"housing"}, urgency: ReferralToMASH, routes: []string{"harm", "r34", "r34b"}}},
		{"a plot below the ticks does not lower the domain, and is pointed out", Selection{Checked: []string{"c-health-1"}, Plotted: P("health", Tier2Low)},
			want{tier: Tier34, domains: [3]Tier{Tier34}, ticked: [4]int{0, 0, 0, 1}, plotted: [4]int{0, 0, 1}, domainsAt: [4]int{0, 0, 0, 1},
				harm: []string{"c-health-1"}, drivers: []string{"c-health-1"}, urgency: ReferralToMASH,
				routes: []string{"harm", "r34", "r34b"}, below: []string{"health"}}},
		{"a plot at the ticked tier agrees", Selection{Checked: []string{"b-health-1"}, Plotted: P("health", Tier2High)},
			want{tier: Tier2, domains: [3]Tier{Tier2}, ticked: [4]int{0, 0, 1}, plotted: [4]int{0, 0, 1}, domainsAt: [4]int{0, 0, 1}, routes: []string{"r2"}}},
		{"plots in other domains add up", Selection{Checked: []string{"b-health-1"}, Plotted: P("basic-care", Tier2Low, "housing", Universal)},
			want{tier: Tier2, domains: [3]Tier{Tier2, Tier2, Tier1}, ticked: [4]int{0, 0, 1}, plotted: [4]int{0, 1, 1}, domainsAt: [4]int{0, 1, 2}, routes: []string{"r2"}}},
		{"plots of unknown domains and bad cells are reported", Selection{Plotted: P("nowhere", Tier2Low, "health", Cell(99))},
			want{unknown: []string{"health", "nowhere"}}},
	}
	d := testData()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(d, tt.sel)
			w := tt.want
			if r.Tier != w.tier {
				t.Errorf("Tier = %q, want %q", r.Tier, w.tier)
			}
			if r.Empty() != (w.tier == NoTier) {
				t.Errorf("Empty() = %v", r.Empty())
			}
			if len(r.Domains) != 3 {
				t.Fatalf("%d domain results, want 3", len(r.Domains))
			}
			var below []string
			for i, dr := range r.Domains {
				if dr.Domain != d.Domains[i].ID {
					t.Errorf("Domains[%d] = %q, want %q", i, dr.Domain, d.Domains[i].ID)
				}
				if dr.Tier != w.domains[i] {
					t.Errorf("domain %s: Tier = %q, want %q", dr.Domain, dr.Tier, w.domains[i])
				}
				if dr.PlottedBelowTicked {
					below = append(below, dr.Domain)
				}
			}
			eq(t, "Ticked", r.Ticked, w.ticked)
			eq(t, "Plotted", r.Plotted, w.plotted)
			eq(t, "DomainsAt", r.DomainsAt, w.domainsAt)
			if r.SignificantHarm != (len(w.harm) > 0 || len(w.harmPlots) > 0) {
				t.Errorf("SignificantHarm = %v", r.SignificantHarm)
			}
			eq(t, "Harm", r.Harm, w.harm)
			eq(t, "HarmPlots", r.HarmPlots, w.harmPlots)
			if w.drivers != nil {
				eq(t, "Drivers", r.Drivers, w.drivers)
			}
			if w.urgency != NoUrgency && r.Urgency != w.urgency {
				t.Errorf("Urgency = %q, want %q", r.Urgency, w.urgency)
			}
			eq(t, "Actions", r.Actions, w.actions)
			eq(t, "Routes", r.Routes, w.routes)
			eq(t, "Unknown", r.Unknown, w.unknown)
			eq(t, "below", below, w.below)
			if r.Note != JudgementNote {
				t.Errorf("Note = %q", r.Note)
			}
		})
	}
}

func eq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestDomainResultDetail(t *testing.T) {
	d := testData()
	r := Evaluate(d, Selection{
		Checked: []string{"a-basic-care-1", "b-basic-care-1", "c-basic-care-2", "c-basic-care-1"},
		Plotted: map[string]Cell{"basic-care": Tier2Med},
	})
	got := r.Domains[1]
	want := DomainResult{Domain: "basic-care", TickedByTier: [NumTiers]int{0, 1, 1, 2}, Ticked: Tier34, Plotted: Tier2Med, Tier: Tier34, PlottedBelowTicked: true}
	eq(t, "basic-care", got, want)
}

func TestJudgementNote(t *testing.T) {
	// The rules never decide: the note must say so and send the professional to a person.
	for _, s := range []string{"judgement", "does not make the decision"} {
		if !contains(JudgementNote, s) {
			t.Errorf("JudgementNote lacks %q", s)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestTierKeys(t *testing.T) {
	tests := []struct {
		in   string
		want Tier
		ok   bool
	}{
		{"1", Tier1, true}, {"2", Tier2, true}, {"3-4", Tier34, true},
		{"", NoTier, false}, {"3", NoTier, false}, {"4", NoTier, false}, {"3–4", NoTier, false}, {"tier 1", NoTier, false},
	}
	for _, tt := range tests {
		got, ok := ParseTier(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseTier(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok && got.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
	if NoTier.String() != "" || Tier(9).String() != "" {
		t.Error("NoTier and unknown tiers must print as empty")
	}
	if !(NoTier < Tier1 && Tier1 < Tier2 && Tier2 < Tier34) {
		t.Error("tiers must be ordered by need")
	}
}

func TestCells(t *testing.T) {
	tests := []struct {
		cell  Cell
		key   string
		tier  Tier
		level Level
	}{
		{NotPlotted, "", NoTier, NoLevel},
		{Universal, "1", Tier1, NoLevel},
		{Tier2Low, "2-low", Tier2, Low},
		{Tier2Med, "2-med", Tier2, Med},
		{Tier2High, "2-high", Tier2, High},
		{Tier34Low, "3-4-low", Tier34, Low},
		{Tier34Med, "3-4-med", Tier34, Med},
		{Tier34High, "3-4-high", Tier34, High},
		{Cell(8), "", NoTier, NoLevel},
	}
	for _, tt := range tests {
		if got := tt.cell.String(); got != tt.key {
			t.Errorf("Cell(%d).String() = %q, want %q", tt.cell, got, tt.key)
		}
		if got := tt.cell.Tier(); got != tt.tier {
			t.Errorf("Cell(%d).Tier() = %v, want %v", tt.cell, got, tt.tier)
		}
		if got := tt.cell.Level(); got != tt.level {
			t.Errorf("Cell(%d).Level() = %v, want %v", tt.cell, got, tt.level)
		}
		if tt.cell <= Tier34High {
			if got, ok := ParseCell(tt.key); !ok || got != tt.cell {
				t.Errorf("ParseCell(%q) = %v, %v", tt.key, got, ok)
			}
		}
	}
	for _, bad := range []string{"2", "low", "3-4", "1-low", "2-LOW"} {
		if _, ok := ParseCell(bad); ok {
			t.Errorf("ParseCell(%q) ok", bad)
		}
	}
	if len(Cells) != 7 {
		t.Errorf("the paper form has 7 cells per row, Cells has %d", len(Cells))
	}
	for l, want := range map[Level]string{NoLevel: "", Low: "low", Med: "med", High: "high"} {
		if l.String() != want {
			t.Errorf("Level(%d).String() = %q", l, l.String())
		}
	}
}

func TestLookups(t *testing.T) {
	d := testData()
	d.Appendices = []Appendix{{ID: "A"}}
	if d.Domain("housing") == nil || d.Domain("x") != nil {
		t.Error("Domain lookup")
	}
	if d.Group("g") == nil || d.Group("x") != nil {
		t.Error("Group lookup")
	}
	if d.Indicator("c-housing-1") == nil || d.Indicator("x") != nil {
		t.Error("Indicator lookup")
	}
	if d.Action("nrm") == nil || d.Action("x") != nil {
		t.Error("Action lookup")
	}
	if d.Route("harm") == nil || d.Route("x") != nil {
		t.Error("Route lookup")
	}
	if d.Appendix("A") == nil || d.Appendix("Z") != nil {
		t.Error("Appendix lookup")
	}
	if n := len(d.DomainsIn("g")); n != 3 {
		t.Errorf("DomainsIn = %d", n)
	}
}

// Several domains at Tier 2 HIGH prompt to consider the next tier; fewer do not, and the
// prompt never raises the tier or brings the significant-harm guidance.
func TestStepUpAndUrgency(t *testing.T) {
	d := testData()
	tests := []struct {
		name    string
		sel     Selection
		stepUp  []string
		urgency Urgency
		drivers []string
		plots   []string
	}{
		{"nothing", Selection{}, nil, NoUrgency, nil, nil},
		{"tier 1", Selection{Checked: []string{"a-health-1"}}, nil, UniversalServices, []string{"a-health-1"}, nil},
		{"two at 2 HIGH", Selection{Plotted: map[string]Cell{"health": Tier2High, "housing": Tier2High}}, nil, EarlyHelpCAF, nil, []string{"health", "housing"}},
		{"three at 2 HIGH", Selection{Checked: []string{"a-health-1", "b-basic-care-1"}, Plotted: map[string]Cell{"health": Tier2High, "housing": Tier2High, "basic-care": Tier2High}},
			[]string{"health", "basic-care", "housing"}, SameDayTelephone, []string{"b-basic-care-1"}, []string{"health", "basic-care", "housing"}},
		{"three at 2, one not HIGH", Selection{Plotted: map[string]Cell{"health": Tier2High, "housing": Tier2Med, "basic-care": Tier2High}}, nil, EarlyHelpCAF, nil, []string{"health", "basic-care", "housing"}},
		{"tier 3-4 tick without a flag", Selection{Checked: []string{"c-health-1"}}, nil, ReferralToMASH, []string{"c-health-1"}, nil},
	}
	for _, tt := range tests {
		r := Evaluate(d, tt.sel)
		eq(t, tt.name+": StepUp", r.StepUp, tt.stepUp)
		eq(t, tt.name+": Drivers", r.Drivers, tt.drivers)
		eq(t, tt.name+": DriverPlots", r.DriverPlots, tt.plots)
		if r.Urgency != tt.urgency {
			t.Errorf("%s: Urgency = %q, want %q", tt.name, r.Urgency, tt.urgency)
		}
		if len(r.StepUp) > 0 && r.Tier != Tier2 {
			t.Errorf("%s: step-up changed the tier to %q", tt.name, r.Tier)
		}
	}
}
