// Package cwdcheck owns content/_data/cwd.yaml, the data of the Children with Disability
// check: it decodes and validates the file (the types live in widgets/cwd so the WASM
// module shares them) and renders the `::: widget cwd-check` block. It runs in the
// markdown stage, when a page names the widget.
//
// The widget is rendered whole on the server: every question, "Check your answers", every
// outcome card and a plain list of routes for readers without JavaScript or WebAssembly.
// The rules the browser needs travel in data attributes (see widgets/cwd/encode.go), so the
// WASM module holds logic and the page holds the content.
package cwdcheck

import (
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
	"signpost/widgets/cwd"
)

// Load decodes cwd.yaml strictly (unknown keys are errors) and checks everything that does
// not need site.yaml: question and answer ids, which answers each rule names, the route
// ids of the test contract, text that retypes a number or says a family is ineligible.
// Validate checks the areas and contacts against site.yaml.
func Load(file string, src []byte) (*cwd.Data, diag.List) {
	d := &cwd.Data{}
	if ds := datafile.Decode(file, src, 0, d); ds.HasErrors() {
		return nil, ds
	}
	if top, errs := datafile.Tree(file, src); errs == nil {
		setLines(d, top)
	}
	return d, check(file, d)
}

// setLines records where each step, option, area, route and clause starts, for
// diagnostics. Decode has already checked the shape, so the walk trusts it.
func setLines(d *cwd.Data, doc *yaml.Node) {
	for i, n := range datafile.Items(datafile.MapValue(doc, "steps")) {
		if i >= len(d.Steps) {
			break
		}
		s := &d.Steps[i]
		s.Line = n.Line
		for j, on := range datafile.Items(datafile.MapValue(n, "options")) {
			if j < len(s.Options) {
				s.Options[j].Line = on.Line
			}
		}
	}
	for i, n := range datafile.Items(datafile.MapValue(doc, "areas")) {
		if i >= len(d.Areas) {
			break
		}
		a := &d.Areas[i]
		a.Line = n.Line
		if sn := datafile.MapValue(n, "sources"); sn != nil && sn.Kind == yaml.MappingNode {
			a.SourceLines = map[string]int{}
			for j := 0; j+1 < len(sn.Content); j += 2 {
				a.SourceLines[sn.Content[j].Value] = sn.Content[j].Line
			}
		}
		for j, rn := range datafile.Items(datafile.MapValue(n, "routes")) {
			if j >= len(a.Routes) {
				break
			}
			r := &a.Routes[j]
			r.Line = rn.Line
			for k, cn := range datafile.Items(datafile.MapValue(rn, "when")) {
				if k < len(r.When) {
					r.When[k].Line = cn.Line
				}
			}
		}
	}
}

var (
	idRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	// A phone number: five or more digits, allowing spaces and hyphens between them.
	phoneRE = regexp.MustCompile(`\d(?:[ -]?\d){4,}`)
	emailRE = regexp.MustCompile(`[^\s@]+@[^\s@]+\.[^\s@]+`)
	// Wording that tells a family it does not qualify. The guides say rigid criteria are not
	// set and every referral is assessed on the child's needs (issue: CWD check, item 4).
	refuseRE = regexp.MustCompile(`(?i)\b(?:ineligible|not eligible|isn't eligible|not entitled|won't qualify|do(?:es)? not qualify|don't qualify|will be refused|be turned away|not meet the (?:criteria|threshold))\b`)
)

// checker collects diagnostics for one file.
type checker struct {
	file string
	ds   diag.List
}

func (c *checker) errorf(line int, format string, args ...any) *diag.Diag {
	c.ds.Add(diag.Errorf(c.file, line, 0, format, args...))
	return &c.ds[len(c.ds)-1]
}

// text checks a piece of text shown to families.
func (c *checker) text(line int, what, s string) {
	if m := phoneRE.FindString(s); m != "" {
		c.errorf(line, "%s retypes the number %q", what, m).Hint =
			"name the contact in contacts: site.yaml holds the only copy of every number"
	}
	if m := emailRE.FindString(s); m != "" {
		c.errorf(line, "%s retypes the address %q", what, m).Hint =
			"name the contact in contacts: site.yaml holds the only copy of every address"
	}
	if m := refuseRE.FindString(s); m != "" {
		c.errorf(line, "%s says %q", what, m).Hint =
			"never tell a family it does not qualify: every referral is assessed on the child's needs"
	}
}

