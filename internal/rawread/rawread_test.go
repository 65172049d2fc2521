//go:build unix

package rawread

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 4096, 70000} {
		want := bytes.Repeat([]byte("abcdefg"), size/7+1)[:size]
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		fd, err := syscall.Open(p, syscall.O_RDONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Read(fd, make([]byte, size+1))
		syscall.Close(fd)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("size %d: got %d bytes, %v; want %d bytes", size, len(got), err, size)
		}
		// A buffer no longer than the file: the file looks as if it grew.
		fd, err = syscall.Open(p, syscall.O_RDONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Read(fd, make([]byte, size))
		syscall.Close(fd)
		if !errors.Is(err, ErrGrew) {
			t.Errorf("size %d, buffer of the file's size: err %v, want ErrGrew", size, err)
		}
	}
	if _, err := Read(-1, make([]byte, 1)); err == nil {
		t.Error("a bad descriptor read without error")
	}
}
