//go:build !unix

package load

import "os"

// readIn is the unix fast path of ReadFiles; elsewhere files are read through the os.Root
// (and have no Stat: ReadFiles never skips them).
func readIn(dir *os.File, base string) ([]byte, Stat, bool) { return nil, Stat{}, false }

func statIn(dir *os.File, base string) (Stat, bool) { return Stat{}, false }
