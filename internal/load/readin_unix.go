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
// and reports errors as ever.
func readIn(dir *os.File, base string) (data []byte, ok bool) {
	defer runtime.KeepAlive(dir)
	fd, err := unix.Openat(int(dir.Fd()), base, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, false
	}
	data, err = rawread.Read(fd, make([]byte, int(st.Size)+1)) // one byte more, to see the end
	if err != nil {
		return nil, false // an error, or it grew while read: the os.Root's read takes it as it is
	}
	return data[:len(data):len(data)], true
}
