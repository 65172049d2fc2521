//go:build !unix

package build

import "os"

// mapFile reads name (the unix build maps it); unmap does nothing.
func mapFile(name string) ([]byte, func(), error) {
	data, err := os.ReadFile(name)
	return data, func() {}, err
}
