package markdown

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Directive is a block line "::: kind arg key=value" replaced by generated HTML: widgets,
// data-driven tables, charts, diagrams and contact lists (docs/architecture.md lists the
// kinds). The line must stand alone; the Env's Block function renders it.
type Directive struct {
	ast.BaseBlock
	Name    string
	Args    []string
	Opts    map[string]string
	Line    int    // 1-based line within the Markdown body
	Col     int    // 1-based column of Name
	ArgCols []int  // 1-based column of each of Args
	HTML    string // set by the resolver
	Plain   string // text equivalent for search and section text
}

// KindDirective is the node kind of Directive.
var KindDirective = ast.NewNodeKind("Directive")

// Kind implements ast.Node.
func (n *Directive) Kind() ast.NodeKind { return KindDirective }

// Dump implements ast.Node.
func (n *Directive) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}

var directiveRE = regexp.MustCompile(`^:::[ \t]+([A-Za-z][\w-]*)(.*)$`)

type directiveParser struct{}

func (directiveParser) Trigger() []byte { return []byte{':'} }

func (directiveParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	trimmed := trimEOL(line)
	m := directiveRE.FindSubmatchIndex(trimmed)
	if m == nil {
		return nil, parser.NoChildren
	}
	args, offs, opts := splitArgs(string(trimmed[m[4]:m[5]]))
	n := &Directive{Name: string(trimmed[m[2]:m[3]]), Args: args, Opts: opts}
	n.Line = lineOf(reader.Source(), seg.Start)
	col := colOf(reader.Source(), seg.Start) // the line's first byte, after any indent
	n.Col = col + m[2]
	for _, o := range offs {
		n.ArgCols = append(n.ArgCols, col+m[4]+o)
	}
	n.Lines().Append(seg)
	reader.Advance(seg.Len())
	return n, parser.Close
}

func (directiveParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}
func (directiveParser) Close(ast.Node, text.Reader, parser.Context) {}
func (directiveParser) CanInterruptParagraph() bool                 { return true }
func (directiveParser) CanAcceptIndentedLine() bool                 { return false }

func trimEOL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}

// splitArgs splits `a b key=value key="quoted value"` into positional args (with the byte
// offset in line at which each starts) and options.
func splitArgs(line string) ([]string, []int, map[string]string) {
	var args []string
	var offs []int
	opts := map[string]string{}
	s := strings.TrimSpace(line)
	end := len(strings.TrimRightFunc(line, unicode.IsSpace)) // where s ends in line, always
	for s != "" {
		start := end - len(s)
		var tok string
		key := ""
		if i := strings.IndexAny(s, "= \t\""); i > 0 && s[i] == '=' {
			key, s = s[:i], s[i+1:]
		}
		if strings.HasPrefix(s, `"`) {
			end := strings.Index(s[1:], `"`)
			if end < 0 {
				tok, s = s[1:], ""
			} else {
				tok, s = s[1:end+1], s[end+2:]
			}
		} else if i := strings.IndexAny(s, " \t"); i >= 0 {
			tok, s = s[:i], s[i:]
		} else {
			tok, s = s, ""
		}
		if key != "" {
			opts[key] = tok
		} else {
			args = append(args, tok)
			offs = append(offs, start)
		}
		s = strings.TrimSpace(s)
	}
	return args, offs, opts
}

type directiveResolver struct{}

func (directiveResolver) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	env := envFrom(pc)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		d, ok := n.(*Directive)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		env.res.Widgets = appendDirective(env.res.Widgets, d)
		if env.Block == nil {
			env.errorf(d.Line, 1, "no block renderer for %q", d.Name)
			return ast.WalkSkipChildren, nil
		}
		html, plain, ds := env.Block(BlockCall{File: env.File, Line: env.BodyLine + d.Line - 1, Col: d.Col,
			Name: d.Name, Args: d.Args, ArgCols: d.ArgCols, Opts: d.Opts})
		env.res.Diags.Add(ds...)
		d.HTML, d.Plain = html, plain
		return ast.WalkSkipChildren, nil
	})
}

func appendDirective(list []string, d *Directive) []string {
	name := d.Name
	if d.Name == "widget" && len(d.Args) > 0 {
		name = "widget:" + d.Args[0]
	}
	return append(list, name)
}

type directiveRenderer struct{}

func (directiveRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindDirective, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*Directive).HTML)
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}

type directiveExt struct{}

func (directiveExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(directiveParser{}, 50)),
		parser.WithASTTransformers(util.Prioritized(directiveResolver{}, 200)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(directiveRenderer{}, 100)))
}
