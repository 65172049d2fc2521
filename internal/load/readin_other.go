//go:build !unix

package load

import "os"

// readIn is the unix fast path of ReadFiles; elsewhere files are read through the os.Root.
func readIn(dir *os.File, base string) ([]byte, bool) { return nil, false }
