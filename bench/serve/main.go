// Command serve times live preview end to end: from saving a page's Markdown file to the
// edit being in that page's DOM in headless Chromium, for `signpost serve` and for
// `hugo server` (Debian's package) on the same content, side by side. Results and method
// are in README.md beside this file.
//
//	go run ./bench/serve                      # real site, N=1000 and N=10000, 12 edits each
//	go run ./bench/serve -n 1000 -edits 20 -real=false
//
// Each tool runs as its own process with its defaults, serving from memory and watching
// files. The browser keeps one tab on the page; every edit rewrites the page's file with
// a new marker paragraph at the end. A script added to every document (through the
// DevTools protocol, so no page code changes) records, at DOMContentLoaded and on any
// later DOM mutation, the first time each marker is in document.body; the latency is that
// time minus the time just before the file was written (one machine, one clock). An edit
// shown in a new document was shown by a reload; one shown in the same document, in place
// (signpost serve's swap; "reloads" counts the others).
// In-process update times without a browser: go test ./bench/serve -run '^$' -bench Update.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"signpost/bench/corpus"
)

func main() {
	ns := flag.String("n", "1000,10000", "synthetic corpus sizes")
	edits := flag.Int("edits", 12, "timed edits per tool and corpus (after 2 untimed)")
	real := flag.Bool("real", true, "also time the real site")
	useHugo := flag.Bool("hugo", true, "also time hugo server")
	gap := flag.Duration("gap", 2*time.Second, "pause after an edit is seen, before the next")
	flag.Parse()

	repo, err := os.Getwd()
	check(err)
	if _, err := os.Stat(filepath.Join(repo, "go.mod")); err != nil {
		fail("run from the repository root")
	}
	tmp, err := os.MkdirTemp("", "servebench-")
	check(err)
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "signpost")
	run(repo, "go", "build", "-o", bin, "./cmd/signpost")
	hugo := ""
	if *useHugo {
		if hugo, err = exec.LookPath("hugo"); err != nil {
			fmt.Fprintln(os.Stderr, "hugo not found: timing signpost only")
		}
	}

	b := &bench{repo: repo, tmp: tmp, bin: bin, hugo: hugo, edits: *edits, gap: *gap}
	var results []result
	if *real {
		results = append(results, b.corpus("real site", 0)...)
	}
	for _, f := range strings.Split(*ns, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		check(err)
		results = append(results, b.corpus("synthetic", n)...)
	}

	fmt.Printf("\n| corpus | pages | server | startup | save → DOM median | max | min | reloads | save → reload starts | rebuild (server log) |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		fmt.Printf("| %s | %d | %s | %s | **%s** | %s | %s | %d/%d | %s | %s |\n", r.corpus, r.pages, r.tool, r.startup.Round(10*time.Millisecond),
			ms(median(r.lat)), ms(slices.Max(r.lat)), ms(slices.Min(r.lat)), len(r.toReload), len(r.lat), ms(median(r.toReload)), ms(median(r.server)))
	}
	fmt.Println()
	for _, r := range results {
		fmt.Printf("%s %d %s: %s\n", r.corpus, r.pages, r.tool, list(r.lat))
	}
}

type bench struct {
	repo, tmp, bin, hugo string
	edits                int
	gap                  time.Duration
	marker               int
}

type result struct {
	corpus, tool string
	pages        int
	startup      time.Duration
	lat, server  []time.Duration
	toReload     []time.Duration // from the save to the start of the reload, for edits shown by a reload
}

