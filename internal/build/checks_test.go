package build_test

import (
	"slices"
	"strings"
	"testing"

	"signpost/internal/diag"
)

// TestUpdateContentChecks: the citation and readability checks, kept page by page across
// updates (Builder.contentChecks), report what a full build reports when the page itself
// changes and when only a page it cites changes (its own text and version unchanged).
func TestUpdateContentChecks(t *testing.T) {
	dir := writeSite(t, citedSite("Parents or carers must be told about a referral. {source: /doc/#consent}\n"))
	b := startBuilder(t, dir, true)
	of := func(ds diag.List) []string { // plain.md's diagnostics
		var out []string
		for _, d := range ds {
			if d.File == "content/plain.md" {
				out = append(out, d.String())
			}
		}
		return out
	}
	has := func(ds []string, sub string) bool {
		return slices.ContainsFunc(ds, func(d string) bool { return strings.Contains(d, sub) })
	}
	first, _ := b.Update(t.Context(), nil)
	before := of(first.Diags)
	if has(before, "the source says") {
		t.Fatalf("plain.md cites its source faithfully, yet: %q", before)
	}

	// The cited section softens its "must": the citing page, unchanged, now restates it
	// wrongly.
	editFile(t, dir, "content/doc.md", "must be informed", "may be informed")
	res, _ := b.Update(t.Context(), []string{"content/doc.md"})
	if got := of(res.Diags); !has(got, "the source says") {
		t.Errorf("after the cited section changed, plain.md's diagnostics are %q; want its must reported", got)
	}
	assertSameAsFullBuild(t, dir, true, res)

	// And back: as at first.
	editFile(t, dir, "content/doc.md", "may be informed", "must be informed")
	res, _ = b.Update(t.Context(), []string{"content/doc.md"})
	if got := of(res.Diags); !slices.Equal(got, before) {
		t.Errorf("after the cited section was put back, plain.md has %q, want %q", got, before)
	}
	assertSameAsFullBuild(t, dir, true, res)

	// The page itself: an uncited statement, and a sentence too long for plain words.
	appendFile(t, dir, "content/plain.md", "\nParents hear about a referral from the people who work with the family and who know the child and who have met the parents at home or at school or at the clinic before.\n")
	res, _ = b.Update(t.Context(), []string{"content/plain.md"})
	got := of(res.Diags)
	if !has(got, "cites no source") || !has(got, "words (more than") {
		t.Errorf("plain.md's diagnostics are %q; want the uncited statement and the long sentence", got)
	}
	assertSameAsFullBuild(t, dir, true, res)

	// An edit elsewhere keeps them.
	editFile(t, dir, "content/_index.md", "Welcome to the guidance.", "Welcome to this guidance.")
	res, _ = b.Update(t.Context(), []string{"content/_index.md"})
	if again := of(res.Diags); !slices.Equal(again, got) {
		t.Errorf("after an edit elsewhere plain.md's diagnostics are %q, want %q", again, got)
	}
	assertSameAsFullBuild(t, dir, true, res)
}
