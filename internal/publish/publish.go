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
// inode and birth time), and each folder's time and identity; a file whose content hash
// matches and whose previous copy is still the recorded file is hard-linked from the
// previous output instead of written. Publishing never modifies a file in place (every
// publish makes new files), so a link shared by the old and new trees always holds the
// content both say. A file someone replaced or edited by hand inside the output has a new
// identity or time and is written afresh. Where links are not possible (another file
// system) or the platform gives no identity (not Linux), files are written.
//
// The previous output is not deleted while the user waits (deleting 20,000 files can take
// longer than the whole build): Commit moves it aside as .<out>.spare with its manifest,
// and the next publish starts from it instead of an empty directory (Tx.recycle): a file
// still as recorded and still wanted stays where it is, so a build that changes one page
// costs a stat per file, not a folder per page and a link per file. The spare is claimed
// by renaming it to the new tree's temporary name, so a publish killed at any point leaves
// the output as it was and at worst a leftover. Where it cannot be recycled (no identity,
// an old manifest) it is handed to a detached `rm -rf` that outlives the build (Unix) or
// deleted before Commit returns. Begin deletes any leftovers of interrupted publishes (and
// old trees whose rm has not finished) the same way, in the background while the build
// renders.
package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Stats counts what a publish did.
type Stats struct {
	Written, Linked int
	Kept            int // files of a recycled tree left as they were (see recycle)
}

