package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A case is one bad (or borderline) input: a change to the base site, the exit code
// `signpost build` must give, and what its error output must contain (the place, as
// file:line[:col], and the gist). Every failing case must also leave public/ unchanged.
type Case struct {
	Name string
	Edit func(s *Site) error
	Exit int
	Want string // in stderr; for exit 0 too (a warning), or "" for nothing in particular
}

// Site is a case's copy of the base site.
type Site struct{ Dir string }

func (s *Site) path(name string) string { return filepath.Join(s.Dir, filepath.FromSlash(name)) }

func (s *Site) write(name, content string) error {
	if err := os.MkdirAll(filepath.Dir(s.path(name)), 0o755); err != nil {
		return err
	}
	return os.WriteFile(s.path(name), []byte(content), 0o644)
}

func (s *Site) edit(name, old, new string) error {
	b, err := os.ReadFile(s.path(name))
	if err != nil {
		return err
	}
	if !strings.Contains(string(b), old) {
		return fmt.Errorf("%s does not contain %q", name, old)
	}
	return os.WriteFile(s.path(name), []byte(strings.Replace(string(b), old, new, 1)), 0o644)
}

func (s *Site) link(target, name string) error {
	if err := os.MkdirAll(filepath.Dir(s.path(name)), 0o755); err != nil {
		return err
	}
	return os.Symlink(target, s.path(name))
}

// Edits as values.
func write(name, content string) func(*Site) error {
	return func(s *Site) error { return s.write(name, content) }
}
func edit(name, old, new string) func(*Site) error {
	return func(s *Site) error { return s.edit(name, old, new) }
}
func remove(name string) func(*Site) error {
	return func(s *Site) error { return os.RemoveAll(s.path(name)) }
}
func symlink(target, name string) func(*Site) error {
	return func(s *Site) error { return s.link(target, name) }
}
func body(text string) func(*Site) error { return edit(help, "Body of help.\n", text) }
func front(old, new string) func(*Site) error {
	return edit(help, old, new)
}

// help is the page most cases edit; its front matter is lines 2–8 and its body starts on
// line 10 (see base.go).
const help = "content/parents/help.md"

func deepList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return b.String()
}

