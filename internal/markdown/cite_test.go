package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestCiteHTML(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"one source", "Parents must be told. {source: /a/#b}\n", []string{`Parents must be told. <a class="source-link" href="/a/#b">Source</a></p>`}, []string{"{source"}},
		{"two sources", "Both. {source: /a/#b, /c/}\n", []string{`<a class="source-link" href="/a/#b">Source</a> <a class="source-link" href="/c/">Source</a>`}, nil},
		{"site renders nothing", "This site is new. {source: site}\n", []string{"<p>This site is new. </p>"}, []string{"source"}},
		{"list item", "- Tier 4. {source: /t/#x}\n", []string{`<li>Tier 4. <a class="source-link" href="/t/#x">Source</a></li>`}, nil},
		{"other braces are text", "A {note} here.\n", []string{"A {note} here."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := conv(tt.src)
			for _, w := range tt.want {
				if !strings.Contains(r.HTML, w) {
					t.Errorf("HTML lacks %q:\n%s", w, r.HTML)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(r.HTML, w) {
					t.Errorf("HTML has %q:\n%s", w, r.HTML)
				}
			}
			if len(r.Diags) > 0 {
				t.Errorf("diags: %v", r.Diags)
			}
		})
	}
}

func TestCiteDiagnostics(t *testing.T) {
	tests := []struct{ src, want string }{
		{"Text {source: http://x.org} here\n", `content/p.md:5:6: a citation names "http://x.org", which is not a site path`},
		{"Text {source: /a/} and more.\n", "content/p.md:5:6: a citation in the middle of a paragraph"},
		{"Text {source: }\n", "content/p.md:5:6: an empty citation"},
		{"Text {source: site, /a/}\n", "content/p.md:5:6: a citation is both {source: site} and a path"},
		{"## Heading {source: /a/}\n", "a citation can only close a paragraph or list item"},
	}
	for _, tt := range tests {
		r := conv(tt.src)
		var got []string
		for _, d := range r.Diags {
			got = append(got, d.String())
		}
		if !strings.Contains(strings.Join(got, "\n"), tt.want) {
			t.Errorf("%q: diags %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestStatements(t *testing.T) {
	src := "Intro about the site. {source: site}\n\n## In Thurrock\n\nThe MASH:\n{source: /mash/#x}\n\n- checks it\n- sends it on {source: /mash/#y}\n\n" +
		"See [the MASH](/mash/).\n\nOne\ntwo three. {source: /a/,/b/#c}\n"
	r := conv(src)
	type row struct {
		Line      int
		Text      string
		Cites     []string
		Site      bool
		Inherited bool
		LeadIn    bool
		OwnWords  int
		Path      string
	}
	var got []row
	for _, s := range r.Statements {
		got = append(got, row{s.Line, s.Text, s.Cites, s.Site, s.Inherited, s.LeadIn, s.OwnWords, strings.Join(s.Path, "/")})
	}
	want := []row{
		{5, "Intro about the site.", nil, true, false, false, 4, ""},
		{9, "The MASH:", []string{"/mash/#x"}, false, false, true, 2, "In Thurrock"},
		{12, "checks it", []string{"/mash/#x"}, false, true, false, 2, "In Thurrock"},
		{13, "sends it on", []string{"/mash/#y"}, false, false, false, 3, "In Thurrock"},
		{15, "See the MASH.", nil, false, false, false, 1, "In Thurrock"},
		{17, "One two three.", []string{"/a/", "/b/#c"}, false, false, false, 3, "In Thurrock"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("statements:\n got %+v\nwant %+v", got, want)
	}
	if c := r.Statements[4].Claim; c != "See ." {
		t.Errorf("claim of the link line = %q, want %q", c, "See .")
	}
	if c := r.Statements[1].Claim; c != "The MASH:" {
		t.Errorf("claim = %q, want %q", c, "The MASH:")
	}
	var links []string
	for _, l := range r.Links {
		links = append(links, l.Dest)
	}
	if w := []string{"/mash/#x", "/mash/#y", "/mash/", "/a/", "/b/#c"}; !reflect.DeepEqual(links, w) {
		t.Errorf("links %q, want %q", links, w)
	}
}
