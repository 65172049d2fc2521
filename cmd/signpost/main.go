// Command signpost builds the Signpost site and serves it for editing.
//
//	signpost [build] [-src DIR] [-out DIR] [-cache DIR] [-base-url URL] [-strict-citations] [-readability] [-cpuprofile FILE]
//	signpost serve [-src DIR] [-addr 127.0.0.1:1313]
//
// build writes the site to public/ (atomically: a failed build leaves the previous output
// intact) and exits non-zero on any error, printing every problem as file:line:col. It
// keeps what the next build needs to render only the pages a change affects in -cache
// (default <src>/.signpost-cache/build; -cache= builds without it); a cache that does not
// fit this build is ignored.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"syscall"

	"signpost/internal/build"
	"signpost/internal/citation"
	"signpost/internal/diag"
	"signpost/internal/readability"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "build"
	if len(args) > 0 && (args[0] == "build" || args[0] == "serve" || args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "build":
		return runBuild(ctx, args, stdout, stderr)
	case "serve":
		return runServe(ctx, args, stdout, stderr)
	default:
		fmt.Fprintln(stdout, "usage: signpost [build] [-src DIR] [-out DIR] [-cache DIR] [-base-url URL] [-strict-citations] [-readability]\n       signpost serve [-src DIR] [-addr HOST:PORT]")
		return 0
	}
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "site root (site.yaml, content/, layouts/, assets/)")
	out := fl.String("out", "", "output directory (default <src>/public)")
	baseURL := fl.String("base-url", "", "base URL for canonical links and the sitemap (overrides site.yaml)")
	table := fl.Bool("readability", false, "print the reading age and plain-words counts of every page for parents")
	strict := fl.Bool("strict-citations", false, "fail on uncited statements and on statements that differ from their source (CI)")
	cache := fl.String("cache", "", "build cache directory, kept between builds to render only what changed (default <src>/.signpost-cache/build; -cache= for none)")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the build to this file (for bench/)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "cpuprofile: %v\n", err)
			return 2
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	if *out == "" {
		*out = *src + "/public"
	}
	cacheSet := false
	fl.Visit(func(f *flag.Flag) { cacheSet = cacheSet || f.Name == "cache" })
	if !cacheSet {
		*cache = filepath.Join(*src, ".signpost-cache", "build")
	}
	// Leftovers of a build that was killed mid-publish are removed by the publish, in the
	// background; the output itself was never touched by them.
	res, err := build.Run(ctx, build.Config{Src: *src, Out: *out, BuildCache: *cache, BaseURL: *baseURL, StrictCitations: *strict})
	printDiags(stderr, res.Diags)
	if *table && res.Site != nil {
		_, reps := readability.Check(res.Site, citation.Publisher)
		fmt.Fprint(stdout, readability.Table(reps))
	}
	if err != nil {
		fmt.Fprintf(stderr, "build failed: %d errors; %s left unchanged\n", len(res.Diags.Errors()), *out)
		return 1
	}
	fmt.Fprintln(stdout, res.Summary()+" → "+*out)
	if res.Stats.Cache != "" {
		fmt.Fprintln(stderr, res.Stats.Cache)
	}
	return 0
}

func printDiags(w io.Writer, ds diag.List) {
	for _, d := range ds {
		fmt.Fprintln(w, d.String())
	}
}
