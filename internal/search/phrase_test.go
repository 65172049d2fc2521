package search

import (
	"slices"
	"strings"
	"testing"
)

// TestCoordination: a section matching more of the query's units outranks one matching
// fewer, however strongly; a synonym group, an acronym or a typo correction counts as
// matching its query word.
func TestCoordination(t *testing.T) {
	docs := []Doc{
		{URL: "/many/", PageURL: "/many/", PageTitle: "Neglect", Heading: "", Text: "Neglect neglect neglect. Neglect is harm."},
		{URL: "/all/", PageURL: "/all/", PageTitle: "Guide", Text: "The toolkit helps practitioners spot neglect early in a long guide about many things."},
		{URL: "/respite/", PageURL: "/respite/", PageTitle: "Respite", Text: "Respite respite respite."},
		{URL: "/breaks/", PageURL: "/breaks/", PageTitle: "Services", Text: "Short breaks funding is agreed by the team."},
		{URL: "/mash/", PageURL: "/mash/", PageTitle: "MASH", Text: "The MASH MASH MASH."},
		{URL: "/hub/", PageURL: "/hub/", PageTitle: "Front door", Text: "The Multi-Agency Safeguarding Hub takes contacts by telephone."},
		{URL: "/toolkit/", PageURL: "/toolkit/", PageTitle: "Toolkit", Text: "Toolkit toolkit toolkit."},
	}
	opt := Options{
		Synonyms: [][]string{{"respite", "short breaks"}},
		Glossary: []Term{{Term: "MASH", Expansion: "Multi-Agency Safeguarding Hub"}},
	}
	files := mustBuild(t, docs, opt)
	tests := []struct {
		name, q string
		first   string // the section matching every unit
		beats   string // a section matching fewer units with a higher summed score
	}{
		{"plain words", "neglect toolkit", "/all/", "/many/"},
		{"synonym group", "respite funding", "/breaks/", "/respite/"},
		{"acronym", "mash contacts", "/hub/", "/mash/"},
		{"typo", "neglcet toolkit", "/all/", "/toolkit/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := urls(Query(files, tt.q, QueryOptions{}))
			i, j := slices.Index(got, tt.first), slices.Index(got, tt.beats)
			if i != 0 || j < 0 {
				t.Errorf("Query(%q) = %v, want %s first and %s after it", tt.q, got, tt.first, tt.beats)
			}
		})
	}
}

// TestPhraseBoost: the query's consecutive terms find the section whose title, heading or
// capitalised name has them side by side; the same words in the other order (no phrase)
// rank the competing section first, so the phrase is what decides.
func TestPhraseBoost(t *testing.T) {
	docs := []Doc{
		{URL: "/help/", PageURL: "/help/", PageTitle: "Support in the early years", Text: "Early years support for families, early and often."},
		{URL: "/svc/#early-support", PageURL: "/svc/", PageTitle: "Services", Heading: "Early support", Text: "A programme for young children."},
		{URL: "/plan/", PageURL: "/plan/", PageTitle: "Plan protection for the child", Text: "What happens next."},
		{URL: "/cpp/", PageURL: "/cpp/", PageTitle: "Child protection plan", Text: "What happens next."},
		{URL: "/sdt/", PageURL: "/sdt/", PageTitle: "Families", Text: "The team works with disabled children; the team visits disabled children at home."},
		{URL: "/tdc/", PageURL: "/tdc/", PageTitle: "Services", Text: "Our Team for Disabled Children covers Thurrock."},
	}
	files := mustBuild(t, docs, Options{})
	tests := []struct {
		name, q, rev string
		want, other  string
	}{
		{"heading", "early support", "support early", "/svc/#early-support", "/help/"},
		{"title", "child protection plan", "plan protection child", "/cpp/", "/plan/"},
		{"capitalised name in text", "team disabled children", "children disabled team", "/tdc/", "/sdt/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := urls(Query(files, tt.q, QueryOptions{})); len(got) == 0 || got[0] != tt.want {
				t.Errorf("Query(%q) = %v, want %s first", tt.q, got, tt.want)
			}
			if got := urls(Query(files, tt.rev, QueryOptions{})); len(got) == 0 || got[0] != tt.other {
				t.Errorf("Query(%q) = %v, want %s first (no phrase)", tt.rev, got, tt.other)
			}
		})
	}
	// Phrase pseudo-terms are in the postings but never in the term lists (no typo or
	// completion can land on one).
	for name, b := range files {
		if strings.HasPrefix(name, "search/t/") && strings.Contains(string(b), "~") {
			t.Errorf("%s lists a phrase: %s", name, b)
		}
	}
	if p := mustOpen(t, files).postings("earli~support"); len(p) != 2 {
		t.Errorf("postings(earli~support) = %v, want one section", p)
	}
}

func TestCapitalRuns(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Early Support is a government programme.", []string{"Early Support"}},
		{"Our Team for Disabled Children covers the area.", []string{"Our Team for Disabled Children"}},
		{"Call Early Help. Then Aiming High.", []string{"Call Early Help", "Then Aiming High"}},
		{"The MASH, then Children’s Social Care", []string{"The MASH", "Children’s Social Care"}},
		{"Ask the team. Nothing here", nil},
		{"Multi-Agency Safeguarding Hub (MASH)", []string{"Multi-Agency Safeguarding Hub"}},
	}
	for _, tt := range tests {
		if got := capitalRuns(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("capitalRuns(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func mustOpen(t *testing.T, files map[string][]byte) *Index {
	t.Helper()
	ix, err := Open(files)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}