func (c *checker) blocks(line int, what string, bs []cwd.Block) {
	for _, b := range bs {
		switch {
		case b.P != "" && len(b.List) > 0:
			c.errorf(line, "%s: a block has both p and list", what).Hint = "split it into two blocks"
		case b.P == "" && len(b.List) == 0:
			c.errorf(line, "%s: empty block", what)
		}
		c.text(line, what, b.P)
		for _, li := range b.List {
			c.text(line, what, li)
		}
		if b.Source != "" && !anchored(b.Source) {
			c.errorf(line, "%s: block source %q: use a site path with the section's anchor, like /parents/guide/#section", what, b.Source)
		}
	}
}

// anchored reports whether u is a site path with a section anchor: a source names the
// section a text restates, not only the page.
func anchored(u string) bool {
	_, frag, ok := strings.Cut(u, "#")
	return sitePath(u) && ok && frag != ""
}

// legalRE finds the legal and process terms a parent needs explained: sections of Acts,
// Acts, and the levels of Stoke-on-Trent's Guide to levels of need (issue #11, item 4).
var legalRE = regexp.MustCompile(`(?i)\bsection \d+[a-z]*\b|\bAct \d{4}\b|\blevels? \d[a-c]?\b`)

// terms checks a route's terms: each is written in the route's text, and every legal or
// process term the text uses is listed (the glossary entries are checked by CheckTerms).
func (c *checker) terms(r *cwd.Route, where string) {
	text := RouteText(r)
	for _, t := range r.Terms {
		if t.Text == "" || t.Glossary == "" {
			c.errorf(r.Line, "%s: a term needs text and glossary", where)
			continue
		}
		if !strings.Contains(text, t.Text) {
			c.errorf(r.Line, "%s: term %q is not in the route's text", where, t.Text)
		}
	}
	for _, loc := range legalRE.FindAllStringIndex(text, -1) {
		if !covered(text, loc, r.Terms) {
			c.errorf(r.Line, "%s uses %q with no explanation", where, text[loc[0]:loc[1]]).Hint =
				"add it to the route's terms with the glossary entry that explains it"
		}
	}
}

// covered reports whether the match at loc lies inside an occurrence of one of terms.
func covered(text string, loc []int, terms []cwd.Term) bool {
	for _, t := range terms {
		if t.Text == "" {
			continue
		}
		for i := 0; ; {
			j := strings.Index(text[i:], t.Text)
			if j < 0 {
				break
			}
			start := i + j
			if start <= loc[0] && loc[1] <= start+len(t.Text) {
				return true
			}
			i = start + 1
		}
	}
	return false
}

// RouteText is every text of a route a family reads, one block a line.
func RouteText(r *cwd.Route) string {
	parts := []string{r.Title, r.Who}
	for _, bs := range [][]cwd.Block{r.What, r.How} {
		for _, b := range bs {
			if b.P != "" {
				parts = append(parts, b.P)
			}
			parts = append(parts, b.List...)
		}
	}
	return strings.Join(parts, "\n")
}

