package serve

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"signpost/internal/build"
	"signpost/internal/buildtest"
	"signpost/internal/diag"
	"signpost/internal/netlify"
)

func repoNetlify(t *testing.T) *netlify.Config {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "netlify.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := netlify.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func testFiles() map[string][]byte {
	return map[string][]byte{
		"index.html":              []byte("<p>home</p>"),
		"404.html":                []byte("<p>not found</p>"),
		"parents/index.html":      []byte("<p>parents</p>"),
		"parents/help/index.html": []byte("<p>help</p>"),
		"assets/main.css":         []byte("body{}"),
		"assets/print.css":        []byte("@media print{}"),
		"assets/main.js":          []byte("console.log(1)"),
		"search/index.html":       []byte("<p>search</p>"),
		"search/meta.json":        []byte("{}"),
		"search/w/0.json":         []byte("{}"),
		"sitemap.xml":             []byte("<urlset/>"),
		"favicon.svg":             []byte("<svg/>"),
	}
}

func newTestServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := NewServer(repoNetlify(t), func() ([]byte, error) { return []byte("// reload"), nil })
	s.Publish(&build.Result{Files: testFiles()}, nil)
	hs := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); hs.Close() })
	return s, hs
}

// rawGet sends a request line exactly as written (no client-side cleaning of the path).
func rawGet(t *testing.T, hs *httptest.Server, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(hs.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServePaths: pages, folders, redirects and 404s as on Netlify; and no request path,
// however written, reaches a file outside the build output.
func TestServePaths(t *testing.T) {
	_, hs := newTestServer(t)
	gomod, _ := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "go.mod"))
	tests := []struct {
		target   string
		status   int
		body     string // substring; "" to skip
		location string
	}{
		{"/", 200, "home", ""},
		{"/index.html", 200, "home", ""},
		{"/parents/", 200, "parents", ""},
		{"/parents", 301, "", "/parents/"},
		{"/parents?q=x", 301, "", "/parents/?q=x"},
		{"/parents/help/", 200, "help", ""},
		{"/assets/main.css", 200, "body{}", ""},
		{"/assets/main.css?v=123", 200, "body{}", ""},
		{"/nowhere/", 404, "not found", ""},
		{"/assets/", 404, "not found", ""}, // no directory listings
		{"/parents/help/index.html/", 404, "not found", ""},
		{"/_signpost/reload.js", 200, "// reload", ""},
		{"/_signpost/other", 404, "", ""},
		// Traversal, however spelt.
		{"/../go.mod", 400, "", ""},
		{"/../../../../etc/passwd", 400, "", ""},
		{"/%2e%2e/go.mod", 400, "", ""},
		{"/%2E%2E/%2E%2E/go.mod", 400, "", ""},
		{"/parents/../../go.mod", 400, "", ""},
		{"/parents/%2e%2e/%2e%2e/go.mod", 400, "", ""},
		{"/./index.html", 400, "", ""},
		{"/..%2fgo.mod", 400, "", ""},
		{"/parents%2fhelp/", 400, "", ""},
		{"/parents%2Fhelp/", 400, "", ""},
		{"/..%5cgo.mod", 400, "", ""},
		{"/..\\go.mod", 400, "", ""},
		{"/%00", 400, "", ""},
		{"//evil.example/", 400, "", ""},
		{"/go.mod", 404, "not found", ""},
		{"/.git/config", 404, "not found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(hs.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			io.WriteString(conn, "GET "+tt.target+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d (body %.80q)", resp.StatusCode, tt.status, b)
			}
			if tt.body != "" && !strings.Contains(string(b), tt.body) {
				t.Errorf("body %.80q lacks %q", b, tt.body)
			}
			if strings.Contains(string(b), "module signpost") || (len(gomod) > 0 && strings.Contains(string(b), string(gomod[:20]))) {
				t.Errorf("served go.mod")
			}
			if got := resp.Header.Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
		})
	}
	if code, _ := rawGet(t, hs, "/parents/"); code != 200 {
		t.Errorf("raw GET /parents/: %d", code)
	}
	resp, err := http.Post(hs.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// TestServeHeaders: every response carries netlify.toml's headers for its path; only
// Cache-Control differs, on purpose (see the package comment).
func TestServeHeaders(t *testing.T) {
	_, hs := newTestServer(t)
	cfg := repoNetlify(t)
	for _, p := range []string{"/", "/parents/", "/parents/help/", "/assets/main.css", "/search/meta.json", "/nowhere/", "/favicon.svg", "/_signpost/reload.js"} {
		resp, err := http.Get(hs.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := cfg.Headers(p)
		if len(want) < 5 {
			t.Fatalf("netlify.toml gives %s only %v", p, want)
		}
		for k := range want {
			if k == "Cache-Control" {
				continue
			}
			if g, w := resp.Header.Values(k), want.Values(k); !slices.Equal(g, w) {
				t.Errorf("%s: %s is %q, netlify.toml says %q", p, k, g, w)
			}
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", p, got)
		}
		if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s: no CSP", p)
		}
	}
}

// sse reads events from the stream.
type sse struct {
	t    *testing.T
	r    *bufio.Reader
	body io.Closer
}

func openEvents(t *testing.T, base, page string) *sse {
	t.Helper()
	resp, err := http.Get(base + EventsPath + "?path=" + page)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	e := &sse{t: t, r: bufio.NewReader(resp.Body), body: resp.Body}
	t.Cleanup(func() { resp.Body.Close() })
	return e
}

// next returns the next event's name and data; comments and retry lines are skipped.
func (e *sse) next() (string, map[string]any) {
	e.t.Helper()
	type ev struct {
		name string
		data map[string]any
		err  error
	}
	ch := make(chan ev, 1)
	go func() {
		var name, data string
		for {
			line, err := e.r.ReadString('\n')
			if err != nil {
				ch <- ev{err: err}
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && name != "":
				var m map[string]any
				err := json.Unmarshal([]byte(data), &m)
				ch <- ev{name, m, err}
				return
			}
		}
	}()
	select {
	case v := <-ch:
		if v.err != nil {
			e.t.Fatalf("reading events: %v", v.err)
		}
		return v.name, v.data
	case <-time.After(20 * time.Second):
		e.t.Fatal("no event")
	}
	return "", nil
}

func (e *sse) expect(want string) map[string]any {
	e.t.Helper()
	name, data := e.next()
	if name != want {
		e.t.Fatalf("event %q %v, want %q", name, data, want)
	}
	return data
}

// expectSkipping is expect, passing over "build" events (the search index, published
// after the pages, sends one).
func (e *sse) expectSkipping(want string) map[string]any {
	e.t.Helper()
	for {
		name, data := e.next()
		if name == want {
			return data
		}
		if name != "build" {
			e.t.Fatalf("event %q %v, want %q", name, data, want)
		}
	}
}

func with(files map[string][]byte, changes map[string]string) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range files {
		out[k] = v
	}
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = []byte(v)
		}
	}
	return out
}

