package render

import (
	"sync"
	"testing"
)

// TestImportTracker: an imported Tracker numbers every query as the exported one did,
// also when renders look queries up at once, as soon as it is made (the map from query to
// number is made on a goroutine); a query it did not know gets the next number; an
// unknown query name is refused.
func TestImportTracker(t *testing.T) {
	orig := NewTracker()
	var want []Dep
	for i := range 500 {
		for _, q := range []string{"front", "html", "prev"} {
			d := Dep{q, "/p" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "/"}
			want = append(want, d)
			if id := orig.id(d); int(id) != len(want)-1 {
				t.Fatalf("id(%v) = %d, want %d", d, id, len(want)-1)
			}
		}
	}
	for range 3 {
		imp, err := ImportTracker(orig.Export())
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := w; i < len(want); i += 4 {
					if id := imp.id(want[i]); int(id) != i {
						t.Errorf("imported: id(%v) = %d, want %d", want[i], id, i)
					}
				}
			})
		}
		wg.Wait()
		if id := imp.id(Dep{"html", "/new/"}); int(id) != len(want) {
			t.Errorf("a new query: %d, want %d", id, len(want))
		}
	}
	empty, err := ImportTracker(nil)
	if err != nil || empty.id(Dep{"html", "/"}) != 0 {
		t.Errorf("empty tracker: %v", err)
	}
	if _, err := ImportTracker([]Dep{{"html", "/"}, {"no-such-query", "/"}}); err == nil {
		t.Error("an unknown query was imported")
	}
}