// Tx is a publish in progress.
type Tx struct {
	out, parent, base, tmp string
	prev                   map[string]entry    // the output's files, from its manifest
	prevDirs               map[string]dirState // and its folders

	// A recycled tree (recycle): the files its manifest recorded and the folders that
	// were found as recorded (or swept); nil when tmp began empty.
	spare     map[string]entry
	spareDirs map[string]bool
	verified  map[string]dirState // its folders found as recorded: their lines as they are
	touched   sync.Map            // folders (absolute) whose entries this publish changed
	// dirFD are folders at its top with many files below them, open for statAt (statTmp);
	// read only from the time ready is closed until finish closes them.
	dirFD map[string]int

	ready chan struct{} // closed when the manifests are read and the spare is claimed

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

// dirState is one manifest line for a folder: its modification time and identity when the
// tree was finished (mtime 0: it changed too recently for its time to be trusted).
type dirState struct {
	mtime int64
	id    string
}

// Begin starts a publish to outDir with a writer per CPU. Leftovers of earlier publishes
// (interrupted ones, or old trees moved aside) are deleted in the background. The output
// before last, kept aside by the last Commit, is recycled as the new tree (see recycle).
func Begin(outDir string) (*Tx, error) {
	out := filepath.Clean(outDir)
	t := &Tx{out: out, parent: filepath.Dir(out), base: filepath.Base(out), next: map[string]entry{}}
	if err := os.MkdirAll(t.parent, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	stale := leftovers(t.parent, t.base) // listed before MkdirTemp, so never our own
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
	t.ready = make(chan struct{})
	go func() {
		// Reading the manifests and checking the spare's folders take a moment at N=10,000:
		// done while the build loads the site. Writers, Link and Wait wait for it.
		defer close(t.ready)
		t.claimSpare()
		t.prev, t.prevDirs = readManifest(t.manifestPath())
	}()
	go func() {
		// Usually the previous output, whose detached rm may still be running: leave it to
		// another rm rather than spend this build's time on it.
		for _, d := range stale {
			removeLater(d)
		}
	}()
	n := runtime.GOMAXPROCS(0) + 1
	t.jobs = make(chan job, 4*n)
	for i := 0; i < n; i++ {
		t.wg.Add(1)
		go t.worker()
	}
	return t, nil
}

// claimSpare recycles the spare as the new tree when it can, and deletes it otherwise.
// The spare's manifest goes before the spare is claimed (renamed onto the empty tmp): a
// publish killed from here on leaves a spare without a manifest (deleted next time) or a
// .new-* leftover.
func (t *Tx) claimSpare() {
	spare, spareDirs := readManifest(t.spareManifestPath())
	_ = os.Remove(t.spareManifestPath())
	if _, err := os.Lstat(t.sparePath()); err != nil {
		return
	}
	if spareDirs[rootDir].id != "" && identity(t.tmp, nil) != "-" && renameOnto(t.sparePath(), t.tmp) == nil {
		t.recycle(spare, spareDirs)
		return
	}
	old := t.oldPath()
	if os.Rename(t.sparePath(), old) == nil {
		removeLater(old)
	}
}

// rootDir is the tree's own folder in a manifest's folder lines.
const rootDir = "."

// recycle makes the tree now at tmp, the output before last (kept aside by Commit with its
// manifest), the start of the new tree: a file whose content hash matches and that is
// still the file its manifest recorded (as linkPrevious checks) is kept where it is, so
// an unchanged site costs a stat per file instead of a folder made per page and a link
// per file. Files the new tree does not have are deleted by Commit.
//
// The tree was the live output until the last publish, so it may have been changed by
// hand. A file changed in place has a new time (and is written afresh); a file added
// changes its folder's time: each folder is compared with its manifest line, and one that
// differs (or whose time was too recent to trust) is listed, and whatever its manifest
// does not name is deleted. A publish never modifies a file in place, here neither: a
// kept file may be a hard link shared with the live output, so a file that changes is
// deleted and a new one made.
func (t *Tx) recycle(files map[string]entry, dirs map[string]dirState) {
	t.spare, t.spareDirs, t.verified = files, map[string]bool{}, map[string]dirState{}
	t.dirFD = openDirs(t.tmp, bigTopDirs(files))
	for rel, want := range dirs {
		abs := t.tmp
		var st fileStat
		var err error
		if rel != rootDir {
			abs = filepath.Join(t.tmp, filepath.FromSlash(rel))
			st, err = t.statTmp(rel, abs)
		} else {
			st, err = stat(abs)
		}
		if err != nil || !st.dir {
			continue // made again when needed (mkdir removes what is in the way)
		}
		t.spareDirs[rel] = true
		t.dirs.Store(abs, true)
		if want.mtime != 0 && st.mtime == want.mtime && st.idIs(want.id) {
			t.verified[rel] = want
			continue
		}
		ents, err := os.ReadDir(abs)
		if err != nil {
			continue
		}
		for _, e := range ents {
			child := e.Name()
			if rel != rootDir {
				child = rel + "/" + child
			}
			_, isDir := dirs[child]
			_, isFile := files[child]
			if e.IsDir() && !isDir || !e.IsDir() && !isFile {
				os.RemoveAll(filepath.Join(abs, e.Name()))
			}
		}
	}
}

// Statting a kept file, relative to a folder near it.
//
// Each file the recycled tree keeps is stat'ed once (keep): that is what makes keeping it
// sound. The tree was the live output until the last publish, and its files are hard links
// shared with the output now live, so a file someone edited in place in public/ between
// builds (an editor saving a file with several links in place, a shell's >>) is the same
// inode in the same folder: no folder's time changes, only the file's own time (and
// perhaps size). The folders' times, which recycle checks, catch files added, removed or
// renamed, never a file changed in place; and no cheaper record spans the files (a
// manifest written after the swap says what the files were, not whether they are still
// that). So the stat stays, one system call per kept file, on the writers (one per CPU)
// and Link's callers, so in parallel already; what is made cheap is the stat: a path such
// as /tmp/site/.public.new-123/search/x/ab.json.gz is walked by the kernel component by
// component, six lookups for one stat (4.3 µs a statx in this VM, 0.65 µs of it the
// system call itself), while statx relative to the open folder search/ looks up two
// (2.6 µs). The folders at the top of the tree with many files below them (search/, each
// section) are opened once, each relative to the tree's own folder and without following
// a symbolic link; a file outside them is stat'ed by its whole path. A descriptor can only
// go stale by its folder being deleted (clear), and then nothing is found in it: the file
// is written afresh, never wrongly kept. (A file edited in place while a build runs, after
// its stat, is published as edited, as before: its recorded time is then not its own, so
// the next build writes it afresh.)

// bigDir is how many files a folder at the top of a recycled tree has below it for its
// files to be stat'ed relative to it; maxDirFDs caps the folders opened.
const (
	bigDir    = 16
	maxDirFDs = 256
)

// bigTopDirs lists the folders at the top of a tree, from its manifest's files, with at
// least bigDir files below them (at most maxDirFDs of them).
func bigTopDirs(files map[string]entry) []string {
	count := map[string]int{}
	for name := range files {
		if i := strings.IndexByte(name, '/'); i > 0 {
			count[name[:i]]++
		}
	}
	var out []string
	for d, n := range count {
		if n >= bigDir && len(out) < maxDirFDs {
			out = append(out, d)
		}
	}
	return out
}

// statTmp is stat of abs, the file rel of the new tree, relative to the open folder at the
// top of rel when there is one.
func (t *Tx) statTmp(rel, abs string) (fileStat, error) {
	if i := strings.IndexByte(rel, '/'); i > 0 {
		if fd, ok := t.dirFD[rel[:i]]; ok {
			return statAt(fd, rel[i+1:], abs)
		}
	}
	return stat(abs)
}

func (t *Tx) manifestPath() string { return filepath.Join(t.parent, "."+t.base+".manifest") }

// sparePath is where Commit keeps the previous output for the next publish to recycle,
// with its manifest at spareManifestPath.
func (t *Tx) sparePath() string         { return filepath.Join(t.parent, "."+t.base+".spare") }
func (t *Tx) spareManifestPath() string { return filepath.Join(t.parent, "."+t.base+".spare-manifest") }

func (t *Tx) oldPath() string {
	return filepath.Join(t.parent, "."+t.base+".old-"+strconv.FormatInt(time.Now().UnixNano(), 36))
}

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
	<-t.ready
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
	p := filepath.Join(t.tmp, filepath.FromSlash(name))
	if err := os.Remove(p); err != nil {
		t.err = fmt.Errorf("publish: %w", err)
		return t.err
	}
	t.touch(p)
	delete(t.next, name)
	return nil
}

// fileName reports whether name is a clean relative slash path that stays inside the
// output directory.
func fileName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0) {
		return false
	}
	for rest := name; ; { // each segment, without a slice of them: called per file
		seg, more, found := strings.Cut(rest, "/")
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		if !found {
			break
		}
		rest = more
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
	<-t.ready
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
	if e, ok := t.keep(j.name, p, sum, int64(len(j.data))); ok {
		return t.record(j.name, e, kept)
	}
	if err := t.clear(j.name, p); err != nil {
		return err
	}
	if err := t.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if e, ok := t.linkPrevious(j.name, p, sum, int64(len(j.data))); ok {
		return t.record(j.name, e, linked)
	}
	// Never over an existing file: it may be a link to the previous output's.
	t.touch(p)
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
	return t.record(j.name, entry{hash: hex.EncodeToString(sum[:16]), size: st.size, mtime: st.mtime, id: st.id(), sum: sum}, written)
}

