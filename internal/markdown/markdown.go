// Package markdown converts a page's Markdown body to HTML with goldmark and our extensions,
// and extracts what later stages need: headings (for "On this page" and anchors), section
// text (for search), internal links (for the link check), glossary terms used, phone numbers
// and e-mail addresses (for the contacts check), the widgets placed and each paragraph's
// citation of the guidance it restates (cite.go).
//
// Options and why they are on:
//   - GFM tables, strikethrough and autolinks: the source documents are tables and URLs.
//   - Footnotes: the annual report uses them.
//   - Typographer is off: the guidance's text must stay exactly as published.
//   - Raw HTML is never rendered; each use is an error pointing at its line, because HTML in
//     content can break accessibility and the Content-Security-Policy.
//   - Heading ids are our Slug, stable and ASCII; {#id} overrides.
package markdown

import (
	"bufio"
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"signpost/internal/diag"
	"signpost/internal/site"
)

// BlockCall is one "::: name args" line to render. Line is the line in File; Col and
// ArgCols are the columns of Name and of each of Args, as written (any blanks may separate
// them), so a diagnostic about an argument points at it.
type BlockCall struct {
	File    string
	Line    int
	Col     int
	Name    string
	Args    []string
	ArgCols []int
	Opts    map[string]string
}

// NameCol returns the column of the block's name, or 1 when the call has no position.
func (c BlockCall) NameCol() int {
	if c.Col > 0 {
		return c.Col
	}
	return 1
}

// ArgCol returns the column of Args[i], or 1 when the call has no position for it.
func (c BlockCall) ArgCol(i int) int {
	if i >= 0 && i < len(c.ArgCols) && c.ArgCols[i] > 0 {
		return c.ArgCols[i]
	}
	return 1
}

// Env is what one page's conversion needs from the rest of the build.
type Env struct {
	File     string // for diagnostics
	Title    string // the page title: the caption of a table with no heading above it
	BodyLine int    // line of File where the body starts
	// Glossary maps a term as written (e.g. "MASH") to its expansion. The first use on a
	// page is marked <abbr title="expansion">.
	Glossary map[string]string
	// Block renders a directive: HTML, its text equivalent, and problems.
	Block func(BlockCall) (html, plain string, ds diag.List)

	res *Result
	tb  *textBuf // the page's text as extract collects it (text)
}

// text returns the page's text buffer, emptied.
func (e *Env) text() *textBuf {
	if e.tb == nil {
		e.tb = new(textBuf)
	}
	e.tb.Reset()
	return e.tb
}

// textBufs are the text buffers of conversions, reused across pages.
var textBufs = sync.Pool{New: func() any { return new(textBuf) }}

func (e *Env) errorf(line, col int, format string, args ...any) {
	e.res.Diags.Add(diag.Errorf(e.File, e.BodyLine+line-1, col, format, args...))
}

// Found is a phone number or e-mail address found in the text.
type Found struct {
	Value string
	Line  int
}

// Result is a converted page.
type Result struct {
	HTML     string
	Headings []site.Heading
	Sections []site.Section
	Links    []site.Link
	Abbrs    []string
	Phones   []Found
	Emails   []Found
	Widgets  []string // directive names in order; widgets as "widget:NAME"
	// Statements are the paragraphs and list items with their citations (cite.go).
	Statements []site.Statement
	Diags      diag.List
}

var envKey = parser.NewContextKey()

func envFrom(pc parser.Context) *Env { return pc.Get(envKey).(*Env) }

// Converter holds the configured goldmark instance; it is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
}

var (
	defaultOnce sync.Once
	defaultConv *Converter
)

// Default returns the shared converter.
func Default() *Converter {
	defaultOnce.Do(func() { defaultConv = New() })
	return defaultConv
}

// New builds the goldmark pipeline once.
func New() *Converter { return newConverter(linkifyExt{}) }

// newConverter is New with linkify as the extension that links bare URLs and addresses.
func newConverter(linkify goldmark.Extender) *Converter {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Table, extension.Strikethrough, linkify, extension.Footnote,
			alertExt{}, directiveExt{}, textExt{}, headingExt{}, codeExt{}, captionExt{}, citeExt{},
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()),
		goldmark.WithRendererOptions(html.WithXHTML()),
	)
	md.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(checkTransformer{}, 300)))
	return &Converter{md: md}
}

