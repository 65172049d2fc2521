package netlify

import (
	"os"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/a/b/", true},
		{"/assets/*", "/assets/main.X.css", true},
		{"/assets/*", "/assets/", true},
		{"/assets/*", "/search/x", false},
		{"/assets/wasm/*", "/assets/wasm/widgets.X.wasm", true},
		{"/assets/wasm/*", "/assets/main.css", false},
		{"/exact", "/exact", true},
		{"/exact", "/exact/more", false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.path); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

// TestRepoNetlifyToml checks the real file: the policy the brief requires, caching, wasm
// type, the publish directory and a full Go patch version.
func TestRepoNetlifyToml(t *testing.T) {
	b, err := os.ReadFile("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if c.Build.Publish != "public" {
		t.Errorf("publish = %q", c.Build.Publish)
	}
	if v := c.Build.Environment["GO_VERSION"]; strings.Count(v, ".") != 2 {
		t.Errorf("GO_VERSION %q is not a full patch version", v)
	}
	if !strings.Contains(c.Build.Command, "./cmd/signpost build") {
		t.Errorf("build command %q", c.Build.Command)
	}
	csp := c.CSP("/professionals/")
	for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %q: %s", want, csp)
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval'", "*.", "http:", "https:"} {
		if strings.Contains(strings.ReplaceAll(csp, "'wasm-unsafe-eval'", ""), bad) {
			t.Errorf("CSP allows %q: %s", bad, csp)
		}
	}
	// OWASP secure headers (issue 15, item 7).
	page := c.Headers("/parents/")
	for k, want := range map[string]string{
		"Strict-Transport-Security":         "max-age=63072000; includeSubDomains",
		"Cross-Origin-Resource-Policy":      "same-origin",
		"Cross-Origin-Opener-Policy":        "same-origin",
		"X-Permitted-Cross-Domain-Policies": "none",
		"X-Frame-Options":                   "DENY",
	} {
		if got := page.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !strings.HasSuffix(csp, "; upgrade-insecure-requests") {
		t.Errorf("CSP lacks upgrade-insecure-requests: %s", csp)
	}
	pp := page.Get("Permissions-Policy")
	for _, f := range []string{"accelerometer", "autoplay", "camera", "cross-origin-isolated", "display-capture", "encrypted-media", "fullscreen", "geolocation", "gyroscope", "keyboard-map", "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "usb", "web-share", "xr-spatial-tracking", "clipboard-read", "gamepad", "hid", "idle-detection", "interest-cohort", "serial", "unload", "browsing-topics"} {
		if !strings.Contains(pp, f+"=()") {
			t.Errorf("Permissions-Policy does not deny %s: %s", f, pp)
		}
	}
	for _, f := range []string{"clipboard-write=(self)", "sync-xhr=(self)"} {
		if !strings.Contains(pp, f) {
			t.Errorf("Permissions-Policy lacks %s: %s", f, pp)
		}
	}
	h := c.Headers("/assets/main.ABC.css")
	if !strings.Contains(h.Get("Cache-Control"), "immutable") {
		t.Errorf("assets not immutable: %v", h)
	}
	if h.Get("Content-Security-Policy") == "" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("Permissions-Policy") == "" {
		t.Errorf("security headers missing on assets: %v", h)
	}
	if got := c.Headers("/assets/wasm/widgets.X.wasm").Get("Content-Type"); got != "application/wasm" {
		t.Errorf("wasm content type %q", got)
	}
	if got := c.Headers("/").Get("Cache-Control"); strings.Contains(got, "immutable") {
		t.Errorf("pages must not be immutable: %q", got)
	}
}
