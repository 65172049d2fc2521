package markdown

import (
	"strings"
	"testing"
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