// corpus writes one corpus for both tools, starts both servers and times edits to the
// same page, alternating between the tools so both see the same machine load.
func (b *bench) corpus(name string, n int) []result {
	sdir := filepath.Join(b.tmp, fmt.Sprintf("signpost-%d", n))
	hdir := filepath.Join(b.tmp, fmt.Sprintf("hugo-%d", n))
	var file, url string
	var pages int
	if n == 0 {
		check(copySite(b.repo, sdir))
		check(corpus.WriteHugo(hdir, nil))
		var err error
		pages, err = copyContent(filepath.Join(b.repo, "content"), filepath.Join(hdir, "content"))
		check(err)
		file, url = "content/professionals/threshold/mash.md", "/professionals/threshold/mash/"
	} else {
		ps := corpus.Pages(n, 1)
		check(corpus.WriteSignpost(sdir, b.repo, ps))
		check(corpus.WriteHugo(hdir, ps))
		p := ps[n/2]
		file, url, pages = "content/"+p.Section+"/"+p.Slug+".md", "/"+p.Section+"/"+p.Slug+"/", n
	}
	fmt.Fprintf(os.Stderr, "== %s, %d pages: editing %s\n", name, pages, file)

	ctx, cancel := browser()
	defer cancel()
	targets := []*target{{
		tool: "signpost serve", dir: sdir,
		start: func(port int) *exec.Cmd {
			cmd := exec.Command(b.bin, "serve", "-src", sdir, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
			cmd.Dir = b.repo // the widgets' module, for the real site
			return cmd
		},
		serverTime: regexp.MustCompile(`→ .*; \w+ in ([0-9.]+[µm]?s)`),
		connected:  `document.documentElement.dataset.signpostLive === "open"`,
	}}
	if b.hugo != "" {
		targets = append(targets, &target{
			tool: "hugo server", dir: hdir,
			start: func(port int) *exec.Cmd {
				return exec.Command(b.hugo, "server", "-s", hdir, "--bind", "127.0.0.1", "--port", strconv.Itoa(port),
					"--baseURL", fmt.Sprintf("http://127.0.0.1:%d/", port), "--appendPort=false")
			},
			serverTime: regexp.MustCompile(`Total in ([0-9.]+) ms`),
			connected:  `!!(window.LiveReload && LiveReload.connector && LiveReload.connector.protocol)`,
		})
	}
	for _, t := range targets {
		t.open(ctx, file, url)
		defer t.close()
	}
	for i := -2; i < b.edits; i++ {
		for _, t := range targets {
			b.marker++
			t.edit(i, fmt.Sprintf("bench-edit-%d", b.marker))
			time.Sleep(b.gap)
		}
		if i == -1 {
			for _, t := range targets {
				t.mark = t.logs.count()
			}
		}
	}
	var out []result
	for _, t := range targets {
		t.r.pages = pages
		t.r.corpus = name
		for _, line := range t.logs.since(t.mark) {
			if m := t.serverTime.FindStringSubmatch(line); m != nil {
				d, err := time.ParseDuration(m[1])
				if err != nil {
					d, err = time.ParseDuration(m[1] + "ms")
				}
				if err == nil {
					t.r.server = append(t.r.server, d)
				}
			}
		}
		out = append(out, t.r)
	}
	return out
}

// seenScript records when each edit marker first appears in the document, with the time
// origin of that document.
const seenScript = `(function () {
  var re = /bench-edit-[0-9]+/g;
  function check() {
    var b = document.body;
    if (!b) return;
    var m = b.textContent.match(re);
    if (!m) return;
    var now = performance.timeOrigin + performance.now();
    var seen = JSON.parse(sessionStorage.getItem("bench-seen") || "{}");
    m.forEach(function (k) { if (!seen[k]) seen[k] = [now, performance.timeOrigin]; });
    sessionStorage.setItem("bench-seen", JSON.stringify(seen));
  }
  document.addEventListener("DOMContentLoaded", function () {
    check();
    new MutationObserver(check).observe(document.body, {childList: true, subtree: true, characterData: true});
  });
})();`

// target is one tool's server with a browser tab on the edited page.
type target struct {
	tool, dir  string
	start      func(port int) *exec.Cmd
	serverTime *regexp.Regexp // a rebuild's time in the server's log
	connected  string         // JavaScript: the live-reload client is connected

	cmd  *exec.Cmd
	logs *lineLog
	mark int // log lines before the timed edits
	tab  context.Context
	stop context.CancelFunc
	path string
	orig []byte
	r    result
}

// open starts the server, waits until it serves the page and opens the page in a new tab.
func (t *target) open(browserCtx context.Context, file, url string) {
	port := freePort()
	t.cmd = t.start(port)
	t.logs = &lineLog{}
	t.cmd.Stdout, t.cmd.Stderr = t.logs, t.logs
	t0 := time.Now()
	check(t.cmd.Start())
	started.add(t.cmd)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(base+url, 10*time.Minute, t.logs)
	t.r = result{tool: t.tool, startup: time.Since(t0)}
	fmt.Fprintf(os.Stderr, "   %s: ready in %s\n", t.tool, t.r.startup.Round(10*time.Millisecond))

	t.tab, t.stop = chromedp.NewContext(browserCtx)
	check(chromedp.Run(t.tab, chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(seenScript).Do(ctx)
		return err
	}), chromedp.Navigate(base+url), chromedp.WaitReady("body")))
	waitJS(t.tab, t.connected, 30*time.Second)
	t.path = filepath.Join(t.dir, filepath.FromSlash(file))
	var err error
	t.orig, err = os.ReadFile(t.path)
	check(err)
}

// edit saves the page with a new marker and waits until the tab shows it; edits before
// the first (i < 0) are not timed.
func (t *target) edit(i int, key string) {
	src := append(append([]byte{}, t.orig...), []byte("\n\n"+key+"\n")...)
	saved := time.Now()
	check(os.WriteFile(t.path, src, 0o644))
	at, origin := waitSeen(t.tab, key, 60*time.Second)
	savedMS := float64(saved.UnixNano()) / 1e6
	lat := time.Duration((at - savedMS) * float64(time.Millisecond))
	if i < 0 {
		return
	}
	t.r.lat = append(t.r.lat, lat)
	// A reload starts a new document: its time origin splits the latency into the
	// server's part (watch, rebuild, push) and the browser's (reload, parse, scripts).
	split := " (in place)"
	if origin > savedMS {
		srv := time.Duration((origin - savedMS) * float64(time.Millisecond))
		t.r.toReload = append(t.r.toReload, srv)
		split = fmt.Sprintf(" (reload began after %s)", ms(srv))
		var why string // why signpost's client reloaded rather than update in place
		if err := chromedp.Run(t.tab, chromedp.Evaluate(`sessionStorage.getItem("signpost:why") || ""`, &why)); err == nil && why != "" {
			split += ": " + why
		}
	}
	fmt.Fprintf(os.Stderr, "   %-14s edit %2d: %s%s\n", t.tool, i+1, ms(lat), split)
}

