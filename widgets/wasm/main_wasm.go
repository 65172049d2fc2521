//go:build js && wasm

package main

import "syscall/js"

func main() {
	doc := js.Global().Get("document")
	roots := doc.Call("querySelectorAll", "[data-widget]")
	for i, n := 0, roots.Length(); i < n; i++ {
		root := roots.Index(i)
		name := root.Call("getAttribute", "data-widget").String()
		mount, ok := widgets[name]
		if !ok {
			warn("signpost: no widget named " + name + " in this module")
			continue
		}
		if mountSafely(name, mount, root) {
			root.Call("setAttribute", "data-widget-ready", "true")
		}
	}
	// Tells the page (and browser tests) that every widget has been mounted.
	doc.Get("documentElement").Call("setAttribute", "data-widgets-ready", "true")
	select {} // keep the Go runtime alive for the event handlers
}

// mountSafely mounts one widget; a panic leaves that widget in its no-JavaScript state and
// the others working.
func mountSafely(name string, mount mountFunc, root js.Value) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			warn("signpost: widget " + name + " failed to start")
			ok = false
		}
	}()
	mount(root)
	return true
}

func warn(msg string) { js.Global().Get("console").Call("warn", msg) }

// Small DOM helpers shared by the widget files.

func attr(el js.Value, name string) string {
	v := el.Call("getAttribute", name)
	if v.IsNull() || v.IsUndefined() {
		return ""
	}
	return v.String()
}

func all(el js.Value, selector string) []js.Value {
	list := el.Call("querySelectorAll", selector)
	out := make([]js.Value, list.Length())
	for i := range out {
		out[i] = list.Index(i)
	}
	return out
}

func one(el js.Value, selector string) js.Value { return el.Call("querySelector", selector) }

// setHidden shows or hides el; a missing element (null) is ignored.
func setHidden(el js.Value, hidden bool) {
	if el.Truthy() {
		el.Set("hidden", hidden)
	}
}

func setText(el js.Value, text string) {
	if el.Truthy() {
		el.Set("textContent", text)
	}
}

// setFlag sets a boolean data attribute to "true", or removes it.
func setFlag(el js.Value, name string, on bool) {
	if on {
		el.Call("setAttribute", name, "true")
	} else {
		el.Call("removeAttribute", name)
	}
}

func on(el js.Value, event string, fn func(e js.Value)) {
	el.Call("addEventListener", event, js.FuncOf(func(this js.Value, args []js.Value) any {
		var e js.Value
		if len(args) > 0 {
			e = args[0]
		}
		fn(e)
		return nil
	}))
}

// itoa formats a non-negative count without strconv.
func itoa(n int) string {
	if n <= 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
