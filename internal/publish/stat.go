package publish

import "os"

// fileStat is what linkPrevious compares with a manifest entry, and what a publish records
// of each file it writes.
type fileStat struct {
	regular bool
	dir     bool
	size    int64
	mtime   int64 // UnixNano
	id      string
}

// lstat is stat with os.Lstat and identity: two system calls where the platform's stat
// may need one.
func lstat(path string) (fileStat, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return fileStat{}, err
	}
	return fileStat{regular: fi.Mode().IsRegular(), dir: fi.IsDir(), size: fi.Size(), mtime: fi.ModTime().UnixNano(), id: identity(path, fi)}, nil
}
