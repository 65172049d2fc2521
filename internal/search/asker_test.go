package search

import (
	"os"
	"slices"
	"testing"
)

// askerCorpus exercises the rules of issue #10: page weights, link-only sections, contact
// questions, question words, the everyday vocabulary and best bets.
func askerCorpus() []Doc {
	same := "Social care may visit families to talk about the support a child needs."
	return []Doc{
		{URL: "/a-report/", PageURL: "/a-report/", PageTitle: "Annual report", Text: same, Weight: 0.5},
		{URL: "/guide/", PageURL: "/guide/", PageTitle: "Guide", Text: same},
		{URL: "/guide/#read-more", PageURL: "/guide/", PageTitle: "Guide", Heading: "Read more", Text: "What does a family support worker do? Family support worker pages."},
		{URL: "/worker/", PageURL: "/worker/", PageTitle: "Workers", Heading: "", Text: "A family support worker helps parents at home with routines and worries, and says what will happen next."},
		{URL: "/aiming/", PageURL: "/aiming/", PageTitle: "Aiming High", Text: "Aiming High runs activities for disabled children and young people across the city."},
		{URL: "/aiming/#contact", PageURL: "/aiming/", PageTitle: "Aiming High", Heading: "Queries", Text: "Aiming High (Tel 01782 683129)."},
		{URL: "/body/", PageURL: "/body/", PageTitle: "Impairments", Text: "A physical disability can affect how a child moves."},
		{URL: "/clubs/", PageURL: "/clubs/", PageTitle: "Short breaks", Text: "Short breaks give families a rest.", Keywords: []string{"holiday club"}},
		{URL: "/holiday/", PageURL: "/holiday/", PageTitle: "School holiday dates", Text: "The holiday club at the school is run by the PTA."},
	}
}

func askerOptions() Options {
	return Options{Vocabulary: Vocabulary{
		Everyday:      []Everyday{{Say: []string{"wheelchair", "walking frame"}, Find: []string{"physical disability"}}},
		QuestionWords: []string{"happen", "tell", "what", "please"},
		ContactWords:  []string{"phone", "number", "contact"},
		FigureWords:   []string{"figures", "statistics", "many"},
		LinkHeadings:  []string{"read more", "contents"},
	}}
}

func TestAskerRules(t *testing.T) {
	files := mustBuild(t, askerCorpus(), askerOptions())
	tests := []struct {
		name, q string
		want    []string // the first results, in order
	}{
		{"weight puts guidance above the report", "will social care visit my family", []string{"/guide/", "/a-report/"}},
		{"figure words ignore weights", "social care visit families statistics", []string{"/a-report/", "/guide/"}},
		{"a year is about figures", "social care visit 2021", []string{"/a-report/", "/guide/"}},
		{"read more sections rank below the answer", "what does a family support worker do", []string{"/worker/", "/guide/#read-more"}},
		{"contact questions reach the number", "aiming high phone number", []string{"/aiming/#contact", "/aiming/"}},
		{"question words need not match", "tell me what will happen with a family support worker", []string{"/worker/"}},
		{"only question words: they count", "what will happen", []string{"/worker/"}},
		{"everyday words reach the documents' terms", "my son uses a wheelchair", []string{"/body/"}},
		{"everyday phrase", "walking frame", []string{"/body/"}},
		{"best bet first", "holiday club", []string{"/clubs/", "/holiday/"}},
		{"best bet with two other words", "holiday club near me please now", []string{"/clubs/"}},
		{"best bet not for a longer question", "holiday club school pta dates", []string{"/holiday/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := urls(Query(files, tt.q, QueryOptions{}))
			if len(got) > len(tt.want) {
				got = got[:len(tt.want)]
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%q: got %v, want %v first", tt.q, got, tt.want)
			}
		})
	}
}

