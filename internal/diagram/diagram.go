// Package diagram turns content/_data/diagrams.yaml into accessible flow diagrams: an inline
// SVG (boxes and arrows, text wrapped to fit, scaled by its viewBox) followed by the same
// content as an ordered list, in a <figure>. Pages place one with the block line
// "::: diagram ID".
//
// The data file looks like this:
//
//	diagrams:
//	  - id: escalation                # unique, lowercase letters, digits and hyphens
//	    title: Disagreement Resolution Flow   # figcaption and SVG <title>
//	    kind: flow                    # optional; "flow" is the only kind
//	    desc: ...                     # optional SVG <desc>; generated when empty
//	    steps:                        # drawn top to bottom, listed in this order
//	      - label: Stage 1
//	        text: Direct Professional to Professional Discussion.
//	    links:                        # optional; without links each step points to the next
//	      - from: Stage 1             # step labels
//	        to: Stage 2
//	        label: If this fails to resolve the disagreement proceed to Stage 2.
//
// Links may only join neighbouring steps (either direction). A link that does not go to the
// next step needs a label, so the text equivalent can say where it goes.
package diagram

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
	names "signpost/internal/suggest"
)

// KindFlow is a vertical flow: steps top to bottom, arrows between neighbours.
const KindFlow = "flow"

// Kinds lists the diagram kinds Render supports.
var Kinds = []string{KindFlow}

// Diagram is one entry of diagrams.yaml.
type Diagram struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	Kind  string `yaml:"kind"`
	// Desc is the SVG's longer description; Render generates one when it is empty.
	Desc  string       `yaml:"desc"`
	Steps []Step       `yaml:"steps"`
	Links []Link       `yaml:"links"`
	Pos   datafile.Pos `yaml:"-"`
}

// Step is one box of a diagram.
type Step struct {
	Label string       `yaml:"label"`
	Text  string       `yaml:"text"`
	Pos   datafile.Pos `yaml:"-"`
}

// Link is an arrow between two neighbouring steps, named by their labels.
type Link struct {
	From  string       `yaml:"from"`
	To    string       `yaml:"to"`
	Label string       `yaml:"label"`
	Pos   datafile.Pos `yaml:"-"`
}

type fileData struct {
	Diagrams []*Diagram `yaml:"diagrams"`
}

var idRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Load decodes and validates diagrams.yaml (named file in diagnostics). Unknown keys,
// wrong types, duplicate ids, empty steps and links to unknown or distant steps are errors
// with file:line:col. It returns the diagrams that are valid, keyed by id.
func Load(file string, src []byte) (map[string]*Diagram, diag.List) {
	out := map[string]*Diagram{}
	var root yaml.Node
	if ds := datafile.Decode(file, src, 0, &root); ds.HasErrors() {
		return out, ds
	}
	doc := datafile.Top(&root)
	if doc == nil {
		return out, nil
	}
	if doc.Kind == yaml.ScalarNode && doc.Tag == "!!null" {
		return out, nil
	}
	var ds diag.List
	var f fileData
	if err := doc.Decode(&f); err != nil {
		ds.Add(datafile.FromYAMLError(file, 0, err)...)
	}
	ds.Add(positions(file, doc, f.Diagrams)...)

	seen := map[string]*Diagram{}
	for _, d := range f.Diagrams {
		if d == nil {
			continue
		}
		if errs := validate(file, d, seen); len(errs) > 0 {
			ds.Add(errs...)
			continue
		}
		if d.Kind == "" {
			d.Kind = KindFlow
		}
		out[d.ID] = d
	}
	ds.Sort()
	return out, ds
}

