// Package glossary owns content/_data/glossary.yaml: the acronyms, abbreviations and terms
// the source documents use, each with its expansion as the documents give it. It decodes
// the file strictly (signpost/internal/datafile), validates it with file:line diagnostics,
// answers look-ups for the markdown stage (<abbr> titles), renders the late block
// "::: glossary" (block.go; registered with the file by Feature, feature.go), and
// finds acronyms in a text that the glossary does not define (FindUndefined), so a page can
// be checked for terms a reader would have to guess.
//
// The file is a YAML list:
//
//	# content/_data/glossary.yaml
//	- term: MASH
//	  expansion: Multi-Agency Safeguarding Hub
//	  description: One sentence from the documents.   # optional
//	  areas: [thurrock]                               # optional; empty means general
package glossary

import (
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
)

// Entry is one glossary term.
type Entry struct {
	// Term as written in the documents, e.g. "MASH", "S17", "GCP2", "Section 17ZD".
	Term string `yaml:"term"`
	// Expansion as the documents give it, e.g. "Multi-Agency Safeguarding Hub".
	Expansion string `yaml:"expansion"`
	// Description is an optional sentence: what it is, or how the areas use it differently.
	Description string `yaml:"description"`
	// Areas lists the area keys (site.yaml) whose documents use the term; empty = general.
	Areas []string `yaml:"areas"`

	// Pos is where the entry starts in the file.
	Pos datafile.Pos `yaml:"-"`
	// TermPos, ExpansionPos and AreasPos are where those values are (zero if absent).
	TermPos      datafile.Pos `yaml:"-"`
	ExpansionPos datafile.Pos `yaml:"-"`
	AreasPos     datafile.Pos `yaml:"-"`
}

// IsAcronym reports whether the entry's term is written like an acronym or abbreviation
// (capitals and digits: MASH, S17, GCP2, B&B) rather than as words ("Section 17ZD").
func (e Entry) IsAcronym() bool { return isAcronymCore(e.Term) }

// Glossary is a loaded glossary.yaml.
type Glossary struct {
	// File is the name the glossary was loaded from (for diagnostics).
	File string
	// Entries in file order.
	Entries []Entry

	exact map[string]int // term → index
	fold  map[string]int // lower-cased term → index
}

// Load decodes and validates glossary.yaml. file names it in diagnostics. It always returns
// a usable (possibly empty) *Glossary so later stages can continue and report their own
// problems; the diagnostics say whether the build must stop.
func Load(file string, src []byte) (*Glossary, diag.List) {
	g := &Glossary{File: file}
	var entries []Entry
	if ds := datafile.Decode(file, src, 0, &entries); len(ds) > 0 {
		for i := range ds {
			if strings.Contains(ds[i].Msg, "not found in type") {
				ds[i].Hint = "glossary entries have the keys term, expansion, description and areas"
			}
			if strings.Contains(ds[i].Msg, "cannot unmarshal") && strings.Contains(ds[i].Msg, "[]glossary.Entry") {
				ds[i].Hint = "glossary.yaml is a list: each entry starts with '- term: …'"
			}
		}
		g.index()
		return g, ds
	}
	top, errs := datafile.Tree(file, src)
	if errs != nil { // cannot happen after Decode succeeded
		g.index()
		return g, errs
	}
	for i, item := range datafile.Items(top) {
		if i >= len(entries) {
			break
		}
		entries[i].Pos = datafile.PosOf(item)
		if item.Kind != yaml.MappingNode {
			continue
		}
		entries[i].TermPos = datafile.PosOf(datafile.MapValue(item, "term"))
		entries[i].ExpansionPos = datafile.PosOf(datafile.MapValue(item, "expansion"))
		entries[i].AreasPos = datafile.PosOf(datafile.MapValue(item, "areas"))
	}
	g.Entries = entries
	ds := g.validate()
	g.index()
	return g, ds
}

func at(p, fallback datafile.Pos) datafile.Pos {
	if p.Line > 0 {
		return p
	}
	return fallback
}

