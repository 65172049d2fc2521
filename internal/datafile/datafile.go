// Package datafile decodes the site's YAML data files (content/_data/*.yaml, site.yaml,
// front matter) strictly: unknown keys are errors, and every error carries the file, line
// and column so an editor can go straight to it. Semantic checks (unknown domain,
// duplicate id) use the Line fields that types record with Pos.
//
// The YAML library (go.yaml.in/yaml/v3) reports a syntax error's line inconsistently: none
// at all on the first line, for parser errors the 0-based line of the enclosing block (one
// line early, or the block's start), for some scanner errors the line where the token
// being scanned began, and no position for an invalid byte. Decode puts the right place
// back (issue 15, item 5): it finds invalid bytes itself, and the first line at which a
// syntax error appears by decoding prefixes of the file.
package datafile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"signpost/internal/diag"
)

// Pos records where a YAML node starts. Embed it in a data type and it is filled in by
// Decode (through UnmarshalYAML on the containing type, see PosOf) or set it yourself.
type Pos struct {
	Line int `yaml:"-"`
	Col  int `yaml:"-"`
}

// PosOf returns the position of n (the zero Pos for nil). node.go has the helpers that
// find the node.
func PosOf(n *yaml.Node) Pos {
	if n == nil {
		return Pos{}
	}
	return Pos{Line: n.Line, Col: n.Column}
}

var lineRE = regexp.MustCompile(`(?s)^(?:yaml: )?line (\d+): (.*)$`)

// Decode parses src (named file, used in diagnostics) into v with unknown fields rejected.
// lineOffset is added to reported lines (front matter starts after the opening ---).
// An empty document leaves v untouched and is not an error.
func Decode(file string, src []byte, lineOffset int, v any) diag.List {
	err := decode(src, v)
	if err == nil {
		return nil
	}
	return Errors(file, src, lineOffset, err)
}

func decode(src []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// FromYAMLError converts a yaml error into diagnostics when the source is not at hand
// (a second decoding pass over a file Decode has already accepted). Use Errors when it is.
func FromYAMLError(file string, lineOffset int, err error) diag.List {
	return Errors(file, nil, lineOffset, err)
}

// Errors converts an error of the YAML library for src (a syntax error, or a
// *yaml.TypeError holding one message per problem) into diagnostics at file:line:col.
// lineOffset is the line of file before src's first line.
func Errors(file string, src []byte, lineOffset int, err error) diag.List {
	var msgs []string
	var te *yaml.TypeError
	syntax := !errors.As(err, &te)
	if syntax {
		msgs = []string{err.Error()}
	} else {
		msgs = te.Errors
	}
	var out diag.List
	for _, m := range msgs {
		line := 0
		if sm := lineRE.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		// A quoted multi-line value stays on the diagnostic's one line.
		m = strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(m)
		col := 0
		if syntax && src != nil {
			line, col = syntaxPos(src, m, line)
		}
		if syntax && src != nil {
			// The library leaves out "line 1", and puts an unexpected end of the file on
			// the line after the last.
			line = min(max(line, 1), max(len(lineEnds(src)), 1))
		}
		if line > 0 && col == 0 && src != nil {
			col = colIn(src, line, m)
		}
		d := diag.Errorf(file, line+lineOffset, col, "%s", m)
		if line == 0 {
			d.Line, d.Col = 0, 0
		}
		switch {
		case strings.Contains(m, "not found in type"):
			d.Hint = "unknown key: check its spelling against the documented keys"
		case strings.Contains(m, "cannot unmarshal"):
			d.Hint = "the value has the wrong type"
		case strings.Contains(m, "mapping values are not allowed"), strings.Contains(m, "did not find expected"):
			d.Hint = "YAML syntax: check indentation and quote values that contain ': '"
		case isReaderError(m):
			d.Msg = "invalid character: " + m
			d.Hint = "the file must be UTF-8 text; retype the character or save the file as UTF-8"
		}
		out.Add(d)
	}
	return out
}

func isReaderError(m string) bool {
	return strings.Contains(m, "UTF-8") || strings.Contains(m, "control characters are not allowed") ||
		strings.Contains(m, "UTF-16")
}

// syntaxPos returns the 1-based line and column (0 when unknown) of syntax error m in src,
// given the line the library reported (0 when none).
func syntaxPos(src []byte, m string, reported int) (line, col int) {
	if isReaderError(m) {
		if off := badChar(src); off >= 0 {
			return lineCol(src, off)
		}
		return reported, 0
	}
	// Find the fewest whole lines of src that fail with the same problem: the problem is on
	// the last of them. Lines are cut only at line ends, so a prefix of a valid block is
	// valid; binary search keeps this to a dozen decodes of a large file.
	ends := lineEnds(src)
	fails := func(k int) bool {
		var n yaml.Node
		err := yaml.Unmarshal(src[:ends[k-1]], &n)
		return err != nil && strings.HasSuffix(err.Error(), m)
	}
	lo, hi := 0, len(ends) // fails(hi) is assumed; fails(lo) is not
	if hi == 0 || !fails(hi) {
		return max(reported, 1), 0
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, 0
}

// lineEnds returns the offset just past each line of src (its "\n" included).
func lineEnds(src []byte) []int {
	var ends []int
	for i, c := range src {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(src) > 0 && src[len(src)-1] != '\n' {
		ends = append(ends, len(src))
	}
	return ends
}

// badChar returns the offset of the first byte of src that YAML does not accept: invalid
// UTF-8, or a control character other than tab, line feed and carriage return. -1 if none.
func badChar(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r < 0xa0 && r != 0x85) ||
			r == 0xfffe || r == 0xffff || (r == 0xfeff && i > 0) {
			return i
		}
		i += n
	}
	return -1
}

// lineCol returns the 1-based line and column (in characters) of offset in src.
func lineCol(src []byte, off int) (int, int) {
	line := bytes.Count(src[:off], []byte("\n")) + 1
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, utf8.RuneCount(src[start:off]) + 1
}

// quotedRE finds what a message names on its line: a key ("field colour not found",
// "mapping key \"x\" already defined") or a value ("cannot unmarshal !!str `two`…").
var quotedRE = regexp.MustCompile("(?:field|key) \"?([^\" ]+)\"?|`([^`]+?)(?:\\.\\.\\.)?`")

// colIn returns the column to point at on line (1-based) of src for message m: where a key
// the message names starts, else the first non-blank character. 1 if the line is blank.
func colIn(src []byte, line int, m string) int {
	ends := lineEnds(src)
	if line < 1 || line > len(ends) {
		return 1
	}
	start := 0
	if line > 1 {
		start = ends[line-2]
	}
	text := string(src[start:ends[line-1]])
	if sm := quotedRE.FindStringSubmatch(m); sm != nil {
		if i := strings.Index(text, sm[1]+sm[2]); i >= 0 {
			return utf8.RuneCountInString(text[:i]) + 1
		}
	}
	trimmed := strings.TrimLeft(text, " \t")
	if strings.TrimSpace(trimmed) == "" {
		return 1
	}
	return utf8.RuneCountInString(text[:len(text)-len(trimmed)]) + 1
}
