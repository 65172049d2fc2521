// Package assets is the esbuild adapter: it bundles and minifies the site's CSS and
// JavaScript entry points (assets/css/main.css, assets/js/*.js) from an fs.FS, names each
// output by its content hash and returns a manifest from logical name to URL. Fingerprinted
// names let netlify.toml cache assets for a year; a changed file gets a new name.
package assets

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"signpost/internal/diag"
	"signpost/internal/highlight"
)

// Dir is the assets folder in the site root.
const Dir = "assets"

// Manifest maps a logical asset name ("main.css", "search.js") to its URL
// ("/assets/main.3F9A1C2B.css").
type Manifest map[string]string

// Result is a finished asset build.
type Result struct {
	Manifest Manifest
	Files    map[string][]byte // output path relative to the site root → bytes
}

// virtual holds generated modules importable from CSS and JS as "signpost:NAME".
func virtual(name string) (string, bool) {
	switch name {
	case "highlight.css":
		return highlight.CSS(), true
	}
	return "", false
}

// CSSEntries are the stylesheets a page links; every other CSS file is imported by one.
var CSSEntries = []string{"main.css", "print.css"}

// Entries lists the entry points present in fsys: assets/css/main.css and print.css, and
// every assets/js/*.js not starting with "_" (files in sub-folders are imported modules).
func Entries(fsys fs.FS) []string {
	var out []string
	for _, dir := range []string{Dir + "/css", Dir + "/js"} {
		ents, _ := fs.ReadDir(fsys, dir)
		for _, e := range ents {
			n := e.Name()
			if e.IsDir() || strings.HasPrefix(n, "_") || strings.HasPrefix(n, ".") {
				continue
			}
			if (strings.HasSuffix(n, ".css") && (n == CSSEntries[0] || n == CSSEntries[1])) || strings.HasSuffix(n, ".js") {
				out = append(out, dir+"/"+n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Build bundles the given entry points (paths in fsys). CSS `@import` and JS `import`
// resolve inside fsys; nothing is fetched from anywhere else.
func Build(fsys fs.FS, entries []string) (*Result, diag.List) {
	res := &Result{Manifest: Manifest{}, Files: map[string][]byte{}}
	if len(entries) == 0 {
		return res, nil
	}
	plugin := api.Plugin{
		Name: "sitefs",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
				if strings.HasPrefix(a.Path, "signpost:") {
					return api.OnResolveResult{Path: strings.TrimPrefix(a.Path, "signpost:"), Namespace: "virtual"}, nil
				}
				p := a.Path
				if !path.IsAbs(p) && a.Importer != "" && (strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../")) {
					p = path.Join(a.ResolveDir, p)
				}
				p = strings.TrimPrefix(path.Clean("/"+p), "/")
				if _, err := fs.Stat(fsys, p); err != nil {
					return api.OnResolveResult{Errors: []api.Message{{Text: "cannot find " + a.Path + " (imports resolve inside the site's assets/ folder only)"}}}, nil
				}
				return api.OnResolveResult{Path: "/" + p, Namespace: "sitefs"}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: "sitefs"}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				bs, err := fs.ReadFile(fsys, strings.TrimPrefix(a.Path, "/"))
				if err != nil {
					return api.OnLoadResult{}, err
				}
				s := string(bs)
				return api.OnLoadResult{Contents: &s, ResolveDir: path.Dir(a.Path), Loader: loaderFor(a.Path)}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: "virtual"}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				s, ok := virtual(a.Path)
				if !ok {
					return api.OnLoadResult{Errors: []api.Message{{Text: "unknown generated module signpost:" + a.Path}}}, nil
				}
				return api.OnLoadResult{Contents: &s, Loader: loaderFor(a.Path)}, nil
			})
		},
	}
	var eps []api.EntryPoint
	for _, e := range entries {
		eps = append(eps, api.EntryPoint{InputPath: e, OutputPath: strings.TrimSuffix(path.Base(e), path.Ext(e))})
	}
	r := api.Build(api.BuildOptions{
		EntryPointsAdvanced: eps,
		Bundle:              true,
		Write:               false,
		MinifyWhitespace:    true,
		MinifyIdentifiers:   true,
		MinifySyntax:        true,
		Format:              api.FormatESModule,
		Target:              api.ES2020,
		EntryNames:          "[name].[hash]",
		AssetNames:          "[name].[hash]",
		Outdir:              "/out",
		AbsWorkingDir:       "/",
		Plugins:             []api.Plugin{plugin},
		Loader:              map[string]api.Loader{".svg": api.LoaderFile, ".woff2": api.LoaderFile, ".png": api.LoaderFile},
		Charset:             api.CharsetUTF8,
		LogLevel:            api.LogLevelSilent,
	})
	var diags diag.List
	for _, m := range r.Errors {
		diags.Add(toDiag(m))
	}
	if len(r.Errors) > 0 {
		return res, diags
	}
	for _, f := range r.OutputFiles {
		name := strings.TrimPrefix(f.Path, "/out/")
		res.Files[Dir+"/"+name] = f.Contents
		// main.3F9A1C2B.css → main.css
		parts := strings.Split(name, ".")
		if len(parts) >= 3 {
			logical := strings.Join(parts[:len(parts)-2], ".") + "." + parts[len(parts)-1]
			res.Manifest[logical] = "/" + Dir + "/" + name
		}
	}
	return res, diags
}

func loaderFor(p string) api.Loader {
	switch path.Ext(p) {
	case ".css":
		return api.LoaderCSS
	case ".js", ".mjs":
		return api.LoaderJS
	case ".svg", ".png", ".woff2":
		return api.LoaderFile
	}
	return api.LoaderText
}

// toDiag converts an esbuild message; esbuild columns are 0-based, ours 1-based.
func toDiag(m api.Message) diag.Diag {
	d := diag.Diag{Msg: m.Text}
	if m.Location != nil {
		d.File = strings.TrimPrefix(m.Location.File, "sitefs:/")
		d.File = strings.TrimPrefix(d.File, "/")
		d.Line = m.Location.Line
		d.Col = m.Location.Column + 1
		d.Hint = m.Location.Suggestion
	}
	for _, n := range m.Notes {
		if d.Hint == "" {
			d.Hint = n.Text
		}
	}
	return d
}

// HashName inserts a short content hash into a file name: "widgets.wasm" → "widgets.3F9A1C2B.wasm".
func HashName(name string, b []byte) string {
	h := fnv64(b)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + h + ext
}

func fnv64(b []byte) string {
	var h uint64 = 14695981039346656037
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
	out := make([]byte, 8)
	for i := range out {
		out[i] = digits[h&31]
		h >>= 5
	}
	return string(out)
}

// MinifyJS minifies a standalone script (such as the Go toolchain's wasm_exec.js) without
// bundling it.
func MinifyJS(src []byte) ([]byte, error) {
	r := api.Transform(string(src), api.TransformOptions{Loader: api.LoaderJS, MinifyWhitespace: true, MinifySyntax: true, MinifyIdentifiers: true, Target: api.ES2020})
	if len(r.Errors) > 0 {
		return nil, fmt.Errorf("minify: %s", r.Errors[0].Text)
	}
	return r.Code, nil
}
