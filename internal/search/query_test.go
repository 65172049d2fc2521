package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
)

func mustBuild(t testing.TB, docs []Doc, opt Options) map[string][]byte {
	t.Helper()
	files, err := Build(docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestRanking(t *testing.T) {
	long := strings.Repeat("Practitioners record their work carefully and review plans with families. ", 12)
	docs := []Doc{
		// field weights: heading beats body for the same term
		{URL: "/p1/#escalation", PageURL: "/p1/", PageTitle: "Working together", Heading: "Escalation", Text: "Talk to your manager first."},
		{URL: "/p2/", PageURL: "/p2/", PageTitle: "Working apart", Text: "Use escalation when you disagree."},
		// title beats heading; the intro section of a page outranks its other sections
		{URL: "/lado/", PageURL: "/lado/", PageTitle: "LADO referrals", Text: "How to make one."},
		{URL: "/lado/#steps", PageURL: "/lado/", PageTitle: "LADO referrals", Heading: "Steps", Text: "Phone first."},
		{URL: "/other/#lado", PageURL: "/other/", PageTitle: "Other", Heading: "Allegations", Text: "The LADO advises employers when an allegation is made against someone who works with children."},
		// body length normalisation and term frequency
		{URL: "/short/", PageURL: "/short/", PageTitle: "A", Text: "Neglect harms children. Neglect is common."},
		{URL: "/long/", PageURL: "/long/", PageTitle: "B", Text: long + "Neglect." + long},
		// idf: a rare word counts more than a common one
		{URL: "/c1/", PageURL: "/c1/", PageTitle: "C", Text: "Parenting support for families."},
		{URL: "/c2/", PageURL: "/c2/", PageTitle: "D", Text: "Support groups for families."},
		{URL: "/c3/", PageURL: "/c3/", PageTitle: "E", Text: "Support at school for families."},
		{URL: "/c4/", PageURL: "/c4/", PageTitle: "F", Text: "Bereavement for families."},
		// coordination: all words beat some words repeated
		{URL: "/both/", PageURL: "/both/", PageTitle: "G", Text: "Private fostering arrangements must be notified."},
		{URL: "/one/", PageURL: "/one/", PageTitle: "H", Text: "Fostering, fostering and fostering again: foster carers."},
	}
	files := mustBuild(t, docs, Options{})
	tests := []struct {
		q     string
		order []string // expected prefix of the ranking
	}{
		{"escalation", []string{"/p1/#escalation", "/p2/"}},
		{"lado", []string{"/lado/", "/lado/#steps", "/other/#lado"}},
		{"neglect", []string{"/short/", "/long/"}},
		{"bereavement support", []string{"/c4/"}},
		{"private fostering", []string{"/both/", "/one/"}},
	}
	for _, tt := range tests {
		got := urls(Query(files, tt.q, QueryOptions{}))
		if len(got) < len(tt.order) || !slices.Equal(got[:len(tt.order)], tt.order) {
			t.Errorf("Query(%q) = %v, want it to start %v", tt.q, got, tt.order)
		}
	}
	// Scores are positive and descending.
	hits := Query(files, "support families", QueryOptions{Limit: 100})
	for i, h := range hits {
		if h.Score <= 0 || i > 0 && h.Score > hits[i-1].Score {
			t.Fatalf("scores not descending: %+v", hits)
		}
	}
}

func tinyCorpus() []Doc {
	return []Doc{
		{URL: "/a/", PageURL: "/a/", PageTitle: "Safeguarding children", Areas: []string{"thurrock"}, Audience: []string{"professionals"}, Text: "Neglect and abuse. Escalation of concerns."},
		{URL: "/b/", PageURL: "/b/", PageTitle: "Assessment", Areas: []string{"stoke-on-trent"}, Audience: []string{"parents"}, Text: "A carers assessment looks at your needs. Call Early Help on 01782 232200."},
		{URL: "/c/", PageURL: "/c/", PageTitle: "Everyone", Text: "Guidance for everyone about safeguarding."},
		{URL: "/d/", PageURL: "/d/", PageTitle: "Cafe", Areas: []string{"thurrock"}, Audience: []string{"parents", "professionals"}, Text: "The CAF is a form. Section 47 enquiries."},
	}
}

func tinyOptions() Options {
	return Options{AreaNames: map[string]string{"thurrock": "Thurrock", "stoke-on-trent": "Stoke-on-Trent"}}
}

func TestTyposAndPrefix(t *testing.T) {
	files := mustBuild(t, tinyCorpus(), tinyOptions())
	tests := []struct {
		q      string
		prefix bool
		want   []string
	}{
		{"neglet", false, []string{"/a/"}},              // 6 letters: distance 1
		{"negelct", false, []string{"/a/"}},             // transposition counts 1
		{"safegaurding", false, []string{"/a/", "/c/"}}, // 12 letters: distance 2 allowed
		{"sfaeguarding", false, []string{"/a/", "/c/"}}, // two transpositions
		{"escalaton", false, []string{"/a/"}},           // typo in the ending the stemmer would drop
		{"esclation", false, []string{"/a/"}},           // transposition before the ending
		{"neglxyz", false, nil},                         // distance 3: no
		{"cap", false, nil},                             // 3 letters: no typos (not "caf")
		{"assesment", false, []string{"/b/"}},           // 9 letters
		{"safeg", true, []string{"/a/", "/c/"}},         // completion as the user types
		{"safeg", false, nil},                           // not when prefix is off
		{"safeg ", true, nil},                           // nor after a space (word finished)
		{"assessm", true, []string{"/b/"}},              // typed past the stem "assess"
		{"early hel", true, []string{"/b/"}},            // only the last word completes
		{"23220", true, []string{"/b/"}},                // numbers complete too
		{"01782232200", false, []string{"/b/"}},         // phone number without the space
		{"232200", false, []string{"/b/"}},              // or only its local part
		{"s47", false, []string{"/d/"}},                 // S47 = section 47
		{"s.47", false, []string{"/d/"}},
		{"section 47", false, []string{"/d/"}},
	}
	for _, tt := range tests {
		got := urls(Query(files, tt.q, QueryOptions{Prefix: tt.prefix}))
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Query(%q, prefix=%v) = %v, want %v", tt.q, tt.prefix, got, tt.want)
		}
	}
	// An exact match outranks a typo and a completion.
	files = mustBuild(t, []Doc{
		{URL: "/y/", PageURL: "/y/", PageTitle: "Carers", Text: "carers"},
		{URL: "/x/", PageURL: "/x/", PageTitle: "Care", Text: "care"},
		{URL: "/z/", PageURL: "/z/", PageTitle: "Cure", Text: "cure"},
	}, Options{})
	if got := urls(Query(files, "car", QueryOptions{Prefix: true})); !slices.Equal(got, []string{"/x/", "/y/"}) {
		t.Errorf("car: %v", got) // completions, shortest first
	}
	// A short word the stemmer leaves as it is, with three or more terms one letter
	// different and none a swap, is a word the index lacks, not a typo: no corrections.
	// With fewer, a swap among them, an ending or more letters, it is corrected.
	short := mustBuild(t, shortTypoCorpus(), Options{})
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"lift", nil}, // left, life, list: three substitutions
		{"lifts", []string{"/l1/", "/l2/", "/l3/"}},        // the stemmer takes the ending off
		{"lsit", []string{"/l3/", "/l4/", "/l5/", "/l6/"}}, // list is a swap (three substitutions too)
		{"whel", []string{"/w1/", "/w2/"}},                 // two neighbours
		{"bittle", []string{"/b1/", "/b2/", "/b3/"}},       // 6 letters
	} {
		got := urls(Query(short, tt.q, QueryOptions{}))
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Query(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	// A word the index knows is taken as finished: no completions to outrank it.
	if got := urls(Query(files, "care", QueryOptions{Prefix: true})); !slices.Equal(got, []string{"/x/"}) {
		t.Errorf("care: %v", got)
	}
	if got := urls(Query(files, "carre", QueryOptions{})); !slices.Equal(got, []string{"/x/", "/y/"}) {
		t.Errorf("carre: %v", got)
	}
}

func TestFilters(t *testing.T) {
	files := mustBuild(t, tinyCorpus(), tinyOptions())
	tests := []struct {
		area, aud string
		want      []string
	}{
		{"", "", []string{"/a/", "/c/"}},
		{"all", "all", []string{"/a/", "/c/"}},
		{"thurrock", "", []string{"/a/", "/c/"}}, // /c/ has no area: it applies everywhere
		{"stoke-on-trent", "", []string{"/c/"}},
		{"", "parents", []string{"/c/"}},
		{"thurrock", "professionals", []string{"/a/", "/c/"}},
		{"nowhere", "", []string{"/c/"}},
	}
	for _, tt := range tests {
		got := urls(Query(files, "safeguarding", QueryOptions{Area: tt.area, Audience: tt.aud}))
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("area=%q audience=%q: %v, want %v", tt.area, tt.aud, got, tt.want)
		}
	}
	h := Query(files, "caf", QueryOptions{})
	if len(h) != 1 || h[0].PageTitle != "Cafe" || !slices.Equal(h[0].Areas, []string{"thurrock"}) {
		t.Errorf("display data: %+v", h)
	}
}

