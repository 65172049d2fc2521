//go:build linux

package publish

import (
	"os"

	"golang.org/x/sys/unix"
)

// identity names the file at path: its inode number and birth time. A file replaced by
// another gets a new birth time even when the file system reuses the inode number, and
// nothing a user can do sets a birth time back.
func identity(path string, _ os.FileInfo) string {
	var st unix.Statx_t
	if err := unix.Statx(unix.AT_FDCWD, path, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_INO|unix.STATX_BTIME, &st); err != nil {
		return "-"
	}
	id := "i" + itoa(st.Ino)
	if st.Mask&unix.STATX_BTIME != 0 {
		id += "b" + itoa(uint64(st.Btime.Sec)) + "." + itoa(uint64(st.Btime.Nsec))
	}
	return id
}
