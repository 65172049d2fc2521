// Package load reads a site from an fs.FS (the site root: site.yaml, content/) into the
// site model. It is the first stage of a build: front matter errors, unknown areas and
// duplicate output paths are reported here, all of them in one run.
package load

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"signpost/internal/datafile"
	"signpost/internal/diag"
	"signpost/internal/site"
	"signpost/internal/suggest"
)

// ConfigFile is the site configuration's path in the site root.
const ConfigFile = "site.yaml"

// ContentDir is where pages live.
const ContentDir = "content"

// DataDir is where data files live, inside content/ so that content is one tree.
const DataDir = "content/_data"

var audiences = map[string]bool{"parents": true, "professionals": true}

// Loading is in pieces, so that a full build and an incremental one share them
// (internal/build keeps one page per file and re-parses only the files that changed):
//
//	LoadConfig  site.yaml
//	Scan        the page files under content/, in walk order, and the data files
//	ReadPage    one page file, read and parsed (ParsePage)
//	Assemble    the pages into the site's list, URL index and tree (Link)

// NewSite returns an empty site model with its maps made.
func NewSite(cfg site.Config) *site.Site {
	return &site.Site{Config: cfg, ByURL: map[string]*site.Page{}, DataFiles: map[string][]byte{}}
}

// Scan lists the page files under content/ in the order fs.WalkDir visits them (see
// WalkOrder) and reads the data files (content/_data/*.yaml) into s.DataFiles. Folders
// starting with "_" (other than content/_data) or "." are skipped, and so are files
// starting with "." or "_" (other than _index.md): IsPageFile is the same rule.
func Scan(fsys fs.FS, s *site.Site) ([]string, diag.List) {
	files, _, diags := ScanStat(fsys, s)
	return files, diags
}

// ScanStat is Scan that also gives each page file's Stat as the walk found it (the zero
// Stat when it has none: a symbolic link, a file system that is not SiteFS's, a system
// whose walk does not stat), for ReadFilesUnless.
func ScanStat(fsys fs.FS, s *site.Site) ([]string, []Stat, diag.List) {
	var files []string
	var stats []Stat
	var diags diag.List
	walked := Walk(fsys, ContentDir, func(p string, d fs.DirEntry, _ error) error {
		name := d.Name()
		if d.IsDir() {
			if p != ContentDir && (strings.HasPrefix(name, "_") && p != DataDir || strings.HasPrefix(name, ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if path.Dir(p) == DataDir {
			if strings.HasSuffix(name, ".yaml") {
				b, err := fs.ReadFile(fsys, p)
				if err != nil {
					diags.Add(diag.Errorf(p, 0, 0, "cannot read: %v", err))
					return nil
				}
				s.DataFiles[p] = b
			}
			return nil
		}
		if pageName(name) {
			var st Stat
			if _, root := fsys.(*siteFS); root && d.Type().IsRegular() {
				if fi, err := d.Info(); err == nil { // an os.Root's ReadDir has it: no system call
					st, _ = StatOfInfo(fi)
				}
			}
			files = append(files, p)
			stats = append(stats, st)
		}
		return nil
	})
	return files, stats, append(walked, diags...)
}

func pageName(name string) bool {
	return strings.HasSuffix(name, ".md") && (!strings.HasPrefix(name, "_") || name == "_index.md") && !strings.HasPrefix(name, ".")
}

// IsPageFile reports whether a path is a page file by Scan's rules.
func IsPageFile(p string) bool {
	rest, ok := strings.CutPrefix(p, ContentDir+"/")
	if !ok {
		return false
	}
	parts := strings.Split(rest, "/")
	for _, dir := range parts[:len(parts)-1] {
		if strings.HasPrefix(dir, "_") || strings.HasPrefix(dir, ".") {
			return false
		}
	}
	return pageName(parts[len(parts)-1])
}

// WalkOrder makes a sort key that orders paths as fs.WalkDir visits them (a folder's
// files before a sibling file whose name extends the folder's: a/_index.md before a.md).
func WalkOrder(p string) string { return strings.ReplaceAll(p, "/", "\x00") }

// ReadPage reads and parses one page file. A file that cannot be read gives a diagnostic
// and no page; exists is false only when the file is gone.
func ReadPage(fsys fs.FS, file string, cfg *site.Config) (p *site.Page, diags diag.List, exists bool) {
	src, err := fs.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, false
	}
	if err != nil {
		return nil, diag.List{diag.Errorf(file, 0, 0, "cannot read: %v", err)}, true
	}
	p, diags = ParsePage(file, src, cfg)
	return p, diags, true
}

// Assemble makes s's page list and URL index from pages, which come in walk order: of two
// files with one URL, the first keeps it and the second is reported. It then links the
// tree (Link).
func Assemble(s *site.Site, pages []*site.Page) diag.List {
	s.Pages = s.Pages[:0]
	s.ByURL = make(map[string]*site.Page, len(pages))
	var diags diag.List
	for _, p := range pages {
		if prev, dup := s.ByURL[p.URL]; dup {
			diags.Add(diag.Errorf(p.File, 1, 1, "duplicate page path %s: %s already makes it", p.URL, prev.File).
				WithHint("rename or remove one of the two files"))
			continue
		}
		s.ByURL[p.URL] = p
		s.Pages = append(s.Pages, p)
	}
	Link(s, &diags)
	return diags
}

// Link sorts pages, sets parents and children, and checks that every page has a section.
func Link(s *site.Site, diags *diag.List) {
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].URL < s.Pages[j].URL })
	for _, p := range s.Pages {
		p.Parent = nil
		p.Children = nil
	}
	s.Home = s.ByURL["/"]
	if s.Home == nil && len(s.Pages) > 0 {
		diags.Add(diag.Errorf(ContentDir+"/_index.md", 0, 0, "the site has no home page").WithHint("create content/_index.md"))
	}
	for _, p := range s.Pages {
		if p.URL == "/" {
			continue
		}
		parentURL := parentOf(p.URL)
		parent, ok := s.ByURL[parentURL]
		if !ok || !parent.IsSection {
			dir := path.Dir(p.File)
			if p.IsSection {
				dir = path.Dir(path.Dir(p.File))
			}
			diags.Add(diag.Errorf(p.File, 1, 1, "page is in a folder with no section page").
				WithHint("create %s/_index.md", dir))
			parent = nil
			for u := parentOf(parentURL); ; u = parentOf(u) {
				if a, ok := s.ByURL[u]; ok && a.IsSection {
					parent = a
					break
				}
				if u == "/" {
					break
				}
			}
		}
		if parent != nil {
			p.Parent = parent
			parent.Children = append(parent.Children, p)
		}
	}
	s.SortChildren()
}

