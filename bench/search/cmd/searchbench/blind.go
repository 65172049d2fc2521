package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"signpost/bench/search/blindset"
	"signpost/internal/build"
)

// blindQueries reads a blind set (bench/search/blind/*.yaml) and maps each query's answer
// sentences to the sections of the site built from repo that hold them (blindset), so
// Signpost and Pagefind are scored on the same targets as `go test ./bench/search`.
// Queries whose answers match no section are left out.
func blindQueries(ctx context.Context, repo, file string) ([]query, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	es, err := blindset.Load(file, src)
	if err != nil {
		return nil, err
	}
	res, err := build.Run(ctx, build.Config{Src: repo, ModuleDir: repo, NoWASM: true})
	if err != nil {
		return nil, err
	}
	docs, _ := build.SearchInput(res.Site)
	m := blindset.NewMapper(docs)
	var qs []query
	for _, e := range es {
		targets, _ := m.Targets(e)
		if len(targets) == 0 {
			continue
		}
		qs = append(qs, query{Q: e.Query, Who: e.Audience, Expect: targets})
	}
	return qs, nil
}

// blindSummary gives each engine's success at 1 and 3 on a blind set, for all queries and
// by audience, and nothing per query: the test half's queries must not be seen one by one.
// Section level: the result (Pagefind: its page's best sub-result) is a section holding an
// answer, exactly. Page level: a result is on the page of such a section.
func blindSummary(r *corpusResult) string {
	first := firstOutcomes(r)
	var b strings.Builder
	fmt.Fprintf(&b, "Blind set: %d queries (answers mapped to sections of the built site)\n\n", len(r.Queries))
	b.WriteString("| engine | level | all @1 | all @3 | parents @3 | professionals @3 |\n|---|---|---:|---:|---:|---:|\n")
	for _, eng := range engines() {
		for _, section := range []bool{true, false} {
			type score struct{ n, at1, at3 int }
			by := map[string]*score{"all": {}, "parents": {}, "professionals": {}}
			for _, q := range r.Queries {
				o, ok := first[eng][q.Q]
				var urls []string
				if ok {
					urls = candidates(eng, o)
				}
				rk := 0
				for i, u := range urls {
					if i >= 3 {
						break
					}
					for _, t := range q.Expect {
						if section && u == t || !section && pageOf(u) == pageOf(t) {
							rk = i + 1
							break
						}
					}
					if rk > 0 {
						break
					}
				}
				for _, k := range []string{"all", q.Who} {
					s := by[k]
					if s == nil {
						continue
					}
					s.n++
					if rk == 1 {
						s.at1++
					}
					if rk >= 1 {
						s.at3++
					}
				}
			}
			pct := func(a, n int) string {
				if n == 0 {
					return "–"
				}
				return fmt.Sprintf("%d/%d (%.0f%%)", a, n, 100*float64(a)/float64(n))
			}
			level := "section"
			if !section {
				level = "page"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", eng, level, pct(by["all"].at1, by["all"].n),
				pct(by["all"].at3, by["all"].n), pct(by["parents"].at3, by["parents"].n), pct(by["professionals"].at3, by["professionals"].n))
		}
	}
	return b.String()
}
