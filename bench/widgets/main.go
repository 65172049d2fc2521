// Command widgets measures how soon the WebAssembly widgets answer in a real browser, and
// takes the documentation screenshots of them.
//
//	go run ./bench/widgets [-runs 7] [-profiles fast,slow4g,slow4g-lh] [-readme bench/README.md]
//	go run ./bench/widgets -screenshots docs/screenshots
//
// It builds the site to a temporary directory (go run ./cmd/signpost build), holds it in
// memory and serves it on 127.0.0.1 the way Netlify does: the headers of netlify.toml, HTTPS
// with HTTP/2 (a throwaway certificate), and brotli or gzip Content-Encoding for
// .html/.css/.js/.wasm/… when the browser accepts it. Then, in headless Chromium, it loads
// the tier matrix and the Children with Disability check under each profile, -runs rounds
// (interleaved, after one discarded warm-up round), each load in a fresh browser context with
// the cache disabled, and times from navigation start:
//
//   - first contentful paint;
//   - the module's last byte (resource timing responseEnd);
//   - the module running: <html data-widgets-ready="true">, set by widgets/wasm once every
//     widget is mounted;
//   - time to interactive: a script injected before the page's own clicks the first answer
//     the moment the module runs and notes when the widget's root attribute changes
//     (tier matrix: tick a Tier 2 indicator → data-tier="2"; check: "No" to the first
//     question and Continue → data-cwd-state="step:area").
//
// It prints medians (with min–max), the bytes transferred per page load and the raw / gzip
// -9 / brotli -q 11 sizes of the module and the other files, and with -readme rewrites the
// "Widgets" section of that Markdown file. It is not part of go test.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"signpost/internal/wasm"
)

// options are the command-line flags.
type options struct {
	runs             int
	profiles         []profile
	shots, readme    string
	bench, tls, keep bool
	chrome           string
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench/widgets: ")
	var o options
	flag.IntVar(&o.runs, "runs", 7, "measured loads per page and profile (median reported; at least 5 advised)")
	profs := flag.String("profiles", "fast,slow4g,slow4g-lh", "comma-separated profiles: fast, slow4g (Lighthouse slow 4G numbers + 4x CPU), slow4g-lh (the same as Lighthouse applies it through DevTools)")
	flag.StringVar(&o.shots, "screenshots", "", "write the documentation screenshots to this directory (then the timings run only with -bench)")
	benchFlag := flag.Bool("bench", true, "measure the timings (default true, false when -screenshots is given)")
	flag.StringVar(&o.readme, "readme", "", "rewrite the Widgets section of this Markdown file with the figures (e.g. bench/README.md)")
	flag.BoolVar(&o.tls, "tls", true, "serve over HTTPS with HTTP/2 like Netlify; false: plain HTTP/1.1")
	flag.StringVar(&o.chrome, "chrome", "", "Chromium binary (default $CHROME_PATH, else /usr/bin/chromium)")
	flag.BoolVar(&o.keep, "keep", false, "keep the built site (its path is printed)")
	flag.BoolVar(&verbose, "v", false, "log every response served")
	flag.BoolVar(&lossless, "lossless", false, "keep screenshots in full colour (default: 256-colour palette, about a third of the size)")
	flag.Parse()
	o.bench = o.shots == ""
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "bench" {
			o.bench = *benchFlag
		}
	})
	if o.runs < 1 {
		log.Fatal("-runs must be at least 1")
	}
	for _, name := range strings.Split(*profs, ",") {
		p, ok := profiles[strings.TrimSpace(name)]
		if !ok {
			log.Fatalf("unknown profile %q", name)
		}
		o.profiles = append(o.profiles, p)
	}
	if err := benchmark(o); err != nil {
		log.Fatal(err)
	}
}

