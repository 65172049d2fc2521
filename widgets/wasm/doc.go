// Command wasm is the one WebAssembly module serving every widget on the site (built by
// internal/wasm with GOOS=js GOARCH=wasm, loaded by assets/js/widgets.js only on pages that
// contain a [data-widget] root).
//
// It is a thin shell: main finds the widget roots in the page and hands each to the mount
// function its name is registered under. Each widget registers itself from its own file's
// init (matrix_wasm.go registers "tier-matrix"), so adding a widget means adding one file
// here and touching no other. Mount functions read the data the generator rendered into the
// DOM (data-* attributes: the module holds logic, not content), wire events and update the
// DOM by calling the widget's plain-Go rules package (widgets/matrix, …).
//
// This is the only package that imports syscall/js. To keep the module small it avoids
// fmt, strings, strconv, encoding/json and reflect: text goes into the page with
// textContent, numbers through itoa. It makes no requests and stores nothing.
package main
