package watch

import (
	"slices"
	"time"
)

// batcher folds paths into one batch: the batch is due debounce after its last path, or
// maxDelay after its first, whichever is sooner. It takes the time as an argument so its
// rules can be tested without a clock.
type batcher struct {
	debounce, maxDelay time.Duration
	pending            map[string]bool
	first, last        time.Time
}

// add records a changed path at time now.
func (b *batcher) add(p string, now time.Time) {
	if b.pending == nil {
		b.pending = map[string]bool{}
	}
	if len(b.pending) == 0 {
		b.first = now
	}
	b.pending[p] = true
	b.last = now
}

// due returns when the pending batch should be sent; false when nothing is pending.
func (b *batcher) due() (time.Time, bool) {
	if len(b.pending) == 0 {
		return time.Time{}, false
	}
	d := b.last.Add(b.debounce)
	if cap := b.first.Add(b.maxDelay); cap.Before(d) {
		d = cap
	}
	return d, true
}

// take returns the pending paths, sorted, and starts a new batch.
func (b *batcher) take() []string {
	out := make([]string, 0, len(b.pending))
	for p := range b.pending {
		out = append(out, p)
	}
	slices.Sort(out)
	clear(b.pending)
	return out
}