func parentOf(u string) string {
	u = strings.TrimSuffix(u, "/")
	i := strings.LastIndex(u, "/")
	if i <= 0 {
		return "/"
	}
	return u[:i+1]
}

// URLFor maps a content path to its URL: content/a/b.md → /a/b/, content/a/_index.md → /a/.
func URLFor(file string) string {
	rel := strings.TrimPrefix(file, ContentDir+"/")
	rel = strings.TrimSuffix(rel, ".md")
	if rel == "_index" {
		return "/"
	}
	rel = strings.TrimSuffix(rel, "/_index")
	return "/" + rel + "/"
}

// nameRE is what a folder or page name may be: it becomes part of a URL and of an output
// path, so no spaces, no "..", nothing a browser or the publish step would treat apart.
var (
	nameRE    = regexp.MustCompile(`^[A-Za-z0-9_]+(?:(?:-+|\.)[A-Za-z0-9_]+)*$`)
	nonNameRE = regexp.MustCompile(`[^A-Za-z0-9_]+`)
)

// checkName reports a content file whose path cannot be a page URL ("my page.md",
// "a..b.md"), naming the file.
func checkName(file string) (diag.Diag, bool) {
	rel := strings.TrimSuffix(strings.TrimPrefix(file, ContentDir+"/"), ".md")
	for _, part := range strings.Split(rel, "/") {
		if !nameRE.MatchString(part) {
			better := strings.Trim(nonNameRE.ReplaceAllString(strings.ToLower(part), "-"), "-")
			return diag.Errorf(file, 1, 1, "%q cannot be part of a page address", part).
				WithHint("name files and folders with letters, digits and single dashes or dots, such as %q", better), false
		}
	}
	return diag.Diag{}, true
}

