package site

import "testing"

func TestSearchWeight(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	root := &Page{Front: FrontMatter{Search: &Search{Weight: f(0.5)}}} // a landing page: not its children
	report := &Page{Parent: root, Front: FrontMatter{Search: &Search{Weight: f(0.5), SectionWeight: f(0.4)}}}
	sub := &Page{Parent: report}
	own := &Page{Parent: report, Front: FrontMatter{Search: &Search{Weight: f(2)}}}
	deep := &Page{Parent: sub}
	other := &Page{Parent: root}
	for _, tt := range []struct {
		name string
		p    *Page
		want float64
	}{
		{"own weight", root, 0.5},
		{"section's own weight", report, 0.5},
		{"section_weight below", sub, 0.4},
		{"own weight wins", own, 2},
		{"nearest section_weight", deep, 0.4},
		{"a landing page's weight is not inherited", other, 1},
	} {
		if got := tt.p.SearchWeight(); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestSlot: a slot reads back what was set, the zero value when nothing was, and two slots
// of the same name never share a value.
func TestSlot(t *testing.T) {
	a, b := NewSlot[map[string]int]("x"), NewSlot[map[string]int]("x")
	s := &Site{}
	if a.Get(s) != nil {
		t.Fatal("empty slot is not nil")
	}
	a.Set(s, map[string]int{"one": 1})
	copied := Site{Data: s.Data} // a snapshot of the site shares its data
	if a.Get(&copied)["one"] != 1 {
		t.Errorf("copy reads %v", a.Get(&copied))
	}
	if b.Get(s) != nil {
		t.Errorf("slot b reads slot a's value %v", b.Get(s))
	}
}
