// Package offline writes the service worker, /sw.js, that keeps the professionals' pages,
// the tier matrix and the WebAssembly module available offline (issue #16, part 2). It
// runs last, on the finished file set, because the worker lists the build's files and
// names its cache by a hash of them: a new deployment is a new worker, which replaces the
// offline copies, and the same input always gives the same bytes.
//
// What the worker does (sw.js in this folder, documented in docs/architecture.md):
//
//   - Its scope is Scope: parents' pages, search and everything else outside it are never
//     controlled, so they always come from the network and nothing of them is stored.
//   - On install it stores the pages that register it (the tier matrix page) and every
//     fingerprinted asset, the module included, and refreshes the pages an earlier
//     version had stored; on activate it deletes the earlier versions' caches.
//   - Pages in scope are network-first (a visit stores the page), with the stored copy
//     when the network fails; fingerprinted assets are cache-first.
//   - A request with a query string (what someone typed) and any request other than GET
//     go to the network untouched and are never stored.
//   - "Make available offline" (assets/js/offline.js) asks it to store every page in
//     scope.
//
// The worker is not written in dev mode (`signpost serve`): there, asset names are stable
// and a cache-first worker would serve stale styles.
package offline

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"hash"
	"runtime"
	"slices"
	"sort"
	"strings"

	"signpost/internal/site"
)

// Scope is the part of the site the worker controls.
const Scope = "/professionals/"

// WorkerPath is where the worker is written in the file set; it is served as /sw.js
// and is not fingerprinted (a worker's URL must stay the same across deployments).
const WorkerPath = "sw.js"

//go:embed sw.js
var workerJS []byte

// marker is the line of sw.js that Worker replaces with the build's lists.
var marker = []byte("const BUILD = {}; // replaced by internal/offline")

// InScope reports whether p can be kept offline.
func InScope(p *site.Page) bool { return strings.HasPrefix(p.URL, Scope) }

// Auto reports whether a first visit to p registers the worker: the tier matrix (its
// Widgets hold "widget:tier-matrix", as the markdown stage records blocks), which
// professionals use on home visits with poor signal.
func Auto(p *site.Page) bool { return InScope(p) && slices.Contains(p.Widgets, "widget:tier-matrix") }

// build is what the worker is told about the build.
type build struct {
	ID     string   `json:"id"`     // hash of every other output file
	Scope  string   `json:"scope"`  // Scope
	Core   []string `json:"core"`   // pages stored on install
	Pages  []string `json:"pages"`  // every page in scope
	Assets []string `json:"assets"` // fingerprinted assets and the icon: cache-first
}

// Worker returns sw.js for a file set (output path → bytes); core are the URLs of the
// pages stored when the worker installs.
func Worker(files map[string][]byte, core []string) []byte {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	js, _ := WorkerOf(names, func(name string, _ []byte) ([]byte, error) { return files[name], nil }, core)
	return js
}

// ReadAhead reads names in order on several goroutines, a bounded number of files ahead of
// the caller, and returns a function giving each file's contents in turn. Reading back a
// 20,000-file site one file at a time was a serial second at the end of a build.
//
// read is given a buffer it may read into (from buf[:0]) and return; the contents next
// returns are valid until the next call, after which their buffer is handed to another
// read. So reading back a site allocates a few buffers, not the whole site once more.
func ReadAhead(names []string, read func(name string, buf []byte) ([]byte, error)) func() ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	results := make([]chan result, len(names))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	ahead := 4 * runtime.GOMAXPROCS(0)
	free := make(chan []byte, ahead) // a buffer for each read under way or unread
	for range ahead {
		free <- nil
	}
	done := make(chan struct{})
	go func() {
		for i, name := range names {
			var buf []byte
			select {
			case buf = <-free:
			case <-done:
				return
			}
			go func() {
				data, err := read(name, buf)
				results[i] <- result{data, err}
			}()
		}
	}()
	i := 0
	var last []byte
	return func() ([]byte, error) {
		if i > 0 {
			free <- last[:0] // the caller is done with it
		}
		r := <-results[i]
		i++
		last = r.data
		if r.err != nil || i == len(names) {
			close(done)
		}
		return r.data, r.err
	}
}

// WorkerOf is Worker for a file set known by its names, whose contents read returns one at
// a time (a build that streams its output to disk reads them back, so the whole site is
// never in memory at once). read may read into buf (see ReadAhead).
func WorkerOf(names []string, read func(name string, buf []byte) ([]byte, error), core []string) ([]byte, error) {
	names = WorkerFiles(names)
	h := sha256.New()
	next := ReadAhead(names, read)
	for _, name := range names {
		data, err := next()
		if err != nil {
			return nil, err
		}
		HashFile(h, name, data)
	}
	return WorkerWithID(names, hex.EncodeToString(h.Sum(nil))[:16], core), nil
}

// WorkerFiles are the output files the worker's ID hashes, in order: names sorted,
// without the worker.
func WorkerFiles(names []string) []string {
	names = slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == WorkerPath })
	sort.Strings(names)
	return names
}

// HashFile adds one file to the SHA-256 whose first 16 hex digits are the worker's ID, the
// files in WorkerFiles order. (internal/build's cache keeps the hash's state after each
// file and hashes only the files from the first that changed.)
func HashFile(h hash.Hash, name string, data []byte) {
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	h.Write([]byte{0})
}

// WorkerWithID is the worker for the output files names (WorkerFiles) whose hash is id.
func WorkerWithID(names []string, id string, core []string) []byte {
	b := build{ID: id, Scope: Scope, Core: append([]string{}, core...), Pages: []string{}, Assets: []string{}}
	sort.Strings(b.Core)
	for _, name := range names {
		u := "/" + name
		switch {
		case strings.HasPrefix(u, Scope) && strings.HasSuffix(u, "/index.html"):
			b.Pages = append(b.Pages, strings.TrimSuffix(u, "index.html"))
		case strings.HasPrefix(name, "assets/") || name == "favicon.svg":
			b.Assets = append(b.Assets, u)
		}
	}
	list, err := json.Marshal(b)
	if err != nil {
		panic("offline: " + err.Error()) // strings only: cannot fail
	}
	if !bytes.Contains(workerJS, marker) {
		panic("offline: sw.js has lost its BUILD line")
	}
	return bytes.Replace(workerJS, marker, append(append([]byte("const BUILD = "), list...), ';'), 1)
}
