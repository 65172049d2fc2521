package load

import (
	"errors"
	"io/fs"
	"os"

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
	return r.FS(), nil
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
