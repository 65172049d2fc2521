package search

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want string // primary terms, space-separated
	}{
		{"The parent's view", "parent view"},
		{"parents’ and carers' views", "parent carer view"},
		{"Don't wait", "dont wait"},
		{"multi-agency working", "multi agenc work"},
		{"Stoke-on-Trent", "stoke trent"},
		{"S17", "s17"},
		{"s.17 referral", "s17 referr"},
		{"Section 17 of the Children Act", "s17 children act"},
		{"SECTION 47 enquiries", "s47 enquiri"},
		{"section 17ZD and s17zd", "s17zd s17zd"},
		{"S47(1)(a)", "s47 1"},
		{"sections 47 and 17", "s47 17"},
		{"s/he is disabled", "disabl"},
		{"146,343 people; 8.6% were red; 2021/22", "146343 peopl 8.6 red 2021 22"},
		{"e.g. a, b or c", ""},
		{"Tier 1 – Universal", "tier 1 univers"},
		{"www.thurrock.gov.uk", "www thurrock gov uk"},
		{"Call 01782 232200", "call 01782 232200"},
		{"Children’s social care", "children social care"},
		{"safeguarding SAFEGUARD safeguarded", "safeguard safeguard safeguard"},
		{"Café über", "café über"},
	}
	for _, tt := range tests {
		got := strings.Join(Terms(tt.in), " ")
		if got != tt.want {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExtraTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"multi-agency", []string{"multiag"}},
		{"Multi‐agency", []string{"multiag"}}, // U+2010
		{"01782 232200", []string{"01782232200"}},
		{"01782-234234", []string{"01782234234"}},
		{"0800 3287822", []string{"08003287822"}},
		{"01375 652 802", []string{"01375652802"}},
		{"2021-2022", nil},   // no letter: not joined
		{"1989 2004", nil},   // not a phone number
		{"s.17-s.47", nil},   // parts split further: not joined
		{"07767179546", nil}, // already one token
	}
	for _, tt := range tests {
		got := analyze(tt.in).extra
		if len(got) == 0 {
			got = nil
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("extra(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStemming(t *testing.T) {
	same := [][]string{
		{"referral", "referrals"},
		{"refer", "refers", "referred", "referring"}, // referral/refer differ: synonyms.yaml joins them
		{"assess", "assessed", "assessing", "assesses"},
		{"disabled", "disability", "disabilities"},
		{"safeguarding", "safeguards", "safeguarded"},
		{"family", "families"},
		{"carer", "carers", "carer's"},
		{"protect", "protected", "protecting"},
	}
	for _, g := range same {
		want := Terms(g[0])
		for _, w := range g[1:] {
			if got := Terms(w); !slices.Equal(got, want) {
				t.Errorf("Terms(%q) = %v, want %v (as %q)", w, got, want, g[0])
			}
		}
	}
	// Porter2 special cases the client must mirror.
	for in, want := range map[string]string{"early": "earli", "news": "news", "proceeding": "proceed", "generously": "generous", "communication": "communic"} {
		if got := Terms(in); len(got) != 1 || got[0] != want {
			t.Errorf("Terms(%q) = %v, want [%s]", in, got, want)
		}
	}
}

func TestStopWordsShipped(t *testing.T) {
	ws := strings.Fields(stopList())
	if !slices.IsSorted(ws) || !slices.Contains(ws, "the") || !slices.Contains(ws, "also") {
		t.Fatalf("stop list: %v", ws)
	}
	for _, w := range ws {
		if len(Terms(w)) != 0 {
			t.Errorf("stop word %q is indexed", w)
		}
	}
}

// Rule 5a: "looked after" (a child in care) is one term, apart from "looking after" and
// "look after" (caring for someone), which stem to "look" once "after" is dropped.
func TestJoinedWords(t *testing.T) {
	for in, want := range map[string]string{
		"Looked after children":         "lookedafter children",
		"children looked-after by us":   "children lookedafter us",
		"I am looking after my son":     "look son",
		"she looks after her dad":       "look dad",
		"looked at the plan, after all": "look plan",
		"looked":                        "look",
	} {
		if got := strings.Join(Terms(in), " "); got != want {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
	docs := []Doc{
		{URL: "/in-care/", PageURL: "/in-care/", PageTitle: "Children in care", Text: "A looked after child lives with foster carers."},
		{URL: "/caring/", PageURL: "/caring/", PageTitle: "Caring at home", Text: "Looking after a child at home can be tiring: ask for a carers assessment."},
	}
	files := mustBuild(t, docs, Options{Synonyms: [][]string{{"looked after child", "children in care", "LAC"}}})
	for _, tt := range []struct{ q, want string }{
		{"looking after a child", "/caring/ /in-care/"},
		{"I look after my child", "/caring/ /in-care/"},
		{"looked after child", "/in-care/"},
		{"LAC", "/in-care/"},
		{"children in care", "/in-care/"},
	} {
		if got := strings.Join(urls(Query(files, tt.q, QueryOptions{})), " "); got != tt.want {
			t.Errorf("Query(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}
