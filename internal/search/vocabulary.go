package search

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
)

// Vocabulary is content/_data/vocabulary.yaml: the words parents and carers search with,
// mapped to the words the guidance uses, and the words that shape a question rather than
// name its subject (issue #10). The file's header comment is the editors' manual.
type Vocabulary struct {
	// Everyday maps what people say to what the documents say: each entry is a one-way
	// synonym group (say... => find...), so "wheelchair" finds "physical disability" but a
	// search for "disability" does not find every page that mentions a wheelchair.
	Everyday []Everyday
	// QuestionWords carry no subject ("tell", "happen", "worried"): a query's words that
	// are all question words still count, but a section need not contain them to rank.
	QuestionWords []string
	// ContactWords ask for a way to reach a service ("phone", "number", "email"): sections
	// that hold a phone number or e-mail address rank above those that do not.
	ContactWords []string
	// FigureWords make a question about figures ("how many", "statistics"): page weights
	// (front matter search.weight) are then ignored, so the annual report's figures rank
	// as they are.
	FigureWords []string
	// LinkHeadings are headings of sections that only link elsewhere ("Read more",
	// "Contents"): such sections rank well below the sections that answer.
	LinkHeadings []string
}

// Everyday is one entry of the everyday vocabulary.
type Everyday struct {
	Say  []string // words and phrases people use
	Find []string // the documents' words for the same thing
	Line int
}

// Groups returns the everyday entries as one-way synonym groups.
func (v Vocabulary) Groups() [][]string {
	var out [][]string
	for _, e := range v.Everyday {
		g := append(append(append([]string(nil), e.Say...), OneWay), e.Find...)
		out = append(out, g)
	}
	return out
}

// LoadVocabulary decodes and validates the vocabulary file. Errors (file:line:col) for an
// unknown key, an entry without say or find, a word or phrase made only of stop words
// (it could never match; a say phrase of two or more stop words is a stop phrase, matched
// on the query's words before stop words are dropped, and so is one with a single other
// word: wordPhrase), a phrase repeated within an entry, and a say phrase that
// another entry already has (warning: the two entries then both apply), and a find
// phrase that is one word besides small words ("looked after": warning, it would find
// every page with "look").
func LoadVocabulary(file string, src []byte) (Vocabulary, diag.List) {
	var v Vocabulary
	var root yaml.Node
	if ds := datafile.Decode(file, src, 0, &root); ds.HasErrors() {
		return v, ds
	}
	doc := datafile.Top(&root)
	if doc == nil { // an empty file
		return v, nil
	}
	var ds diag.List
	if doc.Kind != yaml.MappingNode {
		ds.Add(diag.Errorf(file, doc.Line, doc.Column, "the vocabulary must be a mapping").
			WithHint("keys: everyday, question_words, contact_words, figure_words, link_headings"))
		return v, ds
	}
	words := func(n *yaml.Node, what string, allowStop bool) []string {
		if n.Kind != yaml.SequenceNode {
			ds.Add(diag.Errorf(file, n.Line, n.Column, "%s must be a list of words or phrases", what).
				WithHint("write it as [word, other word, ...]"))
			return nil
		}
		var out []string
		seen := map[string]int{}
		for _, m := range n.Content {
			if m.Kind != yaml.ScalarNode || m.Tag != "!!str" && m.Tag != "!!int" {
				ds.Add(diag.Errorf(file, m.Line, m.Column, "%s: each item must be a word or phrase", what))
				continue
			}
			w := strings.Join(strings.Fields(m.Value), " ")
			switch {
			case w == "":
				ds.Add(diag.Errorf(file, m.Line, m.Column, "%s: empty word", what))
				continue
			case !allowStop && len(Terms(w)) == 0 && (what != "say" || len(analyze(w).words) < 2):
				ds.Add(diag.Errorf(file, m.Line, m.Column, "%q has only stop words, so it can never match", w).
					WithHint("use a more specific word, or a say phrase of two or more words"))
				continue
			}
			k := strings.Join(Terms(w), " ")
			if ws := wordPhrase(w); what == "say" && ws != nil {
				k = "=" + strings.Join(ws, " ") // matched on its words (query.go, step 5a)
			} else if k == "" {
				k = strings.ToLower(w)
			}
			if line, dup := seen[k]; dup {
				ds.Add(diag.Errorf(file, m.Line, m.Column, "%q repeats a word of this list (line %d) once endings are ignored", w, line))
				continue
			}
			seen[k] = m.Line
			out = append(out, w)
		}
		return out
	}
	saidAt := map[string]int{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, n := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "question_words":
			v.QuestionWords = words(n, k.Value, true)
		case "contact_words":
			v.ContactWords = words(n, k.Value, false)
		case "figure_words":
			v.FigureWords = words(n, k.Value, false)
		case "link_headings":
			v.LinkHeadings = words(n, k.Value, false)
		case "everyday":
			if n.Kind != yaml.SequenceNode {
				ds.Add(diag.Errorf(file, n.Line, n.Column, "everyday must be a list of entries").
					WithHint("- {say: [wheelchair], find: [physical disability]}"))
				continue
			}
			for _, e := range n.Content {
				if e.Kind != yaml.MappingNode {
					ds.Add(diag.Errorf(file, e.Line, e.Column, "an everyday entry must be {say: [...], find: [...]}"))
					continue
				}
				ev := Everyday{Line: e.Line}
				for j := 0; j+1 < len(e.Content); j += 2 {
					ek, en := e.Content[j], e.Content[j+1]
					switch ek.Value {
					case "say":
						ev.Say = words(en, "say", false)
					case "find":
						ev.Find = words(en, "find", false)
					default:
						ds.Add(diag.Errorf(file, ek.Line, ek.Column, "unknown key %q in an everyday entry", ek.Value).WithHint("use say and find"))
					}
				}
				if len(ev.Say) == 0 || len(ev.Find) == 0 {
					ds.Add(diag.Errorf(file, e.Line, e.Column, "an everyday entry needs say and find, each with at least one word"))
					continue
				}
				for _, f := range ev.Find {
					if ts := Terms(f); len(ts) == 1 && wordPhrase(f) != nil {
						ds.Add(diag.Warnf(file, e.Line, e.Column, "%q finds every page with the word %q: small words do not count in pages", f, analyze(f).raw[0]).
							WithHint("name it more fully, as the pages do (\"looked after children\")"))
					}
				}
				for _, s := range ev.Say {
					key := strings.Join(Terms(s), " ")
					if ws := wordPhrase(s); ws != nil { // matched on the query's words
						key = "=" + strings.Join(ws, " ")
					}
					for _, f := range ev.Find {
						if strings.Join(Terms(f), " ") == key {
							ds.Add(diag.Errorf(file, e.Line, e.Column, "%q is both said and found in this entry", s))
						}
					}
					if line, ok := saidAt[key]; ok {
						ds.Add(diag.Warnf(file, e.Line, e.Column, "%q is already said in the entry on line %d; both entries apply", s, line))
					}
					saidAt[key] = e.Line
				}
				v.Everyday = append(v.Everyday, ev)
			}
		default:
			ds.Add(diag.Errorf(file, k.Line, k.Column, "unknown key %q", k.Value).
				WithHint("keys: everyday, question_words, contact_words, figure_words, link_headings"))
		}
	}
	return v, ds
}
