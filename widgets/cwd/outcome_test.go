package cwd_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"signpost/internal/cwdcheck"
	"signpost/widgets/cwd"
)

// The outcome of every kind of answer, on the real content/_data/cwd.yaml: which routes
// show, most relevant first. docs: the table in the CWD check's issue report.

func loadData(t *testing.T) *cwd.Data {
	t.Helper()
	const file = "content/_data/cwd.yaml"
	src, err := os.ReadFile(filepath.Join("..", "..", file))
	if err != nil {
		t.Fatal(err)
	}
	d, ds := cwdcheck.Load(file, src)
	if len(ds) > 0 {
		t.Fatalf("Load:\n%s", ds.Error())
	}
	return d
}

// parse turns "q=a,b q2=c" into answers.
func parse(s string) cwd.Answers {
	a := cwd.Answers{}
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(f, "=")
		a[k] = strings.Split(v, ",")
	}
	return a
}

const (
	stoke    = "danger=no area=stoke-on-trent "
	thurrock = "danger=no area=thurrock "
	away     = "danger=no area=elsewhere "
)

var outcomeTests = []struct {
	name    string
	answers string
	want    string
}{
	// Danger ends the flow before the area is asked.
	{"danger now", "danger=now", "emergency safeguarding-referral"},
	{"worried about harm", "danger=worried", "safeguarding-referral emergency"},
	{"danger now, stale later answers", "danger=now area=stoke-on-trent disabled=yes carer=yes", "emergency safeguarding-referral"},

	// Stoke-on-Trent.
	{"stoke: no level 4 group, no stress factor", stoke + "disabled=yes needs-stoke=none circumstances-stoke=none social-worker=none carer=no",
		"aiming-high-core early-help"},
	{"stoke: level 4 group and stress factor, wants carer support", stoke + "disabled=yes needs-stoke=sld circumstances-stoke=single-carer social-worker=none carer=yes",
		"cwd-social-work parent-carer-assessment aiming-high-enhanced early-help aiming-high-core csdpa-support"},
	{"stoke: child protection plan", stoke + "disabled=yes needs-stoke=msd circumstances-stoke=behaviour social-worker=cp carer=yes",
		"cwd-social-work aiming-high-focused parent-carer-assessment aiming-high-enhanced early-help aiming-high-core csdpa-support"},
	{"stoke: child in need plan, nothing else", stoke + "disabled=yes needs-stoke=none circumstances-stoke=none social-worker=cin carer=no",
		"cwd-social-work aiming-high-focused early-help aiming-high-core csdpa-support aiming-high-enhanced"},
	{"stoke: social worker without a plan", stoke + "disabled=unsure needs-stoke=none circumstances-stoke=none social-worker=sw carer=no",
		"cwd-social-work early-help aiming-high-core csdpa-support aiming-high-enhanced"},
	{"stoke: level 4 group only, unsure about carer support", stoke + "disabled=yes needs-stoke=lli circumstances-stoke=none social-worker=none carer=unsure",
		"cwd-social-work aiming-high-core aiming-high-enhanced parent-carer-assessment csdpa-support early-help"},
	{"stoke: stress factors only", stoke + "disabled=yes needs-stoke=none circumstances-stoke=poverty,network social-worker=unsure carer=no",
		"early-help aiming-high-enhanced aiming-high-core cwd-social-work parent-carer-assessment"},
	{"stoke: not disabled", stoke + "disabled=no needs-stoke=none circumstances-stoke=none social-worker=none carer=yes",
		"early-help"},

	// Thurrock.
	{"thurrock: nothing chosen", thurrock + "disabled=yes needs-thurrock=none circumstances-thurrock=none social-worker=none carer=no",
		"thurrock-disabled-children-team pass"},
	{"thurrock: team's group, pre-school, short break, carer support", thurrock + "disabled=yes needs-thurrock=sld,preschool circumstances-thurrock=break social-worker=none carer=yes",
		"thurrock-disabled-children-team early-support parent-carer-assessment pass"},
	{"thurrock: pre-school and advice", thurrock + "disabled=unsure needs-thurrock=preschool circumstances-thurrock=advice social-worker=none carer=unsure",
		"early-support pass thurrock-disabled-children-team parent-carer-assessment"},
	{"thurrock: child protection plan", thurrock + "disabled=yes needs-thurrock=none circumstances-thurrock=home social-worker=cp carer=no",
		"thurrock-disabled-children-team pass"},
	{"thurrock: not disabled", thurrock + "disabled=no needs-thurrock=none circumstances-thurrock=none social-worker=none carer=yes",
		"pass"},

	// Somewhere else.
	{"elsewhere: disabled", away + "disabled=yes social-worker=none carer=no", "own-council parent-carer-assessment"},
	{"elsewhere: wants carer support", away + "disabled=unsure social-worker=cin carer=yes", "own-council parent-carer-assessment"},
	{"elsewhere: not disabled", away + "disabled=no social-worker=none carer=yes", "own-council"},
	// Answers to another area's questions do not count.
	{"elsewhere: stale stoke answers", away + "disabled=no needs-stoke=sld social-worker=cp carer=no", "own-council"},
}

