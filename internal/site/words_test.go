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
