package readability

import (
	"reflect"
	"strings"
	"testing"

	"signpost/internal/site"
)

func TestCheckSentence(t *testing.T) {
	tests := []struct {
		in   string
		want []string // Kind:Text
	}{
		{"The MASH checks the form.", nil},
		{"The form is checked by the MASH.", []string{"passive:is checked"}},
		{"Parents were not told.", []string{"passive:were not told"}},
		{"Support has been given to the family.", []string{"passive:been given"}},
		{"They are disabled and we are worried.", nil},
		{"The form is called a CAF.", nil},
		{"It is red and the bed is used.", []string{"passive:is used"}},
		{"Workers liaise with schools in order to help.", []string{"plain-word:liaise", "plain-word:in order to"}},
		{"Services such as Early Help.", []string{"plain-word:such as"}},
		{"A keyboard is not a key word.", []string{"plain-word:key"}},
		{strings.Repeat("word ", 26), []string{"long:" + strings.Repeat("word ", 26)}},
		{strings.Repeat("word ", 25), nil},
		// Quoted guidance is the documents' own wording: not flagged.
		{`The guidance says: "Where a professional believes that a child or young person may be at imminent and significant risk of harm, consideration should be given to calling 999`, nil},
		{`It says "the referral should be made" and it is checked.`, []string{"passive:is checked"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range CheckSentence(tt.in) {
			got = append(got, string(p.Kind)+":"+p.Text)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("CheckSentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckPages(t *testing.T) {
	own := &site.Page{File: "content/own.md", URL: "/own/", Front: site.FrontMatter{Audience: []string{"parents"}, Source: &site.Source{Publisher: "Signpost"}},
		Statements: []site.Statement{{Line: 7, Col: 1, Text: "The form is checked by the MASH.", OwnWords: 7}, {Line: 9, Text: "Read more", OwnWords: 2}}}
	doc := &site.Page{File: "content/doc.md", URL: "/doc/", Front: site.FrontMatter{Audience: []string{"parents"}, Source: &site.Source{Publisher: "Council"}},
		Statements: []site.Statement{{Line: 3, Text: "The form is checked by the MASH.", OwnWords: 7}}}
	pro := &site.Page{File: "content/pro.md", URL: "/pro/", Front: site.FrontMatter{Audience: []string{"professionals"}, Source: &site.Source{Publisher: "Signpost"}},
		Statements: []site.Statement{{Line: 3, Text: "The form is checked by the MASH.", OwnWords: 7}}}
	ds, reps := Check(&site.Site{Pages: []*site.Page{doc, own, pro}}, "Signpost")
	if len(ds) != 1 || ds[0].String() != `content/own.md:7:1: warning: passive voice "is checked": "The form is checked by the MASH" (say who does it: "the MASH checks the form", not "the form is checked")` {
		t.Errorf("diags = %v", ds)
	}
	if len(reps) != 2 || reps[0].URL != "/own/" || !reps[0].Own || reps[1].Own || reps[0].Passive != 1 || reps[1].Passive != 1 || reps[0].Words != 7 {
		t.Errorf("reports = %+v", reps)
	}
	quoted := &site.Page{File: "content/q.md", URL: "/q/", Front: own.Front,
		Statements: []site.Statement{{Line: 1, Text: `The guide says: "Consideration should be given to calling 999."`, OwnWords: 10}}}
	_, qreps := Check(&site.Site{Pages: []*site.Page{quoted}}, "Signpost")
	if q := qreps[0]; q.Unquoted.Words != 3 || q.Words != 10 || q.Unquoted.ReadingAge() >= q.ReadingAge() {
		t.Errorf("quoted report = %+v", q)
	}
	table := Table(reps)
	if !strings.Contains(table, "| /own/ | plain words |") || !strings.Contains(table, "| /doc/ | reproduced |") {
		t.Errorf("table:\n%s", table)
	}
}
