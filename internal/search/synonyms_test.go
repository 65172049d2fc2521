package search

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestLoadSynonyms(t *testing.T) {
	src := "# comment\n- [respite, short breaks]\n- [son, daughter, =>, child]\n- [autism, autistic, ASD]\n"
	got, ds := LoadSynonyms("synonyms.yaml", []byte(src))
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	want := [][]string{{"respite", "short breaks"}, {"son", "daughter", "=>", "child"}, {"autism", "autistic", "ASD"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestLoadSynonymsErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // substring of the diagnostics, with file:line
	}{
		{"not a list", "respite: short breaks\n", "s.yaml:1:1: synonyms must be a list"},
		{"group not a list", "- [a1, b2]\n- respite\n", "s.yaml:2:3: a synonym group must be a list"},
		{"one member", "- [respite]\n", "s.yaml:1:3: a synonym group needs at least two members"},
		{"nested", "- [respite, [short, breaks]]\n", "s.yaml:1:13: a synonym must be a word or phrase"},
		{"repeat", "- [respite, short breaks, Respite]\n", `s.yaml:1:27: "Respite" is repeated`},
		{"stop words only", "- [respite, the, short breaks]\n", `s.yaml:1:13: "the" has only stop words`},
		{"arrow first", "- [=>, child, son]\n", `s.yaml:1:4: "=>" must stand once`},
		{"two arrows", "- [son, =>, kid, =>, child]\n", `s.yaml:1:18: "=>" must stand once`},
		{"syntax", "- [respite, short breaks\n", "s.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := LoadSynonyms("s.yaml", []byte(tt.src))
			if !ds.HasErrors() || !strings.Contains(ds.Error(), tt.want) {
				t.Fatalf("got %q, want an error containing %q", ds.Error(), tt.want)
			}
		})
	}
	// A repeated group is only a warning.
	_, ds := LoadSynonyms("s.yaml", []byte("- [a1, b2]\n- [B2, A1]\n"))
	if ds.HasErrors() || len(ds.Warnings()) != 1 || !strings.Contains(ds.Error(), "s.yaml:2:3: warning: this group repeats the group on line 1") {
		t.Fatalf("got %q", ds.Error())
	}
}

// The shipped data file must load cleanly.
func TestSynonymsFile(t *testing.T) {
	src, err := os.ReadFile("../../content/_data/synonyms.yaml")
	if err != nil {
		t.Skip("no content/_data/synonyms.yaml")
	}
	groups, ds := LoadSynonyms("content/_data/synonyms.yaml", src)
	if len(ds) > 0 {
		t.Fatal(ds.Error())
	}
	if len(groups) < 20 {
		t.Fatalf("only %d groups", len(groups))
	}
	if n := len(compileGroups(Options{Synonyms: groups})); n != len(groups) {
		t.Errorf("%d groups load but only %d compile: a member stems to the same terms as another", len(groups), n)
	}
}

func synCorpus() []Doc {
	return []Doc{
		{URL: "/mash/", PageURL: "/mash/", PageTitle: "The MASH", Text: "Referrals go to the MASH."},
		{URL: "/hub/", PageURL: "/hub/", PageTitle: "Front door", Text: "The Multi-Agency Safeguarding Hub screens every contact."},
		{URL: "/breaks/", PageURL: "/breaks/", PageTitle: "Breaks for carers", Text: "Short breaks give families time to recharge."},
		{URL: "/respite/", PageURL: "/respite/", PageTitle: "Overnight care", Text: "Respite can be provided overnight."},
		{URL: "/child/", PageURL: "/child/", PageTitle: "Your child", Text: "Every child develops at their own speed."},
		{URL: "/son/", PageURL: "/son/", PageTitle: "Brothers", Text: "My son and his brother share a room."},
		{URL: "/autism/", PageURL: "/autism/", PageTitle: "Assessment", Text: "An ASD diagnosis is not needed for support."},
	}
}

func synOptions() Options {
	return Options{
		Glossary: []Term{{"MASH", "Multi-Agency Safeguarding Hub"}},
		Synonyms: [][]string{{"respite", "short breaks"}, {"son", "daughter", "=>", "child"}, {"autism", "autistic", "ASD"}},
	}
}

func urls(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.URL)
	}
	return out
}

func TestAcronymEntries(t *testing.T) {
	for _, tt := range []struct {
		t    Term
		want bool
	}{
		{Term{"MASH", "Multi-Agency Safeguarding Hub"}, true},
		{Term{"GCP2", "Graded Care Profile 2"}, true},
		{Term{"C&F", "Children and Families"}, true},
		{Term{"Tier", "One of four levels of need"}, false},
		{Term{"Early Help", "Support for families"}, false},
		{Term{"ANTSER", "ANTSER (the name of a provider; not spelled out in the annual report)"}, false},
		{Term{"2021", "A year"}, false},
	} {
		if got := acronymEntry(tt.t); got != tt.want {
			t.Errorf("acronymEntry(%v) = %v", tt.t, got)
		}
	}
}

func TestSynonymsAndAcronyms(t *testing.T) {
	files, err := Build(synCorpus(), synOptions())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string // set of URLs found (order checked separately)
	}{
		{"mash", []string{"/mash/", "/hub/"}},
		{"MASH", []string{"/mash/", "/hub/"}},
		{"multi agency safeguarding hub", []string{"/mash/", "/hub/"}},
		{"multi-agency safeguarding hub", []string{"/mash/", "/hub/"}},
		{"respite", []string{"/breaks/", "/respite/"}},
		{"short breaks", []string{"/breaks/", "/respite/"}},
		{"short break", []string{"/breaks/", "/respite/"}},
		{"autistic", []string{"/autism/"}},
		{"son", []string{"/child/", "/son/"}}, // one-way: son finds child
		{"daughter", []string{"/child/", "/son/"}},
		{"child", []string{"/child/"}}, // but child does not find son
	}
	for _, tt := range tests {
		got := urls(Query(files, tt.q, QueryOptions{}))
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("Query(%q) = %v, want %v", tt.q, got, want)
		}
	}
}

// A misspelt group member finds what the right spelling finds: the typo correction brings
// its synonym group ("respitte" → respite → short breaks).
func TestTypoCorrectionGetsGroups(t *testing.T) {
	files := mustBuild(t, synCorpus(), synOptions())
	for _, q := range []string{"respitte", "respite"} {
		got := urls(Query(files, q, QueryOptions{}))
		if !slices.Contains(got, "/breaks/") || !slices.Contains(got, "/respite/") {
			t.Errorf("%q: got %v, want /breaks/ and /respite/", q, got)
		}
	}
}
