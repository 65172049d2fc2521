package suggest

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"tier-matrx", "tier-matrix", 1}, {"thurock", "thurrock", 1}, {"café", "cafe", 1},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	cands := []string{"tier-matrix", "cwd-check", "Thurrock"}
	tests := []struct {
		s    string
		max  int
		want string
	}{
		{"tier-matrx", 2, "tier-matrix"},
		{"thurock", 1, "Thurrock"},
		{"cwd-chek", 0, ""},
		{"zzz", 5, ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.s, cands, tt.max); got != tt.want {
			t.Errorf("Closest(%q, %d) = %q, want %q", tt.s, tt.max, got, tt.want)
		}
	}
}
