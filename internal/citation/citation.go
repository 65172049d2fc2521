// Package citation checks the statements of the site's own pages against the guidance they
// cite (issue 13); it runs after every page is converted, before render. A page whose
// publisher is Signpost restates guidance in plain words, so each of its paragraphs and
// list items that states a fact ends with {source: /path/#anchor} (internal/markdown,
// cite.go). The check:
//
//   - reports a factual statement with no citation (a warning; an error with Strict, for CI);
//   - reports a citation of another area's guidance: a Thurrock statement cannot cite a
//     Stoke-on-Trent section, and a statement shown for both areas that cites one area's
//     guidance must name that area ("The Stoke-on-Trent guide says…");
//   - runs internal/fidelity on the statement (without its link text, which names pages)
//     and the cited section's text, reporting key terms the section lacks and modal verbs
//     that differ (warnings; errors with Strict).
//
// Whether each citation resolves (page and anchor) is the link check's job: the markdown
// stage lists citations among the page's links.
package citation

import (
	"fmt"
	"regexp"
	"strings"

	"signpost/internal/diag"
	"signpost/internal/fidelity"
	"signpost/internal/site"
)

// Publisher is the source publisher of the site's own pages.
const Publisher = "Signpost"

// minWords is the fewest words outside links that make a statement: shorter lines
// ("Read more on [PASS](/…)") are navigation.
const minWords = 3

// Report counts what Check found, for the build summary and tests.
type Report struct {
	Statements int // statements on pages in scope
	Cited      int // with a citation (their own or their lead-in's)
	SiteOnly   int // marked {source: site}
	Uncited    int
	Area       int // citations of another area's guidance
	Terms      int // key terms missing from the cited section
	Modals     int // modal verb mismatches
}

func (r Report) String() string {
	return fmt.Sprintf("%d statements: %d cited, %d about the site, %d uncited; %d area, %d key-term and %d modal-verb mismatches",
		r.Statements, r.Cited, r.SiteOnly, r.Uncited, r.Area, r.Terms, r.Modals)
}

// InScope reports whether p is one of the site's own pages that restates guidance: its
// publisher is Signpost and it is for parents, or it cites guidance anywhere.
func InScope(p *site.Page) bool {
	if p.Front.Source == nil || p.Front.Source.Publisher != Publisher || p.Front.Layout == "search" {
		return false
	}
	for _, a := range p.Front.Audience {
		if a == "parents" {
			return true
		}
	}
	for _, st := range p.Statements {
		if len(st.Cites) > 0 {
			return true
		}
	}
	return false
}

// Check checks every statement of every page in scope. With strict, uncited statements and
// fidelity problems are errors rather than warnings.
func Check(s *site.Site, strict bool) (diag.List, Report) {
	var diags diag.List
	var rep Report
	for _, p := range s.Pages {
		if !InScope(p) {
			continue
		}
		for _, st := range p.Statements {
			if len(st.Cites) == 0 && !st.Site && (navigation(st) || st.LeadIn) {
				continue
			}
			rep.Statements++
			switch {
			case st.Site:
				rep.SiteOnly++
				continue
			case len(st.Cites) == 0:
				rep.Uncited++
				diags.Add(severity(diag.Warnf(p.File, st.Line, st.Col, "statement cites no source: %s", excerpt(st.Text)), strict).
					WithHint("end it with {source: /path/#anchor} naming the section of the guidance it restates, or {source: site} if it is about this site"))
				continue
			}
			rep.Cited++
			line, col := st.CiteLine, st.CiteCol
			if line == 0 {
				line, col = st.Line, st.Col
			}
			// A line of links under a cited lead-in says nothing of its own: only its area
			// is checked.
			claim := st.Claim
			if claim == "" && st.OwnWords > 0 {
				claim = st.Text
			}
			ds := CheckText(s, Text{File: p.File, Line: line, Col: col, Areas: statementAreas(s, p, st), Text: st.Text, Claim: claim, Cites: st.Cites}, strict)
			for _, d := range ds {
				switch {
				case d.Severity == diag.Error && strings.HasPrefix(d.Msg, "a statement "):
					rep.Area++
				case strings.Contains(d.Msg, "is not in the cited section"):
					rep.Terms++
				default:
					rep.Modals++
				}
			}
			diags.Add(ds...)
		}
	}
	return diags, rep
}

// Text is a statement from anywhere in the site with the sections it cites: a paragraph
// of a page, or a text of a data file (such as a cwd.yaml route with its source anchors).
type Text struct {
	File      string
	Line, Col int
	Areas     []string // the areas the text is shown for
	Text      string   // the statement, for the area check ("The Stoke-on-Trent guide says…")
	Claim     string   // what fidelity checks against the source (Text without link text); none when empty
	Cites     []string // site paths with anchors
}