// ParsePage splits front matter from body and validates the front matter.
func ParsePage(file string, src []byte, cfg *site.Config) (*site.Page, diag.List) {
	var diags diag.List
	if d, ok := checkName(file); !ok {
		return nil, diag.List{d}
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, diag.List{diag.Errorf(file, 1, 1, "missing front matter").
			WithHint("start the file with a line '---', the YAML keys (title, description, area, …), and another '---'")}
	}
	rest := src[4:]
	end := -1
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		end = 0
	} else if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
		end = i + 1
	} else if bytes.HasSuffix(rest, []byte("\n---")) {
		end = len(rest) - 3
	}
	if end < 0 {
		return nil, diag.List{diag.Errorf(file, 1, 1, "front matter is not closed").
			WithHint("add a line '---' after the last front matter key")}
	}
	fmSrc := rest[:end]
	body := rest[end:]
	body = bytes.TrimPrefix(body, []byte("---"))
	body = bytes.TrimPrefix(body, []byte("\n"))
	bodyLine := 1 + 1 + bytes.Count(fmSrc, []byte("\n")) + 1

	p := &site.Page{File: file, URL: URLFor(file), IsSection: path.Base(file) == "_index.md", Body: body, BodyLine: bodyLine}
	var node yaml.Node
	if ds := datafile.Decode(file, fmSrc, 1, &node); len(ds) > 0 {
		return nil, ds
	}
	if ds := datafile.Decode(file, fmSrc, 1, &p.Front); len(ds) > 0 {
		for i := range ds {
			if strings.Contains(ds[i].Msg, "not found in type") {
				ds[i].Msg = strings.Replace(ds[i].Msg, "not found in type site.FrontMatter", "is not a front matter key", 1)
				ds[i].Hint = "known keys: title, nav_title, description, weight, audience, area, source, reviewed, review_by, also_in, toc, layout, search"
			}
		}
		return nil, ds
	}
	lineOf := func(key string) int {
		if len(node.Content) == 0 {
			return 1
		}
		m := node.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i].Line + 1
			}
		}
		return 1
	}
	fm := &p.Front
	expandAreas(&diags, file, cfg, lineOf, p)
	if strings.TrimSpace(fm.Title) == "" {
		diags.Add(diag.Errorf(file, 1, 1, "front matter has no title").WithHint("add 'title: …'"))
	}
	if strings.TrimSpace(fm.Description) == "" {
		diags.Add(diag.Errorf(file, 1, 1, "front matter has no description").WithHint("add 'description: …', one sentence for search results and listings"))
	}
	if slices.Contains(fm.Area, site.AllAreas) {
		if len(fm.Area) == 1 {
			fm.Area = slices.Clone(cfg.AreaOrder) // the site's own pages: every area, in site.yaml's order
		} else {
			diags.Add(diag.Errorf(file, lineOf("area"), 1, "area %q with other areas", site.AllAreas).
				WithHint("write area: [%s] alone for a page about every area, or list the areas", site.AllAreas))
		}
	}
	if len(fm.Area) == 0 {
		diags.Add(diag.Errorf(file, 1, 1, "front matter has no area").
			WithHint("every page must say which area its guidance is for: area: [%s]", strings.Join(cfg.AreaOrder, ", ")))
	}
	for i, a := range append(append([]string(nil), fm.Area...), fm.Banner...) {
		key := "area"
		if i >= len(fm.Area) {
			key = "banner"
		}
		if _, ok := cfg.Areas[a]; !ok {
			d := diag.Errorf(file, lineOf(key), 1, "unknown area %q", a)
			if s := Suggest(a, cfg.AreaOrder); s != "" {
				d.Hint = "did you mean " + `"` + s + `"?`
			} else {
				d.Hint = "areas are defined in site.yaml: " + strings.Join(cfg.AreaOrder, ", ")
			}
			diags.Add(d)
		}
	}
	for _, a := range fm.Audience {
		if !audiences[a] {
			diags.Add(diag.Errorf(file, lineOf("audience"), 1, "unknown audience %q", a).WithHint("use parents and/or professionals"))
		}
	}
	if src := datafile.MapValue(datafile.MapValue(datafile.Top(&node), "source"), "url"); src != nil && src.Value != "" {
		checkLink(&diags, file, 1, src, "source url")
	}
	if fm.Source == nil || fm.Source.Publisher == "" || fm.Source.Title == "" {
		diags.Add(diag.Errorf(file, lineOf("source"), 1, "front matter has no source publisher and title").
			WithHint("say who published the guidance: source: {publisher: …, title: …, date: …}"))
	}
	if !fm.Reviewed.IsZero() && !fm.ReviewBy.IsZero() && fm.ReviewBy.Before(fm.Reviewed.Time) {
		diags.Add(diag.Errorf(file, lineOf("review_by"), 1, "review_by %s is before reviewed %s", fm.ReviewBy.ISO(), fm.Reviewed.ISO()))
	}
	if fm.Search != nil {
		for _, w := range []*float64{fm.Search.Weight, fm.Search.SectionWeight} {
			if w != nil && (*w <= 0 || *w > 10) {
				diags.Add(diag.Errorf(file, lineOf("search"), 1, "search weight %g is out of range", *w).
					WithHint("use a number above 0 and up to 10: 1 is normal, below 1 ranks lower, above 1 higher"))
			}
		}
		if fm.Search.SectionWeight != nil && !p.IsSection {
			diags.Add(diag.Errorf(file, lineOf("search"), 1, "section_weight is only for a section's _index.md").
				WithHint("use weight for this page"))
		}
		for _, k := range fm.Search.Keywords {
			if strings.TrimSpace(k) == "" {
				diags.Add(diag.Errorf(file, lineOf("search"), 1, "empty search keyword"))
			}
		}
	}
	if fm.Layout != "" && !slices.Contains(site.PageLayouts, fm.Layout) {
		diags.Add(diag.Errorf(file, lineOf("layout"), 1, "unknown layout %q", fm.Layout).WithHint("use one of: %s", strings.Join(site.PageLayouts, ", ")))
	}
	return p, diags
}

