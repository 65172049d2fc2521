package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"

	"signpost/internal/netlify"
)

// file is one built file with its precompressed forms (nil when the type is not compressed).
type file struct {
	raw, gz, br []byte
	once        sync.Once
}

// compressed returns the gzip and brotli forms, making them on first use (nil, nil for a
// type that is not compressed).
func (f *file) compressed(name string) (gz, br []byte) {
	if !compressible[path.Ext(name)] {
		return nil, nil
	}
	f.once.Do(func() {
		f.gz = gzipBytes(f.raw)
		f.br = brotliBytes(f.raw)
	})
	return f.gz, f.br
}

// site is a built site held in memory and served like Netlify serves it: the headers of
// netlify.toml, /dir/ → /dir/index.html, 404.html with status 404, and text-like files
// (.html .css .js .wasm .json .svg .xml .txt) compressed with brotli (quality 11) when the
// browser accepts br, else gzip (level 9), with Vary: Accept-Encoding.
type site struct {
	files map[string]*file
	cfg   *netlify.Config

	mu  sync.Mutex
	log []served // every response since the last reset
	ae  map[string]bool
}

type served struct {
	Path, Encoding string
	Bytes          int // body bytes written
}

var compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".wasm": true, ".json": true,
	".svg": true, ".xml": true, ".txt": true,
}

// eager lists the files compressed before serving (besides assets/).
var eager = map[string]bool{"404.html": true}

// loadSite reads dir into memory and precompresses the compressible files.
func loadSite(dir string, netlifyToml []byte) (*site, error) {
	cfg, err := netlify.Parse(netlifyToml)
	if err != nil {
		return nil, err
	}
	s := &site{files: map[string]*file{}, cfg: cfg, ae: map[string]bool{}}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		s.files[filepath.ToSlash(rel)] = &file{raw: b}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Compress what the widget pages load now, in parallel (brotli at quality 11 takes a
	// while on the 2 MB module); the rest of the site on first request.
	var wg sync.WaitGroup
	for name, f := range s.files {
		if !strings.HasPrefix(name, "assets/") && !eager[name] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.compressed(name)
		}()
	}
	wg.Wait()
	return s, nil
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

func brotliBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: 11, LGWin: 24})
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// accepts reports whether an Accept-Encoding header accepts coding (q=0 refuses it).
func accepts(header, coding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		params = strings.TrimSpace(params)
		if q, ok := strings.CutPrefix(params, "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				return false
			}
		}
		return true
	}
	return false
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean(r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") && p != "/" {
		p += "/"
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	f, ok := s.files[name]
	if !ok && !strings.HasSuffix(r.URL.Path, "/") {
		if _, isDir := s.files[name+"/index.html"]; isDir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if !ok {
		f, status, name = s.files["404.html"], http.StatusNotFound, "404.html"
		if f == nil {
			f = &file{raw: []byte("not found")}
		}
	}
	h := w.Header()
	for k, v := range s.cfg.Headers(r.URL.Path) {
		h[k] = v
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", netlify.ContentType(name))
	}
	body, enc := f.raw, ""
	ae := r.Header.Get("Accept-Encoding")
	if gz, br := f.compressed(name); gz != nil {
		h.Add("Vary", "Accept-Encoding")
		switch {
		case accepts(ae, "br"):
			body, enc = br, "br"
		case accepts(ae, "gzip"):
			body, enc = gz, "gzip"
		}
	}
	if enc != "" {
		h.Set("Content-Encoding", enc)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
	s.mu.Lock()
	s.log = append(s.log, served{Path: r.URL.Path, Encoding: enc, Bytes: len(body)})
	s.ae[r.Proto+" "+ae] = true
	s.mu.Unlock()
}

// takeLog returns and forgets the responses served so far.
func (s *site) takeLog() []served {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.log
	s.log = nil
	return l
}

// acceptEncodings returns the protocol and Accept-Encoding pairs seen.
func (s *site) acceptEncodings() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.ae {
		out = append(out, k)
	}
	return out
}

// sizeRow is one line of the size table.
type sizeRow struct {
	Name              string
	Raw, Gzip, Brotli int
}

// sizes returns raw / gzip -9 / brotli -q 11 sizes of the files the widget pages load.
func (s *site) sizes(pages []string) ([]sizeRow, error) {
	var rows []sizeRow
	add := func(label, name string) error {
		f, ok := s.files[name]
		if !ok {
			return fmt.Errorf("built site has no %s", name)
		}
		gz, br := f.compressed(name)
		rows = append(rows, sizeRow{label, len(f.raw), len(gz), len(br)})
		return nil
	}
	for _, want := range []struct{ label, prefix, ext string }{
		{"widgets module (.wasm)", "assets/wasm/widgets.", ".wasm"},
		{"wasm_exec.js (Go runtime glue)", "assets/wasm_exec.", ".js"},
		{"widgets.js (loader)", "assets/widgets.", ".js"},
		{"main.css", "assets/main.", ".css"},
		{"main.js", "assets/main.", ".js"},
	} {
		found := ""
		for name := range s.files {
			if strings.HasPrefix(name, want.prefix) && strings.HasSuffix(name, want.ext) && !strings.Contains(strings.TrimPrefix(name, want.prefix), "/") {
				found = name
			}
		}
		if found == "" {
			return nil, fmt.Errorf("built site has no %s*%s", want.prefix, want.ext)
		}
		if err := add(want.label, found); err != nil {
			return nil, err
		}
	}
	for _, p := range pages {
		if err := add(p+" (HTML)", strings.TrimPrefix(p, "/")+"index.html"); err != nil {
			return nil, err
		}
	}
	return rows, nil
}
