// Package corpus generates synthetic sites for benchmarks: N guidance-like pages across
// sections (headings, paragraphs, lists, tables, cross-links with anchors), written both
// as a Signpost site and as an equivalent Hugo site so the two can be timed on the same
// content.
package corpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

var words = strings.Fields(`child children family parent carer safeguarding referral assessment
need needs support service services early help threshold tier professional practitioner school
health social care plan protection concern risk harm neglect wellbeing consent information
sharing partnership agency agencies team worker meeting review outcome intervention prevention
universal targeted specialist multi local authority duty decision guidance procedure record`)

var headings = []string{"What this means", "Who can help", "Making a referral", "Information sharing",
	"Consent", "Assessment", "Early help", "When to escalate", "Recording decisions", "Key functions"}

func sentence(r *rand.Rand) string {
	n := 8 + r.Intn(14)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.Intn(len(words))]
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func para(r *rand.Rand) string {
	n := 2 + r.Intn(4)
	ss := make([]string, n)
	for i := range ss {
		ss[i] = sentence(r)
	}
	return strings.Join(ss, " ")
}

// Page is one generated page.
type Page struct {
	Section, Slug, Title, Description string
	Weight                            int
	Body                              string
}

// Pages returns n pages in sections of at most 100 pages, deterministic for a seed.
func Pages(n int, seed int64) []Page {
	r := rand.New(rand.NewSource(seed))
	pages := make([]Page, n)
	per := 100
	for i := range pages {
		pages[i] = Page{Section: fmt.Sprintf("section-%03d", i/per), Slug: fmt.Sprintf("page-%05d", i),
			Title: fmt.Sprintf("Guidance page %d", i), Description: sentence(r), Weight: i % per}
	}
	for i := range pages {
		var b strings.Builder
		b.WriteString(para(r) + "\n\n")
		for h := 0; h < 5; h++ {
			heading := headings[(i+h)%len(headings)]
			fmt.Fprintf(&b, "## %s\n\n%s\n\n", heading, para(r))
			switch h {
			case 1:
				for k := 0; k < 4; k++ {
					fmt.Fprintf(&b, "- %s\n", sentence(r))
				}
				b.WriteString("\n")
			case 2:
				b.WriteString("| Tier | Description | Response |\n|---|---|---|\n")
				for k := 1; k <= 3; k++ {
					fmt.Fprintf(&b, "| Tier %d | %s | %s |\n", k, sentence(r), sentence(r))
				}
				b.WriteString("\n")
			case 3:
				t := pages[r.Intn(n)]
				fmt.Fprintf(&b, "### Related guidance\n\nSee [%s](/%s/%s/#%s) and %s\n\n", t.Title, t.Section, t.Slug, "what-this-means", sentence(r))
			}
		}
		pages[i].Body = b.String()
	}
	// Every page starts at heading index i%10; make sure "what-this-means" exists on targets.
	for i := range pages {
		if !strings.Contains(pages[i].Body, "## What this means") {
			pages[i].Body += "## What this means\n\n" + para(r) + "\n"
		}
	}
	return pages
}

func write(p string, s string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(s), 0o644)
}

func sections(pages []Page) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range pages {
		if !seen[p.Section] {
			seen[p.Section] = true
			out = append(out, p.Section)
		}
	}
	return out
}

// WriteSignpost writes the pages as a Signpost site in dir, with layouts, assets, static
// and site.yaml copied from repo.
func WriteSignpost(dir, repo string, pages []Page) error {
	fm := func(title, desc string, weight int) string {
		return fmt.Sprintf("---\ntitle: %q\ndescription: %q\nweight: %d\narea: [thurrock]\naudience: [professionals]\nsource: {publisher: Benchmark, title: Synthetic corpus, date: \"2026\"}\n---\n", title, desc, weight)
	}
	for _, d := range []string{"layouts", "assets", "static"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(repo, d))); err != nil {
			return err
		}
	}
	cfg, err := os.ReadFile(filepath.Join(repo, "site.yaml"))
	if err != nil {
		return err
	}
	if err := write(filepath.Join(dir, "site.yaml"), strings.Replace(string(cfg), "nav: [parents, professionals]", "nav: []", 1)); err != nil {
		return err
	}
	if err := write(filepath.Join(dir, "content/_index.md"), fm("Home", "Synthetic corpus home.", 0)+"A synthetic corpus.\n"); err != nil {
		return err
	}
	for i, s := range sections(pages) {
		if err := write(filepath.Join(dir, "content", s, "_index.md"), fm("Section "+s, "Pages in "+s+".", i)+para(rand.New(rand.NewSource(int64(i))))+"\n"); err != nil {
			return err
		}
	}
	for _, p := range pages {
		if err := write(filepath.Join(dir, "content", p.Section, p.Slug+".md"), fm(p.Title, p.Description, p.Weight)+p.Body); err != nil {
			return err
		}
	}
	return nil
}

// WriteHugo writes the same pages as a Hugo site with minimal layouts that do comparable
// work: base template, breadcrumbs, table of contents, section listing, sitemap.
func WriteHugo(dir string, pages []Page) error {
	fm := func(title, desc string, weight int) string {
		return fmt.Sprintf("---\ntitle: %q\ndescription: %q\nweight: %d\n---\n", title, desc, weight)
	}
	files := map[string]string{
		"hugo.toml":                    "baseURL = 'https://example.org/'\nlanguageCode = 'en-gb'\ntitle = 'Bench'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n[markup.goldmark.renderer]\nunsafe = false\n[markup.tableOfContents]\nstartLevel = 2\nendLevel = 3\n",
		"layouts/_default/baseof.html": `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title><meta name="description" content="{{ .Description }}"><link rel="canonical" href="{{ .Permalink }}"></head><body><a href="#main">Skip</a><header><a href="/">{{ site.Title }}</a></header><nav>{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav><main id="main">{{ block "main" . }}{{ end }}</main><footer>Footer</footer></body></html>`,
		"layouts/_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}`,
		"layouts/_default/list.html":   `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>{{ end }}</ul>{{ end }}`,
		"content/_index.md":            fm("Home", "Synthetic corpus home.", 0) + "A synthetic corpus.\n",
	}
	for i, s := range sections(pages) {
		files["content/"+s+"/_index.md"] = fm("Section "+s, "Pages in "+s+".", i) + para(rand.New(rand.NewSource(int64(i)))) + "\n"
	}
	for _, p := range pages {
		files["content/"+p.Section+"/"+p.Slug+".md"] = fm(p.Title, p.Description, p.Weight) + p.Body
	}
	for name, s := range files {
		if err := write(filepath.Join(dir, name), s); err != nil {
			return err
		}
	}
	return nil
}
