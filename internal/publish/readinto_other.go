//go:build !unix

package publish

import (
	"fmt"
	"io"
	"os"
)

// readInto reads the file at p into buf (grown when too small).
func readInto(p string, buf []byte) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	n := int(fi.Size())
	if cap(buf) < n+1 {
		buf = make([]byte, 0, n+n/4+512)
	}
	buf = buf[:n+1] // one byte more, to see the end
	got, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return buf[:got], nil
	}
	if err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%s grew while it was read", p)
}
