//go:build unix

package load

import (
	"os"
	"runtime"

	"golang.org/x/sys/unix"

	"signpost/internal/rawread"
)

// readIn reads the file base in dir (a folder opened through the site's os.Root) with the
// system calls themselves: openat without following a symbolic link, fstat, read, close.
// os.Root.ReadFile also dups the folder, sets and clears non-blocking mode and registers
// the file with the poller, twice the calls for each of a site's thousands of small pages.
// ok is false for anything but a regular file read whole (a link, a missing file, an
// error): the caller then reads through the os.Root, which resolves links inside the site
// and reports errors as ever. st is the file's Stat as fstat gave it before the read, so
// the bytes are at least as new as st.
func readIn(dir *os.File, base string) (data []byte, st Stat, ok bool) {
	defer runtime.KeepAlive(dir)
	fd, err := unix.Openat(int(dir.Fd()), base, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, Stat{}, false
	}
	defer unix.Close(fd)
	var s unix.Stat_t
	if unix.Fstat(fd, &s) != nil || s.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, Stat{}, false
	}
	data, err = rawread.Read(fd, make([]byte, int(s.Size)+1)) // one byte more, to see the end
	if err != nil {
		return nil, Stat{}, false // an error, or it grew while read: the os.Root's read takes it as it is
	}
	return data[:len(data):len(data)], statOf(&s), true
}

// statIn is the Stat of the regular file base in dir, without following a symbolic link;
// ok is false for anything else.
func statIn(dir *os.File, base string) (st Stat, ok bool) {
	defer runtime.KeepAlive(dir)
	var s unix.Stat_t
	if unix.Fstatat(int(dir.Fd()), base, &s, unix.AT_SYMLINK_NOFOLLOW) != nil || s.Mode&unix.S_IFMT != unix.S_IFREG {
		return Stat{}, false
	}
	return statOf(&s), true
}

func statOf(s *unix.Stat_t) Stat {
	return Stat{Size: int64(s.Size), Mtime: s.Mtim.Nano(), Ctime: s.Ctim.Nano(), Ino: uint64(s.Ino), Dev: uint64(s.Dev)}
}
