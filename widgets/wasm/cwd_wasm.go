//go:build js && wasm

package main

import (
	"syscall/js"

	"signpost/widgets/cwd"
)

func init() { register("cwd-check", mountCWD) }

// cwdCheck is one mounted Children with Disability check. internal/cwdcheck rendered every
// question, "Check your answers" and every outcome card; this file only shows one step at a
// time and asks widgets/cwd which cards fit. The questions and the cards' rules are read
// back from data-* attributes, so no content lives in the module.
//
// Privacy: the answers live in the form controls only. Nothing is stored, sent or put in
// the URL (the error summary's links are handled here so they do not change the fragment).
//
// History: each step is a history entry with the page's own URL and only the step number
// as state (history.pushState), so the browser's Back and Forward move between questions,
// answers stay in memory, and nothing about the family is written anywhere (issue #11).
type cwdCheck struct {
	root     js.Value
	steps    []cwd.Step
	sections []js.Value   // one per step
	inputs   [][]js.Value // per step, one per option
	check    js.Value
	outcome  js.Value
	errors   js.Value
	cands    []cwd.Candidate
	cards    []js.Value // one per candidate
	routes   js.Value
	say      js.Value
	status   js.Value
	notices  []js.Value // per step, its notice or null
	title    string     // the page's document title
	cur      int        // a step index, cwd.StepCheck or cwd.StepOutcome
	changing bool       // reached by "Change": Continue returns to check your answers
	lines    []string
}

func mountCWD(root js.Value) {
	c := &cwdCheck{root: root, title: js.Global().Get("document").Get("title").String()}
	for _, sec := range all(root, "section[data-cwd-step]") {
		switch id := attr(sec, "data-cwd-step"); id {
		case "check":
			c.check = sec
		case "outcome":
			c.outcome = sec
		default:
			c.addStep(id, sec)
		}
	}
	if len(c.steps) == 0 || !c.check.Truthy() || !c.outcome.Truthy() {
		panic("cwd: page is missing the check's steps")
	}
	c.routes = one(root, "[data-cwd-routes]")
	for _, card := range all(root, "[data-cwd-routes] [data-route]") {
		when, _ := cwd.ParseWhen(attr(card, "data-when"))
		c.cands = append(c.cands, cwd.Candidate{Area: attr(card, "data-area"), Route: attr(card, "data-route"),
			Urgent: card.Call("hasAttribute", "data-urgent").Bool(), When: when})
		c.cards = append(c.cards, card)
	}
	c.errors = one(root, "[data-cwd-errors]")
	c.say = one(root, "[data-cwd-say-lines]")
	c.status = one(root, "[data-cwd-status]")

	on(root, "click", c.click)
	on(root, "change", c.changed)
	on(js.Global(), "popstate", c.popped)

	setHidden(one(root, "[data-cwd-fallback]"), true)
	setHidden(one(root, "[data-cwd-flow]"), false)
	c.show(0, false)
	c.record(false)
}

// record writes the current step into the browser's history: a new entry after a user's
// step, or the current one replaced on load. The URL stays the page's own.
func (c *cwdCheck) record(push bool) {
	st := js.Global().Get("Object").New()
	st.Set("cwdStep", c.cur)
	h := js.Global().Get("history")
	if push {
		h.Call("pushState", st, "")
	} else {
		h.Call("replaceState", st, "")
	}
}

// popped follows Back and Forward: it shows the step the entry holds, or the nearest one
// the answers still allow (a question whose area no longer applies gives way to the next).
func (c *cwdCheck) popped(e js.Value) {
	st := e.Get("state")
	if !st.Truthy() || st.Get("cwdStep").Type() != js.TypeNumber {
		return
	}
	pos := st.Get("cwdStep").Int()
	a := c.answers()
	if pos >= len(c.steps) || pos < cwd.StepOutcome {
		pos = 0
	}
	if pos >= 0 && !cwd.Visible(&c.steps[pos], a) {
		pos = cwd.Next(c.steps, a, pos)
	}
	// "Check your answers" or the outcome after "Start again": the first question left
	// unanswered instead.
	for i := 0; pos < 0 && i >= 0; i = cwd.Next(c.steps, a, i) {
		if cwd.Missing(&c.steps[i], a) {
			pos = i
		}
	}
	c.changing = false
	c.show(pos, true)
}

