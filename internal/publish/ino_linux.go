//go:build linux

package publish

import (
	"errors"
	"os"
	"strconv"
	"strings"

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
	var b [64]byte
	return string(appendID(b[:0], st))
}

// appendID appends the identity of st to b (at most 53 bytes).
func appendID(b []byte, st *unix.Statx_t) []byte {
	b = append(b, 'i')
	b = strconv.AppendUint(b, st.Ino, 10)
	if st.Mask&unix.STATX_BTIME != 0 {
		b = append(b, 'b')
		b = strconv.AppendUint(b, uint64(st.Btime.Sec), 10)
		b = append(b, '.')
		b = strconv.AppendUint(b, uint64(st.Btime.Nsec), 10)
	}
	return b
}

// stat is os.Lstat and identity in one system call.
func stat(path string) (fileStat, error) { return statAt(unix.AT_FDCWD, path, path) }

// statAt is stat of rel, a path relative to the folder open as dir (or AT_FDCWD), which is
// the path abs.
func statAt(dir int, rel, abs string) (fileStat, error) {
	var st unix.Statx_t
	const need = unix.STATX_TYPE | unix.STATX_SIZE | unix.STATX_MTIME | unix.STATX_INO
	if err := unix.Statx(dir, rel, unix.AT_SYMLINK_NOFOLLOW, need|unix.STATX_BTIME, &st); err != nil || st.Mask&need != need {
		if errors.Is(err, unix.ENOENT) {
			return fileStat{}, err
		}
		// No statx, or a file system that does not fill these fields.
		return lstat(abs)
	}
	fs := fileStat{
		regular: st.Mode&unix.S_IFMT == unix.S_IFREG,
		dir:     st.Mode&unix.S_IFMT == unix.S_IFDIR,
		size:    int64(st.Size),
		mtime:   st.Mtime.Sec*1e9 + int64(st.Mtime.Nsec),
	}
	fs.idn = len(appendID(fs.idb[:0], &st))
	return fs, nil
}

// openDirs opens, for statting relative to them (statAt), the folders of the tree at root
// named in top (folders at its top, no "/" in a name): each relative to root's own
// descriptor and without following a symbolic link, so a descriptor is only ever of a
// folder of the tree. A folder that cannot be opened so is left out.
func openDirs(root string, top []string) map[string]int {
	rfd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(rfd)
	fds := make(map[string]int, len(top))
	for _, d := range top {
		if d == "" || strings.Contains(d, "/") || d == "." || d == ".." {
			continue
		}
		fd, err := unix.Openat(rfd, d, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err == nil {
			fds[d] = fd
		}
	}
	return fds
}

func closeDirs(fds map[string]int) {
	for _, fd := range fds {
		unix.Close(fd)
	}
}