// TestEvents: each open page is told exactly what it needs.
func TestEvents(t *testing.T) {
	s, hs := newTestServer(t)
	help := openEvents(t, hs.URL, "/parents/help/")
	home := openEvents(t, hs.URL, "/")
	missing := openEvents(t, hs.URL, "/parents/new/")
	for _, e := range []*sse{help, home, missing} {
		if d := e.expect("hello"); d["diags"] != nil {
			t.Errorf("hello has diags %v", d["diags"])
		}
	}
	files := testFiles()

	// One page changed: that page reloads, the others only learn the build.
	files = with(files, map[string]string{"parents/help/index.html": "<p>help, edited</p>"})
	if sent := s.Publish(&build.Result{Files: files}, nil); sent != "reload" {
		t.Errorf("sent %q", sent)
	}
	if d := help.expect("reload"); d["swap"] != true {
		t.Errorf("reload for a page whose own HTML alone changed: %v, want swap", d)
	}
	home.expect("build")
	missing.expect("build")

	// Only a stylesheet changed: swap it everywhere, with its content hash.
	files = with(files, map[string]string{"assets/main.css": "body{color:red}"})
	s.Publish(&build.Result{Files: files}, nil)
	for _, e := range []*sse{help, home, missing} {
		d := e.expect("css")
		css, _ := d["css"].(map[string]any)
		if len(css) != 1 || css["/assets/main.css"] != hash([]byte("body{color:red}")) {
			t.Errorf("css event %v", d)
		}
	}

	// A page appears where there was a 404: that page reloads.
	files = with(files, map[string]string{"parents/new/index.html": "<p>new</p>"})
	s.Publish(&build.Result{Files: files}, nil)
	if d := missing.expect("reload"); d["swap"] != false {
		t.Errorf("reload for a page that appeared: %v, want no swap", d)
	}
	help.expect("build")
	home.expect("build")

	// The search index changed: only the search page, which loads it, reloads; a sitemap
	// change shows on no page.
	searchPage := openEvents(t, hs.URL, "/search/")
	searchPage.expect("hello")
	files = with(files, map[string]string{"search/w/0.json": `{"a":[1,2]}`, "search/meta.json": `{"v":2}`, "sitemap.xml": "<urlset>x</urlset>"})
	s.Publish(&build.Result{Files: files}, nil)
	if d := searchPage.expect("reload"); d["swap"] != false {
		t.Errorf("reload for a page whose data changed: %v, want no swap", d)
	}
	for _, e := range []*sse{help, home, missing} {
		e.expect("build")
	}
	searchPage.body.Close()

	// With no search page, no page loads the index: nothing reloads.
	files = with(files, map[string]string{"search/index.html": "", "search/w/0.json": `{"a":[3]}`})
	s.Publish(&build.Result{Files: files}, nil)
	for _, e := range []*sse{help, home, missing} {
		e.expect("build")
	}

	// A script changed: everything reloads.
	files = with(files, map[string]string{"assets/main.js": "console.log(2)"})
	s.Publish(&build.Result{Files: files}, nil)
	for _, e := range []*sse{help, home, missing} {
		if d := e.expect("reload"); d["swap"] != false {
			t.Errorf("reload after a script changed: %v, want no swap", d)
		}
	}

	// A page and a stylesheet changed together: that page reloads.
	files = with(files, map[string]string{"parents/help/index.html": "<p>help, again</p>", "assets/main.css": "body{color:blue}"})
	s.Publish(&build.Result{Files: files}, nil)
	if d := help.expect("reload"); d["swap"] != false {
		t.Errorf("reload after a page and a stylesheet changed: %v, want no swap", d)
	}
	home.expect("css")
	missing.expect("css")

	// A failed build: errors with file:line for everyone, the old files still served.
	bad := diag.List{diag.Errorf("content/parents/help.md", 3, 1, "front matter is not closed").WithHint("add a line '---'")}
	if sent := s.Publish(&build.Result{Files: with(files, map[string]string{"index.html": "broken"}), Diags: bad}, bad); sent != "errors" {
		t.Errorf("sent %q", sent)
	}
	for _, e := range []*sse{help, home, missing} {
		d := e.expect("errors")
		ds, _ := d["diags"].([]any)
		if len(ds) != 1 || ds[0].(map[string]any)["position"] != "content/parents/help.md:3:1" || ds[0].(map[string]any)["msg"] != "front matter is not closed" {
			t.Errorf("errors event %v", d)
		}
	}
	if code, body := rawGet(t, hs, "/"); code != 200 || body != "<p>home</p>" {
		t.Errorf("after a failed build / is %d %q, want the last good page", code, body)
	}
	// A page opened meanwhile learns the errors at once.
	late := openEvents(t, hs.URL, "/")
	if d := late.expect("hello"); d["diags"] == nil {
		t.Errorf("hello during errors has no diags: %v", d)
	}

	// Fixed, with the output as before: the overlay goes, nothing reloads.
	if sent := s.Publish(&build.Result{Files: files}, nil); sent != "ok" {
		t.Errorf("sent %q", sent)
	}
	for _, e := range []*sse{help, home, missing, late} {
		e.expect("ok")
	}
}

