package render

// SetGoPage turns writePage on or off for r, for tests comparing it with the templates.
func SetGoPage(r *Renderer, on bool) { r.goPage = on }

// GoPage reports whether r writes pages of the page layout with writePage.
func GoPage(r *Renderer) bool { return r.goPage }

// DepSet is deps by query name and argument, with each answer's hash: comparable between
// Trackers, which number queries in the order they were first asked.
func DepSet(t *Tracker, d *Deps) map[Dep]uint64 {
	out := map[Dep]uint64{}
	for _, x := range d.ids {
		out[t.deps[x.id]] = x.h
	}
	for k, h := range d.self {
		out[k] = h
	}
	return out
}
