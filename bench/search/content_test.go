package searchbench

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"signpost/internal/search"
)

// contentDocs approximates the pipeline: each page of content/ split into sections at its
// headings, with Markdown syntax roughly removed and blocks (::: lines) left out. Good
// enough to measure ranking before the site is built; the built index is the real test.
func contentDocs(t *testing.T) ([]search.Doc, search.Options) {
	var docs []search.Doc
	err := filepath.WalkDir(filepath.Join(root, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(root, "content"), p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(filepath.Base(rel), "_") && filepath.Base(rel) != "_index.md" || strings.Contains(rel, "/_") && !strings.HasSuffix(rel, "/_index.md") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		docs = append(docs, pageDocs(rel, string(b))...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var opt search.Options
	if b, err := os.ReadFile(filepath.Join(root, "content/_data/synonyms.yaml")); err == nil {
		opt.Synonyms, _ = search.LoadSynonyms("content/_data/synonyms.yaml", b)
	}
	if b, err := os.ReadFile(filepath.Join(root, "content/_data/glossary.yaml")); err == nil {
		var g []struct {
			Term      string `yaml:"term"`
			Expansion string `yaml:"expansion"`
		}
		_ = yaml.Unmarshal(b, &g)
		for _, e := range g {
			opt.Glossary = append(opt.Glossary, search.Term{Term: e.Term, Expansion: e.Expansion})
		}
	}
	return docs, opt
}

var (
	mdNoise  = regexp.MustCompile("[*_`>|]+|!\\[[^\\]]*\\]\\([^)]*\\)|\\{#[^}]*\\}|\\[!(NOTE|WARNING|IMPORTANT)\\]")
	mdListNo = regexp.MustCompile(`(?m)^\s*(?:[-+]|\d+\.)\s+`)
)

func pageDocs(rel, src string) []search.Doc {
	var fm struct {
		Title    string   `yaml:"title"`
		Area     []string `yaml:"area"`
		Audience []string `yaml:"audience"`
	}
	body := src
	if strings.HasPrefix(src, "---\n") {
		if end := strings.Index(src[4:], "\n---"); end >= 0 {
			_ = yaml.Unmarshal([]byte(src[4:4+end]), &fm)
			body = src[4+end+4:]
		}
	}
	url := "/" + strings.TrimSuffix(strings.TrimSuffix(rel, ".md"), "_index")
	url = strings.TrimSuffix(url, "/") + "/"
	if rel == "_index.md" {
		url = "/"
	}
	cur := search.Doc{URL: url, PageURL: url, PageTitle: fm.Title, Areas: fm.Area, Audience: fm.Audience}
	var out []search.Doc
	var text strings.Builder
	var path []string
	levels := []int{}
	count := map[string]int{}
	flush := func() {
		cur.Text = strings.TrimSpace(mdNoise.ReplaceAllString(mdListNo.ReplaceAllString(mdLink.ReplaceAllString(text.String(), "$1"), ""), ""))
		if cur.Heading != "" || cur.Text != "" {
			out = append(out, cur)
		}
		text.Reset()
	}
	inFence := false
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
		}
		if strings.HasPrefix(line, ":::") {
			continue
		}
		if !inFence && strings.HasPrefix(line, "##") {
			flush()
			level := len(line) - len(strings.TrimLeft(line, "#"))
			h := strings.TrimSpace(strings.TrimLeft(line, "#"))
			id := ""
			if m := explicitID.FindStringSubmatch(h); m != nil {
				id = m[1]
				h = explicitID.ReplaceAllString(h, "")
			} else {
				id = strings.Trim(nonAlnum.ReplaceAllString(strings.ToLower(mdLink.ReplaceAllString(h, "$1")), "-"), "-")
			}
			if n := count[id]; n > 0 {
				count[id]++
				id += "-" + itoa(n+1)
			} else {
				count[id] = 1
			}
			h = strings.TrimSpace(mdNoise.ReplaceAllString(mdLink.ReplaceAllString(h, "$1"), ""))
			for len(levels) > 0 && levels[len(levels)-1] >= level {
				levels = levels[:len(levels)-1]
				path = path[:len(path)-1]
			}
			levels = append(levels, level)
			path = append(path, h)
			cur = search.Doc{URL: url + "#" + id, PageURL: url, PageTitle: fm.Title, Heading: h,
				HeadingPath: append([]string(nil), path...), Areas: fm.Area, Audience: fm.Audience}
			continue
		}
		text.WriteString(line)
		text.WriteByte('\n')
	}
	flush()
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestRelevanceFromContent runs the relevance set on an index built from content/ by
// contentDocs (no site build needed).
func TestRelevanceFromContent(t *testing.T) {
	docs, opt := contentDocs(t)
	if len(docs) == 0 {
		t.Skip("no content")
	}
	opt.AreaNames = map[string]string{"thurrock": "Thurrock", "stoke-on-trent": "Stoke-on-Trent"}
	files, err := search.Build(docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, b := range files {
		total += len(b)
	}
	t.Logf("%d sections from content/, index %d files, %d KB", len(docs), len(files), total>>10)
	if dir := os.Getenv("SIGNPOST_SEARCH_DUMP"); dir != "" { // write the index, e.g. to try the client
		for name, b := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	report(t, files, "search-content.txt")
}

// TestDebugQuery prints the top hits for $Q (go test ./bench/search -run DebugQuery -v Q=...).
func TestDebugQuery(t *testing.T) {
	q := os.Getenv("Q")
	if q == "" {
		t.Skip("set Q")
	}
	docs, opt := contentDocs(t)
	files, err := search.Build(docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range search.Query(files, q, search.QueryOptions{Prefix: os.Getenv("NOPREFIX") == "", Limit: 10}) {
		t.Logf("%2d %6.2f %s", i+1, h.Score, h.URL)
	}
}