// TestErrorPageBeforeFirstBuild: until a build succeeds, pages show the errors and load
// the reload client; the first good build reloads them.
func TestErrorPageBeforeFirstBuild(t *testing.T) {
	s := NewServer(repoNetlify(t), func() ([]byte, error) { return []byte("//"), nil })
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Close()
	bad := diag.List{diag.Errorf("content/_index.md", 2, 1, "bad <thing>")}
	s.Publish(&build.Result{Diags: bad}, bad)
	code, body := rawGet(t, hs, "/parents/")
	if code != 500 || !strings.Contains(body, "content/_index.md:2:1: bad &lt;thing&gt;") || !strings.Contains(body, `<script src="/_signpost/reload.js" defer></script>`) {
		t.Errorf("error page %d:\n%s", code, body)
	}
	e := openEvents(t, hs.URL, "/parents/")
	e.expect("hello")
	s.Publish(&build.Result{Files: testFiles()}, nil)
	e.expect("reload")
}

// TestExposure: binding beyond loopback is warned about.
func TestExposure(t *testing.T) {
	for _, tt := range []struct {
		addr string
		warn bool
	}{
		{"127.0.0.1:1313", false}, {"localhost:1313", false}, {"[::1]:1313", false}, {"127.0.0.2:80", false},
		{":1313", true}, {"0.0.0.0:1313", true}, {"[::]:1313", true}, {"192.168.1.5:1313", true}, {"example.org:80", true},
	} {
		if got := exposure(tt.addr) != ""; got != tt.warn {
			t.Errorf("exposure(%q) warns: %v, want %v", tt.addr, got, tt.warn)
		}
	}
}

