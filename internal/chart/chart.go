// Package chart owns content/_data/report.yaml, the annual report's figures: it declares
// their types, decodes and validates the file (Load), and renders one figure as an
// accessible SVG chart followed by the same numbers as a data table (Render). The markdown
// stage replaces a `::: chart ID` block line with Render's output.
//
// The data file looks like this (unknown keys are errors):
//
//	charts:
//	  - id: lado-referrals          # lowercase letters, digits and hyphens; unique
//	    title: LADO referrals by year
//	    caption: One or two sentences saying what the figure shows.
//	    kind: bar                   # bar | hbar | line
//	    unit: "%"                   # "%" or "£" are written with each value; any other
//	                                # text (e.g. "Number of referrals") titles the value axis
//	    category_label: Year        # header of the table's first column (default "Category")
//	    categories: [2019–2020, 2021–2022]
//	    series:
//	      - name: Allegations       # a legend entry and a table column
//	        values: [47, 37]        # one value per category, finite and not negative
//	    source: Where in the report the numbers are given.
//
// Values are copied from the report exactly; Source records where, so a reviewer can check.
package chart

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
)

// Kind is how a chart draws its values.
type Kind string

// The kinds of chart. Vertical bars suit a few categories with short names, horizontal bars
// suit long category names or many categories, lines suit values over time.
const (
	KindBar  Kind = "bar"
	KindHBar Kind = "hbar"
	KindLine Kind = "line"
)

// MaxSeries is the most series one chart may have: each series needs its own fill pattern
// or line style and marker as well as its own colour, so that colour is never the only
// difference (WCAG 1.4.1), and there are four of each.
const MaxSeries = 4

// Chart is one figure from the report.
type Chart struct {
	ID            string   `yaml:"id"`
	Title         string   `yaml:"title"`
	Caption       string   `yaml:"caption"`
	Kind          Kind     `yaml:"kind"`
	Unit          string   `yaml:"unit"`
	CategoryLabel string   `yaml:"category_label"`
	Categories    []string `yaml:"categories"`
	Series        []Series `yaml:"series"`
	// Source says where in the report the numbers are given.
	Source string `yaml:"source"`
	// Line is where the chart starts in the data file, for diagnostics.
	Line int `yaml:"-"`
}

// Series is one row of values, one per category.
type Series struct {
	Name   string    `yaml:"name"`
	Values []float64 `yaml:"values"`
	// Line is where the series starts in the data file, for diagnostics.
	Line int `yaml:"-"`
}

type dataFile struct {
	Charts []*Chart `yaml:"charts"`
}

var idRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Load decodes a report data file (named file in diagnostics) strictly and validates every
// chart. Charts with problems are left out of the map; every problem is reported, each at
// the line of the value at fault.
func Load(file string, src []byte) (map[string]*Chart, diag.List) {
	var f dataFile
	if ds := datafile.Decode(file, src, 0, &f); len(ds) > 0 {
		return map[string]*Chart{}, ds
	}
	// The strict decode above succeeded, so the same text parses as a node tree; the
	// tree gives each value's line and column.
	top, errs := datafile.Tree(file, src)
	if errs != nil {
		return map[string]*Chart{}, errs
	}
	items := datafile.MapValue(top, "charts")

	out := make(map[string]*Chart, len(f.Charts))
	firstLine := map[string]int{}
	var ds diag.List
	for i, c := range f.Charts {
		item := datafile.Item(items, i)
		if item == nil {
			item = top // cannot happen: the decoded list came from this node
		}
		if c == nil {
			p := datafile.PosOf(item)
			ds.Add(diag.Errorf(file, p.Line, p.Col, "empty chart entry"))
			continue
		}
		c.Line = item.Line
		series := datafile.MapValue(item, "series")
		for j := range c.Series {
			c.Series[j].Line = datafile.PosOf(datafile.Item(series, j)).Line
		}
		errs := validate(file, c, i, item)
		if c.ID != "" && idRE.MatchString(c.ID) {
			if l, dup := firstLine[c.ID]; dup {
				p := datafile.ValuePos(item, "id")
				errs.Add(diag.Errorf(file, p.Line, p.Col, "duplicate chart id %q", c.ID).
					WithHint("first used at line %d", l))
			} else {
				firstLine[c.ID] = c.Line
			}
		}
		ds.Add(errs...)
		if len(errs) == 0 {
			out[c.ID] = c
		}
	}
	return out, ds
}

