package render

// GoLayouts are the layouts r writes with writePage (true), for tests comparing it with
// the templates.
func GoLayouts(r *Renderer) map[string]bool { return r.goLayout }

// SetGoLayouts sets the layouts r writes with writePage.
func SetGoLayouts(r *Renderer, on map[string]bool) { r.goLayout = on }

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
