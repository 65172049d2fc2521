// Package watch reports changed files under a folder in debounced batches, for `signpost
// serve`. It is the fsnotify adapter: fsnotify watches single folders, so this package adds
// every folder below the watched ones, also folders created or moved in after the start,
// and drops the watches of folders removed or moved away.
//
// Editors save in several steps (write a temporary file and rename it over the old one;
// move the old file to a backup first; write, truncate and write again), and each step is
// an event. A batch is therefore reported only once no event has come for Debounce (or
// MaxDelay after its first event, so a stream of events cannot hold it back forever).
// A save in place (truncate and write, as os.WriteFile and most editors do) is one burst
// of write events microseconds apart with the file there all along; a batch of only such
// events is reported after the shorter Quick, so the preview starts sooner. Should a
// reader still see a file half written, the rest of the write is another batch right
// after it (serve shows a build's errors only once no batch has followed for a while).
// A batch names paths, not events: the reader looks at the disk to see what they are now,
// which makes every save pattern look the same.
//
// Build output (public/), version control folders, the widget cache and editors' swap,
// backup and lock files are ignored.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options configure a Watcher.
type Options struct {
	// Root is the folder the watched paths are in; batches name paths relative to it,
	// with forward slashes.
	Root string
	// Paths are the top-level files and folders of Root to watch ("content", "site.yaml");
	// folders are watched with everything below them. A path that does not exist yet is
	// picked up when it appears.
	Paths []string
	// Debounce is the quiet time that closes a batch; 0 means 60ms.
	Debounce time.Duration
	// Quick is the quiet time that closes a batch whose every event was a write to, or the
	// creation of, a plain file that is there when the event is read (a save in place); 0
	// means 8ms. It is never longer than Debounce.
	Quick time.Duration
	// MaxDelay is the longest a batch waits after its first event; 0 means 500ms.
	MaxDelay time.Duration
	// Ignore, when set, ignores further paths (relative, forward slashes).
	Ignore func(rel string) bool
}

// Watcher watches Options.Paths and sends batches of changed paths.
type Watcher struct {
	opts    Options
	fsw     *fsnotify.Watcher
	batches chan []string
	errs    chan error
	done    chan struct{}
	stopped chan struct{}
	top     map[string]bool // Paths, for events on Root itself

	mu   sync.Mutex      // guards dirs
	dirs map[string]bool // absolute folders with a watch
}

// New starts watching. Close it when done.
func New(opts Options) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = 60 * time.Millisecond
	}
	if opts.Quick <= 0 {
		opts.Quick = 8 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 500 * time.Millisecond
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	opts.Root = root
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, fmt.Errorf("cannot watch files: %w", err)
	}
	w := &Watcher{
		opts: opts, fsw: fsw,
		batches: make(chan []string), errs: make(chan error, 16),
		done: make(chan struct{}), stopped: make(chan struct{}),
		top: map[string]bool{}, dirs: map[string]bool{},
	}
	for _, p := range opts.Paths {
		w.top[strings.Trim(filepath.ToSlash(p), "/")] = true
	}
	// Root itself, not recursively: top-level files are replaced by renames, and watched
	// folders may be created later.
	if err := w.fsw.Add(root); err != nil {
		fsw.Close()
		return nil, fmt.Errorf("cannot watch %s: %w", root, err)
	}
	for p := range w.top {
		abs := filepath.Join(root, filepath.FromSlash(p))
		if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
			if _, err := w.addTree(abs); err != nil {
				fsw.Close()
				return nil, err
			}
		}
	}
	go w.loop()
	return w, nil
}

// Batches delivers sorted, de-duplicated relative paths that changed.
func (w *Watcher) Batches() <-chan []string { return w.batches }

// Errors delivers problems watching (for example too many folders for the system's
// inotify limit). Unread errors are dropped.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and closes Batches.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	err := w.fsw.Close()
	<-w.stopped
	return err
}

// Dirs returns the folders watched, relative to Root (tests).
func (w *Watcher) Dirs() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for d := range w.dirs {
		if rel, ok := w.rel(d); ok {
			out = append(out, rel)
		}
	}
	slices.Sort(out)
	return out
}

