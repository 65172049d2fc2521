package build

import (
	"context"
	"html/template"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"signpost/internal/assets"
	"signpost/internal/blocks"
	"signpost/internal/chart"
	"signpost/internal/cwdcheck"
	"signpost/internal/diag"
	"signpost/internal/diagram"
	"signpost/internal/glossary"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/search"
	"signpost/internal/site"
	"signpost/internal/tiermatrix"
	"signpost/internal/wasm"
)

func templateHTML(s string) template.HTML { return template.HTML(s) }

// dataOwner decodes one data file into s.Data and registers the blocks that render it.
type dataOwner func(file string, src []byte, s *site.Site, reg *blocks.Registry) diag.List

// dataOwners maps a data file's base name to the package that owns it
// (docs/architecture.md, "Data files").
var dataOwners = map[string]dataOwner{
	"cwd": func(file string, src []byte, s *site.Site, reg *blocks.Registry) diag.List {
		d, diags := cwdcheck.Load(file, src)
		if d == nil {
			return diags
		}
		contacts := cwdcheck.SiteContacts(s.Config)
		diags.Add(cwdcheck.Validate(file, d, contacts)...)
		s.Data["cwd"] = d
		s.DataLinks = append(s.DataLinks, cwdcheck.Citations(file, d, contacts)...)
		plain := cwdcheck.Plain(d)
		// Rendered when a page asks for it: the glossary (loaded after cwd.yaml) explains
		// the routes' terms.
		reg.Widget("cwd-check", func(_ markdown.BlockCall, s *site.Site, _ *site.Page) (string, string, diag.List) {
			g, _ := s.Data["glossary"].(*glossary.Glossary)
			return string(cwdcheck.RenderWidget(d, contacts, g)), plain, cwdcheck.CheckTerms(file, d, g, contacts)
		})
		return diags
	},
	// indicators.yaml and indicators-<name>.yaml: one threshold document's matrix each,
	// placed with ::: widget tier-matrix <form id>.
	"indicators": func(file string, src []byte, s *site.Site, reg *blocks.Registry) diag.List {
		d, diags := tiermatrix.Load(file, src)
		if d == nil {
			return diags
		}
		docs, _ := s.Data["tier-matrix"].(tiermatrix.Documents)
		if docs == nil {
			docs = tiermatrix.Documents{}
			s.Data["tier-matrix"] = docs
		}
		diags.Add(docs.Add(file, d)...)
		reg.Widget("tier-matrix", docs.WidgetBlock)
		reg.Kind("indicators", docs.AppendixBlock)
		return diags
	},
	"report": func(file string, src []byte, s *site.Site, reg *blocks.Registry) diag.List {
		cs, diags := chart.Load(file, src)
		s.Data["report"] = cs
		reg.Kind("chart", func(c markdown.BlockCall, _ *site.Site, _ *site.Page) (string, string, diag.List) {
			if len(c.Args) != 1 {
				return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: chart needs one id")}
			}
			ch, ok := cs[c.Args[0]]
			if !ok {
				e := diag.Errorf(c.File, c.Line, 11, "unknown chart %q", c.Args[0])
				if sg := chart.Suggest(c.Args[0], cs); sg != "" {
					e.Hint = "did you mean \"" + sg + "\"?"
				}
				return "", "", diag.List{e}
			}
			return string(chart.Render(ch)), chart.Text(ch), nil
		})
		return diags
	},
	"synonyms": func(file string, src []byte, s *site.Site, reg *blocks.Registry) diag.List {
		syn, diags := search.LoadSynonyms(file, src)
		s.Data["synonyms"] = syn
		return diags
	},
	"vocabulary": func(file string, src []byte, s *site.Site, reg *blocks.Registry) diag.List {
		v, diags := search.LoadVocabulary(file, src)
		s.Data["vocabulary"] = v
		return diags
	},
	"glossary": func(file string, src []byte, s *site.Site, reg *blocks.Registry) diag.List {
		g, diags := glossary.Load(file, src)
		diags.Add(g.CheckAreas(s.Config.AreaOrder)...)
		s.Data["glossary"] = g
		s.Data["glossary-map"] = g.Abbreviations()
		reg.Late("glossary", blocks.Glossary(g))
		return diags
	},
	"diagrams": func(file string, src []byte, s *site.Site, reg *blocks.Registry) diag.List {
		ds, diags := diagram.Load(file, src)
		s.Data["diagrams"] = ds
		reg.Kind("diagram", func(c markdown.BlockCall, _ *site.Site, _ *site.Page) (string, string, diag.List) {
			if len(c.Args) != 1 {
				return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: diagram needs one id")}
			}
			d, ok := ds[c.Args[0]]
			if !ok {
				e := diag.Errorf(c.File, c.Line, 13, "unknown diagram %q", c.Args[0])
				if sg := diagram.Suggest(c.Args[0], ds); sg != "" {
					e.Hint = "did you mean \"" + sg + "\"?"
				}
				return "", "", diag.List{e}
			}
			return string(diagram.Render(d)), diagram.Text(d), nil
		})
		return diags
	},
}