// TestPageVersion: a page's Server-Timing version changes only when the page (or a file
// every page loads) changes, and the hello event of a new stream carries the same value,
// so the reload client reloads on connecting only a page that really is out of date.
func TestPageVersion(t *testing.T) {
	s, hs := newTestServer(t)
	version := func(p string) string {
		t.Helper()
		resp, err := http.Get(hs.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		v, ok := strings.CutPrefix(resp.Header.Get("Server-Timing"), `signpost;desc="`)
		if !ok {
			t.Fatalf("%s: Server-Timing %q", p, resp.Header.Get("Server-Timing"))
		}
		return strings.TrimSuffix(v, `"`)
	}
	v1 := version("/parents/help/")
	if d := openEvents(t, hs.URL, "/parents/help/").expect("hello"); d["version"] != v1 {
		t.Errorf("hello version %v, page version %s", d["version"], v1)
	}
	files := with(testFiles(), map[string]string{"index.html": "<p>home, edited</p>", "search/meta.json": `{"v":3}`})
	s.Publish(&build.Result{Files: files}, nil)
	if v := version("/parents/help/"); v != v1 {
		t.Errorf("an edit elsewhere changed the page's version")
	}
	files = with(files, map[string]string{"parents/help/index.html": "<p>help, edited</p>"})
	s.Publish(&build.Result{Files: files}, nil)
	v2 := version("/parents/help/")
	if v2 == v1 {
		t.Errorf("editing the page kept its version")
	}
	files = with(files, map[string]string{"assets/main.js": "console.log(3)"})
	s.Publish(&build.Result{Files: files}, nil)
	v3 := version("/parents/help/")
	if v3 == v2 {
		t.Errorf("a script change kept the page's version")
	}
	files = with(files, map[string]string{"assets/main.css": "p{color:green}"})
	s.Publish(&build.Result{Files: files}, nil)
	if v := version("/parents/help/"); v == v3 {
		t.Errorf("a stylesheet change kept the page's version")
	}
	if v := version("/nowhere/"); v != version("/elsewhere/") {
		t.Errorf("two missing pages have different versions")
	}
}
