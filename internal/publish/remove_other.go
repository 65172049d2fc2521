//go:build !unix

package publish

import "os"

// removeLater deletes dir now: there is no portable way to leave it to another process.
func removeLater(dir string) { _ = os.RemoveAll(dir) }
