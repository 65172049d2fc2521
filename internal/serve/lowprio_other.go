//go:build !linux

package serve

// lowPriority is a no-op where a thread's priority cannot be set alone.
func lowPriority() {}
