package cwd_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"signpost/internal/cwdcheck"
	"signpost/widgets/cwd"
)

// The outcome of typical answers, pinned on a frozen copy of cwd.yaml (fixture), and the
// rules' invariants on every answer path of the real content/_data/cwd.yaml (loadData):
// an editor's valid change to the real file (a new area, route or wording) cannot turn
// these tests red, and a rule that breaks the invariants can (issue #18).

// fixture is the frozen copy of cwd.yaml that internal/cwdcheck's tests break one way at a
// time; outcomeTests were read against the guides for it.
const fixture = "internal/cwdcheck/testdata/cwd.yaml"

func loadData(t *testing.T) *cwd.Data {
	t.Helper()
	return loadFile(t, "content/_data/cwd.yaml")
}

func loadFile(t *testing.T, file string) *cwd.Data {
	t.Helper()
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

// outcomeTests pin the order of the outcome for typical families, on the fixture. The want
// lists were read against the guides when written: the first routes are the ones the guide
// gives for that situation.
var outcomeTests = []struct {
	name    string
	answers string
	want    string
}{
	// Danger: 999 at once, then the area, then that area's referral route.
	{"danger now, stoke", "danger=now area=stoke-on-trent", "emergency safeguarding-referral cwd-social-work"},
	{"worried, thurrock", "danger=worried area=thurrock", "safeguarding-referral emergency thurrock-disabled-children-team"},
	{"danger now, elsewhere", "danger=now area=elsewhere", "emergency safeguarding-referral own-council"},
	{"danger now, stale later answers", "danger=now area=stoke-on-trent disabled=yes ask=carer", "emergency safeguarding-referral cwd-social-work"},

	// Stoke-on-Trent.
	{"stoke: level 4 group and a stress factor", stoke + "disabled=yes needs-stoke=sld circumstances-stoke=single-carer has=none social-worker=none ask=unsure", "cwd-social-work"},
	{"stoke: child in need plan, asks for one-to-one", stoke + "disabled=yes needs-stoke=none circumstances-stoke=none has=none social-worker=cin ask=one-to-one", "cwd-social-work aiming-high-focused"},
	{"stoke: overnight breaks", stoke + "disabled=yes needs-stoke=none circumstances-stoke=none has=none social-worker=none ask=overnight", "overnight-short-breaks"},
	{"stoke: early help, getting worse", stoke + "disabled=yes needs-stoke=none circumstances-stoke=none has=early-help,worse social-worker=none ask=unsure", "early-help-plan-level-3"},
	{"stoke: offered early help instead", stoke + "disabled=yes needs-stoke=none circumstances-stoke=none has=offered-other social-worker=none ask=assessment", "why-early-help-first"},
	{"stoke: disagrees with a decision", stoke + "disabled=yes needs-stoke=none circumstances-stoke=none has=disagree social-worker=none ask=review", "query-or-complaint"},
	{"stoke: carer support", stoke + "disabled=yes needs-stoke=none circumstances-stoke=none has=none social-worker=none ask=carer", "parent-carer-assessment"},
	{"stoke: activities, nothing else", stoke + "disabled=yes needs-stoke=none circumstances-stoke=none has=none social-worker=none ask=activities", "aiming-high-core"},
	{"stoke: not disabled", stoke + "disabled=no needs-stoke=none circumstances-stoke=none has=none social-worker=none ask=unsure", "early-help"},

	// Thurrock.
	{"thurrock: the team's group", thurrock + "disabled=yes needs-thurrock=pi has=none social-worker=none ask=unsure", "thurrock-disabled-children-team"},
	{"thurrock: pre-school, worried about development", thurrock + "disabled=unsure needs-thurrock=preschool has=none social-worker=none ask=development", "development-worries early-support"},
	{"thurrock: help at home", thurrock + "disabled=yes needs-thurrock=none has=none social-worker=none ask=home", "thurrock-short-breaks thurrock-disabled-children-team"},
	{"thurrock: not disabled", thurrock + "disabled=no needs-thurrock=none has=none social-worker=none ask=advice", "pass"},
	{"thurrock: disagrees with a decision", thurrock + "disabled=yes needs-thurrock=none has=disagree social-worker=none ask=review", "thurrock-decisions"},

	// Somewhere else.
	{"elsewhere: carer support", away + "disabled=yes has=none social-worker=none ask=carer", "own-council parent-carer-assessment"},
	{"elsewhere: not disabled", away + "disabled=no has=none social-worker=none ask=unsure", "own-council"},
	// Answers to another area's questions do not count.
	{"elsewhere: stale stoke answers", away + "disabled=no needs-stoke=sld has=none social-worker=none ask=unsure", "own-council"},
}

func TestOutcomes(t *testing.T) {
	d := loadFile(t, fixture)
	cands := cwd.Candidates(d)
	for _, tt := range outcomeTests {
		a := cwd.Effective(d.Steps, parse(tt.answers))
		got := strings.Join(cwd.Routes(cwd.Outcome(cands, a)), " ")
		if os.Getenv("CWD_PRINT") != "" {
			t.Logf("%s: %s", tt.name, got)
		}
		if !strings.HasPrefix(got+" ", tt.want+" ") {
			t.Errorf("%s:\n got %s\nwant %s first", tt.name, got, tt.want)
		}
	}
}

// TestEveryPathHasHelp walks every path through the questions of the real cwd.yaml (each
// radio answer, and for checkbox questions none, each answer alone and all of them) and
// checks that the outcome is never empty, belongs to the family's area, lists a route once,
// puts every urgent route before the others (danger first), and that the flow reaches the
// outcome with something to say, each line citing a source. Then every route of the data,
// listed from cwd.yaml, must have been shown on some path and must name its source section
// (issue #11, item 1). Nothing here names an area, a question or a route.
func TestEveryPathHasHelp(t *testing.T) {
	d := loadData(t)
	cands := cwd.Candidates(d)
	urgent := map[string]bool{}
	for _, c := range cands {
		if c.Urgent {
			urgent[c.Area+"/"+c.Route] = true
		}
	}
	shown := map[string]int{} // area/route → paths that show it
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
			others := false
			for _, m := range ms {
				shown[m.Area+"/"+m.Route]++
				if m.Urgent != urgent[m.Area+"/"+m.Route] {
					t.Errorf("%v: route %s/%s lost its urgency", a, m.Area, m.Route)
				}
				if m.Urgent && others {
					t.Errorf("%v: urgent route %s/%s after a route that is not urgent", a, m.Area, m.Route)
				}
				others = others || !m.Urgent
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
			if a.Area() != cwd.AreaElsewhere {
				for _, l := range cwd.SayLines(d.Steps, a) {
					if len(l.Sources) == 0 {
						t.Errorf("%v: %q cites no source", a, l.Text)
					}
				}
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
	if paths < len(d.Steps) {
		t.Errorf("only %d paths walked", paths)
	}
	for _, a := range d.Areas {
		for _, r := range a.Routes {
			id := a.ID + "/" + r.ID
			if shown[id] == 0 {
				t.Errorf("route %s is shown on none of %d answer paths", id, paths)
			}
			if r.Source.URL == "" || !strings.Contains(r.Source.URL, "#") {
				t.Errorf("route %s names no source section", id)
			}
		}
	}
	t.Logf("%d answer paths, %d routes", paths, len(cands))
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

// TestRouteTable prints the guides' routes as the data lists them, with the section each
// comes from and the answers that reach it (each clause; its rank in brackets):
// CWD_TABLE=1 go test ./widgets/cwd -run TestRouteTable -v.
func TestRouteTable(t *testing.T) {
	if os.Getenv("CWD_TABLE") == "" {
		t.Skip("set CWD_TABLE=1")
	}
	d := loadData(t)
	label := map[string]string{}
	short := map[string]string{}
	for _, s := range d.Steps {
		short[s.ID] = s.ID
		for _, o := range s.Options {
			label[s.ID+"="+o.ID] = o.Label
		}
	}
	var b strings.Builder
	b.WriteString("| area | route | source section | reachable by (rank) |\n|---|---|---|---|\n")
	for _, a := range d.Areas {
		for _, r := range a.Routes {
			var ways []string
			for _, c := range r.When {
				var conds []string
				keys := make([]string, 0, len(c.If))
				for k := range c.If {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					var ls []string
					for _, o := range c.If[k] {
						ls = append(ls, "“"+label[k+"="+o]+"”")
					}
					conds = append(conds, short[k]+": "+strings.Join(ls, " or "))
				}
				w := "any answers"
				if len(conds) > 0 {
					w = strings.Join(conds, " and ")
				}
				ways = append(ways, fmt.Sprintf("%s (%d)", w, c.Rank))
			}
			fmt.Fprintf(&b, "| %s | %s | [%s](%s) | %s |\n", a.ID, r.Title, r.Source.Title, r.Source.URL, strings.Join(ways, "; "))
		}
	}
	t.Log("\n" + b.String())
}
