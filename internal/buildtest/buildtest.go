// Package buildtest runs whole-site builds from a txtar string in tests, so each test shows
// its site: `-- content/_index.md --` sections are files. Layouts, assets, static files and
// site.yaml come from the repository unless the archive has its own, so tests exercise the
// real templates.
//
// It is the one "txtar site beside the repository's layouts" of the tests: FS gives it in
// memory (build tests), WriteSite on disk (incremental builds, serve, the command line).
package buildtest

import (
	"context"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"signpost/internal/build"
	"signpost/internal/load"
)

// RepoRoot is the repository root (where go.mod is).
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// FS returns the archive's files overlaid on the repository's layouts/, assets/, static/
// and site.yaml.
func FS(t testing.TB, archive string) fs.FS {
	t.Helper()
	a := txtar.Parse([]byte(archive))
	m := fstest.MapFS{}
	for _, f := range a.Files {
		m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return overlay{m, os.DirFS(RepoRoot())}
}

// overlay reads from top, then from the repository for shared folders.
type overlay struct {
	top  fstest.MapFS
	repo fs.FS
}

func shared(name string) bool {
	for _, p := range Shared {
		if name == p || strings.HasPrefix(name, p+"/") {
			return true
		}
	}
	return false
}

func (o overlay) topHas(name string) bool {
	if _, ok := o.top[name]; ok {
		return true
	}
	prefix := name + "/"
	for k := range o.top {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func (o overlay) Open(name string) (fs.File, error) {
	if shared(name) && !o.topHas(name) {
		return o.repo.Open(name)
	}
	if name == "." {
		return o.top.Open(name)
	}
	return o.top.Open(name)
}

// ReadDir implements fs.ReadDirFS so WalkDir and Glob work across the overlay.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	if shared(name) && !o.topHas(name) {
		return fs.ReadDir(o.repo, name)
	}
	return fs.ReadDir(o.top, name)
}

// Shared are the site root's files and folders a test site takes from the repository
// unless its archive has its own.
var Shared = []string{"layouts", "assets", "static", "site.yaml"}

// WriteSite writes the archive into a temporary site root beside copies of the
// repository's layouts/, assets/, static/ and site.yaml (the archive's files win) and
// returns the root. Extra names copies more of the repository ("content" for the real
// site, "netlify.toml").
func WriteSite(t testing.TB, archive string, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	root := RepoRoot()
	for _, name := range append(slices.Clone(Shared), extra...) {
		src := filepath.Join(root, filepath.FromSlash(name))
		fi, err := os.Stat(src)
		if err != nil {
			t.Fatal(err)
		}
		if fi.IsDir() {
			err = os.CopyFS(filepath.Join(dir, filepath.FromSlash(name)), os.DirFS(src))
		} else {
			err = copyFile(src, filepath.Join(dir, filepath.FromSlash(name)))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		WriteFile(t, dir, f.Name, string(f.Data))
	}
	return dir
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// WriteFile writes content to name (slash-separated, relative to dir), creating folders.
func WriteFile(t testing.TB, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// EditFile replaces the first old in name with new; the test fails when name lacks old.
func EditFile(t testing.TB, dir, name, old, new string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	WriteFile(t, dir, name, strings.Replace(string(b), old, new, 1))
}

// AppendFile adds s at the end of name.
func AppendFile(t testing.TB, dir, name, s string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	WriteFile(t, dir, name, string(b)+s)
}

// RepoFile returns the repository's file name (slash-separated), for an archive that
// needs it; it panics when the file cannot be read.
func RepoFile(name string) string {
	b, err := os.ReadFile(filepath.Join(RepoRoot(), filepath.FromSlash(name)))
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Build builds the archive's site in memory (no publish) on a fixed date.
func Build(t testing.TB, archive string) (*build.Result, error) {
	t.Helper()
	return build.Run(context.Background(), build.Config{
		FS:        FS(t, archive),
		ModuleDir: RepoRoot(),
		CacheDir:  filepath.Join(RepoRoot(), ".signpost-cache"),
		Now:       time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC),
	})
}

// Page is a minimal valid page with the given front matter extras and body, for the first
// area of the repository's site.yaml and published by its partnership (read from site.yaml,
// so that an editor's change to the areas does not break the tests: issue #18).
func Page(title, extra, body string) string {
	area, _, publisher := FirstArea()
	return "---\ntitle: " + title + "\ndescription: About " + title + ".\narea: [" + area + "]\naudience: [professionals]\nsource: {publisher: " + strconv.Quote(publisher) + ", title: Test document, date: \"2023\"}\n" + extra + "---\n" + body
}

// FirstArea returns the key, name and partnership of the first area of the repository's
// site.yaml: the area of Page.
func FirstArea() (key, name, partnership string) {
	a := firstArea()
	return a[0], a[1], a[2]
}

var firstArea = sync.OnceValue(func() [3]string {
	cfg, _ := load.LoadConfig(os.DirFS(RepoRoot()))
	if len(cfg.AreaOrder) == 0 {
		panic("buildtest: the repository's site.yaml has no areas")
	}
	key := cfg.AreaOrder[0]
	return [3]string{key, cfg.Areas[key].Name, cfg.Areas[key].Partnership}
})

var (
	wordRE     = regexp.MustCompile(`[a-z0-9]+`)
	sentenceRE = regexp.MustCompile(`[.!?;:]\s+|\t|\n`)
	tagRE      = regexp.MustCompile(`<[^>]+>`)
)

// Words normalises text or HTML for comparing sentences: tags dropped, lowercased,
// apostrophes removed, "&" as "and", and every run of other characters one space.
func Words(s string) string {
	s = strings.ToLower(tagRE.ReplaceAllString(s, " "))
	s = strings.NewReplacer("’", "", "'", "", "‘", "", "&amp;", "and", "&", "and").Replace(s)
	return strings.Join(wordRE.FindAllString(s, -1), " ")
}

// Sentences splits text into sentences (at . ! ? ; : followed by a space, tabs and line
// breaks) and returns those of five words or more, normalised by Words: the units the
// coverage checks look for. Shorter fragments are headings, numbers and labels.
func Sentences(text string) []string {
	var out []string
	for _, frag := range sentenceRE.Split(text, -1) {
		if w := Words(frag); strings.Count(w, " ") >= 4 {
			out = append(out, w)
		}
	}
	return out
}

// Covers reports whether the normalised text all (from Words) contains the normalised
// sentence w as whole words.
func Covers(all, w string) bool {
	return strings.Contains(" "+all+" ", " "+w+" ")
}

// breakTags are the tags at which HTML text is split before sentences are taken: blocks,
// table cells, SVG text, and links (print CSS writes a link's address after it, so a
// sentence is compared in its parts on either side of a link).
var breakTags = regexp.MustCompile(`(?i)<(/?)(p|li|td|th|h[1-6]|caption|div|section|article|aside|nav|ul|ol|dl|dt|dd|table|tr|thead|tbody|a|br|figure|figcaption|summary|details|text|tspan|title|desc|button|label|legend|fieldset|option|select|blockquote)\b[^>]*>`)

// HTMLSentences returns the sentences (as Sentences does) of an HTML fragment, split at
// blocks, cells and links.
func HTMLSentences(h string) []string {
	text := tagRE.ReplaceAllString(breakTags.ReplaceAllString(h, "\n"), " ")
	return Sentences(html.UnescapeString(text))
}

// HTMLWords is Words for HTML: tags dropped and character references decoded first.
func HTMLWords(h string) string {
	return Words(html.UnescapeString(tagRE.ReplaceAllString(h, " ")))
}

// Prose returns a rendered page's guidance: its prose, without the page's navigation,
// listing of pages or tools.
func Prose(page string) string {
	i := strings.Index(page, `<div class="prose">`)
	if i < 0 {
		return ""
	}
	page = page[i:]
	for _, end := range []string{`<h2 id="pages-in-this-section">`, `<nav class="pagination"`, `</article>`} {
		if j := strings.Index(page, end); j >= 0 {
			page = page[:j]
		}
	}
	return page
}
