package serve

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"signpost/internal/build"
	"signpost/internal/buildtest"
	"signpost/internal/diag"
)

var page = buildtest.Page

// liveSite is a small site for the dev server tests.
func liveSite() string {
	return `
-- content/_index.md --
` + page("Home", "", "Welcome.\n") + `
-- content/professionals/_index.md --
` + page("For professionals", "weight: 1\n", "Guidance for people who work with children.\n") + `
-- content/professionals/mash.md --
` + page("MASH", "weight: 10\n", "## What is MASH?\n\nThe hub is where agencies share information.\n\n## MASH vision\n\nVision.\n") + `
-- content/professionals/tiers.md --
` + page("Tiers", "weight: 20\n", "## Tier 2\n\nEarly help. Back to [MASH](/professionals/mash/).\n") + `
-- content/search.md --
` + page("Search", "layout: search\n", "::: sections-az\n") + `
-- netlify.toml --
` + buildtest.RepoFile("netlify.toml")
}

// The test site on disk: buildtest's, under short names.
var (
	writeSite = buildtest.WriteSite
	writeFile = buildtest.WriteFile
	editFile  = buildtest.EditFile
)

// syncBuffer is a log the serve loop writes and the test reads.
type syncBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startLive runs the dev server on dir until the test ends and returns its URL.
func startLive(t testing.TB, dir string, opts Options) (string, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	ready := make(chan string, 1)
	opts.Src, opts.Addr, opts.Log, opts.Debounce = dir, "127.0.0.1:0", log, 30*time.Millisecond
	opts.Ready = func(u string) { ready <- u }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, opts) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("serve did not stop")
		}
	})
	select {
	case u := <-ready:
		return strings.TrimSuffix(u, "/"), log
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, log)
	case <-time.After(60 * time.Second):
		t.Fatalf("serve never became ready:\n%s", log)
	}
	return "", nil
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestLive drives the whole loop without a browser: save a file, get the event, get the
// new page; break the front matter, get the errors while the old page stays; fix it.
func TestLive(t *testing.T) {
	dir := writeSite(t, liveSite())
	base, log := startLive(t, dir, Options{})

	code, body := get(t, base+"/professionals/mash/")
	if code != 200 || !strings.Contains(body, "The hub is where agencies") {
		t.Fatalf("GET mash: %d\n%s", code, body)
	}
	if !strings.Contains(body, `<script src="/_signpost/reload.js" defer></script>`) {
		t.Errorf("page lacks the reload client")
	}
	if !strings.Contains(body, `href="/assets/main.css"`) {
		t.Errorf("page does not link the stable stylesheet URL")
	}
	ev := openEvents(t, base, "/professionals/mash/")
	ev.expect("hello")

	editFile(t, dir, "content/professionals/mash.md", "The hub is where", "The hub, edited live, is where")
	ev.expectSkipping("reload")
	if _, body := get(t, base+"/professionals/mash/"); !strings.Contains(body, "The hub, edited live, is where") {
		t.Errorf("page not updated")
	}

	editFile(t, dir, "assets/css/_base.css", "", ".live-test{color:red}\n")
	d := ev.expectSkipping("css")
	if css, _ := d["css"].(map[string]any); css["/assets/main.css"] == nil {
		t.Errorf("css event %v lacks main.css", d)
	}
	if _, css := get(t, base+"/assets/main.css?v=x"); !strings.Contains(css, ".live-test") {
		t.Errorf("stylesheet not updated")
	}

	editFile(t, dir, "content/professionals/mash.md", "weight: 10\n", "weight: [10\n")
	d = ev.expectSkipping("errors")
	ds, _ := d["diags"].([]any)
	if len(ds) == 0 || !strings.HasPrefix(ds[0].(map[string]any)["position"].(string), "content/professionals/mash.md:") {
		t.Fatalf("errors event %v", d)
	}
	if _, body := get(t, base+"/professionals/mash/"); !strings.Contains(body, "The hub, edited live, is where") {
		t.Errorf("the last good page is not served during errors")
	}

	editFile(t, dir, "content/professionals/mash.md", "weight: [10\n", "weight: 10\n")
	ev.expectSkipping("ok") // the output is as it was before the error
	editFile(t, dir, "content/professionals/mash.md", "edited live", "fixed")
	ev.expectSkipping("reload")

	out := log.String()
	for _, want := range []string{"signpost serve: http://127.0.0.1:", "content/professionals/mash.md → 1 parsed, 1 rendered", "assets/css/_base.css → 0 rendered, css", "content/professionals/mash.md:", "still serving the last good build"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// panicky is a builder that panics on its second update.
type panicky struct {
	mu sync.Mutex // guards n
	n  int
	b  *build.Builder
}

func (p *panicky) Update(ctx context.Context, changed []string) (*build.Result, error) {
	p.mu.Lock()
	p.n++
	n := p.n
	p.mu.Unlock()
	if n == 2 {
		var m map[string]int
		m["boom"]++ // a real runtime panic
	}
	return p.b.Update(ctx, changed)
}

func (p *panicky) SearchJob() *build.SearchJob { return p.b.SearchJob() }

func (p *panicky) ApplySearch(j *build.SearchJob) (*build.Result, error) { return p.b.ApplySearch(j) }

// TestLivePanic: a panic in a rebuild is reported like a build error and serving goes on.
func TestLivePanic(t *testing.T) {
	dir := writeSite(t, liveSite())
	base, log := startLive(t, dir, Options{builder: func(c build.Config) updater { return &panicky{b: build.NewBuilder(c)} }})
	ev := openEvents(t, base, "/professionals/mash/")
	ev.expect("hello")
	editFile(t, dir, "content/professionals/mash.md", "Vision.", "Vision one.")
	d := ev.expectSkipping("errors")
	if !strings.Contains(d["diags"].([]any)[0].(map[string]any)["msg"].(string), "internal error while rebuilding") {
		t.Errorf("errors event %v", d)
	}
	editFile(t, dir, "content/professionals/mash.md", "Vision one.", "Vision two.")
	ev.expectSkipping("reload")
	if code, body := get(t, base+"/professionals/mash/"); code != 200 || !strings.Contains(body, "Vision two.") {
		t.Errorf("after a panic: %d", code)
	}
	if !strings.Contains(log.String(), "assignment to entry in nil map") {
		t.Errorf("log lacks the panic:\n%s", log)
	}
}

// TestLiveListenError: an address in use is an error, not a hang.
func TestLiveListenError(t *testing.T) {
	err := Run(context.Background(), Options{Src: t.TempDir(), Addr: "256.0.0.1:1", Log: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "cannot listen") {
		t.Errorf("got %v", err)
	}
}

// scripted is a builder whose updates return the results it is given, in order.
type scripted struct {
	results []scriptedResult
}

type scriptedResult struct {
	files map[string][]byte
	diags diag.List
}

func (s *scripted) Update(ctx context.Context, changed []string) (*build.Result, error) {
	r := s.results[0]
	s.results = s.results[1:]
	res := &build.Result{Files: r.files, Diags: r.diags}
	if err := r.diags.Errors(); err != nil {
		return res, err
	}
	return res, nil
}

func (s *scripted) SearchJob() *build.SearchJob { return nil }

func (s *scripted) ApplySearch(j *build.SearchJob) (*build.Result, error) {
	return nil, errors.New("no search")
}

// TestLiveHoldsErrors: a failed update's errors are shown only when no other update
// follows first, so a file read half written (the next batch brings the rest at once)
// never shows an error; errors that stand are shown, in the page and the terminal.
func TestLiveHoldsErrors(t *testing.T) {
	page := func(s string) map[string][]byte {
		return map[string][]byte{"index.html": []byte("<p>" + s + "</p>"), "a/index.html": []byte("<p>a " + s + "</p>")}
	}
	torn := diag.List{diag.Errorf("content/a.md", 1, 1, "front matter is not closed")}
	b := &scripted{results: []scriptedResult{
		{files: page("one")},
		{diags: torn},          // the first half of a write
		{files: page("two")},   // the whole of it
		{diags: torn},          // a real mistake
		{files: page("three")}, // fixed
	}}
	srv := NewServer(nil, func() ([]byte, error) { return []byte("//"), nil })
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Cleanup(srv.Close)
	log := &syncBuffer{}
	l := newLive(b, srv, log, t.TempDir(), nil)
	ctx := context.Background()
	l.update(ctx, nil)
	ev := openEvents(t, hs.URL, "/a/")
	ev.expect("hello")

	l.update(ctx, []string{"content/a.md"}) // fails: held
	if l.held == nil {
		t.Fatal("the failed update's errors were not held")
	}
	if late := openEvents(t, hs.URL, "/a/"); late.expect("hello")["diags"] != nil {
		t.Error("a page opened while the errors are held learns them")
	}
	l.update(ctx, []string{"content/a.md"}) // the rest of the write: good
	if d := ev.expect("reload"); d["swap"] != true {
		t.Errorf("reload %v, want swap", d)
	}
	if l.held != nil {
		t.Error("a good update left the errors held")
	}
	l.showErrors() // the timer, had it not been stopped: nothing to show
	if strings.Contains(log.String(), "front matter") {
		t.Errorf("the torn read's error was logged:\n%s", log)
	}

	l.update(ctx, []string{"content/a.md"}) // fails, and nothing follows
	l.showErrors()                          // errorDelay later
	d := ev.expect("errors")
	if ds, _ := d["diags"].([]any); len(ds) != 1 || ds[0].(map[string]any)["position"] != "content/a.md:1:1" {
		t.Errorf("errors event %v", d)
	}
	if !strings.Contains(log.String(), "content/a.md:1:1") || !strings.Contains(log.String(), "front matter is not closed") {
		t.Errorf("the error was not logged:\n%s", log)
	}
	l.update(ctx, []string{"content/a.md"}) // fixed
	ev.expect("reload")
	if code, body := rawGet(t, hs, "/a/"); code != 200 || body != "<p>a three</p>" {
		t.Errorf("after the fix /a/ is %d %q", code, body)
	}
}

// TestSearchQuiet: the index waits as long as the last index took, within bounds.
func TestSearchQuiet(t *testing.T) {
	for _, tt := range []struct{ took, want time.Duration }{
		{0, searchDelay},
		{100 * time.Millisecond, searchDelay},
		{2 * time.Second, 2 * time.Second},
		{40 * time.Second, maxSearchWait},
	} {
		if got := searchQuiet(tt.took); got != tt.want {
			t.Errorf("searchQuiet(%s) = %s, want %s", tt.took, got, tt.want)
		}
	}
}
