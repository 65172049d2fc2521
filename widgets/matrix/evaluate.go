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
	// SignificantHarm is set when the threshold document's significant-harm guidance
	// applies: any indicator of Tiers 3 and 4 ticked, any domain plotted at Tiers 3 and 4,
	// or any indicator flagged significant harm in the data. It follows the document's
	// structure (Tiers 3 and 4 are "children in need (Section 17) and children in need of
	// protection (Section 47)"), so no list of flags is the only way in.
	SignificantHarm bool
	// Harm lists the ticked indicators that bring the significant-harm guidance: those
	// flagged significant harm first (the strongest prompts), then the other Tier 3 and 4
	// ticks, each in data order.
	Harm []string
	// HarmPlots lists the domains plotted at Tiers 3 and 4, in domain order.
	HarmPlots []string
	// Flagged is set when a ticked indicator is flagged significant harm in the data (the
	// document's examples of abuse, exploitation, FGM, non-accidental injury…).
	Flagged bool
	// Urgency is how soon the document says to act on this result.
	Urgency Urgency
	// Drivers lists the ticked indicators at the suggested tier, in data order, and
	// DriverPlots the domains plotted at it: what makes the suggested tier what it is.
	Drivers     []string
	DriverPlots []string
	// StepUp lists the domains plotted at the top level of the suggested tier (Tier 2
	// HIGH) when there are at least StepUpMin of them, or else every domain at Tier 2 when
	// there are at least StepUpSpread: the document leaves combination to judgement, so the
	// widget prompts to consider the next tier rather than raising it.
	StepUp []string
	// Actions lists the Action ids required by ticked indicators, each once, in the order
	// of the indicators in the data.
	Actions []string
	// Routes lists Route ids to show, in order: step-up routes when StepUp is set, then
	// significant-harm routes (the most urgent), then the routes for the suggested tier,
	// each in data order.
	Routes []string
	// Unknown lists checked ids, and plotted domain ids, that the data does not have.
	Unknown []string
	// Note is always JudgementNote.
	Note string
}

// StepUpMin is how many domains plotted at the top level of a tier make "several", and
// StepUpSpread how many domains at Tier 2 in all: enough for the widget to ask whether the
// needs together call for the next tier. The document leaves combination to judgement
// ("family circumstances rarely fit neatly into one category"), so this is a prompt, never
// a change of tier.
const (
	StepUpMin    = 3
	StepUpSpread = 4
)

// Urgency is how soon the threshold document says to act, and how. Levels are ordered: a
// higher value is more urgent. The rules never choose Immediate (calling 999): whether a
// risk is imminent is the professional's judgement, and the significant-harm guidance
// always carries the document's 999 sentence.
type Urgency uint8

// The urgencies, least first.
const (
	// NoUrgency: nothing ticked or plotted.
	NoUrgency Urgency = iota
	// UniversalServices: Tier 1; needs met by universal services, no referral.
	UniversalServices
	// EarlyHelpCAF: Tier 2; with consent, a CAF with the family, sent to the MASH.
	EarlyHelpCAF
	// ReferralToMASH: Tiers 3 and 4; "a CAF referral to MASH should always be completed".
	ReferralToMASH
	// SameDayTelephone: an indicator the data flags as significant harm (the document's
	// examples of abuse, exploitation, FGM, non-accidental injury) is ticked: child
	// protection referrals go to the MASH by telephone, without waiting to finish the form.
	SameDayTelephone
	// Immediate: imminent and significant risk of harm; consider calling 999. Set by no rule.
	Immediate
)

// NumUrgencies sizes arrays indexed by Urgency.
const NumUrgencies = int(Immediate) + 1

// Urgencies lists the urgencies the rules can give, least first.
var Urgencies = [...]Urgency{UniversalServices, EarlyHelpCAF, ReferralToMASH, SameDayTelephone}

