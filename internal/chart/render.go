package chart

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Geometry in SVG user units. The viewBox is viewW wide and the CSS scales the SVG to the
// column width (down to 320px), so text shrinks with the chart; the table after it carries
// the same numbers at the page's own text size.
const (
	viewW    = 440.0
	fontSize = 13    // root font-size; layout below assumes it
	charW    = 7.0   // estimated average character width at fontSize
	lineH    = 16.0  // distance between lines of a wrapped label
	headSize = 15    // font size of the title drawn at the top of the chart
	headW    = 9.0   // estimated average character width of the title (bold, headSize)
	headLine = 19.0  // distance between lines of the title
	legendH  = 20.0  // one legend entry
	plotHV   = 200.0 // plot height of vertical bar and line charts
)

// dashes gives each line series its own stroke pattern, and markers (see marker) its own
// point shape, so series differ by more than colour.
var dashes = [MaxSeries]string{"", "7 4", "2 3", "9 3 2 3"}

// Render returns a figure with the chart as an inline SVG image (role="img", named by its
// <title>, described by its <desc>), the same numbers as a table with a caption and header
// cells, and a figcaption. Output depends only on c. Colours come from classes styled by
// assets/css/chart.css; there are no style attributes. Every id starts with "chart-" and the
// chart's id, so ids are unique on a page that shows each chart once. c must be a chart
// that Load accepted (one value per category in every series).
func Render(c *Chart) template.HTML {
	var b strings.Builder
	p := "chart-" + c.ID
	fmt.Fprintf(&b, `<figure class="chart chart-kind-%s" id="%s">`+"\n", c.Kind, p)
	switch c.Kind {
	case KindHBar:
		renderHBar(&b, c, p)
	default:
		renderVertical(&b, c, p)
	}
	renderTable(&b, c, p)
	b.WriteString("<figcaption>")
	if c.Caption != "" {
		fmt.Fprintf(&b, `<span class="chart-caption">%s</span> `, esc(c.Caption))
	}
	fmt.Fprintf(&b, `<span class="chart-source">Source: %s</span></figcaption>`+"\n", esc(c.Source))
	b.WriteString("</figure>\n")
	return template.HTML(b.String())
}

func esc(s string) string { return html.EscapeString(s) }

// headingLines is the chart's title wrapped to the width of the drawing, and the height the
// drawn title takes.
func headingLines(c *Chart) ([]string, float64) {
	width := (viewW - 8) / headW
	lines := wrap(c.Title, int(width))
	return lines, float64(len(lines))*headLine + 10
}

