// Command buildbench times `signpost build` against Hugo on the same synthetic corpus
// (bench/corpus), with and without Pagefind run over Hugo's output (Hugo builds no search
// index; Signpost's build includes its own). Machines here are noisy, so the tools run
// alternately in one session and the report gives medians and ratios from that session:
// wall time, user and system CPU, and peak resident memory of the whole process.
//
//	go run ./bench/buildbench -n 1000,10000 -runs 5
//
// Hugo: `-hugo PATH`, else a `hugo` on PATH whose version is -hugo-version, else
// `go install github.com/gohugoio/hugo@<-hugo-version>` into the cache directory (about
// five minutes, once). Pagefind: `-pagefind PATH`, else `npm install pagefind@<version>`
// into the cache directory. The cache directory is $XDG_CACHE_HOME/signpost-bench (or
// ~/.cache/signpost-bench). Without Hugo or Pagefind the rows say so and the ratios are
// left out; nothing is estimated.
//
// The timed Signpost builds are clean builds (`-cache=`), as Hugo's are. The cached
// rebuild: after the timed runs, a build fills a build cache, one page of the corpus is
// edited (a sentence appended) and `signpost build -cache DIR` runs again over the same
// source and output, as an editor or a CI job keeping its cache would; the figure is that
// second build.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"signpost/bench/corpus"
)

// usage is what one process (or a chain of processes run one after the other) cost.
type usage struct {
	Wall, User, Sys time.Duration
	PeakKiB         int64 // the largest peak RSS of the processes
}

func (u usage) plus(v usage) usage {
	return usage{u.Wall + v.Wall, u.User + v.User, u.Sys + v.Sys, max(u.PeakKiB, v.PeakKiB)}
}

func main() {
	ns := flag.String("n", "1000,10000", "corpus sizes")
	runs := flag.Int("runs", 5, "timed runs per tool and size")
	real := flag.Bool("real", true, "also time the real site")
	hugoFlag := flag.String("hugo", "", "Hugo binary (default: see the package doc)")
	hugoVersion := flag.String("hugo-version", "v0.165.0", "Hugo version to use or install")
	pfFlag := flag.String("pagefind", "", "Pagefind binary (default: npm install into the cache)")
	pfVersion := flag.String("pagefind-version", "1.6", "npm version of pagefind to install")
	rebuild := flag.Bool("rebuild", true, "time a rebuild after a one-page edit")
	flag.Parse()

	repo, _ := os.Getwd()
	tmp, err := os.MkdirTemp("", "buildbench-")
	check(err)
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "signpost")
	run("go", "build", "-o", bin, "./cmd/signpost")

	hugo, hv := findHugo(*hugoFlag, *hugoVersion)
	pf, pv := findPagefind(*pfFlag, *pfVersion)
	fmt.Printf("machine: %d CPUs; %s; signpost at %s\n", runtime.NumCPU(), goVersion(), gitHead(repo))
	fmt.Printf("hugo: %s\npagefind: %s\nruns: %d per tool and size, alternating; medians\n\n", orNone(hv), orNone(pv), *runs)

	if *real {
		out := filepath.Join(tmp, "real-public")
		measure(bin, "build", "-cache=", "-src", repo, "-out", out) // warm the WASM cache
		var us []usage
		for i := 0; i < *runs; i++ {
			us = append(us, measure(bin, "build", "-cache=", "-src", repo, "-out", out))
		}
		m := medianUsage(us)
		fmt.Printf("real site: signpost %s\n\n", m)
	}

	fmt.Println("| corpus | Signpost | Hugo | ratio | Hugo + Pagefind | ratio | peak memory S / H / H+P | one-page rebuild |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, f := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		check(err)
		pages := corpus.Pages(n, 1)
		sdir := filepath.Join(tmp, fmt.Sprintf("signpost-%d", n))
		hdir := filepath.Join(tmp, fmt.Sprintf("hugo-%d", n))
		check(corpus.WriteSignpost(sdir, repo, pages))
		check(corpus.WriteHugo(hdir, pages))
		sout, hout := filepath.Join(sdir, "public"), filepath.Join(hdir, "public")
		// One untimed run each, so every timed run finds its previous output in place, as
		// an editor's or a CI cache's build does.
		measure(bin, "build", "-cache=", "-src", sdir, "-out", sout)
		if hugo != "" {
			measure(hugo, "--quiet", "-s", hdir, "-d", hout)
		}
		var st, ht, hpt []usage
		for i := 0; i < *runs; i++ {
			st = append(st, measure(bin, "build", "-cache=", "-src", sdir, "-out", sout))
			if hugo != "" {
				h := measure(hugo, "--quiet", "-s", hdir, "-d", hout)
				ht = append(ht, h)
				if pf != "" {
					check(os.RemoveAll(filepath.Join(hout, "pagefind")))
					hpt = append(hpt, h.plus(measure(pf, "--site", hout, "--silent")))
				}
			}
		}
		sm := medianUsage(st)
		row := []string{fmt.Sprintf("N=%d", n), sm.String()}
		peaks := []string{mib(sm.PeakKiB)}
		if hugo != "" {
			hm := medianUsage(ht)
			row = append(row, hm.String(), ratio(sm.Wall, hm.Wall))
			peaks = append(peaks, mib(hm.PeakKiB))
			if pf != "" {
				hpm := medianUsage(hpt)
				row = append(row, hpm.String(), ratio(sm.Wall, hpm.Wall))
				peaks = append(peaks, mib(hpm.PeakKiB))
			} else {
				row = append(row, "(no pagefind)", "–")
			}
		} else {
			row = append(row, "(no hugo)", "–", "(no hugo)", "–")
		}
		row = append(row, strings.Join(peaks, " / "))
		if *rebuild {
			row = append(row, oneEdit(bin, sdir, sout, pages[len(pages)/2]).String())
		} else {
			row = append(row, "–")
		}
		fmt.Println("| " + strings.Join(row, " | ") + " |")
	}
	fmt.Println("\nEach cell: wall (user + sys CPU, peak RSS). Ratio: Signpost's wall ÷ the peer's.")
}