func validate(file string, d *Diagram, seen map[string]*Diagram) diag.List {
	var ds diag.List
	at := func(p datafile.Pos, format string, args ...any) diag.Diag {
		return diag.Errorf(file, p.Line, p.Col, format, args...)
	}
	switch {
	case d.ID == "":
		ds.Add(at(d.Pos, "diagram has no id").WithHint("add id: a-short-name, used as ::: diagram a-short-name"))
	case !idRE.MatchString(d.ID):
		ds.Add(at(d.Pos, "diagram id %q is not valid", d.ID).WithHint("use lowercase letters, digits and single hyphens"))
	case seen[d.ID] != nil:
		ds.Add(at(d.Pos, "duplicate diagram id %q", d.ID).WithHint("first defined at line %d", seen[d.ID].Pos.Line))
	default:
		seen[d.ID] = d
	}
	if strings.TrimSpace(d.Title) == "" {
		ds.Add(at(d.Pos, "diagram %q has no title", d.ID).WithHint("the title is the figure caption and the SVG's accessible name"))
	}
	if d.Kind != "" && d.Kind != KindFlow {
		ds.Add(at(d.Pos, "diagram %q: unknown kind %q", d.ID, d.Kind).WithHint("known kinds: %s", strings.Join(Kinds, ", ")))
	}
	if len(d.Steps) == 0 {
		ds.Add(at(d.Pos, "diagram %q has no steps", d.ID).WithHint("add steps: with at least one label"))
	}
	index := map[string]int{}
	for i, s := range d.Steps {
		if strings.TrimSpace(s.Label) == "" {
			ds.Add(at(s.Pos, "diagram %q: step %d has no label", d.ID, i+1))
			continue
		}
		if j, ok := index[s.Label]; ok {
			ds.Add(at(s.Pos, "diagram %q: duplicate step label %q", d.ID, s.Label).WithHint("first used at line %d", d.Steps[j].Pos.Line))
			continue
		}
		index[s.Label] = i
	}
	type pair struct{ from, to int }
	links := map[pair]bool{}
	for _, l := range d.Links {
		from, okFrom := index[l.From]
		to, okTo := index[l.To]
		for _, end := range []struct {
			name string
			ok   bool
		}{{l.From, okFrom}, {l.To, okTo}} {
			if !end.ok {
				e := at(l.Pos, "diagram %q: link names unknown step %q", d.ID, end.name)
				if s := suggest(end.name, keys(index)); s != "" {
					e = e.WithHint("did you mean %q?", s)
				} else {
					e = e.WithHint("from and to are step labels")
				}
				ds.Add(e)
			}
		}
		if !okFrom || !okTo {
			continue
		}
		switch {
		case from == to:
			ds.Add(at(l.Pos, "diagram %q: link from %q to itself", d.ID, l.From))
		case from-to != 1 && to-from != 1:
			ds.Add(at(l.Pos, "diagram %q: link from %q to %q skips steps", d.ID, l.From, l.To).WithHint("links may only join neighbouring steps"))
		case links[pair{from, to}]:
			ds.Add(at(l.Pos, "diagram %q: duplicate link from %q to %q", d.ID, l.From, l.To))
		case to != from+1 && strings.TrimSpace(l.Label) == "":
			ds.Add(at(l.Pos, "diagram %q: link from %q back to %q needs a label", d.ID, l.From, l.To).WithHint("the text equivalent says where it goes"))
		}
		links[pair{from, to}] = true
	}
	return ds
}

// positions sets each diagram's, step's and link's Pos from the node it was decoded from
// and reports keys that match no field (node.Decode ignores them), with line, column and a
// suggestion.
func positions(file string, doc *yaml.Node, diagrams []*Diagram) diag.List {
	ds := datafile.UnknownKeys(file, doc, "the file", "diagrams")
	for i, n := range datafile.Items(datafile.MapValue(doc, "diagrams")) {
		if i >= len(diagrams) || diagrams[i] == nil || n.Kind != yaml.MappingNode {
			continue
		}
		d := diagrams[i]
		d.Pos = datafile.PosOf(n)
		ds.Add(datafile.UnknownKeys(file, n, "a diagram", "desc", "id", "kind", "links", "steps", "title")...)
		for j, sn := range datafile.Items(datafile.MapValue(n, "steps")) {
			if j < len(d.Steps) && sn.Kind == yaml.MappingNode {
				d.Steps[j].Pos = datafile.PosOf(sn)
				ds.Add(datafile.UnknownKeys(file, sn, "a step", "label", "text")...)
			}
		}
		for j, ln := range datafile.Items(datafile.MapValue(n, "links")) {
			if j < len(d.Links) && ln.Kind == yaml.MappingNode {
				d.Links[j].Pos = datafile.PosOf(ln)
				ds.Add(datafile.UnknownKeys(file, ln, "a link", "from", "label", "to")...)
			}
		}
	}
	return ds
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// suggest returns the candidate s most likely means (internal/suggest's rule), or "".
func suggest(s string, candidates []string) string { return names.Closest(s, candidates) }

// String is a short description for debugging and error messages.
func (d *Diagram) String() string {
	return fmt.Sprintf("diagram %s (%d steps)", d.ID, len(d.Steps))
}

// Suggest returns the id in ds closest to an unknown id (for "unknown diagram" errors from
// "::: diagram ID"), or "" when none is close.
func Suggest(id string, ds map[string]*Diagram) string {
	return suggest(id, keys(ds))
}
