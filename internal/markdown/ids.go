package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// Slug turns heading text into a stable id: lowercase ASCII letters and digits kept, every
// other run of characters becomes one "-", trimmed. Non-ASCII letters are dropped after
// folding common accents, so ids stay readable in URLs. "What is MASH?" → "what-is-mash".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		r = fold(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == '*' || r == '_' || r == '`':
			// Apostrophes and emphasis markers join words: "Children's" → "childrens".
		default:
			dash = true
		}
	}
	return b.String()
}

func fold(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ò', 'ó', 'ô', 'ö', 'õ':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ç':
		return 'c'
	}
	return r
}

// ids implements parser.IDs with Slug, numbering repeats "-2", "-3" so anchors are unique
// and stable while earlier headings do not change. next remembers, per base, the number to
// try first, so n headings with one text cost O(n), not O(n²) (issue 15, item 3).
type ids struct {
	used map[string]bool
	next map[string]int
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	value = bytes.TrimSpace(value)
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	if s.used[id] {
		i := max(s.next[base], 2)
		for id = base + "-" + strconv.Itoa(i); s.used[id]; id = base + "-" + strconv.Itoa(i) {
			i++
		}
		s.next[base] = i + 1
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }
