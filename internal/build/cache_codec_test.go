package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"signpost/internal/diag"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// TestConvCodecKnowsEveryField: the Markdown cache's encoding carries every field of
// markdown.Result and of the types in it. A new field fails here until cache_codec.go
// carries it (and convMagic changes), so a cached conversion never loses it.
func TestConvCodecKnowsEveryField(t *testing.T) {
	known := map[reflect.Type][]string{
		reflect.TypeFor[markdown.Result](): {"HTML", "Headings", "Sections", "Links", "Abbrs", "Phones", "Emails", "Widgets", "Statements", "Diags"},
		reflect.TypeFor[site.Heading]():    {"Level", "ID", "Text"},
		reflect.TypeFor[site.Section]():    {"Anchor", "Heading", "Path", "Text"},
		reflect.TypeFor[site.Link]():       {"Dest", "Line", "Col"},
		reflect.TypeFor[markdown.Found]():  {"Value", "Line"},
		reflect.TypeFor[site.Statement]():  {"Line", "Col", "Text", "Claim", "Cites", "CiteLine", "CiteCol", "Inherited", "Site", "LeadIn", "OwnWords", "Path"},
	}
	for typ, want := range known {
		var got []string
		for f := range typ.Fields() {
			got = append(got, f.Name)
		}
		slices.Sort(got)
		w := slices.Sorted(slices.Values(want))
		if !slices.Equal(got, w) {
			t.Errorf("%s has fields %v; the Markdown cache's encoding knows %v", typ, got, w)
		}
	}
}

// TestConvCodecRoundTrip: every page of the real site's content, converted, comes back
// from the encoding equal, and damaged encodings are errors, never a panic.
func TestConvCodecRoundTrip(t *testing.T) {
	conv := markdown.Default()
	results := map[[32]byte]*markdown.Result{}
	var i byte
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r := conv.Convert(body, markdown.Env{File: p, Title: "T", BodyLine: 1, Block: func(markdown.BlockCall) (string, string, diag.List) {
			return "<p>block</p>", "block", nil
		}})
		r.Diags = nil
		var k [32]byte
		k[0], k[1] = i, byte(len(results))
		i++
		results[k] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) < 20 {
		t.Fatalf("only %d pages converted", len(results))
	}
	// A result with every field set.
	full := &markdown.Result{HTML: "<p>x</p>", Headings: []site.Heading{{Level: 2, ID: "a", Text: "A"}},
		Sections: []site.Section{{Anchor: "a", Heading: "A", Path: []string{"A"}, Text: "text"}, {Path: []string{}}},
		Links:    []site.Link{{Dest: "/x/", Line: 3, Col: 4}}, Abbrs: []string{"MASH"},
		Phones: []markdown.Found{{Value: "01234 567890", Line: 5}}, Emails: []markdown.Found{{Value: "a@b.c", Line: -6}},
		Widgets: []string{}, Statements: []site.Statement{{Line: 1, Col: 2, Text: "t", Claim: "c", Cites: []string{"/y/"}, CiteLine: 3,
			CiteCol: 4, Inherited: true, Site: true, LeadIn: true, OwnWords: 7, Path: []string{}}}}
	results[[32]byte{255}] = full
	body := encodeShard("key", results)
	key, got, err := decodeShard(body)
	if err != nil || key != "key" {
		t.Fatalf("decode: %q, %v", key, err)
	}
	if len(got) != len(results) {
		t.Fatalf("%d results back, want %d", len(got), len(results))
	}
	for k, r := range results {
		if !reflect.DeepEqual(got[k], r) {
			t.Errorf("entry %x: not the same after encoding", k[:2])
		}
	}
	for cut := 0; cut < len(body); cut += 1 + len(body)/300 {
		if _, _, err := decodeShard(body[:cut]); err == nil {
			t.Fatalf("truncated at %d of %d: no error", cut, len(body))
		}
	}
}
