package publish

import "os"

// fileStat is what linkPrevious compares with a manifest entry, and what a publish records
// of each file it writes.
type fileStat struct {
	regular bool
	dir     bool
	size    int64
	mtime   int64 // UnixNano
	// idb[:idn] is the file's identity (identity()), kept as bytes: a publish stats every
	// file of its tree and compares identities, and a string for each is an allocation.
	idb [64]byte
	idn int
}

// lstat is stat with os.Lstat and identity: two system calls where the platform's stat
// may need one.
func lstat(path string) (fileStat, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return fileStat{}, err
	}
	st := fileStat{regular: fi.Mode().IsRegular(), dir: fi.IsDir(), size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	st.setID(identity(path, fi))
	return st, nil
}

func (st *fileStat) setID(id string) { st.idn = copy(st.idb[:], id) }

// id is the file's identity.
func (st *fileStat) id() string { return string(st.idb[:st.idn]) }

// idIs reports whether the file's identity is id.
func (st *fileStat) idIs(id string) bool { return string(st.idb[:st.idn]) == id }