func benchmark(o options) error {
	root, err := wasm.FindModuleRoot(".")
	if err != nil {
		return err
	}

	// Build the site.
	tmp, err := os.MkdirTemp("", "signpost-bench-widgets-")
	if err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(tmp)
	}
	out := filepath.Join(tmp, "public")
	log.Printf("building the site → %s", out)
	build := exec.Command("go", "run", "./cmd/signpost", "build", "-out", out)
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build failed: %v\n%s", err, b)
	}
	toml, err := os.ReadFile(filepath.Join(root, "netlify.toml"))
	if err != nil {
		return err
	}
	t0 := time.Now()
	for _, p := range pagePaths() {
		eager[strings.TrimPrefix(p, "/")+"index.html"] = true
	}
	srv, err := loadSite(out, toml)
	if err != nil {
		return err
	}
	log.Printf("loaded and precompressed %d files in %v", len(srv.files), time.Since(t0).Round(time.Millisecond))

	hs := httptest.NewUnstartedServer(srv)
	hs.Listener.Close()
	hs.Listener, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs.Config.ErrorLog = log.New(io.Discard, "", 0) // TLS handshake noise from the probe
	if o.tls {
		hs.EnableHTTP2 = true
		hs.StartTLS()
	} else {
		hs.Start()
	}
	defer hs.Close()
	origin := hs.URL
	if o.tls {
		if err := checkH2(hs); err != nil {
			return err
		}
		srv.takeLog()
		clear(srv.ae) // the check's own request
	}

	browser, closeBrowser, err := startBrowser(o.chrome, o.tls)
	if err != nil {
		return err
	}
	defer closeBrowser()

	if o.shots != "" {
		dir := o.shots
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, dir)
		}
		if err := screenshots(browser, origin, dir); err != nil {
			return err
		}
	}
	if !o.bench {
		return nil
	}

	// The runs are interleaved (each round loads every page under every profile) so that a
	// burst of load on the machine does not fall on one row only. Round 0 is a warm-up.
	type key struct{ pg, prof int }
	results := map[key][]*run{}
	load := []string{loadAvg()}
	for i := range o.runs + 1 {
		for pi, prof := range o.profiles {
			for gi, pg := range pages {
				r, err := measure(browser, srv, origin, pg, prof)
				if err != nil {
					return fmt.Errorf("%s, %s, round %d: %v", pg.Name, prof.Name, i, err)
				}
				if i == 0 {
					continue // warm-up, discarded
				}
				log.Printf("%-11s %-9s run %d: FCP %4.0f ms, module fetched %4.0f–%4.0f ms, running %5.0f ms, TTI %5.0f ms, %s",
					pg.Name, prof.Name, i, r.FCP, r.WasmStart, r.WasmEnd, r.Ready, r.Responded, kb(r.Transferred))
				results[key{gi, pi}] = append(results[key{gi, pi}], r)
			}
		}
	}
	load = append(load, loadAvg())
	var all []stats
	for pi, prof := range o.profiles {
		for gi, pg := range pages {
			all = append(all, summarise(pg, prof, results[key{gi, pi}]))
		}
	}
	sizes, err := srv.sizes(pagePaths())
	if err != nil {
		return err
	}
	env := environment(srv)
	env.Load = strings.Join(load, " → ")
	md := report(all, o.profiles, sizes, env, o.runs, o.tls)
	fmt.Println(md)
	if o.readme != "" {
		p := o.readme
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		if err := writeSection(p, "Widgets", md); err != nil {
			return err
		}
		log.Printf("wrote the Widgets section of %s", p)
	}
	if o.keep {
		log.Printf("site kept in %s", out)
	}
	return nil
}

// loadAvg returns the 1-minute load average, or "?".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func pagePaths() []string {
	var ps []string
	for _, p := range pages {
		ps = append(ps, p.Path)
	}
	return ps
}

// checkH2 makes sure the test server speaks HTTP/2, as Netlify does.
func checkH2(hs *httptest.Server) error {
	c := hs.Client()
	resp, err := c.Get(hs.URL + "/")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		return fmt.Errorf("server answered %s, want HTTP/2", resp.Proto)
	}
	return nil
}

// startBrowser starts headless Chromium with the bench's flags.
func startBrowser(exe string, ignoreCerts bool) (context.Context, func(), error) {
	if exe == "" {
		exe = os.Getenv("CHROME_PATH")
	}
	if exe == "" {
		for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
			if _, err := os.Stat(p); err == nil {
				exe = p
				break
			}
		}
	}
	if exe == "" {
		return nil, nil, errors.New("Chromium not found: apt-get install chromium, or pass -chrome")
	}
	chromeExe = exe
	profile, err := os.MkdirTemp("", "signpost-bench-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true), // screenshots 1000 px wide, not 985
		chromedp.Flag("lang", "en-GB"),
		// On Linux the locale comes from the environment: British dates (dd/mm/yyyy) in the
		// tier matrix's date field, as its readers see it.
		chromedp.Env("LANG=en_GB.UTF-8", "LANGUAGE=en_GB"),
		chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(1000, 900),
		chromedp.UserDataDir(profile),
	}
	if ignoreCerts {
		// The server's certificate is httptest's throwaway one.
		opts = append(opts, chromedp.Flag("ignore-certificate-errors", true))
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Run(bctx); err != nil { // starts the browser
		bcancel()
		acancel()
		return nil, nil, fmt.Errorf("starting Chromium: %w", err)
	}
	done := false
	return bctx, func() {
		if done {
			return
		}
		done = true
		_ = chromedp.Cancel(bctx) // closes the browser and waits for it
		bcancel()
		acancel()
		_ = os.RemoveAll(profile)
	}, nil
}

var (
	chromeExe string // the Chromium started
	verbose   bool
	lossless  bool
)

// env describes the machine and the way the bench served the site.
type env struct {
	Chromium, Go, CPU, AcceptEncoding string
	Load                              string // 1-minute load average before → after
}

func environment(srv *site) env {
	e := env{Go: runtime.Version(), CPU: fmt.Sprintf("%d CPUs (%s/%s)", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				e.CPU = fmt.Sprintf("%d × %s", runtime.NumCPU(), strings.TrimSpace(v))
				break
			}
		}
	}
	if out, err := exec.Command(chromeExe, "--version").Output(); err == nil {
		e.Chromium = strings.TrimSpace(string(out))
	}
	e.AcceptEncoding = strings.Join(srv.acceptEncodings(), "; ")
	return e
}

func kb(n int64) string { return fmt.Sprintf("%.1f KiB", float64(n)/1024) }
