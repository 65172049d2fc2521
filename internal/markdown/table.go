package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// TableCaption gives every Markdown table a <caption>, its accessible name (WCAG 1.3.1):
// a paragraph "Table: …" right after the table sets it; otherwise the caption is the
// heading the table sits under, or the page title.
type TableCaption struct {
	ast.BaseBlock
	Caption string
	ID      string // the caption's id, which names the table's scroll box
}

// TableScroll is the box a Markdown table scrolls in when it is wider than the screen, so
// the page itself reflows at 320 px (WCAG 1.4.10, issue #19). It is a region named by the
// table's caption and can be focused, so keyboard users can scroll it; the caption is kept
// in view by CSS (.table-scroll in _base.css) while the table scrolls.
type TableScroll struct {
	ast.BaseBlock
	CaptionID string
}

// KindTableScroll is the node kind of TableScroll.
var KindTableScroll = ast.NewNodeKind("TableScroll")

// Kind implements ast.Node.
func (n *TableScroll) Kind() ast.NodeKind { return KindTableScroll }

// Dump implements ast.Node.
func (n *TableScroll) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"CaptionID": n.CaptionID}, nil)
}

// KindTableCaption is the node kind of TableCaption.
var KindTableCaption = ast.NewNodeKind("TableCaption")

// Kind implements ast.Node.
func (n *TableCaption) Kind() ast.NodeKind { return KindTableCaption }

// Dump implements ast.Node.
func (n *TableCaption) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Caption": n.Caption}, nil)
}

type captionTransformer struct{}

func (captionTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	env := envFrom(pc)
	src := reader.Source()
	var tables []*east.Table
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*east.Table); ok && entering {
			tables = append(tables, t)
		}
		return ast.WalkContinue, nil
	})
	for i, t := range tables {
		caption := ""
		if p, ok := t.NextSibling().(*ast.Paragraph); ok && p.Lines().Len() > 0 {
			first := p.Lines().At(0)
			if line := string(first.Value(src)); strings.HasPrefix(line, "Table: ") {
				caption = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(plain(p, src)), "Table: "))
				p.Parent().RemoveChild(p.Parent(), p)
			}
		}
		if caption == "" {
			for n := ast.Node(t); n != nil && caption == ""; n = prevInDocument(n) {
				if h, ok := n.(*ast.Heading); ok {
					caption = strings.TrimSpace(plain(h, src))
				}
			}
		}
		if caption == "" {
			caption = env.Title
		}
		box := &TableScroll{}
		t.Parent().ReplaceChild(t.Parent(), t, box)
		box.AppendChild(box, t)
		if caption == "" {
			continue
		}
		box.CaptionID = "table-caption-" + strconv.Itoa(i+1)
		t.InsertBefore(t, t.FirstChild(), &TableCaption{Caption: caption, ID: box.CaptionID})
	}
}

// prevInDocument returns the block before n at its level, or its parent's previous block.
func prevInDocument(n ast.Node) ast.Node {
	if p := n.PreviousSibling(); p != nil {
		return p
	}
	return n.Parent()
}

type captionRenderer struct{}

func (captionRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTableCaption, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			c := n.(*TableCaption)
			_, _ = w.WriteString(`<caption id="` + c.ID + `">`)
			_, _ = w.Write(util.EscapeHTML([]byte(c.Caption)))
			_, _ = w.WriteString("</caption>\n")
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindTableScroll, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_, _ = w.WriteString("</div>\n")
			return ast.WalkContinue, nil
		}
		name := `aria-label="Table"`
		if id := n.(*TableScroll).CaptionID; id != "" {
			name = `aria-labelledby="` + id + `"`
		}
		_, _ = w.WriteString(`<div class="table-scroll" role="region" tabindex="0" ` + name + ">\n")
		return ast.WalkContinue, nil
	})
}

type captionExt struct{}

func (captionExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(captionTransformer{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(captionRenderer{}, 100)))
}
