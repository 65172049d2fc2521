//go:build !(js && wasm)

package main

import "os"

// On any other platform the command only explains how it is built, so that go build ./...
// and go vet ./... work natively.
func main() {
	os.Stderr.WriteString("widgets/wasm: build with GOOS=js GOARCH=wasm (internal/wasm does)\n")
	os.Exit(2)
}
