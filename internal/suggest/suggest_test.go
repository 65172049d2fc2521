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
	cands := []string{"tier-matrix", "cwd-check", "Thurrock", "stoke-on-trent", "WARNING", "NOTE", "ab", "/"}
	tests := []struct{ s, want string }{
		{"tier-matrx", "tier-matrix"}, // one edit
		{"thurock", "Thurrock"},       // case is ignored
		{"cwd-chek", "cwd-check"},
		{"stoke", "stoke-on-trent"}, // contained
		{"WARN", "WARNING"},         // contained, though three edits away
		{"b", "ab"},                 // within two edits
		{"zzz", ""},
		{"ote", "NOTE"},
		{"/nowhere/", ""}, // "/" is in it, but too short to count
		{"tier-matrix-with-more", "tier-matrix"},
		{"thurrockxshirex", "Thurrock"}, // seven edits, but it holds the name
	}
	for _, tt := range tests {
		if got := Closest(tt.s, cands); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestMaxEdits(t *testing.T) {
	for s, want := range map[string]int{"": 2, "abc": 2, "thurrock": 2, "tier-matrx": 3, "mash-contact-sources": 4} {
		if got := MaxEdits(s); got != want {
			t.Errorf("MaxEdits(%q) = %d, want %d", s, got, want)
		}
	}
}
