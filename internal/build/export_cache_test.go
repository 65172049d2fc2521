package build

import (
	"path/filepath"
	"time"
)

// SetRacyMargin sets how much older than a build's start a source file's times must be for
// the next build to trust its Stat (pageCache), and returns a function that restores it:
// a negative margin trusts files written just now, a large one trusts none.
func SetRacyMargin(d time.Duration) (restore func()) {
	old := racyMargin
	racyMargin = d
	return func() { racyMargin = old }
}

// SpoilExeSum changes the binary's SHA-256 in the build cache's exe file in dir (with a
// valid checksum), as if the recorded Stat belonged to another binary.
func SpoilExeSum(dir string) error {
	name := filepath.Join(dir, "exe")
	body, err := readBody(name, exeMagic)
	if err != nil {
		return err
	}
	body[len(body)-1] ^= 0xff
	return writeBody(name, exeMagic, body)
}