// CheckText checks one text against the sections it cites: the cited pages' areas (an
// error), then internal/fidelity's key terms and modal verbs (warnings; errors with
// strict). Citations that do not resolve are skipped: the link check reports them.
func CheckText(s *site.Site, t Text, strict bool) diag.List {
	var diags diag.List
	var texts []string
	var cited []*site.Page
	for _, c := range t.Cites {
		p, text, ok := Section(s, c)
		if !ok {
			continue
		}
		cited = append(cited, p)
		texts = append(texts, text)
	}
	if len(cited) == 0 {
		return nil
	}
	if msg, hint := areaProblem(s, t.Areas, t.Text, cited); msg != "" {
		diags.Add(diag.Errorf(t.File, t.Line, t.Col, "%s", msg).WithHint("%s", hint))
	}
	if strings.TrimSpace(t.Claim) == "" {
		return diags
	}
	for _, pr := range fidelity.Check(t.Claim, strings.Join(texts, " ")) {
		if pr.Kind == fidelity.ModalMismatch {
			diags.Add(severity(diag.Warnf(t.File, t.Line, t.Col, "%s", pr.Msg), strict).
				WithHint("keep the source's must, should or may, with its conditions"))
		} else {
			diags.Add(severity(diag.Warnf(t.File, t.Line, t.Col, "%s %s", pr.Msg, strings.Join(t.Cites, ", ")), strict).
				WithHint("say only what the cited section says, or cite the section that says it"))
		}
	}
	return diags
}

// severity makes d an error in strict mode.
func severity(d diag.Diag, strict bool) diag.Diag {
	if strict {
		d.Severity = diag.Error
	}
	return d
}

// navigation reports whether a statement is a line of links ("Read more on [PASS](/…)"):
// fewer than minWords words of its own, or at most four around a link.
func navigation(st site.Statement) bool {
	return st.OwnWords < minWords || (st.OwnWords <= 4 && len(strings.Fields(st.Text)) > st.OwnWords)
}

// Section returns the page a citation names and the text of the cited section: the heading
// and text under the anchor, with its subsections, or the whole page without an anchor
// (or when the anchor is not a heading's).
func Section(s *site.Site, cite string) (*site.Page, string, bool) {
	u, frag, _ := strings.Cut(cite, "#")
	p := s.ByURL[u]
	if p == nil {
		return nil, "", false
	}
	var b strings.Builder
	start := -1
	if frag != "" {
		for i, sec := range p.Sections {
			if sec.Anchor == frag {
				start = i
				break
			}
		}
	}
	if start < 0 {
		for _, sec := range p.Sections {
			b.WriteString(sec.Heading + ". " + sec.Text + " ")
		}
		return p, b.String(), true
	}
	depth := len(p.Sections[start].Path)
	for i := start; i < len(p.Sections); i++ {
		sec := p.Sections[i]
		if i > start && len(sec.Path) <= depth {
			break
		}
		b.WriteString(sec.Heading + ". " + sec.Text + " ")
	}
	return p, b.String(), true
}

// statementAreas returns the areas a statement is shown for: those named by its enclosing
// headings ("## In Thurrock"), else its page's.
func statementAreas(s *site.Site, p *site.Page, st site.Statement) []string {
	var out []string
	for _, h := range st.Path {
		for _, a := range p.Front.Area {
			if names(s, a).MatchString(h) && !contains(out, a) {
				out = append(out, a)
			}
		}
	}
	if len(out) == 0 {
		return p.Front.Area
	}
	return out
}

// areaProblem says what is wrong with the areas of a statement's citations, if anything.
func areaProblem(s *site.Site, shown []string, text string, cited []*site.Page) (msg, hint string) {
	var covered []string
	for _, t := range cited {
		overlap := false
		for _, a := range t.Front.Area {
			if contains(shown, a) {
				overlap = true
				if !contains(covered, a) {
					covered = append(covered, a)
				}
			}
		}
		if !overlap {
			return fmt.Sprintf("a statement for %s cites %s guidance (%s)", areaNames(s, shown), areaNames(s, t.Front.Area), t.URL),
				"a statement can only restate its own area's guidance; move it under the right area's heading"
		}
	}
	if len(covered) < len(shown) {
		for _, a := range covered {
			if names(s, a).MatchString(text) {
				return "", ""
			}
		}
		return fmt.Sprintf("a statement shown for %s cites only %s guidance", areaNames(s, shown), areaNames(s, covered)),
			fmt.Sprintf("say whose guidance it is (\"The %s guidance says…\") or move it under the %s heading", areaNames(s, covered), areaNames(s, covered))
	}
	return "", ""
}

// names matches an area's name as a word, or its key when the name is missing.
func names(s *site.Site, key string) *regexp.Regexp {
	n := key
	if a, ok := s.Config.Areas[key]; ok && a.Name != "" {
		n = a.Name
	}
	return regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(n) + `\b`)
}

func areaNames(s *site.Site, keys []string) string {
	return s.Config.AreaNames(keys)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// excerpt shortens a statement for a diagnostic.
func excerpt(s string) string {
	if r := []rune(s); len(r) > 60 {
		return fmt.Sprintf("%q", string(r[:57])+"…")
	}
	return fmt.Sprintf("%q", s)
}