// validate checks chart c, the i-th of the file, decoded from node item.
func validate(file string, c *Chart, i int, item *yaml.Node) diag.List {
	var ds diag.List
	at := func(key string) datafile.Pos { return datafile.ValuePos(item, key) }
	// elem is the position of the k-th element of list, or of the list when it has none.
	elem := func(list *yaml.Node, k int) datafile.Pos { return datafile.PosOf(datafile.Item(list, k)) }
	errf := func(p datafile.Pos, format string, args ...any) *diag.Diag {
		ds.Add(diag.Errorf(file, p.Line, p.Col, format, args...))
		return &ds[len(ds)-1]
	}
	// A list that is missing has the position of the chart.
	list := func(key string) *yaml.Node {
		if v := datafile.MapValue(item, key); v != nil {
			return v
		}
		return item
	}
	name := c.ID
	switch {
	case c.ID == "":
		errf(at("id"), "chart has no id")
		name = fmt.Sprintf("#%d", i+1)
	case !idRE.MatchString(c.ID):
		errf(at("id"), "chart id %q is not lowercase letters, digits and single hyphens", c.ID).
			Hint = "ids become HTML ids and block arguments, e.g. lado-referrals"
	}
	if strings.TrimSpace(c.Title) == "" {
		errf(at("title"), "chart %s has no title", name)
	}
	if strings.TrimSpace(c.Source) == "" {
		errf(at("source"), "chart %s has no source", name).
			Hint = "say where in the report the numbers are given"
	}
	switch c.Kind {
	case KindBar, KindHBar, KindLine:
	case "":
		errf(at("kind"), "chart %s has no kind", name).Hint = `use "bar", "hbar" or "line"`
	default:
		errf(at("kind"), "chart %s has unknown kind %q", name, c.Kind).Hint = `use "bar", "hbar" or "line"`
	}
	if len(c.Categories) == 0 {
		errf(at("categories"), "chart %s has no categories", name)
	}
	seenCat := map[string]bool{}
	for k, cat := range c.Categories {
		n := elem(list("categories"), k)
		switch {
		case strings.TrimSpace(cat) == "":
			errf(n, "chart %s: category %d is empty", name, k+1)
		case seenCat[cat]:
			errf(n, "chart %s: category %q is repeated", name, cat)
		}
		seenCat[cat] = true
	}
	if c.Kind == KindLine && len(c.Categories) == 1 {
		errf(at("categories"), "line chart %s needs at least 2 categories", name).Hint = `use kind "bar" for a single value`
	}
	switch {
	case len(c.Series) == 0:
		errf(at("series"), "chart %s has no series", name)
	case len(c.Series) > MaxSeries:
		errf(elem(list("series"), MaxSeries), "chart %s has %d series; at most %d can be told apart", name, len(c.Series), MaxSeries)
	}
	seenSeries := map[string]bool{}
	for j, s := range c.Series {
		sn := elem(list("series"), j)
		if strings.TrimSpace(s.Name) == "" {
			errf(sn, "chart %s: series %d has no name", name, j+1).Hint = "the name heads its table column"
		} else if seenSeries[s.Name] {
			errf(sn, "chart %s: series %q is repeated", name, s.Name)
		}
		seenSeries[s.Name] = true
		seriesItem := datafile.Item(list("series"), j)
		vn := datafile.MapValue(seriesItem, "values")
		if vn == nil {
			vn = seriesItem
		}
		if len(s.Values) != len(c.Categories) {
			errf(datafile.PosOf(vn), "chart %s: series %q has %d values for %d categories", name, s.Name, len(s.Values), len(c.Categories)).
				Hint = "give one value per category, in the same order"
		}
		for k, v := range s.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				errf(elem(vn, k), "chart %s: series %q value %d (%v) must be a finite number not below 0", name, s.Name, k+1, v)
			}
		}
	}
	return ds
}

// IDs returns the ids of charts, sorted, for messages such as "unknown chart (known: …)".
func IDs(charts map[string]*Chart) []string {
	ids := make([]string, 0, len(charts))
	for id := range charts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
