//go:build unix

package publish

import (
	"fmt"
	"syscall"

	"signpost/internal/rawread"
)

// readInto reads the file at p into buf (grown when too small). It uses the system calls
// directly (rawread): os.Open also registers each file with the poller, several calls more
// per file for the tens of thousands of files a build reads back for the service worker's
// hash.
func readInto(p string, buf []byte) ([]byte, error) {
	fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", p, err)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, fmt.Errorf("stat %s: %w", p, err)
	}
	n := int(st.Size)
	if cap(buf) < n+1 {
		buf = make([]byte, 0, n+n/4+512)
	}
	data, err := rawread.Read(fd, buf[:n+1]) // one byte more, to see the end
	if err == rawread.ErrGrew {
		return nil, fmt.Errorf("%s grew while it was read", p)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return data, nil
}