func check(file string, d *cwd.Data) diag.List {
	c := &checker{file: file}
	c.text(0, "intro", d.Intro)
	c.text(0, "outcome_intro", d.OutcomeIntro)
	c.text(0, "urgent_intro", d.UrgentIntro)
	c.text(0, "fallback_intro", d.FallbackIntro)
	if d.OutcomeIntro == "" {
		c.errorf(0, "outcome_intro is required")
	}
	if d.FallbackIntro == "" {
		c.errorf(0, "fallback_intro is required")
	}

	steps := map[string]*cwd.Step{}
	var areaStep *cwd.Step
	for i := range d.Steps {
		s := &d.Steps[i]
		c.step(s)
		if s.ID == "" {
			continue
		}
		if steps[s.ID] != nil {
			c.errorf(s.Line, "duplicate question id %q", s.ID)
		}
		steps[s.ID] = s
		if s.ID == cwd.AreaStep {
			areaStep = s
		}
	}
	if len(d.Steps) == 0 {
		c.errorf(0, "no steps")
	}

	areaIDs := map[string]bool{}
	if areaStep == nil {
		c.errorf(0, "no question with id %q: the check must ask where the family lives", cwd.AreaStep)
	} else {
		if areaStep.Kind != cwd.KindOne {
			c.errorf(areaStep.Line, "question %q must be kind %q", cwd.AreaStep, cwd.KindOne)
		}
		for _, o := range areaStep.Options {
			areaIDs[o.ID] = true
		}
	}
	// end_if and notice_if name answers to earlier questions.
	for i := range d.Steps {
		s := &d.Steps[i]
		for _, cond := range []map[string][]string{s.EndIf, s.NoticeIf} {
			for sid, opts := range cond {
				prev := steps[sid]
				if prev == nil || stepIndex(d.Steps, sid) > i {
					c.errorf(s.Line, "question %q: end_if or notice_if names %q, which is not an earlier question", s.ID, sid)
					continue
				}
				for _, o := range opts {
					if !hasOption(prev, o) {
						c.errorf(s.Line, "question %q: question %q has no answer %q", s.ID, sid, o)
					}
				}
			}
		}
	}
	// A question limited to areas must name answers of the area question, and it must come
	// after that question.
	seenArea := false
	for i := range d.Steps {
		s := &d.Steps[i]
		if s == areaStep {
			seenArea = true
		}
		for _, a := range s.Areas {
			if !areaIDs[a] {
				c.errorf(s.Line, "question %q: unknown area %q", s.ID, a).Hint = "use an answer of the area question"
			}
		}
		if len(s.Areas) > 0 && !seenArea {
			c.errorf(s.Line, "question %q is limited to areas but comes before the area question", s.ID)
		}
	}

	seen := map[string]*cwd.Area{}
	for i := range d.Areas {
		a := &d.Areas[i]
		if a.ID != cwd.AreaAny && !areaIDs[a.ID] {
			c.errorf(a.Line, "unknown area %q", a.ID).Hint = "an area is an answer of the area question, or \"any\""
		}
		if seen[a.ID] != nil {
			c.errorf(a.Line, "duplicate area %q", a.ID)
		}
		seen[a.ID] = a
		c.area(a, steps, a.ID == cwd.AreaAny || areaIDs[a.ID])
	}
	c.areaSources(d, steps, areaStep)
	for i := range d.Steps {
		s := &d.Steps[i]
		for _, o := range s.Options {
			if o.Say != "" && o.Source == "" && len(o.Sources) == 0 {
				c.errorf(o.Line, "answer %s/%s: what to say has no source", s.ID, o.ID).Hint =
					"name the section of the guidance it restates: source: /page/#section, or, for a question asked in several areas, " + s.ID + "/" + o.ID + ": /page/#section under each area's sources"
			}
		}
	}
	for id := range areaIDs {
		if seen[id] == nil && areaStep != nil {
			c.errorf(areaStep.Line, "area %q has no routes", id).Hint = "every answer to the area question needs an entry under areas"
		}
	}
	return c.ds
}

