package printdoc

// Rewrite and ShiftHeadings expose the HTML rewriting to the tests.
var (
	Rewrite       = rewrite
	ShiftHeadings = shiftHeadings
)
