package cwd

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// ans parses "q=a,b q2=c" into Answers.
func ans(s string) Answers {
	a := Answers{}
	for _, f := range strings.Fields(s) {
		k, v, _ := strings.Cut(f, "=")
		a[k] = strings.Split(v, ",")
	}
	return a
}

// fixture is a small flow: an ending question, the area, an area-only checkbox question
// with an exclusive answer, and a last question for everyone.
var fixture = []Step{
	{ID: "danger", Kind: KindOne, Options: []Option{{ID: "now", End: true, Say: "Danger now."}, {ID: "no"}}},
	{ID: "area", Kind: KindOne, Options: []Option{{ID: "a", Say: "We live in A."}, {ID: "b", Say: "We live in B."}}},
	{ID: "needs-a", Kind: KindMany, Areas: []string{"a"}, Say: "My child:", Options: []Option{
		{ID: "x", Say: "has x"}, {ID: "y", Say: "has y"}, {ID: "none", Exclusive: true}}},
	{ID: "carer", Kind: KindOne, Options: []Option{{ID: "yes", Say: "I want an assessment."}, {ID: "no"}}},
}

func TestClauseHolds(t *testing.T) {
	tests := []struct {
		clause  Clause
		answers string
		want    bool
	}{
		{Clause{}, "", true},
		{Clause{If: map[string][]string{"q": {"a"}}}, "q=a", true},
		{Clause{If: map[string][]string{"q": {"a", "b"}}}, "q=b", true},
		{Clause{If: map[string][]string{"q": {"a"}}}, "q=b", false},
		{Clause{If: map[string][]string{"q": {"a"}}}, "", false},
		{Clause{If: map[string][]string{"q": {"a"}, "r": {"c"}}}, "q=a r=c", true},
		{Clause{If: map[string][]string{"q": {"a"}, "r": {"c"}}}, "q=a r=d", false},
		{Clause{If: map[string][]string{"m": {"x"}}}, "m=y,x", true},
	}
	for _, tt := range tests {
		if got := tt.clause.Holds(ans(tt.answers)); got != tt.want {
			t.Errorf("%v.Holds(%q) = %v, want %v", tt.clause.If, tt.answers, got, tt.want)
		}
	}
}

func TestRank(t *testing.T) {
	when := []Clause{
		{Rank: 3, If: map[string][]string{"q": {"a"}}},
		{Rank: 1, If: map[string][]string{"q": {"a"}, "r": {"c"}}},
		{Rank: 7},
	}
	tests := []struct {
		answers string
		rank    int
	}{
		{"q=a r=c", 1},
		{"q=a", 3},
		{"", 7},
	}
	for _, tt := range tests {
		if r, ok := Rank(when, ans(tt.answers)); !ok || r != tt.rank {
			t.Errorf("Rank(%q) = %d, %v; want %d", tt.answers, r, ok, tt.rank)
		}
	}
	if _, ok := Rank(when[:1], Answers{}); ok {
		t.Error("Rank with no clause holding reported ok")
	}
}

