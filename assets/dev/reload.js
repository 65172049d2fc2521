// Signpost live reload: the browser side of `signpost serve` (internal/serve).
//
// serve adds <script src="/_signpost/reload.js" defer> to every page it serves and answers
// this URL itself; `signpost build` never adds it, and it is not part of the asset bundle.
// It is an external file with no eval, no inline style attributes and no innerHTML, so it
// runs under the production Content-Security-Policy (netlify.toml) that serve also sends.
//
// It listens to /_signpost/events (Server-Sent Events; events are listed in
// internal/serve/events.go) and:
//   - reload: reloads the page, keeping its scroll position (sessionStorage, dev only);
//   - css: swaps the changed stylesheets' href, without reloading;
//   - errors: shows the build's problems (file:line:col and message) in an overlay, while
//     the last good page stays; the overlay goes when the problem is fixed;
//   - hello: on every (re)connection, reloads when the page changed since it was loaded
//     (its version comes in the page's Server-Timing header).
// <html data-signpost-live> says "connecting", "open" or "closed", and
// sessionStorage["signpost:reloads"] counts the reloads it made (for tests).
(function () {
  "use strict";

  var SCROLL = "signpost:scroll:" + location.pathname;
  var RELOADS = "signpost:reloads";
  var OVERLAY = "signpost-errors";
  var root = document.documentElement;

  // The version of this page as it was sent, from its Server-Timing header.
  var version = null;
  try {
    var nav = performance.getEntriesByType("navigation")[0];
    (nav && nav.serverTiming || []).forEach(function (t) {
      if (t.name === "signpost") version = t.description;
    });
  } catch (e) { /* no navigation timing: no check on connecting */ }

  // Back where the editor was before the reload.
  var saved = sessionStorage.getItem(SCROLL);
  if (saved) {
    sessionStorage.removeItem(SCROLL);
    try {
      var xy = JSON.parse(saved);
      var restore = function () { window.scrollTo(xy[0], xy[1]); };
      restore();
      window.addEventListener("load", restore, { once: true });
    } catch (e) { /* ignore a bad value */ }
  }

  function reload() {
    sessionStorage.setItem(SCROLL, JSON.stringify([window.scrollX, window.scrollY]));
    sessionStorage.setItem(RELOADS, String(Number(sessionStorage.getItem(RELOADS) || 0) + 1));
    location.reload();
  }

  // swapCSS points each changed same-origin stylesheet at its new content; the old
  // <link> goes once the new one has loaded, so the page never shows unstyled.
  function swapCSS(css) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var u = new URL(link.href, location.href);
      if (u.origin !== location.origin || !Object.prototype.hasOwnProperty.call(css, u.pathname)) return;
      var next = link.cloneNode(false);
      next.href = u.pathname + "?v=" + encodeURIComponent(css[u.pathname]);
      next.addEventListener("load", function () { link.remove(); }, { once: true });
      next.addEventListener("error", function () { next.remove(); }, { once: true });
      link.after(next);
    });
  }

  var lastFocus = null;
  var dismissed = "";

  function hideOverlay() {
    var box = document.getElementById(OVERLAY);
    if (!box) return;
    box.remove();
    if (lastFocus && document.contains(lastFocus)) lastFocus.focus();
    lastFocus = null;
  }

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (style) Object.assign(e.style, style); // CSSOM, which the CSP allows
    return e;
  }

  function showOverlay(diags) {
    var key = JSON.stringify(diags);
    if (key === dismissed) return; // dismissed: shown again only when the problems change
    var had = document.getElementById(OVERLAY);
    if (had) had.remove();
    else lastFocus = document.activeElement;

    var box = el("div", "", {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
      maxHeight: "60vh", overflow: "auto", boxSizing: "border-box", padding: "1rem 1.25rem",
      background: "#fff", color: "#0b0c0c", borderTop: "6px solid #d4351c",
      boxShadow: "0 -4px 16px rgba(0,0,0,.3)", font: "16px/1.4 system-ui, sans-serif"
    });
    box.id = OVERLAY;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", OVERLAY + "-title");
    box.setAttribute("aria-describedby", OVERLAY + "-note");
    box.tabIndex = -1;

    var n = diags.length;
    var title = el("h2", "Build failed: " + n + (n === 1 ? " problem" : " problems"), { margin: "0 0 .25rem", fontSize: "1.25rem", color: "#d4351c" });
    title.id = OVERLAY + "-title";
    var note = el("p", "You are seeing the last good build. Fix the file and save; this goes away by itself.", { margin: "0 0 .75rem" });
    note.id = OVERLAY + "-note";
    var list = el("ul", "", { margin: "0", padding: "0", listStyle: "none" });
    diags.forEach(function (d) {
      var li = el("li", "", { margin: "0 0 .5rem", fontFamily: "ui-monospace, monospace", whiteSpace: "pre-wrap", overflowWrap: "anywhere" });
      if (d.position) {
        li.appendChild(el("strong", d.position));
        li.appendChild(document.createTextNode(": "));
      }
      li.appendChild(document.createTextNode(d.msg));
      if (d.hint) li.appendChild(el("span", " (" + d.hint + ")", { color: "#505a5f" }));
      list.appendChild(li);
    });
    var close = el("button", "Dismiss (Esc)", { marginTop: ".5rem", font: "inherit", padding: ".25rem .75rem", cursor: "pointer" });
    close.type = "button";
    close.addEventListener("click", function () { dismissed = key; hideOverlay(); });

    box.appendChild(title);
    box.appendChild(note);
    box.appendChild(list);
    box.appendChild(close);
    (document.body || root).appendChild(box);
    box.focus({ preventScroll: true });
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.getElementById(OVERLAY)) {
      dismissed = JSON.stringify(currentDiags);
      hideOverlay();
    }
  });

  var currentDiags = null;
  function setErrors(diags) {
    currentDiags = diags && diags.length ? diags : null;
    if (currentDiags) showOverlay(currentDiags);
    else { dismissed = ""; hideOverlay(); }
  }

  function on(es, name, f) {
    es.addEventListener(name, function (e) {
      var data = {};
      try { data = JSON.parse(e.data); } catch (err) { return; }
      f(data);
    });
  }

  root.setAttribute("data-signpost-live", "connecting");
  var es = new EventSource("/_signpost/events?path=" + encodeURIComponent(location.pathname));
  es.addEventListener("open", function () { root.setAttribute("data-signpost-live", "open"); });
  es.addEventListener("error", function () {
    root.setAttribute("data-signpost-live", es.readyState === EventSource.CLOSED ? "closed" : "connecting");
  });
  on(es, "hello", function (d) {
    // Changed between being sent and this connection (or while the server was away).
    if (version !== null && d.version !== version && d.version !== "none") { reload(); return; }
    setErrors(d.diags);
  });
  on(es, "reload", function () { reload(); });
  on(es, "css", function (d) { setErrors(null); swapCSS(d.css || {}); });
  on(es, "build", function () { setErrors(null); });
  on(es, "ok", function () { setErrors(null); });
  on(es, "errors", function (d) { setErrors(d.diags); });
  window.addEventListener("pagehide", function () { es.close(); });
})();
