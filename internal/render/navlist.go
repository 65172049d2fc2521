package render

import (
	"bytes"
	"html/template"
	"sync"
)

// navKey identifies a section's rendered navigation list in an Env: the layout executing
// it (layouts are clones, each with its own copy of the item template), the item
// template's name, the section and the hash of its nav-items answer (a page made for the
// occasion may answer for a section differently from the site).
type navKey struct {
	t         *template.Template
	item, sec string
	h         uint64
}

// navList is a section's navigation list, each item executed as not current (plain,
// one after another) and as current (marked[i]); ends[i] is where item i ends in plain.
type navList struct {
	once   sync.Once
	err    error
	plain  string
	ends   []int
	marked []string
	index  map[string][]int // item URL → its positions (one, unless a URL is listed twice)
}

// navList returns section sec's list for items (the answer to nav-items with hash h),
// executing the item template for each item twice the first time it is asked for in
// this Env. write, when not nil, writes an item as the item template would (page.go).
func (e *Env) navList(t *template.Template, item, sec string, h uint64, items []NavItem, write func(*bytes.Buffer, NavItem)) (*navList, error) {
	v, _ := e.navs.LoadOrStore(navKey{t, item, sec, h}, &navList{})
	l := v.(*navList)
	l.once.Do(func() { l.err = l.build(t, item, items, write) })
	return l, l.err
}

func (l *navList) build(t *template.Template, item string, items []NavItem, write func(*bytes.Buffer, NavItem)) error {
	var plain, one bytes.Buffer
	l.ends = make([]int, len(items))
	l.marked = make([]string, len(items))
	l.index = make(map[string][]int, len(items))
	exec := func(b *bytes.Buffer, it NavItem) error {
		if write != nil {
			write(b, it)
			return nil
		}
		return t.ExecuteTemplate(b, item, it)
	}
	for i, it := range items {
		it.Current = false
		if err := exec(&plain, it); err != nil {
			return err
		}
		l.ends[i] = plain.Len()
		it.Current = true
		one.Reset()
		if err := exec(&one, it); err != nil {
			return err
		}
		l.marked[i] = one.String()
		l.index[it.URL] = append(l.index[it.URL], i)
	}
	l.plain = plain.String()
	return nil
}

// splice returns the list as the page at self sees it, its own item (if it has one)
// marked current, in parts to be written one after another: pieces of the lists made
// once, so a page's list is not copied again before the page is.
func (l *navList) splice(self string) []template.HTML {
	at := l.index[self]
	out := make([]template.HTML, 0, 2*len(at)+1)
	from := 0
	for _, i := range at {
		out = append(out, template.HTML(l.plain[from:l.start(i)]), template.HTML(l.marked[i]))
		from = l.ends[i]
	}
	return append(out, template.HTML(l.plain[from:]))
}

// start is where item i begins in plain.
func (l *navList) start(i int) int {
	if i == 0 {
		return 0
	}
	return l.ends[i-1]
}
