// Signpost embed helper, for a school's page (issue #16). It makes each Signpost iframe on
// the page as tall as the guidance inside it, so the guidance does not scroll inside a box.
// It sets no cookies, stores nothing and requests nothing: it only listens for the frame's
// height. Messages are accepted only from the origin this script was loaded from, and only
// from this page's own Signpost iframes; "hello" is sent only to that origin.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.postMessage) return;
  var origin;
  try {
    origin = new URL(me.src).origin;
  } catch (e) {
    return;
  }
  var MIN = 150, MAX = 20000;

  function frames() {
    var out = [];
    var all = document.querySelectorAll("iframe[data-signpost-embed]");
    for (var i = 0; i < all.length; i++) {
      try {
        if (new URL(all[i].src, location.href).origin === origin) out.push(all[i]);
      } catch (e) { /* not a URL: not ours */ }
    }
    return out;
  }
  function frameOf(win) {
    var fs = frames();
    for (var i = 0; i < fs.length; i++) {
      if (fs[i].contentWindow === win) return fs[i];
    }
    return null;
  }
  function hello(frame) {
    if (frame.contentWindow) frame.contentWindow.postMessage({ signpost: "hello" }, origin);
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== origin || !e.data || typeof e.data !== "object") return;
    var frame = frameOf(e.source);
    if (!frame) return;
    if (e.data.signpost === "ready") {
      hello(frame);
    } else if (e.data.signpost === "height") {
      var h = Math.ceil(Number(e.data.height));
      if (!isFinite(h)) return;
      // With box-sizing: border-box (common on school sites) the height includes the
      // frame's border and padding.
      var cs = getComputedStyle(frame), extra = 0;
      if (cs.boxSizing === "border-box") {
        extra = parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth) + parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom);
      }
      frame.style.height = Math.min(MAX, Math.max(MIN, h)) + (extra || 0) + "px";
      frame.setAttribute("data-signpost-sized", "true");
    }
  });
  // A frame that loaded before this script ran said "ready" to nobody: greet it on load.
  var fs = frames();
  for (var i = 0; i < fs.length; i++) {
    fs[i].addEventListener("load", hello.bind(null, fs[i]));
  }
})();
