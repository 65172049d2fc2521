package build

import "time"

// SetRacyMargin sets how much older than a build's start a source file's times must be for
// the next build to trust its Stat (pageCache), and returns a function that restores it:
// a negative margin trusts files written just now, a large one trusts none.
func SetRacyMargin(d time.Duration) (restore func()) {
	old := racyMargin
	racyMargin = d
	return func() { racyMargin = old }
}
