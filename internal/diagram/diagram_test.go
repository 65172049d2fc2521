package diagram

import (
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

const valid = `diagrams:
  - id: escalation
    title: Disagreement Resolution Flow
    kind: flow
    steps:
      - label: Stage 1
        text: Direct Professional to Professional Discussion.
      - label: Stage 2
        text: Direct First Line Manager to First Line Manager Discussion.
    links:
      - from: Stage 1
        to: Stage 2
        label: If this fails to resolve the disagreement proceed to Stage 2.
  - id: tiers
    title: Moving between Tiers
    steps:
      - label: Tier 1
        text: Children requiring universal services
      - label: Tier 2
        text: Children requiring early intervention/prevention
    links:
      - {from: Tier 1, to: Tier 2, label: Step up}
      - {from: Tier 2, to: Tier 1, label: Step down}
  - id: plain
    title: No links
    steps:
      - label: One
      - label: Two
`

func TestLoadValid(t *testing.T) {
	got, ds := Load("content/_data/diagrams.yaml", []byte(valid))
	if len(ds) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", ds)
	}
	tests := []struct {
		id        string
		line      int
		kind      string
		steps     int
		stepLines []int
		linkLines []int
	}{
		{"escalation", 2, KindFlow, 2, []int{6, 8}, []int{11}},
		{"tiers", 14, KindFlow, 2, []int{17, 19}, []int{22, 23}},
		{"plain", 24, KindFlow, 2, []int{27, 28}, nil},
	}
	if len(got) != len(tests) {
		t.Fatalf("got %d diagrams, want %d", len(got), len(tests))
	}
	for _, tt := range tests {
		d := got[tt.id]
		if d == nil {
			t.Errorf("diagram %q missing", tt.id)
			continue
		}
		if d.Pos.Line != tt.line || d.Kind != tt.kind || len(d.Steps) != tt.steps {
			t.Errorf("%s: line %d kind %q steps %d, want %d %q %d", tt.id, d.Pos.Line, d.Kind, len(d.Steps), tt.line, tt.kind, tt.steps)
		}
		for i, s := range d.Steps {
			if s.Pos.Line != tt.stepLines[i] {
				t.Errorf("%s step %d: line %d, want %d", tt.id, i, s.Pos.Line, tt.stepLines[i])
			}
		}
		for i, l := range d.Links {
			if l.Pos.Line != tt.linkLines[i] {
				t.Errorf("%s link %d: line %d, want %d", tt.id, i, l.Pos.Line, tt.linkLines[i])
			}
		}
	}
}

func TestLoadEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "diagrams: []\n"} {
		got, ds := Load("d.yaml", []byte(src))
		if len(ds) > 0 || len(got) != 0 {
			t.Errorf("%q: got %d diagrams, diagnostics %v", src, len(got), ds)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // each must appear in the diagnostics, in this order
	}{
		{
			name: "duplicate id",
			src: `diagrams:
  - id: a
    title: A
    steps: [{label: x}]
  - id: a
    title: A again
    steps: [{label: x}]
`,
			want: []string{`d.yaml:5:5: duplicate diagram id "a" (first defined at line 2)`},
		},
		{
			name: "unknown key in a diagram",
			src: `diagrams:
  - id: a
    titel: A
    steps: [{label: x}]
`,
			want: []string{`d.yaml:2:5: diagram "a" has no title`, `d.yaml:3:5: unknown key "titel" in a diagram (did you mean "title"?)`},
		},
		{
			name: "unknown key in a step",
			src: `diagrams:
  - id: a
    title: A
    steps:
      - label: x
        colour: red
`,
			want: []string{`d.yaml:6:9: unknown key "colour" in a step (known keys: label, text)`},
		},
		{
			name: "unknown top-level key",
			src:  "diagram:\n  - id: a\n",
			want: []string{`d.yaml:1:1: unknown key "diagram" in the file (did you mean "diagrams"?)`},
		},
		{
			name: "no steps",
			src:  "diagrams:\n  - id: a\n    title: A\n",
			want: []string{`d.yaml:2:5: diagram "a" has no steps`},
		},
		{
			name: "empty steps list",
			src:  "diagrams:\n  - id: a\n    title: A\n    steps: []\n",
			want: []string{`d.yaml:2:5: diagram "a" has no steps`},
		},
		{
			name: "missing and bad ids",
			src:  "diagrams:\n  - title: A\n    steps: [{label: x}]\n  - id: Bad Id\n    title: B\n    steps: [{label: x}]\n",
			want: []string{`d.yaml:2:5: diagram has no id`, `d.yaml:4:5: diagram id "Bad Id" is not valid`},
		},
		{
			name: "unknown kind",
			src:  "diagrams:\n  - id: a\n    title: A\n    kind: pie\n    steps: [{label: x}]\n",
			want: []string{`d.yaml:2:5: diagram "a": unknown kind "pie" (known kinds: flow)`},
		},
		{
			name: "step without label and duplicate label",
			src:  "diagrams:\n  - id: a\n    title: A\n    steps:\n      - text: t\n      - label: x\n      - label: x\n",
			want: []string{`d.yaml:5:9: diagram "a": step 1 has no label`, `d.yaml:7:9: diagram "a": duplicate step label "x" (first used at line 6)`},
		},
		{
			name: "bad links",
			src: `diagrams:
  - id: a
    title: A
    steps: [{label: One}, {label: Two}, {label: Three}]
    links:
      - {from: One, to: Twoo}
      - {from: One, to: Three, label: skip}
      - {from: Two, to: One}
      - {from: One, to: One}
      - {from: One, to: Two}
      - {from: One, to: Two}
`,
			want: []string{
				`d.yaml:6:9: diagram "a": link names unknown step "Twoo" (did you mean "Two"?)`,
				`d.yaml:7:9: diagram "a": link from "One" to "Three" skips steps`,
				`d.yaml:8:9: diagram "a": link from "Two" back to "One" needs a label`,
				`d.yaml:9:9: diagram "a": link from "One" to itself`,
				`d.yaml:11:9: diagram "a": duplicate link from "One" to "Two"`,
			},
		},
		{
			name: "wrong type",
			src:  "diagrams:\n  - id: a\n    title: A\n    steps: x\n",
			want: []string{`d.yaml:4: cannot unmarshal`},
		},
		{
			name: "syntax error",
			src:  "diagrams:\n  - id: a\n   title: : A\n",
			want: []string{`d.yaml:3:4: did not find expected '-' indicator (YAML syntax`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Load("d.yaml", []byte(tt.src))
			if !ds.HasErrors() {
				t.Fatalf("no errors")
			}
			all := ds.Error()
			rest := all
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("diagnostics do not contain %q (in order); got:\n%s", w, all)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestLoadKeepsValidDiagrams(t *testing.T) {
	src := "diagrams:\n  - id: good\n    title: G\n    steps: [{label: x}]\n  - id: bad\n    title: B\n"
	got, ds := Load("d.yaml", []byte(src))
	if len(ds) != 1 || got["good"] == nil || got["bad"] != nil {
		t.Fatalf("got %v, diagnostics %v", got, ds)
	}
}

func load(t *testing.T) map[string]*Diagram {
	t.Helper()
	got, ds := Load("d.yaml", []byte(valid))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return got
}

func TestRenderGolden(t *testing.T) {
	for _, id := range []string{"escalation", "tiers"} {
		t.Run(id, func(t *testing.T) {
			got := string(Render(load(t)[id]))
			path := filepath.Join("testdata", id+".golden.html")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Render(%s) differs from %s (go test -update rewrites it)\ngot:\n%s", id, path, got)
			}
		})
	}
}

var idAttr = regexp.MustCompile(`\bid="([^"]*)"`)

func TestRenderRules(t *testing.T) {
	for id, d := range load(t) {
		t.Run(id, func(t *testing.T) {
			out := string(Render(d))
			// Well-formed markup.
			dec := xml.NewDecoder(strings.NewReader(out))
			for {
				if _, err := dec.Token(); err != nil {
					if err.Error() != "EOF" {
						t.Fatalf("not well-formed: %v", err)
					}
					break
				}
			}
			for _, bad := range []string{"style=", "<script", "fill=", "stroke="} {
				if strings.Contains(out, bad) {
					t.Errorf("output contains %q", bad)
				}
			}
			for _, want := range []string{
				`<figure class="diagram diagram-flow"`, `role="img"`,
				`aria-labelledby="diagram-` + id + `-title"`, `aria-describedby="diagram-` + id + `-desc"`,
				`<title id="diagram-` + id + `-title">`, `<desc id="diagram-` + id + `-desc">`,
				`<ol class="diagram-steps"`, `<figcaption`, `viewBox="0 0 400 `,
			} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q", want)
				}
			}
			if !(strings.Index(out, "</svg>") < strings.Index(out, "<ol") && strings.Index(out, "</ol>") < strings.Index(out, "<figcaption")) {
				t.Error("order must be svg, ol, figcaption")
			}
			seen := map[string]bool{}
			for _, m := range idAttr.FindAllStringSubmatch(out, -1) {
				if seen[m[1]] {
					t.Errorf("duplicate id %q", m[1])
				}
				if !strings.HasPrefix(m[1], "diagram-"+id) {
					t.Errorf("id %q lacks the prefix diagram-%s", m[1], id)
				}
				seen[m[1]] = true
			}
			// Step text appears verbatim in the text equivalent.
			for _, s := range d.Steps {
				if !strings.Contains(out, "<li><strong>"+s.Label+"</strong>") || !strings.Contains(out, s.Text) {
					t.Errorf("text equivalent lacks step %q", s.Label)
				}
			}
		})
	}
}

func TestRenderTextEquivalent(t *testing.T) {
	got := load(t)
	tests := []struct {
		id   string
		want []string
	}{
		{"escalation", []string{
			"<li><strong>Stage 1</strong> – Direct Professional to Professional Discussion. If this fails to resolve the disagreement proceed to Stage 2.</li>",
			"<li><strong>Stage 2</strong> – Direct First Line Manager to First Line Manager Discussion.</li>",
		}},
		{"tiers", []string{
			"<li><strong>Tier 1</strong> – Children requiring universal services\n<ul class=\"diagram-moves\">\n<li>Step up: Tier 2</li>\n</ul>\n</li>",
			"<li><strong>Tier 2</strong> – Children requiring early intervention/prevention\n<ul class=\"diagram-moves\">\n<li>Step down: Tier 1</li>\n</ul>\n</li>",
		}},
		{"plain", []string{"<li><strong>One</strong></li>", "<li><strong>Two</strong></li>", "Flow diagram with 2 steps: One, Two."}},
	}
	for _, tt := range tests {
		out := string(Render(got[tt.id]))
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q\n%s", tt.id, w, out)
			}
		}
	}
}