func (w *Watcher) loop() {
	defer close(w.stopped)
	defer close(w.batches)
	b := &batcher{debounce: w.opts.Debounce, quick: w.opts.Quick, maxDelay: w.opts.MaxDelay}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-w.done:
			timer.Stop()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			now := time.Now()
			paths, settled := w.handle(ev)
			for _, p := range paths {
				b.add(p, now, settled)
			}
			if due, ok := b.due(); ok {
				timer.Reset(due.Sub(now))
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case now := <-timer.C:
			due, ok := b.due()
			if !ok {
				continue
			}
			if now.Before(due) {
				timer.Reset(due.Sub(now))
				continue
			}
			batch := b.take()
			select {
			case w.batches <- batch:
			case <-w.done:
				return
			}
		}
	}
}

// handle turns one event into the paths it changed, adding and dropping folder watches.
// settled says the event was a write to, or the creation of, a plain file that is there
// now: a save in place, not a step of a rename or a new folder.
func (w *Watcher) handle(ev fsnotify.Event) (paths []string, settled bool) {
	if ev.Op == fsnotify.Chmod || ev.Op == 0 {
		return nil, true // permission and timestamp changes are not edits
	}
	rel, ok := w.rel(ev.Name)
	if !ok || !w.wanted(rel) {
		return nil, true
	}
	out := []string{rel}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.dropTree(ev.Name)
		return out, false
	}
	fi, err := os.Lstat(ev.Name)
	settled = err == nil && fi.Mode().IsRegular()
	if ev.Has(fsnotify.Create) {
		if err == nil && fi.IsDir() {
			found, err := w.addTree(ev.Name)
			if err != nil {
				select {
				case w.errs <- err:
				default:
				}
			}
			// Files may have been created in the folder before its watch existed.
			out = append(out, found...)
		}
	}
	return out, settled
}

// rel makes an absolute path relative to Root with forward slashes.
func (w *Watcher) rel(abs string) (string, bool) {
	r, err := filepath.Rel(w.opts.Root, abs)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// wanted reports whether rel is under a watched path and not ignored.
func (w *Watcher) wanted(rel string) bool {
	top, _, _ := strings.Cut(rel, "/")
	if !w.top[top] {
		return false
	}
	if Ignored(rel) {
		return false
	}
	return w.opts.Ignore == nil || !w.opts.Ignore(rel)
}

// addTree watches dir and every folder below it, returning the relative paths of what it
// found there (files and folders).
func (w *Watcher) addTree(dir string) ([]string, error) {
	var found []string
	var firstErr error
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // removed meanwhile
		}
		rel, ok := w.rel(p)
		if ok && !w.wanted(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if p != dir && ok {
			found = append(found, rel)
		}
		if !d.IsDir() {
			return nil
		}
		w.mu.Lock()
		known := w.dirs[p]
		w.dirs[p] = true
		w.mu.Unlock()
		if known {
			return nil
		}
		if err := w.fsw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			if firstErr == nil {
				firstErr = fmt.Errorf("cannot watch %s: %w (on Linux, raise fs.inotify.max_user_watches)", p, err)
			}
			w.mu.Lock()
			delete(w.dirs, p)
			w.mu.Unlock()
		}
		return nil
	})
	return found, firstErr
}

// dropTree forgets the watches of dir and the folders below it (removed or moved away: a
// moved folder's watch would go on reporting events under its old name).
func (w *Watcher) dropTree(dir string) {
	w.mu.Lock()
	var gone []string
	prefix := dir + string(filepath.Separator)
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			gone = append(gone, d)
			delete(w.dirs, d)
		}
	}
	w.mu.Unlock()
	for _, d := range gone {
		_ = w.fsw.Remove(d) // already gone when the folder was deleted
	}
}

// ignoredDirs are folders never watched at any depth.
var ignoredDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, ".signpost-cache": true, "node_modules": true, ".idea": true, ".vscode": true}

// Ignored reports whether a relative path is build output, a tool's folder, or an editor's
// temporary file: public/ at the top; .git, .signpost-cache and similar anywhere; and
// files named *~, *.swp (and .swo, .swx), 4913 (vim's write test), .#* and #*# (Emacs),
// *.tmp, *___jb_tmp___ (JetBrains), .goutputstream-* (GNOME) and .DS_Store.
func Ignored(rel string) bool {
	parts := strings.Split(rel, "/")
	if parts[0] == "public" {
		return true
	}
	for _, p := range parts[:len(parts)-1] {
		if ignoredDirs[p] {
			return true
		}
	}
	name := parts[len(parts)-1]
	switch {
	case ignoredDirs[name], name == "4913", name == ".DS_Store",
		strings.HasSuffix(name, "~"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		strings.HasPrefix(name, ".#"), strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasPrefix(name, ".goutputstream-"):
		return true
	}
	return false
}