// loadData decodes content/_data files with their owner packages and registers the blocks
// and widgets that render them. A data file with no owner is an error: it would otherwise
// be silently ignored.
func loadData(s *site.Site, reg *blocks.Registry) diag.List {
	var diags diag.List
	names := make([]string, 0, len(s.DataFiles))
	for f := range s.DataFiles {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		base := strings.TrimSuffix(path.Base(f), ".yaml")
		own, ok := dataOwners[base]
		if i := strings.IndexByte(base, '-'); !ok && i > 0 && base[:i] == "indicators" {
			own, ok = dataOwners["indicators"] // another threshold document's matrix
		}
		if !ok {
			var known []string
			for k := range dataOwners {
				known = append(known, k+".yaml")
			}
			sort.Strings(known)
			d := diag.Errorf(f, 0, 0, "no part of the site reads this data file")
			if sg := load.Suggest(base+".yaml", known); sg != "" {
				d.Hint = "did you mean " + sg + "?"
			} else {
				d.Hint = "data files: " + strings.Join(known, ", ")
			}
			diags.Add(d)
			continue
		}
		diags.Add(own(f, s.DataFiles[f], s, reg)...)
	}
	for _, base := range slices.Sorted(maps.Keys(blocksOf)) {
		file := load.DataDir + "/" + base + ".yaml"
		if _, ok := s.DataFiles[file]; ok || hasFamily(s, base) {
			continue
		}
		fed := blocksOf[base]
		var uses []string
		for _, k := range fed.kinds {
			uses = append(uses, "::: "+k)
		}
		for _, w := range fed.widgets {
			uses = append(uses, "::: widget "+w)
		}
		// Every use returns this one diagnostic; finish drops the repeats.
		d := diag.Errorf(file, 0, 0, "data file is missing, and pages use what it feeds (%s)", strings.Join(uses, ", ")).
			WithHint("restore the file, or remove those blocks")
		missing := func(markdown.BlockCall, *site.Site, *site.Page) (string, string, diag.List) {
			return "", "", diag.List{d}
		}
		for _, k := range fed.kinds {
			reg.Kind(k, missing)
		}
		for _, w := range fed.widgets {
			reg.Widget(w, missing)
		}
	}
	return diags
}

// hasFamily reports whether a data file of base's family is present: another threshold
// document's matrix (indicators-<name>.yaml) feeds the same blocks as indicators.yaml.
func hasFamily(s *site.Site, base string) bool {
	if base != "indicators" {
		return false
	}
	for f := range s.DataFiles {
		if strings.HasPrefix(path.Base(f), base+"-") {
			return true
		}
	}
	return false
}

// blocksOf lists the blocks and widgets each data file feeds, so that using one while its
// file is missing names the file, once, rather than "unknown block" at every use (issue 15).
var blocksOf = map[string]struct{ kinds, widgets []string }{
	"report":     {kinds: []string{"chart"}},
	"diagrams":   {kinds: []string{"diagram"}},
	"indicators": {kinds: []string{"indicators"}, widgets: []string{"tier-matrix"}},
	"cwd":        {widgets: []string{"cwd-check"}},
}

// glossaryMap returns term → expansion for <abbr> marking.
func glossaryMap(s *site.Site) map[string]string {
	g, _ := s.Data["glossary-map"].(map[string]string)
	return g
}

