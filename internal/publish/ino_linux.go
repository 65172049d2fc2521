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
	return idOf(&st)
}

func idOf(st *unix.Statx_t) string {
	id := "i" + itoa(st.Ino)
	if st.Mask&unix.STATX_BTIME != 0 {
		id += "b" + itoa(uint64(st.Btime.Sec)) + "." + itoa(uint64(st.Btime.Nsec))
	}
	return id
}

// stat is os.Lstat and identity in one system call.
func stat(path string) (fileStat, error) {
	var st unix.Statx_t
	const need = unix.STATX_TYPE | unix.STATX_SIZE | unix.STATX_MTIME | unix.STATX_INO
	if err := unix.Statx(unix.AT_FDCWD, path, unix.AT_SYMLINK_NOFOLLOW, need|unix.STATX_BTIME, &st); err != nil || st.Mask&need != need {
		// No statx, or a file system that does not fill these fields.
		return lstat(path)
	}
	return fileStat{
		regular: st.Mode&unix.S_IFMT == unix.S_IFREG,
		dir:     st.Mode&unix.S_IFMT == unix.S_IFDIR,
		size:    int64(st.Size),
		mtime:   st.Mtime.Sec*1e9 + int64(st.Mtime.Nsec),
		id:      idOf(&st),
	}, nil
}
