package embed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"signpost/internal/datafile"
	"signpost/internal/site"
)

func cfgOf(origins ...string) site.Config {
	var c site.Config
	for i, o := range origins {
		c.Embed.FrameAncestors = append(c.Embed.FrameAncestors, site.Origin{Value: o, Line: 10 + i, Col: 5})
	}
	return c
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		origins []string
		want    string // "" for no diagnostic, else a substring of the first
	}{
		{[]string{"https:"}, ""},
		{[]string{"https://school.example.sch.uk"}, ""},
		{[]string{"https://school.example.sch.uk:8443", "https://*.example.org"}, ""},
		{[]string{"http://127.0.0.2:4000", "http://localhost:1313"}, ""},
		{[]string{"http://school.example"}, "site.yaml:10:5: embed.frame_ancestors: \"http://school.example\" is not https"},
		{[]string{"https://school.example/parents/"}, "more than a scheme, host and port"},
		{[]string{"school.example"}, "invalid origin"},
		{[]string{"'self'"}, "invalid origin"},
		{[]string{"https://a.example; script-src *"}, "invalid origin"},
		{[]string{"https://a.*.example"}, "wildcard"},
		{[]string{"ftp://a.example"}, "is not https"},
		{[]string{"https://a.example", "https://a.example"}, "site.yaml:11:5: embed.frame_ancestors lists \"https://a.example\" twice"},
	} {
		ds := Check(cfgOf(tc.origins...))
		if tc.want == "" {
			if len(ds) > 0 {
				t.Errorf("%v: unexpected %v", tc.origins, ds)
			}
			continue
		}
		if len(ds) == 0 || !strings.Contains(ds[0].String(), tc.want) {
			t.Errorf("%v: got %v, want %q", tc.origins, ds, tc.want)
		}
	}
}

func realToml(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCheckNetlify keeps site.yaml and netlify.toml in step: the real file agrees with
// "https:", and each way of drifting apart is reported at the /embed/* rule's line.
func TestCheckNetlify(t *testing.T) {
	real := realToml(t)
	const fa = "frame-ancestors 'self' https:;"
	if !strings.Contains(real, fa) {
		t.Fatalf("netlify.toml no longer has %q", fa)
	}
	if ds := CheckNetlify([]byte(real), cfgOf("https:")); len(ds) > 0 {
		t.Fatalf("the real netlify.toml: %v", ds)
	}
	for _, tc := range []struct {
		name, toml string
		cfg        site.Config
		want       string
	}{
		{"other list in site.yaml", real, cfgOf("https://school.example"), "frame-ancestors 'self' https:, but site.yaml's embed.frame_ancestors gives 'self' https://school.example"},
		{"list changed in netlify.toml", strings.Replace(real, fa, "frame-ancestors 'self' https://a.example;", 1), cfgOf("https:"), "but site.yaml's"},
		{"embed policy drifts", strings.Replace(real, "base-uri 'none'; frame-ancestors 'self'", "base-uri 'self'; frame-ancestors 'self'", 1), cfgOf("https:"), "differs from the site's in base-uri"},
		{"site policy lets every page be framed", strings.Replace(real, "frame-ancestors 'none'", "frame-ancestors https:", 1), cfgOf("https:"), "must keep frame-ancestors 'none'"},
		{"no embed key", real, site.Config{}, "site.yaml has no embed.frame_ancestors"},
		{"no rule", strings.Replace(real, `for = "/embed/*"`, `for = "/embedded/*"`, 1), cfgOf("https:"), "no [[headers]] block for /embed/*"},
	} {
		ds := CheckNetlify([]byte(tc.toml), tc.cfg)
		if len(ds) == 0 || !strings.Contains(ds[0].String(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, ds, tc.want)
			continue
		}
		if tc.name != "no rule" && !strings.HasPrefix(ds[0].String(), "netlify.toml:") || ds[0].Line == 0 && tc.name != "no rule" {
			t.Errorf("%s: %v has no line", tc.name, ds[0])
		}
	}
}

func TestKeepFragments(t *testing.T) {
	for _, tc := range [][2]string{
		{`<a href="#x">x</a>`, `<a target="_self" href="#x">x</a>`},
		{`<a class="heading-link" href="#x">`, `<a target="_self" class="heading-link" href="#x">`},
		{`<a href="/parents/">p</a>`, `<a href="/parents/">p</a>`},
		{`<a href="#x" target="_blank">`, `<a href="#x" target="_blank">`},
		{`<abbr title="#">`, `<abbr title="#">`},
	} {
		if got := keepFragments(tc[0]); got != tc[1] {
			t.Errorf("keepFragments(%q) = %q, want %q", tc[0], got, tc[1])
		}
	}
}

func TestSnippet(t *testing.T) {
	got := Snippet("https://signpost.example/", Choice{URL: "/embed/parents/cwd-check/", Title: `Check "help"`}, "Signpost")
	want := `<iframe src="https://signpost.example/embed/parents/cwd-check/" title="Check &#34;help&#34; (Signpost)" width="100%" height="720" data-signpost-embed></iframe>
<script src="https://signpost.example/embed.js" defer></script>`
	if got != want {
		t.Errorf("Snippet:\n got %s\nwant %s", got, want)
	}
}

// TestConfigDecode: site.yaml's embed key is decoded with lines, and a misspelt key inside
// it is an error at its line, as everywhere else in site.yaml.
func TestConfigDecode(t *testing.T) {
	var c site.Config
	if ds := datafile.Decode("site.yaml", []byte("title: T\nembed:\n  frame_ancestors:\n    - https:\n    - https://school.example\n"), 0, &c); len(ds) > 0 {
		t.Fatal(ds)
	}
	got := c.Embed.FrameAncestors
	if len(got) != 2 || got[1].Value != "https://school.example" || got[1].Line != 5 || got[1].Col != 7 {
		t.Errorf("frame_ancestors = %+v", got)
	}
	ds := datafile.Decode("site.yaml", []byte("title: T\nembed:\n  frame_ancestor: [https:]\n"), 0, &site.Config{})
	if len(ds) == 0 || !strings.HasPrefix(ds[0].String(), "site.yaml:3:") || !strings.Contains(ds[0].String(), "frame_ancestor") {
		t.Errorf("misspelt key: %v", ds)
	}
}
