package diagram

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"unicode"
)

// Layout, in SVG user units. The viewBox is W wide, so at 320 CSS pixels the drawing is
// scaled by 0.8 and 15-unit text is still 12px.
const (
	W          = 400 // viewBox width
	margin     = 8   // outer margin
	boxPadX    = 12  // text inset inside a box
	boxPadY    = 10
	stepSize   = 15 // font size of step text (diagram.css must match)
	stepLine   = 20 // line height of step text
	linkSize   = 14 // font size of arrow labels (diagram.css must match)
	linkLine   = 18
	arrowInset = 40 // x of an arrow from the box edge
	labelGap   = 12 // between an arrow and its label
	minGap     = 36 // minimum vertical space between boxes
	gapPad     = 8
	headLen    = 9 // arrowhead length
	headHalf   = 5 // arrowhead half width

	boldFactor = 1.08 // bold text is about this much wider
)

// Render draws d as a <figure class="diagram">: an inline SVG with role="img", a title and
// a description, then the text equivalent as an ordered list, then the figcaption. Every
// id starts with "diagram-" and the diagram's id, so several diagrams can share a page.
// The SVG has no style attributes: diagram.css styles its classes.
func Render(d *Diagram) template.HTML {
	p := "diagram-" + d.ID
	esc := html.EscapeString

	lay := layout(d)
	var b strings.Builder
	fmt.Fprintf(&b, "<figure class=\"diagram diagram-%s\" id=\"%s\">\n", kindOf(d), p)
	fmt.Fprintf(&b, "<svg class=\"diagram-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"%s-title\" aria-describedby=\"%s-desc\">\n",
		W, lay.height, W, lay.height, p, p)
	fmt.Fprintf(&b, "<title id=\"%s-title\">%s</title>\n", p, esc(d.Title))
	fmt.Fprintf(&b, "<desc id=\"%s-desc\">%s</desc>\n", p, esc(description(d)))

	for i := range d.Steps {
		bx := lay.boxes[i]
		fmt.Fprintf(&b, "<g class=\"diagram-step\">\n<rect class=\"diagram-box\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>\n",
			margin, bx.y, W-2*margin, bx.h)
		y := bx.y + boxPadY + baseline(stepLine, stepSize)
		fmt.Fprintf(&b, "<text class=\"diagram-step-label\" x=\"%d\" y=\"%d\">", margin+boxPadX, y)
		tspans(&b, bx.label, margin+boxPadX, stepLine)
		b.WriteString("</text>\n")
		if len(bx.lines) > 0 {
			fmt.Fprintf(&b, "<text class=\"diagram-step-text\" x=\"%d\" y=\"%d\">", margin+boxPadX, y+stepLine*len(bx.label))
			tspans(&b, bx.lines, margin+boxPadX, stepLine)
			b.WriteString("</text>\n")
		}
		b.WriteString("</g>\n")
	}
	for _, a := range lay.arrows {
		b.WriteString("<g class=\"diagram-link\">\n")
		fmt.Fprintf(&b, "<line class=\"diagram-arrow\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", a.x, a.y1, a.x, a.y2+a.dir*-headLen)
		fmt.Fprintf(&b, "<polygon class=\"diagram-arrowhead\" points=\"%d,%d %d,%d %d,%d\"/>\n",
			a.x-headHalf, a.y2-a.dir*headLen, a.x+headHalf, a.y2-a.dir*headLen, a.x, a.y2)
		if len(a.lines) > 0 {
			anchor := ""
			if a.anchorEnd {
				anchor = " diagram-link-label-end"
			}
			fmt.Fprintf(&b, "<text class=\"diagram-link-label%s\" x=\"%d\" y=\"%d\">", anchor, a.labelX, a.labelY)
			tspans(&b, a.lines, a.labelX, linkLine)
			b.WriteString("</text>\n")
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")

	// The text equivalent: every step in order, with where its links go.
	fmt.Fprintf(&b, "<ol class=\"diagram-steps\" id=\"%s-steps\">\n", p)
	for i, s := range d.Steps {
		fmt.Fprintf(&b, "<li><strong>%s</strong>", esc(s.Label))
		if s.Text != "" {
			fmt.Fprintf(&b, " – %s", esc(s.Text))
		}
		var moves []string
		for _, l := range outgoing(d, i) {
			switch {
			case l.Label == "":
				// the next step in the list
			case endsSentence(l.Label):
				fmt.Fprintf(&b, " %s", esc(l.Label))
			default:
				moves = append(moves, fmt.Sprintf("<li>%s: %s</li>", esc(l.Label), esc(l.To)))
			}
		}
		if len(moves) > 0 {
			fmt.Fprintf(&b, "\n<ul class=\"diagram-moves\">\n%s\n</ul>\n", strings.Join(moves, "\n"))
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol>\n")
	fmt.Fprintf(&b, "<figcaption id=\"%s-caption\">%s</figcaption>\n</figure>", p, esc(d.Title))
	return template.HTML(b.String())
}

func kindOf(d *Diagram) string {
	if d.Kind == "" {
		return KindFlow
	}
	return d.Kind
}

func description(d *Diagram) string {
	if d.Desc != "" {
		return d.Desc
	}
	labels := make([]string, len(d.Steps))
	for i, s := range d.Steps {
		labels[i] = s.Label
	}
	return fmt.Sprintf("Flow diagram with %d steps: %s. The steps are listed in full after the diagram.",
		len(d.Steps), strings.Join(labels, ", "))
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, "”’\")")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!")
}

// links returns d's links, or, when it declares none, one from each step to the next.
func links(d *Diagram) []Link {
	if len(d.Links) > 0 {
		return d.Links
	}
	var out []Link
	for i := 0; i+1 < len(d.Steps); i++ {
		out = append(out, Link{From: d.Steps[i].Label, To: d.Steps[i+1].Label})
	}
	return out
}

func outgoing(d *Diagram, i int) []Link {
	var out []Link
	for _, l := range links(d) {
		if l.From == d.Steps[i].Label {
			out = append(out, l)
		}
	}
	return out
}

func stepIndex(d *Diagram, label string) int {
	for i, s := range d.Steps {
		if s.Label == label {
			return i
		}
	}
	return -1
}

type box struct {
	y, h  int
	label []string // bold first lines
	lines []string
}

type arrow struct {
	x, y1, y2      int // from y1 to y2; the head is at y2
	dir            int // +1 down, -1 up
	lines          []string
	labelX, labelY int
	anchorEnd      bool
}

type layoutResult struct {
	boxes  []box
	arrows []arrow
	height int
}

func layout(d *Diagram) layoutResult {
	var r layoutResult
	inner := float64(W - 2*margin - 2*boxPadX)
	for _, s := range d.Steps {
		label := wrap(s.Label, inner/boldFactor, stepSize)
		lines := wrap(s.Text, inner, stepSize)
		r.boxes = append(r.boxes, box{h: 2*boxPadY + stepLine*(len(label)+len(lines)), label: label, lines: lines})
	}
	// Arrows in each gap: down (to the next step) on the left, up on the right.
	type gap struct{ down, up *Link }
	gaps := make([]gap, max(len(d.Steps)-1, 0))
	ls := links(d)
	for k := range ls {
		l := &ls[k]
		from, to := stepIndex(d, l.From), stepIndex(d, l.To)
		switch {
		case from < 0 || to < 0:
		case to == from+1:
			gaps[from].down = l
		case from == to+1:
			gaps[to].up = l
		}
	}
	y := margin
	for i := range r.boxes {
		r.boxes[i].y = y
		y += r.boxes[i].h
		if i == len(gaps) {
			break
		}
		g := gaps[i]
		downX, upX := W/2, W/2
		downW, upW := float64(W-margin-(W/2+labelGap)), 0.0
		switch {
		case g.down != nil && g.up != nil:
			downX, upX = margin+arrowInset, W-margin-arrowInset
			downW = float64(W/2 - labelGap/2 - (downX + labelGap))
			upW = float64((upX - labelGap) - (W/2 + labelGap/2))
		case g.up != nil:
			upX = W - margin - arrowInset
			upW = float64(upX - labelGap - margin)
		case g.down != nil:
			downX = margin + arrowInset
			downW = float64(W - margin - (downX + labelGap))
		}
		var downLines, upLines []string
		if g.down != nil {
			downLines = wrap(g.down.Label, downW, linkSize)
		}
		if g.up != nil {
			upLines = wrap(g.up.Label, upW, linkSize)
		}
		h := max(minGap, 2*gapPad+linkLine*max(len(downLines), len(upLines)))
		top, bottom := y, y+h
		labelY := func(n int) int { return top + (h-n*linkLine)/2 + baseline(linkLine, linkSize) }
		if g.down != nil {
			r.arrows = append(r.arrows, arrow{x: downX, y1: top, y2: bottom, dir: 1, lines: downLines,
				labelX: downX + labelGap, labelY: labelY(len(downLines))})
		}
		if g.up != nil {
			r.arrows = append(r.arrows, arrow{x: upX, y1: bottom, y2: top, dir: -1, lines: upLines,
				labelX: upX - labelGap, labelY: labelY(len(upLines)), anchorEnd: true})
		}
		y = bottom
	}
	r.height = y + margin
	return r
}

// baseline is the offset of the first baseline from the top of a line box.
func baseline(lineHeight, size int) int { return (lineHeight-size)/2 + size*4/5 }

func tspans(b *strings.Builder, lines []string, x, lineHeight int) {
	for i, l := range lines {
		dy := 0
		if i > 0 {
			dy = lineHeight
		}
		fmt.Fprintf(b, "<tspan x=\"%d\" dy=\"%d\">%s</tspan>", x, dy, html.EscapeString(l))
	}
}

// wrap breaks s into lines no wider than width at the given font size, by words, using
// estimated glyph widths of a sans-serif font (a little wide, so text rarely overflows).
// A word wider than a line is split.
func wrap(s string, width float64, size int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		for textWidth(w, size) > width {
			// split an over-long word at the last rune that fits
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			rs := []rune(w)
			n := 1
			for n < len(rs) && textWidth(string(rs[:n+1]), size) <= width {
				n++
			}
			lines = append(lines, string(rs[:n]))
			w = string(rs[n:])
		}
		if w == "" {
			continue
		}
		if cur == "" {
			cur = w
		} else if textWidth(cur+" "+w, size) <= width {
			cur += " " + w
		} else {
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func textWidth(s string, size int) float64 {
	em := 0.0
	for _, r := range s {
		switch {
		case r == ' ':
			em += 0.3
		case strings.ContainsRune("iljtfrI.,;:'’|!()[]/-", r):
			em += 0.36
		case strings.ContainsRune("mwMW—", r):
			em += 0.92
		case r == '–' || r == '&':
			em += 0.7
		case unicode.IsUpper(r):
			em += 0.7
		case unicode.IsDigit(r):
			em += 0.58
		default:
			em += 0.57
		}
	}
	return em * 1.05 * float64(size) // 5% spare: fonts vary
}

// Text is the diagram's plain-text equivalent (title, then each step with its links), for
// the search index and section text: the same words the ordered list shows.
func Text(d *Diagram) string {
	var b strings.Builder
	b.WriteString(d.Title)
	for i, s := range d.Steps {
		b.WriteString("\n")
		b.WriteString(s.Label)
		if s.Text != "" {
			b.WriteString(" – " + s.Text)
		}
		for _, l := range outgoing(d, i) {
			switch {
			case l.Label == "":
			case endsSentence(l.Label):
				b.WriteString(" " + l.Label)
			default:
				b.WriteString("\n" + l.Label + ": " + l.To)
			}
		}
	}
	return b.String()
}
