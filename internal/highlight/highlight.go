// Package highlight is the chroma adapter: code in, HTML with CSS classes out (never inline
// styles, which the Content-Security-Policy forbids), plus the matching stylesheet.
package highlight

import (
	"bytes"
	"html"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

var formatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-"), chromahtml.PreventSurroundingPre(true))

// Code returns code highlighted as lang inside <pre class="code"><code>. Unknown languages
// are escaped plain text.
func Code(lang, code string) string {
	var b bytes.Buffer
	b.WriteString(`<pre class="code" tabindex="0"><code`)
	if lang != "" {
		b.WriteString(` class="language-` + html.EscapeString(lang) + `"`)
	}
	b.WriteString(">")
	lexer := lexers.Get(lang)
	if lexer == nil || lang == "" {
		b.WriteString(html.EscapeString(code))
	} else {
		it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
		if err != nil || formatter.Format(&b, styles.Get("github"), it) != nil {
			b.Reset()
			b.WriteString(`<pre class="code" tabindex="0"><code>` + html.EscapeString(code))
		}
	}
	b.WriteString("</code></pre>\n")
	return b.String()
}

var (
	cssOnce sync.Once
	css     string
)

// CSS returns the stylesheet for the classes Code emits.
func CSS() string {
	cssOnce.Do(func() {
		var b bytes.Buffer
		_ = formatter.WriteCSS(&b, styles.Get("github"))
		css = b.String()
	})
	return css
}