func (g *Glossary) validate() diag.List {
	var ds diag.List
	first := map[string]int{} // folded term → index of first entry
	for i, e := range g.Entries {
		tp := at(e.TermPos, e.Pos)
		term := strings.TrimSpace(e.Term)
		switch {
		case term == "":
			ds.Add(diag.Errorf(g.File, tp.Line, tp.Col, "glossary entry %d has no term", i+1).
				WithHint("add 'term: …', the acronym or term as the documents write it"))
		case term != e.Term:
			ds.Add(diag.Errorf(g.File, tp.Line, tp.Col, "glossary term %q has spaces around it", e.Term).
				WithHint("remove the leading or trailing spaces"))
		case strings.ContainsAny(term, "\n\t"):
			ds.Add(diag.Errorf(g.File, tp.Line, tp.Col, "glossary term %q contains a line break or tab", e.Term))
		}
		if term != "" {
			key := strings.ToLower(term)
			if j, dup := first[key]; dup {
				prev := at(g.Entries[j].TermPos, g.Entries[j].Pos)
				ds.Add(diag.Errorf(g.File, tp.Line, tp.Col, "duplicate glossary term %q", term).
					WithHint("%q is already defined at line %d; merge the two entries", g.Entries[j].Term, prev.Line))
			} else {
				first[key] = i
			}
		}
		if strings.TrimSpace(e.Expansion) == "" {
			ep := at(e.ExpansionPos, e.Pos)
			name := term
			if name == "" {
				name = "entry " + itoa(i+1)
			}
			ds.Add(diag.Errorf(g.File, ep.Line, ep.Col, "glossary term %q has no expansion", name).
				WithHint("add 'expansion: …', spelled out as the source documents give it"))
		}
		seenArea := map[string]bool{}
		for _, a := range e.Areas {
			if seenArea[a] {
				ap := at(e.AreasPos, e.Pos)
				ds.Add(diag.Errorf(g.File, ap.Line, ap.Col, "glossary term %q lists area %q twice", term, a))
			}
			seenArea[a] = true
		}
	}
	return ds
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// CheckAreas reports entries whose areas are not among known (the area keys of site.yaml).
func (g *Glossary) CheckAreas(known []string) diag.List {
	if g == nil {
		return nil
	}
	ok := map[string]bool{}
	for _, k := range known {
		ok[k] = true
	}
	var ds diag.List
	for _, e := range g.Entries {
		for _, a := range e.Areas {
			if !ok[a] {
				p := at(e.AreasPos, e.Pos)
				ds.Add(diag.Errorf(g.File, p.Line, p.Col, "glossary term %q names unknown area %q", e.Term, a).
					WithHint("areas are defined in site.yaml: %s", strings.Join(known, ", ")))
			}
		}
	}
	return ds
}

func (g *Glossary) index() {
	g.exact = make(map[string]int, len(g.Entries))
	g.fold = make(map[string]int, len(g.Entries))
	for i, e := range g.Entries {
		if e.Term == "" {
			continue
		}
		if _, dup := g.exact[e.Term]; !dup {
			g.exact[e.Term] = i
		}
		k := strings.ToLower(e.Term)
		if _, dup := g.fold[k]; !dup {
			g.fold[k] = i
		}
	}
}

// Len returns the number of entries.
func (g *Glossary) Len() int {
	if g == nil {
		return 0
	}
	return len(g.Entries)
}

// Lookup finds a term as written in a text. It tries the exact spelling, then ignoring
// case, then — for a word ending in "s" such as "CCGs" or "NAIs" — the singular.
func (g *Glossary) Lookup(word string) (Entry, bool) {
	if g == nil || word == "" {
		return Entry{}, false
	}
	if e, ok := g.lookup1(word); ok {
		return e, true
	}
	if len(word) > 2 && word[len(word)-1] == 's' {
		return g.lookup1(word[:len(word)-1])
	}
	return Entry{}, false
}

func (g *Glossary) lookup1(word string) (Entry, bool) {
	if i, ok := g.exact[word]; ok {
		return g.Entries[i], true
	}
	if i, ok := g.fold[strings.ToLower(word)]; ok {
		return g.Entries[i], true
	}
	return Entry{}, false
}

// Abbreviations maps each acronym-like term (see Entry.IsAcronym) and its plural with "s"
// ("CCGs") to its expansion, for markdown.Env.Glossary, which marks the first use of each
// on a page with <abbr>. Word terms such as "Section 17ZD" are left out: they are not
// abbreviations and would be marked inside ordinary sentences.
func (g *Glossary) Abbreviations() map[string]string {
	m := map[string]string{}
	if g == nil {
		return m
	}
	for _, e := range g.Entries {
		if !e.IsAcronym() || strings.TrimSpace(e.Expansion) == "" {
			continue
		}
		m[e.Term] = e.Expansion
	}
	for _, e := range g.Entries {
		if !e.IsAcronym() || strings.TrimSpace(e.Expansion) == "" {
			continue
		}
		last := rune(e.Term[len(e.Term)-1])
		if unicode.IsUpper(last) {
			if _, taken := m[e.Term+"s"]; !taken {
				m[e.Term+"s"] = e.Expansion
			}
		}
	}
	return m
}

// Sorted returns the entries in A–Z order: by term ignoring case and punctuation, then as
// written.
func (g *Glossary) Sorted() []Entry {
	if g == nil {
		return nil
	}
	out := append([]Entry(nil), g.Entries...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := sortKey(out[i].Term), sortKey(out[j].Term)
		if a != b {
			return a < b
		}
		return out[i].Term < out[j].Term
	})
	return out
}

func sortKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Group is the entries under one initial letter of the A–Z list.
type Group struct {
	Letter  string // "A" … "Z", or "#" for terms that start with a digit
	Entries []Entry
}

// Groups returns Sorted split by initial letter, for the "::: glossary" block's A–Z
// navigation. Letters with no entries are left out.
func (g *Glossary) Groups() []Group {
	var out []Group
	for _, e := range g.Sorted() {
		letter := "#"
		if k := sortKey(e.Term); k != "" && k[0] >= 'a' && k[0] <= 'z' {
			letter = strings.ToUpper(k[:1])
		}
		if len(out) == 0 || out[len(out)-1].Letter != letter {
			out = append(out, Group{Letter: letter})
		}
		out[len(out)-1].Entries = append(out[len(out)-1].Entries, e)
	}
	return out
}
