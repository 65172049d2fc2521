package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"signpost/internal/build"
	"signpost/internal/diag"
	"signpost/internal/netlify"
	"signpost/internal/watch"
)

// DefaultAddr is where serve listens unless told otherwise: this computer only.
const DefaultAddr = "127.0.0.1:1313"

// Options configure Run.
type Options struct {
	// Src is the site root (site.yaml, content/, layouts/, assets/, static/).
	Src string
	// Addr is the address to listen on; "" means DefaultAddr.
	Addr string
	// ModuleDir is the Go module root holding widgets/; "" means find it from Src.
	ModuleDir string
	// Log receives one line per build and per diagnostic; nil means os.Stderr.
	Log io.Writer
	// Debounce is the watcher's quiet time; 0 means its default.
	Debounce time.Duration
	// Ready, when set, is called with the server's URL once it listens (tests, bench).
	Ready func(url string)

	// builder replaces build.NewBuilder (tests).
	builder func(build.Config) updater
}

// updater is what Run needs of a build.Builder.
type updater interface {
	Update(ctx context.Context, changed []string) (*build.Result, error)
	SearchJob() *build.SearchJob
	ApplySearch(j *build.SearchJob) (*build.Result, error)
}

// watched are the site root's sources (docs/architecture.md), and widgetSources the
// module's, whose paths the builder takes relative to the module root.
var (
	watched       = []string{"content", "layouts", "assets", "static", "site.yaml", "netlify.toml"}
	widgetSources = []string{"widgets", "go.mod", "go.sum"}
)

// Run serves the site until ctx is done: build once, listen, then rebuild after every
// batch of changes. Build errors never stop it; only a failure to listen or to watch does.
func Run(ctx context.Context, opts Options) error {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	logw := opts.Log
	if logw == nil {
		logw = os.Stderr
	}
	src, err := filepath.Abs(opts.Src)
	if err != nil {
		return err
	}
	modDir := opts.ModuleDir
	if modDir == "" {
		if d, err := build.FindModuleDir(build.Config{Src: src}); err == nil {
			modDir = d
		}
	}
	if w := exposure(opts.Addr); w != "" {
		fmt.Fprintf(logw, "\n  WARNING: %s\n\n", w)
	}

	headers, hdrDiag := readNetlify(src)
	if hdrDiag != nil {
		fmt.Fprintln(logw, hdrDiag.String())
	}
	scripts := []string{filepath.Join(src, "assets", "dev", "reload.js")}
	if modDir != "" && modDir != src {
		scripts = append(scripts, filepath.Join(modDir, "assets", "dev", "reload.js"))
	}
	srv := NewServer(headers, ReadScript(scripts...))
	srv.SetLog(logw)
	if host, _, err := net.SplitHostPort(opts.Addr); err == nil && host != "" {
		srv.AllowHost(host) // -addr names it on purpose
	}

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", opts.Addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	hs.RegisterOnShutdown(srv.Close)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	url := "http://" + ln.Addr().String() + "/"

	// Watch before the first build, so nothing saved during it is missed.
	paths := slices.Clone(watched)
	if modDir == src {
		paths = append(paths, widgetSources...)
	}
	w, err := watch.New(watch.Options{Root: src, Paths: paths, Debounce: opts.Debounce})
	if err != nil {
		return err
	}
	defer w.Close()
	var ww *watch.Watcher
	if modDir != "" && modDir != src {
		if ww, err = watch.New(watch.Options{Root: modDir, Paths: widgetSources, Debounce: opts.Debounce}); err != nil {
			return err
		}
		defer ww.Close()
	}

	cfg := build.Config{Src: src, ModuleDir: modDir, DevScript: ReloadScript, Dev: true, SearchLater: true}
	newBuilder := opts.builder
	if newBuilder == nil {
		newBuilder = func(c build.Config) updater { return build.NewBuilder(c) }
	}
	l := newLive(newBuilder(cfg), srv, logw, src, hdrDiag)
	defer l.searchIdle.Stop()
	defer l.errIdle.Stop()
	fmt.Fprintf(logw, "signpost serve: %s (Ctrl+C to stop)\n", url)
	l.update(ctx, nil)
	if opts.Ready != nil {
		opts.Ready(url)
	}

	var widgetBatches <-chan []string
	var widgetErrs <-chan error
	if ww != nil {
		widgetBatches, widgetErrs = ww.Batches(), ww.Errors()
	}
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(logw, "signpost serve: stopped")
			return nil
		case err := <-served:
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return err
		case batch, ok := <-w.Batches():
			if !ok {
				return errors.New("file watcher stopped")
			}
			l.changed(ctx, batch)
		case <-l.searchIdle.C:
			l.search()
		case <-l.errIdle.C:
			l.showErrors()
		case job := <-l.searched:
			l.searchDone(job)
		case batch, ok := <-widgetBatches:
			if !ok {
				return errors.New("widget watcher stopped")
			}
			l.changed(ctx, batch)
		case err := <-w.Errors():
			fmt.Fprintf(logw, "watch: %v\n", err)
		case err := <-widgetErrs:
			fmt.Fprintf(logw, "watch: %v\n", err)
		}
	}
}