func (c *checker) step(s *cwd.Step) {
	switch {
	case s.ID == "":
		c.errorf(s.Line, "question without an id")
	case !idRE.MatchString(s.ID):
		c.errorf(s.Line, "question id %q: use lowercase letters, digits and hyphens", s.ID)
	}
	if s.Kind != cwd.KindOne && s.Kind != cwd.KindMany {
		c.errorf(s.Line, "question %q: kind %q", s.ID, s.Kind).Hint = `use "one" (radios) or "many" (checkboxes)`
	}
	if s.Question == "" {
		c.errorf(s.Line, "question %q has no question text", s.ID)
	}
	if s.Error == "" {
		c.errorf(s.Line, "question %q has no error message", s.ID).Hint = "the message shown when it is left unanswered"
	}
	for _, t := range []string{s.Question, s.Short, s.Hint, s.Error, s.Say, s.Notice} {
		c.text(s.Line, "question "+s.ID, t)
	}
	if (s.Notice == "") != (len(s.NoticeIf) == 0) {
		c.errorf(s.Line, "question %q: notice and notice_if go together", s.ID)
	}
	if len(s.Options) < 2 {
		c.errorf(s.Line, "question %q needs at least two answers", s.ID)
	}
	ids := map[string]bool{}
	for _, o := range s.Options {
		switch {
		case o.ID == "":
			c.errorf(o.Line, "answer without an id in question %q", s.ID)
		case !idRE.MatchString(o.ID):
			c.errorf(o.Line, "answer id %q: use lowercase letters, digits and hyphens", o.ID)
		case ids[o.ID]:
			c.errorf(o.Line, "duplicate answer id %q in question %q", o.ID, s.ID)
		}
		ids[o.ID] = true
		if o.Label == "" {
			c.errorf(o.Line, "answer %q of question %q has no label", o.ID, s.ID)
		}
		if o.Exclusive && s.Kind != cwd.KindMany {
			c.errorf(o.Line, "answer %q: exclusive is only for checkbox (kind many) questions", o.ID)
		}
		if o.End && s.Kind != cwd.KindOne {
			c.errorf(o.Line, "answer %q: end is only for radio (kind one) questions", o.ID)
		}
		if o.End && len(s.Areas) > 0 {
			c.errorf(o.Line, "answer %q: a question limited to areas cannot end the flow", o.ID)
		}
		for _, t := range []string{o.Label, o.Hint, o.Say} {
			c.text(o.Line, "answer "+s.ID+"/"+o.ID, t)
		}
		if o.Say == "" && o.Source != "" {
			c.errorf(o.Line, "answer %s/%s has a source but nothing to say", s.ID, o.ID)
		}
		if o.Source != "" && !anchored(o.Source) {
			c.errorf(o.Line, "answer %s/%s: source %q: use a site path with the section's anchor", s.ID, o.ID, o.Source)
		}
	}
}

// area checks one area's routes; known is false for an unknown area, whose rules are then
// not checked against the questions asked there (one error is enough).
func (c *checker) area(a *cwd.Area, steps map[string]*cwd.Step, known bool) {
	if a.Name == "" {
		c.errorf(a.Line, "area %q has no name", a.ID)
	}
	if !sitePath(a.Guide.URL) || a.Guide.Title == "" {
		c.errorf(a.Line, "area %q: guide needs a title and a site path url like /parents/guide/", a.ID)
	}
	if len(a.Routes) == 0 {
		c.errorf(a.Line, "area %q has no routes", a.ID)
	}
	always := false
	routes := map[string]bool{}
	for i := range a.Routes {
		r := &a.Routes[i]
		where := "route " + a.ID + "/" + r.ID
		switch {
		case r.ID == "":
			c.errorf(r.Line, "route without an id in area %q", a.ID)
		case !idRE.MatchString(r.ID):
			c.errorf(r.Line, "route id %q: use lowercase letters, digits and hyphens", r.ID)
		}
		if routes[r.ID] {
			c.errorf(r.Line, "duplicate route %q in area %q", r.ID, a.ID)
		}
		routes[r.ID] = true
		if r.Title == "" || len(r.What) == 0 || r.Who == "" || len(r.How) == 0 {
			c.errorf(r.Line, "%s needs title, what, who and how", where)
		}
		c.text(r.Line, where, r.Title)
		c.text(r.Line, where, r.Who)
		c.blocks(r.Line, where, r.What)
		c.blocks(r.Line, where, r.How)
		if !sitePath(r.Source.URL) || r.Source.Title == "" || !strings.Contains(r.Source.URL, "#") {
			c.errorf(r.Line, "%s: source needs a title and a site path url with the section's anchor, like /parents/guide/#section", where)
		}
		c.terms(r, where)
		for _, ref := range r.Contacts {
			if ref == "" {
				c.errorf(r.Line, "%s: empty contact id", where)
			}
		}
		if len(r.When) == 0 {
			c.errorf(r.Line, "%s has no when clauses, so it can never be shown", where)
		}
		for _, cl := range r.When {
			line := cl.Line
			if line == 0 {
				line = r.Line
			}
			if cl.Rank < 1 {
				c.errorf(line, "%s: rank must be 1 or more", where)
			}
			if len(cl.If) == 0 {
				always = true
			}
			for sid, opts := range cl.If {
				s := steps[sid]
				if s == nil {
					c.errorf(line, "%s: unknown question %q", where, sid)
					continue
				}
				if known && len(s.Areas) > 0 && !contains(s.Areas, a.ID) {
					c.errorf(line, "%s: question %q is not asked in area %q", where, sid, a.ID)
				}
				if len(opts) == 0 {
					c.errorf(line, "%s: no answers listed for question %q", where, sid)
				}
				for _, o := range opts {
					if !hasOption(s, o) {
						c.errorf(line, "%s: question %q has no answer %q", where, sid, o)
					}
				}
			}
		}
	}
	if a.ID != cwd.AreaAny && !always {
		c.errorf(a.Line, "area %q has no route that always fits, so a family could be shown no help", a.ID).Hint =
			"give at least one route a clause without if"
	}
}

