package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"

	"signpost/internal/site"
)

// extract walks the finished tree for headings, per-section text, links and e-mails.
func extract(doc ast.Node, src []byte, env *Env) {
	res := env.res
	cur := &site.Section{}
	var stack []site.Heading
	tb := env.text()
	flush := func() {
		cur.Text = tb.String()
		if cur.Text != "" || cur.Anchor != "" {
			res.Sections = append(res.Sections, *cur)
		}
		tb.Reset()
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			flush()
			id := ""
			if v, ok := h.AttributeString("id"); ok {
				if b, ok := v.([]byte); ok {
					id = string(b)
				}
			}
			txt := strings.TrimSpace(plain(h, src))
			res.Headings = append(res.Headings, site.Heading{Level: h.Level, ID: id, Text: txt})
			for len(stack) > 0 && stack[len(stack)-1].Level >= h.Level {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, site.Heading{Level: h.Level, ID: id, Text: txt})
			path := make([]string, len(stack))
			for i, s := range stack {
				path[i] = s.Text
			}
			cur = &site.Section{Anchor: id, Heading: txt, Path: path}
			continue
		}
		tb.plain(n, src)
		tb.Space()
	}
	flush()

	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Link:
			dest := string(t.Destination)
			line := env.BodyLine + lineOf(src, nodeOffset(t)) - 1
			if strings.HasPrefix(dest, "mailto:") {
				res.Emails = append(res.Emails, Found{Value: strings.TrimPrefix(dest, "mailto:"), Line: line})
			} else if isInternal(dest) {
				// The offset is the link text's; the "[" is one before it.
				res.Links = append(res.Links, site.Link{Dest: dest, Line: line, Col: max(1, colOf(src, nodeOffset(t))-1)})
			}
		case *Cite:
			line := env.BodyLine + lineOf(src, t.Offset) - 1
			for _, d := range t.Dests {
				res.Links = append(res.Links, site.Link{Dest: d, Line: line, Col: colOf(src, t.Offset)})
			}
		case *ast.AutoLink:
			if t.AutoLinkType == ast.AutoLinkEmail {
				line := env.BodyLine + lineOf(src, nodeOffset(t)) - 1
				res.Emails = append(res.Emails, Found{Value: string(t.URL(src)), Line: line})
			}
		case *ast.Image:
			dest := string(t.Destination)
			if isInternal(dest) {
				line := env.BodyLine + lineOf(src, nodeOffset(t)) - 1
				res.Links = append(res.Links, site.Link{Dest: dest, Line: line, Col: 1})
			}
		}
		return ast.WalkContinue, nil
	})
	res.Statements = statements(doc, src, env)
}

// isInternal reports whether a link destination points into the site.
func isInternal(dest string) bool {
	if dest == "" {
		return false
	}
	if strings.HasPrefix(dest, "//") {
		return false
	}
	if i := strings.IndexAny(dest, ":/?#"); i > 0 && dest[i] == ':' {
		return false // has a scheme: http:, mailto:, tel:
	}
	return true
}

// plain returns the text of n, with spaces between blocks and table cells.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	writePlain(&b, n, src)
	return b.String()
}

// plainWriter is where writePlain writes: a strings.Builder, or a textBuf that squashes
// the text as it is written.
type plainWriter interface {
	Write(p []byte) (int, error)
	WriteString(s string) (int, error)
	WriteByte(c byte) error
}

// writePlain writes the text of n to b, as plain returns it.
func writePlain(b plainWriter, n ast.Node, src []byte) {
	switch t := n.(type) {
	case *ast.Text:
		v := t.Segment.Value(src)
		if t.IsRaw() || !needsUnescape(v) {
			b.Write(v)
		} else {
			b.WriteString(unescape(v))
		}
		if t.SoftLineBreak() || t.HardLineBreak() {
			b.WriteByte(' ')
		}
		return
	case *ast.String:
		b.Write(t.Value)
		return
	case *ast.AutoLink:
		b.Write(t.Label(src))
		return
	case *Directive:
		b.WriteString(t.Plain)
		b.WriteByte(' ')
		return
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
		b.WriteByte(' ')
		return
	case *east.FootnoteBacklink:
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		writePlain(b, c, src)
	}
	if n.Type() == ast.TypeBlock || n.Kind() == east.KindTableCell {
		b.WriteByte(' ')
	}
}

