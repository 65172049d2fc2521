package search

import (
	"bytes"
	"crypto/sha256"
	"maps"
	"testing"
)

// BuildReusing gives Build's files byte for byte, whatever it reuses: after a one-section
// edit it compresses again only the files whose JSON changed, and entries for other JSON
// are never used.
func TestBuildReusingIsBuild(t *testing.T) {
	docs := syntheticCorpus(300)
	opt := synOptions()
	clean, err := Build(docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	files, entries, err := BuildReusing(docs, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "no reuse", files, clean)
	gzCount := 0
	for k := range clean {
		if len(k) > 3 && k[len(k)-3:] == ".gz" {
			gzCount++
		}
	}
	if len(entries) == 0 || len(entries) > gzCount {
		t.Fatalf("%d entries for %d compressed files", len(entries), gzCount)
	}

	// Reusing everything of the same input.
	again, _, err := BuildReusing(docs, opt, entries)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "same input", again, clean)

	// One section edited: the index is the clean build's of the edited input, and most
	// compressed files came from entries (the same bytes slice).
	edited := append([]Doc(nil), docs...)
	edited[len(edited)/2].Text += " A sentence more about the weather."
	want, err := Build(edited, opt)
	if err != nil {
		t.Fatal(err)
	}
	// An entry for other JSON must never be used: spoil one whose JSON is not in this index.
	spoilt := maps.Clone(entries)
	spoilt[sha256.Sum256([]byte("not an index file"))] = []byte("garbage")
	got, next, err := BuildReusing(edited, opt, spoilt)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "one section edited", got, want)
	reused, fresh := 0, 0
	for sum, c := range next {
		if old, ok := entries[sum]; ok && len(c) > 0 && &old[0] == &c[0] {
			reused++
		} else {
			fresh++
		}
	}
	if fresh == 0 || reused < fresh {
		t.Errorf("after a one-section edit: %d files reused, %d compressed again; want most reused and some fresh", reused, fresh)
	}
}

func sameFiles(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Errorf("%s: %s differs from a clean build", what, k)
		}
	}
}
