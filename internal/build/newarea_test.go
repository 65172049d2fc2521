package build_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"signpost/internal/build"
	"signpost/internal/buildtest"
	"signpost/internal/load"
)

// newAreaSite returns the repository's site (site.yaml and every file under content/) with
// testdata/newarea.txtar's third area added: its files as they are, and its fragments written
// into site.yaml and cwd.yaml where an editor would write them.
func newAreaSite(t *testing.T) string {
	t.Helper()
	root := buildtest.RepoRoot()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "newarea.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	out := &txtar.Archive{}
	files := map[string]string{}
	var names []string
	err = fs.WalkDir(os.DirFS(root), load.ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(root, p))
		files[p] = string(b)
		names = append(names, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join(root, load.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	files[load.ConfigFile] = string(cfg)
	names = append(names, load.ConfigFile)
	const cwd = load.DataDir + "/cwd.yaml"
	real, ds := load.LoadConfig(os.DirFS(root))
	if ds.HasErrors() {
		t.Fatalf("site.yaml:\n%v", ds)
	}
	for _, f := range ar.Files {
		data := strings.ReplaceAll(string(f.Data), "$AREAS", strings.Join(real.AreaOrder, ", "))
		switch f.Name {
		case "site.yaml+":
			files[load.ConfigFile] = strings.TrimRight(files[load.ConfigFile], "\n") + "\n" + data
		case "cwd.yaml+":
			files[cwd] = strings.TrimRight(files[cwd], "\n") + "\n" + data
		case "cwd.yaml+area":
			// Before the area question's "Somewhere else" answer.
			re := regexp.MustCompile(`(?m)^      - id: elsewhere\n`)
			loc := re.FindStringIndex(files[cwd])
			if loc == nil {
				t.Fatal("cwd.yaml has no '- id: elsewhere' answer to insert the area before")
			}
			files[cwd] = files[cwd][:loc[0]] + data + files[cwd][loc[0]:]
		default:
			if _, ok := files[f.Name]; !ok {
				names = append(names, f.Name)
			}
			files[f.Name] = data
		}
	}
	for _, n := range names {
		out.Files = append(out.Files, txtar.File{Name: n, Data: []byte(files[n])})
	}
	return string(txtar.Format(out))
}

// TestNewArea: a third area comes as data and Markdown only (issue #18). With
// testdata/newarea.txtar's files the site builds with every check on (strict citations
// included), and the site-wide blocks take the area in: the emergency banner, area lists,
// the search filter, the disability check and a tier matrix of its own, and previous and
// next stay inside its section.
func TestNewArea(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site with the WASM module")
	}
	res, err := build.Run(context.Background(), build.Config{
		FS:              buildtest.FS(t, newAreaSite(t)),
		ModuleDir:       buildtest.RepoRoot(),
		CacheDir:        filepath.Join(buildtest.RepoRoot(), ".signpost-cache"),
		Now:             time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC),
		StrictCitations: true,
	})
	if err != nil {
		t.Fatalf("the site with a third area does not build:\n%v", err)
	}
	file := func(p string) string {
		t.Helper()
		b, ok := res.Files[p]
		if !ok {
			t.Fatalf("no %s", p)
		}
		return string(b)
	}
	guide := "professionals/northvale-guide/"
	for _, p := range []string{"index.html", "getting-help/index.html", "disabled-children/index.html", "tier-matrix/index.html"} {
		if h := file(guide + p); !strings.Contains(h, `<span class="badge area">Northvale</span>`) {
			t.Errorf("%s%s has no Northvale badge", guide, p)
		}
	}
	// The banner is site-wide: every other area's page lists Northvale's safeguarding contact.
	banner := regexp.MustCompile(`(?s)<aside class="danger-banner".*?</aside>`)
	others := 0
	for _, pg := range res.Site.Pages {
		if slices.Contains(pg.Front.Area, "northvale") {
			continue
		}
		others++
		out := strings.TrimPrefix(pg.URL, "/") + "index.html"
		if b := banner.FindString(file(out)); !strings.Contains(b, `In Northvale: <a href="https://example.org/northvale/front-door">Northvale Children&#39;s Front Door</a> on <a href="tel:&#43;441632960001">01632 960001</a>.`) {
			t.Errorf("%s: the banner does not list Northvale: %s", out, b)
		}
	}
	if others == 0 {
		t.Error("no page of another area to check the banner on")
	}
	// Area names are an English list: "A, B and Northvale".
	var names []string
	for _, k := range res.Site.Config.AreaOrder {
		names = append(names, res.Site.Config.Areas[k].Name)
	}
	if len(names) < 3 || names[len(names)-1] != "Northvale" {
		t.Fatalf("areas %v: Northvale is not the last of three or more", names)
	}
	list := strings.Join(names[:len(names)-1], ", ") + " and Northvale"
	if h := file("parents/every-area/index.html"); !strings.Contains(h, `<span class="badge area">`+list+`</span>`) || !strings.Contains(h, " for "+list+".") {
		t.Errorf("a page for every area does not name them %q", list)
	}
	// The site's own wording that names the areas ({areas} in site.yaml, pages and cwd.yaml).
	if h := file("index.html"); !strings.Contains(h, "safeguarding guidance for "+list+"<") || !strings.Contains(h, "Local safeguarding guidance from "+list+" for") {
		t.Errorf("the home page's tagline or description does not name every area as %q", list)
	}
	if h := file("parents/cwd-check/index.html"); !strings.Contains(h, "We live outside "+list+".") {
		t.Errorf("the disability check's 'somewhere else' answer does not name every area as %q", list)
	}
	if b := banner.FindString(file(guide + "getting-help/index.html")); !strings.Contains(b, "Worried about a child in Northvale?") {
		t.Errorf("Northvale's page's banner does not start with Northvale: %s", b)
	}
	// "Where to get help" lists every area's safeguarding contact, Northvale's too.
	if h := file("parents/where-to-get-help/index.html"); !strings.Contains(h, `<strong>In Northvale: Northvale Children&#39;s Front Door</strong>`) {
		t.Error("where to get help does not list Northvale's safeguarding contact")
	}
	// The search filter offers the area.
	if s := file("search/index.html"); !strings.Contains(s, `<option value="northvale">Northvale</option>`) {
		t.Error("the search page's area filter lacks Northvale")
	}
	// The disability check offers the area and its routes.
	cwd := file("parents/cwd-check/index.html")
	for _, want := range []string{"We live in Northvale.", "Tell the Northvale Children&#39;s Front Door you are worried about a child", "Short breaks for disabled children"} {
		if !strings.Contains(cwd, want) {
			t.Errorf("the disability check lacks %q", want)
		}
	}
	// The area's own tier matrix, and none of Thurrock's words in it.
	m := file(guide + "tier-matrix/index.html")
	if !strings.Contains(m, `aria-label="Northvale Levels of Need Matrix"`) || !strings.Contains(m, "No safe place to sleep") || strings.Contains(m, "Thurrock Threshold Matrix") {
		t.Error("the Northvale tier matrix page does not carry Northvale's form alone")
	}
	// Previous and next stay in the area's section: only its first page is reached from
	// the page before it in the parent section.
	rel := regexp.MustCompile(`<a href="([^"]+)" rel="(prev|next)"`)
	for _, p := range []string{"index.html", "getting-help/index.html", "disabled-children/index.html", "tier-matrix/index.html"} {
		for _, l := range rel.FindAllStringSubmatch(file(guide+p), -1) {
			if !strings.HasPrefix(l[1], "/"+guide) && (p != "index.html" || l[2] != "prev") {
				t.Errorf("%s%s: %s link leaves the section for %s", guide, p, l[2], l[1])
			}
		}
	}
}
