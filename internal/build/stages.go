package build

import (
	"context"
	"html/template"

	"signpost/internal/blocks"
	"signpost/internal/diag"
	"signpost/internal/site"
)

func templateHTML(s string) template.HTML { return template.HTML(s) }

// loadData decodes content/_data files with their owner packages and registers the blocks
// and widgets that render them.
func loadData(s *site.Site, reg *blocks.Registry) diag.List {
	return nil
}

// glossaryMap returns term → expansion for <abbr> marking.
func glossaryMap(s *site.Site) map[string]string { return nil }

// buildSearch makes the search index files.
func buildSearch(s *site.Site) (map[string][]byte, diag.List) { return nil, nil }

// buildWASM compiles the widgets module.
func buildWASM(ctx context.Context, cfg Config) (map[string][]byte, string, string, error) {
	return nil, "", "", nil
}