// addStep reads one question back from its section: the rules need its id, kind, areas,
// and each answer's id, "what to say", and whether it ends the flow or is exclusive.
func (c *cwdCheck) addStep(id string, sec js.Value) {
	s := cwd.Step{ID: id, Kind: attr(sec, "data-kind"), Say: attr(sec, "data-say"), Areas: cwd.Fields(attr(sec, "data-areas"))}
	s.EndIf = cond(attr(sec, "data-end-if"))
	notice := one(sec, "[data-cwd-notice-if]")
	if notice.Truthy() {
		s.Notice, s.NoticeIf = "shown", cond(attr(notice, "data-cwd-notice-if"))
	}
	c.notices = append(c.notices, notice)
	ins := all(sec, "input")
	for _, in := range ins {
		o := cwd.Option{
			ID:        attr(in, "value"),
			Say:       attr(in, "data-say"),
			End:       in.Call("hasAttribute", "data-end").Bool(),
			Exclusive: in.Call("hasAttribute", "data-exclusive").Bool(),
		}
		// data-say-src: "area=url …", "any=url" for every area.
		for _, f := range cwd.Fields(attr(in, "data-say-src")) {
			for i := 0; i < len(f); i++ {
				if f[i] == '=' {
					if f[:i] == cwd.AreaAny {
						o.Source = f[i+1:]
					} else {
						if o.Sources == nil {
							o.Sources = map[string]string{}
						}
						o.Sources[f[:i]] = f[i+1:]
					}
					break
				}
			}
		}
		s.Options = append(s.Options, o)
	}
	c.steps = append(c.steps, s)
	c.sections = append(c.sections, sec)
	c.inputs = append(c.inputs, ins)
}

// part returns the element of question i's that matches "[name=value]" inside root.
func (c *cwdCheck) part(name string, i int) js.Value {
	return one(c.root, "["+name+`="`+c.steps[i].ID+`"]`)
}

// answers reads the checked controls and keeps the answers that count.
func (c *cwdCheck) answers() cwd.Answers {
	raw := cwd.Answers{}
	for i, ins := range c.inputs {
		for j, in := range ins {
			if in.Get("checked").Bool() {
				id := c.steps[i].ID
				raw[id] = append(raw[id], c.steps[i].Options[j].ID)
			}
		}
	}
	return cwd.Effective(c.steps, raw)
}

func (c *cwdCheck) click(e js.Value) {
	el := e.Get("target").Call("closest", "[data-cwd-action]")
	if !el.Truthy() {
		return
	}
	a := c.answers()
	switch attr(el, "data-cwd-action") {
	case "continue":
		if c.cur >= 0 && cwd.Missing(&c.steps[c.cur], a) {
			c.showError(c.cur)
			return
		}
		next := cwd.Next(c.steps, a, c.cur)
		if c.changing && c.cur >= 0 {
			next = cwd.NextMissing(c.steps, a, c.cur)
		}
		if next < 0 {
			c.changing = false
		}
		c.go_(next)
	case "back":
		if p := cwd.Prev(c.steps, a, c.cur); p != cwd.StepNone {
			c.go_(p)
		}
	case "change":
		if i := c.index(attr(el, "data-cwd-target")); i >= 0 {
			c.changing = true
			c.go_(i)
		}
	case "error-link":
		// Focus the first answer without putting anything in the URL.
		e.Call("preventDefault")
		if i := c.index(attr(el, "data-cwd-target")); i >= 0 && len(c.inputs[i]) > 0 {
			c.inputs[i][0].Call("focus")
		}
	case "copy":
		c.copy(el)
	case "print":
		js.Global().Call("print")
	case "restart":
		for _, ins := range c.inputs {
			for _, in := range ins {
				in.Set("checked", false)
			}
		}
		c.changing = false
		c.go_(0)
	}
}

// go_ shows pos after a user's action and records it in the browser's history.
func (c *cwdCheck) go_(pos int) {
	c.show(pos, true)
	c.record(true)
}

// cond reads a data-end-if or data-cwd-notice-if attribute: one clause in data-when form.
func cond(s string) map[string][]string {
	cs, ok := cwd.ParseWhen(s)
	if !ok || len(cs) == 0 {
		return nil
	}
	return cs[0].If
}

// changed keeps "None of these" exclusive in checkbox questions. A control's name is
// "cwd-" and its question's id.
func (c *cwdCheck) changed(e js.Value) {
	t := e.Get("target")
	if attr(t, "type") != "checkbox" || !t.Get("checked").Bool() {
		return
	}
	i := c.index(attr(t, "name")[len("cwd-"):])
	if i < 0 {
		return
	}
	for _, id := range cwd.Uncheck(&c.steps[i], attr(t, "value")) {
		for j, o := range c.steps[i].Options {
			if o.ID == id {
				c.inputs[i][j].Set("checked", false)
			}
		}
	}
}

func (c *cwdCheck) index(id string) int {
	for i := range c.steps {
		if c.steps[i].ID == id {
			return i
		}
	}
	return -1
}

// show makes pos the one visible step and, after a user action, moves focus to its heading.
func (c *cwdCheck) show(pos int, focus bool) {
	c.clearErrors()
	a := c.answers()
	var target js.Value
	state := ""
	switch pos {
	case cwd.StepCheck:
		c.fillCheck(a)
		target, state = c.check, "check"
	case cwd.StepOutcome:
		c.fillOutcome(a)
		target, state = c.outcome, "outcome"
	default:
		if pos < 0 || pos >= len(c.steps) {
			return
		}
		target, state = c.sections[pos], "step:"+c.steps[pos].ID
		if n := c.notices[pos]; n.Truthy() {
			setHidden(n, !cwd.ShowNotice(&c.steps[pos], a))
		}
	}
	c.cur = pos
	for _, s := range c.sections {
		setHidden(s, true)
	}
	setHidden(c.check, true)
	setHidden(c.outcome, true)
	setHidden(target, false)
	c.root.Call("setAttribute", "data-cwd-state", state)
	js.Global().Get("document").Set("title", c.stepTitle(target))
	setText(c.status, "")
	if focus {
		if h := one(target, "[data-cwd-heading]"); h.Truthy() {
			h.Call("focus")
		}
	}
}

