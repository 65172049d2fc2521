// Package tiermatrix is the generator side of the tier matrix: it loads and validates each
// threshold document's matrix (content/_data/indicators.yaml, indicators-<name>.yaml) into
// a Document, and renders the complete widget form (::: widget tier-matrix ID) and the
// appendix tables (::: indicators [ID] A) from it at build time. The browser side is
// widgets/wasm, which reads the rules' data back from the rendered form's data-* attributes
// and evaluates it with widgets/matrix, and assets/js/matrix.js (save, open, clear, leave).
package tiermatrix

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
	names "signpost/internal/suggest"
	"signpost/widgets/matrix"
)

// The file's shape. Decoded strictly by datafile.Decode; positions come from a second pass
// over the yaml.Node tree (yaml.v3's Node.Decode is not strict, so the two are kept apart).
type (
	file struct {
		Form       fileForm       `yaml:"form"`
		Groups     []fileGroup    `yaml:"groups"`
		Domains    []fileDomain   `yaml:"domains"`
		Actions    []fileAction   `yaml:"actions"`
		Routes     []fileRoute    `yaml:"routes"`
		Appendices []fileAppendix `yaml:"appendices"`
	}
	fileForm struct {
		ID           string            `yaml:"id"`
		Title        string            `yaml:"title"`
		Instructions string            `yaml:"instructions"`
		Judgement    string            `yaml:"judgement"`
		Contact      string            `yaml:"contact"`
		Tiers        []fileTierForm    `yaml:"tiers"`
		Key          []KeyEntry        `yaml:"key"`
		Urgencies    map[string]string `yaml:"urgencies"`
	}
	fileTierForm struct {
		Tier   string `yaml:"tier"`
		Label  string `yaml:"label"`
		Levels []struct {
			Label  string `yaml:"label"`
			Spoken string `yaml:"spoken"`
		} `yaml:"levels"`
	}
	fileGroup struct {
		ID   string `yaml:"id"`
		Name string `yaml:"name"`
		node *yaml.Node
	}
	fileDomain struct {
		ID    string `yaml:"id"`
		Name  string `yaml:"name"`
		Group string `yaml:"group"`
		node  *yaml.Node
	}
	fileAction struct {
		ID   string `yaml:"id"`
		Text string `yaml:"text"`
		node *yaml.Node
	}
	fileRoute struct {
		ID              string     `yaml:"id"`
		Tier            string     `yaml:"tier"`
		SignificantHarm bool       `yaml:"significant_harm"`
		StepUp          bool       `yaml:"step_up"`
		Title           string     `yaml:"title"`
		Steps           []fileStep `yaml:"steps"`
		node            *yaml.Node
	}
	fileStep struct {
		Text   string     `yaml:"text"`
		Link   string     `yaml:"link"`
		Source fileSource `yaml:"source"`
		node   *yaml.Node
	}
	fileSource struct {
		Document string `yaml:"document"`
		Section  string `yaml:"section"`
	}
	fileAppendix struct {
		ID            string            `yaml:"id"`
		Tier          string            `yaml:"tier"`
		Title         string            `yaml:"title"`
		GroupHeadings map[string]string `yaml:"group_headings"`
		Headings      []fileHeading     `yaml:"headings"`
		node          *yaml.Node
	}
	fileHeading struct {
		Heading    string          `yaml:"heading"`
		Domain     string          `yaml:"domain"`
		Indicators []fileIndicator `yaml:"indicators"`
		node       *yaml.Node
	}
	fileIndicator struct {
		ID              string `yaml:"id"`
		Text            string `yaml:"text"`
		Domain          string `yaml:"domain"`
		SignificantHarm bool   `yaml:"significant_harm"`
		Action          string `yaml:"action"`
		node            *yaml.Node
	}
)

var (
	slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	// A site path with a trailing slash and an optional #anchor, as docs/architecture.md
	// writes links between pages.
	linkRE     = regexp.MustCompile(`^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*(?:#[a-z0-9]+(?:-[a-z0-9]+)*)?$`)
	appendixRE = regexp.MustCompile(`^[A-Z]$`)
)

// Load decodes and validates indicators.yaml (file names it in diagnostics). It returns nil
// data when there are errors; every problem is reported with its line.
func Load(file string, src []byte) (*Document, diag.List) {
	var f fileData
	f.name = file
	if ds := datafile.Decode(file, src, 0, &f.file); ds.HasErrors() {
		return nil, ds
	}
	top, errs := datafile.Tree(file, src)
	if errs != nil {
		return nil, errs
	}
	f.attach(top)
	d := f.validate()
	f.diags.Sort()
	if f.diags.HasErrors() {
		return nil, f.diags
	}
	return d, f.diags
}

