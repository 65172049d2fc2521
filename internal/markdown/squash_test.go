package markdown

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestSquash: squash is strings.Join(strings.Fields(s), " ") on every kind of white space,
// invalid UTF-8 included.
func TestSquash(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb c", "\u00a0a\u2003b\u0085", "héllo wörld", "a \xff b", "\xffa", "x\u3000 y", "  many   spaces  here "} {
		want := strings.Join(strings.Fields(s), " ")
		if got := squash(s); got != want {
			t.Errorf("squash(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzSquash(f *testing.F) {
	f.Add("a  b\tc")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := squash(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("squash(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestTextBuf: text written to a textBuf in pieces of whole characters is squash of it all, Space a gap.
func TestTextBuf(t *testing.T) {
	var tb textBuf
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb c", "\u00a0a\u2003b\u0085", "héllo wörld", "a \xff b", "\xffa", "x\u3000 y", "  many   spaces  here "} {
		for cut := 0; cut <= len(s); cut++ {
			if cut < len(s) && !utf8.RuneStart(s[cut]) {
				continue // pieces are whole characters: text nodes and unescaped text
			}
			tb.Reset()
			tb.WriteString(s[:cut])
			tb.Write([]byte(s[cut:]))
			if got, want := tb.String(), squash(s); got != want {
				t.Errorf("%q cut at %d: %q, want %q", s, cut, got, want)
			}
			tb.Space()
			tb.WriteByte('z')
			if got, want := tb.String(), squash(s+" z"); got != want {
				t.Errorf("%q cut at %d, then a space and z: %q, want %q", s, cut, got, want)
			}
		}
	}
}

// TestCountWords: countWords counts strings.Fields's fields with a letter or digit.
func TestCountWords(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " - a ", "--", "a--b  c\td\n", "\u00a0é\u2003b\u0085", "x \xff y", "1 2 3", "… — ok"} {
		want := 0
		for _, f := range strings.Fields(s) {
			if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				want++
			}
		}
		if got := countWords([]byte(s)); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzTextBuf(f *testing.F) {
	f.Add("a  b\tc d", 3)
	f.Add("x y\u00a0z", 4)
	f.Fuzz(func(t *testing.T, s string, cut int) {
		if cut < 0 || cut > len(s) || cut < len(s) && !utf8.RuneStart(s[cut]) {
			return
		}
		var tb textBuf
		tb.WriteString(s[:cut])
		tb.Write([]byte(s[cut:]))
		if got, want := tb.String(), squash(s); got != want {
			t.Errorf("%q cut at %d: %q, want %q", s, cut, got, want)
		}
	})
}
