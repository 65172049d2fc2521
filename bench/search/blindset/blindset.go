// Package blindset reads the blind evaluation sets (bench/search/blind/*.yaml) and maps
// each query's answers, which name sentences of the source documents, to the sections of
// the built site that hold them, so a query can be scored without anyone choosing its
// target URLs by hand (issue #10: the people who wrote the queries never saw the index).
//
// A section holds an answer when its heading and text, normalised (lower case, letters and
// digits only, single spaces), contain the normalised sentence. The site's text is the
// source documents repaired (page breaks, stray numbers, typos), so when no section
// contains a sentence word for word, the sections holding at least 70% of its word
// trigrams (and the most of them) count instead. A sentence of fewer than four words (a
// heading, a service's name) is matched against headings and page titles first, since it
// would otherwise be found in every section that mentions it.
package blindset

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"signpost/internal/search"
)

// Entry is one blind query.
type Entry struct {
	ID       string   `yaml:"id"`
	Persona  string   `yaml:"persona"`
	Audience string   `yaml:"audience"` // parents | professionals
	Area     string   `yaml:"area"`
	Query    string   `yaml:"query"`
	Answers  []Answer `yaml:"answers"`
}

// Answer names a sentence of a source document that answers the query.
type Answer struct {
	Seed string `yaml:"seed"`
	Text string `yaml:"text"`
}

// Load decodes a blind set file.
func Load(file string, src []byte) ([]Entry, error) {
	var es []Entry
	if err := yaml.Unmarshal(src, &es); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for i, e := range es {
		if strings.TrimSpace(e.Query) == "" || len(e.Answers) == 0 {
			return nil, fmt.Errorf("%s: entry %d (%s) needs a query and answers", file, i+1, e.ID)
		}
	}
	return es, nil
}

// Normalize lower-cases s and keeps runs of letters and digits, one space apart.
func Normalize(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "'", "").Replace(strings.ToLower(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}), " ")
}

// Mapper finds the sections that hold a sentence.
type Mapper struct {
	docs  []search.Doc
	full  []string // normalised heading + text, padded with spaces
	heads []string // normalised heading and page title, padded
	grams []map[string]bool
}

// NewMapper prepares docs (the sections the index was built from).
func NewMapper(docs []search.Doc) *Mapper {
	m := &Mapper{docs: docs}
	for _, d := range docs {
		f := Normalize(d.Heading + " " + d.Text)
		m.full = append(m.full, " "+f+" ")
		m.heads = append(m.heads, " "+Normalize(d.Heading)+" | "+Normalize(d.PageTitle)+" ")
		m.grams = append(m.grams, trigrams(f))
	}
	return m
}

func trigrams(norm string) map[string]bool {
	ws := strings.Fields(norm)
	g := map[string]bool{}
	for i := 0; i+2 < len(ws); i++ {
		g[ws[i]+" "+ws[i+1]+" "+ws[i+2]] = true
	}
	return g
}

// Targets returns the URLs of the sections holding any of e's answers, and how many
// answers matched no section.
func (m *Mapper) Targets(e Entry) (urls []string, unmatched int) {
	seen := map[string]bool{}
	for _, a := range e.Answers {
		us := m.sentence(a.Text)
		if len(us) == 0 {
			unmatched++
		}
		for _, u := range us {
			if !seen[u] {
				seen[u] = true
				urls = append(urls, u)
			}
		}
	}
	return urls, unmatched
}

func (m *Mapper) sentence(text string) []string {
	n := Normalize(text)
	if n == "" {
		return nil
	}
	pad := " " + n + " "
	var out []string
	if len(strings.Fields(n)) < 4 {
		for i, h := range m.heads {
			if strings.Contains(h, pad) {
				out = append(out, m.docs[i].URL)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	for i, f := range m.full {
		if strings.Contains(f, pad) {
			out = append(out, m.docs[i].URL)
		}
	}
	if len(out) > 0 {
		return out
	}
	want := trigrams(n)
	if len(want) == 0 {
		return nil
	}
	best := 0
	var cands []int
	for i, g := range m.grams {
		c := 0
		for t := range want {
			if g[t] {
				c++
			}
		}
		if c*10 < len(want)*7 || c < best {
			continue
		}
		if c > best {
			best, cands = c, nil
		}
		cands = append(cands, i)
	}
	for _, i := range cands {
		out = append(out, m.docs[i].URL)
	}
	return out
}

// Score is success at 1 and 3 over a set of queries.
type Score struct{ N, At1, At3 int }

// Add records one query whose first matching result is at rank (0: none in the results).
func (s *Score) Add(rank int) {
	s.N++
	if rank == 1 {
		s.At1++
	}
	if rank >= 1 && rank <= 3 {
		s.At3++
	}
}

func (s Score) String() string {
	if s.N == 0 {
		return "no queries"
	}
	return fmt.Sprintf("success@1 %d/%d (%.0f%%), success@3 %d/%d (%.0f%%)",
		s.At1, s.N, 100*float64(s.At1)/float64(s.N), s.At3, s.N, 100*float64(s.At3)/float64(s.N))
}

// Rank returns the 1-based position of the first URL in results that is one of targets.
func Rank(results, targets []string) int {
	for i, r := range results {
		for _, t := range targets {
			if r == t {
				return i + 1
			}
		}
	}
	return 0
}

// Citations maps a section's URL to the site paths its statements cite (the plain-words
// pages end every paragraph and list item with "{source: /path/#anchor}").
type Citations map[string][]string

// Credited is the second, citation-credited measure. Its rule, fixed before any result
// was looked at: a section also answers a query when one of its statements cites (in its
// own citation, or the lead-in's it inherits) exactly one of the sections that hold the
// query's answer sentences — that statement is a checked restatement of the answer. Only
// sections the strict rule found are followed, one step (a citation of a credited section
// does not count), and a citation without an anchor names a page's introduction only.
// The strict targets are always included; the strict measure is reported alongside.
func Credited(targets []string, cites Citations) []string {
	want := map[string]bool{}
	for _, t := range targets {
		want[t] = true
	}
	out := append([]string(nil), targets...)
	secs := make([]string, 0, len(cites))
	for sec := range cites {
		secs = append(secs, sec)
	}
	sort.Strings(secs)
	for _, sec := range secs {
		cs := cites[sec]
		if want[sec] {
			continue
		}
		for _, c := range cs {
			if want[c] {
				out = append(out, sec)
				break
			}
		}
	}
	return out
}
