package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"signpost/internal/site"
)

// Cite is a citation marker at the end of a paragraph or list item (issue 13): the
// statement restates the section of reproduced guidance it names. Editors write
//
//	Parents must be told about a referral. {source: /professionals/threshold/mash/#consent}
//
// with one or more site paths (comma-separated), or {source: site} for a statement about
// Signpost itself rather than the guidance. It renders as a small "Source" link per path;
// the link check resolves each one and internal/citation checks area and fidelity.
type Cite struct {
	ast.BaseInline
	Dests  []string
	Site   bool
	Offset int // source offset of the "{"
}

// KindCite is the node kind of Cite.
var KindCite = ast.NewNodeKind("Cite")

// Kind implements ast.Node.
func (n *Cite) Kind() ast.NodeKind { return KindCite }

// Dump implements ast.Node.
func (n *Cite) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Dests": strings.Join(n.Dests, ",")}, nil)
}

var citeRE = regexp.MustCompile(`^\{source:[ \t]*([^}\n]*)\}`)

type citeParser struct{}

func (citeParser) Trigger() []byte { return []byte{'{'} }

func (citeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	m := citeRE.FindSubmatchIndex(line)
	if m == nil {
		return nil
	}
	env := envFrom(pc)
	src := block.Source()
	n := &Cite{Offset: seg.Start}
	body := strings.TrimSpace(string(line[m[2]:m[3]]))
	for _, d := range strings.FieldsFunc(body, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		switch {
		case d == "site":
			n.Site = true
		case strings.HasPrefix(d, "/") && !strings.HasPrefix(d, "//"):
			n.Dests = append(n.Dests, d)
		default:
			env.errorf(lineOf(src, seg.Start), colOf(src, seg.Start), "a citation names %q, which is not a site path", d)
			env.res.Diags[len(env.res.Diags)-1].Hint = "write {source: /professionals/threshold/mash/#what-is-mash}, or {source: site} for a statement about this site"
		}
	}
	if n.Site && len(n.Dests) > 0 {
		env.errorf(lineOf(src, seg.Start), colOf(src, seg.Start), "a citation is both {source: site} and a path")
		env.res.Diags[len(env.res.Diags)-1].Hint = "a statement about this site cites no guidance; split it in two"
	}
	if !n.Site && len(n.Dests) == 0 && body == "" {
		env.errorf(lineOf(src, seg.Start), colOf(src, seg.Start), "an empty citation")
		env.res.Diags[len(env.res.Diags)-1].Hint = "name the section the statement restates, e.g. {source: /professionals/threshold/mash/#what-is-mash}"
	}
	block.Advance(m[1])
	return n
}

// citeTransformer reports a marker that is not at the end of a paragraph or list item:
// a citation covers the whole statement, so it must close it.
type citeTransformer struct{}

func (citeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	env := envFrom(pc)
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		c, ok := n.(*Cite)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		p := c.Parent()
		if k := p.Kind(); k != ast.KindParagraph && k != ast.KindTextBlock {
			env.errorf(lineOf(src, c.Offset), colOf(src, c.Offset), "a citation can only close a paragraph or list item")
			env.res.Diags[len(env.res.Diags)-1].Hint = "put {source: …} at the end of the statement's text"
			return ast.WalkContinue, nil
		}
		for s := c.NextSibling(); s != nil; s = s.NextSibling() {
			if t, ok := s.(*ast.Text); ok && len(strings.TrimSpace(string(t.Segment.Value(src)))) == 0 {
				continue
			}
			if _, ok := s.(*Cite); ok {
				continue
			}
			env.errorf(lineOf(src, c.Offset), colOf(src, c.Offset), "a citation in the middle of a paragraph")
			env.res.Diags[len(env.res.Diags)-1].Hint = "a citation covers the whole paragraph or list item: move it to the end, or split the paragraph"
			break
		}
		return ast.WalkContinue, nil
	})
}

type citeRenderer struct{}

func (citeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCite, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		for i, d := range n.(*Cite).Dests {
			if i > 0 {
				_ = w.WriteByte(' ')
			}
			_, _ = w.WriteString(`<a class="source-link" href="`)
			_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(d), false)))
			_, _ = w.WriteString(`">Source</a>`)
		}
		return ast.WalkSkipChildren, nil
	})
}

type citeExt struct{}

func (citeExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(citeParser{}, 150)),
		parser.WithASTTransformers(util.Prioritized(citeTransformer{}, 320)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(citeRenderer{}, 100)))
}