// expandAreas writes the names of every area of site.yaml for {areas} and {areas-or} in the
// page's title, description, source title and body: the site's own wording that names the
// areas comes from site.yaml (issue #18). A misspelled placeholder is an error.
func expandAreas(diags *diag.List, file string, cfg *site.Config, lineOf func(string) int, p *site.Page) {
	fm := &p.Front
	fields := []struct {
		key string
		s   *string
	}{{"title", &fm.Title}, {"description", &fm.Description}}
	if fm.Source != nil {
		fields = append(fields, struct {
			key string
			s   *string
		}{"source", &fm.Source.Title})
	}
	bad := func(line int, m string) {
		diags.Add(diag.Errorf(file, line, 1, "unknown placeholder %q", m).
			WithHint("write %s (\"A, B and C\") or %s (\"A, B or C\") for the names of every area of site.yaml", site.AreasPlaceholder, site.AreasOrPlaceholder))
	}
	for _, f := range fields {
		var m string
		if *f.s, m = cfg.ExpandAreas(*f.s); m != "" {
			bad(lineOf(f.key), m)
		}
	}
	if bytes.Contains(p.Body, []byte("{")) {
		body, m := cfg.ExpandAreas(string(p.Body))
		if m != "" {
			bad(p.BodyLine+strings.Count(string(p.Body[:bytes.Index(p.Body, []byte(m))]), "\n"), m)
		}
		p.Body = []byte(body)
	}
}

// LoadConfig reads and validates site.yaml.
func LoadConfig(fsys fs.FS) (site.Config, diag.List) {
	var cfg site.Config
	b, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		return cfg, diag.List{diag.Errorf(ConfigFile, 0, 0, "cannot read site configuration: %v", err).WithHint("run signpost in the site root or pass -src")}
	}
	if ds := datafile.Decode(ConfigFile, b, 0, &cfg); len(ds) > 0 {
		return cfg, ds
	}
	var node yaml.Node
	_ = yaml.Unmarshal(b, &node)
	var diags diag.List
	if len(node.Content) > 0 {
		m := node.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "areas" {
				am := m.Content[i+1]
				for j := 0; j+1 < len(am.Content); j += 2 {
					cfg.AreaOrder = append(cfg.AreaOrder, am.Content[j].Value)
				}
			}
		}
	}
	if cfg.Title == "" {
		diags.Add(diag.Errorf(ConfigFile, 1, 1, "site.yaml has no title"))
	}
	var bad string
	if cfg.Tagline, bad = cfg.ExpandAreas(cfg.Tagline); bad != "" {
		line, col := 1, 1
		if v := datafile.MapValue(datafile.Top(&node), "tagline"); v != nil {
			line, col = v.Line, v.Column
		}
		diags.Add(diag.Errorf(ConfigFile, line, col, "tagline: unknown placeholder %q", bad).WithHint("write %s for the names of every area", site.AreasPlaceholder))
	}
	if cfg.Language == "" {
		cfg.Language = "en-GB"
	}
	if len(cfg.Areas) == 0 {
		diags.Add(diag.Errorf(ConfigFile, 1, 1, "site.yaml defines no areas"))
	}
	diags.Add(checkAreas(&node, cfg)...)
	if len(node.Content) > 0 {
		checkConfigURLs(node.Content[0], &diags)
	}
	return cfg, diags
}

// Suggest returns the candidate s most likely means (internal/suggest's rule), or "".
func Suggest(s string, candidates []string) string { return suggest.Closest(s, candidates) }
