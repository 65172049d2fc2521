package tiermatrix

import "signpost/widgets/matrix"

// Document is one threshold document's matrix: the rules' data, which the WASM module
// rebuilds from the rendered form, and the form's words, which only the generator needs
// (kept out of matrix.Data so they cost the module nothing).
type Document struct {
	*matrix.Data
	Form Form
}

// Form is a threshold document's own presentation of the matrix form (issue #18): the
// rules' shape (three column groups: one level, then three, then three) is fixed; the words
// are the document's.
type Form struct {
	ID           string // the document's id, as in "::: widget tier-matrix ID"
	Title        string // the form's title, e.g. "Thurrock Threshold Matrix"
	Instructions string // the form's own instruction for plotting the matrix
	Judgement    string // the form's own line on judgement, printed with every result
	Contact      string // who to talk to, as the document names them, e.g. "the MASH"
	// Tiers holds each tier's label and its levels' labels, indexed by matrix.Tier.
	Tiers [matrix.NumTiers]TierForm
	Key   []KeyEntry
	// Urgencies says what each Urgency means here, indexed by matrix.Urgency ("" for none).
	Urgencies [matrix.NumUrgencies]string
}

// TierForm is a tier's column group on the form.
type TierForm struct {
	Label  string
	Levels []LevelForm // one for Tier 1; LOW, MED, HIGH for the others
}

// LevelForm is one column: its header as printed and its name read aloud.
type LevelForm struct {
	Label, Spoken string
}

// KeyEntry is one line of the form's key, e.g. "Level 4" – "Child in need of protection".
type KeyEntry struct {
	Term, Text string
}
