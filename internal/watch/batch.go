package watch

import (
	"slices"
	"time"
)

// batcher folds paths into one batch: the batch is due quick after its last path when
// every path of it was settled (written in place, there now), else debounce after it; or
// maxDelay after its first, whichever is sooner. It takes the time as an argument so its
// rules can be tested without a clock.
type batcher struct {
	debounce, quick, maxDelay time.Duration
	pending                   map[string]bool
	unsettled                 bool // a path of the batch was removed, renamed or is a new folder
	first, last               time.Time
}

// add records a changed path at time now; settled says the event was a write to (or the
// creation of) a plain file that is there now.
func (b *batcher) add(p string, now time.Time, settled bool) {
	if b.pending == nil {
		b.pending = map[string]bool{}
	}
	if len(b.pending) == 0 {
		b.first = now
		b.unsettled = false
	}
	b.pending[p] = true
	b.unsettled = b.unsettled || !settled
	b.last = now
}

// due returns when the pending batch should be sent; false when nothing is pending.
func (b *batcher) due() (time.Time, bool) {
	if len(b.pending) == 0 {
		return time.Time{}, false
	}
	quiet := b.debounce
	if !b.unsettled && b.quick < quiet {
		quiet = b.quick
	}
	d := b.last.Add(quiet)
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
