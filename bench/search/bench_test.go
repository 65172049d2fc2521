// Package searchbench measures the site search's relevance on queries.yaml.
//
//	go test ./bench/search/ -v                      # after `signpost build` (reads public/search/)
//	SIGNPOST_SEARCH_DIR=/path/to/site go test ./bench/search/ -v
//	SIGNPOST_BENCH_STRICT=1 go test ./bench/search/  # also fail on targets missing from content/
//
// TestQueriesFile checks the relevance set itself (and lists targets whose page or anchor is
// not in content/ yet); TestRelevance runs every query through internal/search.Query, the
// Go mirror of the browser's ranking, and reports success@1, success@5 and MRR@10. The
// report is also written to bench/out/search.txt.
package searchbench

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"signpost/internal/datafile"
	"signpost/internal/search"
)

type query struct {
	Q        string   `yaml:"q"`
	Who      string   `yaml:"who"`
	Audience string   `yaml:"audience"`
	Area     string   `yaml:"area"`
	Expect   []string `yaml:"expect"`
	Source   string   `yaml:"source"`
}

const root = "../.."

func loadQueries(t *testing.T) []query {
	t.Helper()
	src, err := os.ReadFile("queries.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var qs []query
	if ds := datafile.Decode("bench/search/queries.yaml", src, 0, &qs); ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	return qs
}

func TestQueriesFile(t *testing.T) {
	qs := loadQueries(t)
	if len(qs) < 40 {
		t.Errorf("%d queries, want at least 40", len(qs))
	}
	seen := map[string]bool{}
	var missing []string
	for _, q := range qs {
		if strings.TrimSpace(q.Q) == "" || len(q.Expect) == 0 {
			t.Errorf("query %q: needs q and expect", q.Q)
		}
		if q.Who != "parents" && q.Who != "professionals" {
			t.Errorf("query %q: who must be parents or professionals", q.Q)
		}
		key := q.Q + "|" + q.Audience + "|" + q.Area
		if seen[key] {
			t.Errorf("query %q repeated", q.Q)
		}
		seen[key] = true
		for _, u := range q.Expect {
			if !strings.HasPrefix(u, "/") || !strings.Contains(u, "/#") && !strings.HasSuffix(u, "/") {
				t.Errorf("query %q: target %q must be a site path ending in / (and an optional #anchor)", q.Q, u)
				continue
			}
			if why := checkTarget(u); why != "" {
				missing = append(missing, fmt.Sprintf("%s (%s) for %q", u, why, q.Q))
			}
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("%d targets not (yet) in content/:\n  %s", len(missing), strings.Join(missing, "\n  "))
		if os.Getenv("SIGNPOST_BENCH_STRICT") != "" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// checkTarget returns why u does not exist in content/, or "".
func checkTarget(u string) string {
	page, anchor, _ := strings.Cut(u, "#")
	rel := strings.Trim(page, "/")
	var cands []string
	if rel == "" {
		cands = []string{"content/_index.md"}
	} else {
		cands = []string{"content/" + rel + ".md", "content/" + rel + "/_index.md"}
	}
	for _, c := range cands {
		b, err := os.ReadFile(filepath.Join(root, c))
		if err != nil {
			continue
		}
		if anchor == "" || headingIDs(string(b))[anchor] {
			return ""
		}
		return "no heading #" + anchor + " in " + c
	}
	return "no page"
}

var (
	explicitID = regexp.MustCompile(`\s*\{#([^}]+)\}\s*$`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	nonAlnum   = regexp.MustCompile(`[^a-z0-9]+`)
)

// headingIDs lists the ids of a page's Markdown headings by the contract's rule.
func headingIDs(md string) map[string]bool {
	ids := map[string]bool{}
	count := map[string]int{}
	inFront, inFence := false, false
	for i, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimSpace(line)
		if i == 0 && trimmed == "---" {
			inFront = true
			continue
		}
		if inFront {
			if trimmed == "---" {
				inFront = false
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		text := strings.TrimSpace(strings.TrimLeft(line, "#"))
		var id string
		if m := explicitID.FindStringSubmatch(text); m != nil {
			id = m[1]
		} else {
			text = mdLink.ReplaceAllString(text, "$1")
			id = strings.Trim(nonAlnum.ReplaceAllString(strings.ToLower(text), "-"), "-")
		}
		if n := count[id]; n > 0 {
			count[id]++
			id = fmt.Sprintf("%s-%d", id, n+1)
		} else {
			count[id] = 1
		}
		ids[id] = true
	}
	return ids
}

// loadIndex reads the built search/ files into the map Build returned.
func loadIndex(t *testing.T) map[string][]byte {
	dir := os.Getenv("SIGNPOST_SEARCH_DIR")
	if dir == "" {
		dir = filepath.Join(root, "public")
	}
	files := map[string][]byte{}
	base := filepath.Join(dir, "search")
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".json.gz") {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil || files["search/meta.json"] == nil {
		t.Skipf("no search index in %s: build the site first (signpost build)", base)
	}
	return files
}

func matches(target string, h search.Hit) bool {
	if strings.Contains(target, "#") {
		return h.URL == target
	}
	page, _, _ := strings.Cut(h.URL, "#")
	return page == target
}

func TestRelevance(t *testing.T) {
	if os.Getenv("SIGNPOST_SEARCH_DIR") == "" {
		// The index built in-process from this tree, so the figures never come from a
		// stale public/.
		files, _ := builtSite(t)
		report(t, files, "search.txt")
		return
	}
	report(t, loadIndex(t), "search.txt")
}

// report runs every query against files, logs a table and writes it to bench/out/<out>.
func report(t *testing.T, files map[string][]byte, out string) {
	qs := loadQueries(t)
	ix, err := search.Open(files)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var at1, at3, at5, found int
	var mrr float64
	for _, q := range qs {
		hits := ix.Query(q.Q, search.QueryOptions{Audience: q.Audience, Area: q.Area, Prefix: true, Limit: 10})
		rank := 0
		for i, h := range hits {
			for _, e := range q.Expect {
				if matches(e, h) {
					rank = i + 1
					break
				}
			}
			if rank > 0 {
				break
			}
		}
		mark := "MISS"
		if rank > 0 {
			found++
			mrr += 1 / float64(rank)
			mark = fmt.Sprintf("@%d", rank)
			if rank == 1 {
				at1++
			}
			if rank <= 3 {
				at3++
			}
			if rank <= 5 {
				at5++
			}
		}
		top := ""
		if len(hits) > 0 {
			top = hits[0].URL
		}
		fmt.Fprintf(&b, "%-5s %-45q %-13s top: %s\n", mark, q.Q, q.Who, top)
	}
	n := float64(len(qs))
	fmt.Fprintf(&b, "\n%d queries: success@1 %.2f  success@3 %.2f  success@5 %.2f  success@10 %.2f  MRR@10 %.3f\n",
		len(qs), float64(at1)/n, float64(at3)/n, float64(at5)/n, float64(found)/n, mrr/n)
	t.Log("\n" + b.String())
	if err := os.MkdirAll(filepath.Join(root, "bench", "out"), 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(root, "bench", "out", out), []byte(b.String()), 0o644)
	}
}

func TestHeadingIDs(t *testing.T) {
	md := "---\ntitle: x\n---\n\n## What is MASH?\n\n### Tier 1 – children\n\n## What is MASH?\n\n```\n# not a heading\n```\n\n## Why can't I? {#why-cant-i}\n\n## See [the CAF](/caf/)\n"
	ids := headingIDs(md)
	for _, id := range []string{"what-is-mash", "tier-1-children", "what-is-mash-2", "why-cant-i", "see-the-caf"} {
		if !ids[id] {
			t.Errorf("missing id %q in %v", id, ids)
		}
	}
	if len(ids) != 5 {
		t.Errorf("ids: %v", ids)
	}
	if checkTarget("/professionals/threshold/mash/#no-such-heading") == "" || checkTarget("/no/such/page/") == "" {
		t.Error("checkTarget accepts missing targets")
	}
}
