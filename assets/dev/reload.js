// Signpost live reload: the browser side of `signpost serve` (internal/serve).
//
// serve adds <script src="/_signpost/reload.js" defer> to every page it serves and answers
// this URL itself; `signpost build` never adds it, and it is not part of the asset bundle.
// It is an external file with no eval, no inline style attributes and no innerHTML, so it
// runs under the production Content-Security-Policy (netlify.toml) that serve also sends.
//
// It listens to /_signpost/events (Server-Sent Events; events are listed in
// internal/serve/events.go) and:
//   - reload: with {swap: true} (only this page's own HTML changed), fetches the page and
//     puts the parts that changed in place (see swap below), so scroll, focus and the
//     page's scripts stay; otherwise, or when in any doubt, reloads the page, keeping its
//     scroll position (sessionStorage, dev only);
//   - css: swaps the changed stylesheets' href, without reloading;
//   - errors: shows the build's problems (file:line:col and message) in an overlay, while
//     the last good page stays; the overlay goes when the problem is fixed;
//   - hello: on every (re)connection, reloads when the page changed since it was loaded
//     (its version comes in the page's Server-Timing header).
// <html data-signpost-live> says "connecting", "open" or "closed";
// sessionStorage["signpost:reloads"] counts the reloads it made and <html
// data-signpost-swaps> the in-place updates since the page loaded (for tests).
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

  // reload reloads the page; why is kept in sessionStorage["signpost:why"] (tests, bench).
  function reload(why) {
    if (leaving) return;
    leaving = true;
    sessionStorage.setItem("signpost:why", why || "");
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

  // In-place updates. The page as the server sent it (base) is kept, parsed, and a new
  // version is compared with it, not with the live DOM, which the page's scripts change
  // (main.js unhides the exit hint, offline.js its button). Where base and the new version
  // differ, the live nodes must still be exactly base's (no script touched them) and hold
  // no script and nothing a script works on (BOUND); then they are replaced by the new
  // ones, and all else stays: scroll, focus, the scripts' state. Anything else is a full
  // reload: another <head> (stylesheets, scripts, the widgets' WebAssembly), a page with
  // scripts of its own (widgets, the tier matrix, search, embed), other <html> or <body>
  // attributes, a response that is not 200, a failed fetch.
  var BOUND = "script, [data-offline], .exit-this-page, #exit-this-page, #exit-hint, #exit-status";
  var HTML_OWN = ["style", "data-signpost-live", "data-signpost-swaps", "data-exiting"];
  var SELF = document.currentScript ? document.currentScript.getAttribute("src") : "/_signpost/reload.js";
  var base = null; // the served document the live DOM shows, parsed; null: not known
  var swaps = 0;
  var busy = false;    // a swap is under way
  var again = false;   // another swap was asked for meanwhile
  var leaving = false; // reloading: no more swaps

  function serverVersion(res) {
    var m = /signpost;desc="([^"]*)"/.exec(res.headers.get("Server-Timing") || "");
    return m ? m[1] : null;
  }

  // fetchPage gets this page as the server sends it now: {version, doc}.
  function fetchPage() {
    return fetch(location.pathname + location.search, { cache: "no-store", credentials: "same-origin" })
      .then(function (res) {
        if (res.status !== 200) throw new Error("status " + res.status);
        var v = serverVersion(res);
        return res.text().then(function (text) {
          return { version: v, doc: new DOMParser().parseFromString(text, "text/html") };
        });
      });
  }

  function attrs(e, skip) {
    var out = [];
    Array.prototype.forEach.call(e.attributes, function (a) {
      if (!skip || skip.indexOf(a.name) < 0) out.push(a.name + "=" + a.value);
    });
    return out.sort().join("\n");
  }

  function bound(n) {
    return n.nodeType === 1 && (n.matches(BOUND) || n.querySelector(BOUND) !== null);
  }

  // shell: two elements with the same name and attributes, neither bound by a script, so
  // their children can be compared one by one.
  function shell(x, y) {
    return x.nodeType === 1 && y.nodeType === 1 && x.nodeName === y.nodeName &&
      !x.matches(BOUND) && !y.matches(BOUND) && attrs(x) === attrs(y);
  }

  // headItems: the <head> elements that must be the same for an in-place update.
  function headItems(doc) {
    return Array.prototype.filter.call(doc.head.children, function (e) {
      return e.nodeName !== "TITLE" && !(e.nodeName === "META" && e.getAttribute("name") === "description");
    });
  }

  // ownScripts: a page with scripts beyond main.js and this one (widgets, the tier
  // matrix, search, embed), which simply reloads.
  function ownScripts(doc) {
    if (doc.querySelector('meta[name="signpost-wasm"]')) return true;
    return Array.prototype.some.call(doc.head.querySelectorAll("script"), function (s) {
      var src = s.getAttribute("src") || "";
      return src !== SELF && !/^\/assets\/main(\.[0-9A-Za-z_-]+)?\.js$/.test(src);
    });
  }

  // plan compares the children of b (in base) and n (in the new version); live is the
  // element the page shows for b. It adds the replacements to ops, or returns false when
  // the change cannot be made in place.
  function plan(b, n, live, ops) {
    var a = b.childNodes, c = n.childNodes, l = live.childNodes;
    var i = 0;
    while (i < a.length && i < c.length && a[i].isEqualNode(c[i])) i++;
    var j = 0;
    while (j < a.length - i && j < c.length - i && a[a.length - 1 - j].isEqualNode(c[c.length - 1 - j])) j++;
    var ae = a.length - j, ce = c.length - j, k;
    if (ae === ce) { // as many children: compare them pair by pair
      for (k = i; k < ae; k++) {
        if (!l[k]) return no("a part of the page is gone");
        if (shell(a[k], c[k]) && shell(a[k], l[k])) {
          if (!plan(a[k], c[k], l[k], ops)) return false;
          continue;
        }
        if (!a[k].isEqualNode(l[k])) return no("a script changed " + name(l[k]));
        if (bound(a[k]) || bound(c[k])) return no("a script works on " + name(c[k]));
        ops.push({ replace: l[k], by: c[k] });
      }
      return true;
    }
    var op = { parent: live, remove: [], add: [], before: null, after: null };
    for (k = i; k < ae; k++) {
      if (!l[k] || !a[k].isEqualNode(l[k])) return no("a script changed " + name(l[k] || a[k]));
      if (bound(a[k])) return no("a script works on " + name(a[k]));
      op.remove.push(l[k]);
    }
    for (k = i; k < ce; k++) {
      if (bound(c[k])) return no("a script works on " + name(c[k]));
      op.add.push(c[k]);
    }
    // Where the new children go: before the first unchanged one after them, which must
    // still be base's; or after the last unchanged one before them; or at the end.
    if (ae < a.length) {
      if (!l[ae] || !a[ae].isEqualNode(l[ae])) return no("a script changed " + name(l[ae] || a[ae]));
      op.before = l[ae];
    } else if (i > 0) {
      if (!l[i - 1] || !a[i - 1].isEqualNode(l[i - 1])) return no("a script changed " + name(l[i - 1] || a[i - 1]));
      op.after = l[i - 1];
    }
    ops.push(op);
    return true;
  }

  var why = ""; // why the last swapIn could not
  function no(reason) { why = reason; return false; }
  function name(n) {
    if (n.nodeType !== 1) return "text";
    return "<" + n.nodeName.toLowerCase() + (n.id ? "#" + n.id : "") + (n.className && typeof n.className === "string" ? "." + n.className.split(" ").join(".") : "") + ">";
  }

  // swapIn makes the live page show next (a parsed document) where it differs from base;
  // false when it cannot, and then nothing has changed.
  function swapIn(next) {
    if (!base || !next.head || !next.body || !document.body) return no("no document to compare");
    if (ownScripts(base) || ownScripts(next)) return no("a page with scripts of its own");
    if (attrs(base.documentElement, HTML_OWN) !== attrs(next.documentElement, HTML_OWN)) return no("<html> changed");
    var bh = headItems(base), nh = headItems(next);
    if (bh.length !== nh.length) return no("<head> changed");
    for (var k = 0; k < bh.length; k++) if (!bh[k].isEqualNode(nh[k])) return no("<head> changed");
    if (attrs(base.body) !== attrs(next.body) || attrs(base.body) !== attrs(document.body)) return no("<body> attributes changed");
    var ops = [];
    if (!plan(base.body, next.body, document.body, ops)) return false;

    var active = document.activeElement;
    ops.forEach(function (op) {
      if (op.replace) {
        op.replace.replaceWith(document.importNode(op.by, true));
        return;
      }
      op.remove.forEach(function (x) { x.remove(); });
      var ref = op.after ? op.after.nextSibling : op.before; // once the old ones are gone
      op.add.forEach(function (x) { op.parent.insertBefore(document.importNode(x, true), ref); });
    });
    if (document.title !== next.title) document.title = next.title;
    var desc = next.querySelector('meta[name="description"]'), live = document.querySelector('meta[name="description"]');
    if (desc && live) live.setAttribute("content", desc.getAttribute("content") || "");
    // Focus was in a part that was replaced: on its new copy when it has an id.
    if (active && active !== document.body && !document.contains(active)) {
      var twin = active.id && document.getElementById(active.id);
      if (twin) twin.focus({ preventScroll: true });
    }
    return true;
  }

  // learnBase fetches the page as served, to compare later versions with; it is used
  // only when it is the version this page shows. learning is the fetch under way.
  var learning = null;
  function learnBase() {
    if (base || learning || version === null || leaving) return;
    learning = fetchPage().then(function (p) {
      if (p.version === version) base = p.doc;
    }).catch(function () { /* no base: updates reload */ }).then(function () { learning = null; });
  }

  // update shows this page's new version: in place when it can, else by reloading.
  function update(d) {
    if (leaving) return;
    if (!d.swap) { reload("the change is not to this page alone"); return; }
    if (!base && learning) { learning.then(function () { update(d); }); return; }
    if (!base || typeof DOMParser !== "function" || typeof fetch !== "function") { reload("no document to compare"); return; }
    if (busy) { again = true; return; }
    busy = true;
    fetchPage().then(function (p) {
      busy = false;
      if (leaving) return;
      if (p.version === null) { reload("no version"); return; }
      if (!swapIn(p.doc)) { reload(why); return; }
      base = p.doc;
      version = p.version;
      swaps++;
      root.setAttribute("data-signpost-swaps", String(swaps));
      if (again) { again = false; update(d); }
    }).catch(function (e) { busy = false; reload("fetch: " + e); });
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
    if (version !== null && d.version !== version && d.version !== "none") {
      // Versions are "<this page's hash>.<count of changes to files every page loads>":
      // when only the page's own part differs, it may be updated in place.
      var shared = function (v) { return v.slice(v.lastIndexOf(".") + 1); };
      if (base && shared(d.version) === shared(version)) update({ swap: true });
      else reload("changed while away");
      setErrors(d.diags);
      return;
    }
    setErrors(d.diags);
    learnBase();
  });
  on(es, "reload", function (d) { setErrors(null); update(d); });
  on(es, "css", function (d) { setErrors(null); swapCSS(d.css || {}); });
  on(es, "build", function () { setErrors(null); });
  on(es, "ok", function () { setErrors(null); });
  on(es, "errors", function (d) { setErrors(d.diags); });
  window.addEventListener("pagehide", function () { es.close(); });
})();
