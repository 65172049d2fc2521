package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"signpost/internal/diag"
	"signpost/internal/load"
	"signpost/internal/markdown"
	"signpost/internal/render"
	"signpost/internal/search"
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
	knowsEveryField(t, "the Markdown cache's", known)
}

// knowsEveryField fails the test for each type in known whose fields are not exactly the
// ones listed: the names an encoding (what) carries.
func knowsEveryField(t *testing.T, what string, known map[reflect.Type][]string) {
	t.Helper()
	for typ, want := range known {
		var got []string
		for f := range typ.Fields() {
			got = append(got, f.Name)
		}
		slices.Sort(got)
		w := slices.Sorted(slices.Values(want))
		if !slices.Equal(got, w) {
			t.Errorf("%s has fields %v; %s encoding knows %v", typ, got, what, w)
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
	entries := map[[32]byte][]byte{}
	for k, r := range results {
		entries[k] = encodeResult(r)
	}
	body := encodeShard("key", entries)
	key, got, err := decodeShard(body)
	if err != nil || key != "key" {
		t.Fatalf("decode: %q, %v", key, err)
	}
	if len(got) != len(results) {
		t.Fatalf("%d results back, want %d", len(got), len(results))
	}
	for k, r := range results {
		if back, ok := decodeResult(got[k]); !ok || !reflect.DeepEqual(back, r) {
			t.Errorf("entry %x: not the same after encoding", k[:2])
		}
		// A truncated or lengthened entry (spoilt under a good checksum) is an error,
		// never a panic.
		for cut := 0; cut < len(got[k]); cut += 1 + len(got[k])/50 {
			if _, ok := decodeResult(got[k][:cut]); ok {
				t.Fatalf("entry %x truncated at %d of %d: no error", k[:2], cut, len(got[k]))
			}
		}
		if _, ok := decodeResult(append(slices.Clone(got[k]), 'x')); ok {
			t.Fatalf("entry %x with a byte more: no error", k[:2])
		}
	}
	for cut := 0; cut < len(body); cut += 1 + len(body)/300 {
		if _, _, err := decodeShard(body[:cut]); err == nil {
			t.Fatalf("truncated at %d of %d: no error", cut, len(body))
		}
	}
}

// TestPageCodecKnowsEveryField: the pages cache's encoding carries every field ParsePage
// sets. A new field of site.Page, FrontMatter, Source or Search fails here until
// cache_codec.go's page carries it (and pagesMagic changes), or this test says why not.
func TestPageCodecKnowsEveryField(t *testing.T) {
	known := map[reflect.Type][]string{
		// File and Body come from the file read, LinkOnly is carried; Parent, Children and
		// the rest are filled by later stages, never by ParsePage (TestPageCodecRoundTrip
		// checks that).
		reflect.TypeFor[site.Page](): {"File", "URL", "IsSection", "Parent", "Children", "Front", "Body", "BodyLine",
			"HTML", "Headings", "Sections", "Links", "Abbrs", "Statements", "HasWidget", "Widgets", "LinkOnly"},
		reflect.TypeFor[site.FrontMatter](): {"Title", "NavTitle", "Description", "Weight", "Audience", "Area", "Source",
			"Reviewed", "ReviewBy", "AlsoIn", "TOC", "Layout", "Search", "Banner"},
		reflect.TypeFor[site.Source](): {"Publisher", "Title", "Date", "URL"},
		reflect.TypeFor[site.Search](): {"Weight", "SectionWeight", "Keywords"},
		reflect.TypeFor[site.Date]():   {"Time"},
	}
	knowsEveryField(t, "the pages cache's", known)
}

// TestPageCodecRoundTrip: every page of the real site's content, parsed, comes back from
// the encoding equal (with a page using every front matter key), and damaged records are
// errors or nil, never a panic.
func TestPageCodecRoundTrip(t *testing.T) {
	cfg, ds := load.LoadConfig(os.DirFS("../.."))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	type file struct {
		name string
		src  []byte
	}
	var files []file
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		files = append(files, file{strings.TrimPrefix(p, "../../"), src})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, file{"content/professionals/every-key.md", []byte(`---
title: Every key
nav_title: Every
description: A page with every front matter key.
weight: -3
audience: [parents, professionals]
area: [thurrock]
source: {publisher: P, title: T, date: "2026", url: "https://example.org/x"}
reviewed: 2026-01-02
review_by: 2027-03-04
also_in: [/parents/]
toc: false
layout: page
search: {weight: 2.5, keywords: [one, two]}
banner: [thurrock]
---
Body.
`)}, file{"content/professionals/_index.md", []byte("---\ntitle: S\ndescription: D.\narea: [thurrock]\nsource: {publisher: P, title: T}\nsearch: {section_weight: 0.5}\ntoc: true\n---\n")})
	n := 0
	for i, f := range files {
		p, ds := load.ParsePage(f.name, f.src, &cfg)
		if p == nil || len(ds) > 0 || !bytes.HasSuffix(f.src, p.Body) {
			if i >= len(files)-2 {
				t.Fatalf("%s: not cached (%v)", f.name, ds)
			}
			continue // not cached
		}
		n++
		p.LinkOnly = search.LinkOnlySections(string(p.Body)) // as applyResult does
		e := &encoder{}
		e.page(p)
		e.linkOnly(p.LinkOnly)
		d := &decoder{b: e.b}
		got := d.page(f.name, f.src, false)
		if got == nil || len(d.b) != 0 {
			t.Fatalf("%s: does not decode", f.name)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("%s: not the same after encoding:\n got %+v\nwant %+v", f.name, got.Front, p.Front)
		}
		// A file not read (its Stat unchanged): the same page without a body.
		d = &decoder{b: e.b}
		unread := d.page(f.name, nil, true)
		noBody := *p
		noBody.Body = nil
		if unread == nil || len(d.b) != 0 || !reflect.DeepEqual(unread, &noBody) {
			t.Errorf("%s: not the same after encoding, unread", f.name)
		}
		for cut := 0; cut < len(e.b); cut++ {
			d := &decoder{b: e.b[:cut]}
			if got := d.page(f.name, f.src, false); got != nil {
				t.Fatalf("%s: truncated at %d of %d: decoded", f.name, cut, len(e.b))
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d pages round-tripped", n)
	}
	body := encodePages("key", map[string][]byte{"content/a.md": []byte("a"), "content/b.md": nil})
	if k, recs, err := decodePages(body); err != nil || k != "key" || len(recs) != 2 || string(recs["content/a.md"]) != "a" || recs["content/b.md"] == nil {
		t.Fatalf("pages file: %q %v %v", k, recs, err)
	}
	for cut := 0; cut < len(body); cut++ {
		if _, _, err := decodePages(body[:cut]); err == nil {
			t.Fatalf("pages file truncated at %d of %d: no error", cut, len(body))
		}
	}
}

// TestIndexCodec: the index's encoding carries every field of cacheIndex and the render
// types in it (a new field fails here until encodeIndex carries it and cacheMagic
// changes), gives back what it was given, nil and empty slices included, and a truncated
// or lengthened body is an error, never a panic.
func TestIndexCodec(t *testing.T) {
	known := map[reflect.Type][]string{
		reflect.TypeFor[cacheIndex]():        {"Key", "Queries", "Pages"},
		reflect.TypeFor[cachedPage]():        {"URL", "Deps", "Out", "Anchors"},
		reflect.TypeFor[render.DepsRecord](): {"IDs", "Hashes", "Self"},
		reflect.TypeFor[render.SelfDep]():    {"Dep", "Hash"},
		reflect.TypeFor[render.Dep]():        {"Query", "Arg"},
	}
	knowsEveryField(t, "the index's", known)
	idx := &cacheIndex{Key: "key", Queries: []render.Dep{{Query: "page", Arg: "/a/"}, {Query: "site", Arg: ""}},
		Pages: []cachedPage{
			{URL: "/a/", Deps: render.DepsRecord{IDs: []int32{0, 1, 1 << 30}, Hashes: []uint64{0, 1<<64 - 1, 12345},
				Self: []render.SelfDep{{Dep: render.Dep{Query: "whole", Arg: "x"}, Hash: 1 << 63}}},
				Out: [32]byte{1, 2, 3, 31: 9}, Anchors: []string{"a", "b-c"}},
			{URL: "/b/", Deps: render.DepsRecord{IDs: []int32{}, Hashes: nil, Self: []render.SelfDep{}}, Anchors: []string{}},
			{URL: "/c/"},
		}}
	body := encodeIndex(idx)
	got, err := decodeIndex(body)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, idx) {
		t.Errorf("not the same after encoding:\n got %+v\nwant %+v", got, idx)
	}
	for cut := 0; cut < len(body); cut++ {
		if _, err := decodeIndex(body[:cut]); err == nil {
			t.Fatalf("truncated at %d of %d: no error", cut, len(body))
		}
	}
	if _, err := decodeIndex(append(slices.Clone(body), 0)); err == nil {
		t.Fatal("a byte more: no error")
	}
	if _, err := decodeIndex(encodeIndex(&cacheIndex{})); err != nil {
		t.Fatal(err)
	}
}