// keep reports whether a recycled tree's file at p is still the file its manifest recorded
// for name, with content of this hash and size (size < 0: any); it returns its entry.
func (t *Tx) keep(name, p string, sum [sha256.Size]byte, size int64) (entry, bool) {
	old, ok := t.spare[name]
	if !ok || !recorded(old, sum, size) {
		return entry{}, false
	}
	if st, err := t.statTmp(name, p); err != nil || !st.is(old) {
		return entry{}, false
	}
	old.sum = sum
	return old, true
}

// sameFile reports whether the file at p is the one e describes (same identity, size and
// time), holding content with the hash sum and size (size < 0: any).
func sameFile(p string, e entry, sum [sha256.Size]byte, size int64) bool {
	if !recorded(e, sum, size) {
		return false
	}
	st, err := stat(p)
	return err == nil && st.is(e)
}

// recorded reports whether e records content with the hash sum and size (size < 0: any)
// of a file with an identity.
func recorded(e entry, sum [sha256.Size]byte, size int64) bool {
	var h [32]byte
	hex.Encode(h[:], sum[:16])
	return e.id != "-" && e.hash == string(h[:]) && (size < 0 || e.size == size)
}

// is reports whether st is of the file e describes: a regular file with the same
// identity, size and time.
func (st fileStat) is(e entry) bool {
	return st.regular && st.size == e.size && st.mtime == e.mtime && st.idIs(e.id)
}

// clear deletes what a recycled tree has at p, a file of name that is not kept or a
// folder of it, before a new file is made there (never written into: it may be shared
// with the live output).
func (t *Tx) clear(name, p string) error {
	_, file := t.spare[name]
	if !file && !t.spareDirs[name] {
		return nil
	}
	t.touch(p)
	return os.RemoveAll(p)
}

