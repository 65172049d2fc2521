//go:build linux

package publish

import "golang.org/x/sys/unix"

// exchange swaps two directories in one atomic step (renameat2 RENAME_EXCHANGE), so there
// is no instant at which the output directory is missing.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// renameOnto moves directory a onto b, an empty directory, which it replaces (os.Rename
// refuses an existing directory).
func renameOnto(a, b string) error {
	return unix.Renameat(unix.AT_FDCWD, a, unix.AT_FDCWD, b)
}
