package readability

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"signpost/internal/diag"
	"signpost/internal/site"
)

// Kind names a plain-words rule.
type Kind string

// The rules a sentence is checked against.
const (
	Long      Kind = "long"
	Passive   Kind = "passive"
	PlainWord Kind = "plain-word"
)

// Problem is one rule a sentence breaks.
type Problem struct {
	Kind Kind
	Text string // the words concerned
	Msg  string
	Hint string
}

//go:embed plainwords.txt
var plainWordsData string

var (
	plainOnce sync.Once
	plainList []plainWord
)

type plainWord struct {
	re     *regexp.Regexp
	phrase string
	advice string
}

// plainWords parses plainwords.txt once.
func plainWords() []plainWord {
	plainOnce.Do(func() {
		for _, line := range strings.Split(plainWordsData, "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			phrase, advice, ok := strings.Cut(line, "\t")
			if !ok {
				panic("readability: plainwords.txt line without a tab: " + line)
			}
			plainList = append(plainList, plainWord{re: regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(phrase) + `\b`), phrase: phrase, advice: advice})
		}
	})
	return plainList
}

// quoteRE finds quoted wording: the guidance's own words, which the site must not change.
// A quote may run to the end of the sentence, whose closing mark went with the full stop.
var quoteRE = regexp.MustCompile(`"[^"]*(?:"|$)|“[^”]*(?:”|$)`)

// beRE finds a form of "to be" followed by a past participle, the usual shape of the
// passive voice ("is checked", "were not told", "has been made").
var beRE = regexp.MustCompile(`(?i)\b(am|is|are|was|were|be|been|being)\s+(?:(?:not|also|usually|often|then|always|only|still|now|never)\s+)*([a-z]+)\b`)

// irregular past participles that do not end in "-ed".
var irregular = map[string]bool{
	"given": true, "done": true, "made": true, "taken": true, "seen": true, "told": true, "shown": true,
	"held": true, "kept": true, "met": true, "paid": true, "sent": true, "put": true, "found": true,
	"brought": true, "thought": true, "written": true, "chosen": true, "left": true, "heard": true,
	"understood": true, "known": true, "run": true, "set": true, "built": true, "taught": true,
	"spent": true, "sold": true, "lost": true, "led": true, "won": true, "caught": true, "read": true,
}

// notPassive are "-ed" words that after "to be" describe a state, not an action done to
// someone ("they are disabled", "if you are worried"), and "called", which names things.
var notPassive = map[string]bool{
	"disabled": true, "worried": true, "concerned": true, "interested": true, "married": true,
	"tired": true, "scared": true, "pleased": true, "bored": true, "confused": true,
	"qualified": true, "called": true, "based": true, "related": true, "entitled": true,
}

// CheckSentence returns the plain-words rules a sentence breaks. Quoted wording is left
// out: it is the guidance's, not ours.
func CheckSentence(sentence string) []Problem {
	var out []Problem
	s := quoteRE.ReplaceAllString(sentence, "QUOTE")
	if n := len(Words(sentence)); n > MaxWords && len(Words(s)) > MaxWords {
		out = append(out, Problem{Kind: Long, Text: sentence, Msg: fmt.Sprintf("sentence of %d words (more than %d)", n, MaxWords),
			Hint: "split it: GOV.UK advises 25 words at most"})
	}
	for _, m := range beRE.FindAllStringSubmatch(s, -1) {
		w := strings.ToLower(m[2])
		if notPassive[w] || !(irregular[w] || strings.HasSuffix(w, "ed") && len(w) > 3) {
			continue
		}
		out = append(out, Problem{Kind: Passive, Text: m[0], Msg: fmt.Sprintf("passive voice %q", m[0]),
			Hint: "say who does it: \"the MASH checks the form\", not \"the form is checked\""})
	}
	for _, pw := range plainWords() {
		if m := pw.re.FindString(s); m != "" {
			out = append(out, Problem{Kind: PlainWord, Text: m, Msg: fmt.Sprintf("%q", m), Hint: pw.advice + " (GOV.UK style guide)"})
		}
	}
	return out
}

// Report is one page's readability.
type Report struct {
	File, URL string
	Own       bool // the site's own plain words (publisher Signpost), not a reproduced document
	Stats
	// Unquoted counts the text without quoted guidance, which the site cannot simplify.
	Unquoted             Stats
	Long, Passive, Plain int
}

// Check measures every page for parents. It returns warnings (file:line) for the site's
// own pages, which can be rewritten, and a report per page, own and reproduced alike:
// reproduced guidance is measured but never changed.
func Check(s *site.Site, ownPublisher string) (diag.List, []Report) {
	var diags diag.List
	var reps []Report
	for _, p := range s.Pages {
		if !forParents(p) {
			continue
		}
		r := Report{File: p.File, URL: p.URL, Own: p.Front.Source != nil && p.Front.Source.Publisher == ownPublisher}
		for _, st := range p.Statements {
			if navigation(st) {
				continue
			}
			r.Stats.Add(Analyse(st.Text))
			r.Unquoted.Add(Analyse(quoteRE.ReplaceAllString(st.Text, "")))
			for _, sent := range Sentences(st.Text) {
				for _, pr := range CheckSentence(sent) {
					switch pr.Kind {
					case Long:
						r.Long++
					case Passive:
						r.Passive++
					case PlainWord:
						r.Plain++
					}
					if r.Own {
						diags.Add(diag.Warnf(p.File, st.Line, st.Col, "%s: %s", pr.Msg, excerpt(sent)).WithHint("%s", pr.Hint))
					}
				}
			}
		}
		if r.Words > 0 {
			reps = append(reps, r)
		}
	}
	sort.SliceStable(reps, func(i, j int) bool { return reps[i].Own && !reps[j].Own })
	return diags, reps
}

func forParents(p *site.Page) bool {
	for _, a := range p.Front.Audience {
		if a == "parents" {
			return true
		}
	}
	return false
}

// navigation reports whether a statement is a line of links rather than prose.
func navigation(st site.Statement) bool {
	return st.OwnWords < 3 || (st.OwnWords <= 4 && len(strings.Fields(st.Text)) > st.OwnWords)
}

func excerpt(s string) string {
	if r := []rune(s); len(r) > 60 {
		return fmt.Sprintf("%q", string(r[:57])+"…")
	}
	return fmt.Sprintf("%q", s)
}

// Table formats reports as a Markdown table: the site's own pages first, then the
// reproduced documents.
func Table(reps []Report) string {
	var b strings.Builder
	b.WriteString("| page | own words | reading age (FK grade + 5) | without quotes | words | sentences | words per sentence | over 25 words | passive | plain-words list |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range reps {
		own := "reproduced"
		if r.Own {
			own = "plain words"
		}
		wps := 0.0
		if r.Sentences > 0 {
			wps = float64(r.Words) / float64(r.Sentences)
		}
		fmt.Fprintf(&b, "| %s | %s | %.1f | %.1f | %d | %d | %.1f | %d | %d | %d |\n", r.URL, own, r.ReadingAge(), r.Unquoted.ReadingAge(), r.Words, r.Sentences, wps, r.Long, r.Passive, r.Plain)
	}
	return b.String()
}
