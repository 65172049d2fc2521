package load

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"signpost/internal/diag"
	"signpost/internal/site"
)

var cfg = &site.Config{Areas: map[string]site.Area{"thurrock": {Name: "Thurrock"}, "stoke-on-trent": {Name: "Stoke-on-Trent"}}, AreaOrder: []string{"thurrock", "stoke-on-trent"}}

const good = "---\ntitle: T\ndescription: D\narea: [thurrock]\nsource: {publisher: P, title: S}\n---\nBody\n"

// TestAllAreas: area: [all] is every area of site.yaml, in its order.
func TestAllAreas(t *testing.T) {
	p, ds := ParsePage("content/x.md", []byte(strings.Replace(good, "[thurrock]", "[all]", 1)), cfg)
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	if !slices.Equal(p.Front.Area, cfg.AreaOrder) {
		t.Errorf("area: [all] gave %v, want %v", p.Front.Area, cfg.AreaOrder)
	}
	three := *cfg
	three.Areas = map[string]site.Area{"thurrock": {}, "stoke-on-trent": {}, "northvale": {}}
	three.AreaOrder = []string{"thurrock", "stoke-on-trent", "northvale"}
	p, _ = ParsePage("content/x.md", []byte(strings.Replace(good, "[thurrock]", "[all]", 1)), &three)
	if !slices.Equal(p.Front.Area, three.AreaOrder) {
		t.Errorf("with a third area, area: [all] gave %v", p.Front.Area)
	}
}

