package glossary

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"signpost/internal/load"
)

const file = "content/_data/glossary.yaml"

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		entries int
		// want holds one "line:substring" per expected diagnostic, in order.
		want []string
	}{
		{
			name:    "valid",
			entries: 2,
			src: `- term: MASH
  expansion: Multi-Agency Safeguarding Hub
  areas: [thurrock]
- term: S17
  expansion: Section 17 (Children Act 1989)
  description: Child in need.
`,
		},
		{name: "empty file", src: "", entries: 0},
		{name: "comments only", src: "# nothing yet\n", entries: 0},
		{
			name: "unknown key",
			src: `- term: MASH
  expansion: Multi-Agency Safeguarding Hub
  meaning: oops
`,
			want: []string{"3:field meaning not found"},
		},
		{
			name: "not a list",
			src:  "MASH: Multi-Agency Safeguarding Hub\n",
			want: []string{"1:cannot unmarshal"},
		},
		{
			name: "wrong type for areas",
			src: `- term: MASH
  expansion: Multi-Agency Safeguarding Hub
  areas: thurrock
`,
			want: []string{"3:cannot unmarshal"},
		},
		{
			name:    "duplicate term, case-insensitive",
			entries: 3,
			src: `- term: CAF
  expansion: Common Assessment Framework
- term: PASS
  expansion: Prevention and Support Service
- term: caf
  expansion: Common Assessment Framework
`,
			want: []string{"5:duplicate glossary term \"caf\""},
		},
		{
			name:    "empty and missing expansion",
			entries: 2,
			src: `- term: CIN
  expansion: ""
- term: CP
`,
			want: []string{"2:\"CIN\" has no expansion", "3:\"CP\" has no expansion"},
		},
		{
			name:    "empty term",
			entries: 1,
			src: `- term: "  "
  expansion: Something
`,
			want: []string{"1:has no term"},
		},
		{
			name:    "term with spaces around",
			entries: 1,
			src: `- term: " MASH"
  expansion: Multi-Agency Safeguarding Hub
`,
			want: []string{"1:has spaces around it"},
		},
		{
			name:    "area listed twice",
			entries: 1,
			src: `- term: MASH
  expansion: Multi-Agency Safeguarding Hub
  areas: [thurrock, thurrock]
`,
			want: []string{"3:lists area \"thurrock\" twice"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ds := Load(file, []byte(tt.src))
			if g == nil {
				t.Fatal("Load returned a nil glossary")
			}
			if len(ds) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%v", len(ds), len(tt.want), ds)
			}
			for i, w := range tt.want {
				line, sub, _ := strings.Cut(w, ":")
				d := ds[i]
				if d.File != file {
					t.Errorf("diag %d: file %q, want %q", i, d.File, file)
				}
				if itoa(d.Line) != line {
					t.Errorf("diag %d: line %d, want %s (%s)", i, d.Line, line, d)
				}
				if !strings.Contains(d.Msg, sub) {
					t.Errorf("diag %d: %q does not contain %q", i, d.Msg, sub)
				}
			}
			if len(tt.want) == 0 && g.Len() != tt.entries {
				t.Errorf("got %d entries, want %d", g.Len(), tt.entries)
			}
		})
	}
}

func TestLoadPositions(t *testing.T) {
	src := `# glossary
- term: MASH
  expansion: Multi-Agency Safeguarding Hub

- expansion: Common Assessment Framework
  term: CAF
`
	g, ds := Load(file, []byte(src))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	got := []int{g.Entries[0].Pos.Line, g.Entries[0].TermPos.Line, g.Entries[0].ExpansionPos.Line,
		g.Entries[1].Pos.Line, g.Entries[1].TermPos.Line, g.Entries[1].ExpansionPos.Line}
	want := []int{2, 2, 3, 5, 6, 5}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("positions %v, want %v", got, want)
	}
	if g.Entries[0].TermPos.Col != 9 {
		t.Errorf("term column %d, want 9", g.Entries[0].TermPos.Col)
	}
}

