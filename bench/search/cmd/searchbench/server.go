package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// server serves a built site from disk on 127.0.0.1 and logs every response with the body
// bytes it sent, so a query's transfer can be counted on the server side too: Pagefind
// 1.6 fetches its index from a Web Worker, whose requests the page's DevTools Network
// domain does not report.
//
// Text files (html, js, css, json, svg, xml) are sent gzip-compressed (level 6) when the
// browser accepts it, like a static host would; everything is sent with Cache-Control:
// no-store, so every page load starts with an empty HTTP cache.
type server struct {
	root string
	addr string
	ts   *httptest.Server

	mu       sync.Mutex
	log      []served
	inflight int
	last     time.Time
	gz       map[string][]byte
}

// served is one response.
type served struct {
	Path string // URL path, without the query
	Body int    // body bytes sent (compressed when gzip)
	Raw  int    // size of the file
}

// newServer serves root over HTTP/2 with TLS (a self-signed certificate; Chromium runs
// with --ignore-certificate-errors), as a CDN like Netlify's would, or over plain HTTP/1.1
// when http1 is set, where Chromium opens at most 6 connections to the host and a query's
// parallel fetches queue.
func newServer(root string, http1 bool) (*server, error) {
	s := &server{root: root, gz: map[string][]byte{}, last: time.Now()}
	s.ts = httptest.NewUnstartedServer(s)
	s.ts.Config.ReadHeaderTimeout = 10 * time.Second
	s.ts.Config.ErrorLog = log.New(io.Discard, "", 0) // Chromium's aborted TLS probes
	if http1 {
		s.ts.Start()
	} else {
		s.ts.EnableHTTP2 = true
		s.ts.StartTLS()
	}
	s.addr = s.ts.URL
	return s, nil
}

func (s *server) close() { s.ts.Close() }

var textExt = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".xml":  "application/xml",
	".txt":  "text/plain; charset=utf-8",
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inflight++
	s.mu.Unlock()
	rec := served{Path: r.URL.Path}
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.last = time.Now()
		s.log = append(s.log, rec)
		s.mu.Unlock()
	}()
	p := path.Clean("/" + r.URL.Path)
	name := filepath.Join(s.root, filepath.FromSlash(p))
	if st, err := os.Stat(name); err == nil && st.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name = filepath.Join(name, "index.html")
	}
	body, err := os.ReadFile(name)
	status := http.StatusOK
	if err != nil {
		status = http.StatusNotFound
		body = []byte("not found\n")
		name = "x.txt"
	}
	rec.Raw = len(body)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	ext := strings.ToLower(filepath.Ext(name))
	if ct, ok := textExt[ext]; ok {
		h.Set("Content-Type", ct)
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && status == http.StatusOK {
			body = s.gzipped(name, body)
			h.Set("Content-Encoding", "gzip")
			h.Set("Vary", "Accept-Encoding")
		}
	} else if ext == ".wasm" {
		h.Set("Content-Type", "application/wasm")
	} else {
		h.Set("Content-Type", "application/octet-stream")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	rec.Body = len(body)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func (s *server) gzipped(name string, b []byte) []byte {
	s.mu.Lock()
	z, ok := s.gz[name]
	s.mu.Unlock()
	if ok {
		return z
	}
	z = gzipBytes(b)
	s.mu.Lock()
	s.gz[name] = z
	s.mu.Unlock()
	return z
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, 6)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// mark returns the position in the log, for since.
func (s *server) mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

// since returns the responses logged after mark m.
func (s *server) since(m int) []served {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]served(nil), s.log[m:]...)
}

// idle waits until no request is in flight and none has ended for quiet (at most max).
func (s *server) idle(quiet, max time.Duration) {
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		ok := s.inflight == 0 && time.Since(s.last) >= quiet
		s.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
