//go:build !linux

package publish

import "os"

// identity is not known here, so a previous file is never trusted: every file is written.
func identity(string, os.FileInfo) string { return "-" }

func stat(path string) (fileStat, error) { return lstat(path) }