// Convert renders src (a page body) in env. A body over a limit (limits.go) or with
// invalid UTF-8 is not converted: the result holds only the error.
func (c *Converter) Convert(src []byte, env Env) *Result {
	res := &Result{}
	env.res = res
	if line, col, msg, hint := limitError(src); msg != "" {
		env.errorf(line, col, "%s", msg)
		res.Diags[0].Hint = hint
		return res
	}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(envKey, &env)
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	out := outs.Get().(*output)
	out.buf.Reset()
	out.w.Reset(&out.buf)
	if err := c.md.Renderer().Render(out.w, src, doc); err != nil {
		env.errorf(1, 1, "cannot render: %v", err)
	}
	res.HTML = out.buf.String()
	outs.Put(out)
	env.tb = textBufs.Get().(*textBuf)
	extract(doc, src, &env)
	textBufs.Put(env.tb)
	env.tb = nil
	return res
}

// output is where a page's HTML is rendered: the renderer writes through w, a buffered
// writer it would otherwise make for each page, into buf. Both are reused across pages
// (outs), so a page's HTML is one allocation of its size.
type output struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var outs = sync.Pool{New: func() any {
	o := new(output)
	o.w = bufio.NewWriter(&o.buf)
	return o
}}

// lineOf returns the 1-based line of offset in src.
func lineOf(src []byte, offset int) int {
	if offset > len(src) {
		offset = len(src)
	}
	return bytes.Count(src[:offset], []byte("\n")) + 1
}

func colOf(src []byte, offset int) int {
	if offset > len(src) {
		offset = len(src)
	}
	i := bytes.LastIndexByte(src[:offset], '\n')
	return offset - i
}

// nodeOffset finds a source offset for n: its first line, or its first text descendant.
func nodeOffset(n ast.Node) int {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			off = t.Segment.Start
			return ast.WalkStop, nil
		case *ast.RawHTML:
			if t.Segments.Len() > 0 {
				off = t.Segments.At(0).Start
				return ast.WalkStop, nil
			}
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			off = c.Lines().At(0).Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				return p.Lines().At(0).Start
			}
		}
		return 0
	}
	return off
}

// checkTransformer reports raw HTML, heading structure problems and links with a scheme
// other than http, https, mailto and tel.
type checkTransformer struct{}

func (checkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	env := envFrom(pc)
	src := reader.Source()
	prev := 1
	lastRawLine := -1
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			off := nodeOffset(n)
			if lineOf(src, off) == lastRawLine {
				return ast.WalkContinue, nil
			}
			lastRawLine = lineOf(src, off)
			env.errorf(lineOf(src, off), colOf(src, off), "raw HTML is not allowed in content")
			env.res.Diags[len(env.res.Diags)-1].Hint = "write it in Markdown; for generated content use a ::: block (docs/architecture.md)"
		case *ast.Link:
			checkURL(env, src, n, string(t.Destination))
		case *ast.Image:
			checkURL(env, src, n, string(t.Destination))
		case *ast.AutoLink:
			if t.AutoLinkType == ast.AutoLinkURL {
				checkURL(env, src, n, string(t.URL(src)))
			}
		case *ast.Heading:
			off := nodeOffset(n)
			if t.Level == 1 {
				env.errorf(lineOf(src, off), 1, "a level-1 heading in the body")
				env.res.Diags[len(env.res.Diags)-1].Hint = "the page title is the only h1; start sections with ##"
			} else if t.Level > prev+1 {
				env.errorf(lineOf(src, off), 1, "heading level skips from h%d to h%d", prev, t.Level)
				env.res.Diags[len(env.res.Diags)-1].Hint = "use one more # than the heading above it"
			}
			prev = t.Level
		}
		return ast.WalkContinue, nil
	})
}

type headingRenderer struct{}

// Headings render with their text as a link to themselves, so a section can be linked to
// without a separate, unnamed "#" link (which screen readers announce badly).
func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		h := n.(*ast.Heading)
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		if entering {
			_, _ = w.WriteString("<h")
			_ = w.WriteByte("0123456"[h.Level])
			if len(idb) > 0 {
				_, _ = w.WriteString(` id="`)
				_, _ = w.Write(util.EscapeHTML(idb))
				_, _ = w.WriteString(`"><a class="heading-link" href="#`)
				_, _ = w.Write(util.EscapeHTML(idb))
				_, _ = w.WriteString(`">`)
			} else {
				_ = w.WriteByte('>')
			}
		} else {
			if len(idb) > 0 {
				_, _ = w.WriteString("</a>")
			}
			_, _ = w.WriteString("</h")
			_ = w.WriteByte("0123456"[h.Level])
			_, _ = w.WriteString(">\n")
		}
		return ast.WalkContinue, nil
	})
}

type headingExt struct{}

func (headingExt) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(headingRenderer{}, 100)))
}