func TestParsePage(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            string // first diagnostic, "" for none
		url             string
		bodyLine        int
	}{
		{"valid", "content/a/b.md", good, "", "/a/b/", 7},
		{"section", "content/a/_index.md", good, "", "/a/", 7},
		{"home", "content/_index.md", good, "", "/", 7},
		{"crlf and bom", "content/x.md", "\ufeff" + strings.ReplaceAll(good, "\n", "\r\n"), "", "/x/", 7},
		{"no front matter", "content/x.md", "Body\n", "content/x.md:1:1: missing front matter", "", 0},
		{"unclosed", "content/x.md", "---\ntitle: T\n", "content/x.md:1:1: front matter is not closed", "", 0},
		{"unknown key", "content/x.md", strings.Replace(good, "title: T", "titel: T", 1), "content/x.md:2:1: field titel is not a front matter key", "", 0},
		{"wrong type", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nweight: heavy\n", 1), "content/x.md:3:9: cannot unmarshal", "", 0},
		{"bad date", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nreviewed: 2023-13-01\n", 1), "content/x.md:3:", "", 0},
		{"all with another area", "content/x.md", strings.Replace(good, "[thurrock]", "[all, thurrock]", 1), `content/x.md:4:1: area "all" with other areas`, "", 0},
		{"unknown area", "content/x.md", strings.Replace(good, "[thurrock]", "[stoke]", 1), `content/x.md:4:1: unknown area "stoke"`, "", 0},
		{"no title", "content/x.md", strings.Replace(good, "title: T\n", "", 1), "content/x.md:1:1: front matter has no title", "", 0},
		{"no source", "content/x.md", strings.Replace(good, "source: {publisher: P, title: S}\n", "", 1), "content/x.md:1:1: front matter has no source publisher and title", "", 0},
		{"bad audience", "content/x.md", strings.Replace(good, "title: T\n", "title: T\naudience: [teachers]\n", 1), `content/x.md:3:1: unknown audience "teachers"`, "", 0},
		{"review before reviewed", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nreviewed: 2024-01-01\nreview_by: 2023-01-01\n", 1), "content/x.md:4:1: review_by 2023-01-01 is before reviewed 2024-01-01", "", 0},
		{"search", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nsearch: {weight: 0.5, keywords: [respite]}\n", 1), "", "/x/", 8},
		{"search weight range", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nsearch: {weight: 0}\n", 1), "content/x.md:3:1: search weight 0 is out of range", "", 0},
		{"section_weight on a page", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nsearch: {section_weight: 0.5}\n", 1), "content/x.md:3:1: section_weight is only for a section's _index.md", "", 0},
		{"section_weight on a section", "content/a/_index.md", strings.Replace(good, "title: T\n", "title: T\nsearch: {section_weight: 0.5}\n", 1), "", "/a/", 8},
		{"search unknown key", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nsearch: {wieght: 2}\n", 1), "content/x.md:3:10: field wieght", "", 0},
		{"unknown layout", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nlayout: wide\n", 1), `content/x.md:3:1: unknown layout "wide"`, "", 0},
		{"space in name", "content/parents/my page.md", good, `content/parents/my page.md:1:1: "my page" cannot be part of a page address (name files and folders with letters, digits and single dashes or dots, such as "my-page")`, "", 0},
		{"double dot in name", "content/parents/a..b.md", good, `content/parents/a..b.md:1:1: "a..b" cannot be part of a page address`, "", 0},
		{"odd folder name", "content/p%20q/x.md", good, `content/p%20q/x.md:1:1: "p%20q" cannot be part of a page address`, "", 0},
		{"dots and dashes", "content/a.b/c-d_e.md", good, "", "/a.b/c-d_e/", 7},
		{"syntax error on line 1 of front matter", "content/x.md", strings.Replace(good, "title: T", "title: T: x", 1), "content/x.md:2:1: mapping values are not allowed", "", 0},
		{"syntax error on line 2", "content/x.md", strings.Replace(good, "description: D", "description: D: x", 1), "content/x.md:3:1: mapping values are not allowed", "", 0},
		{"syntax error on the last line", "content/x.md", strings.Replace(good, "source: {publisher: P, title: S}", "source: {publisher: P, title: S", 1), "content/x.md:5:", "", 0},
		{"parser error not a line early", "content/x.md", strings.Replace(good, "area: [thurrock]", "area: [thurrock]\n- x", 1), "content/x.md:5:1: did not find expected key", "", 0},
		{"invalid byte in front matter", "content/x.md", strings.Replace(good, "description: D", "description: D\xff", 1), "content/x.md:3:15: invalid character", "", 0},
		{"javascript source url", "content/x.md", strings.Replace(good, "title: S}", "title: S, url: \"javascript:alert(1)\"}", 1), `content/x.md:5:39: source url "javascript:alert(1)" is a javascript: URL, not https:`, "", 0},
		{"relative source url", "content/x.md", strings.Replace(good, "title: S}", "title: S, url: /x/}", 1), `content/x.md:5:39: source url "/x/" is not an absolute URL`, "", 0},
		{"http source url is fine", "content/x.md", strings.Replace(good, "title: S}", "title: S, url: http://example.org/x}", 1), "", "/x/", 7},
		{"ftp source url", "content/x.md", strings.Replace(good, "title: S}", "title: S, url: ftp://example.org/x}", 1), `content/x.md:5:39: source url "ftp://example.org/x" is a ftp: URL`, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ds := ParsePage(tt.file, []byte(tt.src), cfg)
			got := ""
			if len(ds) > 0 {
				got = ds[0].String()
			}
			if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
				t.Fatalf("diag %q, want prefix %q", got, tt.want)
			}
			if tt.url != "" && (p == nil || p.URL != tt.url || p.BodyLine != tt.bodyLine || string(p.Body) != "Body\n") {
				t.Errorf("page %+v", p)
			}
		})
	}
}

// loadAll loads a site with the pieces a full build uses.
func loadAll(t *testing.T, fsys fstest.MapFS) (*site.Site, []string, diag.List) {
	t.Helper()
	cfg, diags := LoadConfig(fsys)
	s := NewSite(cfg)
	files, ds := Scan(fsys, s)
	diags.Add(ds...)
	var pages []*site.Page
	for _, f := range files {
		p, ds, exists := ReadPage(fsys, f, &s.Config)
		if !exists {
			t.Fatalf("%s listed but not found", f)
		}
		diags.Add(ds...)
		if p != nil {
			pages = append(pages, p)
		}
	}
	diags.Add(Assemble(s, pages)...)
	return s, files, diags
}

func TestLoadStructure(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":              {Data: []byte("title: S\nexit_url: https://www.bbc.co.uk/weather\nareas:\n  thurrock: {name: Thurrock, partnership: P, safeguarding: {name: MASH, web: \"https://example.org/\"}}\n")},
		"content/_index.md":      {Data: []byte(good)},
		"content/a/_index.md":    {Data: []byte(strings.Replace(good, "title: T", "title: A", 1))},
		"content/a/two.md":       {Data: []byte(strings.Replace(good, "title: T", "title: Two\nweight: 2", 1))},
		"content/a/one.md":       {Data: []byte(strings.Replace(good, "title: T", "title: One\nweight: 1", 1))},
		"content/a/_draft.md":    {Data: []byte("not a page")},
		"content/_data/x.yaml":   {Data: []byte("a: 1\n")},
		"content/_partials/y.md": {Data: []byte("ignored")},
		"content/.hidden/z.md":   {Data: []byte("ignored")},
		"content/a/.swap.md":     {Data: []byte("ignored")},
		"content/a/notes.txt":    {Data: []byte("ignored")},
	}
	s, files, ds := loadAll(t, fsys)
	if len(ds) != 0 {
		t.Fatalf("diags: %v", ds)
	}
	if len(s.Pages) != 4 || s.Home == nil {
		t.Fatalf("pages: %d", len(s.Pages))
	}
	a := s.ByURL["/a/"]
	if a.Parent != s.Home || len(a.Children) != 2 || a.Children[0].Front.Title != "One" {
		t.Errorf("section a: parent %v children %v", a.Parent, a.Children)
	}
	if _, ok := s.DataFiles["content/_data/x.yaml"]; !ok {
		t.Errorf("data file not read")
	}
	// IsPageFile, which an incremental build asks of a changed path, agrees with Scan.
	for name := range fsys {
		if got, want := IsPageFile(name), slices.Contains(files, name); got != want {
			t.Errorf("IsPageFile(%q) = %v, Scan lists it: %v", name, got, want)
		}
	}
	if !slices.IsSortedFunc(files, func(a, b string) int { return strings.Compare(WalkOrder(a), WalkOrder(b)) }) {
		t.Errorf("Scan's files are not in walk order: %q", files)
	}
}

// TestAssembleDuplicate: of two files with one URL the first in walk order keeps it.
func TestAssembleDuplicate(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":             {Data: []byte("title: S\nexit_url: https://www.bbc.co.uk/weather\nareas:\n  thurrock: {name: Thurrock, partnership: P, safeguarding: {name: MASH, web: \"https://example.org/\"}}\n")},
		"content/_index.md":     {Data: []byte(good)},
		"content/dup.md":        {Data: []byte(strings.Replace(good, "title: T", "title: File", 1))},
		"content/dup/_index.md": {Data: []byte(strings.Replace(good, "title: T", "title: Section", 1))},
	}
	s, _, ds := loadAll(t, fsys)
	if p := s.ByURL["/dup/"]; p == nil || p.File != "content/dup/_index.md" {
		t.Errorf("/dup/ is %v", p)
	}
	if want := "content/dup.md:1:1: duplicate page path /dup/: content/dup/_index.md already makes it"; !strings.Contains(ds.Error(), want) {
		t.Errorf("diags %v, want %s", ds, want)
	}
}

func TestSuggest(t *testing.T) {
	for in, want := range map[string]string{"thurock": "thurrock", "stoke": "stoke-on-trent", "zzz": ""} {
		if got := Suggest(in, []string{"thurrock", "stoke-on-trent"}); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

// site.yaml's addresses are checked at their line (issue 15, item 4).
func TestConfigChecks(t *testing.T) {
	const base = "title: S\nbase_url: https://signpost.example\nexit_url: https://www.bbc.co.uk/weather\nareas:\n  thurrock:\n    name: Thurrock\n    safeguarding: {name: MASH, web: https://example.org/mash}\n    contacts:\n      - id: lscp\n        web: https://example.org/\n        email: lscp@example.org\n        phone: 01375 652000\n      - id: mash\n        name: MASH\n    partnership: Thurrock LSCP\n"
	tests := []struct{ name, old, new, want string }{
		{"good", "", "", ""},
		{"javascript web", "web: https://example.org/\n", "web: \"javascript:alert(1)\"\n", `site.yaml:10:14: web address "javascript:alert(1)" is a javascript: URL, not https:`},
		{"data web", "web: https://example.org/\n", "web: data:text/html,x\n", `site.yaml:10:14: web address "data:text/html,x" is a data: URL`},
		{"no host", "web: https://example.org/\n", "web: https:///x\n", `site.yaml:10:14: web address "https:///x" has no host`},
		{"user in url", "web: https://example.org/\n", "web: https://a:b@example.org/\n", `has a user name or password in it`},
		{"safeguarding web", "web: https://example.org/mash}", "web: vbscript:x}", `site.yaml:7:37: web address "vbscript:x" is a vbscript: URL`},
		{"bad email", "email: lscp@example.org", "email: \"x@y.org?subject=<b>\"", `site.yaml:11:16: email "x@y.org?subject=<b>" is not an e-mail address`},
		{"mailto in email", "email: lscp@example.org", "email: mailto:lscp@example.org", `is not an e-mail address`},
		{"bad phone", "phone: 01375 652000", "phone: \"javascript:1\"", `site.yaml:12:16: phone "javascript:1" is not a phone number`},
		{"exit relative", "exit_url: https://www.bbc.co.uk/weather", "exit_url: /weather", `site.yaml:3:11: exit_url "/weather" is not an absolute URL`},
		{"exit empty", "exit_url: https://www.bbc.co.uk/weather", "exit_url: \"\"", `site.yaml:3:11: site.yaml has no exit_url`},
		{"exit missing", "exit_url: https://www.bbc.co.uk/weather\n", "", `site.yaml:1:1: site.yaml has no exit_url`},
		{"exit javascript", "exit_url: https://www.bbc.co.uk/weather", "exit_url: javascript:history.back()", `site.yaml:3:11: exit_url "javascript:history.back()" is a javascript: URL`},
		{"exit http", "exit_url: https://www.bbc.co.uk/weather", "exit_url: http://www.bbc.co.uk/weather", `site.yaml:3:11: exit_url "http://www.bbc.co.uk/weather" is an http: address`},
		{"exit to this site", "exit_url: https://www.bbc.co.uk/weather", "exit_url: https://signpost.example/", `site.yaml:3:11: exit_url "https://signpost.example/" is on this site`},
		{"base url relative", "base_url: https://signpost.example", "base_url: signpost.example", `site.yaml:2:11: base_url "signpost.example" is not an absolute URL`},
		{"duplicate id", "      - id: mash", "      - id: lscp", `site.yaml:13:13: area "thurrock" has two contacts with id "lscp" (the first is on line 9)`},
		{"missing id", "      - id: mash\n        name: MASH", "      - name: MASH", `site.yaml:13:9: a contact of area "thurrock" has no id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := base
			if tt.old != "" {
				if !strings.Contains(src, tt.old) {
					t.Fatalf("base lacks %q", tt.old)
				}
				src = strings.Replace(src, tt.old, tt.new, 1)
			}
			_, ds := LoadConfig(fstest.MapFS{"site.yaml": {Data: []byte(src)}})
			if tt.want == "" {
				if len(ds) > 0 {
					t.Fatalf("diags: %v", ds)
				}
				return
			}
			if !strings.Contains(ds.Error(), tt.want) {
				t.Errorf("got:\n%s\nwant %s", ds.Error(), tt.want)
			}
		})
	}
}

// TestAreaPlaceholders: {areas} and {areas-or} in a page's title, description, source
// title and text name every area of site.yaml; a misspelled one is an error at its line.
func TestAreaPlaceholders(t *testing.T) {
	src := "---\ntitle: Help in {areas-or}\ndescription: Guidance for {areas}.\narea: [thurrock]\nsource: {publisher: Signpost, title: \"Guidance for {areas}\"}\n---\nThe site covers {areas}.\n"
	p, ds := ParsePage("content/p.md", []byte(src), cfg)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	names := site.AndList([]string{cfg.Areas[cfg.AreaOrder[0]].Name, cfg.Areas[cfg.AreaOrder[1]].Name})
	or := strings.Replace(names, " and ", " or ", 1)
	if p.Front.Title != "Help in "+or || p.Front.Description != "Guidance for "+names+"." || p.Front.Source.Title != "Guidance for "+names || string(p.Body) != "The site covers "+names+".\n" {
		t.Errorf("not expanded: %q %q %q %q", p.Front.Title, p.Front.Description, p.Front.Source.Title, p.Body)
	}
	_, ds = ParsePage("content/p.md", []byte(strings.Replace(src, "covers {areas}", "covers {area}", 1)), cfg)
	if len(ds) != 1 || ds[0].Line != 7 || !strings.Contains(ds[0].Msg, `unknown placeholder "{area}"`) {
		t.Errorf("misspelled placeholder: %v", ds)
	}
}