// live is one serve session's rebuild loop. Everything runs on Run's goroutine except
// search jobs, which work on a snapshot and come back through searched.
type live struct {
	b         updater
	srv       *Server
	log       io.Writer
	src       string
	hdrDiag   *diag.Diag // netlify.toml does not parse
	warnings  string     // warnings last printed, so each is printed once
	searching bool       // a search job is running
	searchAt  time.Time  // when it started
	indexed   bool       // a search job has finished
	// searchWait is the quiet time before the next search job (see searchQuiet).
	searchWait time.Duration
	searched   chan *build.SearchJob
	// searchIdle fires when no update has come for searchWait: the search index is
	// rebuilt only then, so it does not take the CPU from the browser's reload.
	searchIdle *time.Timer
	// held is a failed update's result, shown when errIdle fires: only once errorDelay
	// has passed with no other batch of changes (see update).
	held    *heldErrors
	errIdle *time.Timer
}

// heldErrors is a failed update not shown yet.
type heldErrors struct {
	changed []string
	res     *build.Result
	err     error
	took    time.Duration
}

func newLive(b updater, srv *Server, logw io.Writer, src string, hdrDiag *diag.Diag) *live {
	l := &live{b: b, srv: srv, log: logw, hdrDiag: hdrDiag, src: src, searchWait: searchDelay,
		searched: make(chan *build.SearchJob, 1), searchIdle: time.NewTimer(time.Hour), errIdle: time.NewTimer(time.Hour)}
	l.searchIdle.Stop()
	l.errIdle.Stop()
	return l
}

// errorDelay is how long a failed update's errors wait for another batch of changes
// before they are shown. The watcher reports a save in place after a few milliseconds
// (internal/watch); should the build have read a file half written, the rest of the write
// comes as the next batch at once, and its good build replaces the errors before any page
// or the terminal sees them. Errors that stand are shown errorDelay later.
const errorDelay = 150 * time.Millisecond

// searchDelay and maxSearchWait bound the quiet time before the search index is rebuilt.
const (
	searchDelay   = 400 * time.Millisecond
	maxSearchWait = 15 * time.Second
)

// searchQuiet is the quiet time to wait before the next search job, given how long the
// last one took: that long, between searchDelay and maxSearchWait. A job takes a tenth of
// a second on the real site and seconds at 10,000 pages, where every rebuild it overlaps
// is several times slower (it shares the CPUs and the garbage collector, issue #17), and
// one started between two saves a few seconds apart is out of date before it lands: on a
// large site the index waits for the editor to pause.
func searchQuiet(took time.Duration) time.Duration {
	return min(max(took, searchDelay), maxSearchWait)
}

// search starts a search job when the index is due and none is running: pages are
// published first, the index (seconds on a large site) when it is ready.
func (l *live) search() {
	if l.searching {
		return
	}
	job := l.b.SearchJob()
	if job == nil {
		return
	}
	l.searching, l.searchAt = true, time.Now()
	// The first index is part of starting up: it runs with the CPU it can get, so it is
	// there soon and does not linger into the first edits. Later ones yield to everything.
	low := l.indexed
	go func() {
		if low {
			lowPriority() // the thread ends with this goroutine
		}
		defer func() {
			if r := recover(); r != nil {
				fmt.Fprintf(l.log, "search index: internal error: %v\n%s", r, debug.Stack())
			}
			l.searched <- job
		}()
		job.Run()
	}()
}

func (l *live) searchDone(job *build.SearchJob) {
	l.searching, l.indexed = false, true
	l.searchWait = searchQuiet(time.Since(l.searchAt))
	start := time.Now()
	res, err := func() (res *build.Result, err error) {
		defer func() {
			if r := recover(); r != nil {
				d := diag.Errorf("", 0, 0, "internal error while adding the search index: %v", r)
				res, err = &build.Result{Diags: diag.List{d}}, diag.List{d}
			}
		}()
		return l.b.ApplySearch(job)
	}()
	if err == nil {
		sent := l.srv.Publish(res, nil)
		fmt.Fprintf(l.log, "search index rebuilt in %s; %s\n", (res.Stats.Took[0].Time + time.Since(start)).Round(time.Millisecond), sent)
	}
	l.searchIdle.Reset(l.searchWait) // edits made meanwhile leave it due
}