// statements lists the body's paragraphs and list items with their citations. A list item
// without a citation of its own takes the one of the lead-in paragraph above its list
// ("The Lead Professional: {source: …}").
func statements(doc ast.Node, src []byte, env *Env) []site.Statement {
	var out []site.Statement
	var path []site.Heading
	var texts []string // path's texts, made once per heading
	secs := sectionTexts{secs: env.res.Sections}
	byNode := map[ast.Node]int{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Heading:
			for len(path) > 0 && path[len(path)-1].Level >= t.Level {
				path = path[:len(path)-1]
			}
			path = append(path, site.Heading{Level: t.Level, Text: strings.TrimSpace(plain(t, src))})
			texts = nil
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
		default:
			return ast.WalkContinue, nil
		}
		off := nodeOffset(n)
		st := site.Statement{Line: env.BodyLine + lineOf(src, off) - 1, Col: colOf(src, off)}
		tb := env.text()
		tb.plain(n, src)
		st.Text = secs.sharedBytes(tb.b)
		if texts == nil && len(path) > 0 {
			texts = make([]string, len(path))
			for i, h := range path {
				texts[i] = h.Text
			}
		}
		st.Path = texts[:len(texts):len(texts)] // shared by the statements under one heading
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if ct, ok := c.(*Cite); ok {
				if st.CiteLine == 0 {
					st.CiteLine, st.CiteCol = env.BodyLine+lineOf(src, ct.Offset)-1, colOf(src, ct.Offset)
				}
				st.Cites = append(st.Cites, ct.Dests...)
				st.Site = st.Site || ct.Site
			}
		}
		st.Claim, st.OwnWords = ownText(env.text(), n, src)
		if st.Claim == st.Text {
			st.Claim = st.Text // one copy of the text, not two
		} else {
			st.Claim = secs.shared(st.Claim)
		}
		_, nextIsList := n.NextSibling().(*ast.List)
		st.LeadIn = nextIsList && strings.HasSuffix(st.Text, ":")
		if len(st.Cites) == 0 && !st.Site {
			if list, ok := n.Parent().Parent().(*ast.List); ok && n.Parent().Kind() == ast.KindListItem {
				if i, ok := byNode[list.PreviousSibling()]; ok && out[i].LeadIn {
					st.Cites, st.Site, st.Inherited = out[i].Cites, out[i].Site, true
				}
			}
		}
		byNode[n] = len(out)
		out = append(out, st)
		return ast.WalkSkipChildren, nil
	})
	return out
}

// ownText returns the text of n outside link text and counts its words: a line that is
// only links is navigation, not a statement, and a link's text names a page, not a fact.
// tb is an empty buffer to collect the text in.
func ownText(tb *textBuf, n ast.Node, src []byte) (string, int) {
	words := 0
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Link, *ast.AutoLink:
				if l, ok := t.(*ast.Link); ok && bytes.HasPrefix(l.Destination, []byte("tel:")) {
					tb.plain(l, src) // a phone number written in the text
					words++
				}
				continue
			case *ast.Text:
				v := t.Segment.Value(src)
				tb.Write(v)
				if t.SoftLineBreak() || t.HardLineBreak() {
					tb.Space()
				}
				words += countWords(v)
				continue
			case *ast.String:
				tb.Write(t.Value)
				words += countWords(t.Value)
				continue
			}
			walk(c)
		}
	}
	walk(n)
	return tb.String(), words
}

// countWords counts the runs of v between white space (as strings.Fields splits) that
// hold a letter or digit.
func countWords(v []byte) int {
	n := 0
	in, word := false, false
	for i := 0; i < len(v); {
		r, size := rune(v[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(v[i:])
		}
		i += size
		if r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			if word {
				n++
			}
			in, word = false, false
			continue
		}
		in = true
		word = word || unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	if in && word {
		n++
	}
	return n
}

// sectionTexts finds a statement's text in the text of the page's sections (extract), which
// holds most of it already: the statement then shares that memory instead of keeping a
// copy (a site's statements were one of the largest things a build held).
type sectionTexts struct {
	secs []site.Section
	k    int // the section the last text was found in: statements come in their order
}

// shared returns s, or an equal substring of a section's text near the last one found.
func (t *sectionTexts) shared(s string) string {
	if s == "" {
		return s
	}
	if u, ok := t.find(s); ok {
		return u
	}
	return s
}

// sharedBytes is shared for text in b, which is copied only when no section holds it.
func (t *sectionTexts) sharedBytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	// The search only reads b: looking at it as a string saves a copy that would be
	// garbage as soon as a section is found to hold the text, as it nearly always is.
	if u, ok := t.find(unsafe.String(&b[0], len(b))); ok {
		return u
	}
	return string(b)
}

func (t *sectionTexts) find(s string) (string, bool) {
	for k := t.k; k < len(t.secs) && k < t.k+3; k++ {
		if i := strings.Index(t.secs[k].Text, s); i >= 0 {
			t.k = k
			return t.secs[k].Text[i : i+len(s)], true
		}
	}
	return "", false
}
