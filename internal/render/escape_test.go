package render

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEscapers: escHTML, escURL and escURLPart write what html/template writes for a
// string in text, in a non-URL attribute, in <title>, at the start of a URL attribute and
// in its fragment.
func TestEscapers(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(
		`{{define "text"}}<p>{{.}}</p>{{end}}` +
			`{{define "attr"}}<p lang="{{.}}"></p>{{end}}` +
			`{{define "title"}}<title>{{.}}</title>{{end}}` +
			`{{define "url"}}<a href="{{.}}"></a>{{end}}` +
			`{{define "part"}}<a href="#{{.}}"></a>{{end}}`))
	cases := []struct {
		name, pre, post string
		esc             func(*bytes.Buffer, string)
	}{
		{"text", "<p>", "</p>", escHTML},
		{"attr", `<p lang="`, `"></p>`, escHTML},
		{"title", "<title>", "</title>", escHTML},
		{"url", `<a href="`, `"></a>`, escURL},
		{"part", `<a href="#`, `"></a>`, escURLPart},
	}
	inputs := []string{
		"", "plain", `<a href="x">'&'+</a>`, "\x00nul", "café – “quotes”", "\xff\xfebad utf-8",
		"/a/b/", "https://example.org/?a=1&b=2+3#frag", "HTTPS://X", "mailto:a@b", "MailTo:x",
		"javascript:alert(1)", "JavaScript:x", "tel:+441234", "/x:y", "x/y:z", "a:b/c",
		"httpſ://long-s", "100%", "%4", "%41", "%zz", "a%41", "a%4", "%%41", "sp ace", "ü/é?q=ü",
		"!#$&*+,/:;=?@[]", "-._~", "()'\"<>`{}|\\^",
	}
	var all strings.Builder
	for c := range 256 {
		all.WriteByte(byte(c))
	}
	inputs = append(inputs, all.String())
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "%:/aZ9#&+<'\"\x00\xc3\xa9-?"
	for range 2000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	for _, c := range cases {
		for _, in := range inputs {
			var want, got bytes.Buffer
			if err := tmpl.ExecuteTemplate(&want, c.name, in); err != nil {
				t.Fatal(err)
			}
			got.WriteString(c.pre)
			c.esc(&got, in)
			got.WriteString(c.post)
			if got.String() != want.String() {
				t.Errorf("%s %q: wrote %q, html/template %q", c.name, in, got.String(), want.String())
			}
		}
	}
}
