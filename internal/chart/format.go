package chart

import (
	"math"
	"strconv"
	"strings"
)

// hasFraction reports whether any value of c is not a whole number.
func (c *Chart) hasFraction() bool {
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != math.Trunc(v) {
				return true
			}
		}
	}
	return false
}

// maxValue is the largest value of c (0 when it has none).
func (c *Chart) maxValue() float64 {
	m := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			m = math.Max(m, v)
		}
	}
	return m
}

// symbolUnit reports whether the unit is written with each value ("%", "£") rather than
// naming the value axis.
func (c *Chart) symbolUnit() bool { return c.Unit == "%" || c.Unit == "£" }

// formatValue writes v the way the report does: "45.51%", "£58,488.55", "5,994". Money
// keeps pence on every value when any value of the chart has them.
func (c *Chart) formatValue(v float64) string {
	switch c.Unit {
	case "%":
		return formatNumber(v, -1) + "%"
	case "£":
		prec := 0
		if c.hasFraction() {
			prec = 2
		}
		return "£" + formatNumber(v, prec)
	}
	return formatNumber(v, -1)
}

// formatTick writes an axis tick value: like formatValue, but money ticks are whole pounds.
func (c *Chart) formatTick(v float64) string {
	switch c.Unit {
	case "%":
		return formatNumber(v, -1) + "%"
	case "£":
		return "£" + formatNumber(v, -1)
	}
	return formatNumber(v, -1)
}

// formatNumber writes v with prec decimals (-1: as few as represent v exactly) and commas
// between thousands of the whole part, as the report writes its larger figures.
func formatNumber(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// parseNumber reads a value written by formatValue back ("£1,234.50" → 1234.5).
func parseNumber(s string) (float64, error) {
	s = strings.NewReplacer("£", "", "%", "", ",", "").Replace(strings.TrimSpace(s))
	return strconv.ParseFloat(s, 64)
}

// niceScale chooses the top of the value axis and the step between ticks for values up to
// max, with at most maxSteps steps: steps are 1, 2, 2.5 or 5 times a power of ten, whole
// numbers when the data are whole numbers, and percentages up to 100 run to 100.
func niceScale(max float64, maxSteps int, percent, whole bool) (top, step float64) {
	if maxSteps < 1 {
		maxSteps = 1
	}
	if percent && max <= 100 {
		for _, st := range []float64{10, 20, 25, 50, 100} {
			if 100/st <= float64(maxSteps) {
				return 100, st
			}
		}
	}
	if max <= 0 {
		return 1, 1
	}
	rough := max / float64(maxSteps)
	mag := math.Pow(10, math.Floor(math.Log10(rough)))
	step = 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= rough*(1-1e-9) {
			step = m * mag
			break
		}
	}
	if whole && step < 1 {
		step = 1
	}
	if whole && step != math.Trunc(step) {
		step = math.Ceil(step)
	}
	top = math.Ceil(max/step-1e-9) * step
	if top < max {
		top += step
	}
	return top, step
}

// wrap breaks text into lines of at most width characters at spaces; a longer word keeps a
// line to itself.
func wrap(text string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(text) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// num writes an SVG coordinate with at most one decimal, so output is short and stable.
func num(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

// textWidth estimates the width of s in user units at the chart's font size: good enough
// to keep labels apart; the data table carries the exact text.
func textWidth(s string) float64 { return float64(len([]rune(s))) * charW }
