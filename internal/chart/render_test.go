package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/render.txtar with the current output")

// reportFile is the site's data file, relative to this package.
const reportFile = "../../content/_data/report.yaml"

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v    float64
		prec int
		want string
	}{
		{0, -1, "0"},
		{8.6, -1, "8.6"},
		{45.51, -1, "45.51"},
		{999, -1, "999"},
		{5994, -1, "5,994"},
		{146343, -1, "146,343"},
		{1234567.5, -1, "1,234,567.5"},
		{116977.1, 2, "116,977.10"},
		{3630.82, 2, "3,630.82"},
		{40000, 0, "40,000"},
		{-1500, -1, "-1,500"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.v, tt.prec); got != tt.want {
			t.Errorf("formatNumber(%v, %d) = %q; want %q", tt.v, tt.prec, got, tt.want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	money := &Chart{Unit: "£", Series: []Series{{Values: []float64{116977.1, 58488.55}}}}
	whole := &Chart{Unit: "£", Series: []Series{{Values: []float64{100, 2500}}}}
	tests := []struct {
		c    *Chart
		v    float64
		want string
	}{
		{&Chart{Unit: "%"}, 45.51, "45.51%"},
		{&Chart{Unit: "%"}, 31, "31%"},
		{&Chart{Unit: "Number of referrals"}, 148, "148"},
		{&Chart{}, 5994, "5,994"},
		{money, 116977.1, "£116,977.10"},
		{money, 58488.55, "£58,488.55"},
		{whole, 2500, "£2,500"},
	}
	for _, tt := range tests {
		if got := tt.c.formatValue(tt.v); got != tt.want {
			t.Errorf("formatValue(%v) with unit %q = %q; want %q", tt.v, tt.c.Unit, got, tt.want)
		}
		back, err := parseNumber(tt.want)
		if err != nil || back != tt.v {
			t.Errorf("parseNumber(%q) = %v, %v; want %v", tt.want, back, err, tt.v)
		}
	}
}

func TestNiceScale(t *testing.T) {
	tests := []struct {
		max       float64
		steps     int
		pct, whol bool
		top, step float64
	}{
		{148, 5, false, true, 150, 50},
		{1059, 5, false, true, 1250, 250},
		{5994, 5, false, true, 6000, 2000},
		{20, 5, false, true, 20, 5},
		{6, 5, false, true, 6, 2},
		{1, 5, false, true, 1, 1},
		{0, 5, false, true, 1, 1},
		{116977.1, 3, false, false, 150000, 50000},
		{96, 5, true, true, 100, 20},
		{45.51, 3, true, false, 100, 50},
		{0.7, 5, false, false, 0.8, 0.2},
	}
	for _, tt := range tests {
		top, step := niceScale(tt.max, tt.steps, tt.pct, tt.whol)
		want := [2]float64{tt.top, tt.step}
		if [2]float64{top, step} != want {
			t.Errorf("niceScale(%v, %d, %v, %v) = %v, %v; want %v, %v", tt.max, tt.steps, tt.pct, tt.whol, top, step, want[0], want[1])
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string // lines joined with |
	}{
		{"Police", 10, "Police"},
		{"", 10, ""},
		{"National Probation Service", 18, "National Probation|Service"},
		{"In suitable accommodation: 17-18 year old", 23, "In suitable|accommodation: 17-18|year old"},
		{"Supercalifragilistic word", 5, "Supercalifragilistic|word"},
		{"  spaced   out  ", 20, "spaced out"},
	}
	for _, tt := range tests {
		if got := strings.Join(wrap(tt.in, tt.width), "|"); got != tt.want {
			t.Errorf("wrap(%q, %d) = %q; want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestNum(t *testing.T) {
	tests := map[float64]string{0: "0", 12: "12", 12.04: "12", 12.06: "12.1", -0.01: "0", 179.95: "180"}
	for in, want := range tests {
		if got := num(in); got != want {
			t.Errorf("num(%v) = %q; want %q", in, got, want)
		}
	}
}

// TestRenderGolden compares Render's output for the charts in testdata/render.txtar with
// the want/<id>.html files there. Run `go test ./internal/chart -update` to rewrite them
// after a deliberate change, and review the diff.
func TestRenderGolden(t *testing.T) {
	path := filepath.Join("testdata", "render.txtar")
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var src []byte
	want := map[string]string{}
	for _, f := range ar.Files {
		switch {
		case f.Name == "report.yaml":
			src = f.Data
		case strings.HasPrefix(f.Name, "want/"):
			want[strings.TrimSuffix(strings.TrimPrefix(f.Name, "want/"), ".html")] = string(f.Data)
		}
	}
	charts, ds := Load("report.yaml", src)
	if len(ds) != 0 {
		t.Fatalf("testdata report.yaml: %v", ds)
	}
	if *update {
		out := &txtar.Archive{Comment: ar.Comment, Files: []txtar.File{{Name: "report.yaml", Data: src}}}
		for _, id := range IDs(charts) {
			out.Files = append(out.Files, txtar.File{Name: "want/" + id + ".html", Data: []byte(Render(charts[id]))})
		}
		if err := os.WriteFile(path, txtar.Format(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, id := range IDs(charts) {
		got := string(Render(charts[id]))
		w, ok := want[id]
		if !ok {
			t.Errorf("no want/%s.html in %s (run with -update)", id, path)
			continue
		}
		if got != w {
			t.Errorf("Render(%s) differs from want/%s.html (run with -update and review the diff):\n%s", id, id, firstDiff(got, w))
		}
	}
	for id := range want {
		if charts[id] == nil {
			t.Errorf("want/%s.html has no chart in report.yaml", id)
		}
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

// allCharts is every chart the tests render: the golden cases and the site's report.
func allCharts(t *testing.T) []*Chart {
	t.Helper()
	var out []*Chart
	ar, err := txtar.ParseFile(filepath.Join("testdata", "render.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "report.yaml" {
			m, ds := Load("testdata/render.txtar", f.Data)
			if len(ds) != 0 {
				t.Fatal(ds)
			}
			for _, id := range IDs(m) {
				out = append(out, m[id])
			}
		}
	}
	return append(out, siteCharts(t)...)
}

func siteCharts(t *testing.T) []*Chart {
	t.Helper()
	src, err := os.ReadFile(reportFile)
	if err != nil {
		t.Fatal(err)
	}
	m, ds := Load("content/_data/report.yaml", src)
	if len(ds) != 0 {
		t.Fatalf("content/_data/report.yaml:\n%v", ds)
	}
	var out []*Chart
	for _, id := range IDs(m) {
		out = append(out, m[id])
	}
	return out
}

// element is a parsed element of rendered output.
type element struct {
	name     string
	attr     map[string]string
	text     string // all text inside, including descendants'
	children []*element
}

// parse reads rendered HTML as XML: Render writes well-formed markup, so a strict XML
// parser both checks that and gives the tree for the other tests.
func parse(t *testing.T, html string) *element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(html))
	d.Strict = true
	root := &element{name: "#root"}
	stack := []*element{root}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("rendered HTML is not well formed: %v\n%s", err, html)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.attr[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.children = append(top.children, e)
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			for _, e := range stack {
				e.text += string(tok)
			}
		}
	}
	return root
}

func (e *element) all(name string) []*element {
	var out []*element
	var walk func(*element)
	walk = func(x *element) {
		for _, c := range x.children {
			if name == "" || c.name == name {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(e)
	return out
}

func (e *element) first(name string) *element {
	if all := e.all(name); len(all) > 0 {
		return all[0]
	}
	return nil
}

// TestRenderHTMLRules checks the site's rules for generated HTML on every chart: no style
// attributes or scripts, unique ids, an SVG image with an accessible name and description,
// a patterned legend when there are several series, a table with caption and scoped header
// cells, a figcaption, and the same output every time.
func TestRenderHTMLRules(t *testing.T) {
	for _, c := range allCharts(t) {
		t.Run(c.ID, func(t *testing.T) {
			out := string(Render(c))
			if out != string(Render(c)) {
				t.Error("output differs between two renders")
			}
			for _, bad := range []string{"style=", "<script", "<style", "http://", "https://"} {
				if strings.Contains(out, bad) {
					t.Errorf("output contains %q", bad)
				}
			}
			root := parse(t, out)
			fig := root.first("figure")
			if fig == nil || !strings.Contains(" "+fig.attr["class"]+" ", " chart ") || fig.attr["id"] != "chart-"+c.ID {
				t.Fatalf("want <figure class=\"chart …\" id=\"chart-%s\">, got %+v", c.ID, fig)
			}
			ids := map[string]bool{}
			for _, e := range root.all("") {
				if id, ok := e.attr["id"]; ok {
					if ids[id] {
						t.Errorf("id %q repeated", id)
					}
					if !strings.HasPrefix(id, "chart-"+c.ID) {
						t.Errorf("id %q does not start with chart-%s", id, c.ID)
					}
					ids[id] = true
				}
			}
			for _, e := range root.all("") {
				for _, a := range []string{"aria-labelledby", "aria-describedby"} {
					for _, ref := range strings.Fields(e.attr[a]) {
						if !ids[ref] {
							t.Errorf("<%s %s> names missing id %q", e.name, a, ref)
						}
					}
				}
				if v := e.attr["fill"]; strings.HasPrefix(v, "url(#") && !ids[strings.TrimSuffix(strings.TrimPrefix(v, "url(#"), ")")] {
					t.Errorf("fill %q names a missing pattern", v)
				}
			}
			svg := root.first("svg")
			if svg == nil || svg.attr["role"] != "img" || svg.attr["aria-labelledby"] == "" || svg.attr["viewBox"] == "" {
				t.Fatalf("want <svg role=img aria-labelledby viewBox>, got %+v", svg)
			}
			if _, ok := svg.attr["width"]; ok {
				t.Error("svg has a fixed width; it must scale with its viewBox")
			}
			if tt := svg.first("title"); tt == nil || strings.TrimSpace(tt.text) != c.Title {
				t.Errorf("svg title = %+v; want %q", tt, c.Title)
			}
			if d := svg.first("desc"); d == nil || !strings.Contains(d.text, c.formatValue(c.Series[0].Values[0])) {
				t.Errorf("svg desc does not give the values: %+v", d)
			}
			legend := 0
			for _, g := range svg.all("g") {
				if g.attr["class"] == "chart-legend" {
					legend = len(g.all("text"))
				}
			}
			if want := len(c.Series); want > 1 && legend != want || want == 1 && legend != 0 {
				t.Errorf("legend has %d entries for %d series", legend, want)
			}
			if c.Kind != KindLine && len(c.Series) > 1 && len(svg.all("pattern")) != len(c.Series)-1 {
				t.Errorf("want a fill pattern for each series after the first")
			}
			if c.Kind == KindLine && len(svg.all("polyline")) != len(c.Series) {
				t.Errorf("want one line per series")
			}
			table := root.first("table")
			if table == nil || table.first("caption") == nil {
				t.Fatal("want a table with a caption")
			}
			for _, th := range table.all("th") {
				if s := th.attr["scope"]; s != "col" && s != "row" {
					t.Errorf("<th>%s</th> has scope %q", th.text, s)
				}
			}
			if fc := fig.children[len(fig.children)-1]; fc.name != "figcaption" || !strings.Contains(fc.text, c.Source) {
				t.Errorf("last child of figure is <%s>; want a figcaption giving the source", fc.name)
			}
		})
	}
}

// TestReportTablesMatchData parses the table of every chart in the site's report.yaml back
// into numbers and checks them against the data: the text equivalent says exactly what the
// data file (and so the report) says.
func TestReportTablesMatchData(t *testing.T) {
	charts := siteCharts(t)
	if len(charts) == 0 {
		t.Fatal("no charts in content/_data/report.yaml")
	}
	for _, c := range charts {
		root := parse(t, string(Render(c)))
		table := root.first("table")
		head := table.first("thead").all("th")
		if len(head) != len(c.Series)+1 {
			t.Errorf("%s: %d header cells for %d series", c.ID, len(head), len(c.Series))
			continue
		}
		for j, s := range c.Series {
			if got := head[j+1].text; got != s.Name {
				t.Errorf("%s: column %d is %q; want %q", c.ID, j+1, got, s.Name)
			}
		}
		rows := table.first("tbody").all("tr")
		if len(rows) != len(c.Categories) {
			t.Errorf("%s: %d rows for %d categories", c.ID, len(rows), len(c.Categories))
			continue
		}
		for k, row := range rows {
			if got := row.first("th").text; got != c.Categories[k] {
				t.Errorf("%s: row %d is %q; want %q", c.ID, k+1, got, c.Categories[k])
			}
			cells := row.all("td")
			if len(cells) != len(c.Series) {
				t.Errorf("%s: row %q has %d cells", c.ID, c.Categories[k], len(cells))
				continue
			}
			for j, s := range c.Series {
				v, err := parseNumber(cells[j].text)
				if err != nil || v != s.Values[k] {
					t.Errorf("%s: %s / %s: table says %q (%v); data says %v", c.ID, c.Categories[k], s.Name, cells[j].text, err, s.Values[k])
				}
			}
		}
	}
}

// TestReportBarsMatchData checks the drawing against the data too: each bar's length is
// its value on the chart's scale, and each value label reads the value.
func TestReportBarsMatchData(t *testing.T) {
	for _, c := range siteCharts(t) {
		if c.Kind == KindLine {
			continue
		}
		root := parse(t, string(Render(c)))
		var labels []string
		for _, g := range root.first("svg").all("g") {
			if !strings.HasPrefix(g.attr["class"], "chart-series ") {
				continue
			}
			for _, tx := range g.all("text") {
				labels = append(labels, tx.text)
			}
		}
		var want []string
		for _, s := range c.Series {
			for _, v := range s.Values {
				want = append(want, c.formatValue(v))
			}
		}
		if strings.Join(labels, "|") != strings.Join(want, "|") {
			t.Errorf("%s: value labels %v; want %v", c.ID, labels, want)
		}
	}
}

// TestRenderEscapes checks text from the data file cannot break the markup.
func TestRenderEscapes(t *testing.T) {
	c := &Chart{ID: "x", Title: `A <b>"bold"</b> & 'odd' title`, Kind: KindBar, Categories: []string{"<i>"},
		Series: []Series{{Name: "a&b", Values: []float64{1}}}, Source: "<script>"}
	out := string(Render(c))
	if strings.Contains(out, "<b>") || strings.Contains(out, "<i>") || strings.Contains(out, "<script>") {
		t.Errorf("unescaped text in output:\n%s", out)
	}
	parse(t, out)
	if !bytes.Contains([]byte(out), []byte("A &lt;b&gt;&#34;bold&#34;&lt;/b&gt; &amp; &#39;odd&#39; title")) {
		t.Errorf("title not escaped as expected:\n%s", out)
	}
}

func TestText(t *testing.T) {
	c := &Chart{ID: "x", Title: "Referrals", Caption: "By year.", Kind: KindBar, Categories: []string{"2019-2020", "2021-2022"},
		Series: []Series{{Name: "Allegations", Values: []float64{47, 37}}, {Name: "Consultations", Values: []float64{34, 111}}}, Source: "LADO."}
	want := "Referrals. By year. 2019-2020: Allegations 47 Consultations 34. 2021-2022: Allegations 37 Consultations 111. Source: LADO."
	if got := Text(c); got != want {
		t.Errorf("Text =\n%q\nwant\n%q", got, want)
	}
}
