package site

import "testing"

func TestAndList(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"A"}, "A"},
		{[]string{"A", "B"}, "A and B"},
		{[]string{"A", "B", "C"}, "A, B and C"},
		{[]string{"A", "B", "C", "D"}, "A, B, C and D"},
	}
	for _, tt := range tests {
		if got := AndList(tt.in); got != tt.want {
			t.Errorf("AndList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExpandAreas(t *testing.T) {
	cfg := &Config{
		Areas:     map[string]Area{"a": {Name: "Aton"}, "b": {Name: "Beeby"}, "c": {Name: "Ceeham"}},
		AreaOrder: []string{"a", "b", "c"},
	}
	for _, tt := range []struct{ in, want, bad string }{
		{"guidance for {areas}.", "guidance for Aton, Beeby and Ceeham.", ""},
		{"a child in {areas-or},", "a child in Aton, Beeby or Ceeham,", ""},
		{"{source: /a/#b} no placeholder", "{source: /a/#b} no placeholder", ""},
		{"for {area}.", "for {area}.", "{area}"},
		{"for {Areas}.", "for {Areas}.", "{Areas}"},
	} {
		got, bad := cfg.ExpandAreas(tt.in)
		if got != tt.want || bad != tt.bad {
			t.Errorf("ExpandAreas(%q) = %q, %q; want %q, %q", tt.in, got, bad, tt.want, tt.bad)
		}
	}
}
