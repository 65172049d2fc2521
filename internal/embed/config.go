package embed

import (
	"bytes"
	"net"
	"net/url"
	"slices"
	"strings"

	"signpost/internal/diag"
	"signpost/internal/netlify"
	"signpost/internal/site"
)

// This file checks site.yaml's embed.frame_ancestors and keeps netlify.toml in step with
// it. netlify.toml is the one place production headers come from (internal/netlify), so
// the build does not write a second one (_headers); it fails, saying the exact line to
// write, when the /embed/* rule's frame-ancestors differs from site.yaml's list or when
// the rule's policy differs from the site's in anything else.

// ConfigFile and NetlifyFile are the files the diagnostics name.
const (
	ConfigFile  = "site.yaml"
	NetlifyFile = "netlify.toml"
)

// Pattern is the netlify.toml rule that must carry the embeddable pages' headers.
const Pattern = Prefix + "/*"

// AllHTTPS is the frame_ancestors entry that lets every https website frame the pages.
const AllHTTPS = "https:"

// Check validates site.yaml's embed.frame_ancestors: each entry is "https:" or an https
// origin (scheme, host, optional port; no path), written once. Plain http is accepted
// only for loopback hosts, so a test on this machine can frame the pages.
func Check(cfg site.Config) diag.List {
	var ds diag.List
	seen := map[string]bool{}
	for _, o := range cfg.Embed.FrameAncestors {
		v := o.Value
		if seen[v] {
			ds.Add(diag.Errorf(ConfigFile, o.Line, o.Col, "embed.frame_ancestors lists %q twice", v))
			continue
		}
		seen[v] = true
		if msg, hint := badOrigin(v); msg != "" {
			ds.Add(diag.Errorf(ConfigFile, o.Line, o.Col, "embed.frame_ancestors: %s", msg).WithHint("%s", hint))
		}
	}
	return ds
}

// badOrigin says what is wrong with one entry, and how to write it, or "" when it is fine.
func badOrigin(v string) (msg, hint string) {
	const how = "write a website's address as https://school.example (no path), or https: for every https website"
	if v == AllHTTPS {
		return "", ""
	}
	if v == "" || strings.ContainsAny(v, " \t;,'\"") {
		return "invalid origin " + quote(v), how
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "invalid origin " + quote(v), how
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return quote(v) + " is not an origin: it has more than a scheme, host and port", how
	}
	host := u.Hostname()
	switch u.Scheme {
	case "https":
	case "http":
		if !loopback(host) {
			return quote(v) + " is not https: a page shown over plain http can be changed on the way", how
		}
	default:
		return quote(v) + " is not https", how
	}
	if strings.Contains(strings.TrimPrefix(host, "*."), "*") {
		return quote(v) + ": a wildcard can only be the first part of the host (https://*.example.sch.uk)", how
	}
	return "", ""
}

func quote(s string) string { return `"` + s + `"` }

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Sources returns the frame-ancestors source list for the embeddable pages: 'self' (the
// staff page's preview), then site.yaml's entries without a trailing slash.
func Sources(cfg site.Config) []string {
	out := []string{"'self'"}
	for _, o := range cfg.Embed.FrameAncestors {
		out = append(out, strings.TrimSuffix(o.Value, "/"))
	}
	return out
}

// directives splits a Content-Security-Policy into its directives: name → source list.
func directives(csp string) (map[string][]string, []string) {
	m := map[string][]string{}
	var order []string
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			continue
		}
		name := strings.ToLower(f[0])
		m[name] = f[1:]
		order = append(order, name)
	}
	return m, order
}

// CheckNetlify checks that netlify.toml sends, for Pattern, the site's policy with
// frame-ancestors set to Sources(cfg), and that no other page may be framed. toml is the
// file's text; when embedding is not enabled, the rule must be absent.
func CheckNetlify(toml []byte, cfg site.Config) diag.List {
	c, err := netlify.Parse(toml)
	if err != nil {
		return diag.List{diag.Errorf(NetlifyFile, 0, 0, "%v", err)}
	}
	line := lineOf(toml, `"`+Pattern+`"`)
	var rule *netlify.Rule
	for i := range c.Rules {
		if c.Rules[i].For == Pattern {
			rule = &c.Rules[i]
		}
	}
	if len(cfg.Embed.FrameAncestors) == 0 {
		if rule != nil {
			return diag.List{diag.Errorf(NetlifyFile, line, 1, "netlify.toml lets %s be framed but site.yaml has no embed.frame_ancestors", Pattern).
				WithHint("remove the [[headers]] block for %s, or list the allowed websites in site.yaml", Pattern)}
		}
		return nil
	}
	want := "frame-ancestors " + strings.Join(Sources(cfg), " ")
	if rule == nil {
		return diag.List{diag.Errorf(NetlifyFile, 0, 0, "netlify.toml has no [[headers]] block for %s, so schools cannot show the embeddable pages", Pattern).
			WithHint("add one with the site's Content-Security-Policy and %s", want)}
	}
	site := c.CSP("/")
	got := c.CSP(Prefix + "/parents/")
	siteDirs, order := directives(site)
	gotDirs, _ := directives(got)
	var ds diag.List
	if fa := gotDirs["frame-ancestors"]; !slices.Equal(fa, Sources(cfg)) {
		ds.Add(diag.Errorf(NetlifyFile, line, 1, "the %s Content-Security-Policy has frame-ancestors %s, but site.yaml's embed.frame_ancestors gives %s",
			Pattern, strings.Join(fa, " "), strings.Join(Sources(cfg), " ")).WithHint("write %s in its Content-Security-Policy", want))
	}
	for _, name := range order {
		if name == "frame-ancestors" {
			continue
		}
		if !slices.Equal(siteDirs[name], gotDirs[name]) {
			ds.Add(diag.Errorf(NetlifyFile, line, 1, "the %s Content-Security-Policy differs from the site's in %s", Pattern, name).
				WithHint("copy the /* policy and change only frame-ancestors"))
		}
	}
	for name := range gotDirs {
		if _, ok := siteDirs[name]; !ok {
			ds.Add(diag.Errorf(NetlifyFile, line, 1, "the %s Content-Security-Policy adds %s, which the site's does not have", Pattern, name).
				WithHint("copy the /* policy and change only frame-ancestors"))
		}
	}
	if fa := siteDirs["frame-ancestors"]; !slices.Equal(fa, []string{"'none'"}) {
		ds.Add(diag.Errorf(NetlifyFile, lineOf(toml, `"/*"`), 1, "the site's Content-Security-Policy must keep frame-ancestors 'none'; only %s may be framed", Pattern))
	}
	return ds
}

// lineOf returns the 1-based line of the first occurrence of s in b, or 0.
func lineOf(b []byte, s string) int {
	i := bytes.Index(b, []byte(s))
	if i < 0 {
		return 0
	}
	return bytes.Count(b[:i], []byte("\n")) + 1
}