type fileData struct {
	file
	name     string
	diags    diag.List
	formNode *yaml.Node
}

// attach records each item's yaml.Node, walking the tree in step with the decoded values.
func (f *fileData) attach(doc *yaml.Node) {
	f.formNode = datafile.MapValue(doc, "form")
	for i, n := range datafile.Items(datafile.MapValue(doc, "groups")) {
		if i < len(f.Groups) {
			f.Groups[i].node = n
		}
	}
	for i, n := range datafile.Items(datafile.MapValue(doc, "domains")) {
		if i < len(f.Domains) {
			f.Domains[i].node = n
		}
	}
	for i, n := range datafile.Items(datafile.MapValue(doc, "actions")) {
		if i < len(f.Actions) {
			f.Actions[i].node = n
		}
	}
	for i, n := range datafile.Items(datafile.MapValue(doc, "routes")) {
		if i >= len(f.Routes) {
			break
		}
		r := &f.Routes[i]
		r.node = n
		for j, sn := range datafile.Items(datafile.MapValue(n, "steps")) {
			if j < len(r.Steps) {
				r.Steps[j].node = sn
			}
		}
	}
	for i, n := range datafile.Items(datafile.MapValue(doc, "appendices")) {
		if i >= len(f.Appendices) {
			break
		}
		a := &f.Appendices[i]
		a.node = n
		for j, hn := range datafile.Items(datafile.MapValue(n, "headings")) {
			if j >= len(a.Headings) {
				break
			}
			h := &a.Headings[j]
			h.node = hn
			for k, in := range datafile.Items(datafile.MapValue(hn, "indicators")) {
				if k < len(h.Indicators) {
					h.Indicators[k].node = in
				}
			}
		}
	}
}

func (f *fileData) errorf(n *yaml.Node, key, format string, args ...any) *diag.Diag {
	p := datafile.ValuePos(n, key)
	f.diags.Add(diag.Errorf(f.name, p.Line, p.Col, format, args...))
	return &f.diags[len(f.diags)-1]
}

// suggest adds a "did you mean" hint when a close candidate exists.
func suggest(d *diag.Diag, got string, candidates []string) {
	if c := closest(got, candidates); c != "" {
		d.Hint = "did you mean " + quote(c) + "?"
	} else if len(candidates) > 0 && len(candidates) <= 25 {
		d.Hint = "one of: " + strings.Join(candidates, ", ")
	}
}

func quote(s string) string { return `"` + s + `"` }

// checkText reports empty text and leftovers of PDF extraction.
func (f *fileData) checkText(n *yaml.Node, key, what, text string) {
	switch {
	case strings.TrimSpace(text) == "":
		f.errorf(n, key, "%s has no text", what)
	case strings.TrimSpace(text) != text:
		f.errorf(n, key, "%s has leading or trailing spaces", what)
	case strings.Contains(text, "<") || strings.Contains(text, "\t"):
		f.errorf(n, key, "%s contains markup or a tab (extraction damage?): %q", what, text)
	}
}

func (f *fileData) validate() *Document {
	d := &Document{Data: &matrix.Data{}}
	d.Form = f.validateForm()

	// Groups.
	groupIDs := map[string]bool{}
	var groupList []string
	for _, g := range f.Groups {
		switch {
		case !slugRE.MatchString(g.ID):
			f.errorf(g.node, "id", "group id %q must be lowercase letters, digits and hyphens", g.ID)
		case groupIDs[g.ID]:
			f.errorf(g.node, "id", "duplicate group id %q", g.ID)
		}
		groupIDs[g.ID] = true
		groupList = append(groupList, g.ID)
		f.checkText(g.node, "name", "group "+quote(g.ID), g.Name)
		d.Groups = append(d.Groups, matrix.Group{ID: g.ID, Name: g.Name})
	}
	if len(f.Groups) == 0 {
		f.diags.Add(diag.Errorf(f.name, 1, 1, "no groups").WithHint("list the matrix's row groups under groups:"))
	}

	// Domains: unique, known group, each group's domains together (the grid prints them
	// under one group heading).
	domainIDs := map[string]string{} // id → group
	var domainList []string
	lastGroup := ""
	closedGroups := map[string]bool{}
	for _, dm := range f.Domains {
		switch {
		case !slugRE.MatchString(dm.ID):
			f.errorf(dm.node, "id", "domain id %q must be lowercase letters, digits and hyphens", dm.ID)
		case domainIDs[dm.ID] != "":
			f.errorf(dm.node, "id", "duplicate domain id %q", dm.ID)
		}
		f.checkText(dm.node, "name", "domain "+quote(dm.ID), dm.Name)
		if !groupIDs[dm.Group] {
			suggest(f.errorf(dm.node, "group", "domain %q: unknown group %q", dm.ID, dm.Group), dm.Group, groupList)
		} else if dm.Group != lastGroup {
			if closedGroups[dm.Group] {
				f.errorf(dm.node, "group", "domain %q is apart from the other domains of group %q", dm.ID, dm.Group).
					Hint = "list each group's domains together, in the matrix's order"
			}
			closedGroups[lastGroup] = true
			lastGroup = dm.Group
		}
		domainIDs[dm.ID] = dm.Group
		domainList = append(domainList, dm.ID)
		d.Domains = append(d.Domains, matrix.Domain{ID: dm.ID, Name: dm.Name, Group: dm.Group})
	}
	if len(f.Domains) == 0 {
		f.diags.Add(diag.Errorf(f.name, 1, 1, "no domains").WithHint("list the matrix's rows under domains:"))
	}

	// Actions.
	actionIDs := map[string]bool{}
	var actionList []string
	for _, a := range f.Actions {
		switch {
		case !slugRE.MatchString(a.ID):
			f.errorf(a.node, "id", "action id %q must be lowercase letters, digits and hyphens", a.ID)
		case actionIDs[a.ID]:
			f.errorf(a.node, "id", "duplicate action id %q", a.ID)
		}
		actionIDs[a.ID] = true
		actionList = append(actionList, a.ID)
		f.checkText(a.node, "text", "action "+quote(a.ID), a.Text)
		d.Actions = append(d.Actions, matrix.Action{ID: a.ID, Text: a.Text})
	}

	// Routes.
	routeIDs := map[string]bool{}
	var tierRoutes [matrix.NumTiers]bool
	harmRoute := false
	for _, r := range f.Routes {
		switch {
		case !slugRE.MatchString(r.ID):
			f.errorf(r.node, "id", "route id %q must be lowercase letters, digits and hyphens", r.ID)
		case routeIDs[r.ID]:
			f.errorf(r.node, "id", "duplicate route id %q", r.ID)
		}
		routeIDs[r.ID] = true
		mr := matrix.Route{ID: r.ID, SignificantHarm: r.SignificantHarm, StepUp: r.StepUp, Title: r.Title}
		switch {
		case (r.SignificantHarm || r.StepUp) && r.Tier != "", r.SignificantHarm && r.StepUp:
			f.errorf(r.node, "tier", "route %q: set one of tier, significant_harm or step_up", r.ID)
			harmRoute = harmRoute || r.SignificantHarm
		case r.SignificantHarm:
			harmRoute = true
		case r.StepUp:
		default:
			t, ok := matrix.ParseTier(r.Tier)
			if !ok {
				f.errorf(r.node, "tier", "route %q: unknown tier %q", r.ID, r.Tier).Hint = `use "1", "2" or "3-4", or significant_harm: true`
			}
			mr.Tier = t
			tierRoutes[t] = true
		}
		f.checkText(r.node, "title", "route "+quote(r.ID)+" title", r.Title)
		if len(r.Steps) == 0 {
			f.errorf(r.node, "steps", "route %q has no steps", r.ID)
		}
		for _, s := range r.Steps {
			f.checkText(s.node, "text", "route "+quote(r.ID)+" step", s.Text)
			if !linkRE.MatchString(s.Link) {
				f.errorf(s.node, "link", "route %q: bad link %q", r.ID, s.Link).Hint =
					"a site path with a trailing slash and optional #anchor, e.g. /professionals/threshold/mash/#what-is-mash"
			}
			// Every sentence shown as "what the threshold document says" names where the
			// document says it (issue #12).
			if strings.TrimSpace(s.Source.Document) == "" || strings.TrimSpace(s.Source.Section) == "" {
				f.errorf(s.node, "source", "route %q: step has no source document and section", r.ID).Hint =
					`source: {document: "<the document's title>", section: "<the heading the sentence is under>"}`
			}
			mr.Steps = append(mr.Steps, matrix.Step{Text: s.Text, Link: s.Link, Source: matrix.Source(s.Source)})
		}
		d.Routes = append(d.Routes, mr)
	}

	// Appendices and their indicators.
	appendixIDs := map[string]bool{}
	indicatorIDs := map[string]bool{}
	anyHarm := false
	for _, a := range f.Appendices {
		switch {
		case !appendixRE.MatchString(a.ID):
			f.errorf(a.node, "id", "appendix id %q must be one capital letter", a.ID)
		case appendixIDs[a.ID]:
			f.errorf(a.node, "id", "duplicate appendix %q", a.ID)
		}
		appendixIDs[a.ID] = true
		t, ok := matrix.ParseTier(a.Tier)
		if !ok {
			f.errorf(a.node, "tier", "appendix %q: unknown tier %q", a.ID, a.Tier).Hint = `use "1", "2" or "3-4"`
		}
		f.checkText(a.node, "title", "appendix "+quote(a.ID)+" title", a.Title)
		ma := matrix.Appendix{ID: a.ID, Tier: t, Title: a.Title, GroupHeadings: map[string]string{}}
		for g, h := range a.GroupHeadings {
			gh := datafile.MapValue(a.node, "group_headings")
			if !groupIDs[g] {
				suggest(f.errorf(gh, g, "appendix %q: group_headings: unknown group %q", a.ID, g), g, groupList)
				continue
			}
			f.checkText(gh, g, "appendix "+quote(a.ID)+" heading for "+quote(g), h)
			ma.GroupHeadings[g] = h
		}
		d.Appendices = append(d.Appendices, ma)
		if len(a.Headings) == 0 {
			f.errorf(a.node, "headings", "appendix %q has no headings", a.ID)
		}
		prefix := strings.ToLower(a.ID) + "-"
		for _, h := range a.Headings {
			f.checkText(h.node, "heading", "appendix "+quote(a.ID)+" heading", h.Heading)
			if _, ok := domainIDs[h.Domain]; !ok {
				suggest(f.errorf(h.node, "domain", "heading %q: unknown domain %q", h.Heading, h.Domain), h.Domain, domainList)
			}
			if len(h.Indicators) == 0 {
				f.errorf(h.node, "indicators", "heading %q has no indicators", h.Heading)
			}
			for _, in := range h.Indicators {
				dom := h.Domain
				_, known := domainIDs[dom]
				if in.Domain != "" {
					dom = in.Domain
					g, ok := domainIDs[dom]
					known = ok
					switch {
					case !ok:
						suggest(f.errorf(in.node, "domain", "indicator %q: unknown domain %q", in.ID, dom), dom, domainList)
					case g != domainIDs[h.Domain] && domainIDs[h.Domain] != "":
						f.errorf(in.node, "domain", "indicator %q: domain %q is in group %q, its heading's domain %q in %q",
							in.ID, dom, g, h.Domain, domainIDs[h.Domain])
					}
				}
				switch {
				case in.ID == "":
					f.errorf(in.node, "", "indicator has no id").Hint = "ids are " + prefix + dom + "-N"
				case indicatorIDs[in.ID]:
					f.errorf(in.node, "id", "duplicate indicator id %q", in.ID)
				case known && !validIndicatorID(in.ID, prefix+dom+"-"):
					f.errorf(in.node, "id", "indicator id %q should be %sN for appendix %s, domain %q",
						in.ID, prefix+dom+"-", a.ID, dom)
				}
				indicatorIDs[in.ID] = true
				f.checkText(in.node, "text", "indicator "+quote(in.ID), in.Text)
				if in.Action != "" && !actionIDs[in.Action] {
					suggest(f.errorf(in.node, "action", "indicator %q: unknown action %q", in.ID, in.Action), in.Action, actionList)
				}
				anyHarm = anyHarm || in.SignificantHarm
				d.Indicators = append(d.Indicators, matrix.Indicator{
					ID: in.ID, Appendix: a.ID, Tier: t, Domain: dom, Heading: h.Heading, Text: in.Text,
					SignificantHarm: in.SignificantHarm, Action: in.Action,
				})
			}
		}
	}

	// Every tier an indicator can suggest needs a route, and so does significant harm.
	routes := datafile.PosOf(nodeOf(f.Routes))
	for _, t := range matrix.Tiers {
		if !tierRoutes[t] {
			f.diags.Add(diag.Errorf(f.name, routes.Line, routes.Col, "no route for tier %q", t.String()).
				WithHint("add a route with tier: %q", t.String()))
		}
	}
	if anyHarm && !harmRoute {
		f.diags.Add(diag.Errorf(f.name, routes.Line, routes.Col, "indicators are flagged significant_harm but no route is").
			WithHint("add a route with significant_harm: true"))
	}
	return d
}

