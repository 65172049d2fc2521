package feature

import (
	"signpost/internal/diag"
	"signpost/internal/markdown"
	"signpost/internal/site"
)

// ByID is the shape chart and diagram share: a data file (content/_data/<base>.yaml) of
// items by id, kept in slot, and the block "::: <kind> ID" that shows one item. load
// decodes the file; show gives an item's HTML and its text (for search); suggest names the
// id closest to a misspelled one, or "".
func ByID[T any](kind, base string, slot *site.Slot[map[string]T],
	load func(file string, src []byte) (map[string]T, diag.List),
	show func(T) (html, text string),
	suggest func(id string, items map[string]T) string,
) Feature {
	block := func(c markdown.BlockCall, s *site.Site, _ *site.Page) (string, string, diag.List) {
		if len(c.Args) != 1 {
			return "", "", diag.List{diag.Errorf(c.File, c.Line, 1, "::: %s needs one id", kind)}
		}
		items := slot.Get(s)
		item, ok := items[c.Args[0]]
		if !ok {
			e := diag.Errorf(c.File, c.Line, c.ArgCol(0), "unknown %s %q", kind, c.Args[0])
			if sg := suggest(c.Args[0], items); sg != "" {
				e.Hint = "did you mean \"" + sg + "\"?"
			}
			return "", "", diag.List{e}
		}
		html, text := show(item)
		return html, text, nil
	}
	return Feature{
		Name: kind,
		Files: []File{{
			Base: base,
			Load: func(file string, src []byte, s *site.Site) diag.List {
				items, diags := load(file, src)
				slot.Set(s, items)
				return diags
			},
			Kinds: map[string]Func{kind: block},
		}},
	}
}