func TestCheckAreas(t *testing.T) {
	g, _ := Load(file, []byte(`- term: MASH
  expansion: Multi-Agency Safeguarding Hub
  areas: [thurrock]
- term: DSCO
  expansion: Designated Social Care Officer
  areas: [stoke]
`))
	ds := g.CheckAreas([]string{"thurrock", "stoke-on-trent"})
	if len(ds) != 1 || ds[0].Line != 6 || !strings.Contains(ds[0].Msg, `unknown area "stoke"`) {
		t.Fatalf("got %v", ds)
	}
	var nilG *Glossary
	if ds := nilG.CheckAreas([]string{"thurrock"}); ds != nil {
		t.Errorf("nil glossary: %v", ds)
	}
}

func testGlossary(t *testing.T) *Glossary {
	t.Helper()
	g, ds := Load(file, []byte(`- term: MASH
  expansion: Multi-Agency Safeguarding Hub
- term: CCG
  expansion: Clinical Commissioning Group
- term: S17
  expansion: Section 17
- term: GCP2
  expansion: Graded Care Profile 2
- term: B&B
  expansion: bed and breakfast
- term: COVID
  expansion: coronavirus disease
- term: SARS-CoV-2
  expansion: severe acute respiratory syndrome coronavirus 2
- term: CC
  expansion: County Council
- term: Section 17ZD
  expansion: Section 17ZD of the Children Act 1989
- term: NAI
  expansion: Non-Accidental Injury
`))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	return g
}

func TestLookup(t *testing.T) {
	g := testGlossary(t)
	tests := []struct {
		word string
		want string // expected Term, "" for not found
	}{
		{"MASH", "MASH"},
		{"mash", "MASH"},
		{"CCGs", "CCG"},
		{"NAIs", "NAI"},
		{"S17", "S17"},
		{"s17", "S17"},
		{"S47", ""},
		{"section 17zd", "Section 17ZD"},
		{"SARS-CoV-2", "SARS-CoV-2"},
		{"s", ""},
		{"", ""},
		{"MASHES", ""},
	}
	for _, tt := range tests {
		e, ok := g.Lookup(tt.word)
		if got := e.Term; got != tt.want || ok != (tt.want != "") {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.word, got, ok, tt.want)
		}
	}
	var nilG *Glossary
	if _, ok := nilG.Lookup("MASH"); ok {
		t.Error("nil glossary found a term")
	}
}

func TestAbbreviations(t *testing.T) {
	g := testGlossary(t)
	m := g.Abbreviations()
	for term, want := range map[string]string{
		"MASH":  "Multi-Agency Safeguarding Hub",
		"CCGs":  "Clinical Commissioning Group",
		"S17":   "Section 17",
		"GCP2":  "Graded Care Profile 2",
		"COVID": "coronavirus disease",
	} {
		if m[term] != want {
			t.Errorf("Abbreviations()[%q] = %q, want %q", term, m[term], want)
		}
	}
	for _, absent := range []string{"Section 17ZD", "SARS-CoV-2", "S17s", "GCP2s"} {
		if _, ok := m[absent]; ok {
			t.Errorf("Abbreviations() has %q", absent)
		}
	}
}

func TestSortedAndGroups(t *testing.T) {
	g, _ := Load(file, []byte(`- {term: PASS, expansion: Prevention and Support Service}
- {term: b&b, expansion: bed and breakfast}
- {term: CAF, expansion: Common Assessment Framework}
- {term: 17ZD, expansion: a section}
- {term: Aiming High, expansion: short breaks programme}
- {term: CAMHS, expansion: mental health services}
`))
	var terms []string
	for _, e := range g.Sorted() {
		terms = append(terms, e.Term)
	}
	if want := []string{"17ZD", "Aiming High", "b&b", "CAF", "CAMHS", "PASS"}; !reflect.DeepEqual(terms, want) {
		t.Errorf("Sorted = %v, want %v", terms, want)
	}
	var letters []string
	for _, gr := range g.Groups() {
		letters = append(letters, gr.Letter+itoa(len(gr.Entries)))
	}
	if want := []string{"#1", "A1", "B1", "C2", "P1"}; !reflect.DeepEqual(letters, want) {
		t.Errorf("Groups = %v, want %v", letters, want)
	}
}

