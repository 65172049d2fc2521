package render

import (
	"bytes"
	"html/template"
	"strings"
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
// this Env.
func (e *Env) navList(t *template.Template, item, sec string, h uint64, items []NavItem) (*navList, error) {
	v, _ := e.navs.LoadOrStore(navKey{t, item, sec, h}, &navList{})
	l := v.(*navList)
	l.once.Do(func() { l.err = l.build(t, item, items) })
	return l, l.err
}

func (l *navList) build(t *template.Template, item string, items []NavItem) error {
	var plain, one bytes.Buffer
	l.ends = make([]int, len(items))
	l.marked = make([]string, len(items))
	l.index = make(map[string][]int, len(items))
	for i, it := range items {
		it.Current = false
		if err := t.ExecuteTemplate(&plain, item, it); err != nil {
			return err
		}
		l.ends[i] = plain.Len()
		it.Current = true
		one.Reset()
		if err := t.ExecuteTemplate(&one, item, it); err != nil {
			return err
		}
		l.marked[i] = one.String()
		l.index[it.URL] = append(l.index[it.URL], i)
	}
	l.plain = plain.String()
	return nil
}

// splice returns the list as the page at self sees it: its own item, if it has one,
// marked current.
func (l *navList) splice(self string) string {
	at := l.index[self]
	if len(at) == 0 {
		return l.plain
	}
	n := len(l.plain)
	for _, i := range at {
		n += len(l.marked[i]) - (l.ends[i] - l.start(i))
	}
	var b strings.Builder
	b.Grow(n)
	from := 0
	for _, i := range at {
		b.WriteString(l.plain[from:l.start(i)])
		b.WriteString(l.marked[i])
		from = l.ends[i]
	}
	b.WriteString(l.plain[from:])
	return b.String()
}

// start is where item i begins in plain.
func (l *navList) start(i int) int {
	if i == 0 {
		return 0
	}
	return l.ends[i-1]
}
