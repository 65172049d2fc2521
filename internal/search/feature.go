package search

import (
	"signpost/internal/diag"
	"signpost/internal/feature"
	"signpost/internal/site"
)

// Synonyms and Vocab hold the site's synonyms.yaml and vocabulary.yaml (nil when missing).
var (
	Synonyms = site.NewSlot[[][]string]("synonyms")
	Vocab    = site.NewSlot[Vocabulary]("vocabulary")
)

// Feature registers the data files the search index is built with: synonyms.yaml and
// vocabulary.yaml. They feed no block; the build reads them when it makes the index.
var Feature = feature.Feature{
	Name: "search",
	Files: []feature.File{
		{Base: "synonyms", Load: func(file string, src []byte, s *site.Site) diag.List {
			syn, diags := LoadSynonyms(file, src)
			Synonyms.Set(s, syn)
			return diags
		}},
		{Base: "vocabulary", Load: func(file string, src []byte, s *site.Site) diag.List {
			v, diags := LoadVocabulary(file, src)
			Vocab.Set(s, v)
			return diags
		}},
	},
}