// Cases is the catalogue: the 75 inputs of the probe in issue 15 and the earlier ones,
// grouped by where the problem is.
var Cases = []Case{
	// Front matter.
	{"no front matter", write(help, "Just text.\n"), 1, help + ":1:1: missing front matter"},
	{"front matter not closed", write(help, "---\ntitle: x\n\nBody\n"), 1, help + ":1:1: front matter is not closed"},
	{"YAML error on front matter line 1", front("title: Getting help", "title: Getting: help"), 1, help + ":2:1: mapping values are not allowed"},
	{"YAML error on front matter line 2", front("description: Where", "description: x: Where"), 1, help + ":3:1: mapping values are not allowed"},
	{"YAML error on the last front matter line", front("reviewed: 2024-01-01", "reviewed: [2024-01-01"), 1, help + ":8:"},
	{"YAML parser error (was a line early)", front("weight: 1\n", "weight: 1\n- x\n"), 1, help + ":7:1: did not find expected key"},
	{"tab indentation in front matter", front("weight: 1\n", "weight: 1\n\tx: 2\n"), 1, help + ":7:"},
	{"invalid byte in front matter", front("title: Getting help", "title: Getting\xff help"), 1, help + ":2:15: invalid character"},
	{"duplicate front matter key", front("weight: 1\n", "weight: 1\nweight: 2\n"), 1, help + ":7:1: mapping key \"weight\" already defined"},
	{"unknown front matter key", front("weight: 1", "wieght: 1"), 1, help + ":6:1: field wieght is not a front matter key"},
	{"wrong type", front("weight: 1", "weight: first"), 1, help + ":6:9: cannot unmarshal"},
	{"bad date", front("reviewed: 2024-01-01", "reviewed: 2024-13-01"), 1, help + ":8:"},
	{"unknown area", front("area: [thurrock]", "area: [thurock]"), 1, help + ":4:1: unknown area \"thurock\" (did you mean \"thurrock\"?)"},
	{"no area", front("area: [thurrock]\n", ""), 1, help + ":1:1: front matter has no area"},
	{"no title", front("title: Getting help\n", ""), 1, help + ":1:1: front matter has no title"},
	{"no description", front("description: Where to get help.\n", ""), 1, help + ":1:1: front matter has no description"},
	{"no source", front("source: {publisher: Signpost, title: Signpost, url: \"https://signpost.example/\"}\n", ""), 1, help + ":1:1: front matter has no source"},
	{"unknown audience", front("audience: [parents]", "audience: [teachers]"), 1, help + ":5:1: unknown audience"},
	{"unknown layout", front("weight: 1", "weight: 1\nlayout: wide"), 1, help + ":7:1: unknown layout"},
	{"review_by before reviewed", front("reviewed: 2024-01-01", "reviewed: 2024-01-01\nreview_by: 2023-01-01"), 1, help + ":9:1: review_by 2023-01-01 is before reviewed"},
	{"source url javascript:", front(`url: "https://signpost.example/"`, `url: "javascript:alert(1)"`), 1, help + ":7:53: source url \"javascript:alert(1)\" is a javascript: URL"},
	{"source url relative", front(`url: "https://signpost.example/"`, `url: "/parents/"`), 1, help + ":7:53: source url \"/parents/\" is not an absolute URL"},
	{"source url data:", front(`url: "https://signpost.example/"`, `url: "data:text/html,x"`), 1, help + ":7:53: source url \"data:text/html,x\" is a data: URL"},
	{"source url without host", front(`url: "https://signpost.example/"`, `url: "https:///x"`), 1, help + ":7:53: source url \"https:///x\" has no host"},
	{"BOM and CRLF line ends (fine)", func(s *Site) error {
		b, _ := os.ReadFile(s.path(help))
		return s.write(help, "\ufeff"+strings.ReplaceAll(string(b), "\n", "\r\n"))
	}, 0, ""},

	// Page bodies.
	{"level-1 heading in the body", body("# Big\n"), 1, help + ":10:1: a level-1 heading in the body"},
	{"heading level skipped", body("## A\n\n#### B\n"), 1, help + ":12:1: heading level skips from h2 to h4"},
	{"raw HTML block", body("<div>x</div>\n"), 1, help + ":10:1: raw HTML is not allowed"},
	{"inline raw HTML", body("Text <span>x</span>\n"), 1, help + ":10:6: raw HTML is not allowed"},
	{"script tag", body("<script>alert(1)</script>\n"), 1, help + ":10:1: raw HTML is not allowed"},
	{"javascript: link", body("See [x](javascript:alert(1)).\n"), 1, help + ":10:5: link to a javascript: URL"},
	{"JaVaScRiPt: link", body("[x](JaVaScRiPt:alert(1))\n"), 1, help + ":10:1: link to a javascript: URL"},
	{"entity-encoded javascript: link", body("[x](&#106;avascript:alert(1))\n"), 1, help + ":10:1: link to a javascript: URL"},
	{"data: link", body("[x](data:text/html;base64,PHNjcmlwdD4=)\n"), 1, help + ":10:1: link to a data: URL"},
	{"vbscript: image", body("![x](vbscript:msgbox)\n"), 1, help + ":10:"},
	{"javascript: autolink", body("Go <javascript:alert(1)> now\n"), 1, help + ":10:4: link to a javascript: URL"},
	{"file: link", body("[x](file:///etc/passwd)\n"), 1, help + ":10:1: link to a file: URL"},
	{"empty link", body("[x]()\n"), 1, help + ":10:1: link has no address"},
	{"broken internal link", body("See [x](/nowhere/).\n"), 1, help + ":10:5: broken link: no page at /nowhere/"},
	{"broken anchor", body("See [x](/parents/#nope).\n"), 1, help + ":10:5: broken anchor"},
	{"unknown widget", body("::: widget tier-matrx\n"), 1, help + ":10:12: unknown widget \"tier-matrx\""},
	{"unknown block", body("::: diagarm escalation\n"), 1, help + ":10:5: unknown block \"diagarm\""},
	{"unknown chart", body("::: chart no-such-chart\n"), 1, help + ":10:11: unknown chart \"no-such-chart\""},
	{"unknown diagram", body("::: diagram no-such\n"), 1, help + ":10:13: unknown diagram \"no-such\""},
	{"unknown appendix", body("::: indicators Z\n"), 1, help + ":10:"},
	{"phone number not a contact", body("Call 01782 683129.\n"), 1, help + ":10: phone number 01782 683129 is not a contact"},
	{"invalid UTF-8 in the body", body("Fine.\n\nCaf\xe9 au lait.\n"), 1, help + ":12:4: invalid UTF-8"},
	{"backslash escapes (fine)", body("## A \\<img\\> tag\n\nText \\*x\\*.\n"), 0, ""},
	{"40,000 repeated headings (fine)", body(strings.Repeat("## h\n\n", 40000)), 0, ""},
	{"list nested 5,000 deep", body(deepList(5000)), 1, help + ":42:1: list or quote nested deeper than 32 levels"},
	{"list nested 5,000 deep on one line", body(strings.Repeat("- ", 5000) + "x\n"), 1, help + ":10:1: list or quote nested deeper than 32 levels"},
	{"quotes nested 100 deep", body(strings.Repeat("> ", 100) + "x\n"), 1, help + ":10:1: list or quote nested deeper than 32 levels"},
	{"50 MB page", body(strings.Repeat("Lorem ipsum dolor sit amet.\n\n", 50<<20/29)), 1, help + ":18088:1: page is longer than 256 KB"},
	{"64 KB of unclosed links in one paragraph", body(strings.Repeat("![a](", 13000) + "\n"), 1, help + ":10:1: paragraph, list or table is longer than 16 KB"},

	// File names and the tree.
	{"space in a file name", write("content/parents/my page.md", page("Mine")), 1, "content/parents/my page.md:1:1: \"my page\" cannot be part of a page address"},
	{"two dots in a file name", write("content/parents/a..b.md", page("Dots")), 1, "content/parents/a..b.md:1:1: \"a..b\" cannot be part of a page address"},
	{"duplicate page path", func(s *Site) error { return s.write("content/parents/help/_index.md", page("Dup")) }, 1, "duplicate page path /parents/help/"},
	{"page in a folder with no section page", write("content/parents/more/x.md", page("X")), 1, "content/parents/more/x.md:1:1: page is in a folder with no section page"},
	{"no home page", remove("content/_index.md"), 1, "content/_index.md: the site has no home page"},
	{"symlink: page to a file outside", symlink("/etc/hostname", "content/parents/x.md"), 1, "content/parents/x.md: symbolic link to \"/etc/hostname\" leads outside the site"},
	{"symlink: static file to /etc/passwd", symlink("/etc/passwd", "static/passwd.txt"), 1, "static/passwd.txt: symbolic link to \"/etc/passwd\" leads outside the site"},
	{"symlink: relative, out of the tree", symlink("../../../outside.md", "content/parents/rel.md"), 1, "content/parents/rel.md: symbolic link to \"../../../outside.md\" leads outside the site"},
	{"symlink: folder outside", symlink("/etc", "content/etc"), 1, "content/etc: symbolic link to \"/etc\" leads outside the site"},
	{"symlink: folder inside", symlink("parents", "content/again"), 1, "content/again: symbolic link to the folder \"parents\" is not followed"},
	{"symlink: broken", symlink("nothere.md", "content/parents/gone.md"), 1, "content/parents/gone.md: symbolic link to \"nothere.md\" leads nowhere"},
	{"symlink: layout partial outside", symlink("/etc/passwd", "layouts/partials/evil.html"), 1, "layouts/partials/evil.html: symbolic link to \"/etc/passwd\" leads outside the site"},
	{"symlink: data file outside", symlink("/etc/passwd", "content/_data/glossary2.yaml"), 1, "content/_data/glossary2.yaml: symbolic link to \"/etc/passwd\" leads outside the site"},
	{"symlink: asset outside", symlink("/etc/passwd", "assets/css/evil.css"), 1, "assets/css/evil.css: symbolic link to \"/etc/passwd\" leads outside the site"},
	{"symlink: page inside (fine)", symlink("help.md", "content/parents/alias.md"), 0, ""},

	// Data files.
	{"report.yaml missing while charts use it", remove("content/_data/report.yaml"), 1, "content/_data/report.yaml: data file is missing, and pages use what it feeds (::: chart)"},
	{"diagrams.yaml missing while diagrams use it", remove("content/_data/diagrams.yaml"), 1, "content/_data/diagrams.yaml: data file is missing"},
	{"report.yaml: YAML error on line 1", func(s *Site) error { return prepend(s, "content/_data/report.yaml", "x: y: z\n") }, 1, "content/_data/report.yaml:1:1: mapping values are not allowed"},
	{"report.yaml: parser error", func(s *Site) error { return prepend(s, "content/_data/report.yaml", "charts:\n  - id: a\n - b\n") }, 1, "content/_data/report.yaml:3:2: did not find expected key"},
	{"indicators.yaml: parser error", func(s *Site) error { return prepend(s, "content/_data/indicators.yaml", "x:\n  a: 1\n - b\n") }, 1, "content/_data/indicators.yaml:3:2:"},
	{"synonyms.yaml: parser error", func(s *Site) error { return prepend(s, "content/_data/synonyms.yaml", "x:\n  a: 1\n - b\n") }, 1, "content/_data/synonyms.yaml:3:2:"},
	{"diagrams.yaml: parser error", func(s *Site) error { return prepend(s, "content/_data/diagrams.yaml", "x:\n  a: 1\n - b\n") }, 1, "content/_data/diagrams.yaml:3:2:"},
	{"glossary.yaml: invalid byte", func(s *Site) error { return prepend(s, "content/_data/glossary.yaml", "# caf\xe9\n") }, 1, "content/_data/glossary.yaml:1:6: invalid character"},
	{"cwd.yaml: unknown key", func(s *Site) error { return prepend(s, "content/_data/cwd.yaml", "colour: red\n") }, 1, "content/_data/cwd.yaml:1:1: field colour not found"},
	{"unowned data file", write("content/_data/glosary.yaml", "[]\n"), 1, "content/_data/glosary.yaml: no part of the site reads this data file (did you mean glossary.yaml?)"},

	// site.yaml.
	{"contact web javascript:", edit("site.yaml", "web: https://www.thurrocklscp.org.uk", "web: \"javascript:alert(1)\""), 1, "site.yaml:{line site.yaml|web: https://www.thurrocklscp.org.uk}:14: web address \"javascript:alert(1)\" is a javascript: URL"},
	{"contact web data:", edit("site.yaml", "web: https://www.thurrocklscp.org.uk", "web: data:text/html,x"), 1, "site.yaml:{line site.yaml|web: https://www.thurrocklscp.org.uk}:14: web address \"data:text/html,x\" is a data: URL"},
	{"safeguarding web relative", edit("site.yaml", "web: https://www.thurrock.gov.uk/childrens-care-professionals-services/thurrock-mash\n    contacts", "web: /mash/\n    contacts"), 1, "site.yaml:{line site.yaml|web: https://www.thurrock.gov.uk/childrens-care-professionals-services/thurrock-mash\n    contacts}:12: web address \"/mash/\" is not an absolute URL"},
	{"contact e-mail with mailto:", edit("site.yaml", "email: lscp@thurrock.gov.uk", "email: mailto:lscp@thurrock.gov.uk"), 1, "site.yaml:{line site.yaml|email: lscp@thurrock.gov.uk}:16: email \"mailto:lscp@thurrock.gov.uk\" is not an e-mail address"},
	{"contact phone not a number", edit("site.yaml", "phone: 01782 683129", "phone: \"javascript:1\""), 1, "site.yaml:{line site.yaml|phone: 01782 683129}:16: phone \"javascript:1\" is not a phone number"},
	{"exit_url relative", edit("site.yaml", "exit_url: https://www.bbc.co.uk/weather", "exit_url: /weather"), 1, "site.yaml:{line site.yaml|exit_url: https://www.bbc.co.uk/weather}:11: exit_url \"/weather\" is not an absolute URL"},
	{"exit_url empty", edit("site.yaml", "exit_url: https://www.bbc.co.uk/weather", "exit_url: \"\""), 1, "site.yaml:{line site.yaml|exit_url: https://www.bbc.co.uk/weather}:11: site.yaml has no exit_url"},
	{"exit_url javascript:", edit("site.yaml", "exit_url: https://www.bbc.co.uk/weather", "exit_url: javascript:history.back()"), 1, "site.yaml:{line site.yaml|exit_url: https://www.bbc.co.uk/weather}:11: exit_url \"javascript:history.back()\" is a javascript: URL"},
	{"exit_url on this site", edit("site.yaml", "exit_url: https://www.bbc.co.uk/weather", "exit_url: https://signpost.netlify.app/"), 1, "site.yaml:{line site.yaml|exit_url: https://www.bbc.co.uk/weather}:11: exit_url \"https://signpost.netlify.app/\" is on this site"},
	{"exit_url http:", edit("site.yaml", "exit_url: https://www.bbc.co.uk/weather", "exit_url: http://www.bbc.co.uk/weather"), 1, "site.yaml:{line site.yaml|exit_url: https://www.bbc.co.uk/weather}:11: exit_url \"http://www.bbc.co.uk/weather\" is an http: address"},
	{"duplicate contact id", edit("site.yaml", "      - id: mash\n", "      - id: lscp\n"), 1, "site.yaml:{line site.yaml|      - id: mash\n}:13: area \"thurrock\" has two contacts with id \"lscp\" (the first is on line {line site.yaml|      - id: lscp\n})"},
	{"base_url not absolute", edit("site.yaml", "base_url: https://signpost.netlify.app", "base_url: signpost.netlify.app"), 1, "site.yaml:{line site.yaml|base_url: https://signpost.netlify.app}:11: base_url \"signpost.netlify.app\" is not an absolute URL"},
	{"site.yaml: YAML error on line 1", func(s *Site) error { return prepend(s, "site.yaml", "a: b: c\n") }, 1, "site.yaml:1:1: mapping values are not allowed"},
	{"site.yaml missing", remove("site.yaml"), 1, "site.yaml: cannot read site configuration"},
	{"contact web http: (fine: a link, as the document prints it)", edit("site.yaml", "web: https://www.thurrocklscp.org.uk", "web: http://www.thurrocklscp.org.uk"), 0, ""},

	// Layouts and assets.
	{"template syntax error", edit("layouts/page.html", "{{", "{{ if"), 1, "layouts/page.html:"},
	{"CSS import of a missing file", func(s *Site) error { return prepend(s, "assets/css/main.css", "@import \"./nothere.css\";\n") }, 1, "assets/css/main.css:1:"},
	{"CSS syntax error (esbuild recovers: fine)", func(s *Site) error { return appendTo(s, "assets/css/_base.css", "\nh1 { color: red\n") }, 0, ""},
	{"JS syntax error", func(s *Site) error { return appendTo(s, "assets/js/main.js", "\nfunction (\n") }, 1, "assets/js/main.js:"},
}

func prepend(s *Site, name, text string) error {
	b, err := os.ReadFile(s.path(name))
	if err != nil {
		return err
	}
	return s.write(name, text+string(b))
}

func appendTo(s *Site, name, text string) error {
	b, err := os.ReadFile(s.path(name))
	if err != nil {
		return err
	}
	return s.write(name, string(b)+text)
}
