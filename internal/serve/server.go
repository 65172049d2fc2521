// Package serve is `signpost serve`: a dev server that builds the site once, serves the
// result from memory, watches the sources (internal/watch) and rebuilds only what a change
// touches (build.Builder), then tells open pages over Server-Sent Events.
//
//	edit ──watch──▶ batch of paths ──Builder.Update──▶ file set + diagnostics
//	                                                     │
//	          good: swap the served set, diff it ────────┤──── bad: keep the last good set
//	          ▼                                          ▼
//	   /_signpost/events: reload | css | build      errors (overlay in the page)
//
// The server answers only with files of the build output (no path outside it can be
// named: ".." and encoded slashes are refused) and sends the headers of netlify.toml, so
// a Content-Security-Policy problem shows while editing. One header differs on purpose:
// Cache-Control is always no-cache, because in dev mode asset URLs are stable and a cached
// stylesheet would hide an edit. The live-reload client is assets/dev/reload.js, an
// external script (CSP-safe), added to pages only by serve.
package serve

import (
	"fmt"
	"hash/fnv"
	"html"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"

	"signpost/internal/build"
	"signpost/internal/diag"
	"signpost/internal/netlify"
)

// Paths the dev server answers itself.
const (
	// ReloadScript is the URL of the live-reload client; pages load it with defer.
	ReloadScript = "/_signpost/reload.js"
	// EventsPath is the Server-Sent Events stream.
	EventsPath = "/_signpost/events"
	devPrefix  = "/_signpost/"
)

// Server serves the last good build from memory and pushes changes to open pages. It is
// safe for concurrent use.
type Server struct {
	script func() ([]byte, error) // reads the live-reload client
	hub    *hub
	guard  guard

	mu      sync.RWMutex // guards the fields below
	files   map[string][]byte
	gen     int       // number of good builds served; 0 before the first
	shared  int       // counts changes to files every page may load (scripts, stylesheets, images)
	diags   diag.List // errors of the latest build; nil when it succeeded
	headers *netlify.Config
}

// NewServer returns a server with nothing built yet. script returns reload.js.
func NewServer(headers *netlify.Config, script func() ([]byte, error)) *Server {
	return &Server{script: script, hub: newHub(), headers: headers}
}

// SetHeaders replaces the netlify.toml headers (after netlify.toml changed) and reloads
// every page.
func (s *Server) SetHeaders(cfg *netlify.Config) {
	s.mu.Lock()
	s.headers = cfg
	s.mu.Unlock()
	s.ReloadAll()
}

// ReloadAll tells every page to reload (the reload client or the headers changed).
func (s *Server) ReloadAll() {
	s.mu.Lock()
	s.shared++
	s.mu.Unlock()
	s.hub.each(func(*subscriber) event { return event{"reload", reloadEvent{}} })
}

// Close ends every event stream, so an http.Server can shut down.
func (s *Server) Close() { s.hub.close() }

// version identifies what the page at urlPath shows: its file's content and the files all
// pages load, as "<hash of the page>.<shared>". A page sent with one version and opened
// with another is out of date (the reload client compares them when its event stream
// connects, and updates in place when only the first part differs). s.mu must be held.
func (s *Server) version(urlPath string) string {
	if s.gen == 0 {
		return "none"
	}
	return hash(s.files[lookup(s.files, urlPath)]) + "." + strconv.Itoa(s.shared)
}

