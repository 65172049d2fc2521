package markdown

import (
	"bytes"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkifyExt is goldmark's extension.Linkify, with its parser asked only where it could
// find something. That parser is tried at every space, '*', '_', '~' and '(' of the text,
// that is at nearly every word; it links a URL starting http:, https: or ftp:, an address
// starting www. or an email address, so on a line with no ':', no '@' and no "www." it
// finds nothing, changing nothing (it returns nil before touching the parse). quickLinkify
// checks each line once for those and answers nil for the rest of a line without them;
// elsewhere the parser itself is asked, so what is linked is what Linkify links
// (TestQuickLinkify).
type linkifyExt struct{}

func (linkifyExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		// Linkify's own priority, so it is tried in the same turn among the parsers of
		// its trigger characters.
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
	))
}

type quickLinkify struct{ parser.InlineParser }

// plainLineKey holds, in a parse, the *plainLine quickLinkify last found.
var plainLineKey = parser.NewContextKey()

// plainLine is the source from start to stop, the rest of a line the parser was asked
// about, where it holds no ':', '@' or "www.".
type plainLine struct {
	src         *byte // the source's first byte: the offsets' source
	start, stop int
}

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	pl, _ := pc.Get(plainLineKey).(*plainLine)
	// Every line the parser is shown ends where its segment does, so a segment ending
	// where the one found plain does, and starting within it, is part of it.
	src := unsafe.SliceData(block.Source())
	if pl != nil && pl.src == src && seg.Stop == pl.stop && seg.Start >= pl.start && seg.Padding == 0 {
		return nil
	}
	if bytes.IndexByte(line, ':') < 0 && bytes.IndexByte(line, '@') < 0 && !bytes.Contains(line, []byte("www.")) {
		if pl == nil {
			pl = &plainLine{}
			pc.Set(plainLineKey, pl)
		}
		*pl = plainLine{src, seg.Start, seg.Stop}
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}
