package tiermatrix

import (
	"go.yaml.in/yaml/v3"

	"signpost/internal/site"
)

// StepLinks lists the links of the routes' steps (routes[].steps[].link) with the line of
// each, for the site's link check (internal/links): a step's page and anchor must resolve
// like a link in Markdown, and a broken one fails the build at file:line (issue #18). Load
// has checked the shape; a file it rejects gives no links.
func StepLinks(file string, src []byte) []site.DataLink {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil || len(root.Content) == 0 {
		return nil
	}
	var out []site.DataLink
	for _, r := range linkItems(linkChild(root.Content[0], "routes")) {
		for _, st := range linkItems(linkChild(r, "steps")) {
			if l := linkChild(st, "link"); l != nil && l.Kind == yaml.ScalarNode && l.Value != "" {
				out = append(out, site.DataLink{File: file, Line: l.Line, Dest: l.Value})
			}
		}
	}
	return out
}

// linkChild returns the value of key in mapping n, or nil. (Kept here, apart from load.go's
// helpers, so that this file stands alone.)
func linkChild(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// linkItems returns the items of sequence n.
func linkItems(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}
