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

// stat returns the size, modification time (UnixNano) and identity of the file at path
// (not following a symbolic link), with one statx where os.Lstat and identity made two
// system calls: a publish records them for every file it writes.
func stat(path string) (size, mtime int64, id string, err error) {
	var st unix.Statx_t
	want := uint32(unix.STATX_SIZE | unix.STATX_MTIME | unix.STATX_INO | unix.STATX_BTIME)
	if err := unix.Statx(unix.AT_FDCWD, path, unix.AT_SYMLINK_NOFOLLOW, int(want), &st); err != nil || st.Mask&(unix.STATX_SIZE|unix.STATX_MTIME|unix.STATX_INO) != unix.STATX_SIZE|unix.STATX_MTIME|unix.STATX_INO {
		fi, err := os.Lstat(path)
		if err != nil {
			return 0, 0, "", err
		}
		return fi.Size(), fi.ModTime().UnixNano(), identity(path, fi), nil
	}
	id = "i" + itoa(st.Ino)
	if st.Mask&unix.STATX_BTIME != 0 {
		id += "b" + itoa(uint64(st.Btime.Sec)) + "." + itoa(uint64(st.Btime.Nsec))
	}
	return int64(st.Size), st.Mtime.Sec*1e9 + int64(st.Mtime.Nsec), id, nil
}
