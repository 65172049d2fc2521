// Command indexsize reports the size of the search index, by kind of file, for the real
// site or the synthetic corpus (bench/corpus), and times queries against it in Node (the
// same V8 as Chromium, without the page): a quick loop for work on the index format. The
// figures the issue asks for come from searchbench, in Chromium.
//
//	go run ./bench/search/cmd/indexsize -n 10000 -docs /tmp/docs10k.json
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"signpost/bench/corpus"
	"signpost/internal/build"
	"signpost/internal/search"
)

func main() {
	n := flag.Int("n", 10000, "synthetic corpus size (0: the real site)")
	cache := flag.String("docs", "", "cache the sections here (JSON) so later runs skip the site build")
	out := flag.String("out", "", "write the index files under this directory")
	queries := flag.String("q", "guidance page 7,guidance page 5000,safeguarding,early help,who can help a family,safegarding,zebra crossing", "comma-separated queries timed in Node")
	prof := flag.String("cpuprofile", "", "write a CPU profile of search.Build here")
	flag.Parse()
	cpuProfile = *prof
	if err := run(*n, *cache, *out, strings.Split(*queries, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "indexsize:", err)
		os.Exit(1)
	}
}

var cpuProfile string

type input struct {
	Docs []search.Doc
	Opt  search.Options
}

func run(n int, cache, out string, qs []string) error {
	repo, _ := os.Getwd()
	var in input
	if b, err := os.ReadFile(cache); cache != "" && err == nil {
		if err := json.Unmarshal(b, &in); err != nil {
			return err
		}
	} else {
		src := repo
		if n > 0 {
			dir, err := os.MkdirTemp("", "indexsize")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			if err := corpus.WriteSignpost(dir, repo, corpus.Pages(n, 1)); err != nil {
				return err
			}
			src = dir
		}
		res, err := build.Run(context.Background(), build.Config{Src: src, ModuleDir: repo, NoWASM: true})
		if err != nil {
			return err
		}
		in.Docs, in.Opt = build.SearchInput(res.Site)
		if cache != "" {
			b, _ := json.Marshal(in)
			_ = os.WriteFile(cache, b, 0o644)
		}
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		_ = pprof.StartCPUProfile(f)
	}
	start := time.Now()
	files, err := search.Build(in.Docs, in.Opt)
	if cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	fmt.Printf("%d sections; search.Build %s\n", len(in.Docs), time.Since(start).Round(time.Millisecond))
	type size struct{ files, raw, gz int }
	kinds := map[string]*size{}
	var total size
	for name, b := range files {
		k := strings.Split(strings.TrimPrefix(name, "search/"), "/")[0]
		if kinds[k] == nil {
			kinds[k] = &size{}
		}
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, 6)
		w.Write(b)
		w.Close()
		for _, s := range []*size{kinds[k], &total} {
			s.files++
			s.raw += len(b)
			s.gz += buf.Len()
		}
	}
	ks := make([]string, 0, len(kinds))
	for k := range kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range append(ks, "total") {
		s := kinds[k]
		if k == "total" {
			s = &total
		}
		fmt.Printf("%-10s %6d files %10.1f KB raw %10.1f KB gzip\n", k, s.files, float64(s.raw)/1024, float64(s.gz)/1024)
	}
	// First-query bytes: what a fresh index loads for each query (fragments of 20 results),
	// as sent: JSON gzip-compressed at level 6, stored-compressed files as they are.
	var fq []int
	for _, q := range qs {
		ix, err := search.Open(files)
		if err != nil {
			return err
		}
		ix.Query(q, search.QueryOptions{Prefix: true, Limit: 20})
		n := 0
		for _, f := range ix.Fetched() {
			b := files[f]
			if strings.HasSuffix(f, ".gz") {
				n += len(b)
				continue
			}
			var buf bytes.Buffer
			w, _ := gzip.NewWriterLevel(&buf, 6)
			w.Write(b)
			w.Close()
			n += buf.Len()
		}
		fq = append(fq, n)
	}
	sort.Ints(fq)
	if len(fq) > 0 {
		fmt.Printf("first-query bytes (Go mirror, %d queries): median %.1f KB, max %.1f KB\n", len(fq), float64(fq[len(fq)/2])/1024, float64(fq[len(fq)-1])/1024)
	}
	if out == "" {
		d, err := os.MkdirTemp("", "indexsize-out")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		out = d
	}
	for name, b := range files {
		p := filepath.Join(out, name)
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	js, err := os.ReadFile(filepath.Join(repo, "assets/js/search.js"))
	if err != nil {
		return err
	}
	_ = os.WriteFile(filepath.Join(out, "search.mjs"), js, 0o644)
	_ = os.WriteFile(filepath.Join(out, "time.mjs"), []byte(timer), 0o644)
	qj, _ := json.Marshal(qs)
	cmd := exec.Command("node", filepath.Join(out, "time.mjs"), out, string(qj))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// timer loads the index from disk, then runs each query cold (its files parsed), then warm
// (5 more times, median), as the page would on a repeated query.
const timer = `
import { open, rank, details, parse } from './search.mjs'
import { readFileSync } from 'node:fs'
const dir = process.argv[2]
const load = async rel => parse(readFileSync(dir + '/search/' + rel.split('?')[0]))
for (const q of JSON.parse(process.argv[3])) {
  const ix = await open(load)
  let t = performance.now()
  let r = await rank(ix, q, { prefix: true, k: 20 })
  await details(ix, r.slice(0, 20))
  const cold = performance.now() - t
  const ws = []
  for (let i = 0; i < 5; i++) {
    t = performance.now()
    r = await rank(ix, q, { prefix: true, k: 20 })
    await details(ix, r.slice(0, 20))
    ws.push(performance.now() - t)
  }
  ws.sort((a, b) => a - b)
  console.log(q.padEnd(28), 'results', String(r.total).padStart(6), ' cold', cold.toFixed(1).padStart(7), 'ms  warm', ws[2].toFixed(1).padStart(7), 'ms', ' top', r[0] && r[0].url)
}
`
