package build_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"signpost/internal/build"
)

// TestCancelDuringMarkdown: when the build's context is cancelled during the markdown
// stage (SIGTERM), Build returns within a second with an error, even while a page is still
// converting, and no later stage runs (issue 15, item 3).
func TestCancelDuringMarkdown(t *testing.T) {
	var b strings.Builder
	b.WriteString(incSite())
	for i := range 60 {
		fmt.Fprintf(&b, "\n-- content/parents/p%03d.md --\n%s", i, pg(fmt.Sprintf("Page %d", i), "", "Text.\n"))
	}
	dir := writeSite(t, b.String())
	bl := build.NewBuilder(testConfig(dir, false))
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	var converted atomic.Int32
	var slow atomic.Bool
	slow.Store(true)
	var stopAt time.Time
	build.SetPageHook(bl, func(string) {
		if converted.Add(1) == 5 {
			stopAt = time.Now()
			cancel(errors.New("SIGTERM"))
		}
		if slow.Load() {
			time.Sleep(300 * time.Millisecond) // a slow page: each worker is busy when it comes
		}
	})
	res, err := bl.Build(ctx)
	took := time.Since(stopAt)
	if err == nil {
		t.Fatal("a cancelled build succeeded")
	}
	if !strings.Contains(res.Diags.Error(), "build stopped: SIGTERM") {
		t.Errorf("diagnostics: %v", res.Diags)
	}
	if took > time.Second {
		t.Errorf("Build returned %v after cancel, want under 1s", took)
	}
	if n := converted.Load(); n > 10 {
		t.Errorf("%d pages started converting after the cancel", n-5)
	}
	if len(res.Files) != 0 || res.Stats.Rendered != nil {
		t.Errorf("a stopped build rendered pages: %v", res.Stats.Rendered)
	}
	// The builder recovers: the next update is a full, good build.
	slow.Store(false)
	if res, err := bl.Update(context.Background(), []string{"content/parents/p001.md"}); err != nil || !res.Stats.Full {
		t.Errorf("update after a stopped build: full=%v err=%v", res.Stats.Full, err)
	}
}
