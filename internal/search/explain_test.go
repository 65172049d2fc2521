package search

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestExplain prints how each query of SIGNPOST_EXPLAIN (queries separated by "|") is
// scored on the index under SIGNPOST_EXPLAIN_DIR (a built site's public/ directory): its
// units, and for the first results and the sections named in SIGNPOST_EXPLAIN_WANT (URL
// fragments, "|"-separated) each unit's contribution, coverage and weight. A tool for
// tuning; skipped unless set.
func TestExplain(t *testing.T) {
	qs, dir := os.Getenv("SIGNPOST_EXPLAIN"), os.Getenv("SIGNPOST_EXPLAIN_DIR")
	if qs == "" || dir == "" {
		t.Skip("set SIGNPOST_EXPLAIN and SIGNPOST_EXPLAIN_DIR")
	}
	files, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(files)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	if w := os.Getenv("SIGNPOST_EXPLAIN_WANT"); w != "" {
		want = strings.Split(w, "|")
	}
	for _, q := range strings.Split(qs, "|") {
		var b strings.Builder
		units, _ := ix.planFixed(q, true)
		fmt.Fprintf(&b, "%q\n", q)
		contrib := make([]map[int]float64, len(units))
		for i, u := range units {
			var as []string
			for _, a := range u.alts {
				name := a.term
				if strings.HasPrefix(a.term, "~") {
					if n, err := strconv.ParseInt(a.term[1:], 36, 32); err == nil && int(n) < len(ix.groups) && len(ix.groups[n].members) > 0 {
						name = "{" + strings.Join(ix.groups[n].members[0].terms, " ") + "…}"
					}
				}
				as = append(as, fmt.Sprintf("%s×%.2g", name, a.w))
			}
			contrib[i] = map[int]float64{}
			for _, a := range u.alts {
				p := ix.postings(a.term)
				doc := 0
				for k := 0; k+1 < len(p); k += 2 {
					doc += p[k]
					if s := a.w * float64(p[k+1]); s > contrib[i][doc] {
						contrib[i][doc] = s
					}
				}
			}
			fmt.Fprintf(&b, "  unit %d opt=%v df=%d: %s\n", i, u.opt, len(contrib[i]), strings.Join(as, " "))
		}
		scored := ix.rank(q, QueryOptions{Prefix: true})
		show := map[int]int{}
		for i, s := range scored {
			if i < 5 {
				show[s.doc] = i + 1
			}
		}
		for i, s := range scored {
			h := Hit{Doc: s.doc}
			ix.display(&h)
			for _, w := range want {
				if w != "" && strings.Contains(h.URL, w) {
					show[s.doc] = i + 1
				}
			}
		}
		var ds []int
		for d := range show {
			ds = append(ds, d)
		}
		sort.Slice(ds, func(i, j int) bool { return show[ds[i]] < show[ds[j]] })
		for _, d := range ds {
			h := Hit{Doc: d}
			ix.display(&h)
			var parts []string
			for i := range units {
				parts = append(parts, fmt.Sprintf("%.0f", contrib[i][d]/scoreScale*100))
			}
			sc := 0.0
			for _, s := range scored {
				if s.doc == d {
					sc = s.score
				}
			}
			fmt.Fprintf(&b, "  #%d %.3f w%d [%s] %s\n", show[d], sc/scoreScale, ix.weight(d), strings.Join(parts, " "), h.URL)
		}
		t.Log("\n" + b.String())
	}
}
