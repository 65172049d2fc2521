//go:build !linux

package load

import "io/fs"

// StatOfInfo is the linux build's; elsewhere there is none (ReadFilesUnless stats each
// file itself).
func StatOfInfo(fs.FileInfo) (Stat, bool) { return Stat{}, false }
