// Package publish writes a site's files to disk atomically, while they are being made.
//
// A publish is a transaction: Begin makes a new temporary directory beside the output
// directory; Add hands it one file at a time (from any goroutine, as soon as the file is
// rendered) and worker goroutines write it; Commit waits for the writers and swaps the new
// directory in. A build that fails or is killed before the swap leaves the previous output
// byte-for-byte intact, and files of earlier builds never linger because the directory is
// replaced whole.
//
// Unchanged files are not rewritten. Beside the output a manifest (.<out>.manifest) records
// each published file's content hash, size, modification time and identity (on Linux its
// inode and birth time); a file whose content hash matches and whose previous copy is still
// the recorded file is hard-linked from the previous output instead of written. Publishing
// never modifies a file in place (every publish makes new files), so a link shared by the old and
// new trees always holds the content both say. A file someone replaced or edited by hand
// inside the output has a new identity or time and is written afresh. Where links are not
// possible (another file system) or the platform gives no identity (not Linux), files are
// written.
//
// The previous output is not deleted while the user waits (deleting 20,000 files can take
// longer than the whole build): Commit moves it aside (.<out>.old-*) and, on Unix, hands
// it to a detached `rm -rf` that outlives the build; elsewhere it is deleted before Commit
// returns. Begin deletes any leftovers of interrupted publishes (and old trees whose rm has
// not finished) the same way, in the background while the build renders.
package publish

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Stats counts what a publish did.
type Stats struct {
	Written, Linked int
}

// Tx is a publish in progress.
type Tx struct {
	out, parent, base, tmp string
	prev                   map[string]entry

	jobs    chan job
	sendMu  sync.RWMutex // Add holds it to send, finish to close jobs
	wg      sync.WaitGroup
	pending sync.WaitGroup // files queued and not yet written (Wait)
	dirs    sync.Map       // directories of tmp already created

	mu    sync.Mutex
	next  map[string]entry
	err   error
	stats Stats
	done  bool
}

type job struct {
	name string
	data []byte
}

// entry is one manifest line: what a published file held and how it looked on disk.
type entry struct {
	hash  string
	size  int64
	mtime int64             // UnixNano
	id    string            // identity(): inode and birth time where the platform gives them
	sum   [sha256.Size]byte // the whole SHA-256 (this publish's files only; not in the manifest)
}

func itoa(u uint64) string { return strconv.FormatUint(u, 10) }

// Begin starts a publish to outDir with a writer per CPU. Leftovers of earlier publishes
// (interrupted ones, or old trees moved aside) are deleted in the background.
func Begin(outDir string) (*Tx, error) {
	out := filepath.Clean(outDir)
	t := &Tx{out: out, parent: filepath.Dir(out), base: filepath.Base(out), next: map[string]entry{}}
	if err := os.MkdirAll(t.parent, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	stale := leftovers(t.parent, t.base) // listed before MkdirTemp, so never our own
	go func() {
		// Usually the previous output, whose detached rm may still be running: leave it to
		// another rm rather than spend this build's time on it.
		for _, d := range stale {
			removeLater(d)
		}
	}()
	tmp, err := os.MkdirTemp(t.parent, "."+t.base+".new-")
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("publish: %w", err)
	}
	t.tmp = tmp
	t.dirs.Store(tmp, true)
	t.prev = readManifest(t.manifestPath())
	n := runtime.GOMAXPROCS(0) + 1
	t.jobs = make(chan job, 4*n)
	for i := 0; i < n; i++ {
		t.wg.Add(1)
		go t.worker()
	}
	return t, nil
}

func (t *Tx) manifestPath() string { return filepath.Join(t.parent, "."+t.base+".manifest") }

// Add queues one file. name is a relative slash path inside the output; data must not be
// changed afterwards. Add may be called from several goroutines. An error means the
// publish has failed: call Abort.
func (t *Tx) Add(name string, data []byte) error {
	if !fileName(name) {
		t.fail(fmt.Errorf("publish: refusing path %q", name))
	}
	t.sendMu.RLock()
	defer t.sendMu.RUnlock()
	t.mu.Lock()
	err := t.err
	if err == nil && t.done {
		err = errors.New("publish: Add after Commit or Abort")
	}
	t.mu.Unlock()
	if err != nil {
		return err
	}
	t.pending.Add(1)
	t.jobs <- job{name, data}
	return nil
}

