package tiermatrix

import (
	"sort"
	"strings"

	"signpost/internal/diag"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// Documents holds every threshold document's matrix of a site, by Form.ID: one data file
// each (indicators.yaml, indicators-<name>.yaml), so that a new area brings its own matrix
// as data alone (issue #18).
type Documents map[string]*Document

// Add records a loaded document; a second document with the same id is an error.
func (ds Documents) Add(file string, d *Document) diag.List {
	if _, dup := ds[d.Form.ID]; dup {
		return diag.List{diag.Errorf(file, 0, 0, "a second tier matrix with form id %q", d.Form.ID).
			WithHint("each threshold document's form: needs its own id")}
	}
	ds[d.Form.ID] = d
	return nil
}

func (ds Documents) ids() []string {
	var ids []string
	for id := range ds {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// find returns the document a block names (its argument arg), or the only one when it
// names none.
func (ds Documents) find(c markdown.BlockCall, id string, arg int) (*Document, diag.List) {
	if id == "" {
		if len(ds) == 1 {
			for _, d := range ds {
				return d, nil
			}
		}
		return nil, diag.List{diag.Errorf(c.File, c.Line, 1, "%s: which threshold document?", c.Name).
			WithHint("name one: %s", strings.Join(ds.ids(), ", "))}
	}
	d, ok := ds[id]
	if !ok {
		e := diag.Errorf(c.File, c.Line, c.ArgCol(arg), "unknown tier matrix %q", id)
		suggest(&e, id, ds.ids())
		return nil, diag.List{e}
	}
	return d, nil
}

// WidgetBlock renders "::: widget tier-matrix ID": the form of that document (the only
// one, when ID is left out), with the text of its appendices for the search index.
func (ds Documents) WidgetBlock(c markdown.BlockCall, _ *site.Site, _ *site.Page) (string, string, diag.List) {
	args, first := c.Args, 0
	if len(args) > 0 && args[0] == "tier-matrix" {
		args, first = args[1:], 1 // "::: widget tier-matrix ID": the widget's name comes first
	}
	id := ""
	if len(args) > 0 {
		id = args[0]
	}
	if len(args) > 1 {
		return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: widget tier-matrix takes one document id")}
	}
	d, errs := ds.find(c, id, first)
	if d == nil {
		return "", "", errs
	}
	var text strings.Builder
	for _, a := range d.Appendices {
		t, _ := AppendixText(d, a.ID)
		text.WriteString(t + " ")
	}
	return string(RenderWidget(d)), text.String(), nil
}

// AppendixBlock renders "::: indicators A" (the only document's appendix) or
// "::: indicators ID A".
func (ds Documents) AppendixBlock(c markdown.BlockCall, _ *site.Site, _ *site.Page) (string, string, diag.List) {
	var id, appendix string
	at := 0 // the appendix's argument
	switch len(c.Args) {
	case 1:
		appendix = c.Args[0]
	case 2:
		id, appendix, at = c.Args[0], c.Args[1], 1
	default:
		return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: indicators needs an appendix, and a document id when there are several").
			WithHint("::: indicators A, or ::: indicators %s A", strings.Join(ds.ids(), "|"))}
	}
	d, errs := ds.find(c, id, 0)
	if d == nil {
		return "", "", errs
	}
	h, err := RenderAppendix(d, appendix)
	if err != nil {
		var have []string
		for _, a := range d.Appendices {
			have = append(have, a.ID)
		}
		return "", "", diag.List{diag.Errorf(c.File, c.Line, c.ArgCol(at), "%v", err).WithHint("use %s", strings.Join(have, ", "))}
	}
	t, _ := AppendixText(d, appendix)
	return string(h), t, nil
}