func TestSharding(t *testing.T) {
	files := mustBuild(t, syntheticCorpus(2000), Options{})
	var m meta
	if err := json.Unmarshal(files["search/meta.json"], &m); err != nil {
		t.Fatal(err)
	}
	if len(m.W) < 10 {
		t.Fatalf("only %d shards", len(m.W))
	}
	// Every term lives in the shard its first-term boundaries name, and nowhere else.
	for i := range m.W {
		var sh map[string][]int
		ix := &Index{files: files, fetched: map[string]bool{}}
		if err := ix.load("search/w/"+itoa(i)+".json.gz", &sh); err != nil {
			t.Fatal(err)
		}
		for term := range sh {
			if term < m.W[i] || i+1 < len(m.W) && term >= m.W[i+1] {
				t.Fatalf("term %q in shard %d [%q, %q)", term, i, m.W[i], m.W[min(i+1, len(m.W)-1)])
			}
		}
	}
	// A query fetches meta, the term lists and shards of its words, and the fragments of
	// the hits it shows: nothing else.
	for _, q := range []string{"safeguarding", "neglect assessment", "escalation policy stages"} {
		ix, err := Open(files)
		if err != nil {
			t.Fatal(err)
		}
		hits := ix.Query(q, QueryOptions{Limit: 5})
		if len(hits) == 0 {
			t.Fatalf("%q: no hits", q)
		}
		terms := Terms(q)
		wantShards := map[string]bool{}
		wantLists := map[string]bool{}
		for _, term := range terms {
			wantShards["search/w/"+itoa(shardOf(m.W, term))+".json.gz"] = true
			wantLists["search/t/"+termKey(term)+".json"] = true
		}
		for _, f := range ix.Fetched() {
			switch {
			case f == "search/meta.json":
			case strings.HasPrefix(f, "search/w/"):
				if !wantShards[f] {
					t.Errorf("%q fetched %s, not a shard of %v", q, f, terms)
				}
			case strings.HasPrefix(f, "search/t/"):
				if !wantLists[f] {
					t.Errorf("%q fetched %s", q, f)
				}
			case strings.HasPrefix(f, "search/x/"):
			default:
				t.Errorf("%q fetched %s", q, f)
			}
		}
		nx := 0
		for _, f := range ix.Fetched() {
			if strings.HasPrefix(f, "search/x/") {
				nx++
			}
		}
		if nx > len(hits) {
			t.Errorf("%q: %d fragment files for %d hits", q, nx, len(hits))
		}
	}
}

