package search

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/kljensen/snowball/english"
)

// TestClientParity runs assets/js/search.js under Node (skipped when node is not on PATH)
// against the same index and checks that its stemmer, tokeniser and ranking give exactly
// what the Go side gives.
func TestClientParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: client parity not checked")
	}
	js, err := os.ReadFile("../../assets/js/search.js")
	if err != nil {
		t.Skip("no assets/js/search.js")
	}
	dir := t.TempDir()
	docs := append(syntheticCorpus(500), tinyCorpus()...)
	docs = append(docs, synCorpus()...)
	docs = append(docs, askerCorpus()...)
	docs = append(docs, sourceCorpus()...)
	docs = append(docs, shortTypoCorpus()...)
	docs = append(docs, accentCorpus()...)
	opt := synOptions()
	opt.Vocabulary = askerOptions().Vocabulary
	if src, err := os.ReadFile("../../content/_data/vocabulary.yaml"); err == nil {
		v, _ := LoadVocabulary("vocabulary.yaml", src)
		opt.Vocabulary.Everyday = append(opt.Vocabulary.Everyday, v.Everyday...)
		opt.Vocabulary.QuestionWords = append(opt.Vocabulary.QuestionWords, v.QuestionWords...)
		opt.Vocabulary.ContactWords = append(opt.Vocabulary.ContactWords, v.ContactWords...)
		opt.Vocabulary.FigureWords = append(opt.Vocabulary.FigureWords, v.FigureWords...)
	}
	opt.AreaNames = tinyOptions().AreaNames
	if src, err := os.ReadFile("../../content/_data/synonyms.yaml"); err == nil {
		groups, _ := LoadSynonyms("synonyms.yaml", src)
		opt.Synonyms = append(opt.Synonyms, groups...)
	}
	files := mustBuild(t, docs, opt)
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must(t, os.WriteFile(filepath.Join(dir, "search.mjs"), js, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "run.mjs"), []byte(parityRunner), 0o644))

	// Words for the stemmer: every word of the repository's content, the source documents
	// when they are beside the repository, the synthetic corpus, and Porter2's edge cases.
	words := map[string]bool{}
	wordRE := regexp.MustCompile(`[a-z]+`)
	var texts []string
	addText := func(s string) {
		for _, w := range wordRE.FindAllString(string(bytes.ToLower([]byte(s))), -1) {
			words[w] = true
		}
	}
	for _, pat := range []string{"../../content/*/*.md", "../../content/*/*/*.md", "../../content/*/*/*/*.md", "../../../shared/seeds/*.txt", "../../content/_data/*.yaml"} {
		ms, _ := filepath.Glob(pat)
		for _, m := range ms {
			b, _ := os.ReadFile(m)
			addText(string(b))
			for _, line := range bytes.Split(b, []byte("\n")) {
				if len(line) > 0 && len(texts) < 4000 {
					texts = append(texts, string(line))
				}
			}
		}
	}
	for _, d := range docs {
		addText(d.Text + " " + d.PageTitle + " " + d.Heading)
		texts = append(texts, d.Text)
	}
	for _, w := range []string{"generously", "communication", "arsenal", "skies", "dying", "news", "proceedings", "exceeded",
		"succeeding", "innings", "yelling", "sayings", "playing", "hopping", "hoped", "agreed", "feed", "luxuriated", "luxuriating",
		"happy", "cry", "by", "say", "crying", "ties", "cries", "gas", "this", "kiwis", "caresses", "ponies", "abbreviation",
		"knightly", "fluently", "conditional", "logically", "archaeology", "analogical", "controllable", "roll", "rolled",
		"yyy", "ayy", "byy", "yay", "syzygy", "eyeing", "bowling", "boxed", "relativity", "sensitiveness", "instrumentation"} {
		words[w] = true
	}
	texts = append(texts, "The parent's multi-agency S17 s.17 section 47 s17ZD referral; call 01782 232200 or 01782-234234, 146,343 people 8.6% e.g. don’t Stoke‐on‐Trent",
		"sections 47 and 17 s/he 1,2,3 1.2.3 a.b,c www.thurrock.gov.uk Café über naïve 0800 3287822 01375 652 802",
		"Looked after children, looking after my son, looked-after; he looked. Looked after", "looked")
	wordList := sortedKeys(words)

	queries := []struct {
		Q   string         `json:"q"`
		Opt map[string]any `json:"opt"`
	}{}
	add := func(q string, prefix bool, area, aud string) {
		queries = append(queries, struct {
			Q   string         `json:"q"`
			Opt map[string]any `json:"opt"`
		}{q, map[string]any{"prefix": prefix, "area": area, "audience": aud}})
	}
	for _, q := range []string{"safeguarding", "neglect assessment", "mash", "multi-agency safeguarding hub", "respite for my son",
		"short breaks", "autistic", "safegaurding", "escalaton", "esclation", "assessm", "safeg", "23220", "01782232200",
		"s47", "section 17", "who do I call if a child is in danger", "carers assessment", "the", "", "xyzzy",
		"social worker autistic", "referral", "refer", "CAF", "lado referrals 2021",
		// issue #10's rules: weights and figure questions, link-only sections, contact
		// questions, question words, the everyday vocabulary, best bets
		"will social care visit my family", "social care visit families statistics", "social care visit 2021",
		"what does a family support worker do", "aiming high phone number", "what will happen",
		"tell me what will happen with a family support worker", "my son uses a wheelchair", "walking frame",
		"holiday club", "holiday club near me please now", "holiday club school pta dates", "contact number", "what does a family support worker mean",
		"what is a family support worker", "whats respite", "meaning of short breaks",
		// typo corrections bring their synonym groups
		"respitte for my son", "autisim", "is pass voluntery or do i have to", "my son uses a wheelchiar",
		// a short word with three or more neighbours is not corrected
		"lift", "lifts", "too heavy to lift", "whel", "bittle", "neglet", "lsit", "mahs", "carre",
		// typos of words with letters beyond ASCII (lengths in letters, as in Go)
		"cafè", "café", "crèches", "crechè", "naive", "naïv", "rôel", "faćade", "𝔉raktru", "😀 smiel",
		// stop phrases; a query naming an area (a typo of it too)
		"do i have to", "do I have to accept help from social services", "do we have-to go along with it",
		"short breaks in thurrock", "respite stoke", "my son is deaf does he count for the team thurock",
		"thurrock stoke-on-trent referral",
		// question, contact and figure words of several words count only as phrases
		"get in touch with aiming high", "my child was touched", "how do i report a concern",
		"annual report referrals", "how many referrals", "many families get in touch", "touch get in",
		// word phrases: a say phrase with one term and stop words, matched on word keys
		"my nephew is living with me", "she lives with me now", "live", "time off for me",
		"a day out for my son", "my in laws", "what does the law say", "who can get help",
		"who can get", "can i turn down help", "no friends and no money", "do i have to get help",
		"family plan take part stop", "family plan agrees help choose", "consent voluntary practitioners family plan",
		"can we stop a family plan", "family plan",
		"dissability team thurrock who qualifies", "my socail worker is off sick who do i ring", "privet fostering",
		"disabilty team", "socail worker", "short braeks", "shrot breaks for my son", "famly plan", "escalaton stages",
		// rule 5a: "looked after" is one term, "looking after" is "look"
		"looking after my son", "my child is looked after", "looked-after children", "I look after my disabled daughter", "looked aft",
		// a word phrase's group makes the question-word unit it joins required
		"will the school tell me if they refer us", "tell me", "can i say no to the social worker",
		"will the worker tell me what will happen", "what did the family support worker say to you"} {
		add(q, false, "", "")
		add(q, true, "", "")
		add(q, true, "thurrock", "parents")
		add(q+" ", true, "stoke-on-trent", "all")
	}
	for _, d := range docs[:60] {
		add(d.PageTitle, true, "", "")
		add(d.Heading, false, "", "professionals")
	}
	in, _ := json.Marshal(map[string]any{"words": wordList, "texts": texts, "queries": queries})
	cmd := exec.Command(node, filepath.Join(dir, "run.mjs"), dir)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var res struct {
		Stems   []string `json:"stems"`
		Analyze []struct {
			P []string `json:"p"`
			R []string `json:"r"`
			X []string `json:"x"`
			W []string `json:"w"`
		} `json:"analyze"`
		Ranks [][][4]float64 `json:"ranks"`
	}
	must(t, json.Unmarshal(out, &res))

	bad := 0
	for i, w := range wordList {
		if stopSet[w] {
			continue // never stemmed
		}
		if want := english.Stem(w, true); res.Stems[i] != want {
			if bad++; bad <= 20 {
				t.Errorf("stem(%q): js %q, go %q", w, res.Stems[i], want)
			}
		}
	}
	t.Logf("%d words stemmed, %d texts analysed, %d queries ranked", len(wordList), len(texts), len(queries))
	for i, s := range texts {
		a := analyze(s)
		j := res.Analyze[i]
		if !slices.Equal(nz(a.primary), nz(j.P)) || !slices.Equal(nz(a.raw), nz(j.R)) || !slices.Equal(nz(a.extra), nz(j.X)) || !slices.Equal(nz(a.words), nz(j.W)) {
			if bad++; bad <= 20 {
				t.Errorf("analyze(%q):\n go %v %v %v %v\n js %v %v %v %v", s, a.primary, a.raw, a.extra, a.words, j.P, j.R, j.X, j.W)
			}
		}
	}
	ix, err := Open(files)
	must(t, err)
	for i, q := range queries {
		str := func(k string) string { s, _ := q.Opt[k].(string); return s }
		got := ix.rank(q.Q, QueryOptions{Prefix: q.Opt["prefix"] == true, Area: str("area"), Audience: str("audience")})
		if len(got) > 30 {
			got = got[:30]
		}
		js := res.Ranks[i]
		same := len(got) == len(js)
		for k := 0; same && k < len(got); k++ {
			same = float64(got[k].doc) == js[k][0] && math.Abs(got[k].score-js[k][1]) < 1e-9 && got[k].good == (js[k][2] == 1) && got[k].beside == (js[k][3] == 1)
		}
		if !same {
			if bad++; bad <= 20 {
				t.Errorf("rank(%q, %v):\n go %v\n js %v", q.Q, q.Opt, got, js)
			}
		}
	}
}

func nz(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

const parityRunner = `
import { open, rank, analyze, stem, parse } from './search.mjs'
import { readFileSync } from 'node:fs'
const dir = process.argv[2]
const input = JSON.parse(readFileSync(0, 'utf8'))
const ix = await open(async rel => parse(readFileSync(dir + '/search/' + rel.split('?')[0])))
const out = { stems: input.words.map(stem), analyze: input.texts.map(t => analyze(t)), ranks: [] }
for (const q of input.queries) {
  const r = await rank(ix, q.q, { ...q.opt, k: 30 })
  out.ranks.push(r.slice(0, 30).map(x => [x.d, x.s, x.good ? 1 : 0, x.beside ? 1 : 0]))
}
process.stdout.write(JSON.stringify(out))
`
