package search

import (
	"bytes"
	"testing"
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