func (c *cwdCheck) fillCheck(a cwd.Answers) {
	for i := range c.steps {
		setHidden(c.part("data-cwd-row", i), true)
	}
	for _, i := range cwd.Asked(c.steps, a) {
		row := c.part("data-cwd-row", i)
		setHidden(row, false)
		for _, span := range all(row, "[data-cwd-answer]") {
			setHidden(span, !a.Has(c.steps[i].ID, attr(span, "data-cwd-answer")))
		}
	}
}

func (c *cwdCheck) fillOutcome(a cwd.Answers) {
	for _, card := range c.cards {
		setHidden(card, true)
	}
	ms := cwd.Outcome(c.cands, a)
	for _, m := range ms {
		card := c.cards[m.Index]
		c.routes.Call("appendChild", card) // most relevant first
		setHidden(card, false)
	}
	c.root.Call("setAttribute", "data-routes", cwd.Join(cwd.Routes(ms), " "))
	// An answer to the danger question ended the flow: the urgent introduction, if any.
	urgent := cwd.Prev(c.steps, a, cwd.StepOutcome) != cwd.StepCheck
	if u := one(c.outcome, `[data-cwd-intro="urgent"]`); u.Truthy() {
		setHidden(u, !urgent)
		setHidden(one(c.outcome, `[data-cwd-intro="routes"]`), urgent)
	}

	lines := cwd.SayLines(c.steps, a)
	c.lines = c.lines[:0]
	doc := js.Global().Get("document")
	c.say.Set("textContent", "")
	for _, line := range lines {
		c.lines = append(c.lines, line.Text)
		li := doc.Call("createElement", "li")
		li.Call("appendChild", doc.Call("createTextNode", line.Text))
		for _, src := range line.Sources {
			a := doc.Call("createElement", "a")
			a.Set("className", "cwd-cite")
			a.Call("setAttribute", "href", src)
			a.Set("textContent", "Source")
			li.Call("appendChild", doc.Call("createTextNode", " "))
			li.Call("appendChild", a)
		}
		c.say.Call("appendChild", li)
	}
}

// stepTitle is the document title for a step: its question (or heading), then the page's
// title, as GOV.UK question pages are titled.
func (c *cwdCheck) stepTitle(sec js.Value) string {
	h := one(sec, "[data-cwd-heading]")
	if !h.Truthy() {
		return c.title
	}
	return h.Get("textContent").String() + " – " + c.title
}

func (c *cwdCheck) copy(btn js.Value) {
	clip := js.Global().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		setText(c.status, attr(btn, "data-copy-failed"))
		return
	}
	// One callback for both outcomes: then(ok, failed) passes the result, or undefined.
	var done js.Func
	done = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "data-copied"
		if len(args) > 0 && !args[0].IsUndefined() {
			msg = "data-copy-failed"
		}
		setText(c.status, attr(btn, msg))
		done.Release()
		return nil
	})
	clip.Call("writeText", cwd.Join(c.lines, "\n")).Call("then", done, done)
}

// showError follows the GOV.UK error summary pattern: a summary at the top linking to the
// question, the message beside it, and "Error: " before the document title.
func (c *cwdCheck) showError(i int) {
	c.clearErrors()
	c.mark(i, true)
	setHidden(c.errors, false)
	js.Global().Get("document").Set("title", "Error: "+c.stepTitle(c.sections[i]))
	c.errors.Call("focus")
}

func (c *cwdCheck) clearErrors() {
	setHidden(c.errors, true)
	for i := range c.steps {
		c.mark(i, false)
	}
}

// mark shows or hides question i's error: its entry in the summary, the message, the red
// bar, and the message in the fieldset's description.
func (c *cwdCheck) mark(i int, on bool) {
	sec := c.sections[i]
	setHidden(c.part("data-cwd-error-for", i), !on)
	setHidden(one(sec, ".cwd-error-message"), !on)
	op := "remove"
	if on {
		op = "add"
	}
	one(sec, "[data-cwd-group]").Get("classList").Call(op, "cwd-form-group-error")
	fs := one(sec, "fieldset")
	desc := attr(fs, "data-describedby")
	if on {
		if desc != "" {
			desc += " "
		}
		desc += "cwd-" + c.steps[i].ID + "-error"
	}
	if desc == "" {
		fs.Call("removeAttribute", "aria-describedby")
	} else {
		fs.Call("setAttribute", "aria-describedby", desc)
	}
}
