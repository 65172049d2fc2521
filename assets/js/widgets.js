// Widgets loader. Pages with a [data-widget] root get the one WebAssembly module that runs
// every widget (widgets/wasm); other pages load nothing more. The module's URL and the URL of
// the Go toolchain's wasm_exec.js come from <meta name="signpost-wasm"> and
// <meta name="signpost-wasm-exec">, written by the layout with fingerprinted names.
//
// CSP-safe: no eval, no inline script. wasm_exec.js is a classic script, so it is loaded with
// a <script src> element (allowed by script-src 'self'). Compiling WebAssembly under a CSP
// needs script-src 'wasm-unsafe-eval'. Nothing is stored and nothing is sent: the only
// requests are for these two files. If anything fails, the widgets stay as the server
// rendered them, which work by hand and say so.

const roots = document.querySelectorAll("[data-widget]");

function meta(name) {
  const el = document.querySelector(`meta[name="${name}"]`);
  return el ? el.getAttribute("content") || "" : "";
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    if (typeof globalThis.Go === "function") {
      resolve();
      return;
    }
    const s = document.createElement("script");
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`widgets: cannot load ${src}`));
    document.head.appendChild(s);
  });
}

async function instantiate(url, imports) {
  if (typeof WebAssembly.instantiateStreaming === "function") {
    try {
      return await WebAssembly.instantiateStreaming(fetch(url), imports);
    } catch (err) {
      // A server without the application/wasm type: compile from the bytes instead
      // (the response is in the HTTP cache by now). Any other error is real.
      if (!(err instanceof TypeError)) throw err;
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`widgets: ${url}: HTTP ${response.status}`);
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

async function start() {
  const wasmURL = meta("signpost-wasm");
  const execURL = meta("signpost-wasm-exec");
  if (!wasmURL || !execURL) throw new Error("widgets: the page has no signpost-wasm meta tags");
  await loadScript(execURL);
  const go = new globalThis.Go();
  const { instance } = await instantiate(wasmURL, go.importObject);
  // main mounts every widget and then waits for events; run's promise settles only if the
  // module exits.
  go.run(instance).catch((err) => console.warn("widgets: the module stopped", err));
}

if (roots.length > 0 && typeof WebAssembly === "object") {
  start().catch((err) => {
    document.documentElement.setAttribute("data-widgets-ready", "failed");
    console.warn(err);
  });
}