// svgOpen writes the root element, its title and desc, the fill patterns of series after
// the first, and the title drawn as the chart's heading.
func svgOpen(b *strings.Builder, c *Chart, p string, h float64) {
	fmt.Fprintf(b, `<svg class="chart-svg" viewBox="0 0 %s %s" font-size="%d" role="img" aria-labelledby="%s-title" aria-describedby="%s-desc">`+"\n",
		num(viewW), num(h), fontSize, p, p)
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`+"\n", p, esc(c.Title))
	fmt.Fprintf(b, `<desc id="%s-desc">%s</desc>`+"\n", p, esc(describe(c)))
	if c.Kind != KindLine && len(c.Series) > 1 {
		b.WriteString("<defs>\n")
		for j := 1; j < len(c.Series); j++ {
			writePattern(b, p, j)
		}
		b.WriteString("</defs>\n")
	}
	lines, _ := headingLines(c)
	fmt.Fprintf(b, `<text class="chart-heading" x="0" y="%s" font-size="%d">`, num(headLine-4), headSize)
	for i, l := range lines {
		dy := "0"
		if i > 0 {
			dy = num(headLine)
		}
		fmt.Fprintf(b, `<tspan x="0" dy="%s">%s</tspan>`, dy, esc(l))
	}
	b.WriteString("</text>\n")
}

// describe summarises the chart in words for the SVG's desc.
func describe(c *Chart) string {
	var b strings.Builder
	switch c.Kind {
	case KindHBar:
		b.WriteString("Horizontal bar chart")
	case KindLine:
		b.WriteString("Line chart")
	default:
		b.WriteString("Bar chart")
	}
	if !c.symbolUnit() && c.Unit != "" {
		fmt.Fprintf(&b, " (%s)", c.Unit)
	}
	b.WriteString(".")
	for _, s := range c.Series {
		b.WriteString(" ")
		if len(c.Series) > 1 {
			b.WriteString(s.Name + ": ")
		}
		for k, v := range s.Values {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %s", c.Categories[k], c.formatValue(v))
		}
		b.WriteString(".")
	}
	b.WriteString(" The figures are also in the table below.")
	return b.String()
}

// writePattern defines the fill of series j (1 to 3): its colour with white hatching,
// dots or cross-hatching on top, which stays distinct in greyscale and for every kind of
// colour vision.
func writePattern(b *strings.Builder, p string, j int) {
	fmt.Fprintf(b, `<pattern id="%s-pattern-%d" patternUnits="userSpaceOnUse" width="8" height="8">`, p, j)
	fmt.Fprintf(b, `<rect class="chart-fill-%d" width="8" height="8"/>`, j)
	switch j {
	case 1:
		b.WriteString(`<path class="chart-hatch" d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke-width="2"/>`)
	case 2:
		b.WriteString(`<circle class="chart-dot" cx="4" cy="4" r="1.6"/>`)
	default:
		b.WriteString(`<path class="chart-hatch" d="M0,4 L8,4 M4,0 L4,8" stroke-width="1.5"/>`)
	}
	b.WriteString("</pattern>\n")
}

// fillAttrs are the attributes that fill a bar or legend swatch of series j.
func fillAttrs(p string, j int) string {
	if j == 0 {
		return `class="chart-bar chart-fill-0"`
	}
	return fmt.Sprintf(`class="chart-bar chart-stroke-%d" fill="url(#%s-pattern-%d)"`, j, p, j)
}

// marker writes the point shape of line series j at (x, y).
func marker(b *strings.Builder, j int, x, y float64) {
	cls := fmt.Sprintf(`class="chart-marker chart-fill-%d"`, j)
	switch j {
	case 0:
		fmt.Fprintf(b, `<circle %s cx="%s" cy="%s" r="4.5"/>`, cls, num(x), num(y))
	case 1:
		fmt.Fprintf(b, `<rect %s x="%s" y="%s" width="8" height="8"/>`, cls, num(x-4), num(y-4))
	case 2:
		fmt.Fprintf(b, `<path %s d="M%s,%s L%s,%s L%s,%s Z"/>`, cls, num(x), num(y-5.5), num(x+5.5), num(y+4.5), num(x-5.5), num(y+4.5))
	default:
		fmt.Fprintf(b, `<path %s d="M%s,%s L%s,%s L%s,%s L%s,%s Z"/>`, cls, num(x), num(y-6), num(x+6), num(y), num(x), num(y+6), num(x-6), num(y))
	}
	b.WriteString("\n")
}

// legend writes one entry per series, one under another from y, when there is more than
// one series. It returns the height used.
func legend(b *strings.Builder, c *Chart, p string, x, y float64) float64 {
	if len(c.Series) < 2 {
		return 0
	}
	b.WriteString(`<g class="chart-legend">` + "\n")
	for j, s := range c.Series {
		cy := y + float64(j)*legendH + legendH/2
		if c.Kind == KindLine {
			fmt.Fprintf(b, `<line class="chart-line chart-stroke-%d" x1="%s" y1="%s" x2="%s" y2="%s"%s/>`,
				j, num(x), num(cy), num(x+28), num(cy), dashAttr(j))
			marker(b, j, x+14, cy)
		} else {
			fmt.Fprintf(b, `<rect %s x="%s" y="%s" width="14" height="14"/>`+"\n", fillAttrs(p, j), num(x+7), num(cy-7))
		}
		fmt.Fprintf(b, `<text class="chart-legend-label" x="%s" y="%s">%s</text>`+"\n", num(x+36), num(cy+4.5), esc(s.Name))
	}
	b.WriteString("</g>\n")
	return float64(len(c.Series))*legendH + 8
}

func dashAttr(j int) string {
	if dashes[j] == "" {
		return ""
	}
	return fmt.Sprintf(` stroke-dasharray="%s"`, dashes[j])
}

// textLines writes a label as one text element with a tspan per line, the first line's
// baseline at y.
func textLines(b *strings.Builder, class, anchor string, x, y float64, lines []string) {
	fmt.Fprintf(b, `<text class="%s" x="%s" y="%s" text-anchor="%s">`, class, num(x), num(y), anchor)
	for i, l := range lines {
		dy := "0"
		if i > 0 {
			dy = num(lineH)
		}
		fmt.Fprintf(b, `<tspan x="%s" dy="%s">%s</tspan>`, num(x), dy, esc(l))
	}
	b.WriteString("</text>\n")
}

func maxTickWidth(c *Chart, top, step float64) float64 {
	w := 0.0
	for t := 0.0; t <= top+step/2; t += step {
		w = max(w, textWidth(c.formatTick(t)))
	}
	return w
}

// renderVertical draws bar and line charts: categories along the bottom, values up.
func renderVertical(b *strings.Builder, c *Chart, p string) {
	top, step := niceScale(c.maxValue(), 5, c.Unit == "%", !c.hasFraction())
	left := max(36, maxTickWidth(c, top, step)+14)
	right := 16.0
	plotW := viewW - left - right
	n := len(c.Categories)
	band := plotW / float64(n)
	width := max(4, int((band-6)/charW))
	catLines := make([][]string, n)
	most := 1
	for k, cat := range c.Categories {
		catLines[k] = wrap(cat, width)
		most = max(most, len(catLines[k]))
	}

	_, head := headingLines(c)
	lh := 0.0
	if len(c.Series) > 1 {
		lh = float64(len(c.Series))*legendH + 8
	}
	plotTop := head + lh + 22
	if !c.symbolUnit() && c.Unit != "" {
		plotTop += 18
	}
	bottom := plotTop + plotHV
	h := bottom + 8 + float64(most)*lineH + 10

	svgOpen(b, c, p, h)
	legend(b, c, p, left, head)
	if !c.symbolUnit() && c.Unit != "" {
		fmt.Fprintf(b, `<text class="chart-axis-title" x="%s" y="%s">%s</text>`+"\n", num(left-8), num(head+lh+12), esc(c.Unit))
	}
	y := func(v float64) float64 { return bottom - v/top*plotHV }

	b.WriteString(`<g class="chart-grid">` + "\n")
	for t := step; t <= top+step/2; t += step {
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(left), num(y(t)), num(viewW-right), num(y(t)))
	}
	b.WriteString("</g>\n")
	for t := 0.0; t <= top+step/2; t += step {
		fmt.Fprintf(b, `<text class="chart-tick" x="%s" y="%s" text-anchor="end">%s</text>`+"\n", num(left-6), num(y(t)+4.5), esc(c.formatTick(t)))
	}
	fmt.Fprintf(b, `<line class="chart-axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(left), num(plotTop-6), num(left), num(bottom))
	fmt.Fprintf(b, `<line class="chart-axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(left), num(bottom), num(viewW-right), num(bottom))

	if c.Kind == KindLine {
		drawLines(b, c, left, band, y)
	} else {
		drawColumns(b, c, p, left, band, y, bottom)
	}
	for k := range c.Categories {
		textLines(b, "chart-category", "middle", left+band*(float64(k)+0.5), bottom+8+12, catLines[k])
	}
	b.WriteString("</svg>\n")
}

func drawColumns(b *strings.Builder, c *Chart, p string, left, band float64, y func(float64) float64, bottom float64) {
	group := band * 0.7
	if len(c.Series) == 1 {
		group = min(band*0.6, 90)
	}
	bw := group / float64(len(c.Series))
	for j, s := range c.Series {
		fmt.Fprintf(b, `<g class="chart-series chart-series-%d">`+"\n", j)
		for k, v := range s.Values {
			x := left + band*float64(k) + (band-group)/2 + bw*float64(j)
			yt := y(v)
			fmt.Fprintf(b, `<rect %s x="%s" y="%s" width="%s" height="%s"/>`+"\n", fillAttrs(p, j), num(x+1), num(yt), num(bw-2), num(bottom-yt))
			fmt.Fprintf(b, `<text class="chart-value" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", num(x+bw/2), num(yt-5), esc(c.formatValue(v)))
		}
		b.WriteString("</g>\n")
	}
}

