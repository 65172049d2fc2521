package tiermatrix_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"signpost/internal/buildtest"
)

// A second threshold document comes as data alone (issue #18): a data file
// indicators-<name>.yaml with its own form:, and pages that place it by id. No Go, layout or
// template change; the build keeps the two apart.
func TestSecondDocumentBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site with the WASM module")
	}
	small, err := os.ReadFile("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	alpha := strings.Replace(string(small), "id: small\n  title: Small Matrix", "id: alpha\n  title: Alpha Threshold Matrix", 1)
	beta := strings.Replace(string(small), "id: small\n  title: Small Matrix", "id: beta\n  title: Beta Threshold Matrix", 1)
	pg := buildtest.Page
	site := `
-- content/_index.md --
` + pg("Home", "", "Welcome.\n") + `
-- content/professionals/_index.md --
` + pg("For professionals", "", "Guidance.\n") + `
-- content/professionals/threshold/_index.md --
` + pg("Threshold", "", "The document.\n") + `
-- content/professionals/threshold/thresholds-of-need.md --
` + pg("Thresholds of need", "", "Tiers.\n") + `
-- content/professionals/threshold/early-intervention-and-caf.md --
` + pg("Early intervention", "", "## Pathway to provision\n\nA CAF.\n") + `
-- content/professionals/threshold/children-in-need-and-protection.md --
` + pg("Children in need", "", "Section 17.\n") + `
-- content/professionals/alpha.md --
` + pg("Alpha matrix", "", "::: widget tier-matrix alpha\n") + `
-- content/professionals/beta.md --
` + pg("Beta appendix C", "", "::: indicators beta C\n") + `
-- content/_data/indicators-alpha.yaml --
` + alpha + `
-- content/_data/indicators-beta.yaml --
` + beta
	res, err := buildtest.Build(t, site)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	a := string(res.Files["professionals/alpha/index.html"])
	if i := strings.Index(a, `data-widget="tier-matrix"`); i >= 0 {
		a = a[i:]
	}
	if i := strings.Index(a, "</form>"); i >= 0 {
		a = a[:i] // the widget alone: the page's navigation names the other page
	}
	if !strings.Contains(a, `aria-label="Alpha Threshold Matrix"`) || strings.Contains(a, "Beta") || strings.Contains(a, "Thurrock Threshold") {
		i := strings.Index(a, "Beta")
		t.Errorf("alpha page does not carry alpha's form alone: %q", a[max(0, i-300):min(len(a), i+100)])
	}
	if b := string(res.Files["professionals/beta/index.html"]); !strings.Contains(b, "Chronic unemployment") {
		t.Errorf("beta page lacks beta's Appendix C")
	}

	// A step's link goes through the site's link and anchor check: a broken page or
	// anchor fails the build at the data file's line (issue #18).
	broken := strings.Replace(site, "#pathway-to-provision", "#no-such-section", 1)
	if broken == site {
		t.Fatal("the fixture has no #pathway-to-provision link")
	}
	_, err = buildtest.Build(t, broken)
	if err == nil || !regexp.MustCompile(`content/_data/indicators-(alpha|beta)\.yaml:\d+:\d+: broken anchor: .*"no-such-section"`).MatchString(err.Error()) {
		t.Errorf("a broken step anchor: %v", err)
	}

	// Without an id, two documents are ambiguous: the build says which ids exist.
	_, err = buildtest.Build(t, strings.Replace(site, "::: widget tier-matrix alpha", "::: widget tier-matrix", 1))
	if err == nil || !strings.Contains(err.Error(), "which threshold document? (name one: alpha, beta)") {
		t.Errorf("no id with two documents: %v", err)
	}
}
