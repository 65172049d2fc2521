package citation

import (
	"strings"
	"testing"

	"signpost/internal/diag"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// testSite has a Thurrock source page, a Stoke-on-Trent source page and one Signpost page
// (for parents, both areas) whose body is the test case.
func testSite(t *testing.T, body string) *site.Site {
	t.Helper()
	s := &site.Site{
		Config: site.Config{Areas: map[string]site.Area{"thurrock": {Name: "Thurrock"}, "stoke-on-trent": {Name: "Stoke-on-Trent"}}},
		ByURL:  map[string]*site.Page{},
	}
	add := func(file, url, publisher string, areas []string, audience []string, md string) {
		p := &site.Page{File: file, URL: url, Front: site.FrontMatter{Area: areas, Audience: audience, Source: &site.Source{Publisher: publisher}}}
		r := markdown.New().Convert([]byte(md), markdown.Env{File: file, BodyLine: 1})
		if len(r.Diags) > 0 {
			t.Fatalf("%s: %v", file, r.Diags)
		}
		p.Sections, p.Statements = r.Sections, r.Statements
		s.Pages = append(s.Pages, p)
		s.ByURL[url] = p
	}
	add("content/mash.md", "/mash/", "Thurrock LSCP", []string{"thurrock"}, nil,
		"## Consent\n\nIn principle, parents or carers must be informed that a service is making a referral to social care. "+
			"The MASH should acknowledge referrals within one working day of receipt.\n\n## Tiers\n\nPASS supports families at Tier 2.\n")
	add("content/guide.md", "/guide/", "Stoke-on-Trent City Council", []string{"stoke-on-trent"}, nil,
		"## Criteria\n\nRigid eligibility criteria are not set: each referral will be assessed on each child's individual needs.\n")
	add("content/plain.md", "/plain/", Publisher, []string{"thurrock", "stoke-on-trent"}, []string{"parents"}, body)
	return s
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // diagnostics, as strings, in order
	}{
		{"faithful", "## In Thurrock\n\nParents or carers must be told that a service is making a referral to social care. {source: /mash/#consent}\n", nil},
		{"uncited", "## In Thurrock\n\nParents are told about referrals.\n",
			[]string{`content/plain.md:3:1: warning: statement cites no source: "Parents are told about referrals."`}},
		{"about the site", "This site has two areas. {source: site}\n", nil},
		{"navigation needs no citation", "Read [the MASH page](/mash/).\n\n- [Guide](/guide/) (Stoke-on-Trent)\n", nil},
		{"lead-in passes its citation to the list", "## In Thurrock\n\nThe MASH: {source: /mash/#consent}\n\n- should acknowledge referrals within one working day\n", nil},
		{"lead-in without citation leaves items to cite", "## In Thurrock\n\nThe MASH:\n\n- should acknowledge referrals within one working day\n",
			[]string{`content/plain.md:5:3: warning: statement cites no source`}},
		{"must softened", "## In Thurrock\n\nUsually parents or carers are told that a service is making a referral to social care. {source: /mash/#consent}\n",
			[]string{`content/plain.md:3:88: warning: the source says "must"`}},
		{"number changed", "## In Thurrock\n\nThe MASH should acknowledge referrals within two working days. {source: /mash/#consent}\n",
			[]string{`content/plain.md:3:64: warning: "2 working" is not in the cited section /mash/#consent`}},
		{"wrong section", "## In Thurrock\n\nPASS supports families at Tier 2. {source: /mash/#consent}\n",
			[]string{`"PASS" is not in the cited section`, `"Tier 2" is not in the cited section`}},
		{"other area's guidance", "## In Thurrock\n\nEach referral will be assessed on each child's individual needs. {source: /guide/#criteria}\n",
			[]string{`content/plain.md:3:66: a statement for Thurrock cites Stoke-on-Trent guidance (/guide/)`}},
		{"one area's guidance shown to both", "Each referral will be assessed on each child's individual needs. {source: /guide/#criteria}\n",
			[]string{`content/plain.md:1:66: a statement shown for Thurrock and Stoke-on-Trent cites only Stoke-on-Trent guidance`}},
		{"one area's guidance shown to both, saying whose", "The Stoke-on-Trent guide says each referral will be assessed on each child's individual needs. {source: /guide/#criteria}\n", nil},
		{"both areas cited", "Parents must be informed about a referral. Each referral will be assessed on each child's individual needs. {source: /mash/#consent, /guide/#criteria}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, _ := Check(testSite(t, tt.body), false)
			if len(ds) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(ds), len(tt.want), strs(ds))
			}
			for i, w := range tt.want {
				if !strings.Contains(ds[i].String(), w) {
					t.Errorf("diagnostic %d = %s\nwant it to contain %s", i, ds[i], w)
				}
			}
		})
	}
}

