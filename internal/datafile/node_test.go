package datafile

import (
	"strings"
	"testing"
)

func TestNodeHelpers(t *testing.T) {
	src := "a:\n  b: 1\n  list:\n    - x\n    -   y\nc: [1, 2]\n"
	top, ds := Tree("f.yaml", []byte(src))
	if ds != nil || top == nil {
		t.Fatalf("Tree: %v", ds)
	}
	a := MapValue(top, "a")
	for _, c := range []struct {
		name      string
		got, want Pos
	}{
		{"KeyPos b", KeyPos(a, "b"), Pos{2, 3}},
		{"ValuePos b", ValuePos(a, "b"), Pos{2, 6}},
		{"KeyPos missing: the mapping's own", KeyPos(a, "zz"), Pos{2, 3}},
		{"ValuePos missing", ValuePos(top, "zz"), Pos{1, 1}},
		{"Item 1", PosOf(Item(MapValue(a, "list"), 1)), Pos{5, 9}},
		{"Item out of range: the list", PosOf(Item(MapValue(top, "c"), 5)), Pos{6, 4}},
		{"nil", KeyPos(nil, "a"), Pos{}},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if MapValue(MapValue(top, "c"), "x") != nil || Items(a) != nil || len(Items(MapValue(top, "c"))) != 2 {
		t.Error("MapValue of a list or Items of a mapping is not nil")
	}
	if empty, ds := Tree("f.yaml", nil); empty != nil || ds != nil {
		t.Errorf("empty file: %v %v", empty, ds)
	}
	if _, ds := Tree("f.yaml", []byte("x: 1\na: b: c\n")); len(ds) != 1 || ds[0].Line != 2 || ds[0].Col == 0 {
		t.Errorf("syntax error: %v", ds)
	}
}

func TestUnknownKeys(t *testing.T) {
	top, _ := Tree("f.yaml", []byte("label: a\ntxt: b\ncolour: c\n"))
	ds := UnknownKeys("f.yaml", top, "a step", "label", "text")
	want := []string{
		`f.yaml:2:1: unknown key "txt" in a step (did you mean "text"?)`,
		`f.yaml:3:1: unknown key "colour" in a step (known keys: label, text)`,
	}
	if len(ds) != len(want) {
		t.Fatalf("got %v", ds)
	}
	for i, w := range want {
		if !strings.HasPrefix(ds[i].String(), w) {
			t.Errorf("got %s, want %s", ds[i].String(), w)
		}
	}
}

// Front matter (lines 2 to 5 of a page, after "---"): a syntax error on its first line,
// its second and its last is each reported at its own line, with a column (issue 14).
func TestFrontMatterErrorLines(t *testing.T) {
	lines := []string{"title: T", "description: D", "area: [thurrock]", "source: {publisher: P, title: S}"}
	for i, bad := range []string{"title: T: x", "description: D: x", "", "source: {publisher: P, title: S"} {
		if bad == "" {
			continue
		}
		fm := append([]string(nil), lines...)
		fm[i] = bad
		var v struct {
			Title       string            `yaml:"title"`
			Description string            `yaml:"description"`
			Area        []string          `yaml:"area"`
			Source      map[string]string `yaml:"source"`
		}
		ds := Decode("p.md", []byte(strings.Join(fm, "\n")+"\n"), 1, &v)
		if len(ds) == 0 || ds[0].Line != i+2 || ds[0].Col == 0 {
			t.Errorf("error on front matter line %d: got %v, want p.md:%d:COL", i+1, ds, i+2)
		}
	}
}
