package search

import (
	"bytes"
	"math"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// jsonStrings are strings with every kind of character encoding/json escapes.
var jsonStrings = []string{
	"", "plain", `q"uote`, `back\\slash`, "<b>&amp;</b>", "tab\there\nnew\rret\bbs\fff", "\x00\x01\x1f\x7f",
	"café ’curly’ — dash", "\u2028line\u2029para", "bad \xff utf8 \xe2\x80", "emoji 😀", "\u007f\u0080",
}

// appendJSON gives json.Marshal's bytes for every kind of value a compressed file is.
func TestAppendJSON(t *testing.T) {
	vals := []any{
		map[string][]int{"a": {1, 2}, "b": {-3}, "": {}, "n": nil, "<&>": {0}},
		map[string][]int{},
		map[string][]int(nil),
		fragFile{},
		fragFile{P: [][2]string{}, D: [][]any{}},
		fragFile{P: [][2]string{{"/a/", "A"}}, D: [][]any{{0, "", "", "text"}, nil, {}, {1, 2.5, []int{1}}}},
		[]string{"other"},
	}
	for _, s := range jsonStrings {
		vals = append(vals, map[string][]int{s: {1}}, fragFile{P: [][2]string{{s, s}}, D: [][]any{{0, s, s, s}}}, s)
	}
	for _, d := range syntheticCorpus(50) {
		vals = append(vals, fragFile{P: [][2]string{{d.PageURL, d.PageTitle}}, D: [][]any{{0, d.URL, d.Heading, d.Text}}})
	}
	for _, v := range vals {
		if got, want := appendJSON([]byte("x"), v), append([]byte("x"), mustJSON(v)...); !bytes.Equal(got, want) {
			t.Errorf("appendJSON(%#v) = %s, want %s", v, got, want)
		}
		// A shard is written as the map of its terms.
		if m, ok := v.(map[string][]int); ok && m != nil {
			var s shard
			for _, t := range sortedKeys(m) {
				s.terms, s.posts = append(s.terms, t), append(s.posts, m[t])
			}
			if got, want := appendJSON(nil, s), mustJSON(m); !bytes.Equal(got, want) {
				t.Errorf("appendJSON(%#v) = %s, want %s", s, got, want)
			}
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendJSONString(nil, s), mustJSON(s); !bytes.Equal(got, want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

// clipTextRef is clipText as it was before it read only the start of a long text.
func clipTextRef(s string, max int) string {
	s = oneLine(s)
	if len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := max
	for cut > max*3/4 && r[cut] != ' ' {
		cut--
	}
	return strings.TrimSpace(string(r[:cut])) + " …"
}

func TestClipTextIsRef(t *testing.T) {
	pieces := []string{"word", " ", "  ", "\n", "\t", "\x00", "\u0085", "\u00a0", "\u2028", "é", "😀", "\xff", "\xe2\x80", "a", "bb", ".", "\u3000"}
	r := rand.New(rand.NewSource(1))
	for range 20000 {
		var b strings.Builder
		for range r.Intn(40) {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s, max := b.String(), 1+r.Intn(30)
		if got, want := clipText(s, max), clipTextRef(s, max); got != want {
			t.Fatalf("clipText(%q, %d) = %q, want %q", s, max, got, want)
		}
	}
	for _, d := range syntheticCorpus(300) {
		if got, want := clipText(d.Text, maxText), clipTextRef(d.Text, maxText); got != want {
			t.Fatalf("clipText(%q) = %q, want %q", d.Text, got, want)
		}
	}
}

func FuzzClipTextIsRef(f *testing.F) {
	f.Add("some words\nand\xff more  words", 5)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 1 || max > 1000 {
			return
		}
		if got, want := clipText(s, max), clipTextRef(s, max); got != want {
			t.Fatalf("clipText(%q, %d) = %q, want %q", s, max, got, want)
		}
	})
}

func TestDecLen(t *testing.T) {
	for _, v := range []int{0, 1, 9, 10, 99, 100, 12345, -1, -9, -10, -12345, math.MaxInt, math.MinInt, math.MinInt + 1} {
		if got, want := decLen(v), len(strconv.Itoa(v)); got != want {
			t.Errorf("decLen(%d) = %d, want %d", v, got, want)
		}
	}
}

func TestFindPhones(t *testing.T) {
	for _, s := range []string{"", "0", "00", "a0", "call 01782 232200", "x0 0a 01782-234234 end0", "0800 3287822", "1 0 0 1"} {
		want := phoneRE.FindAllString(s, -1)
		if got := findPhones(s); !slices.Equal(got, want) {
			t.Errorf("findPhones(%q) = %q, want %q", s, got, want)
		}
	}
}