// validateForm checks the form: block, the document's presentation of its matrix. The
// rules fix its shape (tiers "1", "2", "3-4" with one, three and three levels); the words
// are the document's.
func (f *fileData) validateForm() Form {
	ff := f.Form
	n := f.formNode
	form := Form{ID: ff.ID, Title: ff.Title, Instructions: ff.Instructions, Judgement: ff.Judgement, Contact: ff.Contact, Key: ff.Key}
	if n == nil {
		f.diags.Add(diag.Errorf(f.name, 1, 1, "no form: block").
			WithHint("add form: with id, title, instructions, judgement, contact, tiers, key and urgencies"))
		return form
	}
	if !slugRE.MatchString(ff.ID) {
		f.errorf(n, "id", "form id %q must be lowercase letters, digits and hyphens (it names the matrix in ::: widget tier-matrix ID)", ff.ID)
	}
	f.checkText(n, "title", "form title", ff.Title)
	f.checkText(n, "instructions", "form instructions", ff.Instructions)
	f.checkText(n, "judgement", "form judgement", ff.Judgement)
	f.checkText(n, "contact", "form contact", ff.Contact)
	want := []struct {
		tier   matrix.Tier
		levels int
	}{{matrix.Tier1, 1}, {matrix.Tier2, 3}, {matrix.Tier34, 3}}
	if len(ff.Tiers) != len(want) {
		f.errorf(n, "tiers", "form has %d tiers, want %d", len(ff.Tiers), len(want)).Hint = `list tiers "1", "2" and "3-4", with 1, 3 and 3 levels`
	}
	for i, t := range ff.Tiers {
		if i >= len(want) {
			break
		}
		if got, _ := matrix.ParseTier(t.Tier); got != want[i].tier || len(t.Levels) != want[i].levels {
			f.errorf(n, "tiers", "form tier %d is %q with %d levels, want %q with %d", i+1, t.Tier, len(t.Levels), want[i].tier.String(), want[i].levels)
			continue
		}
		tf := TierForm{Label: t.Label}
		f.checkText(n, "tiers", "form tier "+quote(t.Tier)+" label", t.Label)
		for _, l := range t.Levels {
			f.checkText(n, "tiers", "form tier "+quote(t.Tier)+" level label", l.Label)
			if l.Spoken == "" {
				l.Spoken = strings.ToLower(l.Label)
			}
			tf.Levels = append(tf.Levels, LevelForm{Label: l.Label, Spoken: l.Spoken})
		}
		form.Tiers[want[i].tier] = tf
	}
	for _, k := range ff.Key {
		f.checkText(n, "key", "form key term", k.Term)
		f.checkText(n, "key", "form key text", k.Text)
	}
	known := map[string]matrix.Urgency{}
	var keys []string
	for _, u := range matrix.Urgencies {
		known[u.String()] = u
		keys = append(keys, u.String())
	}
	for k, text := range ff.Urgencies {
		u, ok := known[k]
		if !ok {
			suggest(f.errorf(datafile.MapValue(n, "urgencies"), k, "form: unknown urgency %q", k), k, keys)
			continue
		}
		f.checkText(datafile.MapValue(n, "urgencies"), k, "form urgency "+quote(k), text)
		form.Urgencies[u] = text
	}
	for _, k := range keys {
		if form.Urgencies[known[k]] == "" && ff.Urgencies[k] == "" {
			f.errorf(n, "urgencies", "form: no text for urgency %q", k)
		}
	}
	return form
}

func nodeOf(rs []fileRoute) *yaml.Node {
	if len(rs) > 0 {
		return rs[0].node
	}
	return nil
}

// validIndicatorID reports whether id is prefix followed by a positive number.
func validIndicatorID(id, prefix string) bool {
	n, ok := strings.CutPrefix(id, prefix)
	if !ok || n == "" || n[0] == '0' {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// closest returns the candidate s most likely means (internal/suggest's rule).
func closest(s string, candidates []string) string { return names.Closest(s, candidates) }
