package tiermatrix

import (
	"strings"
	"testing"

	"signpost/internal/markdown"
)

// Two threshold documents side by side: each block names its own, an unknown id is an
// error with a suggestion, and leaving the id out is fine only while there is one.
func TestDocumentsBlocks(t *testing.T) {
	real, small := loadFrozen(t), loadSmall(t)
	one := Documents{}
	if ds := one.Add("indicators.yaml", real); ds.HasErrors() {
		t.Fatal(ds)
	}
	call := func(name string, args ...string) markdown.BlockCall { // "::: name arg arg"
		c := markdown.BlockCall{File: "p.md", Line: 3, Col: 5, Name: name, Args: args}
		col := 5 + len(name) + 1
		for _, a := range args {
			c.ArgCols = append(c.ArgCols, col)
			col += len(a) + 1
		}
		return c
	}
	if h, _, ds := one.WidgetBlock(call("widget", "tier-matrix"), nil, nil); ds.HasErrors() || !strings.Contains(h, `aria-label="Thurrock Threshold Matrix"`) {
		t.Errorf("one document, no id: %v", ds)
	}
	two := Documents{}
	two.Add("indicators.yaml", real)
	if ds := two.Add("indicators-small.yaml", small); ds.HasErrors() {
		t.Fatal(ds)
	}
	if ds := two.Add("indicators-again.yaml", small); !ds.HasErrors() || !strings.Contains(ds.Error(), `a second tier matrix with form id "small"`) {
		t.Errorf("duplicate id: %v", ds)
	}
	h, text, ds := two.WidgetBlock(call("widget", "tier-matrix", "small"), nil, nil)
	if ds.HasErrors() || !strings.Contains(h, `aria-label="Small Matrix"`) || strings.Contains(h, "Thurrock") || strings.Contains(h, "the MASH") {
		t.Errorf("small document: %v\n%s", ds, h)
	}
	for _, want := range []string{"the hub", "Plot one cell in each row.", "<dt>Level 1</dt><dd>Universal</dd>", "Tiers 3 and 4</th>"} {
		if !strings.Contains(h, want) {
			t.Errorf("small document's form lacks %q", want)
		}
	}
	if text == "" {
		t.Error("no search text")
	}
	for _, tt := range []struct {
		c    markdown.BlockCall
		want string
	}{
		{call("widget", "tier-matrix"), "which threshold document? (name one: small, thurrock)"},
		{call("widget", "tier-matrix", "thurock"), `p.md:3:24: unknown tier matrix "thurock" (did you mean "thurrock"?)`},
		{call("widget", "tier-matrix", "a", "b"), "takes one document id"},
	} {
		if _, _, ds := two.WidgetBlock(tt.c, nil, nil); !strings.Contains(ds.Error(), tt.want) {
			t.Errorf("%v: got %v, want %q", tt.c.Args, ds, tt.want)
		}
	}
	if h, _, ds := two.AppendixBlock(call("indicators", "small", "C"), nil, nil); ds.HasErrors() || !strings.Contains(h, "<table") {
		t.Errorf("::: indicators small C: %v", ds)
	}
	if _, _, ds := two.AppendixBlock(call("indicators", "C"), nil, nil); !strings.Contains(ds.Error(), "which threshold document?") {
		t.Errorf("::: indicators C with two documents: %v", ds)
	}
	if _, _, ds := two.AppendixBlock(call("indicators", "small", "D"), nil, nil); !strings.Contains(ds.Error(), `p.md:3:22: unknown appendix "D"`) {
		t.Errorf("::: indicators small D: %v", ds)
	}
}

// Nothing area-specific is left in the widget's template or Go (issue #18).
func TestTemplateNamesNoArea(t *testing.T) {
	b, err := templateFS.ReadFile("templates/widget.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, word := range []string{"Thurrock", "Stoke", "MASH", "Level 1", "Appendices A"} {
		if strings.Contains(string(b), word) {
			t.Errorf("templates/widget.html names %q: it belongs in the data file's form:", word)
		}
	}
}