func TestStrict(t *testing.T) {
	s := testSite(t, "## In Thurrock\n\nParents are told about referrals.\n\nThe MASH must acknowledge referrals within one working day of receipt. {source: /mash/#consent}\n")
	ds, rep := Check(s, false)
	if ds.HasErrors() || len(ds) != 2 {
		t.Errorf("not strict: want 2 warnings, got\n%s", strs(ds))
	}
	ds, _ = Check(s, true)
	if len(ds.Errors()) != 2 {
		t.Errorf("strict: want 2 errors, got\n%s", strs(ds))
	}
	if rep.Statements != 2 || rep.Cited != 1 || rep.Uncited != 1 || rep.Modals != 1 {
		t.Errorf("report %+v", rep)
	}
}

func TestScope(t *testing.T) {
	s := testSite(t, "Uncited.\n")
	// The source pages are not the site's own, so their uncited text is never reported.
	for _, p := range s.Pages[:2] {
		if InScope(p) {
			t.Errorf("%s in scope", p.File)
		}
	}
	own := &site.Page{Front: site.FrontMatter{Source: &site.Source{Publisher: Publisher}}}
	if InScope(own) {
		t.Errorf("a Signpost page with no parents audience and no citations is in scope")
	}
	own.Statements = []site.Statement{{Cites: []string{"/mash/"}}}
	if !InScope(own) {
		t.Errorf("a Signpost page with a citation is out of scope")
	}
}

func TestSection(t *testing.T) {
	s := testSite(t, "x\n")
	_, text, ok := Section(s, "/mash/#tiers")
	if !ok || !strings.Contains(text, "Tier 2") || strings.Contains(text, "informed") {
		t.Errorf("Section(#tiers) = %q, %v", text, ok)
	}
	_, text, _ = Section(s, "/mash/")
	if !strings.Contains(text, "Tier 2") || !strings.Contains(text, "informed") {
		t.Errorf("Section(page) = %q", text)
	}
	if _, _, ok := Section(s, "/nowhere/"); ok {
		t.Errorf("Section(/nowhere/) resolved")
	}
}

func strs(ds diag.List) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// CheckText is what a data file's texts with source anchors use (cwd.yaml's routes).
func TestCheckText(t *testing.T) {
	s := testSite(t, "x\n")
	tests := []struct {
		text Text
		want []string
	}{
		{Text{File: "content/_data/cwd.yaml", Line: 4, Col: 7, Areas: []string{"thurrock"}, Text: "Parents must be informed about a referral.", Claim: "Parents must be informed about a referral.", Cites: []string{"/mash/#consent"}}, nil},
		{Text{File: "content/_data/cwd.yaml", Line: 4, Col: 7, Areas: []string{"thurrock"}, Text: "Parents are usually told about a referral to social care.", Claim: "Parents are usually told about a referral to social care.", Cites: []string{"/mash/#consent"}},
			[]string{`content/_data/cwd.yaml:4:7: warning: the source says "must"`}},
		{Text{File: "content/_data/cwd.yaml", Line: 9, Col: 7, Areas: []string{"thurrock"}, Text: "Each request is looked at on the child's own needs.", Claim: "Each request is looked at on the child's own needs.", Cites: []string{"/guide/#criteria"}},
			[]string{`content/_data/cwd.yaml:9:7: a statement for Thurrock cites Stoke-on-Trent guidance (/guide/)`}},
		{Text{File: "content/_data/cwd.yaml", Line: 9, Col: 7, Areas: []string{"thurrock"}, Text: "x", Cites: []string{"/nowhere/"}}, nil},
	}
	for _, tt := range tests {
		ds := CheckText(s, tt.text, false)
		if len(ds) != len(tt.want) {
			t.Errorf("%q: got\n%s", tt.text.Text, strs(ds))
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(ds[i].String(), w) {
				t.Errorf("%q: %s, want %s", tt.text.Text, ds[i], w)
			}
		}
	}
}
