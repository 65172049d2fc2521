// Package diag is the one error type editors see: a problem at a place in a source file,
// printed as "path:line:col: message (hint)". Stages collect diagnostics into a List so a
// single build reports every problem, not only the first (issue 2, item 7).
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	// Error fails the build; nothing is published.
	Error Severity = iota
	// Warning is reported but the build still publishes (for example a passed review date).
	Warning
)

// Diag is one problem at one place. File is relative to the site root with forward
// slashes; Line and Col are 1-based, 0 when unknown.
type Diag struct {
	Severity Severity
	File     string
	Line     int
	Col      int
	Msg      string
	Hint     string
}

// String formats d as "file:line:col: message (hint)", leaving out unknown parts.
func (d Diag) String() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
			if d.Col > 0 {
				fmt.Fprintf(&b, ":%d", d.Col)
			}
		}
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	if d.Hint != "" {
		fmt.Fprintf(&b, " (%s)", d.Hint)
	}
	return b.String()
}

// Errorf makes an Error-severity diagnostic.
func Errorf(file string, line, col int, format string, args ...any) Diag {
	return Diag{Severity: Error, File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// Warnf makes a Warning-severity diagnostic.
func Warnf(file string, line, col int, format string, args ...any) Diag {
	return Diag{Severity: Warning, File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// WithHint returns d with its hint set.
func (d Diag) WithHint(format string, args ...any) Diag {
	d.Hint = fmt.Sprintf(format, args...)
	return d
}

// List collects diagnostics. The zero value is ready to use. It is not safe for concurrent
// use; stages that fan out collect per goroutine and Add the lists together at the end.
type List []Diag

// Add appends diagnostics.
func (l *List) Add(ds ...Diag) { *l = append(*l, ds...) }

// HasErrors reports whether any diagnostic is an Error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the Error-severity diagnostics.
func (l List) Errors() List { return l.filter(Error) }

// Warnings returns only the Warning-severity diagnostics.
func (l List) Warnings() List { return l.filter(Warning) }

func (l List) filter(s Severity) List {
	var out List
	for _, d := range l {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by file, line and column so output is stable.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Error implements error so a List with errors can be returned as one.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