// unescape returns text as the page shows it: backslash escapes and character references
// resolved (`\<img` is "<img", "&amp;" is "&"), the way goldmark's HTML writer resolves
// them, so the table of contents, captions and search text match the page (issue 15).
func unescape(v []byte) string {
	if !needsUnescape(v) {
		return string(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	html.DefaultWriter.Write(w, v)
	_ = w.Flush()
	return stdhtml.UnescapeString(buf.String())
}

// needsUnescape reports whether unescape(v) may differ from v.
func needsUnescape(v []byte) bool {
	return bytes.IndexByte(v, '\\') >= 0 || bytes.IndexByte(v, '&') >= 0
}

// squash is strings.Join(strings.Fields(s), " "): s with its runs of white space (as
// unicode.IsSpace has it) made single spaces and trimmed. Most text is already so, and
// then s itself is returned, without the copy and the list of words.
func squash(s string) string {
	if squashed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r):
			gap = true
		default:
			if gap && b.Len() > 0 {
				b.WriteByte(' ')
			}
			gap = false
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// asciiSpace are the ASCII characters unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// squashed reports whether squash(s) is s: no white space but single spaces between words.
func squashed(s string) bool {
	prevSpace := true // a space at the start would be leading
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			sp := asciiSpace[c]
			if sp && (c != ' ' || prevSpace) {
				return false
			}
			prevSpace = sp
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += n
	}
	return !prevSpace || s == ""
}

// textBuf collects text squashed as it is written: what squash would make of everything
// written, with Space a gap between two writes. The page's section and statement texts
// are written into one (Env.text) instead of each being built, copied and squashed: String
// is then the text's only copy. A write must not split a character (none does: text
// nodes end at ASCII delimiters).
type textBuf struct {
	b   []byte
	gap bool // white space since the last word
}

func (t *textBuf) Write(p []byte) (int, error)       { appendSquashed(t, p); return len(p), nil }
func (t *textBuf) WriteString(s string) (int, error) { appendSquashed(t, s); return len(s), nil }

func (t *textBuf) WriteByte(c byte) error {
	if c < utf8.RuneSelf && asciiSpace[c] {
		t.gap = true
		return nil
	}
	appendSquashed(t, []byte{c})
	return nil
}

// Space separates what comes next from what went before.
func (t *textBuf) Space() { t.gap = true }

// plain writes the text of n, as plain returns it.
func (t *textBuf) plain(n ast.Node, src []byte) { writePlain(t, n, src) }

// String returns the text written since the last Reset.
func (t *textBuf) String() string { return string(t.b) }

// Reset empties t for the next text.
func (t *textBuf) Reset() { t.b, t.gap = t.b[:0], false }

func appendSquashed[S string | []byte](t *textBuf, s S) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				t.gap = true
				i++
				continue
			}
			// A run of ASCII words with single spaces between them, as most text is, is
			// appended in one piece.
			j := i + 1
			for j < len(s) {
				c := s[j]
				if c >= utf8.RuneSelf {
					break
				}
				if asciiSpace[c] {
					if c == ' ' && j+1 < len(s) && s[j+1] < utf8.RuneSelf && !asciiSpace[s[j+1]] {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if t.gap && len(t.b) > 0 {
				t.b = append(t.b, ' ')
			}
			t.gap = false
			t.b = append(t.b, s[i:j]...)
			i = j
			continue
		}
		var r rune
		var n int
		switch s := any(s).(type) {
		case string:
			r, n = utf8.DecodeRuneInString(s[i:])
		case []byte:
			r, n = utf8.DecodeRune(s[i:])
		}
		if unicode.IsSpace(r) {
			t.gap = true
		} else {
			if t.gap && len(t.b) > 0 {
				t.b = append(t.b, ' ')
			}
			t.gap = false
			t.b = append(t.b, s[i:i+n]...)
		}
		i += n
	}
}
