package chart

import (
	"strings"
	"testing"
)

// valid is one good chart; cases below change one thing about it. Its lines are:
//
//	1 charts:
//	2   - id: a
//	3     title: A
//	4     kind: bar
//	5     unit: "%"
//	6     categories: [x, y]
//	7     series:
//	8       - name: s
//	9         values: [1, 2]
//	10    source: p. 1
const valid = `charts:
  - id: a
    title: A
    kind: bar
    unit: "%"
    categories: [x, y]
    series:
      - name: s
        values: [1, 2]
    source: p. 1
`

func TestLoadValid(t *testing.T) {
	charts, ds := Load("report.yaml", []byte(valid))
	if len(ds) != 0 {
		t.Fatalf("unexpected diagnostics:\n%v", ds)
	}
	c := charts["a"]
	if c == nil {
		t.Fatalf("chart a not loaded: %v", IDs(charts))
	}
	if c.Line != 2 || c.Series[0].Line != 8 {
		t.Errorf("lines: chart %d, series %d; want 2, 8", c.Line, c.Series[0].Line)
	}
	if c.Kind != KindBar || c.Unit != "%" || len(c.Categories) != 2 || c.Series[0].Values[1] != 2 {
		t.Errorf("decoded %+v", c)
	}
}

func TestLoadEmpty(t *testing.T) {
	for _, src := range []string{"", "charts: []\n", "# nothing yet\n"} {
		charts, ds := Load("report.yaml", []byte(src))
		if len(ds) != 0 || len(charts) != 0 {
			t.Errorf("Load(%q) = %v, %v; want nothing", src, charts, ds)
		}
	}
}