func TestOutcome(t *testing.T) {
	c := func(area, route string, when ...Clause) Candidate {
		return Candidate{Area: area, Route: route, When: when}
	}
	r := func(rank int, cond string) Clause {
		cl := Clause{Rank: rank, If: map[string][]string{}}
		for k, v := range ans(cond) {
			cl.If[k] = v
		}
		return cl
	}
	cands := []Candidate{
		c(AreaAny, "emergency", r(1, "danger=now")),
		c("a", "first", r(2, "")),
		c("a", "second", r(2, ""), r(1, "carer=yes")),
		c("a", "third", r(5, "needs-a=x")),
		c("b", "other", r(1, "")),
	}
	tests := []struct {
		answers string
		want    []string
	}{
		{"danger=now", []string{"emergency"}},
		{"danger=no area=a carer=no", []string{"first", "second"}},
		{"danger=no area=a carer=yes", []string{"second", "first"}},
		{"danger=no area=a needs-a=x carer=no", []string{"first", "second", "third"}},
		{"danger=no area=b", []string{"other"}},
		{"danger=no", nil},
	}
	for _, tt := range tests {
		if got := Routes(Outcome(cands, ans(tt.answers))); !equal(got, tt.want) {
			t.Errorf("Outcome(%q) = %v, want %v", tt.answers, got, tt.want)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func TestNextPrev(t *testing.T) {
	tests := []struct {
		answers    string
		cur        int
		next, prev int
	}{
		{"", 0, 1, StepNone},
		{"danger=now", 0, StepOutcome, StepNone},
		{"danger=no area=a", 1, 2, 0},
		{"danger=no area=b", 1, 3, 0},
		{"danger=no area=b", 3, StepCheck, 1},
		{"danger=no area=a", 3, StepCheck, 2},
		{"danger=no area=a", StepCheck, StepOutcome, 3},
		{"danger=no area=a carer=no", StepOutcome, StepNone, StepCheck},
		{"danger=now", StepOutcome, StepNone, 0},
		// A stale answer after the ending one does not matter.
		{"danger=now area=a", StepOutcome, StepNone, 0},
	}
	for _, tt := range tests {
		a := Effective(fixture, ans(tt.answers))
		if tt.cur != StepOutcome {
			if got := Next(fixture, a, tt.cur); got != tt.next {
				t.Errorf("Next(%q, %d) = %d, want %d", tt.answers, tt.cur, got, tt.next)
			}
		}
		if got := Prev(fixture, a, tt.cur); got != tt.prev {
			t.Errorf("Prev(%q, %d) = %d, want %d", tt.answers, tt.cur, got, tt.prev)
		}
	}
}

func TestEffectiveAndAsked(t *testing.T) {
	tests := []struct {
		raw   string
		want  string
		asked []int
	}{
		{"danger=no area=a needs-a=x carer=no", "danger=no area=a needs-a=x carer=no", []int{0, 1, 2, 3}},
		// The family changed its area: the other area's answers no longer count.
		{"danger=no area=b needs-a=x carer=no", "danger=no area=b carer=no", []int{0, 1, 3}},
		// An ending answer drops everything after it.
		{"danger=now area=a needs-a=x carer=yes", "danger=now", []int{0}},
		{"", "", []int{0, 1, 3}},
	}
	for _, tt := range tests {
		got := Effective(fixture, ans(tt.raw))
		if !reflect.DeepEqual(got, ans(tt.want)) {
			t.Errorf("Effective(%q) = %v, want %q", tt.raw, got, tt.want)
		}
		if asked := Asked(fixture, got); !reflect.DeepEqual(asked, tt.asked) {
			t.Errorf("Asked(%q) = %v, want %v", tt.raw, asked, tt.asked)
		}
	}
}

func TestMissing(t *testing.T) {
	if !Missing(&fixture[2], ans("area=a")) {
		t.Error("unanswered question not missing")
	}
	if Missing(&fixture[2], ans("needs-a=none")) {
		t.Error("answered question missing")
	}
}

func TestUncheck(t *testing.T) {
	s := &fixture[2]
	tests := []struct {
		opt  string
		want []string
	}{
		{"none", []string{"x", "y"}},
		{"x", []string{"none"}},
		{"y", []string{"none"}},
	}
	for _, tt := range tests {
		if got := Uncheck(s, tt.opt); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Uncheck(%q) = %v, want %v", tt.opt, got, tt.want)
		}
	}
}

func TestSay(t *testing.T) {
	tests := []struct {
		answers string
		want    []string
	}{
		{"danger=now", []string{"Danger now."}},
		{"danger=no area=a needs-a=x,y carer=yes", []string{"We live in A.", "My child: has x; has y.", "I want an assessment."}},
		{"danger=no area=a needs-a=none carer=no", []string{"We live in A."}},
		{"danger=no area=b needs-a=x carer=no", []string{"We live in B."}},
	}
	for _, tt := range tests {
		got := Say(fixture, Effective(fixture, ans(tt.answers)))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Say(%q) = %q, want %q", tt.answers, got, tt.want)
		}
	}
}

func TestWhenRoundTrip(t *testing.T) {
	tests := []struct {
		when []Clause
		enc  string
	}{
		{nil, ""},
		{[]Clause{{Rank: 7}}, "7:"},
		{[]Clause{{Rank: 1, If: map[string][]string{"social-worker": {"cp", "cin"}}}}, "1:social-worker=cp,cin"},
		{[]Clause{
			{Rank: 2, If: map[string][]string{"z": {"a"}, "b": {"c", "d"}}},
			{Rank: 12},
		}, "2:b=c,d z=a;12:"},
	}
	for _, tt := range tests {
		enc := EncodeWhen(tt.when)
		if enc != tt.enc {
			t.Errorf("EncodeWhen = %q, want %q", enc, tt.enc)
		}
		back, ok := ParseWhen(enc)
		if !ok || EncodeWhen(back) != enc {
			t.Errorf("ParseWhen(%q) = %v, %v", enc, back, ok)
		}
	}
}

func TestParseWhenRejects(t *testing.T) {
	for _, s := range []string{"x", "a:", "1:q", "1:=a", "1:q=", "-1:"} {
		if _, ok := ParseWhen(s); ok {
			t.Errorf("ParseWhen(%q) accepted", s)
		}
	}
}

func TestHelpers(t *testing.T) {
	if got := Fields("  a b  c "); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("Fields = %q", got)
	}
	if got := Fields(""); got != nil {
		t.Errorf("Fields(\"\") = %q", got)
	}
	if got := Join([]string{"a", "b"}, "; "); got != "a; b" {
		t.Errorf("Join = %q", got)
	}
	for _, n := range []int{0, 7, 42, 1234567, -3} {
		if got, want := itoa(n), strconv.Itoa(n); got != want {
			t.Errorf("itoa(%d) = %q", n, got)
		}
	}
	for s, want := range map[string]int{"0": 0, "12": 12, "007": 7} {
		if got, ok := atoi(s); !ok || got != want {
			t.Errorf("atoi(%q) = %d, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "1a", "-1", "1234567890"} {
		if _, ok := atoi(s); ok {
			t.Errorf("atoi(%q) accepted", s)
		}
	}
}

// danger is the live flow's shape: the danger question first, the area next, which ends
// the flow on the danger path (after showing 999 at once), then area questions.
var danger = []Step{
	{ID: "danger", Kind: KindOne, Options: []Option{{ID: "now"}, {ID: "worried"}, {ID: "no"}}},
	{ID: "area", Kind: KindOne, EndIf: map[string][]string{"danger": {"now", "worried"}},
		Notice: "Call 999.", NoticeIf: map[string][]string{"danger": {"now"}},
		Options: []Option{{ID: "a"}, {ID: "b"}}},
	{ID: "needs-a", Kind: KindMany, Areas: []string{"a"}, Options: []Option{{ID: "x"}, {ID: "none", Exclusive: true}}},
	{ID: "carer", Kind: KindOne, Options: []Option{{ID: "yes"}, {ID: "no"}}},
}

func TestEndIf(t *testing.T) {
	tests := []struct {
		answers string
		cur     int
		next    int
	}{
		{"danger=now", 0, 1},                  // the area is asked even in danger
		{"danger=now area=a", 1, StepOutcome}, // then the outcome at once
		{"danger=worried area=b", 1, StepOutcome},
		{"danger=no area=a", 1, 2},
		{"danger=no area=b", 1, 3},
	}
	for _, tt := range tests {
		a := Effective(danger, ans(tt.answers))
		if got := Next(danger, a, tt.cur); got != tt.next {
			t.Errorf("Next(%q, %d) = %d, want %d", tt.answers, tt.cur, got, tt.next)
		}
	}
	// Stale answers after the area on the danger path do not count, and the outcome's Back
	// goes to the area question.
	a := Effective(danger, ans("danger=now area=a needs-a=x carer=yes"))
	if !reflect.DeepEqual(a, ans("danger=now area=a")) {
		t.Errorf("Effective = %v", a)
	}
	if got := Prev(danger, a, StepOutcome); got != 1 {
		t.Errorf("Prev(outcome) = %d, want 1", got)
	}
	if !reflect.DeepEqual(Asked(danger, a), []int{0, 1}) {
		t.Errorf("Asked = %v", Asked(danger, a))
	}
	if Ends(&danger[1], ans("danger=now")) {
		t.Error("an unanswered area question ended the flow")
	}
}

func TestShowNotice(t *testing.T) {
	for answers, want := range map[string]bool{"danger=now": true, "danger=worried": false, "danger=no": false, "": false} {
		if got := ShowNotice(&danger[1], ans(answers)); got != want {
			t.Errorf("ShowNotice(%q) = %v", answers, got)
		}
	}
	if ShowNotice(&danger[0], ans("danger=now")) {
		t.Error("a question without a notice shows one")
	}
}

// TestNextMissing: after "Change" from check your answers, Continue goes back to check your
// answers unless the new answer asks a question not yet answered.
func TestNextMissing(t *testing.T) {
	tests := []struct {
		answers string
		cur     int
		want    int
	}{
		{"danger=no area=a needs-a=x carer=no", 0, StepCheck},
		{"danger=no area=a needs-a=x carer=no", 3, StepCheck},
		{"danger=no area=a carer=no", 1, 2}, // changed to area a: its question is new
		{"danger=no area=b carer=no", 1, StepCheck},
		{"danger=now area=b", 1, StepCheck},
		{"danger=no area=a needs-a=x", 2, 3},
	}
	for _, tt := range tests {
		a := Effective(danger, ans(tt.answers))
		if got := NextMissing(danger, a, tt.cur); got != tt.want {
			t.Errorf("NextMissing(%q, %d) = %d, want %d", tt.answers, tt.cur, got, tt.want)
		}
	}
}

func TestUrgentFirst(t *testing.T) {
	cands := []Candidate{
		{Area: "a", Route: "calm", When: []Clause{{Rank: 1}}},
		{Area: AreaAny, Route: "999", Urgent: true, When: []Clause{{Rank: 2, If: map[string][]string{"danger": {"now"}}}}},
		{Area: "a", Route: "tell", Urgent: true, When: []Clause{{Rank: 3}}},
	}
	if got := Routes(Outcome(cands, ans("danger=now area=a"))); !reflect.DeepEqual(got, []string{"999", "tell", "calm"}) {
		t.Errorf("Outcome = %v", got)
	}
	if got := Routes(Outcome(cands, ans("danger=no area=a"))); !reflect.DeepEqual(got, []string{"tell", "calm"}) {
		t.Errorf("Outcome = %v", got)
	}
}