func (t *target) close() {
	t.stop()
	started.stop(t.cmd)
	_ = os.WriteFile(t.path, t.orig, 0o644)
}

func browser() (context.Context, context.CancelFunc) {
	exe := "/usr/bin/chromium"
	if p := os.Getenv("CHROME_PATH"); p != "" {
		exe = p
	}
	dataDir, err := os.MkdirTemp("", "servebench-chrome-")
	check(err)
	actx, acancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900), chromedp.UserDataDir(dataDir))
	ctx, cancel := chromedp.NewContext(actx)
	check(chromedp.Run(ctx)) // start the browser; tabs are new contexts from ctx
	return ctx, func() { cancel(); acancel(); os.RemoveAll(dataDir) }
}

func waitJS(ctx context.Context, js string, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		var ok bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(js, &ok)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			fail("never true: " + js)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitSeen returns the time (ms since the epoch) the page first had the marker, and the
// time origin of the document that had it.
func waitSeen(ctx context.Context, key string, limit time.Duration) (float64, float64) {
	deadline := time.Now().Add(limit)
	js := `(JSON.parse(sessionStorage.getItem("bench-seen") || "{}")[` + strconv.Quote(key) + `]) || [0, 0]`
	for {
		var at []float64
		if err := chromedp.Run(ctx, chromedp.Evaluate(js, &at)); err == nil && len(at) == 2 && at[0] > 0 {
			return at[0], at[1]
		}
		if time.Now().After(deadline) {
			fail("edit never showed: " + key)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func waitHTTP(url string, limit time.Duration, logs *lineLog) {
	deadline := time.Now().Add(limit)
	for {
		resp, err := http.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			fail("server never answered " + url + ":\n" + strings.Join(logs.since(0), "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lineLog keeps a server's output lines.
type lineLog struct {
	mu    sync.Mutex // guards lines and part
	lines []string
	part  string
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	sc := bufio.NewScanner(strings.NewReader(l.part + string(p)))
	l.part = ""
	var got []string
	for sc.Scan() {
		got = append(got, sc.Text())
	}
	if len(p) > 0 && p[len(p)-1] != '\n' && len(got) > 0 {
		l.part = got[len(got)-1]
		got = got[:len(got)-1]
	}
	l.lines = append(l.lines, got...)
	return len(p), nil
}

func (l *lineLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.lines)
}

func (l *lineLog) since(i int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines[i:]...)
}

// copySite copies the real site's sources (not public/ or the widget cache).
func copySite(repo, dir string) error {
	for _, d := range []string{"content", "layouts", "assets", "static"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(repo, d))); err != nil {
			return err
		}
	}
	for _, f := range []string{"site.yaml", "netlify.toml"} {
		b, err := os.ReadFile(filepath.Join(repo, f))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// copyContent copies the real site's pages into a Hugo site: the same Markdown and front
// matter (Hugo keeps the keys it does not know as page parameters), without the data
// files. It returns the number of pages.
func copyContent(src, dst string) (int, error) {
	n := 0
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), "_") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".md") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		// "layout: search" would ask Hugo for a layout this minimal site does not have.
		b = regexp.MustCompile(`(?m)^layout: .*\n`).ReplaceAll(b, nil)
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		n++
		return os.WriteFile(out, b, 0o644)
	})
	return n, err
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

func list(ds []time.Duration) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, strconv.Itoa(int(d/time.Millisecond)))
	}
	return strings.Join(parts, " ") + " (ms)"
}

func run(dir, name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		fail(fmt.Sprintf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out))
	}
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "servebench:", msg)
	started.stopAll()
	os.Exit(1)
}

// started are the servers this program started, so that it stops them (by process id)
// also when it fails.
var started procs

type procs struct {
	mu   sync.Mutex // guards cmds
	cmds []*exec.Cmd
}

func (p *procs) add(c *exec.Cmd) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cmds = append(p.cmds, c)
}

func (p *procs) stop(c *exec.Cmd) {
	p.mu.Lock()
	p.cmds = slices.DeleteFunc(p.cmds, func(x *exec.Cmd) bool { return x == c })
	p.mu.Unlock()
	_ = c.Process.Kill()
	_ = c.Wait()
}

func (p *procs) stopAll() {
	p.mu.Lock()
	cmds := slices.Clone(p.cmds)
	p.mu.Unlock()
	for _, c := range cmds {
		p.stop(c)
	}
}
