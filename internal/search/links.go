package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// linkOnlyShare is the share of a section's words inside links above which the section
// only links elsewhere (a "Read more" list, a section's contents).
const linkOnlyShare = 0.6

// LinkOnlySections splits a page's Markdown body at its headings (outside code fences)
// and reports, for the introduction and then each heading's section, whether the section
// is made of links: at least linkOnlyShare of its words are link text. Issue #10: such
// sections must never outrank the section that answers. The build passes the result as
// Doc.LinkOnly when the number of parts matches the page's sections.
//
// A link is [text](dest) (text without "]", dest without ")"); the words of a section are
// those left when each link is replaced by its text and Markdown syntax (runs of *_`>|#-,
// {#id} attributes, [!NOTE]-style alert markers) by spaces. The scan is by hand: it runs
// on every page of every build (links_test.go checks it against the regular expressions
// that define it).
func LinkOnlySections(md string) []bool {
	var out []bool
	start, fence := 0, false
	section := func(p string) {
		if strings.Contains(p, "\n::: ") || strings.HasPrefix(p, "::: ") {
			out = append(out, false) // a generated block: its text is not in the Markdown
			return
		}
		linked, all := linkWords(p)
		out = append(out, all > 0 && float64(linked) >= linkOnlyShare*float64(all))
	}
	// Each part is the lines between headings, each line with its "\n" (the last line of
	// md gets one too, as it did when parts were built line by line).
	for i := 0; i <= len(md); {
		j := strings.IndexByte(md[i:], '\n')
		end := len(md)
		if j >= 0 {
			end = i + j
		}
		line := md[i:end]
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if !fence && mdHeading(line) {
			section(md[start:i])
			start = end + 1
		}
		if j < 0 {
			break
		}
		i = end + 1
	}
	if start <= len(md) {
		section(md[start:] + "\n")
	} else {
		section("")
	}
	return out
}

// mdHeading reports whether line starts an ATX heading: 1–6 "#" and a space or tab.
func mdHeading(line string) bool {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n == len(line) {
		return false
	}
	switch line[n] {
	case ' ', '\t', '\n', '\f', '\r':
		return true
	}
	return false
}

// linkAt returns the end of the link [text](dest) starting at p[i] == '[' and the end of
// its text, or -1.
func linkAt(p string, i int) (end, textEnd int) {
	c := strings.IndexByte(p[i+1:], ']')
	if c < 0 {
		return -1, 0
	}
	textEnd = i + 1 + c
	if textEnd+1 >= len(p) || p[textEnd+1] != '(' {
		return -1, 0
	}
	d := strings.IndexByte(p[textEnd+2:], ')')
	if d < 0 {
		return -1, 0
	}
	return textEnd + 2 + d + 1, textEnd
}

// linkWords counts the words of p's link texts and the words of p with links replaced by
// their text and Markdown syntax by spaces (see LinkOnlySections).
func linkWords(p string) (linked, all int) {
	var w wordCounter
	for i := 0; i < len(p); {
		if p[i] == '[' {
			if end, textEnd := linkAt(p, i); end >= 0 {
				text := p[i+1 : textEnd]
				linked += len(strings.Fields(text))
				w.text(text)
				i = end
				continue
			}
		}
		j := i + 1
		for j < len(p) && p[j] != '[' {
			j++
		}
		w.text(p[i:j])
		i = j
	}
	w.flush()
	return linked, w.n
}

// wordCounter counts the fields of a text fed to it in pieces (the section with links
// replaced by their text), with Markdown syntax (mdSyntax) counting as space. Syntax may
// span pieces, so they are joined before counting.
type wordCounter struct {
	buf []byte // the text after link replacement, pending
	n   int
}

func (w *wordCounter) text(s string) { w.buf = append(w.buf, s...) }

func (w *wordCounter) flush() {
	s := w.buf
	in := false
	for i := 0; i < len(s); {
		if k := mdSyntax(s, i); k > 0 {
			in = false
			i += k
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			w.n++
		}
		i += size
	}
	w.buf = w.buf[:0]
}

// mdSyntax returns the length of the Markdown syntax at s[i] (0 for none): a run of
// *_`>|#-, a {#id} attribute, or [!NOTE], [!WARNING] or [!IMPORTANT].
func mdSyntax(s []byte, i int) int {
	k := i
	for k < len(s) && strings.IndexByte("*_`>|#-", s[k]) >= 0 {
		k++
	}
	if k > i {
		return k - i
	}
	switch s[i] {
	case '{':
		if i+1 < len(s) && s[i+1] == '#' {
			if c := indexByte(s[i+2:], '}'); c >= 0 {
				return c + 3
			}
		}
	case '[':
		for _, m := range [...]string{"[!NOTE]", "[!WARNING]", "[!IMPORTANT]"} {
			if len(s)-i >= len(m) && string(s[i:i+len(m)]) == m {
				return len(m)
			}
		}
	}
	return 0
}

func indexByte(s []byte, c byte) int {
	for i, b := range s {
		if b == c {
			return i
		}
	}
	return -1
}
