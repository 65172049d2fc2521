//go:build unix

// Package rawread reads an open file whole with the read system call itself: os.File also
// registers each file with the poller, several calls more per file, which counts when a
// build reads tens of thousands of small files (internal/load's page files).
package rawread

import (
	"errors"
	"syscall"
)

// ErrGrew is Read's error when the file has more bytes than buf holds.
var ErrGrew = errors.New("the file grew while it was read")

// Read reads the file open as fd from its current offset into buf until the end of the
// file, and returns the bytes read (buf's first ones). Make buf one byte longer than the
// size fstat gave: a file that fills it grew while it was read (ErrGrew).
func Read(fd int, buf []byte) ([]byte, error) {
	got := 0
	for got < len(buf) {
		n, err := syscall.Read(fd, buf[got:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return buf[:got], nil
		}
		got += n
	}
	return nil, ErrGrew
}
