// Command badinput replays the bad-input catalogue of issue 15 against `signpost build`:
// for each case it copies a small base site (the repository's site.yaml, layouts, assets,
// static files and data files, with three pages), builds it once so public/ holds a good
// site, applies the case's change, builds again and checks the exit code, that the error
// output names the place (file:line), and that a failed build left public/ byte for byte
// as it was. It prints the table the issue asks for.
//
//	go run ./bench/badinput          # the table, in Markdown
//	go run ./bench/badinput -q       # only failures; exit 1 if any
//	go run ./bench/badinput -run exit_url
//
// catalogue_test.go runs the same cases under `go test`.
package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	quiet := flag.Bool("q", false, "print only failing cases")
	run := flag.String("run", "", "only cases whose name matches this regular expression")
	flag.Parse()
	results, err := Replay(repoRoot(), *run)
	if err != nil {
		fmt.Fprintln(os.Stderr, "badinput:", err)
		os.Exit(2)
	}
	failed := 0
	if !*quiet {
		fmt.Println("| # | Input | Exit | Reported | public/ unchanged | Wall | CPU | OK |")
		fmt.Println("| ---: | --- | ---: | --- | --- | ---: | ---: | --- |")
	}
	for i, r := range results {
		if !r.OK {
			failed++
		}
		if !*quiet || !r.OK {
			fmt.Printf("| %d | %s | %d | %s | %s | %.2f s | %.2f s | %s |\n", i+1, r.Case.Name, r.Exit, mdCell(r.Reported), unchanged(r), r.Took.Seconds(), r.CPU.Seconds(), okText(r))
		}
		if !r.OK && *quiet {
			fmt.Printf("%s\n", r.Stderr)
		}
	}
	fmt.Printf("\n%d cases, %d behave as they should, %d do not.\n", len(results), len(results)-failed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

// Result is what one case did.
type Result struct {
	Case      Case
	Exit      int
	Reported  string        // the line of stderr that holds Want (or the first line)
	Unchanged bool          // public/ is byte for byte what it was (always expected after a failure)
	Took      time.Duration // wall-clock time of the build
	CPU       time.Duration // user and system time of the build process
	OK        bool
	Why       string // why it is not OK
	Stderr    string
}

// Replay builds the signpost command, then runs every case whose name matches filter.
func Replay(repo, filter string) ([]Result, error) {
	re, err := regexp.Compile(filter)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "badinput")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "signpost")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/signpost")
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	base := filepath.Join(tmp, "base")
	if err := writeBase(repo, base); err != nil {
		return nil, err
	}
	if code, _, out, _ := build(bin, base); code != 0 {
		return nil, fmt.Errorf("the base site does not build (exit %d):\n%s", code, out)
	}
	var results []Result
	for i, c := range Cases {
		if !re.MatchString(c.Name) {
			continue
		}
		dir := filepath.Join(tmp, fmt.Sprintf("case%03d", i))
		r, err := replay(bin, base, dir, c)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", c.Name, err)
		}
		results = append(results, r)
		_ = os.RemoveAll(dir)
	}
	return results, nil
}

func replay(bin, base, dir string, c Case) (Result, error) {
	if err := os.CopyFS(dir, os.DirFS(base)); err != nil {
		return Result{}, err
	}
	before, err := tree(filepath.Join(dir, "public"))
	if err != nil {
		return Result{}, err
	}
	if err := c.Edit(&Site{Dir: dir}); err != nil {
		return Result{}, err
	}
	start := time.Now()
	code, stdout, stderr, cpu := build(bin, dir)
	r := Result{Case: c, Exit: code, Took: time.Since(start), CPU: cpu, Stderr: stderr}
	after, err := tree(filepath.Join(dir, "public"))
	if err != nil {
		return Result{}, err
	}
	r.Unchanged = before == after
	want, err := expandLines(c.Want, base)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", c.Name, err)
	}
	for _, line := range strings.Split(stderr, "\n") {
		if want != "" && strings.Contains(line, want) || want == "" && r.Reported == "" && strings.TrimSpace(line) != "" && !strings.Contains(line, "due for review") {
			r.Reported = line
			if want != "" {
				break
			}
		}
	}
	switch {
	case code != c.Exit:
		r.Why = fmt.Sprintf("exit %d, want %d", code, c.Exit)
	case want != "" && !strings.Contains(stderr, want):
		r.Why = fmt.Sprintf("output lacks %q", want)
	case code != 0 && !r.Unchanged:
		r.Why = "a failed build changed public/"
	case code == 0 && !strings.HasPrefix(stdout, "built "):
		r.Why = "a good build did not say it published"
	case strings.Contains(stderr, "panic") || strings.Contains(stderr, "internal error"):
		r.Why = "internal error"
	default:
		r.OK = true
	}
	return r, nil
}

// lineRef is `{line FILE|TEXT}` in a case's Want: the line of the base site's FILE on which
// TEXT first appears, so that expectations follow the real site.yaml as editors change it
// (a data-only change must never break CI: issue 18).
var lineRef = regexp.MustCompile(`\{line ([^|}]+)\|([^}]*)\}`)

// expandLines replaces every lineRef in want with its line number in the base site.
func expandLines(want, base string) (string, error) {
	var err error
	out := lineRef.ReplaceAllStringFunc(want, func(m string) string {
		sub := lineRef.FindStringSubmatch(m)
		b, e := os.ReadFile(filepath.Join(base, filepath.FromSlash(sub[1])))
		if e != nil {
			err = e
			return m
		}
		i := strings.Index(string(b), sub[2])
		if i < 0 {
			err = fmt.Errorf("%s does not contain %q", sub[1], sub[2])
			return m
		}
		return strconv.Itoa(1 + strings.Count(string(b[:i]), "\n"))
	})
	return out, err
}

// build runs `signpost build` in dir and returns its exit code, output and CPU time.
func build(bin, dir string) (code int, stdout, stderr string, cpu time.Duration) {
	var out, errs bytes.Buffer
	cmd := exec.Command(bin, "build", "-src", dir)
	cmd.Stdout = &out
	cmd.Stderr = &errs
	err := cmd.Run()
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errs.String(), cpu
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String(), errs.String(), cpu
	default:
		return -1, "", err.Error(), cpu
	}
}

// tree hashes every file under dir (paths and contents); "" when dir is missing.
func tree(dir string) (string, error) {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", strings.TrimPrefix(n, dir), len(b))
		h.Write(b)
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// repoRoot finds the module root from the working directory.
func repoRoot() string {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.Contains(b, []byte("module signpost\n")) {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i] // the hint
	}
	if len(s) > 110 {
		s = s[:107] + "…"
	}
	if s == "" {
		return "–"
	}
	return "`" + s + "`"
}

func unchanged(r Result) string {
	switch {
	case r.Exit == 0:
		return "– (built)"
	case r.Unchanged:
		return "yes"
	}
	return "no"
}

func okText(r Result) string {
	if r.OK {
		return "✓"
	}
	return "✗ " + r.Why
}