// Wait waits until every file queued so far is written and reports the first error.
func (t *Tx) Wait() error {
	t.pending.Wait()
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// ReadFile returns a file written by this publish (call Wait first).
func (t *Tx) ReadFile(name string) ([]byte, error) {
	if !fileName(name) {
		return nil, fmt.Errorf("publish: refusing path %q", name)
	}
	return os.ReadFile(filepath.Join(t.tmp, filepath.FromSlash(name)))
}

// Path is where a file written by this publish is until Commit (call Wait first); a
// caller may hard-link it elsewhere, never change it.
func (t *Tx) Path(name string) string {
	return filepath.Join(t.tmp, filepath.FromSlash(name))
}

// Remove takes back a file queued earlier: it waits for the writers, then deletes it from
// the new tree (a build that replaces a file it already handed over).
func (t *Tx) Remove(name string) error {
	if err := t.Wait(); err != nil {
		return err
	}
	if !fileName(name) {
		return fmt.Errorf("publish: refusing path %q", name)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.next[name]; !ok {
		return nil
	}
	if err := os.Remove(filepath.Join(t.tmp, filepath.FromSlash(name))); err != nil {
		t.err = fmt.Errorf("publish: %w", err)
		return t.err
	}
	delete(t.next, name)
	return nil
}

// fileName reports whether name is a clean relative slash path that stays inside the
// output directory.
func fileName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0) {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return !filepath.IsAbs(filepath.FromSlash(name))
}

func (t *Tx) fail(err error) {
	t.mu.Lock()
	if t.err == nil {
		t.err = err
	}
	t.mu.Unlock()
}

func (t *Tx) worker() {
	defer t.wg.Done()
	for j := range t.jobs {
		t.mu.Lock()
		failed := t.err != nil
		t.mu.Unlock()
		if !failed {
			if err := t.write(j); err != nil {
				t.fail(fmt.Errorf("publish: %w", err))
			}
		}
		t.pending.Done()
	}
}

func (t *Tx) write(j job) error {
	sum := sha256.Sum256(j.data)
	p := filepath.Join(t.tmp, filepath.FromSlash(j.name))
	if err := t.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if e, ok := t.linkPrevious(j.name, p, sum, int64(len(j.data))); ok {
		return t.record(j.name, e, true)
	}
	// Never over an existing file: it may be a link to the previous output's.
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s published twice", j.name)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(j.data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	st, err := stat(p)
	if err != nil {
		return err
	}
	return t.record(j.name, entry{hash: hex.EncodeToString(sum[:16]), size: st.size, mtime: st.mtime, id: st.id, sum: sum}, false)
}

// linkPrevious hard-links the previous output's file name to p when the manifest says it
// holds content with this hash and size (size < 0: any) and it is still the file the
// manifest describes (same identity, size and time). It returns the new file's entry.
func (t *Tx) linkPrevious(name, p string, sum [sha256.Size]byte, size int64) (entry, bool) {
	old, ok := t.prev[name]
	if !ok || old.id == "-" || old.hash != hex.EncodeToString(sum[:16]) || size >= 0 && old.size != size {
		return entry{}, false
	}
	src := filepath.Join(t.out, filepath.FromSlash(name))
	st, err := stat(src)
	if err != nil || !st.regular || st.size != old.size || st.mtime != old.mtime || st.id != old.id {
		return entry{}, false
	}
	if os.Link(src, p) != nil {
		return entry{}, false
	}
	// A hard link is the same file: the same identity, size and time.
	old.sum = sum
	return old, true
}

// record notes a file of the new tree.
func (t *Tx) record(name string, e entry, linked bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, dup := t.next[name]; dup {
		return fmt.Errorf("%s published twice", name)
	}
	t.next[name] = e
	if linked {
		t.stats.Linked++
	} else {
		t.stats.Written++
	}
	return nil
}

// Link publishes name without its bytes when the previous output holds it with content
// whose SHA-256 is sum, and that file is still the one the manifest recorded (a cached
// build: see the package doc). It reports whether it did and the file's size; when it did
// not, the caller Adds the bytes. Nothing is read: the file is hard-linked.
func (t *Tx) Link(name string, sum [sha256.Size]byte) (size int64, ok bool, err error) {
	if !fileName(name) {
		return 0, false, fmt.Errorf("publish: refusing path %q", name)
	}
	t.mu.Lock()
	err = t.err
	if err == nil && t.done {
		err = errors.New("publish: Link after Commit or Abort")
	}
	t.mu.Unlock()
	if err != nil {
		return 0, false, err
	}
	p := filepath.Join(t.tmp, filepath.FromSlash(name))
	if _, ok := t.prev[name]; !ok {
		return 0, false, nil
	}
	t.mu.Lock()
	_, dup := t.next[name]
	t.mu.Unlock()
	if dup {
		err := fmt.Errorf("publish: %s published twice", name)
		t.fail(err)
		return 0, false, err
	}
	if err := t.mkdir(filepath.Dir(p)); err != nil {
		t.fail(fmt.Errorf("publish: %w", err))
		return 0, false, err
	}
	e, ok := t.linkPrevious(name, p, sum, -1)
	if !ok {
		return 0, false, nil
	}
	if err := t.record(name, e, true); err != nil {
		err = fmt.Errorf("publish: %w", err)
		t.fail(err)
		return 0, false, err
	}
	return e.size, true, nil
}

// Sum returns the SHA-256 of a file of this publish (call Wait first).
func (t *Tx) Sum(name string) ([sha256.Size]byte, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.next[name]
	return e.sum, ok
}

// mkdir creates dir (and its parents) once per publish.
func (t *Tx) mkdir(dir string) error {
	if _, ok := t.dirs.Load(dir); ok {
		return nil
	}
	// The usual case, a folder whose parent this publish made: one mkdir, where MkdirAll
	// would stat the folder and its parent first (10,000 page folders: 20,000 system calls).
	// Anything else, a folder made meanwhile by another writer included, is MkdirAll's.
	made := false
	if _, ok := t.dirs.Load(filepath.Dir(dir)); ok {
		made = os.Mkdir(dir, 0o755) == nil
	}
	if !made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	for d := dir; d != t.tmp && len(d) > len(t.tmp); d = filepath.Dir(d) {
		if _, loaded := t.dirs.LoadOrStore(d, true); loaded {
			break
		}
	}
	return nil
}

// finish stops the writers and reports the first error.
func (t *Tx) finish() error {
	t.sendMu.Lock()
	t.mu.Lock()
	if t.done {
		t.mu.Unlock()
		t.sendMu.Unlock()
		return errors.New("publish: already finished")
	}
	t.done = true
	t.mu.Unlock()
	close(t.jobs)
	t.sendMu.Unlock()
	t.wg.Wait()
	return t.err
}

// Abort stops the publish and deletes what it wrote; the output is untouched.
func (t *Tx) Abort() {
	_ = t.finish()
	os.RemoveAll(t.tmp)
}

// Stats reports how many files were written and how many linked (after Commit).
func (t *Tx) Stats() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stats
}

