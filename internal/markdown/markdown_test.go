package markdown

import (
	"slices"
	"strings"
	"testing"

	"signpost/internal/diag"
)

func conv(src string) *Result {
	return New().Convert([]byte(src), Env{
		File: "content/p.md", BodyLine: 5,
		Glossary: map[string]string{"MASH": "Multi-Agency Safeguarding Hub", "CAF": "Common Assessment Framework"},
		Block: func(c BlockCall) (string, string, diag.List) {
			if c.Name == "widget" && len(c.Args) == 1 && c.Args[0] == "tier-matrix" {
				return `<div data-widget="tier-matrix"></div>`, "matrix text", nil
			}
			return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "unknown block %q", c.Name)}
		},
	})
}

func TestConvertHTML(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings of the HTML
		not       []string
	}{
		{"heading id and self link", "## What is MASH?\n", []string{`<h2 id="what-is-mash"><a class="heading-link" href="#what-is-mash">What is MASH?</a></h2>`}, nil},
		{"explicit id", "## Tiers 3 & 4 {#tiers-3-4}\n", []string{`id="tiers-3-4"`}, nil},
		{"repeat ids numbered", "## Key functions\n\n## Key functions\n", []string{`id="key-functions"`, `id="key-functions-2"`}, nil},
		{"apostrophe joins", "## Children's needs\n", []string{`id="childrens-needs"`}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |\n", []string{"<table>", "<th>a</th>", "<td>1</td>"}, nil},
		{"table caption from heading", "## Tiers\n\nText.\n\n| a |\n|---|\n| 1 |\n", []string{"<table>\n<caption id=\"table-caption-1\">Tiers</caption>"}, nil},
		{"table caption explicit", "## Tiers\n\n| a |\n|---|\n| 1 |\n\nTable: Levels of need\n", []string{">Levels of need</caption>"}, []string{"Table: ", ">Tiers</caption>"}},
		{"table scrolls in a named region", "## Tiers\n\n| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n", []string{"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"table-caption-1\">\n<table>", "</table>\n</div>", "aria-labelledby=\"table-caption-2\">\n<table>\n<caption id=\"table-caption-2\">Tiers</caption>"}, nil},
		{"no typographer", "Parents' \"good enough\" -- care...\n", []string{"Parents' &quot;good enough&quot; -- care..."}, []string{"&rsquo;", "&ldquo;", "&hellip;"}},
		{"alert warning", "> [!WARNING]\n> Call 999 if a child is in danger.\n", []string{`<div class="alert alert-warning">`, `Call <a href="tel:999">999</a> if a child is in danger.`}, []string{"[!WARNING]", "<blockquote>"}},
		{"alert note", "> [!NOTE]\n> Inset text.\n", []string{`alert-note`, "Inset text."}, nil},
		{"plain quote kept", "> Just a quote.\n", []string{"<blockquote>"}, nil},
		{"abbr first use only", "The MASH team. Ask MASH.\n", []string{`<abbr title="Multi-Agency Safeguarding Hub">MASH</abbr> team. Ask MASH.`}, nil},
		{"abbr not in heading", "## MASH\n\nMASH here\n", []string{`<a class="heading-link" href="#mash">MASH</a>`, `<abbr title="Multi-Agency Safeguarding Hub">MASH</abbr> here`}, nil},
		{"abbr whole word", "MASHED CAFE\n", nil, []string{"<abbr"}},
		{"phone tel link", "Call 01782 683129 now.\n", []string{`<a href="tel:+441782683129">01782 683129</a> now.`}, nil},
		{"phone 0800", "phoning 0800 3287822 or\n", []string{`<a href="tel:+448003287822">0800 3287822</a>`}, nil},
		{"mobile", "Mobile details 07767179546\n", []string{`<a href="tel:+447767179546">07767179546</a>`}, nil},
		{"999 linked", "In danger, call 999.\n", []string{`call <a href="tel:999">999</a>.`}, nil},
		{"999 inside a number not linked", "There were 1,999 contacts and 9990 calls.\n", nil, []string{"tel:"}},
		{"year range not phone", "In 2021-2022 there were 1,234 contacts.\n", nil, []string{"tel:"}},
		{"email mailto", "email lscp@thurrock.gov.uk today\n", []string{`<a href="mailto:lscp@thurrock.gov.uk">lscp@thurrock.gov.uk</a>`}, nil},
		{"www linkify", "See www.thurrocklscp.org.uk.\n", []string{`<a href="http://www.thurrocklscp.org.uk">www.thurrocklscp.org.uk</a>`}, nil},
		{"directive", "Before.\n\n::: widget tier-matrix\n\nAfter.\n", []string{`<div data-widget="tier-matrix"></div>`}, []string{":::"}},
		{"raw html dropped", "Text <b>bold</b>\n", nil, []string{"<b>"}},
		{"footnote", "Claim.[^1]\n\n[^1]: Source.\n", []string{"footnote"}, nil},
		{"code highlighted with classes", "```go\nfunc main() {}\n```\n", []string{`<pre class="code"`, `class="hl-`}, []string{"style="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := conv(tt.src)
			for _, w := range tt.want {
				if !strings.Contains(r.HTML, w) {
					t.Errorf("HTML lacks %q\n%s", w, r.HTML)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(r.HTML, w) {
					t.Errorf("HTML has %q\n%s", w, r.HTML)
				}
			}
		})
	}
}

func TestConvertDiagnostics(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // diagnostics, formatted
	}{
		{"raw inline html", "Line one\nText <b>bold</b>\n", []string{"content/p.md:6:6: raw HTML is not allowed in content"}},
		{"raw html block", "<div>\nx\n</div>\n", []string{"content/p.md:5:1: raw HTML is not allowed in content"}},
		{"h1 in body", "# Title again\n", []string{"content/p.md:5:1: a level-1 heading in the body"}},
		{"skipped level", "## A\n\n#### B\n", []string{"content/p.md:7:1: heading level skips from h2 to h4"}},
		{"unknown block", "\n::: widget tier-matrx\n", []string{`content/p.md:6:1: unknown block "widget"`}},
		{"unknown alert type", "Text.\n\n> [!WARN]\n> Call 999.\n", []string{`content/p.md:7:3: unknown alert type "WARN"`}},
		{"clean", "## A\n\n### B\n\nText.\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := conv(tt.src)
			var got []string
			for _, d := range r.Diags {
				s := d.String()
				if i := strings.Index(s, " ("); i > 0 {
					s = s[:i]
				}
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diags:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestExtract(t *testing.T) {
	r := conv("Intro text.\n\n## First {#first}\n\nBody with [link](/a/b/#c) and [ext](https://x.org).\n\n### Sub\n\n| h |\n|---|\n| cell |\n\n## Second\n\nCall 01782 232200.\n\n::: widget tier-matrix\n")
	if len(r.Headings) != 3 || r.Headings[1].Text != "Sub" || r.Headings[1].Level != 3 {
		t.Fatalf("headings: %+v", r.Headings)
	}
	if len(r.Sections) != 4 || r.Sections[0].Anchor != "" || r.Sections[0].Text != "Intro text." {
		t.Fatalf("sections: %+v", r.Sections)
	}
	if got := strings.Join(r.Sections[2].Path, " > "); got != "First > Sub" || !strings.Contains(r.Sections[2].Text, "cell") {
		t.Errorf("section 2: %+v", r.Sections[2])
	}
	if !strings.Contains(r.Sections[3].Text, "matrix text") {
		t.Errorf("directive text missing from section: %q", r.Sections[3].Text)
	}
	if len(r.Links) != 1 || r.Links[0].Dest != "/a/b/#c" || r.Links[0].Line != 9 {
		t.Errorf("links: %+v", r.Links)
	}
	if len(r.Phones) != 1 || r.Phones[0].Value != "01782 232200" || r.Phones[0].Line != 19 {
		t.Errorf("phones: %+v", r.Phones)
	}
	if len(r.Widgets) != 1 || r.Widgets[0] != "widget:tier-matrix" {
		t.Errorf("widgets: %v", r.Widgets)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"What is MASH?":                     "what-is-mash",
		"Tiers 3 & 4 – Children in need":    "tiers-3-4-children-in-need",
		"Children's Social Care":            "childrens-social-care",
		"  Données ":                        "donnees",
		"DATA SHARING – SEVEN GOLDEN RULES": "data-sharing-seven-golden-rules",
		"Section 17 (Children Act 1989)":    "section-17-children-act-1989",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitArgs(t *testing.T) {
	args, offs, opts := splitArgs(`  tier-matrix A key=v title="two words"` + "\t last  ")
	if strings.Join(args, "|") != "tier-matrix|A|last" || opts["key"] != "v" || opts["title"] != "two words" {
		t.Errorf("args %q opts %q", args, opts)
	}
	if want := []int{2, 14, 41}; !slices.Equal(offs, want) {
		t.Errorf("offsets %v, want %v", offs, want)
	}
}

// TestBlockCallColumns: the columns of a directive's name and arguments are where they are
// written, whatever blanks separate them.
func TestBlockCallColumns(t *testing.T) {
	for src, want := range map[string][]int{
		"::: chart a\n":              {5, 11},
		":::   chart \t  a   b\n":    {7, 16, 20}, // a tab is one column
		":::\twidget  tier-matrix\n": {5, 13},
		"::: contacts\n":             {5},
	} {
		var got []int
		New().Convert([]byte(src), Env{File: "p.md", BodyLine: 1, Block: func(c BlockCall) (string, string, diag.List) {
			got = append(got, c.NameCol())
			for i := range c.Args {
				got = append(got, c.ArgCol(i))
			}
			return "", "", nil
		}})
		if !slices.Equal(got, want) {
			t.Errorf("%q: columns %v, want %v", src, got, want)
		}
	}
}

// TestUnknownAlertHint: an unknown alert type's hint names the known types.
func TestUnknownAlertHint(t *testing.T) {
	for src, want := range map[string]string{
		"> [!WARN]\n> Call 999.\n":   "did you mean [!WARNING]? The alert types are NOTE, TIP, IMPORTANT, WARNING, CAUTION",
		"> [!DANGER]\n> Call 999.\n": "the alert types are NOTE, TIP, IMPORTANT, WARNING, CAUTION",
	} {
		r := conv(src)
		if len(r.Diags) != 1 || r.Diags[0].Hint != want {
			t.Errorf("%q: diags %v, want one with hint %q", src, r.Diags, want)
		}
	}
}
