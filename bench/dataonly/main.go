// Command dataonly proves that an editor's valid data-only change keeps the build and the
// tests that read the data green (issue #18). It copies the repository's tracked files to a
// temporary directory, makes there the changes an editor of a new partnership would make,
// with no Go, layout or asset change, then builds the copy with every check on and runs the
// data-reading tests in it, one `go test` at a time:
//
//   - a new area, Eastmere (internal/build/testdata/newarea.txtar's Northvale, renamed): its
//     site.yaml entry with contacts, a section of pages, a disability-check branch with its
//     own routes and sources, and a tier matrix of its own;
//   - a contact added to an existing area (Thurrock);
//   - a route added to an existing area's disability check (Stoke-on-Trent);
//   - site wording reworded in data: the check's introduction, a glossary description and
//     the Thurrock tier matrix's judgement line.
//
// Usage, from the repository root:
//
//	go run ./bench/dataonly            # build and tests; the copy is removed afterwards
//	go run ./bench/dataonly -keep      # keep the copy and print its path
//	go run ./bench/dataonly -browser   # also the browser tests that read the real site
//
// Numbers are Ofcom's reserved drama numbers (01632 96xxxx) and addresses example.org.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/tools/txtar"
)

// tests are the packages and tests that read the real site's data (not the frozen fixtures),
// run in the changed copy.
var tests = [][]string{
	{"./widgets/cwd"},
	{"./internal/cwdcheck", "-short"},
	{"./internal/tiermatrix", "-short"},
	{"./internal/glossary"},
	{"./internal/site"},
	{"./internal/build", "-short"},
	{"./internal/build", "-run", "TestNewArea$"},
}

var browserTests = [][]string{
	{"./internal/cwdcheck", "-run", "TestBrowser$"},
	{"./internal/browsertest", "-run", "TestPagesAccessibleAndCSPClean$|TestNarrowScreen$"},
}

func main() {
	keep := flag.Bool("keep", false, "keep the changed copy")
	browser := flag.Bool("browser", false, "also run the browser tests that read the real site")
	flag.Parse()
	root, err := os.Getwd()
	check(err)
	dir, err := os.MkdirTemp("", "signpost-dataonly-")
	check(err)
	if *keep {
		fmt.Println("copy:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	copyTracked(root, dir)
	change(dir)

	ok := true
	step := func(name string, args ...string) {
		fmt.Printf("== %s\n", name)
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if err != nil {
			ok = false
			fmt.Printf("FAIL: %v\n%s\n", err, out)
			return
		}
		fmt.Println(lines[len(lines)-1])
	}
	step("build with every check on", "run", "./cmd/signpost", "build", "-strict-citations", "-out", filepath.Join(dir, "public"))
	all := tests
	if *browser {
		all = append(all, browserTests...)
	}
	for _, t := range all {
		step("go test "+strings.Join(t, " "), append([]string{"test", "-count=1"}, t...)...)
	}
	if !ok {
		fmt.Println("FAIL: a valid data-only change broke the build or a test")
		os.Exit(1)
	}
	fmt.Println("ok: the data-only change builds and the data-reading tests pass")
}

// copyTracked copies the files git tracks (and their uncommitted state) from root to dir.
func copyTracked(root, dir string) {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	check(err)
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the work tree
		}
		check(err)
		write(dir, name, string(b))
	}
}

// change makes the editor's changes in the copy at dir.
func change(dir string) {
	ar, err := txtar.ParseFile(filepath.Join(dir, "internal/build/testdata/newarea.txtar"))
	check(err)
	// Eastmere has numbers and addresses of its own: TestNewArea adds Northvale beside it.
	rename := strings.NewReplacer("Northvale", "Eastmere", "northvale", "eastmere", "01632 9600", "01632 9607", "front-door@", "eastmere-front-door@")
	const cwd = "content/_data/cwd.yaml"
	for _, f := range ar.Files {
		data := rename.Replace(string(f.Data))
		switch f.Name {
		case "site.yaml+":
			edit(dir, "site.yaml", func(s string) string { return strings.TrimRight(s, "\n") + "\n" + data })
		case "cwd.yaml+":
			edit(dir, cwd, func(s string) string { return strings.TrimRight(s, "\n") + "\n" + data })
		case "cwd.yaml+area":
			edit(dir, cwd, func(s string) string { return insertBefore(s, "      - id: elsewhere\n", data) })
		case "content/parents/every-area.md":
			// TestNewArea's own page for every area, Northvale's too; not the editor's.
		default:
			if strings.HasSuffix(f.Name, "+") || strings.Contains(f.Name, "+") {
				fail("newarea.txtar has a fragment %s this program does not know", f.Name)
			}
			write(dir, rename.Replace(f.Name), data)
		}
	}
	// A contact added to an existing area.
	edit(dir, "site.yaml", func(s string) string {
		return insertBefore(s, "  stoke-on-trent:\n", `      - id: family-hub
        name: Thurrock Family Hub (example)
        phone: 01632 960101
        web: https://example.org/thurrock/family-hub
`)
	})
	// A route added to an existing area's disability check.
	edit(dir, cwd, func(s string) string {
		return insertBefore(s, "  - id: thurrock\n    name: Thurrock\n", `      - id: aiming-high-activities
        title: Ask Aiming High about activities
        what:
          - p: Aiming High offers activities for disabled children and young people.
        who: Aiming High (Action for Children).
        how:
          - p: Contact Aiming High and ask about its activities.
        contacts: [aiming-high]
        source:
          title: "Aiming High core offer – Stoke-on-Trent guide"
          url: /parents/stoke-on-trent-guide/aiming-high/#i-a-core-offer
        when:
          - rank: 9

`)
	})
	// Site wording reworded in data.
	edit(dir, cwd, func(s string) string {
		return replaceOnce(s, "Answer a few questions to see the routes", "Answer some questions to see the routes")
	})
	edit(dir, "content/_data/glossary.yaml", func(s string) string {
		return replaceOnce(s, "  description: A police training course named in the Thurrock annual report.", "  description: A police training course that the Thurrock annual report names.")
	})
	edit(dir, "content/_data/indicators.yaml", func(s string) string {
		return replaceOnce(s, "  judgement: The matrix reflects your personal judgement and informs decision making.", "  judgement: \"The matrix reflects your personal judgement, and informs decision making.\"")
	})
}

func insertBefore(s, at, text string) string {
	i := strings.Index(s, at)
	if i < 0 {
		fail("no %q to insert before", at)
	}
	return s[:i] + text + s[i:]
}

func replaceOnce(s, old, new string) string {
	if strings.Count(s, old) != 1 {
		fail("%q found %d times", old, strings.Count(s, old))
	}
	return strings.Replace(s, old, new, 1)
}

func edit(dir, name string, f func(string) string) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	check(err)
	write(dir, name, f(string(b)))
}

func write(dir, name, data string) {
	p := filepath.Join(dir, name)
	check(os.MkdirAll(filepath.Dir(p), 0o755))
	check(os.WriteFile(p, bytes.Clone([]byte(data)), 0o644))
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "dataonly: "+format+"\n", args...)
	os.Exit(2)
}
