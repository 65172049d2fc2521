// Package netlify reads netlify.toml, the single source of the production headers, so that
// `signpost serve` and the browser tests send exactly what Netlify will.
package netlify

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/BurntSushi/toml"
)

// Config is the part of netlify.toml that Signpost uses.
type Config struct {
	Build struct {
		Command     string            `toml:"command"`
		Publish     string            `toml:"publish"`
		Environment map[string]string `toml:"environment"`
	} `toml:"build"`
	Context   map[string]struct{ Command string } `toml:"context"`
	Rules     []Rule                              `toml:"headers"`
	Redirects []Redirect                          `toml:"redirects"`
}

// Rule is one [[headers]] block.
type Rule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// Redirect is one [[redirects]] block.
type Redirect struct {
	From   string `toml:"from"`
	To     string `toml:"to"`
	Status int    `toml:"status"`
	Force  bool   `toml:"force"`
}

// Parse decodes netlify.toml; unknown keys are errors.
func Parse(b []byte) (*Config, error) {
	var c Config
	md, err := toml.Decode(string(b), &c)
	if err != nil {
		return nil, fmt.Errorf("netlify.toml: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("netlify.toml: unknown keys %v", und)
	}
	return &c, nil
}

// Headers returns the headers Netlify sends for a request path: every matching rule
// applies, later rules overriding earlier ones for the same header.
func (c *Config) Headers(path string) http.Header {
	h := http.Header{}
	for _, r := range c.Rules {
		if Match(r.For, path) {
			for k, v := range r.Values {
				h.Set(k, strings.Join(strings.Fields(v), " "))
			}
		}
	}
	return h
}

// Match reports whether a Netlify path pattern matches path. "*" matches any run of
// characters (a trailing "/*" also matches the folder itself), as in Netlify's rules.
func Match(pattern, path string) bool {
	if strings.HasSuffix(pattern, "/*") && path == strings.TrimSuffix(pattern, "*") {
		return true
	}
	return glob(pattern, path)
}

func glob(p, s string) bool {
	for len(p) > 0 {
		if p[0] == '*' {
			for i := len(s); i >= 0; i-- {
				if glob(p[1:], s[i:]) {
					return true
				}
			}
			return false
		}
		if len(s) == 0 || p[0] != s[0] {
			return false
		}
		p, s = p[1:], s[1:]
	}
	return len(s) == 0
}

// CSP returns the Content-Security-Policy sent for path.
func (c *Config) CSP(path string) string { return c.Headers(path).Get("Content-Security-Policy") }
