// Package offline writes the service worker, /sw.js, that keeps the professionals' pages,
// the tier matrix and the WebAssembly module available offline (issue #16, part 2). It
// runs last, on the finished file set, because the worker lists the build's files and
// names its cache by a hash of them: a new deployment is a new worker, which replaces the
// offline copies, and the same input always gives the same bytes. The hash is a SHA-256
// over each file's name and the SHA-256 of its contents (hashFile), names in order: a
// build that writes to disk knows every file's sum already, so it reads nothing back.
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
	ID     string   `json:"id"`     // hash of every other output file's name and SHA-256
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
	js, _ := WorkerOf(names, func(name string) ([sha256.Size]byte, error) { return sha256.Sum256(files[name]), nil }, core)
	return js
}

// WorkerOf is Worker for a file set known by its names and the SHA-256 of each file's
// contents, which sum returns (a build that streams its output to disk has every file's
// sum from writing or linking it, so nothing is read back).
func WorkerOf(names []string, sum func(name string) ([sha256.Size]byte, error), core []string) ([]byte, error) {
	names = workerFiles(names)
	h := sha256.New()
	for _, name := range names {
		s, err := sum(name)
		if err != nil {
			return nil, err
		}
		hashFile(h, name, s)
	}
	return workerWithID(names, hex.EncodeToString(h.Sum(nil))[:16], core), nil
}

// workerFiles are the output files the worker's ID hashes, in order: names sorted,
// without the worker.
func workerFiles(names []string) []string {
	names = slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == WorkerPath })
	sort.Strings(names)
	return names
}

// hashFile adds one file to the SHA-256 whose first 16 hex digits are the worker's ID, the
// files in workerFiles order: its name, a zero byte and the SHA-256 of its contents (a
// name holds no zero byte and a sum is 32 bytes, so no two file sets hash the same input).
func hashFile(h hash.Hash, name string, sum [sha256.Size]byte) {
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(sum[:])
}

// workerWithID is the worker for the output files names (workerFiles) whose hash is id.
func workerWithID(names []string, id string, core []string) []byte {
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
