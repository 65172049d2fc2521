package load

import (
	"strings"
	"testing"
	"testing/fstest"

	"signpost/internal/site"
)

var cfg = &site.Config{Areas: map[string]site.Area{"thurrock": {Name: "Thurrock"}, "stoke-on-trent": {Name: "Stoke-on-Trent"}}, AreaOrder: []string{"thurrock", "stoke-on-trent"}}

const good = "---\ntitle: T\ndescription: D\narea: [thurrock]\nsource: {publisher: P, title: S}\n---\nBody\n"

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
		{"unknown key", "content/x.md", strings.Replace(good, "title: T", "titel: T", 1), "content/x.md:2: field titel is not a front matter key", "", 0},
		{"wrong type", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nweight: heavy\n", 1), "content/x.md:3: cannot unmarshal", "", 0},
		{"bad date", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nreviewed: 2023-13-01\n", 1), "content/x.md:3:", "", 0},
		{"unknown area", "content/x.md", strings.Replace(good, "[thurrock]", "[stoke]", 1), `content/x.md:4:1: unknown area "stoke"`, "", 0},
		{"no title", "content/x.md", strings.Replace(good, "title: T\n", "", 1), "content/x.md:1:1: front matter has no title", "", 0},
		{"no source", "content/x.md", strings.Replace(good, "source: {publisher: P, title: S}\n", "", 1), "content/x.md:1:1: front matter has no source publisher and title", "", 0},
		{"bad audience", "content/x.md", strings.Replace(good, "title: T\n", "title: T\naudience: [teachers]\n", 1), `content/x.md:3:1: unknown audience "teachers"`, "", 0},
		{"review before reviewed", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nreviewed: 2024-01-01\nreview_by: 2023-01-01\n", 1), "content/x.md:4:1: review_by 2023-01-01 is before reviewed 2024-01-01", "", 0},
		{"unknown layout", "content/x.md", strings.Replace(good, "title: T\n", "title: T\nlayout: wide\n", 1), `content/x.md:3:1: unknown layout "wide"`, "", 0},
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

func TestLoadStructure(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":              {Data: []byte("title: S\nareas:\n  thurrock: {name: Thurrock, partnership: P, safeguarding: {name: MASH, web: \"https://example.org/\"}}\n")},
		"content/_index.md":      {Data: []byte(good)},
		"content/a/_index.md":    {Data: []byte(strings.Replace(good, "title: T", "title: A", 1))},
		"content/a/two.md":       {Data: []byte(strings.Replace(good, "title: T", "title: Two\nweight: 2", 1))},
		"content/a/one.md":       {Data: []byte(strings.Replace(good, "title: T", "title: One\nweight: 1", 1))},
		"content/a/_draft.md":    {Data: []byte("not a page")},
		"content/_data/x.yaml":   {Data: []byte("a: 1\n")},
		"content/_partials/y.md": {Data: []byte("ignored")},
		"content/a/notes.txt":    {Data: []byte("ignored")},
	}
	s, ds := Load(fsys)
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
}

func TestSuggest(t *testing.T) {
	for in, want := range map[string]string{"thurock": "thurrock", "stoke": "stoke-on-trent", "zzz": ""} {
		if got := Suggest(in, []string{"thurrock", "stoke-on-trent"}); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