// TestLoadErrors checks each problem is reported at its file:line:col, and that a chart
// with a problem is left out while good charts load.
func TestLoadErrors(t *testing.T) {
	r := strings.NewReplacer
	tests := []struct {
		name string
		src  string
		want []string // diagnostics, in order, as printed
	}{
		{"unknown key", r("    source:", "    colour: red\n    source:").Replace(valid),
			[]string{"report.yaml:10:5: field colour not found in type chart.Chart (unknown key: check its spelling against the documented keys)"}},
		{"wrong type", r("values: [1, 2]", "values: [1, two]").Replace(valid),
			[]string{"report.yaml:9:21: cannot unmarshal !!str `two` into float64 (the value has the wrong type)"}},
		{"syntax", r("title: A", "title: A: B").Replace(valid),
			[]string{"report.yaml:3:5: mapping values are not allowed in this context (YAML syntax: check indentation and quote values that contain ': ')"}},
		{"no id", r("  - id: a\n    title", "  - title").Replace(valid),
			[]string{"report.yaml:2:5: chart has no id"}},
		{"bad id", r("id: a", "id: Bad_Id").Replace(valid),
			[]string{`report.yaml:2:9: chart id "Bad_Id" is not lowercase letters, digits and single hyphens (ids become HTML ids and block arguments, e.g. lado-referrals)`}},
		{"no title", r("    title: A\n", "").Replace(valid),
			[]string{"report.yaml:2:5: chart a has no title"}},
		{"no source", r("    source: p. 1\n", "").Replace(valid),
			[]string{"report.yaml:2:5: chart a has no source (say where in the report the numbers are given)"}},
		{"no kind", r("    kind: bar\n", "").Replace(valid),
			[]string{`report.yaml:2:5: chart a has no kind (use "bar", "hbar" or "line")`}},
		{"unknown kind", r("kind: bar", "kind: pie").Replace(valid),
			[]string{`report.yaml:4:11: chart a has unknown kind "pie" (use "bar", "hbar" or "line")`}},
		{"no categories", r("categories: [x, y]", "categories: []").Replace(valid),
			[]string{"report.yaml:6:17: chart a has no categories", `report.yaml:9:17: chart a: series "s" has 2 values for 0 categories (give one value per category, in the same order)`}},
		{"empty category", r("[x, y]", `[x, ""]`).Replace(valid),
			[]string{"report.yaml:6:21: chart a: category 2 is empty"}},
		{"repeated category", r("[x, y]", "[x, x]").Replace(valid),
			[]string{`report.yaml:6:21: chart a: category "x" is repeated`}},
		{"too few values", r("values: [1, 2]", "values: [1]").Replace(valid),
			[]string{`report.yaml:9:17: chart a: series "s" has 1 values for 2 categories (give one value per category, in the same order)`}},
		{"too many values", r("values: [1, 2]", "values: [1, 2, 3]").Replace(valid),
			[]string{`report.yaml:9:17: chart a: series "s" has 3 values for 2 categories (give one value per category, in the same order)`}},
		{"negative value", r("values: [1, 2]", "values: [1, -2]").Replace(valid),
			[]string{`report.yaml:9:21: chart a: series "s" value 2 (-2) must be a finite number not below 0`}},
		{"not a number", r("values: [1, 2]", "values: [.nan, 2]").Replace(valid),
			[]string{`report.yaml:9:18: chart a: series "s" value 1 (NaN) must be a finite number not below 0`}},
		{"no series", r("    series:\n      - name: s\n        values: [1, 2]\n", "    series: []\n").Replace(valid),
			[]string{"report.yaml:7:13: chart a has no series"}},
		{"unnamed series", r("- name: s\n        values", "- values").Replace(valid),
			[]string{"report.yaml:8:9: chart a: series 1 has no name (the name heads its table column)"}},
		{"repeated series", r("        values: [1, 2]\n", "        values: [1, 2]\n      - name: s\n        values: [3, 4]\n").Replace(valid),
			[]string{`report.yaml:10:9: chart a: series "s" is repeated`}},
		{"too many series", r("        values: [1, 2]\n", "        values: [1, 2]\n      - {name: t, values: [1, 2]}\n      - {name: u, values: [1, 2]}\n      - {name: v, values: [1, 2]}\n      - {name: w, values: [1, 2]}\n").Replace(valid),
			[]string{"report.yaml:13:9: chart a has 5 series; at most 4 can be told apart"}},
		{"line of one point", r("kind: bar", "kind: line").Replace(r("[x, y]", "[x]").Replace(r("[1, 2]", "[1]").Replace(valid))),
			[]string{`report.yaml:6:17: line chart a needs at least 2 categories (use kind "bar" for a single value)`}},
		{"duplicate id", valid + strings.TrimPrefix(valid, "charts:\n"),
			[]string{`report.yaml:11:9: duplicate chart id "a" (first used at line 2)`}},
		{"empty entry", "charts:\n  -\n", []string{"report.yaml:2:4: empty chart entry"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Load("report.yaml", []byte(tt.src))
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("source:\n%s\ngot:\n%s\nwant:\n%s", tt.src, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestLoadKeepsGoodCharts: one bad chart does not hide the others, and every problem in a
// file is reported in one run.
func TestLoadKeepsGoodCharts(t *testing.T) {
	src := valid + `  - id: b
    title: B
    kind: pie
    categories: [x]
    series:
      - name: s
        values: [1, 2]
    source: p. 2
  - id: c
    title: C
    kind: hbar
    categories: [x]
    series:
      - name: s
        values: [3]
    source: p. 3
`
	charts, ds := Load("report.yaml", []byte(src))
	if got := strings.Join(IDs(charts), ","); got != "a,c" {
		t.Errorf("loaded %s; want a,c", got)
	}
	if len(ds) != 2 || !ds.HasErrors() {
		t.Errorf("want 2 errors for chart b, got:\n%v", ds)
	}
	for _, d := range ds {
		if d.File != "report.yaml" || d.Line < 11 || d.Line > 18 {
			t.Errorf("diagnostic outside chart b: %v", d)
		}
	}
}

func TestSuggest(t *testing.T) {
	charts := map[string]*Chart{"lado-referrals": {}, "mash-contact-rag": {}, "mash-contact-sources": {}, "rhi-take-up": {}}
	tests := []struct{ in, want string }{
		{"lado-referals", "lado-referrals"},
		{"mash-contact-sorces", "mash-contact-sources"},
		{"rhi", "rhi-take-up"},
		{"lado", "lado-referrals"},
		{"budget", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, charts); got != tt.want {
			t.Errorf("Suggest(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
