package search

import (
	"slices"
	"testing"
)

// sourceCorpus is a plain-words page restating two guidance sections (Doc.Sources), and
// sections between them in rank for the queries of TestSourceBeside.
func sourceCorpus() []Doc {
	return []Doc{
		{URL: "/parents/plans/", PageURL: "/parents/plans/", PageTitle: "Family plans in plain words", Audience: []string{"parents"},
			Text:    "A family plan is help your family agrees to. You choose whether to take part in a family plan, and you can stop.",
			Sources: []string{"/guidance/plans/#consent", "/guidance/plans/", "/nowhere/#gone", "/parents/plans/"}},
		{URL: "/guidance/plans/", PageURL: "/guidance/plans/", PageTitle: "Plans", Audience: []string{"professionals"},
			Text: "The lead professional writes the plan with the family and reviews it."},
		{URL: "/guidance/plans/#consent", PageURL: "/guidance/plans/", PageTitle: "Plans", Heading: "Consent", Audience: []string{"professionals"},
			Text: "Taking part is voluntary: practitioners need consent before a family plan starts, and a family may stop."},
		{URL: "/other/#plan-review", PageURL: "/other/", PageTitle: "Reviews", Heading: "Family plan reviews",
			Text: "A family plan is reviewed every six weeks. The family plan review can stop the family plan or change who takes part."},
		{URL: "/other/#plan-form", PageURL: "/other/", PageTitle: "Reviews", Heading: "Family plan form",
			Text: "Write the family plan on the family plan form: who takes part, and when it may stop."},
		{URL: "/other/#weeks", PageURL: "/other/", PageTitle: "Reviews", Heading: "Timescales",
			Text: "Six weeks is the usual time between reviews of a plan."},
	}
}

func urlsOf(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.URL)
	}
	return out
}

// TestSourceBeside checks step 10 against the same index without sources: the only change
// is that a restated section matching the query well enough moves to just after the
// first result restating it.
func TestSourceBeside(t *testing.T) {
	docs := sourceCorpus()
	plain := slices.Clone(docs)
	for i := range plain {
		plain[i].Sources = nil
	}
	with, without := mustBuild(t, docs, Options{}), mustBuild(t, plain, Options{})
	for _, tc := range []struct {
		q    string
		want []string // the first results with sources; nil: as without
	}{
		// The consent section ranks below the plan review; it comes up beside the plain
		// words (second) that restate it.
		{"family plan take part stop", []string{"/other/#plan-form", "/parents/plans/", "/guidance/plans/#consent", "/other/#plan-review"}},
		// A query the source hardly matches (under sourceRatio of the plain words): no move.
		{"family plan agrees help choose", nil},
		// The source already ranks higher: no move.
		{"consent voluntary practitioners family plan", nil},
	} {
		a := urlsOf(Query(with, tc.q, QueryOptions{}))
		b := urlsOf(Query(without, tc.q, QueryOptions{}))
		if tc.want == nil {
			for _, h := range Query(with, tc.q, QueryOptions{}) {
				if h.Beside {
					t.Errorf("%q: %s marked Beside with no move", tc.q, h.URL)
				}
			}
			if !slices.Equal(a, b) {
				t.Errorf("%q: order changed:\n with    %v\n without %v", tc.q, a, b)
			}
			continue
		}
		if len(a) < len(tc.want) || !slices.Equal(a[:len(tc.want)], tc.want) {
			t.Errorf("%q: got %v, want first %v (without sources: %v)", tc.q, a, tc.want, b)
		}
		// Only the moved source is marked (the page labels it).
		for i, h := range Query(with, tc.q, QueryOptions{}) {
			if h.Beside != (i == 2) {
				t.Errorf("%q: result %d %s Beside %v", tc.q, i+1, h.URL, h.Beside)
			}
		}
		// Same results, only the source moved.

		if !slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))) {
			t.Errorf("%q: results differ: %v vs %v", tc.q, a, b)
		}
		if slices.Index(b, tc.want[2]) <= slices.Index(b, tc.want[1])+1 {
			t.Errorf("%q: the source was already beside its plain words without sources: %v", tc.q, b)
		}
	}
	// The plain words' other sources (a page introduction, a URL that is no section,
	// itself) are kept or ignored without error; meta lists only indexed sections.
	ix, err := Open(with)
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.sources) != 1 {
		t.Fatalf("sources: %v", ix.sources)
	}
	for d, ss := range ix.sources {
		if len(ss) != 2 || slices.Contains(ss, d) {
			t.Errorf("section %d restates %v, want the two guidance sections", d, ss)
		}
	}
}

// TestTypoInPhrase checks step 2a: a misspelt word of a group's phrase still makes the
// phrase, so the query finds what the phrase's group finds, as when spelt right.
func TestTypoInPhrase(t *testing.T) {
	docs := []Doc{
		{URL: "/respite/", PageURL: "/respite/", PageTitle: "Respite", Text: "Respite care gives carers time to rest."},
		{URL: "/walks/", PageURL: "/walks/", PageTitle: "Walks", Text: "Short walks with breaks for lunch."},
		{URL: "/other/", PageURL: "/other/", PageTitle: "Other", Text: "Something else entirely, for the term lists: shortly, brakes."},
	}
	files := mustBuild(t, docs, Options{Synonyms: [][]string{{"short breaks", "respite"}}})
	right := urlsOf(Query(files, "short breaks", QueryOptions{}))
	if len(right) == 0 || right[0] != "/respite/" {
		t.Fatalf("short breaks: %v, want /respite/ first", right)
	}
	for _, q := range []string{"shrot breaks", "short braeks", "respite or shrot breaks"} {
		got := urlsOf(Query(files, q, QueryOptions{}))
		if !slices.Contains(got, "/respite/") {
			t.Errorf("%q: %v, want /respite/ (the phrase short breaks, corrected)", q, got)
		}
	}
	// Two misspelt words that make no phrase stay two units.
	if got := urlsOf(Query(files, "shrot walsk", QueryOptions{})); slices.Contains(got, "/respite/") {
		t.Errorf("shrot walsk: %v", got)
	}
}