func TestLinkOnlySections(t *testing.T) {
	md := "Intro with a [link](/a/) and many other words here.\n\n## Read more\n\n- [PASS](/pass/)\n- [The MASH](/mash/)\n\n## Mostly text\n\n```\n# not a heading\n```\n\nSee [the MASH](/mash/) for how referrals are screened by the team.\n\n## Contents\n\n::: sections-az\n"
	got := LinkOnlySections(md)
	want := []bool{false, true, false, false}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// The shipped vocabulary must load without errors or warnings.
func TestVocabularyFile(t *testing.T) {
	src, err := os.ReadFile("../../content/_data/vocabulary.yaml")
	if err != nil {
		t.Skip("no content/_data/vocabulary.yaml")
	}
	v, ds := LoadVocabulary("content/_data/vocabulary.yaml", src)
	if len(ds) > 0 {
		t.Fatal(ds.Error())
	}
	if len(v.Everyday) < 30 || len(v.QuestionWords) == 0 || len(v.ContactWords) == 0 || len(v.FigureWords) == 0 {
		t.Errorf("vocabulary looks truncated: %d everyday entries", len(v.Everyday))
	}
}

func TestGoodResult(t *testing.T) {
	files := mustBuild(t, askerCorpus(), askerOptions())
	for _, tt := range []struct {
		q    string
		good bool
	}{
		{"family support worker", true},
		{"family support worker zebra giraffe penguin", true}, // 3 of 6 subject words: half is enough
		{"aiming zebra giraffe penguin", false},
		{"holiday club", true}, // best bet
	} {
		hits := Query(files, tt.q, QueryOptions{})
		if len(hits) == 0 {
			t.Errorf("%q: no hits", tt.q)
			continue
		}
		if hits[0].Good != tt.good {
			t.Errorf("%q: first hit good = %v, want %v", tt.q, hits[0].Good, tt.good)
		}
	}
}

func TestDefinitionQuestions(t *testing.T) {
	docs := []Doc{
		{URL: "/m/#the-mash-will", PageURL: "/m/", PageTitle: "MASH", Heading: "The MASH will", Text: "The MASH will screen referrals and share information quickly."},
		{URL: "/m/#what-is-mash", PageURL: "/m/", PageTitle: "MASH", Heading: "What is MASH?", Text: "The MASH is a single point of contact that gathers information from partner agencies."},
	}
	files := mustBuild(t, docs, Options{Vocabulary: Vocabulary{QuestionWords: []string{"mean"}}})
	for _, tt := range []struct{ q, want string }{
		{"what does mash mean", "/m/#what-is-mash"},
		{"what is the mash", "/m/#what-is-mash"},
		{"mash screen referrals", "/m/#the-mash-will"},
	} {
		if got := urls(Query(files, tt.q, QueryOptions{})); len(got) == 0 || got[0] != tt.want {
			t.Errorf("%q: got %v, want %s first", tt.q, got, tt.want)
		}
	}
}

func TestStarts(t *testing.T) {
	for _, xs := range [][]int{nil, {0}, {0, 1, 2, 40, 41, 2000, 75000, 1 << 30}} {
		s := encodeStarts(xs)
		if got := decodeStarts(s); !slices.Equal(got, xs) {
			t.Errorf("%v → %q → %v", xs, s, got)
		}
		if b := mustJSON(s); string(b) != `"`+s+`"` {
			t.Errorf("%q needs escaping in JSON: %s", s, b)
		}
	}
}

// A question, contact or figure word of several words ("get in touch", "annual report")
// shapes a query only where the query holds it as a phrase: "touched" is not a contact
// word and "report" alone does not make a question about figures. (An entry whose other
// words are stop words, "help me", is one term, "help", as before.)
func TestShapePhrases(t *testing.T) {
	docs := []Doc{
		{URL: "/report/", PageURL: "/report/", PageTitle: "Annual report", Text: "Report a concern about a child to the team.", Weight: 0.5},
		{URL: "/guide/", PageURL: "/guide/", PageTitle: "Guide", Text: "Report a concern about a child to the team."},
		{URL: "/team/", PageURL: "/team/", PageTitle: "Contacts", Text: "Get in touch with the team on 01782 683129."},
		{URL: "/touched/", PageURL: "/touched/", PageTitle: "Abuse", Text: "Someone touched a child: tell the team."},
		{URL: "/families/", PageURL: "/families/", PageTitle: "Families", Text: "Families and children."},
	}
	opt := Options{Vocabulary: Vocabulary{
		QuestionWords: []string{"tell me"},
		ContactWords:  []string{"get in touch"},
		FigureWords:   []string{"annual report", "how many"},
	}}
	files := mustBuild(t, docs, opt)
	for _, tt := range []struct{ q, want string }{
		{"report a concern", "/guide/"},          // "report" alone: weights apply
		{"annual report concern", "/report/"},    // the phrase: a question about figures
		{"touched team", "/touched/"},            // no contact boost for "touched"
		{"get in touch with the team", "/team/"}, // the phrase is a contact question
	} {
		if got := urls(Query(files, tt.q, QueryOptions{})); len(got) == 0 || got[0] != tt.want {
			t.Errorf("%q: got %v, want %s first", tt.q, got, tt.want)
		}
	}
	ix, err := Open(files)
	must(t, err)
	for _, tt := range []struct {
		q   string
		opt []bool
	}{
		{"touched", []bool{false}},
		{"get in touch families", []bool{true, true, false}},
	} {
		var got []bool
		for _, u := range ix.plan(tt.q, false) {
			got = append(got, u.opt)
		}
		if !slices.Equal(got, tt.opt) {
			t.Errorf("plan(%q): optional units %v, want %v", tt.q, got, tt.opt)
		}
	}
}

// A say phrase of stop words and one other word ("living with me", "time off") is matched
// on the query's words, endings ignored: it no longer makes every "live" or "time", in a
// query or a document, stand for its entry.
func TestWordPhrases(t *testing.T) {
	docs := []Doc{
		{URL: "/live/", PageURL: "/live/", PageTitle: "Where families live", Text: "Families live across the city and spend time together."},
		{URL: "/pf/", PageURL: "/pf/", PageTitle: "Private fostering", Text: "Children who are privately fostered."},
		{URL: "/breaks/", PageURL: "/breaks/", PageTitle: "Short breaks", Text: "Short breaks for disabled children."},
	}
	opt := Options{Vocabulary: Vocabulary{Everyday: []Everyday{
		{Say: []string{"living with me", "nephew"}, Find: []string{"privately fostered"}},
		{Say: []string{"time off", "break"}, Find: []string{"short breaks"}},
	}}}
	files := mustBuild(t, docs, opt)
	for _, tt := range []struct {
		q        string
		has, not []string
	}{
		{"where do families live", []string{"/live/"}, []string{"/pf/"}},
		{"time together", []string{"/live/"}, []string{"/breaks/"}},
		{"my nephew is living with me", []string{"/pf/"}, nil},
		{"she lives with me", []string{"/pf/"}, nil},
		{"i need time off", []string{"/breaks/"}, nil},
	} {
		got := urls(Query(files, tt.q, QueryOptions{}))
		for _, u := range tt.has {
			if !slices.Contains(got, u) {
				t.Errorf("%q: got %v, want %s among them", tt.q, got, u)
			}
		}
		for _, u := range tt.not {
			if slices.Contains(got, u) {
				t.Errorf("%q: got %v, want no %s", tt.q, got, u)
			}
		}
	}
	ix, err := Open(files)
	must(t, err)
	for _, tt := range []struct {
		q     string
		units int
		alts  []int // alternatives of each unit
	}{
		{"live", 1, []int{1}},
		{"living with me", 1, []int{2}}, // live + the group, one unit
		{"nephew living with me", 2, []int{2, 2}},
	} {
		us := ix.plan(tt.q, false)
		var n []int
		for _, u := range us {
			n = append(n, len(u.alts))
		}
		if len(us) != tt.units || !slices.Equal(n, tt.alts) {
			t.Errorf("plan(%q): alternatives per unit %v, want %v", tt.q, n, tt.alts)
		}
	}
	if got := wordPhrase("down syndrome"); !slices.Equal(got, []string{"down", "syndrom"}) {
		t.Errorf("wordPhrase(down syndrome) = %v", got)
	}
	for _, s := range []string{"section 17", "short breaks", "live"} {
		if got := wordPhrase(s); got != nil {
			t.Errorf("wordPhrase(%q) = %v, want nil", s, got)
		}
	}
}
