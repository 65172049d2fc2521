//go:build !unix

package build

import "os"

// mapFile reads name (the unix build maps it).
func mapFile(name string) ([]byte, error) { return os.ReadFile(name) }
