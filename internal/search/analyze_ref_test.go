package search

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// analyzeRef is analyze as it was before its fast paths (commit 8a70db7), kept to check
// the new code gives the same analysis. It applies the tokeniser rules to text.
func analyzeRef(text string) analysis {
	s := normalizer.Replace(strings.ToLower(text))
	var a analysis
	for _, m := range findPhones(s) {
		d := digitsOnly(m)
		if len(d) == 10 || len(d) == 11 {
			a.extra = append(a.extra, d)
		}
	}
	raw := make([]string, 0, len(s)/6+1)
	for _, chunk := range chunksRef(s) {
		parts := strings.Split(chunk, "-")
		var cat strings.Builder
		joinable := len(parts) > 1
		for _, p := range parts {
			p = strings.TrimSuffix(p, "'s")
			p = strings.ReplaceAll(p, "'", "")
			ws := splitPunct(p)
			if len(ws) != 1 {
				joinable = false
			}
			raw = append(raw, ws...)
			cat.WriteString(p)
		}
		if joinable && hasLetter(cat.String()) {
			a.extra = append(a.extra, cat.String())
		}
	}
	a.words = raw
	if len(raw) > 0 {
		a.primary = make([]string, 0, len(raw))
		a.raw = make([]string, 0, len(raw))
	}
	for i := 0; i < len(raw); i++ {
		w := raw[i]
		if (w == "s" || w == "sec" || w == "section" || w == "sections") && i+1 < len(raw) && sectRE.MatchString(raw[i+1]) {
			a.primary = append(a.primary, "s"+raw[i+1])
			a.raw = append(a.raw, "s"+raw[i+1])
			i++
			continue
		}
		if next, ok := joinedWords[w]; ok && i+1 < len(raw) && raw[i+1] == next {
			a.primary = append(a.primary, w+next)
			a.raw = append(a.raw, w+next)
			i++
			continue
		}
		if t := finishRef(w); t != "" {
			a.primary = append(a.primary, t)
			a.raw = append(a.raw, w)
		}
	}
	extra := a.extra[:0]
	for _, w := range a.extra {
		if t := finishRef(w); t != "" {
			extra = append(extra, t)
		}
	}
	a.extra = extra
	return a
}

// chunksRef is chunkRE.FindAllString written as a scanner (the regular expression was most of
// the index build's time): runs of letters and digits joined by single ' . , or -.
func chunksRef(s string) []string {
	var out []string
	isLN := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isLN(r) {
			i += n
			continue
		}
		start := i
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if isLN(r) {
				i += n
				continue
			}
			if r == '\'' || r == '.' || r == ',' || r == '-' {
				if r2, _ := utf8.DecodeRuneInString(s[i+n:]); i+n < len(s) && isLN(r2) {
					i += n
					continue
				}
			}
			break
		}
		out = append(out, s[start:i])
	}
	return out
}

// finishRef is finish without the memo.
func finishRef(w string) string {
	if w == "" || stopSet[w] || len(w) > 40 {
		return ""
	}
	if isLowerASCII(w) {
		if len(w) == 1 {
			return ""
		}
		return english.Stem(w, true)
	}
	return w
}

// sameAnalysis reports whether got and want have the same tokens (nil and empty alike).
func sameAnalysis(got, want analysis) bool {
	eq := func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b) }
	return eq(got.primary, want.primary) && eq(got.raw, want.raw) && eq(got.words, want.words) && eq(got.extra, want.extra)
}

// analyzeTexts are texts that exercise every rule, for the comparison of analyze with
// analyzeRef and as the fuzz seed corpus.
var analyzeTexts = []string{
	"The parent's view", "parents’ and carers' views", "Don't wait", "multi-agency working",
	"Stoke-on-Trent", "S17", "s.17 referral", "Section 17 of the Children Act", "SECTION 47 enquiries",
	"section 17ZD and s17zd", "S47(1)(a)", "sections 47 and 17", "s/he is disabled",
	"146,343 people; 8.6% were red; 2021/22", "e.g. a, b or c", "Tier 1 – Universal",
	"www.thurrock.gov.uk", "Call 01782 232200 or 01782-234234, 0800 3287822", "Children’s social care",
	"safeguarding SAFEGUARD safeguarded", "Café über", "Multi‐agency", "2021-2022", "s.17-s.47",
	"multi-146,343 a-b.c-d x's-y's '-' -a- a--b a''b a,.b", "looked after children, LOOKED AFTER, looked  after",
	"İstanbul ǅemal ΣΑΣ ß K", "\xff\xfeabc\xc3 d\xe2\x80", "no-one's co-operation", "A-Z", "x-1-2", "éé-àà 12.5-13",
	"word,word.word'word-word's", "ABC-def's", strings.Repeat("verylongword", 5), "fifty-fifty's-",
}

// analyze gives what it gave before its fast paths (analyzeRef), for every text, with or
// without an analyzer's memo.
func TestAnalyzeIsRef(t *testing.T) {
	texts := append([]string(nil), analyzeTexts...)
	for _, d := range syntheticCorpus(200) {
		texts = append(texts, d.Text, d.PageTitle, d.Heading)
	}
	// The sections of a site, when a dump of them is given (bench/search/cmd/indexsize
	// -docs): the real site's and the 10,000-page corpus's were checked so.
	if name := os.Getenv("SIGNPOST_SEARCH_DOCS"); name != "" {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var in struct{ Docs []Doc }
		if err := json.Unmarshal(b, &in); err != nil {
			t.Fatal(err)
		}
		for _, d := range in.Docs {
			texts = append(texts, d.Text, d.PageTitle, d.Heading)
			texts = append(texts, d.HeadingPath...)
			texts = append(texts, d.Keywords...)
		}
		t.Logf("%d texts", len(texts))
	}
	z := &analyzer{}
	for _, s := range texts {
		want := analyzeRef(s)
		if got := analyze(s); !sameAnalysis(got, want) {
			t.Fatalf("analyze(%q) = %q, want %q", s, got, want)
		}
		got := z.analyze(s, false)
		if !sameAnalysis(analysis{primary: got.primary, extra: got.extra}, analysis{primary: want.primary, extra: want.extra}) {
			t.Fatalf("analyzer.analyze(%q) = %q %q, want %q %q", s, got.primary, got.extra, want.primary, want.extra)
		}
	}
}

func FuzzAnalyzeIsRef(f *testing.F) {
	for _, s := range analyzeTexts {
		f.Add(s)
	}
	z := &analyzer{}
	f.Fuzz(func(t *testing.T, s string) {
		want := analyzeRef(s)
		if got := analyze(s); !sameAnalysis(got, want) {
			t.Fatalf("analyze(%q) = %q, want %q", s, got, want)
		}
		got := z.analyze(s, false)
		if !sameAnalysis(analysis{primary: got.primary, extra: got.extra}, analysis{primary: want.primary, extra: want.extra}) {
			t.Fatalf("analyzer.analyze(%q) = %q %q, want %q %q", s, got.primary, got.extra, want.primary, want.extra)
		}
	})
}
