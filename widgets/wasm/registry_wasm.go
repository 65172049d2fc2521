//go:build js && wasm

package main

import "syscall/js"

// mountFunc takes over one widget root: it reads the root's data-* attributes, wires the
// events and brings the DOM up to date.
type mountFunc func(root js.Value)

// widgets maps a data-widget name to its mount function. It is filled by the init functions
// of the widget files (package variables are initialised before any init runs) and only
// read after that, by main.
var widgets = map[string]mountFunc{}

// register adds a widget. Call it from the widget file's init.
func register(name string, mount mountFunc) {
	if _, dup := widgets[name]; dup {
		panic("widgets/wasm: widget " + name + " registered twice")
	}
	widgets[name] = mount
}
