// The embeddable pages' side of the frame sizing (issue #16; internal/embed). The page
// says "ready" to its parent (the message carries nothing); when the parent answers
// "hello" — which the school-side /embed.js sends only to this site's origin — the page
// posts its height, then again whenever it changes, only to its parent and only to the
// origin that said hello. Nothing the reader types or chooses is ever sent.
const root = document.documentElement;
if (root.hasAttribute("data-embed") && window.parent !== window) {
  let origin = "";
  let last = 0;
  const height = () => Math.ceil(document.body.getBoundingClientRect().height);
  const post = () => {
    const h = height();
    if (!origin || h === last) return;
    last = h;
    window.parent.postMessage({ signpost: "height", height: h }, origin);
  };
  window.addEventListener("message", (e) => {
    if (e.source !== window.parent || !e.data || e.data.signpost !== "hello") return;
    origin = e.origin;
    last = 0;
    post();
  });
  const ready = () => window.parent.postMessage({ signpost: "ready" }, "*");
  ready();
  window.addEventListener("load", ready);
  if (typeof ResizeObserver === "function") new ResizeObserver(post).observe(document.body);
}
