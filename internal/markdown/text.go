package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"signpost/internal/highlight"
)

// Abbr marks the first use of a glossary term on a page with its expansion.
type Abbr struct {
	ast.BaseInline
	Term  string
	Title string
}

// KindAbbr is the node kind of Abbr.
var KindAbbr = ast.NewNodeKind("Abbr")

// Kind implements ast.Node.
func (n *Abbr) Kind() ast.NodeKind { return KindAbbr }

// Dump implements ast.Node.
func (n *Abbr) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Term": n.Term}, nil)
}

// phoneRE finds UK phone numbers as the documents write them: "01782 683129",
// "0800 3287822", "07767179546", "01782-234234".
var phoneRE = regexp.MustCompile(`(?:^|[^\d])(0\d{2,4}(?:[ -]?\d{3,8}){1,2})`)

// PhoneDigits returns the digits of a phone number.
func PhoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// findPhone runs phoneRE only when val has a "0" followed by a digit, which most text
// does not: the regular expression is the markdown stage's hottest path otherwise.
func findPhone(val []byte) []int {
	for i := 0; i+1 < len(val); i++ {
		if val[i] == '0' && val[i+1] >= '0' && val[i+1] <= '9' {
			return phoneRE.FindSubmatchIndex(val)
		}
	}
	return nil
}

// emergencyRE finds 999 standing alone ("call 999.").
var emergencyRE = regexp.MustCompile(`(?:^|[^\d,.])(999)(?:$|[^\d,])`)

// findEmergency runs emergencyRE only when val holds "999".
func findEmergency(val []byte) []int {
	if !bytes.Contains(val, []byte("999")) {
		return nil
	}
	return emergencyRE.FindSubmatchIndex(val)
}

// words yields the start and end of each run of ASCII letters and digits in val (the
// matches of [A-Za-z0-9]+), in order.
func words(val []byte) func(yield func([2]int) bool) {
	return func(yield func([2]int) bool) {
		for i := 0; i < len(val); {
			if !wordByte(val[i]) {
				i++
				continue
			}
			j := i + 1
			for j < len(val) && wordByte(val[j]) {
				j++
			}
			if !yield([2]int{i, j}) {
				return
			}
			i = j
		}
	}
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

type textTransformer struct{}

// Transform links phone numbers (tel:) and marks glossary terms, splitting Text nodes.
func (textTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	env := envFrom(pc)
	src := reader.Source()
	used := map[string]bool{}
	mergeTexts(doc)
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindAutoLink, ast.KindCodeSpan, ast.KindImage, ast.KindCodeBlock, ast.KindFencedCodeBlock:
			return ast.WalkSkipChildren, nil
		}
		if t, ok := n.(*ast.Text); ok {
			texts = append(texts, t)
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		inHeading := false
		for p := t.Parent(); p != nil; p = p.Parent() {
			if p.Kind() == ast.KindHeading {
				inHeading = true
			}
		}
		splitText(t, src, env, used, inHeading)
	}
}

// mergeTexts joins adjacent Text nodes of one line: goldmark splits text at characters
// that might start an inline (such as spaces for autolinks), which would cut phone
// numbers and terms in two.
func mergeTexts(doc ast.Node) {
	var parents []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.HasChildren() {
			parents = append(parents, n)
		}
		return ast.WalkContinue, nil
	})
	for _, p := range parents {
		for c := p.FirstChild(); c != nil; {
			t, ok := c.(*ast.Text)
			next := c.NextSibling()
			if !ok || next == nil {
				c = next
				continue
			}
			n, ok := next.(*ast.Text)
			if ok && !t.SoftLineBreak() && !t.HardLineBreak() && !t.IsRaw() && !n.IsRaw() && t.Segment.Stop == n.Segment.Start {
				t.Segment = text.NewSegment(t.Segment.Start, n.Segment.Stop)
				t.SetSoftLineBreak(n.SoftLineBreak())
				t.SetHardLineBreak(n.HardLineBreak())
				p.RemoveChild(p, n)
				continue
			}
			c = next
		}
	}
}

func splitText(t *ast.Text, src []byte, env *Env, used map[string]bool, inHeading bool) {
	for {
		seg := t.Segment
		val := src[seg.Start:seg.Stop]
		start, stop := -1, -1
		var repl ast.Node
		if m := findEmergency(val); m != nil {
			// 999, the emergency number, is national: linked, never checked against an
			// area's contacts.
			start, stop = m[2], m[3]
			l := ast.NewLink()
			l.Destination = []byte("tel:999")
			l.AppendChild(l, ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+stop)))
			repl = l
		} else if m := findPhone(val); m != nil {
			digits := PhoneDigits(string(val[m[2]:m[3]]))
			if len(digits) == 10 || len(digits) == 11 {
				start, stop = m[2], m[3]
				num := string(val[start:stop])
				env.res.Phones = append(env.res.Phones, Found{Value: num, Line: env.BodyLine + lineOf(src, seg.Start+start) - 1})
				l := ast.NewLink()
				l.Destination = []byte("tel:+44" + digits[1:])
				l.AppendChild(l, ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+stop)))
				repl = l
			}
		}
		if len(env.Glossary) > 0 && !inHeading {
			for m := range words(val) {
				if start >= 0 && m[0] >= start {
					break
				}
				exp, ok := env.Glossary[string(val[m[0]:m[1]])] // no allocation for the lookup
				if !ok {
					continue
				}
				w := string(val[m[0]:m[1]])
				env.res.Abbrs = append(env.res.Abbrs, w)
				if used[w] {
					continue
				}
				used[w] = true
				start, stop = m[0], m[1]
				a := &Abbr{Term: w, Title: exp}
				a.AppendChild(a, ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+stop)))
				repl = a
				break
			}
		}
		if repl == nil {
			return
		}
		parent := t.Parent()
		if start > 0 {
			before := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+start))
			parent.InsertBefore(parent, t, before)
		}
		parent.InsertBefore(parent, t, repl)
		if seg.Start+stop >= seg.Stop {
			// Nothing after: keep t only for its line break.
			t.Segment = text.NewSegment(seg.Stop, seg.Stop)
			if !t.SoftLineBreak() && !t.HardLineBreak() {
				parent.RemoveChild(parent, t)
			}
			return
		}
		t.Segment = text.NewSegment(seg.Start+stop, seg.Stop)
	}
}

type textRenderer struct{}

func (textRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAbbr, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		a := n.(*Abbr)
		if entering {
			_, _ = w.WriteString(`<abbr title="`)
			_, _ = w.Write(util.EscapeHTML([]byte(a.Title)))
			_, _ = w.WriteString(`">`)
		} else {
			_, _ = w.WriteString("</abbr>")
		}
		return ast.WalkContinue, nil
	})
}

type textExt struct{}

func (textExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(textTransformer{}, 250)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(textRenderer{}, 100)))
}

type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		fc := n.(*ast.FencedCodeBlock)
		var b strings.Builder
		for i := 0; i < fc.Lines().Len(); i++ {
			s := fc.Lines().At(i)
			b.Write(s.Value(src))
		}
		_, _ = w.WriteString(highlight.Code(string(fc.Language(src)), b.String()))
		return ast.WalkSkipChildren, nil
	})
}

type codeExt struct{}

func (codeExt) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(codeRenderer{}, 100)))
}
