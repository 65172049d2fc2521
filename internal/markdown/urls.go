package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Link schemes a page may use (issue 15, item 4). goldmark writes href="" for javascript:,
// vbscript:, file: and data: links, so they would be published as dead links with no
// warning; every other scheme (ftp:, intent:, …) is also more likely a mistake than a
// signpost. Both are errors at the link's place instead.
var allowedSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true}

// Scheme returns the lower-cased scheme of a URL as a browser reads it (ASCII tabs and
// line breaks removed, leading spaces and control characters trimmed), or "" when it has
// none (a path, an #anchor, //host).
func Scheme(u string) string {
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c == ':':
			if i == 0 {
				return ""
			}
			return strings.ToLower(u[:i])
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return ""
		}
	}
	return ""
}

// checkURL reports dest, the destination of link n, when its scheme is not allowed.
func checkURL(env *Env, src []byte, n ast.Node, dest string) {
	s := Scheme(unescape([]byte(dest))) // as the browser reads it: &#106;avascript: too
	msg := "link to a " + s + ": URL"
	switch {
	case strings.TrimSpace(dest) == "":
		msg = "link has no address" // [text]() is a dead link
	case s == "" || allowedSchemes[s]:
		return
	}
	off := nodeOffset(n)
	col := colOf(src, off)
	if n.Kind() == ast.KindAutoLink {
		// An autolink has no text node: find "<url>" from its paragraph's line.
		if i := bytes.Index(src[off:], []byte("<"+dest+">")); i >= 0 {
			off += i
			col = colOf(src, off)
		}
	} else {
		col = max(1, col-1) // the offset is the link text's; "[" is one before
	}
	env.errorf(lineOf(src, off), col, "%s", msg)
	env.res.Diags[len(env.res.Diags)-1].Hint = "links may go to https:, http:, mailto: and tel: addresses, or to pages of this site"
}
