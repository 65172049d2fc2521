package search

import (
	"bytes"
	"crypto/sha256"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// BuildReusing gives Build's files byte for byte, whatever it reuses: after a one-section
// edit it analyses only that section and compresses again only the files whose JSON
// changed, and entries for other text or JSON are never used.
func TestBuildReusingIsBuild(t *testing.T) {
	docs := syntheticCorpus(300)
	opt := synOptions()
	clean, err := Build(docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	files, first, err := BuildReusing(docs, opt, &Reuse{})
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "no reuse", files, clean)
	gzCount := 0
	for k := range clean {
		if strings.HasSuffix(k, ".gz") {
			gzCount++
		}
	}
	if len(first.Gz) == 0 || len(first.Gz) > gzCount || first.Docs.state == nil || len(first.Docs.state.keys) != len(docs) {
		t.Fatalf("%d compressed entries for %d compressed files, no state for %d docs", len(first.Gz), gzCount, len(docs))
	}

	// Through the cache's encoding.
	enc, err := first.Docs.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var dec Analyses
	if err := dec.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	entries := &Reuse{Gz: first.Gz, Docs: &dec}

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
	edited[len(edited)/3].Heading += " and more"
	want, err := Build(edited, opt)
	if err != nil {
		t.Fatal(err)
	}
	// An entry for other JSON must never be used: spoil one whose JSON is not in this index.
	spoilt := &Reuse{Gz: maps.Clone(entries.Gz), Docs: entries.Docs}
	spoilt.Gz[sha256.Sum256([]byte("not an index file"))] = []byte("garbage")
	before := analysed.Load()
	got, next, err := BuildReusing(edited, opt, spoilt)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "one section edited", got, want)
	reused, fresh := 0, 0
	for sum, c := range next.Gz {
		if old, ok := entries.Gz[sum]; ok && len(c) > 0 && &old[0] == &c[0] {
			reused++
		} else {
			fresh++
		}
	}
	if fresh == 0 || reused < fresh {
		t.Errorf("after a one-section edit: %d files reused, %d compressed again; want most reused and some fresh", reused, fresh)
	}
	if n := analysed.Load() - before; n != 2 {
		t.Errorf("after editing two sections %d sections analysed, want 2", n)
	}
	// A chain of builds: the next one reuses this one's analyses.
	edited[0].Text += " Another edit."
	want, _ = Build(edited, opt)
	got, _, err = BuildReusing(edited, opt, next)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "second edit", got, want)

	// A section's anchor and a page's URL changed, texts unchanged: their fragment files
	// (keyed by what they are made from, URLs included) are made again.
	moved := append([]Doc(nil), edited...)
	moved[5].URL += "-moved"
	for i := range moved {
		if moved[i].PageURL == moved[7].PageURL {
			old := moved[i].PageURL
			moved[i].PageURL = strings.TrimSuffix(old, "/") + "-moved/"
			moved[i].URL = moved[i].PageURL + moved[i].URL[len(old):]
		}
	}
	want, _ = Build(moved, opt)
	got, _, err = BuildReusing(moved, opt, next)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "URLs changed", got, want)

	// Other options (a synonym more): nothing is taken from analyses made under the old ones.
	opt2 := opt
	opt2.Synonyms = append(append([][]string(nil), opt.Synonyms...), []string{"weather", "climate"})
	want, _ = Build(edited, opt2)
	before = analysed.Load()
	got, _, err = BuildReusing(edited, opt2, next)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "other options", got, want)
	if n := analysed.Load() - before; n != int64(len(edited)) {
		t.Errorf("under other options %d of %d sections analysed, want all", n, len(edited))
	}

	// A page added: a full build, which takes every other section's counts from the state.
	added := append(slices.Clone(edited), Doc{URL: "/zz-new/", PageURL: "/zz-new/", PageTitle: "A new page", Text: "About the weather."})
	want, _ = Build(added, opt)
	before = analysed.Load()
	got, _, err = BuildReusing(added, opt, next)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "page added", got, want)
	if n := analysed.Load() - before; n != 2 { // the new section, and edited[0] (edited since next)
		t.Errorf("after adding a section %d sections analysed, want 2", n)
	}
}

// Malformed analyses are an error; analyses that decode never make a build fail.
func TestAnalysesUnmarshalRejects(t *testing.T) {
	docs := syntheticCorpus(20)
	_, r, err := BuildReusing(docs, synOptions(), &Reuse{})
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := r.Docs.MarshalBinary()
	for cut := 0; cut < len(enc); cut += 1 + len(enc)/200 {
		var a Analyses
		if a.UnmarshalBinary(enc[:cut]) == nil {
			t.Fatalf("truncated at %d of %d: no error", cut, len(enc))
		}
	}
	edited := slices.Clone(docs)
	edited[3].Text += " More text."
	for i := len(analysesMagic); i < len(enc); i += 1 + len(enc)/300 {
		spoilt := bytes.Clone(enc)
		spoilt[i] ^= 0x5a
		var a Analyses
		if a.UnmarshalBinary(spoilt) == nil {
			// Still well formed (a changed count or letter): building from it must not
			// fail, with one section edited (postingsFast) or one more (postingsFull).
			for _, ds := range [][]Doc{edited, append(slices.Clone(edited), Doc{URL: "/zz/", PageURL: "/zz/", Text: "New."})} {
				if _, _, err := BuildReusing(ds, synOptions(), &Reuse{Gz: r.Gz, Docs: &a}); err != nil {
					t.Fatal(err)
				}
			}
		}
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

// oneLine's fast path gives what the long way gives.
func TestOneLineFastPath(t *testing.T) {
	slow := func(s string) string {
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s)
		return strings.Join(strings.Fields(s), " ")
	}
	for _, s := range []string{"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "a\nb", "a\u00a0b", "a\u0085b", "a\u2003b", "é è", "x\x7fy",
		"Early help  ", "Call 01234 567890.", "naïve café – “quoted”", "a\u200bb", "\u3000a", "tab\t", "ok ok ok"} {
		if got, want := oneLine(s), slow(s); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
		for _, max := range []int{0, 1, 3, 8, 100} {
			_ = clipText(s, max)
		}
	}
	long := strings.Repeat("é word ", 400)
	if got := clipText(long, 1500); utf8.RuneCountInString(got) > 1502 {
		t.Errorf("clipText kept %d characters", utf8.RuneCountInString(got))
	}
}
