package markdown

import (
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"signpost/internal/diag"
	"signpost/internal/suggest"
)

// Alert is a GitHub-style alert: a block quote whose first line is "[!WARNING]" (or NOTE,
// TIP, IMPORTANT, CAUTION). Safeguarding pages use WARNING for emergency routes (call 999,
// refer to MASH) so they are never buried in running text. It renders as GOV.UK-style
// warning text or inset text.
type Alert struct {
	ast.BaseBlock
	Style string // "warning", "note", …
}

// KindAlert is the node kind of Alert.
var KindAlert = ast.NewNodeKind("Alert")

// Kind implements ast.Node.
func (n *Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (n *Alert) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Style": n.Style}, nil)
}

// alertRE matches a first line "[!TYPE]" of any word, so that an unknown type is reported
// rather than left as a plain quote (issue #18: "> [!WARN]" rendered as a quote, and the
// only message was a misleading glossary warning about "WARN").
var alertRE = regexp.MustCompile(`^(\s*)\[!([A-Za-z]+)\]\s*$`)

// alertTypes are the alert types, as GitHub's; alertTitles gives their titles.
var alertTypes = []string{"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"}

type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if bq, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, bq)
		}
		return ast.WalkContinue, nil
	})
	for _, bq := range quotes {
		para, ok := bq.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		m := alertRE.FindSubmatch(first.Value(src))
		if m == nil {
			continue
		}
		if !slices.Contains(alertTypes, string(m[2])) {
			env := envFrom(pc)
			off := first.Start + len(m[1])
			d := diag.Errorf(env.File, env.BodyLine+lineOf(src, off)-1, colOf(src, off), "unknown alert type %q", m[2])
			if c := suggest.Closest(strings.ToUpper(string(m[2])), alertTypes); c != "" {
				d = d.WithHint("did you mean [!%s]? The alert types are %s", c, strings.Join(alertTypes, ", "))
			} else {
				d = d.WithHint("the alert types are %s", strings.Join(alertTypes, ", "))
			}
			env.res.Diags.Add(d)
			continue
		}
		// Drop the inline nodes of the marker line.
		for c := para.FirstChild(); c != nil; {
			next := c.NextSibling()
			t, isText := c.(*ast.Text)
			para.RemoveChild(para, c)
			if isText && (t.SoftLineBreak() || t.HardLineBreak()) {
				break
			}
			c = next
		}
		lines := para.Lines()
		rest := text.NewSegments()
		for i := 1; i < lines.Len(); i++ {
			rest.Append(lines.At(i))
		}
		para.SetLines(rest)
		alert := &Alert{Style: lowerASCII(string(m[2]))}
		alert.SetLines(bq.Lines())
		for c := bq.FirstChild(); c != nil; {
			next := c.NextSibling()
			if c == para && para.ChildCount() == 0 {
				bq.RemoveChild(bq, c)
			} else {
				alert.AppendChild(alert, c)
			}
			c = next
		}
		bq.Parent().ReplaceChild(bq.Parent(), bq, alert)
	}
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

var alertTitles = map[string]string{"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}

type alertRenderer struct{}

func (alertRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAlert, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		a := n.(*Alert)
		if entering {
			if a.Style == "warning" || a.Style == "caution" || a.Style == "important" {
				_, _ = w.WriteString(`<div class="alert alert-` + a.Style + `"><span class="alert-icon" aria-hidden="true">!</span><strong class="alert-title">` + alertTitles[a.Style] + `<span class="visually-hidden">:</span></strong><div class="alert-body">` + "\n")
			} else {
				_, _ = w.WriteString(`<div class="alert alert-` + a.Style + `"><strong class="alert-title">` + alertTitles[a.Style] + `<span class="visually-hidden">:</span></strong><div class="alert-body">` + "\n")
			}
		} else {
			_, _ = w.WriteString("</div></div>\n")
		}
		return ast.WalkContinue, nil
	})
}

type alertExt struct{}

func (alertExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(alertTransformer{}, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(alertRenderer{}, 100)))
}
