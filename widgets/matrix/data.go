package matrix

// Group is one of the matrix's three row groups: the child's development needs, parents and
// carers, and family and environmental factors.
type Group struct {
	ID   string
	Name string // as the matrix form prints it
}

// Domain is one row of the matrix (23 in the Thurrock form), in the form's order.
type Domain struct {
	ID    string // slug, e.g. "basic-care"
	Name  string // as the matrix form prints it, e.g. "Self-Care skills"
	Group string // Group.ID
}

// Indicator is one tick box of Appendix A, B or C.
type Indicator struct {
	ID       string // stable, e.g. "c-basic-care-4"
	Appendix string // "A", "B" or "C"
	Tier     Tier
	Domain   string // Domain.ID: the matrix row the tick counts towards
	// Heading is the appendix's own heading for the indicator's group of tick boxes, as the
	// document prints it ("Employment/Income", "Child Exploitation", "Self-care Skills").
	Heading string
	Text    string // verbatim from the document
	// SignificantHarm marks indicators that point to significant harm (abuse or neglect,
	// suspected non-accidental injury, FGM, exploitation, trafficking…). Set in data.
	SignificantHarm bool
	Action          string // Action.ID of an action the document requires for this indicator, or ""
}

// Action is a step the document requires whenever a particular indicator applies, such as
// a referral to Children's Social Care for a privately fostered child.
type Action struct {
	ID   string
	Text string
}

// Route is what the threshold document says happens at a tier, or when there are signs of
// significant harm.
type Route struct {
	ID string
	// Tier is the suggested tier the route is for; NoTier when SignificantHarm or StepUp
	// is set.
	Tier            Tier
	SignificantHarm bool
	// StepUp marks the route shown when several domains sit at the top of the suggested
	// tier (Result.StepUp): the document's own words on moving between tiers.
	StepUp bool
	Title  string
	Steps  []Step
}

// Step is one sentence of a route, taken from the document, with a link to the site page
// (and section) that says so, and where in which source document it is printed.
type Step struct {
	Text   string
	Link   string
	Source Source
}

// Source names where a sentence is printed: the document's title and the heading of its
// section as the document prints it (the title again for a document without sections).
type Source struct {
	Document string
	Section  string
}

// Appendix describes one appendix's presentation: its title and the heading it prints over
// each group of domains. (Its introduction is the text of its page.)
type Appendix struct {
	ID    string // "A", "B", "C"
	Tier  Tier
	Title string // "Appendix A – Tier 1"
	// GroupHeadings maps Group.ID to the appendix's own heading for that group; groups
	// without one use Group.Name.
	GroupHeadings map[string]string
}

// Data is everything the widget and the appendices need, decoded from
// content/_data/indicators.yaml by internal/tiermatrix (or, in the browser, read back from
// the rendered form). Slices are in the document's order.
type Data struct {
	Groups     []Group
	Domains    []Domain
	Indicators []Indicator
	Actions    []Action
	Routes     []Route
	Appendices []Appendix
}

// Domain returns the domain with the given id, or nil.
func (d *Data) Domain(id string) *Domain {
	for i := range d.Domains {
		if d.Domains[i].ID == id {
			return &d.Domains[i]
		}
	}
	return nil
}

// Group returns the group with the given id, or nil.
func (d *Data) Group(id string) *Group {
	for i := range d.Groups {
		if d.Groups[i].ID == id {
			return &d.Groups[i]
		}
	}
	return nil
}

// Indicator returns the indicator with the given id, or nil.
func (d *Data) Indicator(id string) *Indicator {
	for i := range d.Indicators {
		if d.Indicators[i].ID == id {
			return &d.Indicators[i]
		}
	}
	return nil
}

// Action returns the action with the given id, or nil.
func (d *Data) Action(id string) *Action {
	for i := range d.Actions {
		if d.Actions[i].ID == id {
			return &d.Actions[i]
		}
	}
	return nil
}

// Route returns the route with the given id, or nil.
func (d *Data) Route(id string) *Route {
	for i := range d.Routes {
		if d.Routes[i].ID == id {
			return &d.Routes[i]
		}
	}
	return nil
}

// Appendix returns the appendix with the given id, or nil.
func (d *Data) Appendix(id string) *Appendix {
	for i := range d.Appendices {
		if d.Appendices[i].ID == id {
			return &d.Appendices[i]
		}
	}
	return nil
}

// DomainsIn returns the domains of a group, in order.
func (d *Data) DomainsIn(group string) []Domain {
	var out []Domain
	for _, dm := range d.Domains {
		if dm.Group == group {
			out = append(out, dm)
		}
	}
	return out
}