// checkGlossary warns about all-caps acronyms in a page's text that the glossary lacks, so
// every term a reader meets can be looked up.
func checkGlossary(s *site.Site) diag.List {
	g, ok := s.Data["glossary"].(*glossary.Glossary)
	if !ok {
		return nil
	}
	var diags diag.List
	for _, p := range s.Pages {
		var text strings.Builder
		text.WriteString(p.Front.Title + " ")
		for _, sec := range p.Sections {
			text.WriteString(sec.Heading + " " + sec.Text + " ")
		}
		if missing := glossary.FindUndefined(text.String(), g); len(missing) > 0 {
			diags.Add(diag.Warnf(p.File, 1, 1, "acronyms not in the glossary: %s", strings.Join(missing, ", ")).
				WithHint("add them to content/_data/glossary.yaml with the expansion the document gives"))
		}
	}
	return diags
}

// SearchInput collects what the search index is built from: every section of every page
// (the page's introduction and each heading's text, including generated blocks' text)
// except the search page itself, and the glossary, synonyms and area names. Exported so
// the search benchmark times exactly the build's work.
func SearchInput(s *site.Site) ([]search.Doc, search.Options) {
	var docs []search.Doc
	for _, p := range s.Pages {
		if p.Front.Layout == "search" {
			continue
		}
		linkOnly := search.LinkOnlySections(string(p.Body))
		if len(linkOnly) == len(p.Sections)+1 && len(p.Sections) > 0 && p.Sections[0].Anchor != "" {
			linkOnly = linkOnly[1:] // no introduction section
		}
		for i, sec := range p.Sections {
			u := p.URL
			if sec.Anchor != "" {
				u += "#" + sec.Anchor
			}
			d := search.Doc{URL: u, PageURL: p.URL, PageTitle: p.Front.Title, Heading: sec.Heading,
				HeadingPath: sec.Path, Areas: p.Front.Area, Audience: p.Front.Audience, Text: sec.Text,
				Weight: p.SearchWeight(), LinkOnly: len(linkOnly) == len(p.Sections) && linkOnly[i]}
			if sec.Anchor == "" && p.Front.Search != nil {
				d.Keywords = p.Front.Search.Keywords
			}
			docs = append(docs, d)
		}
	}
	opt := search.Options{AreaNames: map[string]string{}}
	for k, a := range s.Config.Areas {
		opt.AreaNames[k] = a.Name
	}
	if g, ok := s.Data["glossary"].(*glossary.Glossary); ok {
		for _, e := range g.Entries {
			opt.Glossary = append(opt.Glossary, search.Term{Term: e.Term, Expansion: e.Expansion})
		}
	}
	if syn, ok := s.Data["synonyms"].([][]string); ok {
		opt.Synonyms = syn
	}
	if v, ok := s.Data["vocabulary"].(search.Vocabulary); ok {
		opt.Vocabulary = v
	}
	return docs, opt
}

// buildSearch makes the sharded search index files from SearchInput.
func buildSearch(s *site.Site) (map[string][]byte, diag.List) {
	files, err := search.Build(SearchInput(s))
	if err != nil {
		return nil, diag.List{diag.Errorf("", 0, 0, "cannot build the search index: %v", err)}
	}
	return files, nil
}

// buildWASM compiles the one widgets module (cached by a hash of its sources) and returns
// it with wasm_exec.js from the same toolchain, both under fingerprinted names.
func buildWASM(ctx context.Context, cfg Config) (map[string][]byte, string, string, error) {
	mod, err := FindModuleDir(cfg)
	if err != nil {
		return nil, "", "", err
	}
	cache := cfg.CacheDir
	if cache == "" {
		cache = filepath.Join(mod, ".signpost-cache")
	}
	bin, execJS, err := wasm.Build(ctx, mod, cache)
	if err != nil {
		return nil, "", "", err
	}
	if min, err := assets.MinifyJS(execJS); err == nil {
		execJS = min
	}
	wasmPath := "assets/wasm/" + assets.HashName("widgets.wasm", bin)
	execPath := "assets/" + assets.HashName("wasm_exec.js", execJS)
	return map[string][]byte{wasmPath: bin, execPath: execJS}, "/" + wasmPath, "/" + execPath, nil
}