// drawLines draws each series as a line with its dash pattern and markers. A point's value
// label goes above it, or below it when another series is higher at that category, so
// labels of close values do not collide.
func drawLines(b *strings.Builder, c *Chart, left, band float64, y func(float64) float64) {
	x := func(k int) float64 { return left + band*(float64(k)+0.5) }
	// Later series first, so the first series is drawn on top where points meet.
	for j := len(c.Series) - 1; j >= 0; j-- {
		s := c.Series[j]
		fmt.Fprintf(b, `<g class="chart-series chart-series-%d">`+"\n", j)
		pts := make([]string, len(s.Values))
		for k, v := range s.Values {
			pts[k] = num(x(k)) + "," + num(y(v))
		}
		fmt.Fprintf(b, `<polyline class="chart-line chart-stroke-%d" fill="none" points="%s"%s/>`+"\n", j, strings.Join(pts, " "), dashAttr(j))
		for k, v := range s.Values {
			marker(b, j, x(k), y(v))
			ly := y(v) - 9
			for o, other := range c.Series {
				if o != j && (other.Values[k] > v || (other.Values[k] == v && o < j)) {
					ly = y(v) + 20
					break
				}
			}
			fmt.Fprintf(b, `<text class="chart-value" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", num(x(k)), num(ly), esc(c.formatValue(v)))
		}
		b.WriteString("</g>\n")
	}
}

// renderHBar draws horizontal bars: category names on the left (wrapped), values along.
func renderHBar(b *strings.Builder, c *Chart, p string) {
	// Category names wrap within at most 170 units; the column is as wide as its longest line.
	const maxLabelW = 170.0
	width := int(maxLabelW-8) / int(charW)
	lines := make([][]string, len(c.Categories))
	labelW := 40.0
	for k, cat := range c.Categories {
		lines[k] = wrap(cat, width)
		for _, l := range lines[k] {
			labelW = max(labelW, min(maxLabelW, textWidth(l)+6))
		}
	}
	valW := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			valW = max(valW, textWidth(c.formatValue(v)))
		}
	}
	x0 := labelW + 10
	x1 := viewW - valW - 12
	plotW := x1 - x0
	// As many ticks as fit under the axis without their labels touching.
	var top, step float64
	for steps := 6; steps >= 1; steps-- {
		top, step = niceScale(c.maxValue(), steps, c.Unit == "%", !c.hasFraction())
		if plotW/(top/step) >= maxTickWidth(c, top, step)+8 {
			break
		}
	}

	ns := len(c.Series)
	barH := 18.0
	if ns > 1 {
		barH = 13
	}
	const gap = 3.0
	rowH := make([]float64, len(c.Categories))
	plotH := 0.0
	for k := range c.Categories {
		content := max(float64(len(lines[k]))*lineH, float64(ns)*barH+float64(ns-1)*gap)
		rowH[k] = content + 14
		plotH += rowH[k]
	}
	_, head := headingLines(c)
	lh := 0.0
	if ns > 1 {
		lh = float64(ns)*legendH + 8
	}
	plotTop := head + lh
	bottom := plotTop + plotH
	h := bottom + 22
	if !c.symbolUnit() && c.Unit != "" {
		h += 18
	}
	h += 6

	svgOpen(b, c, p, h)
	legend(b, c, p, x0, head)
	xv := func(v float64) float64 { return x0 + v/top*plotW }
	b.WriteString(`<g class="chart-grid">` + "\n")
	for t := step; t <= top+step/2; t += step {
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(xv(t)), num(plotTop), num(xv(t)), num(bottom))
	}
	b.WriteString("</g>\n")
	for t := 0.0; t <= top+step/2; t += step {
		fmt.Fprintf(b, `<text class="chart-tick" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", num(xv(t)), num(bottom+17), esc(c.formatTick(t)))
	}
	if !c.symbolUnit() && c.Unit != "" {
		fmt.Fprintf(b, `<text class="chart-axis-title" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", num(x0+plotW/2), num(bottom+35), esc(c.Unit))
	}
	fmt.Fprintf(b, `<line class="chart-axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(x0), num(plotTop), num(x0), num(bottom))
	fmt.Fprintf(b, `<line class="chart-axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(x0), num(bottom), num(x1), num(bottom))

	rowTop := plotTop
	tops := make([]float64, len(c.Categories))
	for k := range c.Categories {
		tops[k] = rowTop
		textH := float64(len(lines[k])) * lineH
		textLines(b, "chart-category", "end", labelW, rowTop+(rowH[k]-textH)/2+12, lines[k])
		rowTop += rowH[k]
	}
	for j, s := range c.Series {
		fmt.Fprintf(b, `<g class="chart-series chart-series-%d">`+"\n", j)
		for k, v := range s.Values {
			block := float64(ns)*barH + float64(ns-1)*gap
			y := tops[k] + (rowH[k]-block)/2 + float64(j)*(barH+gap)
			fmt.Fprintf(b, `<rect %s x="%s" y="%s" width="%s" height="%s"/>`+"\n", fillAttrs(p, j), num(x0), num(y), num(xv(v)-x0), num(barH))
			fmt.Fprintf(b, `<text class="chart-value" x="%s" y="%s">%s</text>`+"\n", num(xv(v)+5), num(y+barH/2+4.5), esc(c.formatValue(v)))
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
}

// renderTable writes the chart's numbers as a table: the text equivalent of the image.
// The wrapper scrolls sideways on narrow screens and can be focused to do so by keyboard.
func renderTable(b *strings.Builder, c *Chart, p string) {
	fmt.Fprintf(b, `<div class="chart-table-wrap" role="region" tabindex="0" aria-labelledby="%s-caption">`+"\n", p)
	b.WriteString(`<table class="chart-table">` + "\n")
	caption := c.Title
	if !c.symbolUnit() && c.Unit != "" {
		caption += " (" + c.Unit + ")"
	}
	fmt.Fprintf(b, `<caption id="%s-caption">%s</caption>`+"\n", p, esc(caption))
	label := c.CategoryLabel
	if label == "" {
		label = "Category"
	}
	fmt.Fprintf(b, `<thead><tr><th scope="col">%s</th>`, esc(label))
	for _, s := range c.Series {
		fmt.Fprintf(b, `<th scope="col">%s</th>`, esc(s.Name))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for k, cat := range c.Categories {
		fmt.Fprintf(b, `<tr><th scope="row">%s</th>`, esc(cat))
		for _, s := range c.Series {
			fmt.Fprintf(b, `<td>%s</td>`, esc(c.formatValue(s.Values[k])))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n</div>\n")
}

// Text is the chart as plain text, for the search index and other text uses: its title,
// caption, every category with its values, and the source.
func Text(c *Chart) string {
	var b strings.Builder
	b.WriteString(c.Title)
	if c.Caption != "" {
		b.WriteString(". " + c.Caption)
	}
	for k, cat := range c.Categories {
		b.WriteString(" " + cat + ":")
		for _, s := range c.Series {
			if len(c.Series) > 1 {
				b.WriteString(" " + s.Name)
			}
			b.WriteString(" " + c.formatValue(s.Values[k]))
		}
		b.WriteString(".")
	}
	b.WriteString(" Source: " + c.Source)
	return b.String()
}
