package datafile

import (
	"strings"
	"testing"
)

type doc struct {
	X any `yaml:"x"`
	Y any `yaml:"y"`
	Z any `yaml:"z"`
	A any `yaml:"a"`
	L []struct {
		N int `yaml:"n"`
	} `yaml:"l"`
}

// Every YAML error has its own line and a column, whichever line it is on (issue 14 item
// 4, issue 15 item 5).
func TestErrorPositions(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"a: b: c\n", "f.yaml:1:1: mapping values are not allowed"},
		{"x: 1\na: b: c\n", "f.yaml:2:"},
		{"x: 1\ny: 2\nz: 3\na: b: c\n", "f.yaml:4:"},
		{"- a\n- b\nc: d\n", "f.yaml:3:1: did not find expected '-' indicator"},
		{"x:\n  y: 1\n  z: 2\n w: 3\n", "f.yaml:4:2: did not find expected key"},
		{"x: 1\ny: [1,\n  2\nz: 3\n", "f.yaml:"},
		{"x: \xff\n", "f.yaml:1:4: invalid character"},
		{"x: 1\ny: 2\nz: ab\xc3\n", "f.yaml:3:6: invalid character"},
		{"x: 1\ny: \x01\n", "f.yaml:2:4: invalid character"},
		{"x: 1\n\ty: 2\n", "f.yaml:2:"},
		{"x: 1\nb: 2\n", "f.yaml:2:1: field b not found"},
		{"x: 1\nl:\n  - n: abc\n", "f.yaml:3:"},
		{"x: 1\nx: 2\n", "f.yaml:2:1: mapping key \"x\" already defined"},
		{"x: 'abc\n", "f.yaml:1:"},
		{"x: 1\ny: @\n", "f.yaml:2:"},
	} {
		var d doc
		ds := Decode("f.yaml", []byte(c.src), 0, &d)
		if len(ds) == 0 {
			t.Errorf("%q: no error", c.src)
			continue
		}
		got := ds[0].String()
		if !strings.HasPrefix(got, c.want) || ds[0].Line == 0 || ds[0].Col == 0 {
			t.Errorf("%q:\n got %s\nwant %s…", c.src, got, c.want)
		}
	}
}

// Front matter starts on line 2; the offset moves every position, the first line included.
func TestErrorOffset(t *testing.T) {
	var d doc
	ds := Decode("p.md", []byte("a: b: c\n"), 1, &d)
	if len(ds) != 1 || ds[0].Line != 2 {
		t.Fatalf("got %v, want line 2", ds)
	}
	ds = Decode("p.md", []byte("x: 1\n- a\n"), 1, &d)
	if len(ds) != 1 || ds[0].Line != 3 {
		t.Fatalf("got %v, want line 3", ds)
	}
}