func TestRenderEscapes(t *testing.T) {
	d := &Diagram{ID: "x", Title: `A <b> & "c"`, Steps: []Step{{Label: "<i>", Text: "a & b"}}}
	out := string(Render(d))
	if strings.Contains(out, "<b>") || strings.Contains(out, "<i>") || !strings.Contains(out, "a &amp; b") {
		t.Errorf("not escaped:\n%s", out)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		s     string
		width float64
		want  []string
	}{
		{"", 100, nil},
		{"short", 100, []string{"short"}},
		{"one two three four", 70, []string{"one two", "three four"}},
		{"If this fails to resolve the disagreement proceed to Stage 2.", 180,
			[]string{"If this fails to resolve the", "disagreement proceed to", "Stage 2."}},
		{"abcdefghijklmnop", 50, []string{"abcdef", "ghijkl", "mnop"}},
	}
	for _, tt := range tests {
		got := wrap(tt.s, tt.width, 13)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, %v) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
		for _, l := range got {
			if textWidth(l, 13) > tt.width && len([]rune(l)) > 1 {
				t.Errorf("line %q wider than %v", l, tt.width)
			}
		}
	}
}

// The site's own data file must load cleanly and every line must fit the 400-unit width.
func TestSiteDataFile(t *testing.T) {
	const path = "../../content/_data/diagrams.yaml"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Skip(err)
	}
	got, ds := Load("content/_data/diagrams.yaml", src)
	if len(ds) > 0 {
		t.Fatalf("diagnostics:\n%v", ds)
	}
	for _, id := range []string{"escalation", "tiers"} {
		if got[id] == nil {
			t.Errorf("diagram %q missing (pages use ::: diagram %s)", id, id)
		}
	}
}

func TestText(t *testing.T) {
	got := load(t)
	tests := []struct{ id, want string }{
		{"escalation", "Disagreement Resolution Flow\nStage 1 – Direct Professional to Professional Discussion. If this fails to resolve the disagreement proceed to Stage 2.\nStage 2 – Direct First Line Manager to First Line Manager Discussion."},
		{"tiers", "Moving between Tiers\nTier 1 – Children requiring universal services\nStep up: Tier 2\nTier 2 – Children requiring early intervention/prevention\nStep down: Tier 1"},
		{"plain", "No links\nOne\nTwo"},
	}
	for _, tt := range tests {
		if s := Text(got[tt.id]); s != tt.want {
			t.Errorf("Text(%s) = %q, want %q", tt.id, s, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	ds := load(t)
	for in, want := range map[string]string{"escalaton": "escalation", "tier": "tiers", "zzzzzz": ""} {
		if got := Suggest(in, ds); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
