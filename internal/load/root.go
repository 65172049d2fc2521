package load

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"

	"signpost/internal/diag"
)

// SiteFS opens dir, the site root, as the file system every stage reads. It is an os.Root:
// a symbolic link is followed only while it stays inside dir, so no file outside the tree
// can be read, published or served (issue 15, item 1), whichever stage reads it. Walk
// reports such links by name.
func SiteFS(dir string) (fs.FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &siteFS{root: r, fsys: r.FS().(rootFS)}, nil
}

// rootFS is what os.Root.FS returns.
type rootFS interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.ReadLinkFS
	fs.StatFS
}

// siteFS is the os.Root's file system (every method is its), which can also read a
// folder's files through an os.Root opened on that folder (ReadFiles).
type siteFS struct {
	root *os.Root
	fsys rootFS
}

func (s *siteFS) Open(name string) (fs.File, error)          { return s.fsys.Open(name) }
func (s *siteFS) ReadDir(name string) ([]fs.DirEntry, error) { return s.fsys.ReadDir(name) }
func (s *siteFS) ReadFile(name string) ([]byte, error)       { return s.fsys.ReadFile(name) }
func (s *siteFS) ReadLink(name string) (string, error)       { return s.fsys.ReadLink(name) }
func (s *siteFS) Lstat(name string) (fs.FileInfo, error)     { return s.fsys.Lstat(name) }
func (s *siteFS) Stat(name string) (fs.FileInfo, error)      { return s.fsys.Stat(name) }

// ReadFiles calls f with the contents of each of files (slash-separated paths, in one
// folder or several), or the error fs.ReadFile(fsys, file) gives. With the file system of
// SiteFS, each folder is opened once (through the os.Root) and its regular files read
// from there (readIn): an os.Root resolves every component of a path on each call, so
// reading content/a/b.md from the site root opened and closed content and content/a
// first, and it sets up each file for the poller; reading 10,000 small pages took about
// 45 µs of CPU each. Anything else (a symbolic link, a missing file, an error) is read
// from the site root, with the same confinement and errors as ever. Files are given in
// the order asked.
func ReadFiles(fsys fs.FS, files []string, f func(file string, data []byte, err error)) {
	ReadFilesUnless(fsys, files, nil, nil, func(file string, data []byte, _ Stat, _ bool, err error) { f(file, data, err) })
}

// Stat is what ReadFilesUnless says of a regular file of the site besides its bytes: enough
// for a caller that recorded it to tell, next time, that the file has not been written
// since, without reading it (the build cache does, as git's index does; see there why
// that is safe). Times are in nanoseconds since 1970. The zero Stat is "not known".
type Stat struct {
	Size         int64
	Mtime, Ctime int64
	Ino, Dev     uint64
}

// Known reports whether st was taken from a file.
func (st Stat) Known() bool { return st != Stat{} }

// ReadFilesUnless is ReadFiles that first asks unchanged, when not nil, about each regular
// file (a symbolic link is not asked about) with the file's Stat: stats[i] for files[i]
// when stats has it (ScanStat's), else the file's own (fstatat); when it says true, the
// file is not opened and f gets skipped true, no data and that Stat. A file read gives
// the Stat fstat gave before the read (the bytes are at least as new), or the zero Stat
// when it was read some other way (a symbolic link, another fs.FS, another system).
func ReadFilesUnless(fsys fs.FS, files []string, stats []Stat, unchanged func(file string, st Stat) bool, f func(file string, data []byte, st Stat, skipped bool, err error)) {
	s, ok := fsys.(*siteFS)
	if !ok {
		for _, file := range files {
			data, err := fs.ReadFile(fsys, file)
			f(file, data, Stat{}, false, err)
		}
		return
	}
	var dir *os.File
	dirName := ""
	defer func() {
		if dir != nil {
			dir.Close()
		}
	}()
	for i, file := range files {
		if unchanged != nil && i < len(stats) && stats[i].Known() && unchanged(file, stats[i]) {
			f(file, nil, stats[i], true, nil)
			continue
		}
		d, base := path.Split(file)
		d = strings.TrimSuffix(d, "/")
		if d != dirName || dir == nil {
			if dir != nil {
				dir.Close()
				dir = nil
			}
			dirName = d
			if d == "" {
				d = "."
			}
			dir, _ = s.root.Open(d) // nil: read from the site root
		}
		if dir != nil {
			if unchanged != nil && (i >= len(stats) || !stats[i].Known()) {
				if st, ok := statIn(dir, base); ok && unchanged(file, st) {
					f(file, nil, st, true, nil)
					continue
				}
			}
			if data, st, ok := readIn(dir, base); ok {
				f(file, data, st, false, nil)
				continue
			}
		}
		data, err := s.fsys.ReadFile(file)
		f(file, data, Stat{}, false, err)
	}
}

// Walk is fs.WalkDir for the site's folders, with symbolic links made explicit instead of
// skipped or followed blindly: a relative link to a file inside the root is visited as that
// file (os.Root takes an absolute link as leading outside); a
// link that leads outside the root, a broken link and a link to a folder are errors naming
// the link. (A folder link would publish the same pages twice, or loop; copy or move the
// folder instead.) A missing root is not an error: sites need not have every folder.
func Walk(fsys fs.FS, root string, fn fs.WalkDirFunc) diag.List {
	var diags diag.List
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			diags.Add(diag.Errorf(p, 0, 0, "cannot read: %v", err))
			return nil
		}
		if d.Type()&fs.ModeSymlink == 0 {
			return fn(p, d, nil)
		}
		target := ""
		if rl, ok := fsys.(fs.ReadLinkFS); ok {
			target, _ = rl.ReadLink(p)
		}
		fi, err := fs.Stat(fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			diags.Add(diag.Errorf(p, 0, 0, "symbolic link to %q leads nowhere", target).
				WithHint("remove the link, or replace it with the file itself"))
		case err != nil:
			diags.Add(diag.Errorf(p, 0, 0, "symbolic link to %q leads outside the site", target).
				WithHint("only files inside the site folder are published, and a link is followed only when it is relative and stays inside: copy the file into the site instead"))
		case fi.IsDir():
			diags.Add(diag.Errorf(p, 0, 0, "symbolic link to the folder %q is not followed", target).
				WithHint("move or copy the folder here instead of linking to it"))
		default:
			return fn(p, fs.FileInfoToDirEntry(fi), nil)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.SkipAll) {
		diags.Add(diag.Errorf(root, 0, 0, "cannot read: %v", err))
	}
	return diags
}