func shardOf(w []string, t string) int {
	i := 0
	for i+1 < len(w) && w[i+1] <= t {
		i++
	}
	return i
}

func TestEscaping(t *testing.T) {
	evil := `<script>alert("x")</script> & <img src=x onerror=alert(1)>`
	docs := []Doc{{URL: "/e/#x", PageURL: "/e/", PageTitle: "Title " + evil, Heading: "Heading " + evil, Text: "Body " + evil}}
	files := mustBuild(t, docs, Options{Synonyms: [][]string{{"script", "<b>bold</b>"}}})
	for name, b := range files {
		if strings.HasSuffix(name, ".gz") {
			var v any
			ix := &Index{files: files, fetched: map[string]bool{}}
			if err := ix.load(name, &v); err != nil {
				t.Fatal(err)
			}
			r, _ := gzip.NewReader(bytes.NewReader(b))
			b, _ = io.ReadAll(r)
		}
		if bytes.ContainsAny(b, "<>") || bytes.Contains(b, []byte("&")) {
			t.Errorf("%s holds raw < > or &: %s", name, b)
		}
	}
	h := Query(files, "script", QueryOptions{})
	if len(h) != 1 || h[0].PageTitle != "Title "+evil || h[0].Heading != "Heading "+evil {
		t.Fatalf("text must round-trip as text: %+v", h)
	}
	for _, u := range []string{"javascript:alert(1)", "//evil.example/", "/\\evil.example/", `/a/" onclick="x`, "/a b/", "", "https://example.org/"} {
		if _, err := Build([]Doc{{URL: u, PageURL: u, PageTitle: "x"}}, Options{}); err == nil {
			t.Errorf("URL %q accepted", u)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	_, err := Build([]Doc{
		{URL: "/a/", PageURL: "/a/"},
		{URL: "/a/", PageURL: "/a/"},
		{URL: "/b/#x", PageURL: "/c/"},
		{URL: "/d/", PageURL: "/d/", Areas: []string{"narnia"}},
	}, tinyOptions())
	for _, want := range []string{"/a/: URL indexed twice", "/b/#x: URL does not start with its PageURL", `/d/: unknown area "narnia"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
	files, err := Build(nil, Options{})
	if err != nil || len(Query(files, "anything", QueryOptions{})) != 0 {
		t.Fatalf("empty index: %v", err)
	}
}

func TestDeterministic(t *testing.T) {
	a := mustBuild(t, syntheticCorpus(300), synOptions())
	b := mustBuild(t, syntheticCorpus(300), synOptions())
	if len(a) != len(b) {
		t.Fatal("file count differs")
	}
	for k := range a {
		if !bytes.Equal(a[k], b[k]) {
			t.Fatalf("%s differs between builds", k)
		}
	}
}

// shortTypoCorpus has short words with many one-letter neighbours (step 3).
func shortTypoCorpus() []Doc {
	return []Doc{
		{URL: "/l1/", PageURL: "/l1/", PageTitle: "Left", Text: "left"},
		{URL: "/l2/", PageURL: "/l2/", PageTitle: "Life", Text: "life"},
		{URL: "/l3/", PageURL: "/l3/", PageTitle: "List", Text: "list"},
		{URL: "/l4/", PageURL: "/l4/", PageTitle: "Lsot", Text: "lsot"},
		{URL: "/l5/", PageURL: "/l5/", PageTitle: "Lait", Text: "lait"},
		{URL: "/l6/", PageURL: "/l6/", PageTitle: "Lsim", Text: "lsim"},
		{URL: "/w1/", PageURL: "/w1/", PageTitle: "Wheel", Text: "wheel"},
		{URL: "/w2/", PageURL: "/w2/", PageTitle: "Whelp", Text: "whelp"},
		{URL: "/b1/", PageURL: "/b1/", PageTitle: "Bottle", Text: "bottle"},
		{URL: "/b2/", PageURL: "/b2/", PageTitle: "Battle", Text: "battle"},
		{URL: "/b3/", PageURL: "/b3/", PageTitle: "Brittle", Text: "brittle"},
	}
}

// accentCorpus has terms with letters beyond ASCII, whose typos Go and the browser must
// measure alike (letters, not bytes or UTF-16 units: step 3).
func accentCorpus() []Doc {
	return []Doc{
		{URL: "/a1/", PageURL: "/a1/", PageTitle: "Café", Text: "the café by the school runs a crèche for toddlers"},
		{URL: "/a2/", PageURL: "/a2/", PageTitle: "Naïve", Text: "a naïve question about the rôle of the façade"},
		{URL: "/a3/", PageURL: "/a3/", PageTitle: "Cafes", Text: "cafes and creches nearby"},
		{URL: "/a4/", PageURL: "/a4/", PageTitle: "Emoji", Text: "a smile 😀 for everyone in the 𝔉raktur club"},
	}
}
