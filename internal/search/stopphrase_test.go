package search

import (
	"slices"
	"strings"
	"testing"
)

// Stop phrases: a vocabulary say phrase made only of stop words ("do i have to") matches
// the query's words before stop words are dropped, and brings its entry's find words.
func TestStopPhrases(t *testing.T) {
	docs := []Doc{
		{URL: "/consent/", PageURL: "/consent/", PageTitle: "Working with parents", Text: "Services are offered with the consent of parents."},
		{URL: "/meeting/", PageURL: "/meeting/", PageTitle: "Meetings", Text: "Go to the meeting with your worker."},
	}
	opt := Options{Vocabulary: Vocabulary{Everyday: []Everyday{{Say: []string{"voluntary", "do i have to"}, Find: []string{"consent"}}}}}
	files := mustBuild(t, docs, opt)
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"do i have to", []string{"/consent/"}},
		{"Do I have-to?", []string{"/consent/"}},
		{"what do i have to do", []string{"/consent/"}},
		{"have to", nil},        // not the whole phrase
		{"do you have to", nil}, // a different word
		{"i have to do", nil},   // the words in another order
		{"do i have to go to the meeting", []string{"/meeting/", "/consent/"}}, // consent: 1 unit of 3
	} {
		got := urls(Query(files, tt.q, QueryOptions{}))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestStopPhraseVocabulary(t *testing.T) {
	for _, tt := range []struct {
		src, err string
	}{
		{"everyday:\n- {say: [do i have to, voluntary], find: [consent]}\n", ""},
		{"everyday:\n- {say: [the], find: [consent]}\n", "only stop words"},
		{"everyday:\n- {say: [voluntary], find: [do i have to]}\n", "only stop words"},
		{"question_words: [what]\ncontact_words: [to be]\n", "only stop words"},
		{"everyday:\n- {say: [do i have to], find: [consent]}\n- {say: [do I have-to], find: [agree]}\n", "already said"},
		// word phrases: keyed on their words, endings ignored
		{"everyday:\n- {say: [living with me, lives with me], find: [privately fostered]}\n", "repeats a word of this list"},
		{"everyday:\n- {say: [living with me], find: [privately fostered]}\n- {say: [lives with me], find: [family]}\n", "already said"},
		{"everyday:\n- {say: [living with me, live], find: [privately fostered]}\n", ""},
		// a find phrase that is one word besides small words
		{"everyday:\n- {say: [after school care], find: [out of hours]}\n", `finds every page with the word "hours"`},
		// "looked after" is one term (tokeniser rule 5a), not the word "looked"
		{"everyday:\n- {say: [taken into care], find: [looked after]}\n", ""},
		{"everyday:\n- {say: [taken into care], find: [looked after children, Section 20]}\n", ""},
	} {
		_, ds := LoadVocabulary("v.yaml", []byte(tt.src))
		got := ""
		for _, d := range ds {
			got += d.String() + "\n"
		}
		if tt.err == "" && got != "" || tt.err != "" && !strings.Contains(got, tt.err) {
			t.Errorf("%q: got %q, want %q", tt.src, got, tt.err)
		}
	}
}

// A query naming an area ranks that area's sections (and those of no area) above the
// sections of other areas; a typo of the name counts.
func TestNamedArea(t *testing.T) {
	docs := []Doc{
		{URL: "/s/", PageURL: "/s/", PageTitle: "Short breaks", Text: "Short breaks.", Areas: []string{"stoke-on-trent"}},
		{URL: "/t/", PageURL: "/t/", PageTitle: "Short breaks", Text: "Short breaks for disabled children and their families.", Areas: []string{"thurrock"}},
		{URL: "/c/", PageURL: "/c/", PageTitle: "Contacts", Text: "Thurrock Council.", Areas: []string{"thurrock"}},
	}
	files := mustBuild(t, docs, tinyOptions())
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"short breaks", []string{"/s/", "/t/"}},
		{"short breaks thurrock", []string{"/t/", "/s/"}},
		{"short breaks thurock", []string{"/t/", "/s/"}},
		{"short breaks stoke", []string{"/s/", "/t/"}},
	} {
		got := urls(Query(files, tt.q, QueryOptions{}))
		got = slices.DeleteFunc(got, func(u string) bool { return u == "/c/" })
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.q, got, tt.want)
		}
	}
}

// A word phrase's group joins the unit of its one term even when that term is a question
// word, and the unit is then required ("tell me" → informed: the phrase names the subject).
func TestWordPhraseOnQuestionWord(t *testing.T) {
	docs := []Doc{
		{URL: "/informed/", PageURL: "/informed/", PageTitle: "Referrals", Text: "Parents are informed before a referral is made."},
		{URL: "/school/", PageURL: "/school/", PageTitle: "Schools", Text: "The school and its teachers."},
	}
	opt := Options{Vocabulary: Vocabulary{
		QuestionWords: []string{"tell"},
		Everyday:      []Everyday{{Say: []string{"tell me"}, Find: []string{"informed"}}},
	}}
	files := mustBuild(t, docs, opt)
	ix, err := Open(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    string
		opt  []bool // each unit's optional flag
		want []string
	}{
		// "tell" with "me" is the word phrase: its unit is required and has the group, so
		// the section saying parents are informed matches half the question (each section
		// matches one required unit of two)
		{"will the school tell me", []bool{false, false}, []string{"/informed/", "/school/"}},
		// "tell" alone is a question word: optional, no group
		{"will the school tell", []bool{false, true}, []string{"/school/"}},
	} {
		var got []bool
		for _, u := range ix.plan(tt.q, false) {
			got = append(got, u.opt)
		}
		if !slices.Equal(got, tt.opt) {
			t.Errorf("%q: units optional %v, want %v", tt.q, got, tt.opt)
		}
		hits := urls(ix.Query(tt.q, QueryOptions{}))
		slices.Sort(hits)
		if !slices.Equal(hits, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.q, hits, tt.want)
		}
	}
}