func TestFindUndefined(t *testing.T) {
	g := testGlossary(t)
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"defined terms", "Refer to the MASH. The CCG and CCGs agreed. Use GCP2 under S17.", nil},
		{"undefined, once each, in order", "A CAF goes to PASS, then the CAF is read. S47 applies.", []string{"CAF", "PASS", "S47"}},
		{"plural of undefined reported as written", "Several LCSPRs were held.", []string{"LCSPRs"}},
		{"single letters and I", "I think A and B are fine, as is X.", nil},
		{"roman numerals", "(ii) core offer; part IV; section XII; VI.", nil},
		{"roman-looking defined term", "L & P v Warwickshire CC", nil},
		{"roman with other letters is an acronym", "See the CD and MD.", []string{"CD", "MD"}},
		{"everyday and emphasis words", "In the UK, on TV, it is OK. Do NOT wait; you MUST act. THE END", []string{"END"}},
		{"mixed case is not an acronym", "SARS-CoV-2 and Mrs Westrop; s/he; CoV; Tier 2", nil},
		{"hyphenated parts", "a MASH-led and PASS-based plan; COVID-19 and COVID 19", []string{"PASS"}},
		{"ampersands", "B&B and L&D and C&PP, Health & CSC", []string{"L&D", "C&PP", "CSC"}},
		{"digits", "Use a PP57; in Q4; RM17 6SL; 01782 235100; 17ZD", []string{"PP57", "Q4"}},
		{"urls and emails", "See https://www.thurrocklscp.org.uk/LSCP/ABC or www.example.com/XYZ, LSCP@thurrock.gov.uk", nil},
		{"alert marker", "> [!WARNING]\n> Call 999.", nil},
		{"nil glossary", "MASH", []string{"MASH"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gl := g
			if tt.name == "nil glossary" {
				gl = nil
			}
			got := FindUndefined(tt.text, gl)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FindUndefined(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestEntryIsAcronym(t *testing.T) {
	for term, want := range map[string]bool{
		"MASH": true, "S17": true, "GCP2": true, "B&B": true, "Q4": true, "CCGs": true,
		"Section 17ZD": false, "COVID-19": false, "A": false, "Aiming High": false, "17ZD": false,
	} {
		if got := (Entry{Term: term}).IsAcronym(); got != want {
			t.Errorf("IsAcronym(%q) = %v, want %v", term, got, want)
		}
	}
}

// TestSiteGlossary loads the real data file: it must be valid, name only the areas of
// site.yaml and define every acronym the pages use. It reads the areas and the pages rather
// than naming them, so a new area or page needs no change here (issue #18).
func TestSiteGlossary(t *testing.T) {
	src, err := os.ReadFile("../../content/_data/glossary.yaml")
	if err != nil {
		t.Skip("no content/_data/glossary.yaml:", err)
	}
	g, ds := Load(file, src)
	if len(ds) != 0 {
		t.Fatalf("glossary.yaml:\n%v", ds)
	}
	cfg, ds := load.LoadConfig(os.DirFS("../.."))
	if ds.HasErrors() || len(cfg.AreaOrder) == 0 {
		t.Fatalf("site.yaml:\n%v", ds)
	}
	if ds := g.CheckAreas(cfg.AreaOrder); len(ds) != 0 {
		t.Fatalf("glossary.yaml areas:\n%v", ds)
	}
	pages := 0
	err = fs.WalkDir(os.DirFS("../../content"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(filepath.Join("../../content", p))
		if err != nil {
			return err
		}
		pages++
		body := string(b)
		if parts := strings.SplitN(body, "\n---\n", 2); len(parts) == 2 && strings.HasPrefix(body, "---\n") {
			body = parts[1] // front matter is not prose
		}
		for _, term := range FindUndefined(body, g) {
			t.Errorf("content/%s uses %s, which glossary.yaml does not define", p, term)
		}
		return nil
	})
	if err != nil || pages == 0 {
		t.Fatalf("reading content/: %v (%d pages)", err, pages)
	}
	for _, e := range g.Entries {
		if strings.Contains(e.Description, "\n") {
			t.Errorf("%s: description has a line break", e.Term)
		}
	}
}
