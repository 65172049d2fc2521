package blindset

import (
	"reflect"
	"testing"

	"signpost/internal/search"
)

func TestTargets(t *testing.T) {
	docs := []search.Doc{
		{URL: "/a/", PageTitle: "Aiming High", Text: "Aiming High offers short breaks. Call 01782 683129."},
		{URL: "/a/#carers-assessment", PageTitle: "Aiming High", Heading: "Carers Assessment", Text: "A carer’s assessment looks at the support you need as a carer for your child."},
		{URL: "/b/", PageTitle: "Other", Text: "Aiming High is one of the services. The teams assess on-going care needs and develop specialist packages of support for these children."},
	}
	m := NewMapper(docs)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Aiming High", []string{"/a/", "/a/#carers-assessment"}}, // short: titles and headings only
		{"Carers Assessment", []string{"/a/#carers-assessment"}},  // a heading
		{"A carer's assessment looks at the support you need", []string{"/a/#carers-assessment"}},
		{"The teams assess on-going care needs and develop specialist packages of support for these  children.", []string{"/b/"}},
		{"The teams assess ongoing care needs and develop specialist packages of support for these children", []string{"/b/"}}, // repaired text: trigrams
		{"Nothing here matches at all in any way", nil},
	} {
		got, _ := m.Targets(Entry{Answers: []Answer{{Text: c.text}}})
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
		}
	}
}

func TestRankScore(t *testing.T) {
	var s Score
	s.Add(Rank([]string{"/x/", "/y/"}, []string{"/y/"})) // 2
	s.Add(Rank([]string{"/y/"}, []string{"/y/"}))        // 1
	s.Add(Rank([]string{"/a/", "/b/", "/c/", "/y/"}, []string{"/y/"}))
	if s != (Score{N: 3, At1: 1, At3: 2}) {
		t.Errorf("score %+v", s)
	}
}

func TestCredited(t *testing.T) {
	cites := Citations{
		"/parents/a/#x":  {"/pro/b/#answer", "/pro/c/"},
		"/parents/d/":    {"/pro/b/"},        // the page, not the answering section
		"/parents/e/#y":  {"/parents/a/#x"},  // cites a credited section: one step only
		"/pro/b/#answer": {"/pro/b/#answer"}, // already a target
	}
	got := Credited([]string{"/pro/b/#answer"}, cites)
	if len(got) != 2 || got[0] != "/pro/b/#answer" || got[1] != "/parents/a/#x" {
		t.Fatalf("Credited = %v, want the target then /parents/a/#x", got)
	}
	if r := Rank([]string{"/parents/d/", "/parents/a/#x"}, got); r != 2 {
		t.Fatalf("rank %d, want 2", r)
	}
}
