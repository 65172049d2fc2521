//go:build unix

package build

import (
	"io"
	"math"
	"os"

	"golang.org/x/sys/unix"
)

// mapFile returns name's bytes mapped read-only into memory, for the build cache's Markdown
// shards (convCache.load): 160 MB at N=10,000, whose reading into the heap (a fresh page
// fault and a copy for every 4 KB) took 0.1-0.25 s of CPU, against 0.04 s mapped (the
// page cache's pages are mapped as they are, 64 KB a fault). unmap undoes the mapping of
// bytes nothing uses; bytes that are used stay mapped for good: entries' strings point
// into them for as long as a page uses them (a build process ends; a long-lived one
// leaves each shard's pages to the kernel to reclaim). Writing to the bytes faults, so
// they are only read. The cache's files are only ever replaced by rename
// (writeFileAtomic), never written in place or truncated, so the mapped file stays as it
// was checked; a file that cannot be mapped is read.
func mapFile(name string) (data []byte, unmap func(), err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if size := fi.Size(); fi.Mode().IsRegular() && size > 0 && size < math.MaxInt32 {
		if data, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_PRIVATE); err == nil {
			return data, func() { unix.Munmap(data) }, nil
		}
	}
	data, err = io.ReadAll(f)
	return data, func() {}, err
}
