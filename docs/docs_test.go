package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	// A path in the repository: internal/build, widgets/cwd, cmd/signpost/main.go.
	pathRE = regexp.MustCompile("(?:^|[^\\w/.-])((?:internal|widgets|cmd|bench)/[\\w./-]*[\\w])")
	// Any path in the repository, in backquotes: `assets/css/main.css`, `.ci/run`.
	anyPathRE = regexp.MustCompile("`((?:internal|widgets|cmd|bench|layouts|assets|content|static|docs|\\.ci)/[\\w./<>-]*[\\w])`")
	// A file named on its own in backquotes: `stages.go`.
	fileRE = regexp.MustCompile("`([\\w-]+\\.go)`")
	// A row of the blocks table: | `::: kind …` | … | `internal/pkg` |
	blockRowRE = regexp.MustCompile("^ *\\| `::: ([\\w-]+)(?: ([\\w-]+))?[^`]*`.*\\| `((?:internal|widgets)/[\\w/]+)` \\|$")
	// A row of the data files table: | `name.yaml` … | `internal/pkg` …
	dataRowRE = regexp.MustCompile("^\\| `([\\w-]+)\\.yaml`[^|]*\\| `((?:internal|widgets)/[\\w/]+)`")
)

func readArchitecture(t *testing.T) []string { return readLines(t, "architecture.md") }

func readLines(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

// TestNewcomerPaths: every file and folder the newcomer's guide tells you to touch exists,
// except the example feature's (internal/foo, widgets/foo/…).
func TestNewcomerPaths(t *testing.T) {
	n := 0
	for i, line := range readLines(t, "newcomer.md") {
		seen := map[string]bool{}
		for _, m := range append(pathRE.FindAllStringSubmatch(line, -1), anyPathRE.FindAllStringSubmatch(line, -1)...) {
			p := strings.TrimSuffix(m[1], ".")
			if seen[p] || strings.Contains(p, "foo") || strings.ContainsAny(p, "<>") {
				continue
			}
			seen[p] = true
			n++
			if _, err := os.Stat(filepath.Join("..", p)); err != nil {
				t.Errorf("newcomer.md:%d: %s does not exist", i+1, p)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d paths found in newcomer.md: has the pattern stopped matching?", n)
	}
}

// TestArchitecturePaths: every package, folder or file architecture.md names by its path
// exists, and a file it names on its own (`stages.go`) is in the package named last
// before it on the same line.
func TestArchitecturePaths(t *testing.T) {
	for i, line := range readArchitecture(t) {
		pkg := ""
		rest := line
		for rest != "" {
			pm := pathRE.FindStringSubmatchIndex(rest)
			fm := fileRE.FindStringSubmatchIndex(rest)
			switch {
			case pm != nil && (fm == nil || pm[2] < fm[2]):
				p := strings.TrimSuffix(rest[pm[2]:pm[3]], ".")
				if _, err := os.Stat(filepath.Join("..", p)); err != nil {
					t.Errorf("architecture.md:%d: %s does not exist", i+1, p)
				}
				if !strings.Contains(filepath.Base(p), ".") {
					pkg = p
				}
				rest = rest[pm[3]:]
			case fm != nil:
				f := rest[fm[2]:fm[3]]
				if pkg == "" {
					t.Errorf("architecture.md:%d: %s is named with no package before it on the line", i+1, f)
				} else if _, err := os.Stat(filepath.Join("..", pkg, f)); err != nil {
					t.Errorf("architecture.md:%d: %s is not in %s", i+1, f, pkg)
				}
				rest = rest[fm[3]:]
			default:
				rest = ""
			}
		}
	}
}

// TestArchitectureOwners: each block of the blocks table and each data file of the data
// files table is registered by the package the table names (its Go code, tests left out,
// holds the name as a string literal).
func TestArchitectureOwners(t *testing.T) {
	blocks, data := 0, 0
	for i, line := range readArchitecture(t) {
		if m := blockRowRE.FindStringSubmatch(line); m != nil {
			blocks++
			name := m[1]
			if name == "widget" {
				name = m[2]
			}
			if !holdsString(t, m[3], name) {
				t.Errorf("architecture.md:%d: %s does not register the block %q", i+1, m[3], name)
			}
		}
		if m := dataRowRE.FindStringSubmatch(line); m != nil {
			data++
			if !holdsString(t, m[2], m[1]) {
				t.Errorf("architecture.md:%d: %s does not read %s.yaml", i+1, m[2], m[1])
			}
		}
	}
	if blocks < 8 || data < 7 {
		t.Errorf("found %d block rows and %d data file rows: has the tables' format changed?", blocks, data)
	}
}

// holdsString reports whether the non-test Go files of package dir (from the repository
// root) hold the string literal s.
func holdsString(t *testing.T, dir, s string) bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Errorf("%s: no Go files", dir)
		return false
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, lit := range fileStrings(file) {
			if v, err := strconv.Unquote(lit); err == nil && v == s {
				found = true
			}
		}
		if found {
			return true
		}
	}
	return false
}

// fileStrings returns the string literals of file, quoted as written.
func fileStrings(file *ast.File) []string {
	var out []string
	ast.Inspect(file, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			out = append(out, lit.Value)
		}
		return true
	})
	return out
}