// Publish takes the result of a build or update. With errors, the served files stay as
// they are and pages show the errors; without, the new files are served and each page is
// told what it needs: reload when its own file or a script changed, a stylesheet swap when
// only stylesheets changed, nothing visible otherwise. It returns what it sent.
func (s *Server) Publish(res *build.Result, err error) string {
	s.mu.Lock()
	if err != nil || res == nil {
		var ds diag.List
		if res != nil {
			ds = res.Diags.Errors()
		}
		if len(ds) == 0 {
			ds = diag.List{diag.Errorf("", 0, 0, "%v", err)}
		}
		s.diags = ds
		s.mu.Unlock()
		payload := map[string]any{"diags": diagsJSON(ds)}
		s.hub.each(func(*subscriber) event { return event{"errors", payload} })
		return "errors"
	}
	hadErrors := s.diags != nil
	s.diags = nil
	old := s.files
	changed := diff(old, res.Files)
	if old != nil && len(changed) == 0 {
		s.mu.Unlock()
		if hadErrors {
			s.hub.each(func(*subscriber) event { return event{"ok", struct{}{}} })
			return "ok"
		}
		return "none"
	}
	s.files = res.Files
	s.gen++

	css := map[string]string{}
	pages := map[string]bool{} // pages changed, and pages whose own data changed
	data := map[string]bool{}  // pages whose own data changed
	other := false             // a changed file every page may load (a script, an image)
	for _, f := range changed {
		switch {
		case path.Ext(f) == ".html":
			pages[f] = true
		case path.Ext(f) == ".css":
			if b, ok := res.Files[f]; ok {
				css["/"+f] = hash(b)
			} else {
				other = true
			}
		case f == "sitemap.xml" || f == "robots.txt": // no page loads them
		default:
			if owner := ownerPage(res.Files, f); owner != "" {
				pages[owner], data[owner] = true, true
			} else if !strings.HasPrefix(f, "search/") {
				other = true
			} // else the search index of a site with no search page: no page loads it
		}
	}
	if other || len(css) > 0 {
		s.shared++ // stylesheets too: a page that was away learns them by reloading
	}
	s.mu.Unlock()
	sent := "build"
	s.hub.each(func(sub *subscriber) event {
		if old == nil || other || pageChanged(old, res.Files, pages, sub.path) {
			sent = "reload"
			// Only the page's own HTML changed: the client may put the change in place.
			name := lookup(res.Files, sub.path)
			swap := old != nil && !other && len(css) == 0 && !data[name] && lookup(old, sub.path) == name
			return event{"reload", reloadEvent{Swap: swap}}
		}
		if len(css) > 0 {
			if sent != "reload" {
				sent = "css"
			}
			return event{"css", map[string]any{"css": css}}
		}
		return event{"build", struct{}{}}
	})
	return sent
}

// reloadEvent is the data of a reload event. Swap says only the page's own HTML changed
// (no stylesheet, script, header or data it loads): the client may fetch the page and put
// what changed in place, and reloads when it cannot.
type reloadEvent struct {
	Swap bool `json:"swap"`
}

// pageChanged reports whether the page at urlPath is another file now, or its file (or
// data only it loads) changed.
func pageChanged(old, cur map[string][]byte, changed map[string]bool, urlPath string) bool {
	before, now := lookup(old, urlPath), lookup(cur, urlPath)
	return before != now || changed[now]
}

// ownerPage returns the page whose folder holds f, when f is data only that page loads
// (search/w/3.json belongs to search/index.html); "" for files of the whole site
// (assets/, files at the top such as favicon.svg).
func ownerPage(files map[string][]byte, f string) string {
	if strings.HasPrefix(f, "assets/") {
		return ""
	}
	for d := path.Dir(f); d != "." && d != "/"; d = path.Dir(d) {
		if _, ok := files[d+"/index.html"]; ok {
			return d + "/index.html"
		}
	}
	return ""
}

// lookup returns the output file that answers urlPath ("404.html" when none does).
func lookup(files map[string][]byte, urlPath string) string {
	name, ok := cleanName(urlPath)
	if !ok {
		return "404.html"
	}
	if _, found := files[name]; found {
		return name
	}
	if _, found := files[name+"/index.html"]; found {
		return name + "/index.html"
	}
	return "404.html"
}