// linkPrevious hard-links the previous output's file name to p when the manifest says it
// holds content with this hash and size (size < 0: any) and it is still the file the
// manifest describes (same identity, size and time). It returns the new file's entry.
func (t *Tx) linkPrevious(name, p string, sum [sha256.Size]byte, size int64) (entry, bool) {
	old, ok := t.prev[name]
	if !ok {
		return entry{}, false
	}
	src := filepath.Join(t.out, filepath.FromSlash(name))
	if !sameFile(src, old, sum, size) {
		return entry{}, false
	}
	t.touch(p)
	if os.Link(src, p) != nil {
		return entry{}, false
	}
	// A hard link is the same file: the same identity, size and time.
	old.sum = sum
	return old, true
}

// How a file came to be in the new tree.
const (
	written = iota
	linked
	kept
)

// record notes a file of the new tree.
func (t *Tx) record(name string, e entry, how int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, dup := t.next[name]; dup {
		return fmt.Errorf("%s published twice", name)
	}
	t.next[name] = e
	switch how {
	case written:
		t.stats.Written++
	case linked:
		t.stats.Linked++
	case kept:
		t.stats.Kept++
	}
	return nil
}

// Link publishes name without its bytes when the previous output (or the recycled tree)
// holds it with content whose SHA-256 is sum, and that file is still the one the manifest
// recorded (a cached build: see the package doc). It reports whether it did and the
// file's size; when it did not, the caller Adds the bytes. Nothing is read: the file is
// hard-linked, or kept where it is.
func (t *Tx) Link(name string, sum [sha256.Size]byte) (size int64, ok bool, err error) {
	if !fileName(name) {
		return 0, false, fmt.Errorf("publish: refusing path %q", name)
	}
	t.sendMu.RLock() // as Add: finish (which closes dirFD) waits for it
	defer t.sendMu.RUnlock()
	t.mu.Lock()
	err = t.err
	if err == nil && t.done {
		err = errors.New("publish: Link after Commit or Abort")
	}
	t.mu.Unlock()
	if err != nil {
		return 0, false, err
	}
	<-t.ready
	p := filepath.Join(t.tmp, filepath.FromSlash(name))
	_, inPrev := t.prev[name]
	_, inSpare := t.spare[name]
	if !inPrev && !inSpare {
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
	how := kept
	e, ok := t.keep(name, p, sum, -1)
	if !ok {
		if !inPrev {
			return 0, false, nil // the caller Adds it (write clears what is in the way)
		}
		if err := t.clear(name, p); err == nil {
			err = t.mkdir(filepath.Dir(p))
		}
		if err != nil {
			t.fail(fmt.Errorf("publish: %w", err))
			return 0, false, err
		}
		if e, ok = t.linkPrevious(name, p, sum, -1); !ok {
			return 0, false, nil
		}
		how = linked
	}
	if err := t.record(name, e, how); err != nil {
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
		mkdirAll := os.MkdirAll
		if t.spare != nil {
			mkdirAll = t.mkdirRecycled
		}
		if err := mkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	for d := dir; d != t.tmp && len(d) > len(t.tmp); d = filepath.Dir(d) {
		if _, loaded := t.dirs.LoadOrStore(d, true); loaded {
			break
		}
		t.touch(d) // made by this publish (or found made by another writer): its parent changed
		t.touched.Store(d, true)
	}
	return nil
}

// mkdirRecycled is os.MkdirAll inside a recycled tree, where a folder may be needed where
// the tree has a file (or a link, which MkdirAll would follow): that is deleted.
func (t *Tx) mkdirRecycled(dir string, perm os.FileMode) error {
	rel, err := filepath.Rel(t.tmp, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("publish: folder %s outside the new tree", dir)
	}
	d := t.tmp
	for _, seg := range strings.Split(rel, string(filepath.Separator)) {
		d = filepath.Join(d, seg)
		fi, err := os.Lstat(d)
		if err == nil && fi.IsDir() {
			continue
		}
		t.touch(d)
		t.touched.Store(d, true)
		if err == nil {
			if err := os.Remove(d); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		if err := os.Mkdir(d, perm); err != nil && !(errors.Is(err, os.ErrExist) && isDir(d)) {
			return err
		}
	}
	return nil
}

// touch notes that the folder holding p changes (an entry made or deleted there).
func (t *Tx) touch(p string) { t.touched.Store(filepath.Dir(p), true) }

func isDir(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.IsDir()
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
	<-t.ready
	closeDirs(t.dirFD)
	t.dirFD = nil
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
// the previous output ends up beside it, kept as .<out>.spare with its manifest for the
// next publish to recycle when it can be (recycle), deleted otherwise.
func (t *Tx) Commit() error {
	if err := t.finish(); err != nil {
		os.RemoveAll(t.tmp)
		return err
	}
	need := t.neededDirs()
	if t.spare != nil {
		t.trim(need)
	}
	dirs := t.dirStates(need)
	// The old manifest goes before the swap and the new one comes after it: a process that
	// dies in between leaves no manifest, so the next publish writes every file rather
	// than trust a manifest that describes another tree. It is moved aside, a leftover
	// (.manifest-*) until it becomes the spare's.
	oldManifest := filepath.Join(t.parent, "."+t.base+".manifest-"+strconv.FormatInt(time.Now().UnixNano(), 36))
	if err := os.Rename(t.manifestPath(), oldManifest); err != nil {
		oldManifest = ""
		if !os.IsNotExist(err) {
			os.RemoveAll(t.tmp)
			return fmt.Errorf("publish: %w", err)
		}
	}
	old := t.oldPath()
	if _, err := os.Stat(t.out); err == nil {
		if err := exchange(t.tmp, t.out); err == nil {
			// t.tmp now holds the previous output.
			t.keepSpare(t.tmp, oldManifest)
			return t.manifestAfterSwap(dirs)
		}
		if err := os.Rename(t.out, old); err != nil {
			_ = os.Rename(oldManifest, t.manifestPath())
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
		t.keepSpare(old, oldManifest)
	} else if oldManifest != "" {
		os.Remove(oldManifest)
	}
	return t.manifestAfterSwap(dirs)
}

// trim deletes what a recycled tree has and the new one does not: files, then folders,
// deepest first (one that a new file has replaced stays).
func (t *Tx) trim(need map[string]bool) {
	for name := range t.spare {
		if _, ok := t.next[name]; !ok {
			p := filepath.Join(t.tmp, filepath.FromSlash(name))
			t.touch(p)
			_ = os.Remove(p)
		}
	}
	var gone []string
	for d := range t.spareDirs {
		if _, file := t.next[d]; !need[d] && !file {
			gone = append(gone, d)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return len(gone[i]) > len(gone[j]) })
	for _, d := range gone {
		p := filepath.Join(t.tmp, filepath.FromSlash(d))
		t.touch(p)
		if os.Remove(p) != nil && isDir(p) {
			os.RemoveAll(p)
		}
	}
}

// neededDirs lists the folders of the new tree (relative slash paths, rootDir for its own).
func (t *Tx) neededDirs() map[string]bool {
	need := map[string]bool{rootDir: true}
	for name := range t.next {
		for d := parentDir(name); d != rootDir && !need[d]; d = parentDir(d) {
			need[d] = true
		}
	}
	return need
}

// parentDir is path.Dir of a clean relative slash path (fileName), without path.Clean.
func parentDir(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	return rootDir
}

// racy is how recent a folder's time may be for a change made just after it was read to
// have the same time (file systems keep times at a clock tick, or coarser): such a folder
// is recorded without a time, so a recycle lists it.
var racy = 2 * time.Second

// dirStates reads each folder of the new tree, need (neededDirs), for its manifest lines.
func (t *Tx) dirStates(need map[string]bool) map[string]dirState {
	if identity(t.tmp, nil) == "-" {
		return nil // nothing to trust: never recycled
	}
	// The folders this publish changed, as relative slash paths (few, after a small edit).
	changed := map[string]bool{}
	t.touched.Range(func(k, _ any) bool {
		if rel, err := filepath.Rel(t.tmp, k.(string)); err == nil {
			changed[filepath.ToSlash(rel)] = true
		}
		return true
	})
	dirs := make(map[string]dirState, len(need))
	for d := range need {
		if v, ok := t.verified[d]; ok && !changed[d] {
			dirs[d] = v // as found (recycle), and nothing made or deleted in it since
			continue
		}
		p := t.tmp
		if d != rootDir {
			p = filepath.Join(t.tmp, filepath.FromSlash(d))
		}
		st, err := stat(p)
		if err != nil || !st.dir {
			return nil
		}
		dirs[d] = dirState{mtime: st.mtime, id: st.id()}
	}
	now := time.Now().UnixNano() // after every folder was read
	for d, st := range dirs {
		if st.mtime > now-int64(racy) {
			dirs[d] = dirState{id: st.id}
		}
	}
	return dirs
}

// keepSpare keeps the previous output, now at dir, with its manifest (moved aside to
// manifest by Commit) for the next publish to recycle, or hands it to removeLater when
// its manifest has no folders (an output of an earlier version, or none: a publish killed
// before its manifest) or it cannot be kept.
func (t *Tx) keepSpare(dir, manifest string) {
	if len(t.prevDirs) == 0 || manifest == "" || os.Rename(dir, t.sparePath()) != nil {
		if dir == t.tmp {
			if old := t.oldPath(); os.Rename(dir, old) == nil {
				dir = old
			}
		}
		removeLater(dir)
		if manifest != "" {
			os.Remove(manifest)
		}
		return
	}
	if os.Rename(manifest, t.spareManifestPath()) != nil {
		os.Remove(manifest) // the spare, without it, is deleted by the next Begin
	}
}

// manifestAfterSwap records the published tree. Failing to is not a failed publish (the
// output is complete); the next publish then writes every file.
func (t *Tx) manifestAfterSwap(dirs map[string]dirState) error {
	_ = writeManifest(t.parent, t.base, t.manifestPath(), t.next, dirs)
	return nil
}

const manifestHeader = "signpost-publish-manifest 3"

// writeManifest writes a manifest to path through a temporary file beside the output: a
// line per file (content hash, size, time, identity, name) and one per folder ("d", time,
// identity, name).
func writeManifest(parent, base, path string, files map[string]entry, dirs map[string]dirState) error {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	b := make([]byte, 0, 64+len(files)*110+len(dirs)*60)
	b = append(b, manifestHeader+"\n"...)
	for _, n := range names {
		e := files[n]
		b = append(b, e.hash...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, e.size, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, e.mtime, 10)
		b = append(b, ' ')
		b = append(b, e.id...)
		b = append(b, ' ')
		b = append(b, n...)
		b = append(b, '\n')
	}
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		b = append(b, "d "...)
		b = strconv.AppendInt(b, dirs[d].mtime, 10)
		b = append(b, ' ')
		b = append(b, dirs[d].id...)
		b = append(b, ' ')
		b = append(b, d...)
		b = append(b, '\n')
	}
	f, err := os.CreateTemp(parent, "."+base+".manifest-")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), path)
}

// readManifest reads a manifest: its files and folders (none from a manifest of version 2,
// which has only files). Anything unreadable or malformed gives an empty one (every file
// is then written, never wrongly linked, and nothing recycled).
func readManifest(path string) (map[string]entry, map[string]dirState) {
	data, err := os.ReadFile(path)
	if err != nil {
		return map[string]entry{}, map[string]dirState{}
	}
	m, dirs, ok := parseManifest(string(data)) // entries share the one string
	if !ok {
		return map[string]entry{}, map[string]dirState{}
	}
	return m, dirs
}

func parseManifest(text string) (map[string]entry, map[string]dirState, bool) {
	head, text, _ := strings.Cut(text, "\n")
	if head != manifestHeader && head != "signpost-publish-manifest 2" {
		return nil, nil, false
	}
	m := make(map[string]entry, strings.Count(text, "\n"))
	dirs := map[string]dirState{}
	for text != "" {
		line, rest, found := strings.Cut(text, "\n")
		if !found {
			return nil, nil, false // cut short
		}
		text = rest
		if r, ok := strings.CutPrefix(line, "d "); ok {
			mtime, r, ok1 := strings.Cut(r, " ")
			id, name, ok2 := strings.Cut(r, " ")
			mt, err := strconv.ParseInt(mtime, 10, 64)
			if !ok1 || !ok2 || err != nil || id == "" || name != rootDir && !fileName(name) {
				return nil, nil, false
			}
			dirs[name] = dirState{mtime: mt, id: id}
			continue
		}
		hash, r, ok1 := strings.Cut(line, " ")
		size, r, ok2 := strings.Cut(r, " ")
		mtime, r, ok3 := strings.Cut(r, " ")
		id, name, ok4 := strings.Cut(r, " ")
		sz, err1 := strconv.ParseInt(size, 10, 64)
		mt, err2 := strconv.ParseInt(mtime, 10, 64)
		if !ok1 || !ok2 || !ok3 || !ok4 || len(hash) != 32 || err1 != nil || err2 != nil || id == "" || !fileName(name) {
			return nil, nil, false
		}
		m[name] = entry{hash: hash, size: sz, mtime: mt, id: id}
	}
	return m, dirs, true
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
