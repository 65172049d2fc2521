// Command buildbench times `signpost build` against `hugo` (Debian's package) on the same
// synthetic corpus and prints the ratio. Machines here are noisy, so it reports medians of
// several runs, taken alternately, and the ratio from one session.
//
//	go run ./bench/buildbench -n 1000,10000 -runs 5
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"signpost/bench/corpus"
)

func main() {
	ns := flag.String("n", "1000,10000", "corpus sizes")
	runs := flag.Int("runs", 5, "timed runs per tool and size")
	real := flag.Bool("real", true, "also time the real site")
	flag.Parse()
	repo, _ := os.Getwd()
	tmp, err := os.MkdirTemp("", "buildbench-")
	check(err)
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "signpost")
	run("go", "build", "-o", bin, "./cmd/signpost")
	hugo, _ := exec.LookPath("hugo")

	fmt.Printf("%-12s %8s %12s %12s %8s\n", "corpus", "pages", "signpost", "hugo", "ratio")
	if *real {
		out := filepath.Join(tmp, "real-public")
		_ = timeit(*runs, bin, "build", "-src", repo, "-out", out) // warm the WASM cache
		sp := timeit(*runs, bin, "build", "-src", repo, "-out", out)
		fmt.Printf("%-12s %8s %12s %12s %8s\n", "real site", "-", sp.Round(time.Millisecond), "-", "-")
	}
	for _, f := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		check(err)
		pages := corpus.Pages(n, 1)
		sdir := filepath.Join(tmp, fmt.Sprintf("signpost-%d", n))
		hdir := filepath.Join(tmp, fmt.Sprintf("hugo-%d", n))
		check(corpus.WriteSignpost(sdir, repo, pages))
		check(corpus.WriteHugo(hdir, pages))
		var st, ht []time.Duration
		for i := 0; i < *runs; i++ {
			st = append(st, timeOnce(bin, "build", "-src", sdir, "-out", filepath.Join(sdir, "public")))
			if hugo != "" {
				ht = append(ht, timeOnce(hugo, "--quiet", "-s", hdir, "-d", filepath.Join(hdir, "public")))
			}
		}
		sm := median(st)
		if hugo == "" {
			fmt.Printf("%-12s %8d %12s %12s %8s\n", "synthetic", n, sm.Round(time.Millisecond), "(no hugo)", "-")
			continue
		}
		hm := median(ht)
		fmt.Printf("%-12s %8d %12s %12s %7.2fx\n", "synthetic", n, sm.Round(time.Millisecond), hm.Round(time.Millisecond), float64(sm)/float64(hm))
	}
}

func timeit(runs int, name string, args ...string) time.Duration {
	var ds []time.Duration
	for i := 0; i < runs; i++ {
		ds = append(ds, timeOnce(name, args...))
	}
	return median(ds)
}

func timeOnce(name string, args ...string) time.Duration {
	start := time.Now()
	cmd := exec.Command(name, args...)
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s %v: %v\n%s\n", name, args, err, out)
		os.Exit(1)
	}
	return d
}

func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
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
