//go:build js && wasm

package main

import (
	"syscall/js"

	"signpost/widgets/matrix"
)

func init() { register("tier-matrix", mountTierMatrix) }

// tierMatrix is one mounted tier matrix form. Its matrix.Data is rebuilt from the form's
// data-* attributes; slices of elements line up with data.Indicators and data.Domains.
type tierMatrix struct {
	root, form js.Value
	data       matrix.Data
	boxes      []js.Value // checkboxes, one per data.Indicators
	labels     []string   // their label texts
	rows       []tmRow    // grid rows, one per data.Domains
	rowNames   []string   // the rows' names

	summary, empty, result, harm, actions, check, routes js.Value
	drivers, driverList, harmList, stepUp, stepUpList    js.Value
	live, liveStatus, liveHarm, liveUrgency, liveActions js.Value
	tierLabels                                           map[string]js.Value
	counts                                               map[string]js.Value
	harmItems, actionItems, belowItems, routeEls         map[string]js.Value
	urgencyEls                                           map[string]js.Value

	status string // the live sentence last written, so an unchanged one is not re-announced
}

type tmRow struct {
	tr    js.Value
	cells []tmCell
}

type tmCell struct {
	td, radio, note js.Value
	cell            matrix.Cell
	label           string
}

func mountTierMatrix(root js.Value) {
	m := &tierMatrix{root: root}
	for _, el := range all(root, "input[data-indicator]") {
		t, _ := matrix.ParseTier(attr(el, "data-tier"))
		m.data.Indicators = append(m.data.Indicators, matrix.Indicator{
			ID:              attr(el, "data-indicator"),
			Domain:          attr(el, "data-domain"),
			Tier:            t,
			SignificantHarm: attr(el, "data-harm") == "true",
			Action:          attr(el, "data-action"),
		})
		m.boxes = append(m.boxes, el)
		m.labels = append(m.labels, text(one(root, `label[for="`+attr(el, "id")+`"]`)))
	}
	for _, tr := range all(root, "tr[data-domain]") {
		row := tmRow{tr: tr}
		for _, td := range all(tr, "td[data-cell]") {
			c, ok := matrix.ParseCell(attr(td, "data-cell"))
			if !ok || c == matrix.NotPlotted {
				continue
			}
			row.cells = append(row.cells, tmCell{td: td, radio: one(td, "input"), note: one(td, "[data-evidence-note]"), cell: c,
				label: text(one(td, ".tm-sr"))})
		}
		m.data.Domains = append(m.data.Domains, matrix.Domain{ID: attr(tr, "data-domain")})
		m.rows = append(m.rows, row)
		m.rowNames = append(m.rowNames, text(one(tr, "th")))
	}
	for _, el := range all(root, "[data-route]") {
		t, _ := matrix.ParseTier(attr(el, "data-route-tier"))
		m.data.Routes = append(m.data.Routes, matrix.Route{
			ID: attr(el, "data-route"), Tier: t,
			SignificantHarm: attr(el, "data-route-harm") == "true",
			StepUp:          attr(el, "data-route-stepup") == "true",
		})
	}
	m.routeEls = byAttr(root, "data-route")
	m.harmItems = byAttr(root, "data-harm-item")
	m.actionItems = byAttr(root, "data-action-item")
	m.belowItems = byAttr(root, "data-below")
	m.tierLabels = byAttr(root, "data-tier-label")
	m.counts = byAttr(root, "data-count")
	m.urgencyEls = byAttr(root, "data-urgency")
	m.summary = one(root, "[data-tm-summary]")
	m.empty = one(root, "[data-tm-empty]")
	m.result = one(root, "[data-tm-result]")
	m.harm = one(root, "[data-tm-harm]")
	m.harmList = one(root, "[data-tm-harm-list]")
	m.actions = one(root, "[data-tm-actions]")
	m.check = one(root, "[data-tm-check]")
	m.routes = one(root, "[data-tm-routes]")
	m.drivers = one(root, "[data-tm-drivers]")
	m.driverList = one(root, "[data-tm-driver-list]")
	m.stepUp = one(root, "[data-tm-stepup]")
	m.stepUpList = one(root, "[data-tm-stepup-list]")
	m.live = one(root, "[data-tm-live]")
	m.liveStatus = one(root, "[data-tm-live-status]")
	m.liveHarm = one(root, "[data-tm-live-harm]")
	m.liveUrgency = one(root, "[data-tm-live-urgency]")
	m.liveActions = one(root, "[data-tm-live-actions]")

	m.form = one(root, "form")
	if !m.form.Truthy() {
		m.form = root
	}
	on(m.form, "change", func(js.Value) { m.update() })
	on(m.form, "submit", func(e js.Value) { e.Call("preventDefault") })
	// A reset event comes before the controls are reset: update once they have been.
	afterReset := js.FuncOf(func(js.Value, []js.Value) any { m.update(); return nil })
	on(m.form, "reset", func(js.Value) { js.Global().Call("setTimeout", afterReset, 0) })
	if btn := one(root, "[data-tm-print]"); btn.Truthy() {
		on(btn, "click", func(js.Value) { js.Global().Call("print") })
		btn.Set("hidden", false)
	}

	for _, el := range all(root, ".tm-js-only") {
		el.Set("hidden", false)
	}
	setHidden(one(root, "[data-tm-offline]"), true)
	setHidden(m.summary, false)
	setHidden(m.live, false)
	m.update()
}