// diff lists the paths whose bytes differ between two file sets, including added and
// removed ones. Unchanged files share their byte slices, which compare at once.
func diff(old, cur map[string][]byte) []string {
	var out []string
	for k, v := range cur {
		if o, ok := old[k]; !ok || string(o) != string(v) {
			out = append(out, k)
		}
	}
	for k := range old {
		if _, ok := cur[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

func hash(b []byte) string {
	h := fnv.New64a()
	h.Write(b)
	return strconv.FormatUint(h.Sum64(), 36)
}

// cleanName turns a request path into a file name in the output ("" for the root, a
// trailing "/" meaning index.html). It refuses every path that names something outside
// the output or names it in two ways: "." and ".." segments, empty segments, backslashes
// and NUL bytes.
func cleanName(urlPath string) (string, bool) {
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsAny(urlPath, "\\\x00") {
		return "", false
	}
	name := urlPath[1:]
	dir := strings.HasSuffix(name, "/")
	trimmed := strings.TrimSuffix(name, "/")
	if trimmed != "" && !fs.ValidPath(trimmed) {
		return "", false
	}
	if name == "" || dir {
		return name + "index.html", true
	}
	return name, true
}

// ServeHTTP serves the output like Netlify: /dir/ is dir/index.html, /dir redirects to
// /dir/, a missing file is 404.html with status 404. Requests for another host are refused
// (guard.go).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.refuseHost(w, r) {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	raw := strings.ToLower(r.URL.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		http.Error(w, "bad request: encoded slash in path", http.StatusBadRequest)
		return
	}
	name, ok := cleanName(r.URL.Path)
	if !ok {
		http.Error(w, "bad request: path is not a plain site path", http.StatusBadRequest)
		return
	}

	s.mu.RLock()
	files, headers, gen, diags, version := s.files, s.headers, s.gen, s.diags, s.version(r.URL.Path)
	s.mu.RUnlock()
	s.setHeaders(w, headers, r.URL.Path)

	switch {
	case r.URL.Path == ReloadScript:
		b, err := s.script()
		if err != nil {
			http.Error(w, "cannot read the live-reload client: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		s.write(w, r, http.StatusOK, b)
		return
	case r.URL.Path == EventsPath:
		s.events(w, r)
		return
	case strings.HasPrefix(r.URL.Path, devPrefix):
		http.NotFound(w, r)
		return
	}

	if gen == 0 {
		// No good build yet: a page that shows the errors and reloads when they are fixed.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Server-Timing", `signpost;desc="`+version+`"`)
		s.write(w, r, http.StatusInternalServerError, errorPage(diags))
		return
	}
	status := http.StatusOK
	b, found := files[name]
	if !found && !strings.HasSuffix(r.URL.Path, "/") && name != "index.html" {
		if _, isDir := files[name+"/index.html"]; isDir {
			target := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
	}
	if !found {
		name, status = "404.html", http.StatusNotFound
		b = files[name]
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", netlify.ContentType(name))
	}
	if strings.HasSuffix(name, ".html") {
		// The page's version, so the reload client can tell whether it is out of date.
		w.Header().Set("Server-Timing", `signpost;desc="`+version+`"`)
	}
	s.write(w, r, status, b)
}

func (s *Server) setHeaders(w http.ResponseWriter, cfg *netlify.Config, urlPath string) {
	if cfg != nil {
		for k, v := range cfg.Headers(urlPath) {
			w.Header()[k] = v
		}
	}
	w.Header().Set("Cache-Control", "no-cache")
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, b []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// errorPage is shown while no build has succeeded yet. It has no inline script or style:
// the reload client shows the overlay, and reloads once a build succeeds.
func errorPage(ds diag.List) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>Build failed – Signpost</title>\n")
	b.WriteString(`<script src="` + ReloadScript + `" defer></script>` + "\n</head>\n<body>\n<main>\n<h1>The site has not built yet</h1>\n")
	if len(ds) == 0 {
		b.WriteString("<p>Building…</p>\n")
	} else {
		fmt.Fprintf(&b, "<p>%d problems stop the build. Fix them and save: this page reloads by itself.</p>\n<ul>\n", len(ds))
		for _, d := range ds {
			b.WriteString("<li><pre>" + html.EscapeString(d.String()) + "</pre></li>\n")
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return []byte(b.String())
}

// diagJSON is a diagnostic as the reload client receives it.
type diagJSON struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"col,omitempty"`
	Msg      string `json:"msg"`
	Hint     string `json:"hint,omitempty"`
	Position string `json:"position,omitempty"` // "file:line:col", as the terminal prints it
	Text     string `json:"text"`               // the whole line, as the terminal prints it
}

func diagsJSON(ds diag.List) []diagJSON {
	out := make([]diagJSON, 0, len(ds))
	for _, d := range ds {
		pos := d.File
		if d.File != "" && d.Line > 0 {
			pos += ":" + strconv.Itoa(d.Line)
			if d.Col > 0 {
				pos += ":" + strconv.Itoa(d.Col)
			}
		}
		out = append(out, diagJSON{File: d.File, Line: d.Line, Col: d.Col, Msg: d.Msg, Hint: d.Hint, Position: pos, Text: d.String()})
	}
	return out
}

// ReadScript returns a function reading the first of the files that exists: serve passes
// assets/dev/reload.js in the module and in the site root, so edits to it apply at once.
// It is the one file serve reads from disk, so it must be a plain file: a symbolic link
// there is refused (issue 15: nothing outside the tree is served).
func ReadScript(candidates ...string) func() ([]byte, error) {
	return func() ([]byte, error) {
		var first error
		for _, c := range candidates {
			b, err := readPlain(c)
			if err == nil {
				return b, nil
			}
			if first == nil {
				first = err
			}
		}
		if first == nil {
			first = fs.ErrNotExist
		}
		return nil, first
	}
}

// readPlain reads name unless it is a symbolic link.
func readPlain(name string) ([]byte, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s is a symbolic link; serve reads only plain files", name)
	}
	return os.ReadFile(name)
}