// String returns the urgency's key: "", "universal", "early-help-caf", "referral-to-mash",
// "same-day-mash-telephone" or "immediate-999".
func (u Urgency) String() string {
	switch u {
	case UniversalServices:
		return "universal"
	case EarlyHelpCAF:
		return "early-help-caf"
	case ReferralToMASH:
		return "referral-to-mash"
	case SameDayTelephone:
		return "same-day-mash-telephone"
	case Immediate:
		return "immediate-999"
	}
	return ""
}

// Empty reports whether nothing was ticked or plotted.
func (r *Result) Empty() bool { return r.Tier == NoTier }

// Evaluate applies the matrix's rules to a selection:
//
//   - a ticked indicator is evidence for its domain at its tier;
//   - a plotted cell is evidence for its domain at the cell's tier;
//   - a domain's tier is the highest tier evidenced in it, by ticks or by its plot;
//   - the suggested tier is the highest domain tier;
//   - any Tier 3 and 4 tick or plot, or any indicator flagged significant harm, adds the
//     significant-harm routes before the suggested tier's routes (a flag does not change
//     the suggested tier: that is the professional's call);
//   - several domains plotted at Tier 2 HIGH prompt to consider the next tier, without
//     raising it;
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
	ticked := make(map[string]bool, len(s.Checked))
	for _, id := range s.Checked {
		checked[id] = true
		ticked[id] = true
	}
	seenDriver := make(map[string]bool)
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
			r.Flagged = true
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

	// Significant harm by the document's structure: the flagged ticks (already listed),
	// then every other Tier 3 and 4 tick, then Tier 3 and 4 plots.
	for i := range d.Indicators {
		ind := &d.Indicators[i]
		if ind.Tier == Tier34 && !ind.SignificantHarm && ticked[ind.ID] {
			r.Harm = append(r.Harm, ind.ID)
		}
		if ind.Tier == r.Tier && ticked[ind.ID] && !seenDriver[ind.ID] {
			seenDriver[ind.ID] = true
			r.Drivers = append(r.Drivers, ind.ID)
		}
	}
	top := topCell(r.Tier)
	var atTop []string
	for i := range r.Domains {
		dr := &r.Domains[i]
		if dr.Plotted.Tier() == Tier34 {
			r.HarmPlots = append(r.HarmPlots, dr.Domain)
		}
		if dr.Plotted != NotPlotted && dr.Plotted.Tier() == r.Tier {
			r.DriverPlots = append(r.DriverPlots, dr.Domain)
		}
		if top != NotPlotted && dr.Plotted == top {
			atTop = append(atTop, dr.Domain)
		}
	}
	switch {
	case len(atTop) >= StepUpMin:
		r.StepUp = atTop
	case r.Tier == Tier2 && r.DomainsAt[Tier2] >= StepUpSpread:
		for _, dr := range r.Domains {
			if dr.Tier == Tier2 {
				r.StepUp = append(r.StepUp, dr.Domain)
			}
		}
	}
	r.SignificantHarm = len(r.Harm) > 0 || len(r.HarmPlots) > 0

	switch {
	case r.Flagged:
		r.Urgency = SameDayTelephone
	case r.Tier == Tier34:
		r.Urgency = ReferralToMASH
	case r.Tier == Tier2:
		r.Urgency = EarlyHelpCAF
	case r.Tier == Tier1:
		r.Urgency = UniversalServices
	}

	if len(r.StepUp) > 0 {
		for _, rt := range d.Routes {
			if rt.StepUp {
				r.Routes = append(r.Routes, rt.ID)
			}
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
			if !rt.SignificantHarm && !rt.StepUp && rt.Tier == r.Tier {
				r.Routes = append(r.Routes, rt.ID)
			}
		}
	}
	return r
}

// topCell is the highest level of a tier on the paper form, where several domains together
// may call for the next tier; NotPlotted when there is no next tier to consider.
func topCell(t Tier) Cell {
	if t == Tier2 {
		return Tier2High
	}
	return NotPlotted
}