func byAttr(root js.Value, name string) map[string]js.Value {
	out := map[string]js.Value{}
	for _, el := range all(root, "["+name+"]") {
		out[attr(el, name)] = el
	}
	return out
}

func text(el js.Value) string {
	if !el.Truthy() {
		return ""
	}
	return el.Get("textContent").String()
}

// selection reads the form's state.
func (m *tierMatrix) selection() matrix.Selection {
	s := matrix.Selection{Plotted: map[string]matrix.Cell{}}
	for i, box := range m.boxes {
		if box.Get("checked").Bool() {
			s.Checked = append(s.Checked, m.data.Indicators[i].ID)
		}
	}
	for i, row := range m.rows {
		for _, c := range row.cells {
			if c.radio.Truthy() && c.radio.Get("checked").Bool() {
				s.Plotted[m.data.Domains[i].ID] = c.cell
			}
		}
	}
	return s
}

// update evaluates the form and brings every output up to date. It runs after every change.
func (m *tierMatrix) update() {
	r := matrix.Evaluate(&m.data, m.selection())

	m.root.Call("setAttribute", "data-tier", r.Tier.String())
	harm := "false"
	if r.SignificantHarm {
		harm = "true"
	}
	m.root.Call("setAttribute", "data-significant-harm", harm)
	m.root.Call("setAttribute", "data-urgency", r.Urgency.String())

	anyBelow := false
	for i, dr := range r.Domains {
		row := m.rows[i]
		row.tr.Call("setAttribute", "data-tier", dr.Tier.String())
		for _, c := range row.cells {
			ev := dr.TickedByTier[c.cell.Tier()] > 0
			setFlag(c.td, "data-evidence", ev)
			setFlag(c.td, "data-plotted", dr.Plotted == c.cell)
			setHidden(c.note, !ev)
		}
		setHidden(m.belowItems[dr.Domain], !dr.PlottedBelowTicked)
		anyBelow = anyBelow || dr.PlottedBelowTicked
	}

	setHidden(m.empty, !r.Empty())
	setHidden(m.result, r.Empty())
	for key, el := range m.tierLabels {
		setHidden(el, key != r.Tier.String())
	}
	for key, el := range m.urgencyEls {
		setHidden(el, key != r.Urgency.String())
	}
	nTicked, nPlotted := 0, 0
	for _, t := range matrix.Tiers {
		k := t.String()
		setText(m.counts["ticked-"+k], itoa(r.Ticked[t]))
		setText(m.counts["plotted-"+k], itoa(r.Plotted[t]))
		setText(m.counts["domains-"+k], itoa(r.DomainsAt[t]))
		nTicked += r.Ticked[t]
		nPlotted += r.Plotted[t]
	}

	// What drives the tier, what brings the significant-harm guidance, what may step up.
	var lines []string
	for _, id := range r.Drivers {
		lines = append(lines, m.indicatorLine(id))
	}
	for _, id := range r.DriverPlots {
		lines = append(lines, "Plotted: "+m.plotLabel(id))
	}
	fillList(m.driverList, lines)
	lines = lines[:0]
	for _, id := range r.Harm {
		lines = append(lines, m.indicatorLine(id))
	}
	for _, id := range r.HarmPlots {
		lines = append(lines, "Plotted: "+m.plotLabel(id))
	}
	fillList(m.harmList, lines)
	setHidden(m.harm, !r.SignificantHarm)
	lines = lines[:0]
	for _, id := range r.StepUp {
		lines = append(lines, m.domainName(id))
	}
	fillList(m.stepUpList, lines)
	setHidden(m.stepUp, len(r.StepUp) == 0)

	showOnly(m.harmItems, r.Harm)
	showOnly(m.actionItems, r.Actions)
	setHidden(m.actions, len(r.Actions) == 0)
	setHidden(m.check, !anyBelow)
	showOnly(m.routeEls, r.Routes)
	setHidden(m.routes, len(r.Routes) == 0)
	m.orderRoutes(r.Routes)

	// The live panel: one short sentence in the live region, the rest beside it.
	sentence := m.sentence(r, nTicked, nPlotted)
	if sentence != m.status {
		m.status = sentence
		setText(m.liveStatus, sentence)
	}
	setHidden(m.liveHarm, !r.SignificantHarm)
	if u := m.urgencyEls[r.Urgency.String()]; u.Truthy() && !r.Empty() {
		setText(m.liveUrgency, text(u))
		setHidden(m.liveUrgency, false)
	} else {
		setHidden(m.liveUrgency, true)
	}
	actionText := ""
	for _, id := range r.Actions {
		if el, ok := m.actionItems[id]; ok {
			if actionText != "" {
				actionText += " "
			}
			actionText += text(el)
		}
	}
	setText(m.liveActions, "Required: "+actionText)
	setHidden(m.liveActions, actionText == "")
}

