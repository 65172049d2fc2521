// Package matrix holds the rules of the tier matrix widget: which tier the ticked
// indicators and plotted cells point to, per domain and overall, whether anything ticked
// points to significant harm, and which routes the threshold document gives for that.
//
// The rules inform a professional's judgement; they never decide. Every result carries
// JudgementNote, and the widget shows it beside the suggested tier.
//
// The package is plain Go with no syscall/js: the generator (internal/tiermatrix) imports it
// to render the form and the appendices from content/_data/indicators.yaml, and the one
// WASM module (widgets/wasm) imports it to evaluate a selection in the browser, rebuilding
// Data from the form's data-* attributes. To keep that module small it imports nothing that
// pulls in fmt, strings, strconv, reflect or encoding/json.
package matrix

// JudgementNote is shown with every result: the matrix informs, the professional decides.
// The widget follows it with who to talk to next, from the document's Form.Contact.
const JudgementNote = "The matrix informs your professional judgement; it does not make the decision."

// Tier is a column group of the matrix: Tier 1, Tier 2 or Tiers 3 and 4. The zero value
// means no tier (nothing ticked or plotted). Tiers are ordered: a higher value is a higher
// level of need.
type Tier uint8

// The tiers, in order of need.
const (
	NoTier Tier = iota
	Tier1
	Tier2
	Tier34
)

// NumTiers sizes arrays indexed by Tier (index 0, NoTier, stays unused).
const NumTiers = 4

// Tiers lists the real tiers in order, for loops.
var Tiers = [...]Tier{Tier1, Tier2, Tier34}

// String returns the tier's key as written in the data file and in data-tier attributes:
// "1", "2", "3-4", or "" for NoTier.
func (t Tier) String() string {
	switch t {
	case Tier1:
		return "1"
	case Tier2:
		return "2"
	case Tier34:
		return "3-4"
	}
	return ""
}

// ParseTier reads a tier key ("1", "2", "3-4"). The empty string is NoTier and is not ok.
func ParseTier(s string) (Tier, bool) {
	switch s {
	case "1":
		return Tier1, true
	case "2":
		return Tier2, true
	case "3-4":
		return Tier34, true
	}
	return NoTier, false
}

// Level is the sub-column of a tier on the paper form: Tier 2 and Tiers 3 and 4 each have
// LOW, MED and HIGH; Tier 1 has one column, UNIVERSAL, whose level is NoLevel.
type Level uint8

// The levels within a tier.
const (
	NoLevel Level = iota
	Low
	Med
	High
)

// String returns "low", "med", "high" or "".
func (l Level) String() string {
	switch l {
	case Low:
		return "low"
	case Med:
		return "med"
	case High:
		return "high"
	}
	return ""
}

// Cell is one column of a domain's row on the matrix, as the professional plots it. The
// zero value, NotPlotted, means the row has no plotted mark.
type Cell uint8

// The seven columns of the paper form, left to right.
const (
	NotPlotted Cell = iota
	Universal
	Tier2Low
	Tier2Med
	Tier2High
	Tier34Low
	Tier34Med
	Tier34High
)

// Cells lists the plottable cells left to right, for loops.
var Cells = [...]Cell{Universal, Tier2Low, Tier2Med, Tier2High, Tier34Low, Tier34Med, Tier34High}

// Tier returns the tier column group c belongs to.
func (c Cell) Tier() Tier {
	switch {
	case c == Universal:
		return Tier1
	case c >= Tier2Low && c <= Tier2High:
		return Tier2
	case c >= Tier34Low && c <= Tier34High:
		return Tier34
	}
	return NoTier
}

// Level returns c's level within its tier (NoLevel for Universal and NotPlotted).
func (c Cell) Level() Level {
	switch {
	case c >= Tier2Low && c <= Tier2High:
		return Level(c-Tier2Low) + Low
	case c >= Tier34Low && c <= Tier34High:
		return Level(c-Tier34Low) + Low
	}
	return NoLevel
}

// String returns the cell's key, used as the radio button's value: "1", "2-low", "2-med",
// "2-high", "3-4-low", "3-4-med", "3-4-high", or "" for NotPlotted.
func (c Cell) String() string {
	switch c {
	case Universal:
		return "1"
	case Tier2Low:
		return "2-low"
	case Tier2Med:
		return "2-med"
	case Tier2High:
		return "2-high"
	case Tier34Low:
		return "3-4-low"
	case Tier34Med:
		return "3-4-med"
	case Tier34High:
		return "3-4-high"
	}
	return ""
}

// ParseCell reads a cell key written by Cell.String. The empty string is NotPlotted and ok;
// anything else unknown is not ok.
func ParseCell(s string) (Cell, bool) {
	if s == "" {
		return NotPlotted, true
	}
	for _, c := range Cells {
		if c.String() == s {
			return c, true
		}
	}
	return NotPlotted, false
}
