package render

import (
	"bytes"
	"strings"
)

// The escapers html/template puts in a layout's actions, for the layouts written in Go
// (page.go), writing what html/template writes for a plain string (not template.HTML,
// template.URL …) in each context. TestEscapers checks them against html/template.

// htmlRepl is html/template's htmlReplacementTable: what its HTML text, attribute and
// RCDATA escapers replace, every other byte being written as it is.
var htmlRepl = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escHTML writes s as {{.}} does in HTML text, in a quoted attribute that is not a URL,
// and in <title> (html/template's htmlEscaper, attrEscaper and rcdataEscaper, which
// agree on a plain string).
func escHTML(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(htmlRepl) && htmlRepl[c] != "" {
			b.WriteString(s[last:i])
			b.WriteString(htmlRepl[c])
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

// escURL writes s as {{.}} does at the start of a quoted URL attribute (href, src):
// html/template's urlFilter (a scheme other than http, https and mailto becomes
// #ZgotmplZ), urlNormalizer and attrEscaper.
func escURL(b *bytes.Buffer, s string) {
	if !safeURL(s) {
		s = "#ZgotmplZ"
	}
	escURLBytes(b, s, true)
}

// escURLPart writes s as {{.}} does within a quoted URL attribute's query or fragment
// (href="#{{.}}"): html/template's urlEscaper and attrEscaper.
func escURLPart(b *bytes.Buffer, s string) { escURLBytes(b, s, false) }

// escURLBytes is html/template's processURLOnto (norm: keep reserved characters and
// valid escapes) followed by attrEscaper, in one pass: a byte either is percent-encoded,
// which gives nothing attrEscaper replaces, or is kept and then replaced by htmlRepl.
func escURLBytes(b *bytes.Buffer, s string, norm bool) {
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeeps(s, i, norm) {
			if int(c) < len(htmlRepl) && htmlRepl[c] != "" {
				b.WriteString(s[last:i])
				b.WriteString(htmlRepl[c])
				last = i + 1
			}
			continue
		}
		b.WriteString(s[last:i])
		b.Write([]byte{'%', hex[c>>4], hex[c&15]})
		last = i + 1
	}
	b.WriteString(s[last:])
}

// urlKeeps reports whether processURLOnto keeps s[i] as it is.
func urlKeeps(s string, i int, norm bool) bool {
	switch c := s[i]; c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	case '-', '.', '_', '~':
		return true
	case '%':
		// As html/template tests it: an escape ending the string is encoded again.
		return norm && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2])
	default:
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// safeURL is html/template's isSafeURL: no scheme, or http, https or mailto.
func safeURL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return true
		case ':':
			p := s[:i]
			return strings.EqualFold(p, "http") || strings.EqualFold(p, "https") || strings.EqualFold(p, "mailto")
		}
	}
	return true
}