// changed handles one batch of changed paths.
func (l *live) changed(ctx context.Context, batch []string) {
	var rest []string
	for _, p := range batch {
		switch {
		case p == "netlify.toml":
			headers, d := readNetlify(l.src)
			l.hdrDiag = d
			if d == nil {
				fmt.Fprintln(l.log, "netlify.toml changed: headers reloaded")
				l.srv.SetHeaders(headers)
			}
			rest = append(rest, p) // so its diagnostic is published, or cleared
		case strings.HasPrefix(p, "assets/dev/"):
			fmt.Fprintln(l.log, "reload client changed: reloading pages")
			l.srv.ReloadAll()
		default:
			rest = append(rest, p)
		}
	}
	if len(rest) > 0 {
		l.update(ctx, rest)
	}
}

// update rebuilds and publishes, printing one line for the build and one per problem. A
// panic is reported like a build error and the session goes on.
func (l *live) update(ctx context.Context, changed []string) {
	start := time.Now()
	res, err := l.safeUpdate(ctx, changed)
	if l.hdrDiag != nil {
		if res == nil {
			res = &build.Result{}
		}
		res.Diags = append(slices.Clone(res.Diags), *l.hdrDiag)
		err = res.Diags.Errors()
	}
	took := time.Since(start)
	if err != nil && changed != nil {
		l.held = &heldErrors{changed: changed, res: res, err: err, took: took}
		l.errIdle.Reset(errorDelay)
		return
	}
	l.held = nil
	l.errIdle.Stop()
	sent := l.srv.Publish(res, err)
	l.report(changed, res, err, sent, took)
	if err == nil {
		l.searchIdle.Reset(l.searchWait)
	}
}

// showErrors shows the errors of the last update, held since (see errorDelay).
func (l *live) showErrors() {
	h := l.held
	if h == nil {
		return
	}
	l.held = nil
	sent := l.srv.Publish(h.res, h.err)
	l.report(h.changed, h.res, h.err, sent, h.took)
}

func (l *live) safeUpdate(ctx context.Context, changed []string) (res *build.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			d := diag.Errorf("", 0, 0, "internal error while rebuilding: %v", r)
			fmt.Fprintf(l.log, "%s\n%s", d, debug.Stack())
			res, err = &build.Result{Diags: diag.List{d}}, diag.List{d}
		}
	}()
	return l.b.Update(ctx, changed)
}

func (l *live) report(changed []string, res *build.Result, err error, sent string, took time.Duration) {
	what := "built"
	if changed != nil {
		what = strings.Join(changed, ", ")
		if len(what) > 60 {
			what = fmt.Sprintf("%d files", len(changed))
		}
	}
	if err != nil {
		for _, d := range res.Diags.Errors() {
			fmt.Fprintln(l.log, d.String())
		}
		n := len(res.Diags.Errors())
		fmt.Fprintf(l.log, "%s: %d %s; still serving the last good build (%s)\n", what, n, plural(n, "error", "errors"), took.Round(time.Millisecond))
		return
	}
	var warn []string
	for _, d := range res.Diags.Warnings() {
		warn = append(warn, d.String())
	}
	if w := strings.Join(warn, "\n"); w != l.warnings {
		l.warnings = w
		for _, line := range warn {
			fmt.Fprintln(l.log, line)
		}
	}
	st := res.Stats
	if changed == nil {
		fmt.Fprintf(l.log, "%s\n", res.Summary())
		return
	}
	var parts []string
	if n := len(st.Parsed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d parsed", n))
	}
	parts = append(parts, fmt.Sprintf("%d rendered", len(st.Rendered)))
	for _, x := range []struct {
		on   bool
		name string
	}{{st.Full, "full reload"}, {st.Layouts, "layouts"}, {st.CSS, "css"}, {st.JS, "js"}, {st.WASM, "wasm"}, {st.Static, "static"}, {st.Search, "search"}} {
		if x.on {
			parts = append(parts, x.name)
		}
	}
	fmt.Fprintf(l.log, "%s → %s; %s in %s\n", what, strings.Join(parts, ", "), sent, took.Round(time.Millisecond))
}

// readNetlify parses netlify.toml in the site root; a missing file means no headers.
func readNetlify(src string) (*netlify.Config, *diag.Diag) {
	b, err := os.ReadFile(filepath.Join(src, "netlify.toml"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		d := diag.Errorf("netlify.toml", 0, 0, "cannot read: %v", err)
		return nil, &d
	}
	cfg, err := netlify.Parse(b)
	if err != nil {
		d := diag.Errorf("netlify.toml", 0, 0, "%s", strings.TrimPrefix(err.Error(), "netlify.toml: ")).
			WithHint("serve keeps sending the headers it had")
		return nil, &d
	}
	return cfg, nil
}

// exposure returns a warning when addr makes the server reachable from other computers.
func exposure(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	if host == "localhost" {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return ""
	}
	where := host
	if host == "" || host == "0.0.0.0" || host == "::" {
		where = "every network interface"
	}
	return fmt.Sprintf("serving on %s (%s): other computers can read the site, drafts included. "+
		"Use -addr %s unless you mean to share it.", addr, where, DefaultAddr)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
