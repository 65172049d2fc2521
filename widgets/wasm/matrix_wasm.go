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
	root  js.Value
	data  matrix.Data
	boxes []js.Value // checkboxes, one per data.Indicators
	rows  []tmRow    // grid rows, one per data.Domains

	summary, empty, result, harm, actions, check, routes js.Value
	tierLabels                                           map[string]js.Value
	counts                                               map[string]js.Value
	harmItems, actionItems, belowItems, routeEls         map[string]js.Value
}

type tmRow struct {
	tr    js.Value
	cells []tmCell
}

type tmCell struct {
	td, radio, note js.Value
	cell            matrix.Cell
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
	}
	for _, tr := range all(root, "tr[data-domain]") {
		row := tmRow{tr: tr}
		for _, td := range all(tr, "td[data-cell]") {
			c, ok := matrix.ParseCell(attr(td, "data-cell"))
			if !ok || c == matrix.NotPlotted {
				continue
			}
			row.cells = append(row.cells, tmCell{td: td, radio: one(td, "input"), note: one(td, "[data-evidence-note]"), cell: c})
		}
		m.data.Domains = append(m.data.Domains, matrix.Domain{ID: attr(tr, "data-domain")})
		m.rows = append(m.rows, row)
	}
	for _, el := range all(root, "[data-route]") {
		t, _ := matrix.ParseTier(attr(el, "data-route-tier"))
		m.data.Routes = append(m.data.Routes, matrix.Route{
			ID: attr(el, "data-route"), Tier: t, SignificantHarm: attr(el, "data-route-harm") == "true",
		})
	}
	m.routeEls = byAttr(root, "data-route")
	m.harmItems = byAttr(root, "data-harm-item")
	m.actionItems = byAttr(root, "data-action-item")
	m.belowItems = byAttr(root, "data-below")
	m.tierLabels = byAttr(root, "data-tier-label")
	m.counts = byAttr(root, "data-count")
	m.summary = one(root, "[data-tm-summary]")
	m.empty = one(root, "[data-tm-empty]")
	m.result = one(root, "[data-tm-result]")
	m.harm = one(root, "[data-tm-harm]")
	m.actions = one(root, "[data-tm-actions]")
	m.check = one(root, "[data-tm-check]")
	m.routes = one(root, "[data-tm-routes]")

	form := one(root, "form")
	if !form.Truthy() {
		form = root
	}
	on(form, "change", func(js.Value) { m.update() })
	on(form, "submit", func(e js.Value) { e.Call("preventDefault") })
	// A reset event comes before the controls are reset: update once they have been.
	afterReset := js.FuncOf(func(js.Value, []js.Value) any { m.update(); return nil })
	on(form, "reset", func(js.Value) { js.Global().Call("setTimeout", afterReset, 0) })
	if btn := one(root, "[data-tm-print]"); btn.Truthy() {
		on(btn, "click", func(js.Value) { js.Global().Call("print") })
		btn.Set("hidden", false)
	}
	for _, el := range all(root, ".tm-js-only") {
		el.Set("hidden", false)
	}
	setHidden(one(root, "[data-tm-offline]"), true)
	setHidden(m.summary, false)
	m.update()
}

func byAttr(root js.Value, name string) map[string]js.Value {
	out := map[string]js.Value{}
	for _, el := range all(root, "["+name+"]") {
		out[attr(el, name)] = el
	}
	return out
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
	for _, t := range matrix.Tiers {
		k := t.String()
		setText(m.counts["ticked-"+k], itoa(r.Ticked[t]))
		setText(m.counts["plotted-"+k], itoa(r.Plotted[t]))
		setText(m.counts["domains-"+k], itoa(r.DomainsAt[t]))
	}

	showOnly(m.harmItems, r.Harm)
	setHidden(m.harm, !r.SignificantHarm)
	showOnly(m.actionItems, r.Actions)
	setHidden(m.actions, len(r.Actions) == 0)
	setHidden(m.check, !anyBelow)
	showOnly(m.routeEls, r.Routes)
	setHidden(m.routes, len(r.Routes) == 0)
	m.orderRoutes(r.Routes)
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
