package render

import (
	"html/template"
	"reflect"
	"strings"
	"testing"
	"time"

	"signpost/internal/site"
)

// nonZero sets v (settable, zero) to a value other than its zero value, and other than
// the value of a pointer to a zero value, recursing into pointers and structs: it is how
// TestHashFrontEveryField reaches every field. It reports false for a kind it cannot set.
func nonZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(3)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Float64:
		v.SetFloat(0.5)
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			return false
		}
		v.Set(reflect.ValueOf([]string{"x"}).Convert(v.Type()))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[site.Date]() {
			v.Set(reflect.ValueOf(site.Date{Time: time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)}))
			return true
		}
		return false
	default:
		return false
	}
	return true
}

// TestHashFrontEveryField: front matter differing in any one field, at any depth, hashes
// differently (a pointer: nil, to a zero value, to a value), so a field added to
// site.FrontMatter that hashFront does not write fails here.
func TestHashFrontEveryField(t *testing.T) {
	seen := map[uint64]string{}
	add := func(what string, fm *site.FrontMatter) {
		t.Helper()
		h := hashAnswer(fm)
		if h != hashAnswer(fm) {
			t.Fatalf("%s: two hashes", what)
		}
		if w, dup := seen[h]; dup {
			t.Errorf("%s: same hash as %s", what, w)
		}
		seen[h] = what
	}
	add("nil", nil)
	add("zero", &site.FrontMatter{})
	variants := frontVariants(t)
	if len(variants) < reflect.TypeFor[site.FrontMatter]().NumField() {
		t.Fatalf("%d variants for %d fields", len(variants), reflect.TypeFor[site.FrontMatter]().NumField())
	}
	for _, one := range variants {
		add(one.what, one.fm)
	}
}

type frontVariant struct {
	what string
	fm   *site.FrontMatter
}

// frontVariants returns front matter with exactly one field (at any depth) set: for a
// pointer, once to a pointer to the zero value and once with what it points to set.
func frontVariants(t *testing.T) []frontVariant {
	var out []frontVariant
	var visit func(path string, typ reflect.Type, reach func(*site.FrontMatter) reflect.Value)
	visit = func(path string, typ reflect.Type, reach func(*site.FrontMatter) reflect.Value) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			name := path + f.Name
			field := func(fm *site.FrontMatter) reflect.Value { return reach(fm).Field(i) }
			fm := &site.FrontMatter{}
			if !nonZero(field(fm)) {
				t.Errorf("%s: a field of type %s; hashFront and this test need to learn it", name, f.Type)
				continue
			}
			out = append(out, frontVariant{name, fm})
			if f.Type.Kind() != reflect.Pointer {
				continue
			}
			inner := func(fm *site.FrontMatter) reflect.Value {
				v := field(fm)
				if v.IsNil() {
					v.Set(reflect.New(f.Type.Elem()))
				}
				return v.Elem()
			}
			if f.Type.Elem().Kind() == reflect.Struct {
				visit(name+".", f.Type.Elem(), inner)
				continue
			}
			fm = &site.FrontMatter{}
			if !nonZero(inner(fm)) {
				t.Errorf("%s: points to a %s; hashFront and this test need to learn it", name, f.Type.Elem())
				continue
			}
			out = append(out, frontVariant{name + " (set)", fm})
		}
	}
	visit("", reflect.TypeFor[site.FrontMatter](), func(fm *site.FrontMatter) reflect.Value { return reflect.ValueOf(fm).Elem() })
	return out
}

// TestHashHeadings: headings differing in any field, or in number, hash differently.
func TestHashHeadings(t *testing.T) {
	if n := reflect.TypeFor[site.Heading]().NumField(); n != 3 {
		t.Fatalf("site.Heading has %d fields: hashAnswer writes 3", n)
	}
	base := site.Heading{Level: 2, ID: "a", Text: "A"}
	cases := map[string][]site.Heading{
		"none":  nil,
		"one":   {base},
		"level": {{Level: 3, ID: "a", Text: "A"}},
		"id":    {{Level: 2, ID: "b", Text: "A"}},
		"text":  {{Level: 2, ID: "a", Text: "B"}},
		"two":   {base, base},
		"moved": {{Level: 2, ID: "aA", Text: ""}},
	}
	seen := map[uint64]string{}
	for what, hs := range cases {
		h := hashAnswer(hs)
		if w, dup := seen[h]; dup {
			t.Errorf("%s: same hash as %s", what, w)
		}
		seen[h] = what
	}
}

// TestHashAnswerKinds: answers of different kinds, or that differ in a byte anywhere in a
// long string, hash differently; the same answer hashes the same.
func TestHashAnswerKinds(t *testing.T) {
	long := strings.Repeat("<p>text about safeguarding</p>\n", 200)
	answers := map[string]any{
		"string":        "a",
		"html":          template.HTML("a"),
		"empty string":  "",
		"true":          true,
		"false":         false,
		"list":          []string{"a"},
		"list of two":   []string{"a", ""},
		"list joined":   []string{"", "a"},
		"long":          long,
		"long html":     template.HTML(long),
		"long, changed": long[:3000] + "X" + long[3001:],
		"long, longer":  long + " ",
		"nav":           []NavItem{{URL: "/a/", Title: "A"}},
		"nav, other":    []NavItem{{URL: "/a/", Title: "B"}},
	}
	seen := map[uint64]string{}
	for what, v := range answers {
		h := hashAnswer(v)
		if h != hashAnswer(v) {
			t.Errorf("%s: two hashes", what)
		}
		if w, dup := seen[h]; dup {
			t.Errorf("%s: same hash as %s", what, w)
		}
		seen[h] = what
	}
}