// areaSources checks each area's sources (question/answer or question → section) and
// gathers them on the answers, by area id, for "what to say" and the link check.
func (c *checker) areaSources(d *cwd.Data, steps map[string]*cwd.Step, areaStep *cwd.Step) {
	areaAt := stepIndex(d.Steps, cwd.AreaStep)
	for i := range d.Areas {
		a := &d.Areas[i]
		// Question keys first, so that a question/answer key overrides them.
		keys := sortedKeys(a.Sources)
		sort.SliceStable(keys, func(i, j int) bool {
			return !strings.Contains(keys[i], "/") && strings.Contains(keys[j], "/")
		})
		for _, key := range keys {
			u := a.Sources[key]
			line := a.SourceLines[key]
			if line == 0 {
				line = a.Line
			}
			where := "area " + a.ID + ": sources: " + key
			sid, oid, one := strings.Cut(key, "/")
			s := steps[sid]
			switch {
			case a.ID == cwd.AreaAny:
				c.errorf(line, "%s: the routes of %q are shown before any other question is asked", where, cwd.AreaAny)
				continue
			case s == nil:
				c.errorf(line, "%s: unknown question %q", where, sid).Hint = "write question/answer or question, with the ids of the steps"
				continue
			case areaStep == nil || stepIndex(d.Steps, sid) <= areaAt:
				c.errorf(line, "%s: question %q is asked before the area is known", where, sid).Hint = "give its answers a source: for every area"
				continue
			case len(s.Areas) > 0 && !contains(s.Areas, a.ID):
				c.errorf(line, "%s: question %q is not asked in area %q", where, sid, a.ID)
				continue
			case one && !hasOption(s, oid):
				c.errorf(line, "%s: question %q has no answer %q", where, sid, oid)
				continue
			case !anchored(u):
				c.errorf(line, "%s: source %q: use a site path with the section's anchor, like /parents/guide/#section", where, u)
				continue
			}
			n := 0
			for j := range s.Options {
				o := &s.Options[j]
				if (one && o.ID != oid) || o.Say == "" {
					continue
				}
				n++
				if o.Source != "" {
					c.errorf(line, "%s: answer %s/%s already has a source for every area", where, s.ID, o.ID).Hint =
						"keep one: source: on the answer, or a source per area here"
					continue
				}
				if o.Sources == nil {
					o.Sources = map[string]string{}
					o.SourceLines = map[string]int{}
				}
				o.Sources[a.ID] = u
				o.SourceLines[a.ID] = line
			}
			if n == 0 {
				c.errorf(line, "%s: no answer of question %q there has anything to say", where, sid)
			}
		}
	}
}

func stepIndex(steps []cwd.Step, id string) int {
	for i := range steps {
		if steps[i].ID == id {
			return i
		}
	}
	return -1
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func hasOption(s *cwd.Step, id string) bool {
	for _, o := range s.Options {
		if o.ID == id {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// sitePath reports whether u is a site path with a trailing slash and optional anchor,
// as docs/architecture.md requires of links between pages.
func sitePath(u string) bool {
	path, _, _ := strings.Cut(u, "#")
	return strings.HasPrefix(path, "/") && strings.HasSuffix(path, "/") && !strings.HasPrefix(path, "//")
}
