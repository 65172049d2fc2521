//go:build !linux

package load

import "io/fs"

// statOfInfo is the linux build's; elsewhere ReadFilesUnless stats each file itself.
func statOfInfo(fs.FileInfo) (Stat, bool) { return Stat{}, false }