func TestOutcomes(t *testing.T) {
	d := loadData(t)
	cands := cwd.Candidates(d)
	seen := map[string]bool{}
	for _, tt := range outcomeTests {
		a := cwd.Effective(d.Steps, parse(tt.answers))
		got := strings.Join(cwd.Routes(cwd.Outcome(cands, a)), " ")
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
		for _, r := range strings.Fields(got) {
			seen[r] = true
		}
	}
	for _, id := range cwd.RouteIDs {
		if !seen[id] {
			t.Errorf("no outcome test shows route %q", id)
		}
	}
}

// TestEveryPathHasHelp walks every path through the questions (each radio answer, and for
// checkbox questions none, each answer alone and all of them) and checks that the outcome
// is never empty, belongs to the family's area, lists a route once, and that the flow
// reaches the outcome.
func TestEveryPathHasHelp(t *testing.T) {
	d := loadData(t)
	cands := cwd.Candidates(d)
	paths := 0
	var walk func(i int, a cwd.Answers)
	walk = func(i int, a cwd.Answers) {
		if i == cwd.StepCheck || i == cwd.StepOutcome {
			paths++
			ms := cwd.Outcome(cands, a)
			if len(ms) == 0 {
				t.Errorf("no help shown for %v", a)
			}
			seen := map[string]bool{}
			for _, m := range ms {
				if m.Area != cwd.AreaAny && m.Area != a.Area() {
					t.Errorf("%v: route %s of area %s", a, m.Route, m.Area)
				}
				if seen[m.Route] {
					t.Errorf("%v: route %s twice", a, m.Route)
				}
				seen[m.Route] = true
			}
			if len(cwd.Say(d.Steps, a)) == 0 {
				t.Errorf("%v: nothing to say", a)
			}
			return
		}
		s := &d.Steps[i]
		for _, choice := range choices(s) {
			b := cwd.Answers{}
			for k, v := range a {
				b[k] = v
			}
			b[s.ID] = choice
			walk(cwd.Next(d.Steps, b, i), b)
		}
	}
	walk(0, cwd.Answers{})
	if paths < 1000 {
		t.Errorf("only %d paths walked", paths)
	}
}

func choices(s *cwd.Step) [][]string {
	var out [][]string
	if s.Kind == cwd.KindOne {
		for _, o := range s.Options {
			out = append(out, []string{o.ID})
		}
		return out
	}
	var all []string
	for _, o := range s.Options {
		out = append(out, []string{o.ID})
		if !o.Exclusive {
			all = append(all, o.ID)
		}
	}
	return append(out, all)
}

// TestWhenSurvivesTheDOM checks that every route's rules read back from data-when as
// written.
func TestWhenSurvivesTheDOM(t *testing.T) {
	d := loadData(t)
	for _, c := range cwd.Candidates(d) {
		back, ok := cwd.ParseWhen(cwd.EncodeWhen(c.When))
		if !ok {
			t.Fatalf("%s/%s: data-when does not parse", c.Area, c.Route)
		}
		for i := range back {
			back[i].Line = c.When[i].Line
		}
		if !reflect.DeepEqual(normalise(back), normalise(c.When)) {
			t.Errorf("%s/%s: when %v came back as %v", c.Area, c.Route, c.When, back)
		}
	}
}

func normalise(cs []cwd.Clause) []cwd.Clause {
	out := make([]cwd.Clause, len(cs))
	for i, c := range cs {
		out[i] = cwd.Clause{Rank: c.Rank, If: map[string][]string{}}
		for k, v := range c.If {
			out[i].If[k] = v
		}
	}
	return out
}
