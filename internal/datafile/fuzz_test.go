package datafile_test

import (
	"os"
	"strings"
	"testing"

	"signpost/internal/chart"
	"signpost/internal/cwdcheck"
	"signpost/internal/diag"
	"signpost/internal/diagram"
	"signpost/internal/glossary"
	"signpost/internal/load"
	"signpost/internal/search"
	"signpost/internal/tiermatrix"
)

// One fuzz target per data-file loader (issue 15, item 7). Each loads any bytes: it must
// not panic, and every diagnostic must name the file and a line of it. The real file is
// the seed. A longer run of one:
//
//	go test ./internal/datafile -run '^$' -fuzz FuzzIndicators -fuzztime 10m

func fuzzLoader(f *testing.F, name string, load func(file string, src []byte) diag.List) {
	file := "content/_data/" + name
	if b, err := os.ReadFile("../../" + file); err == nil {
		f.Add(b)
	}
	f.Add([]byte("x: [\n"))
	f.Add([]byte("\xff\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		ds := load(file, src)
		lines := yamlLines(src)
		for _, d := range ds {
			if d.File != file || d.Line < 0 || d.Line > lines+1 {
				t.Errorf("diagnostic without its place: %v (%d lines)", d, lines)
			}
			if d.Line == 0 && strings.Contains(d.Msg, "yaml") {
				t.Errorf("YAML error without a line: %v", d)
			}
		}
	})
}

func FuzzReport(f *testing.F) {
	fuzzLoader(f, "report.yaml", func(file string, src []byte) diag.List { _, ds := chart.Load(file, src); return ds })
}

func FuzzDiagrams(f *testing.F) {
	fuzzLoader(f, "diagrams.yaml", func(file string, src []byte) diag.List { _, ds := diagram.Load(file, src); return ds })
}

func FuzzGlossary(f *testing.F) {
	fuzzLoader(f, "glossary.yaml", func(file string, src []byte) diag.List { _, ds := glossary.Load(file, src); return ds })
}

func FuzzSynonyms(f *testing.F) {
	fuzzLoader(f, "synonyms.yaml", func(file string, src []byte) diag.List { _, ds := search.LoadSynonyms(file, src); return ds })
}

func FuzzVocabulary(f *testing.F) {
	fuzzLoader(f, "vocabulary.yaml", func(file string, src []byte) diag.List { _, ds := search.LoadVocabulary(file, src); return ds })
}

func FuzzIndicators(f *testing.F) {
	fuzzLoader(f, "indicators.yaml", func(file string, src []byte) diag.List { _, ds := tiermatrix.Load(file, src); return ds })
}

func FuzzCWD(f *testing.F) {
	cfg, _ := load.LoadConfig(os.DirFS("../.."))
	contacts := cwdcheck.SiteContacts(cfg)
	fuzzLoader(f, "cwd.yaml", func(file string, src []byte) diag.List {
		d, ds := cwdcheck.Load(file, src)
		if d != nil {
			ds.Add(cwdcheck.Validate(file, d, contacts)...)
		}
		return ds
	})
}

// yamlLines counts lines as YAML does: "\r\n", "\r", "\n", NEL, LS and PS each end one.
func yamlLines(src []byte) int {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	n := 1
	for _, r := range s {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			n++
		}
	}
	return n
}
