package cwd

// Answers maps a question id to the option ids chosen for it.
type Answers map[string][]string

// Has reports whether option opt was chosen for question step.
func (a Answers) Has(step, opt string) bool { return contains(a[step], opt) }

// Area returns the chosen area id, or "" before the area question is answered.
func (a Answers) Area() string {
	if v := a[AreaStep]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Holds reports whether every condition of c is met by a.
func (c Clause) Holds(a Answers) bool {
	for step, opts := range c.If {
		ok := false
		for _, o := range opts {
			if a.Has(step, o) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Rank returns the lowest rank among the clauses of when that hold, and whether any does.
func Rank(when []Clause, a Answers) (int, bool) {
	best, ok := 0, false
	for _, c := range when {
		if c.Holds(a) && (!ok || c.Rank < best) {
			best, ok = c.Rank, true
		}
	}
	return best, ok
}

// Holds reports whether, for every question cond names, one of the listed answers was
// given (an empty cond always holds).
func Holds(cond map[string][]string, a Answers) bool { return Clause{If: cond}.Holds(a) }

// Candidate is one area's route with the clauses that make it fit, as the outcome page
// lists them (in the data file's order, which breaks ties between equal ranks).
type Candidate struct {
	Area   string
	Route  string
	Urgent bool
	When   []Clause
}

// Match is a route that fits, with its rank.
type Match struct {
	Area   string
	Route  string
	Urgent bool
	Rank   int
	// Index is the candidate's position in the list given to Outcome.
	Index int
}

// Candidates lists every area's routes in data order.
func Candidates(d *Data) []Candidate {
	var out []Candidate
	for _, ar := range d.Areas {
		for _, r := range ar.Routes {
			out = append(out, Candidate{Area: ar.ID, Route: r.ID, Urgent: r.Urgent, When: r.When})
		}
	}
	return out
}

// Outcome returns every candidate of the answers' area (and of AreaAny) whose clauses
// hold, most relevant first: urgent routes, then by rank, then in candidate order.
func Outcome(cands []Candidate, a Answers) []Match {
	area := a.Area()
	var out []Match
	for i, c := range cands {
		if c.Area != AreaAny && (area == "" || c.Area != area) {
			continue
		}
		if r, ok := Rank(c.When, a); ok {
			out = append(out, Match{Area: c.Area, Route: c.Route, Urgent: c.Urgent, Rank: r, Index: i})
		}
	}
	// Insertion sort: stable, tiny and free of package sort's reflection.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && less(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func less(x, y Match) bool {
	if x.Urgent != y.Urgent {
		return x.Urgent
	}
	if x.Rank != y.Rank {
		return x.Rank < y.Rank
	}
	return x.Index < y.Index
}

// Routes returns the route ids of ms in order.
func Routes(ms []Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Route
	}
	return out
}

// Positions in the flow that are not questions.
const (
	// StepCheck is the "Check your answers" step.
	StepCheck = -1
	// StepOutcome is the outcome page.
	StepOutcome = -2
	// StepNone is returned by Prev on the first question: there is nothing before it.
	StepNone = -3
)

// Visible reports whether question s is asked given the answers so far.
func Visible(s *Step, a Answers) bool {
	return len(s.Areas) == 0 || contains(s.Areas, a.Area())
}

// Ends reports whether the answer to s goes straight to the outcome: an answer marked end,
// or the question's end_if met by the answers.
func Ends(s *Step, a Answers) bool {
	if len(s.EndIf) > 0 && !Missing(s, a) && Holds(s.EndIf, a) {
		return true
	}
	for _, o := range s.Options {
		if o.End && a.Has(s.ID, o.ID) {
			return true
		}
	}
	return false
}

// Next returns the position after question cur (an index into steps): the next question
// asked, StepCheck after the last one, or StepOutcome when cur's answer ends the flow.
// From StepCheck it returns StepOutcome.
func Next(steps []Step, a Answers, cur int) int {
	if cur == StepCheck {
		return StepOutcome
	}
	if cur < 0 || cur >= len(steps) {
		return StepNone
	}
	if Ends(&steps[cur], a) {
		return StepOutcome
	}
	for i := cur + 1; i < len(steps); i++ {
		if Visible(&steps[i], a) {
			return i
		}
	}
	return StepCheck
}

// Prev returns the position the Back link of cur goes to: the previous question asked,
// the last question from StepCheck, and from StepOutcome the question that ended the flow
// or else StepCheck. On the first question it returns StepNone.
func Prev(steps []Step, a Answers, cur int) int {
	switch cur {
	case StepOutcome:
		if i := endedAt(steps, a); i >= 0 {
			return i
		}
		return StepCheck
	case StepCheck:
		cur = len(steps)
	}
	if cur > len(steps) {
		return StepNone
	}
	for i := cur - 1; i >= 0; i-- {
		if Visible(&steps[i], a) {
			return i
		}
	}
	return StepNone
}

// endedAt returns the index of the question whose answer ended the flow, or -1.
func endedAt(steps []Step, a Answers) int {
	for i := range steps {
		s := &steps[i]
		if !Visible(s, a) {
			continue
		}
		if Ends(s, a) {
			return i
		}
	}
	return -1
}

// Effective returns the answers that count: those to questions still asked (a family
// that changed its area keeps no answers to the other area's questions) and none after a
// question whose answer ended the flow.
func Effective(steps []Step, raw Answers) Answers {
	out := Answers{}
	for i := range steps {
		s := &steps[i]
		if !Visible(s, out) {
			continue
		}
		if v := raw[s.ID]; len(v) > 0 {
			out[s.ID] = v
		}
		if Ends(s, out) {
			break
		}
	}
	return out
}

// Asked returns the indexes of the questions asked for these answers, in order, up to and
// including one whose answer ended the flow: the rows of "Check your answers".
func Asked(steps []Step, a Answers) []int {
	var out []int
	for i := range steps {
		s := &steps[i]
		if !Visible(s, a) {
			continue
		}
		out = append(out, i)
		if Ends(s, a) {
			break
		}
	}
	return out
}

// ShowNotice reports whether question s's notice is shown for the answers so far.
func ShowNotice(s *Step, a Answers) bool { return s.Notice != "" && Holds(s.NoticeIf, a) }

// NextMissing returns where Continue goes after a "Change" from "Check your answers": the
// next question asked that is still unanswered, else back to StepCheck (GOV.UK's pattern).
func NextMissing(steps []Step, a Answers, cur int) int {
	for p := Next(steps, a, cur); ; p = Next(steps, a, p) {
		if p < 0 {
			return StepCheck
		}
		if Missing(&steps[p], a) {
			return p
		}
	}
}

// Missing reports whether question s is unanswered.
func Missing(s *Step, a Answers) bool { return len(a[s.ID]) == 0 }

// Uncheck returns the options of checkbox question s to clear when opt has just been
// checked: every other option if opt is exclusive ("None of these"), else the exclusive
// ones.
func Uncheck(s *Step, opt string) []string {
	exclusive := false
	for _, o := range s.Options {
		if o.ID == opt {
			exclusive = o.Exclusive
		}
	}
	var out []string
	for _, o := range s.Options {
		if o.ID != opt && (exclusive || o.Exclusive) {
			out = append(out, o.ID)
		}
	}
	return out
}

// Say returns "What to say when you call": one line per question asked that has
// something to say, in question order.
func Say(steps []Step, a Answers) []string {
	lines := SayLines(steps, a)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

// SayLine is one line of "What to say when you call" with the sections of the guidance it
// restates, for the family's area.
type SayLine struct {
	Text    string
	Sources []string
}

// SayLines returns Say's lines with their sources: each chosen answer's source for the
// family's area (Sources), else its source for every area (Source), once each.
func SayLines(steps []Step, a Answers) []SayLine {
	var out []SayLine
	area := a.Area()
	for _, i := range Asked(steps, a) {
		s := &steps[i]
		var parts, srcs []string
		alone := false
		for _, o := range s.Options {
			if a.Has(s.ID, o.ID) && o.Say != "" {
				parts = append(parts, o.Say)
				alone = alone || o.Exclusive
				src := o.Sources[area]
				if src == "" {
					src = o.Source
				}
				if src != "" && !contains(srcs, src) {
					srcs = append(srcs, src)
				}
			}
		}
		switch {
		case len(parts) == 0:
		case s.Say == "" || alone:
			out = append(out, SayLine{Text: join(parts, " "), Sources: srcs})
		default:
			out = append(out, SayLine{Text: s.Say + " " + join(parts, "; ") + ".", Sources: srcs})
		}
	}
	return out
}
