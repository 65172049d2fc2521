// Package datafile decodes the site's YAML data files (content/_data/*.yaml, site.yaml)
// strictly: unknown keys are errors, and every error carries the file and line so an editor
// can go straight to it. Semantic checks (unknown domain, duplicate id) use the Line fields
// that types record with Pos.
package datafile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"signpost/internal/diag"
)

// Pos records where a YAML node starts. Embed it in a data type and it is filled in by
// Decode (through UnmarshalYAML on the containing type, see PosOf) or set it yourself.
type Pos struct {
	Line int `yaml:"-"`
	Col  int `yaml:"-"`
}

// PosOf returns the position of n.
func PosOf(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// Decode parses src (named file, used in diagnostics) into v with unknown fields rejected.
// lineOffset is added to reported lines (front matter starts after the opening ---).
// An empty document leaves v untouched and is not an error.
func Decode(file string, src []byte, lineOffset int, v any) diag.List {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	return FromYAMLError(file, lineOffset, err)
}

// FromYAMLError converts a yaml.v3 error (a syntax error or a *yaml.TypeError holding one
// message per problem) into diagnostics with file and line.
func FromYAMLError(file string, lineOffset int, err error) diag.List {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out diag.List
	for _, m := range msgs {
		line := 0
		if sm := lineRE.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		d := diag.Errorf(file, line+lineOffset, 0, "%s", m)
		if line == 0 {
			d.Line = 0
		}
		switch {
		case strings.Contains(m, "not found in type"):
			d.Hint = "unknown key: check its spelling against the documented keys"
		case strings.Contains(m, "cannot unmarshal"):
			d.Hint = "the value has the wrong type"
		case strings.Contains(m, "mapping values are not allowed"), strings.Contains(m, "did not find expected"):
			d.Hint = "YAML syntax: check indentation and quote values that contain ': '"
		}
		out.Add(d)
	}
	return out
}