// sentence is the live summary: one sentence of bounded length (issue #19), e.g.
// "Suggested: Tier 3 and 4; significant-harm guidance applies; 1 required action; 4
// indicators ticked, 1 cell plotted."
func (m *tierMatrix) sentence(r matrix.Result, ticked, plotted int) string {
	if r.Empty() {
		return "Nothing is ticked or plotted yet."
	}
	s := "Suggested: " + text(m.tierLabels[r.Tier.String()])
	if r.SignificantHarm {
		s += "; significant-harm guidance applies"
	}
	if len(r.StepUp) > 0 {
		s += "; consider the next tier"
	}
	if n := len(r.Actions); n > 0 {
		s += "; " + plural(n, "required action", "required actions")
	}
	return s + "; " + plural(ticked, "indicator", "indicators") + " ticked, " + plural(plotted, "cell", "cells") + " plotted."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

func (m *tierMatrix) indicatorLine(id string) string {
	for i := range m.data.Indicators {
		if in := &m.data.Indicators[i]; in.ID == id {
			return m.domainName(in.Domain) + ": " + m.labels[i]
		}
	}
	return id
}

func (m *tierMatrix) domainName(id string) string {
	for i := range m.data.Domains {
		if m.data.Domains[i].ID == id {
			return m.rowNames[i]
		}
	}
	return id
}

// plotLabel names a plotted cell as its radio button does ("Housing: Tier 3 and 4, high").
func (m *tierMatrix) plotLabel(domain string) string {
	for i := range m.data.Domains {
		if m.data.Domains[i].ID != domain {
			continue
		}
		for _, c := range m.rows[i].cells {
			if c.radio.Get("checked").Bool() {
				return c.label
			}
		}
	}
	return m.domainName(domain)
}

// fillList replaces a list's items with one <li> per line.
func fillList(ul js.Value, lines []string) {
	if !ul.Truthy() {
		return
	}
	ul.Set("textContent", "")
	doc := js.Global().Get("document")
	for _, l := range lines {
		li := doc.Call("createElement", "li")
		li.Set("textContent", l)
		ul.Call("appendChild", li)
	}
}

// showOnly shows the elements whose keys are listed and hides the rest.
func showOnly(els map[string]js.Value, keys []string) {
	for key, el := range els {
		show := false
		for _, k := range keys {
			if k == key {
				show = true
				break
			}
		}
		setHidden(el, !show)
	}
}

// orderRoutes moves the shown routes into the order Evaluate gives (significant harm first).
func (m *tierMatrix) orderRoutes(ids []string) {
	if !m.routes.Truthy() {
		return
	}
	for _, id := range ids {
		if el, ok := m.routeEls[id]; ok {
			m.routes.Call("appendChild", el)
		}
	}
}