// Commit waits for every queued file, then swaps the new directory in. On Linux the new and
// old directories are exchanged in one step (there is no instant without an output
// directory); elsewhere the old output is moved aside and the new one moved in. Either way
// the previous output ends up in .<out>.old-*, deleted by the next publish.
func (t *Tx) Commit() error {
	if err := t.finish(); err != nil {
		os.RemoveAll(t.tmp)
		return err
	}
	// The old manifest goes before the swap and the new one comes after it: a process that
	// dies in between leaves no manifest, so the next publish writes every file rather
	// than trust a manifest that describes another tree.
	if err := os.Remove(t.manifestPath()); err != nil && !os.IsNotExist(err) {
		os.RemoveAll(t.tmp)
		return fmt.Errorf("publish: %w", err)
	}
	old := filepath.Join(t.parent, "."+t.base+".old-"+strconv.FormatInt(time.Now().UnixNano(), 36))
	if _, err := os.Stat(t.out); err == nil {
		if err := exchange(t.tmp, t.out); err == nil {
			// t.tmp now holds the previous output.
			if err := os.Rename(t.tmp, old); err != nil {
				old = t.tmp
			}
			removeLater(old)
			return t.manifestAfterSwap()
		}
		if err := os.Rename(t.out, old); err != nil {
			os.RemoveAll(t.tmp)
			return fmt.Errorf("publish: %w", err)
		}
	}
	if err := os.Rename(t.tmp, t.out); err != nil {
		_ = os.Rename(old, t.out)
		os.RemoveAll(t.tmp)
		return fmt.Errorf("publish: %w", err)
	}
	if _, err := os.Stat(old); err == nil {
		removeLater(old)
	}
	return t.manifestAfterSwap()
}

// manifestAfterSwap records the published tree. Failing to is not a failed publish (the
// output is complete); the next publish then writes every file.
func (t *Tx) manifestAfterSwap() error {
	_ = t.writeManifest()
	return nil
}

func (t *Tx) writeManifest() error {
	names := make([]string, 0, len(t.next))
	for n := range t.next {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("signpost-publish-manifest 2\n")
	for _, n := range names {
		e := t.next[n]
		fmt.Fprintf(&b, "%s %d %d %s %s\n", e.hash, e.size, e.mtime, e.id, n)
	}
	f, err := os.CreateTemp(t.parent, "."+t.base+".manifest-")
	if err != nil {
		return err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), t.manifestPath())
}

// readManifest reads a manifest; anything unreadable or malformed gives an empty one (every
// file is then written, never wrongly linked).
func readManifest(path string) map[string]entry {
	m := map[string]entry{}
	f, err := os.Open(path)
	if err != nil {
		return m
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	if !sc.Scan() || sc.Text() != "signpost-publish-manifest 2" {
		return map[string]entry{}
	}
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 5)
		if len(f) != 5 || len(f[0]) != 32 {
			return map[string]entry{}
		}
		size, err1 := strconv.ParseInt(f[1], 10, 64)
		mt, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil || f[3] == "" || !fileName(f[4]) {
			return map[string]entry{}
		}
		m[f[4]] = entry{hash: f[0], size: size, mtime: mt, id: f[3]}
	}
	if sc.Err() != nil {
		return map[string]entry{}
	}
	return m
}

// leftovers lists directories of earlier publishes beside out: interrupted ones (.new-*)
// and previous outputs moved aside (.old-*), and stray manifest temporaries.
func leftovers(parent, base string) []string {
	var out []string
	for _, pat := range []string{"." + base + ".new-*", "." + base + ".old-*", "." + base + ".manifest-*"} {
		m, _ := filepath.Glob(filepath.Join(parent, pat))
		out = append(out, m...)
	}
	return out
}
