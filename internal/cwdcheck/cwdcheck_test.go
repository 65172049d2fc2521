package cwdcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"signpost/internal/datafile"
	"signpost/internal/diag"
	"signpost/internal/glossary"
	"signpost/internal/site"
	"signpost/widgets/cwd"
)

const dataFile = "content/_data/cwd.yaml"

// root is the repository root, two levels up from this package.
var root = filepath.Join("..", "..")

// loadReal loads the real cwd.yaml and site.yaml and fails the test on any diagnostic.
func loadReal(t testing.TB) (*cwd.Data, ContactLookup) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, dataFile))
	if err != nil {
		t.Fatal(err)
	}
	d, ds := Load(dataFile, src)
	if len(ds) > 0 {
		t.Fatalf("Load:\n%s", ds.Error())
	}
	cfgSrc, err := os.ReadFile(filepath.Join(root, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg site.Config
	if ds := datafile.Decode("site.yaml", cfgSrc, 0, &cfg); len(ds) > 0 {
		t.Fatalf("site.yaml:\n%s", ds.Error())
	}
	contacts := SiteContacts(cfg)
	if ds := Validate(dataFile, d, contacts); ds.HasErrors() {
		t.Fatalf("Validate:\n%s", ds.Error())
	}
	if ds := CheckTerms(dataFile, d, realGlossary(t), contacts); len(ds) > 0 {
		t.Fatalf("CheckTerms:\n%s", ds.Error())
	}
	return d, contacts
}

// loadFixture loads the frozen copies testdata/cwd.yaml, testdata/site.yaml and
// testdata/glossary.yaml, for tests that pin behaviour by ids and texts: an editor's change
// to the real files cannot break them (issue #18).
func loadFixture(t testing.TB) (*cwd.Data, ContactLookup, *glossary.Glossary) {
	t.Helper()
	read := func(p string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	d, ds := Load(dataFile, read("cwd.yaml"))
	if len(ds) > 0 {
		t.Fatalf("testdata/cwd.yaml:\n%s", ds.Error())
	}
	var cfg site.Config
	if ds := datafile.Decode("site.yaml", read("site.yaml"), 0, &cfg); len(ds) > 0 {
		t.Fatalf("testdata/site.yaml:\n%s", ds.Error())
	}
	contacts := SiteContacts(cfg)
	if ds := Validate(dataFile, d, contacts); ds.HasErrors() {
		t.Fatalf("testdata/cwd.yaml: %s", ds.Error())
	}
	g, ds := glossary.Load("testdata/glossary.yaml", read("glossary.yaml"))
	if ds.HasErrors() {
		t.Fatalf("testdata/glossary.yaml:\n%s", ds.Error())
	}
	if ds := CheckTerms(dataFile, d, g, contacts); len(ds) > 0 {
		t.Fatalf("testdata/cwd.yaml terms:\n%s", ds.Error())
	}
	return d, contacts, g
}

// realGlossary loads content/_data/glossary.yaml, which explains the routes' terms.
func realGlossary(t testing.TB) *glossary.Glossary {
	t.Helper()
	const file = "content/_data/glossary.yaml"
	src, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	g, ds := glossary.Load(file, src)
	if ds.HasErrors() {
		t.Fatalf("glossary:\n%s", ds.Error())
	}
	return g
}

func TestRealDataLoads(t *testing.T) {
	d, contacts := loadReal(t)
	html := RenderWidget(d, contacts, realGlossary(t))
	if os.Getenv("CWD_DUMP") != "" {
		_ = os.WriteFile(os.Getenv("CWD_DUMP"), []byte(html), 0o644)
	}
}

// TestLoadErrors breaks a frozen copy of the real file (testdata/cwd.yaml, with its
// testdata/site.yaml) one way at a time and expects one diagnostic naming the problem at
// the right line. The cases name the copy's exact text, so an editor's change to the real
// file cannot break them (issue #18); TestRealDataLoads checks the real file.
func TestLoadErrors(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "cwd.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	good := string(b)
	cfgSrc, err := os.ReadFile(filepath.Join("testdata", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg site.Config
	if ds := datafile.Decode("site.yaml", cfgSrc, 0, &cfg); len(ds) > 0 {
		t.Fatalf("testdata/site.yaml:\n%s", ds.Error())
	}
	fixtureContacts := SiteContacts(cfg)
	if d, ds := Load(dataFile, b); len(ds) > 0 {
		t.Fatalf("testdata/cwd.yaml: %s", ds.Error())
	} else if ds := Validate(dataFile, d, fixtureContacts); ds.HasErrors() {
		t.Fatalf("testdata/cwd.yaml: %s", ds.Error())
	}
	tests := []struct {
		name     string
		old, new string
		want     string // substring of the diagnostic
		validate bool   // the problem is only found against site.yaml
	}{
		{"unknown key", "    kind: one\n    question: Where does the child live?", "    kind: one\n    qustion: x\n    question: Where does the child live?", "field qustion not found", false},
		{"bad route id", "      - id: early-support\n", "      - id: Early_Support\n", `route id "Early_Support"`, false},
		{"route without a source anchor", "title: \"Prevention and Support Service – Thurrock\"\n          url: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n", "title: \"Prevention and Support Service – Thurrock\"\n          url: /parents/thurrock-pass-and-disabled-children/\n", `source needs a title and a site path url with the section's anchor`, false},
		{"say without a source", "        say: has a life-limiting illness\n        source: /parents/stoke-on-trent-guide/#making-a-referral-to-the-children-with-disability-team\n", "        say: has a life-limiting illness\n", `what to say has no source`, false},
		{"legal term unexplained", "          - {text: \"section 17ZD of the Children Act 1989\", glossary: Section 17ZD}\n          - {text: \"CHAD\", glossary: CHAD}\n", "          - {text: \"CHAD\", glossary: CHAD} # 17ZD left out\n", `uses "section 17ZD" with no explanation`, false},
		{"term not in the text", "          - {text: \"Level 1\", glossary: Level of need}\n", "          - {text: \"Level 1\", glossary: Level of need}\n          - {text: \"Level 9\", glossary: Level of need}\n", `term "Level 9" is not in the route's text`, false},
		{"end_if names a later question", "    end_if: {danger: [now, worried]}\n", "    end_if: {ask: [carer]}\n", `names "ask", which is not an earlier question`, false},
		{"area source for an unknown answer", "      has/worse: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n", "      has/wrse: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n", `question "has" has no answer "wrse"`, false},
		{"area source for an unknown question", "      has/worse: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n", "      hs/worse: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n", `unknown question "hs"`, false},
		{"area source for another area's question", "      has/worse: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n", "      has/worse: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n      needs-stoke/sld: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n", `question "needs-stoke" is not asked in area "thurrock"`, false},
		{"area source without an anchor", "      has/worse: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n", "      has/worse: /parents/thurrock-pass-and-disabled-children/\n", `use a site path with the section's anchor`, false},
		{"an area's source left out", "      has/worse: /parents/thurrock-pass-and-disabled-children/#prevention-and-support-service\n", "      # has/worse left out\n", `answer has/worse: no source for thurrock`, true},
		{"unknown area", "  - id: thurrock\n    name: Thurrock\n", "  - id: thurock\n    name: Thurrock\n", `unknown area "thurock"`, false},
		{"unknown question in a rule", "          - rank: 2\n            if: {needs-thurrock: [preschool]}", "          - rank: 2\n            if: {needs-thurock: [preschool]}", `unknown question "needs-thurock"`, false},
		{"unknown answer in a rule", "          - rank: 2\n            if: {needs-thurrock: [preschool]}", "          - rank: 2\n            if: {needs-thurrock: [pre-school]}", `has no answer "pre-school"`, false},
		{"question of another area", "          - rank: 2\n            if: {needs-thurrock: [preschool]}", "          - rank: 2\n            if: {needs-stoke: [sld]}", `question "needs-stoke" is not asked in area "thurrock"`, false},
		{"retyped phone number", "who: Thurrock Council.\n", "who: Thurrock Council, 01375 652 802.\n", `retypes the number`, false},
		{"retyped email", "who: Thurrock Council.\n", "who: Thurrock Council, info@thurrock.gov.uk.\n", `retypes the address`, false},
		{"refusal wording", "who: Thurrock Council.\n", "who: Families who are not eligible are turned away.\n", `says "not eligible"`, false},
		{"no route always fits", "        when:\n          - rank: 1\n\n      - id: parent-carer-assessment", "        when:\n          - rank: 1\n            if: {disabled: [\"no\"]}\n\n      - id: parent-carer-assessment", `area "elsewhere" has no route that always fits`, false},
		{"duplicate answer", "      - id: unsure\n        label: I am not sure\n        say: I think", "      - id: \"yes\"\n        label: I am not sure\n        say: I think", `duplicate answer id "yes"`, false},
		{"exclusive radio", "      - id: \"no\"\n        label: \"No\"\n\n  - id: area", "      - id: \"no\"\n        label: \"No\"\n        exclusive: true\n\n  - id: area", "exclusive is only for checkbox", false},
		{"unknown contact", "        contacts: [early-help]\n        source:\n          title: \"Early Help – Stoke", "        contacts: [early-hlp]\n        source:\n          title: \"Early Help – Stoke", `no contact "early-hlp" in area "stoke-on-trent"`, true},
		{"contact of another area", "        contacts: [early-help]\n        source:\n          title: \"Early Help – Stoke", "        contacts: [thurrock/early-help]\n        source:\n          title: \"Early Help – Stoke", `no contact "early-help" in area "thurrock"`, true},
		{"unqualified contact elsewhere", "        who: The council for the area where your family lives.\n", "        who: The council for the area where your family lives.\n        contacts: [mash]\n", `contact "mash" needs an area`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Count(good, tt.old) != 1 {
				t.Fatalf("test text %q found %d times", tt.old, strings.Count(good, tt.old))
			}
			src := strings.Replace(good, tt.old, tt.new, 1)
			wantLine := strings.Count(src[:strings.Index(src, tt.new)], "\n") + 1
			d, ds := Load(dataFile, []byte(src))
			if tt.validate {
				if len(ds) > 0 {
					t.Fatalf("Load: %s", ds.Error())
				}
				ds = Validate(dataFile, d, fixtureContacts)
			}
			// The first diagnostic names the problem; a few may follow from it (answers
			// that no longer exist), each with a place.
			ds.Sort()
			var first *diag.Diag
			for i := range ds {
				if ds[i].File != dataFile || ds[i].Line == 0 {
					t.Errorf("diagnostic has no place: %s", ds[i])
				}
				if first == nil && strings.Contains(ds[i].Msg, tt.want) {
					first = &ds[i]
				}
			}
			if first == nil {
				t.Fatalf("want a diagnostic containing %q, got:\n%s", tt.want, ds.Error())
			}
			// The line is the edited line or the start of the item that holds it.
			if first.Line > wantLine+strings.Count(tt.new, "\n") {
				t.Errorf("line %d, edit at %d: %s", first.Line, wantLine, first)
			}
		})
	}
}

// TestValidateUnknownArea: with no areas in site.yaml, every area of the real file that
// is one of site.yaml's is reported.
func TestValidateUnknownArea(t *testing.T) {
	d, _ := loadReal(t)
	ds := Validate(dataFile, d, fakeContacts{})
	n := 0
	for _, a := range d.Areas {
		if a.ID == cwd.AreaAny || a.ID == cwd.AreaElsewhere {
			continue
		}
		n++
		if !strings.Contains(ds.Error(), fmt.Sprintf("area %q is not an area of site.yaml", a.ID)) {
			t.Errorf("area %q not reported: %v", a.ID, ds)
		}
	}
	if n == 0 {
		t.Fatal("cwd.yaml has no area of site.yaml")
	}
}

type fakeContacts struct{}

func (fakeContacts) AreaName(string) (string, bool)              { return "", false }
func (fakeContacts) Contact(string, string) (site.Contact, bool) { return site.Contact{}, false }

var (
	idAttrRE    = regexp.MustCompile(`\sid="([^"]+)"`)
	inputRE     = regexp.MustCompile(`<input [^>]*id="([^"]+)"[^>]*>`)
	labelForRE  = regexp.MustCompile(`<label [^>]*for="([^"]+)"`)
	dataRouteRE = regexp.MustCompile(`<section class="cwd-route[^"]*" id="([^"]+)" data-route="([^"]+)" data-area="([^"]+)" data-when="([^"]*)"[^>]*hidden>`)
	hrefRE      = regexp.MustCompile(`href="([^"]+)"`)
	fieldsetRE  = regexp.MustCompile(`(?s)<fieldset[^>]*>\s*<legend[^>]*><h2[^>]*>[^<]+</h2></legend>`)
	digitsRE    = regexp.MustCompile(`\d(?:[ -]?\d){4,}`)
)

// TestRenderContract checks the HTML the browser tests and the WASM module rely on, and the
// site's rules for generated HTML (docs/architecture.md).
func TestRenderContract(t *testing.T) {
	d, contacts := loadReal(t)
	out := string(RenderWidget(d, contacts, realGlossary(t)))

	if !strings.HasPrefix(out, `<div class="cwd" data-widget="cwd-check"`) {
		t.Errorf("root: %.80s", out)
	}
	for _, bad := range []string{"style=", "<script", "onclick", "javascript:"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	ids := map[string]bool{}
	for _, m := range idAttrRE.FindAllStringSubmatch(out, -1) {
		if ids[m[1]] {
			t.Errorf("duplicate id %q", m[1])
		}
		ids[m[1]] = true
	}
	labels := map[string]bool{}
	for _, m := range labelForRE.FindAllStringSubmatch(out, -1) {
		labels[m[1]] = true
	}
	inputs := inputRE.FindAllStringSubmatch(out, -1)
	if len(inputs) == 0 {
		t.Fatal("no inputs")
	}
	for _, m := range inputs {
		if !labels[m[1]] {
			t.Errorf("input %q has no label", m[1])
		}
	}
	for _, ref := range regexp.MustCompile(`(?:aria-describedby|aria-labelledby|data-describedby)="([^"]+)"`).FindAllStringSubmatch(out, -1) {
		for _, id := range strings.Fields(ref[1]) {
			if !ids[id] {
				t.Errorf("reference to missing id %q", id)
			}
		}
	}
	for _, m := range hrefRE.FindAllStringSubmatch(out, -1) {
		if strings.HasPrefix(m[1], "#") && !ids[m[1][1:]] {
			t.Errorf("link to missing id %s", m[1])
		}
	}
	// One fieldset with a legend heading per question.
	if got := len(fieldsetRE.FindAllString(out, -1)); got != len(d.Steps) {
		t.Errorf("%d fieldsets with a legend heading, want %d", got, len(d.Steps))
	}
	// Every route of every area has a hidden card with its rules.
	cards := dataRouteRE.FindAllStringSubmatch(out, -1)
	if want := len(cwd.Candidates(d)); len(cards) != want {
		t.Errorf("%d outcome cards, want %d", len(cards), want)
	}
	for i, c := range cwd.Candidates(d) {
		if i >= len(cards) {
			break
		}
		if cards[i][2] != c.Route || cards[i][3] != c.Area || cards[i][4] != cwd.EncodeWhen(c.When) {
			t.Errorf("card %d = %v, want %s/%s", i, cards[i][1:], c.Area, c.Route)
		}
	}
	// Every number on the widget is a site.yaml contact of the area it is shown for, as a
	// tel: link; the only other number is 999.
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(out, " ")
	known := map[string]bool{}
	cfg := contacts.(siteContacts).cfg
	for _, a := range cfg.Areas {
		for _, c := range append([]site.Contact{a.Safeguarding}, a.Contacts...) {
			if c.Phone != "" {
				known[c.Phone] = true
				if strings.Contains(out, c.Phone) && !strings.Contains(out, `href="tel:`+telDigits(c.Phone)+`"`) {
					t.Errorf("%s shown without a tel: link", c.Phone)
				}
			}
		}
	}
	for _, n := range digitsRE.FindAllString(text, -1) {
		if !known[n] {
			t.Errorf("number %q is not a site.yaml contact", n)
		}
	}
	if !strings.Contains(out, `<a href="tel:999">999</a>`) {
		t.Error("999 is not a tel: link")
	}
	// An area's cards name no other area, nor any of its numbers, addresses or pages.
	for _, card := range regexp.MustCompile(`(?s)<section class="cwd-route[^"]*" id="([^"]+)"[^>]*data-area="([^"]+)".*?</section>`).FindAllStringSubmatch(out, -1) {
		if _, ok := cfg.Areas[card[2]]; !ok {
			continue // "any" and "elsewhere" belong to no area
		}
		for id, a := range cfg.Areas {
			if id == card[2] {
				continue
			}
			others := []string{a.Name}
			for _, c := range append([]site.Contact{a.Safeguarding}, a.Contacts...) {
				others = append(others, c.Phone, c.Email, c.Web)
			}
			for _, other := range others {
				if other != "" && strings.Contains(card[0], other) {
					t.Errorf("card %s shows %q of %s", card[1], other, id)
				}
			}
		}
	}
	// Never tell a family it does not qualify.
	if m := refuseRE.FindString(text); m != "" {
		t.Errorf("widget says %q", m)
	}
	// The flow is hidden and the plain list shown until the WASM module takes over.
	if !strings.Contains(out, `<div class="cwd-flow" data-cwd-flow hidden>`) || strings.Contains(out, `data-cwd-fallback hidden`) {
		t.Error("no-JavaScript state is wrong")
	}
}

func TestPlain(t *testing.T) {
	d, _ := loadReal(t)
	p := Plain(d)
	for _, a := range d.Areas {
		for _, r := range a.Routes {
			if !strings.Contains(p, r.Title) {
				t.Errorf("Plain lacks %s/%s %q", a.ID, r.ID, r.Title)
			}
		}
	}
}

func TestTelDigits(t *testing.T) {
	for in, want := range map[string]string{"01782 235100": "01782235100", "01782-234234": "01782234234", "+44 1782 1": "+4417821", "999": "999"} {
		if got := telDigits(in); got != want {
			t.Errorf("telDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCitations: every source cwd.yaml names goes to the site's link check, with the area
// of the text that cites it (the build then resolves each page and anchor, and the area;
// see internal/links TestDataLinks).
func TestCitations(t *testing.T) {
	d, contacts := loadReal(t)
	got := map[string]bool{}
	for _, l := range Citations(dataFile, d, contacts) {
		if l.File != dataFile || l.Line == 0 || !anchored(l.Dest) {
			t.Errorf("citation %+v", l)
		}
		got[l.Area+" "+l.Dest] = true
	}
	for _, a := range d.Areas {
		area := a.ID
		if _, ok := contacts.AreaName(area); !ok {
			area = ""
		}
		for _, r := range a.Routes {
			if !got[area+" "+r.Source.URL] {
				t.Errorf("route %s/%s: source %s not checked for %q", a.ID, r.ID, r.Source.URL, area)
			}
			for _, b := range append(append([]cwd.Block{}, r.What...), r.How...) {
				if b.Source != "" && !got[area+" "+b.Source] {
					t.Errorf("route %s/%s: block source %s not checked", a.ID, r.ID, b.Source)
				}
			}
		}
	}
	for _, s := range d.Steps {
		for _, o := range s.Options {
			for k, u := range o.Sources {
				if !got[k+" "+u] {
					t.Errorf("answer %s/%s: source %s not checked for %s", s.ID, o.ID, u, k)
				}
			}
		}
	}
}

// TestNoNumberWarning: an urgent route whose contacts have no phone number (Thurrock's MASH:
// the sources give none) makes the build ask the area's owner for it; Stoke-on-Trent's has
// one (CHAD).
func TestNoNumberWarning(t *testing.T) {
	d, contacts := loadReal(t)
	ds := Validate(dataFile, d, contacts)
	var got []string
	for _, x := range ds {
		if strings.Contains(x.Msg, "no contact has a phone number") {
			got = append(got, x.Msg)
		}
	}
	// Expected: one warning per urgent route none of whose contacts, looked up in
	// site.yaml, has a phone number.
	var want []string
	for _, a := range d.Areas {
		for _, r := range a.Routes {
			if !r.Urgent || len(r.Contacts) == 0 {
				continue
			}
			phone := false
			for _, id := range r.Contacts {
				ref := ParseContactRef(a.ID, id)
				if c, ok := contacts.Contact(ref.Area, ref.ID); ok && c.Phone != "" {
					phone = true
				}
			}
			if !phone {
				want = append(want, a.ID+"/"+r.ID)
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("warnings %q, want one for each of %q", got, want)
	}
	for i := range min(len(got), len(want)) {
		if !strings.Contains(got[i], want[i]+":") {
			t.Errorf("warning %q, want one for %s", got[i], want[i])
		}
	}
}
