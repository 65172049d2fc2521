package serve

import (
	"runtime"
	"syscall"
)

// lowPriority makes the calling goroutine's thread yield the CPU to everything else
// (nice 19): the search index, seconds of work on a large site, then takes no CPU from the
// next save's rebuild or from the browser reloading the page. The goroutine keeps the
// thread, which ends with it, so no other goroutine ever runs on it.
func lowPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 19)
}
