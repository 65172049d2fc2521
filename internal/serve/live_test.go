package serve

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"signpost/internal/build"
	"signpost/internal/buildtest"
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