// oneEdit fills a build cache, appends a sentence to one page and times the next build
// with that cache over the same output.
func oneEdit(bin, src, out string, p corpus.Page) usage {
	cache := filepath.Join(filepath.Dir(src), filepath.Base(src)+"-cache")
	measure(bin, "build", "-cache", cache, "-src", src, "-out", out)
	file := filepath.Join(src, "content", p.Section, p.Slug+".md")
	b, err := os.ReadFile(file)
	check(err)
	check(os.WriteFile(file, append(b, []byte("\nOne more sentence from an editor.\n")...), 0o644))
	defer os.WriteFile(file, b, 0o644)
	return measure(bin, "build", "-cache", cache, "-src", src, "-out", out)
}

// measure runs one process and reports its wall time, CPU and peak memory.
func measure(name string, args ...string) usage {
	cmd := exec.Command(name, args...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s %v: %v\n%s\n", name, args, err, out)
		os.Exit(1)
	}
	u := usage{Wall: wall, User: cmd.ProcessState.UserTime(), Sys: cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.PeakKiB = ru.Maxrss // KiB on Linux
	}
	return u
}

// medianUsage takes the median of each measure separately.
func medianUsage(us []usage) usage {
	pick := func(f func(usage) time.Duration) time.Duration {
		ds := make([]time.Duration, len(us))
		for i, u := range us {
			ds[i] = f(u)
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}
	ks := make([]int64, len(us))
	for i, u := range us {
		ks[i] = u.PeakKiB
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	return usage{
		Wall:    pick(func(u usage) time.Duration { return u.Wall }),
		User:    pick(func(u usage) time.Duration { return u.User }),
		Sys:     pick(func(u usage) time.Duration { return u.Sys }),
		PeakKiB: ks[len(ks)/2],
	}
}

func (u usage) String() string {
	s := func(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
	return fmt.Sprintf("%s (%s + %s, %s)", s(u.Wall), s(u.User), s(u.Sys), mib(u.PeakKiB))
}

func mib(kib int64) string { return fmt.Sprintf("%d MiB", kib/1024) }

func ratio(a, b time.Duration) string { return fmt.Sprintf("**%.2f×**", float64(a)/float64(b)) }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func cacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "signpost-bench")
}

// findHugo returns a Hugo binary of the wanted version and its version line.
func findHugo(flagPath, want string) (string, string) {
	if flagPath != "" {
		return flagPath, version(flagPath, "version")
	}
	candidates := []string{filepath.Join(goEnv("GOPATH"), "bin", "hugo")}
	if p, err := exec.LookPath("hugo"); err == nil {
		candidates = append([]string{p}, candidates...)
	}
	for _, p := range candidates {
		if v := version(p, "version"); strings.Contains(v, want) {
			return p, v
		}
	}
	gobin := filepath.Join(cacheDir(), "hugo-"+want)
	p := filepath.Join(gobin, "hugo")
	if _, err := os.Stat(p); err != nil {
		fmt.Fprintf(os.Stderr, "installing Hugo %s into %s (about five minutes, once)\n", want, gobin)
		cmd := exec.Command("go", "install", "github.com/gohugoio/hugo@"+want)
		cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "cannot install Hugo: %v\n", err)
			return "", ""
		}
	}
	return p, version(p, "version")
}

// findPagefind returns a Pagefind binary and its version line.
func findPagefind(flagPath, want string) (string, string) {
	if flagPath != "" {
		return flagPath, version(flagPath, "--version")
	}
	dir := filepath.Join(cacheDir(), "pagefind-"+want)
	p := filepath.Join(dir, "node_modules", ".bin", "pagefind")
	if _, err := os.Stat(p); err != nil {
		check(os.MkdirAll(dir, 0o755))
		cmd := exec.Command("npm", "install", "--prefix", dir, "pagefind@"+want)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "cannot install Pagefind: %v\n", err)
			return "", ""
		}
	}
	return p, version(p, "--version")
}

func version(bin, arg string) string {
	out, err := exec.Command(bin, arg).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}

func goEnv(key string) string {
	out, _ := exec.Command("go", "env", key).Output()
	return strings.TrimSpace(string(out))
}

func goVersion() string { return version("go", "version") }

func gitHead(repo string) string {
	out, err := exec.Command("git", "-C", repo, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	check(cmd.Run())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
