package matrix

// Selection is what the professional has entered: the indicators ticked and the cells
// plotted by hand on the matrix, one per domain at most.
type Selection struct {
	Checked []string        // Indicator.ID values; unknown ids and repeats are ignored
	Plotted map[string]Cell // Domain.ID → plotted cell; NotPlotted entries are ignored
}

// DomainResult is the outcome for one row of the matrix.
type DomainResult struct {
	Domain string
	// TickedByTier counts the ticked indicators of this domain at each tier.
	TickedByTier [NumTiers]int
	// Ticked is the highest tier evidenced by ticked indicators (NoTier if none).
	Ticked Tier
	// Plotted is the cell the professional plotted (NotPlotted if none).
	Plotted Cell
	// Tier is the higher of Ticked and Plotted's tier: a plotted cell counts as evidence at
	// its tier, exactly like a ticked indicator, and neither cancels the other.
	Tier Tier
	// PlottedBelowTicked is set when the plotted cell is at a lower tier than a ticked
	// indicator of the same domain, so the widget can invite a second look. The rules do
	// not choose between them.
	PlottedBelowTicked bool
}

// Result is the evaluation of a Selection.
type Result struct {
	// Domains holds one entry per Data.Domains, in the same order.
	Domains []DomainResult
	// Tier is the suggested tier overall: the highest tier any domain reaches, or NoTier
	// when nothing is ticked or plotted.
	Tier Tier
	// Ticked counts the ticked indicators per tier; Plotted counts the plotted cells per
	// tier; DomainsAt counts the domains whose Tier is that tier.
	Ticked    [NumTiers]int
	Plotted   [NumTiers]int
	DomainsAt [NumTiers]int
	// SignificantHarm is set when any ticked indicator is flagged significant harm.
	SignificantHarm bool
	// Harm lists the ticked significant-harm indicators' ids, in data order.
	Harm []string
	// Actions lists the Action ids required by ticked indicators, each once, in the order
	// of the indicators in the data.
	Actions []string
	// Routes lists Route ids to show, in order: significant-harm routes first (the most
	// urgent), then the routes for the suggested tier, each in data order.
	Routes []string
	// Unknown lists checked ids, and plotted domain ids, that the data does not have.
	Unknown []string
	// Note is always JudgementNote.
	Note string
}

// Empty reports whether nothing was ticked or plotted.
func (r *Result) Empty() bool { return r.Tier == NoTier }

// Evaluate applies the matrix's rules to a selection:
//
//   - a ticked indicator is evidence for its domain at its tier;
//   - a plotted cell is evidence for its domain at the cell's tier;
//   - a domain's tier is the highest tier evidenced in it, by ticks or by its plot;
//   - the suggested tier is the highest domain tier;
//   - any ticked significant-harm indicator adds the significant-harm routes before the
//     suggested tier's routes (it does not change the suggested tier: that is the
//     professional's call);
//   - actions of ticked indicators are listed once each.
//
// It never decides: the result carries JudgementNote.
func Evaluate(d *Data, s Selection) Result {
	r := Result{Note: JudgementNote, Domains: make([]DomainResult, len(d.Domains))}
	for i := range d.Domains {
		r.Domains[i].Domain = d.Domains[i].ID
	}
	domainIndex := func(id string) int {
		for i := range d.Domains {
			if d.Domains[i].ID == id {
				return i
			}
		}
		return -1
	}

	// Ticks: walk the data, not the selection, so that repeats count once and lists come
	// out in data order.
	checked := make(map[string]bool, len(s.Checked))
	for _, id := range s.Checked {
		checked[id] = true
	}
	seenAction := make(map[string]bool)
	found := 0
	for i := range d.Indicators {
		ind := &d.Indicators[i]
		if !checked[ind.ID] {
			continue
		}
		found++
		delete(checked, ind.ID) // duplicate ids in data would otherwise count twice
		t := ind.Tier
		r.Ticked[t]++
		if t > r.Tier {
			r.Tier = t
		}
		if di := domainIndex(ind.Domain); di >= 0 {
			dr := &r.Domains[di]
			dr.TickedByTier[t]++
			if t > dr.Ticked {
				dr.Ticked = t
			}
		}
		if ind.SignificantHarm {
			r.SignificantHarm = true
			r.Harm = append(r.Harm, ind.ID)
		}
		if ind.Action != "" && !seenAction[ind.Action] {
			seenAction[ind.Action] = true
			r.Actions = append(r.Actions, ind.Action)
		}
	}
	if found < len(s.Checked) {
		for _, id := range s.Checked {
			if checked[id] {
				r.Unknown = append(r.Unknown, id)
				delete(checked, id)
			}
		}
	}

	// Plots, in domain order; plots the data cannot place are reported, sorted.
	for i := range d.Domains {
		c, ok := s.Plotted[d.Domains[i].ID]
		if !ok || c == NotPlotted {
			continue
		}
		if c.Tier() == NoTier {
			r.Unknown = append(r.Unknown, d.Domains[i].ID)
			continue
		}
		r.Domains[i].Plotted = c
	}
	if len(s.Plotted) > 0 {
		var lost []string
		for id, c := range s.Plotted {
			if c != NotPlotted && domainIndex(id) < 0 {
				lost = append(lost, id)
			}
		}
		// Insertion sort: the list is tiny and package sort would grow the WASM module.
		for i := 1; i < len(lost); i++ {
			for j := i; j > 0 && lost[j] < lost[j-1]; j-- {
				lost[j], lost[j-1] = lost[j-1], lost[j]
			}
		}
		r.Unknown = append(r.Unknown, lost...)
	}

	for i := range r.Domains {
		dr := &r.Domains[i]
		dr.Tier = dr.Ticked
		if pt := dr.Plotted.Tier(); pt != NoTier {
			r.Plotted[pt]++
			if pt > dr.Tier {
				dr.Tier = pt
			}
			dr.PlottedBelowTicked = pt < dr.Ticked
		}
		if dr.Tier != NoTier {
			r.DomainsAt[dr.Tier]++
		}
		if dr.Tier > r.Tier {
			r.Tier = dr.Tier
		}
	}

	if r.SignificantHarm {
		for _, rt := range d.Routes {
			if rt.SignificantHarm {
				r.Routes = append(r.Routes, rt.ID)
			}
		}
	}
	if r.Tier != NoTier {
		for _, rt := range d.Routes {
			if !rt.SignificantHarm && rt.Tier == r.Tier {
				r.Routes = append(r.Routes, rt.ID)
			}
		}
	}
	return r
}
