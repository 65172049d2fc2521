package main

import (
	"testing"
)

// TestCatalogue replays every bad input (issue 15): each must give its exit code, name its
// place, and leave public/ as it was when the build fails.
func TestCatalogue(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and about 100 sites")
	}
	if n := len(Cases); n < 75 {
		t.Errorf("the catalogue has %d cases; the issue asks for at least 75", n)
	}
	results, err := Replay(repoRoot(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if !r.OK {
			t.Errorf("%s: %s\n%s", r.Case.Name, r.Why, r.Stderr)
		}
	}
}
