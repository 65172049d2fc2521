package load

import (
	"io/fs"
	"syscall"
)

// StatOfInfo is the Stat in fi, a regular file's FileInfo (os.Stat's, or an os.Root's
// ReadDir's, which lstats every entry: ScanStat gives it for free); ok is false when fi
// holds none.
func StatOfInfo(fi fs.FileInfo) (Stat, bool) {
	s, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || !fi.Mode().IsRegular() {
		return Stat{}, false
	}
	return Stat{Size: s.Size, Mtime: s.Mtim.Nano(), Ctime: s.Ctim.Nano(), Ino: s.Ino, Dev: s.Dev}, true
}
