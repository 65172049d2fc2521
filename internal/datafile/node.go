package datafile

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"signpost/internal/diag"
	"signpost/internal/suggest"
)

// The helpers below find positions in a file's node tree, for the checks a loader makes
// after Decode has accepted the file (an unknown id, a duplicate, a missing value): parse
// the file again with Tree, walk it with MapValue and Items in step with the decoded
// values, and take positions with PosOf, KeyPos and ValuePos. Every loader uses these;
// none walks nodes its own way.

// Tree parses src (already accepted by Decode) as a node tree and returns its top node:
// the mapping or sequence the document holds, or nil for an empty document.
func Tree(file string, src []byte) (*yaml.Node, diag.List) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, Errors(file, src, 0, err)
	}
	return Top(&root), nil
}

// Top returns the node a document holds (n itself when n is not a document node), or
// nil when the document is empty.
func Top(n *yaml.Node) *yaml.Node {
	switch {
	case n == nil || n.Kind == 0: // an empty file
		return nil
	case n.Kind != yaml.DocumentNode:
		return n
	case len(n.Content) == 0:
		return nil
	}
	return n.Content[0]
}

// MapValue returns the value of key in mapping m, or nil when m is not a mapping or
// lacks key.
func MapValue(m *yaml.Node, key string) *yaml.Node {
	if k := keyNode(m, key); k >= 0 {
		return m.Content[k+1]
	}
	return nil
}

// KeyPos returns the position of key in mapping m, or m's own position when m lacks key
// (the zero Pos when m is nil).
func KeyPos(m *yaml.Node, key string) Pos {
	if k := keyNode(m, key); k >= 0 {
		return PosOf(m.Content[k])
	}
	return PosOf(m)
}

// ValuePos returns the position of key's value in mapping m, or m's own position when m
// lacks key (the zero Pos when m is nil).
func ValuePos(m *yaml.Node, key string) Pos {
	if v := MapValue(m, key); v != nil {
		return PosOf(v)
	}
	return PosOf(m)
}

// Items returns the elements of sequence n, or nil when n is not a sequence.
func Items(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// Item returns element i of sequence n, or n itself when n has no such element (so a
// diagnostic still has a place to point).
func Item(n *yaml.Node, i int) *yaml.Node {
	if items := Items(n); i >= 0 && i < len(items) {
		return items[i]
	}
	return n
}

// UnknownKeys reports each key of mapping m that is not one of known, at the key's line
// and column, with a suggestion. what names the mapping in the message ("a step"). For
// files decoded leniently (yaml.Node.Decode ignores unknown keys); Decode rejects them.
func UnknownKeys(file string, m *yaml.Node, what string, known ...string) diag.List {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	var ds diag.List
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if indexOf(known, k.Value) >= 0 {
			continue
		}
		e := diag.Errorf(file, k.Line, k.Column, "unknown key %q in %s", k.Value, what)
		if s := suggest.Closest(k.Value, known); s != "" {
			e = e.WithHint("did you mean %q?", s)
		} else {
			e = e.WithHint("known keys: %s", strings.Join(known, ", "))
		}
		ds.Add(e)
	}
	return ds
}

func keyNode(m *yaml.Node, key string) int {
	if m == nil || m.Kind != yaml.MappingNode {
		return -1
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
