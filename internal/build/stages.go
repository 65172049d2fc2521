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
	"signpost/internal/feature"
	"signpost/internal/glossary"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/search"
	"signpost/internal/site"
	"signpost/internal/tiermatrix"
	"signpost/internal/wasm"
)

func templateHTML(s string) template.HTML { return template.HTML(s) }

// features lists every feature package's registration (internal/feature): the data files
// of content/_data each reads, the blocks they feed and the feature's late work. A new
// feature is one line here.
var features = []feature.Feature{
	chart.Feature,
	cwdcheck.Feature,
	diagram.Feature,
	glossary.Feature,
	search.Feature,
	tiermatrix.Feature,
}

// dataFile returns the registration of the data file with base name base: its own, or
// its family's (indicators-<name>.yaml reads as indicators.yaml).
func dataFile(base string) (feature.File, bool) {
	for _, f := range features {
		for _, df := range f.Files {
			if df.Base == base {
				return df, true
			}
		}
	}
	if i := strings.IndexByte(base, '-'); i > 0 {
		if df, ok := dataFile(base[:i]); ok && df.Family {
			return df, true
		}
	}
	return feature.File{}, false
}

// loadData decodes content/_data files with their owner packages and registers the blocks
// and widgets that render them. A data file with no owner is an error: it would otherwise
// be silently ignored.
func loadData(s *site.Site, reg *blocks.Registry) diag.List {
	var diags diag.List
	var known []string
	for _, f := range features {
		for _, df := range f.Files {
			known = append(known, df.Base+".yaml")
		}
	}
	sort.Strings(known)
	for _, f := range slices.Sorted(maps.Keys(s.DataFiles)) {
		base := strings.TrimSuffix(path.Base(f), ".yaml")
		df, ok := dataFile(base)
		if !ok {
			d := diag.Errorf(f, 0, 0, "no part of the site reads this data file")
			if sg := load.Suggest(base+".yaml", known); sg != "" {
				d.Hint = "did you mean " + sg + "?"
			} else {
				d.Hint = "data files: " + strings.Join(known, ", ")
			}
			diags.Add(d)
			continue
		}
		diags.Add(df.Load(f, s.DataFiles[f], s)...)
	}
	for _, f := range features {
		for _, df := range f.Files {
			if !present(s, df) {
				missing(df, reg)
				continue
			}
			for name, render := range df.Kinds {
				reg.Kind(name, render)
			}
			for name, render := range df.Widgets {
				reg.Widget(name, render)
			}
			for name, render := range df.Late {
				reg.Late(name, render)
			}
		}
	}
	return diags
}

// present reports whether df's data file, or one of its family, is among the site's.
func present(s *site.Site, df feature.File) bool {
	for f := range s.DataFiles {
		b := strings.TrimSuffix(path.Base(f), ".yaml")
		if b == df.Base || df.Family && strings.HasPrefix(b, df.Base+"-") {
			return true
		}
	}
	return false
}

// missing registers the blocks df feeds so that using one while its file is missing names
// the file, once, rather than "unknown block" at every use (issue 15).
func missing(df feature.File, reg *blocks.Registry) {
	if len(df.Kinds)+len(df.Widgets)+len(df.Late) == 0 {
		return
	}
	file := load.DataDir + "/" + df.Base + ".yaml"
	kinds := slices.Sorted(maps.Keys(df.Kinds))
	kinds = append(kinds, slices.Sorted(maps.Keys(df.Late))...)
	widgets := slices.Sorted(maps.Keys(df.Widgets))
	var uses []string
	for _, k := range kinds {
		uses = append(uses, "::: "+k)
	}
	for _, w := range widgets {
		uses = append(uses, "::: widget "+w)
	}
	// Every use returns this one diagnostic; finish drops the repeats.
	d := diag.Errorf(file, 0, 0, "data file is missing, and pages use what it feeds (%s)", strings.Join(uses, ", ")).
		WithHint("restore the file, or remove those blocks")
	render := func(markdown.BlockCall, *site.Site, *site.Page) (string, string, diag.List) {
		return "", "", diag.List{d}
	}
	for _, k := range kinds {
		reg.Kind(k, render) // a late block too: it reports at once
	}
	for _, w := range widgets {
		reg.Widget(w, render)
	}
}

// glossaryMap returns term → expansion for <abbr> marking.
func glossaryMap(s *site.Site) map[string]string { return glossary.Abbrs(s) }

// checkGlossary runs the features' late page checks (the glossary's: acronyms a page uses
// that the glossary lacks) on every page of s.
func checkGlossary(s *site.Site) diag.List {
	var diags diag.List
	for _, p := range s.Pages {
		for _, f := range features {
			if f.CheckPage != nil {
				diags.Add(f.CheckPage(s, p)...)
			}
		}
	}
	return diags
}

// SearchInput collects what the search index is built from: every section of every page
// (the page's introduction and each heading's text, including generated blocks' text)
// except the search page itself, and the glossary, synonyms and area names. Exported so
// the search benchmark times exactly the build's work.
func SearchInput(s *site.Site) ([]search.Doc, search.Options) {
	n := 0
	for _, p := range s.Pages {
		n += len(p.Sections)
	}
	docs := make([]search.Doc, 0, n) // not grown: 70,000 sections at N=10,000
	for _, p := range s.Pages {
		if p.Front.Layout == "search" {
			continue
		}
		linkOnly := p.LinkOnly
		if linkOnly == nil { // a page not converted by the markdown stage
			linkOnly = search.LinkOnlySections(string(p.Body))
		}
		if len(linkOnly) == len(p.Sections)+1 && len(p.Sections) > 0 && p.Sections[0].Anchor != "" {
			linkOnly = linkOnly[1:] // no introduction section
		}
		weight := p.SearchWeight()
		var byPath map[string]int // a statement's section: the first with its heading path
		if len(p.Statements) > 0 {
			byPath = map[string]int{}
		}
		for i, sec := range p.Sections {
			u := p.URL
			if sec.Anchor != "" {
				u += "#" + sec.Anchor
			}
			d := search.Doc{URL: u, PageURL: p.URL, PageTitle: p.Front.Title, Heading: sec.Heading,
				HeadingPath: sec.Path, Areas: p.Front.Area, Audience: p.Front.Audience, Text: sec.Text,
				Weight: weight, LinkOnly: len(linkOnly) == len(p.Sections) && linkOnly[i]}
			if sec.Anchor == "" && p.Front.Search != nil {
				d.Keywords = p.Front.Search.Keywords
			}
			if byPath != nil {
				if k := strings.Join(sec.Path, "\x00"); byPath[k] == 0 {
					byPath[k] = len(docs) + 1
				}
			}
			docs = append(docs, d)
		}
		// The sections a plain-words section restates: its statements' citations.
		for _, st := range p.Statements {
			if i := byPath[strings.Join(st.Path, "\x00")]; i > 0 && !st.Site {
				docs[i-1].Sources = append(docs[i-1].Sources, st.Cites...)
			}
		}
	}
	opt := search.Options{AreaNames: map[string]string{}}
	for k, a := range s.Config.Areas {
		opt.AreaNames[k] = a.Name
	}
	if g := glossary.Data.Get(s); g != nil {
		for _, e := range g.Entries {
			opt.Glossary = append(opt.Glossary, search.Term{Term: e.Term, Expansion: e.Expansion})
		}
	}
	opt.Synonyms = search.Synonyms.Get(s)
	opt.Vocabulary = search.Vocab.Get(s)
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
