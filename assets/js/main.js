// Exit this page, after the GOV.UK component (issue #19). The button, or the Shift key
// pressed three times with less than five seconds between presses, hides the page at once
// and replaces it in history with a neutral site, so the back button does not return here.
// Each press is announced in the component's live region ("Shift, press 2 more times to
// exit."); a pause of five seconds, or any other key, starts the count again. A Shift held
// to type a capital or move backwards (Shift+Tab) does not count. Without JavaScript the
// button is a plain link to the same site.
const exitRoot = document.querySelector(".exit-this-page");
if (exitRoot) {
  const url = exitRoot.getAttribute("data-exit-url") || "https://www.bbc.co.uk/weather";
  const hint = document.getElementById("exit-hint");
  const live = document.getElementById("exit-status");
  const gap = 5000; // the longest pause between presses, as GOV.UK
  let presses = 0;
  let timer = 0;
  let quiet = 0;
  let shiftWasModifier = false;

  const say = (text) => {
    clearTimeout(quiet);
    if (live) live.textContent = text;
  };
  const exit = (e) => {
    if (e) e.preventDefault();
    document.documentElement.setAttribute("data-exiting", "true"); // pages with unsaved work do not ask first
    presses = 0;
    clearTimeout(timer);
    say("");
    // Hide everything first, so nothing of the page can be seen, read or reached while the
    // next site loads; the overlay's text is set after it is added so it is announced.
    document.body.classList.add("exit-hiding");
    const overlay = document.createElement("div");
    overlay.className = "exit-overlay";
    overlay.setAttribute("role", "alert");
    document.body.appendChild(overlay);
    overlay.textContent = "Loading.";
    document.title = "Loading";
    leave();
  };
  // In an embeddable page framed by a school's website (issue #16), leave the whole tab:
  // a cross-origin frame may navigate the top window on user activation, which the click
  // and the Shift presses are. If the browser refuses, at least the frame leaves.
  const leave = () => {
    if (document.documentElement.hasAttribute("data-embed") && window.top !== window.self) {
      try {
        window.top.location.replace(url);
        return;
      } catch {
        // not allowed: fall through to the frame itself
      }
    }
    window.location.replace(url);
  };
  const expire = () => {
    clearTimeout(timer);
    timer = 0;
    presses = 0;
    say("Exit this page expired.");
    quiet = setTimeout(() => say(""), gap);
  };

  if (hint) hint.classList.remove("visually-hidden");
  document.getElementById("exit-this-page")?.addEventListener("click", exit);
  document.addEventListener("keyup", (e) => {
    if (e.key === "Shift" && !shiftWasModifier) {
      presses += 1;
      clearTimeout(timer);
      if (presses >= 3) {
        exit();
      } else {
        say(presses === 1 ? "Shift, press 2 more times to exit." : "Shift, press 1 more time to exit.");
        timer = setTimeout(expire, gap);
      }
    } else if (e.key !== "Shift" && timer) {
      expire();
    }
    shiftWasModifier = e.shiftKey;
  }, true);
  // Coming back from the back-forward cache: show the page again.
  window.addEventListener("pageshow", (e) => {
    if (!e.persisted) return;
    document.body.classList.remove("exit-hiding");
    document.querySelectorAll(".exit-overlay").forEach((o) => o.remove());
    presses = 0;
    say("");
  });

  // Scrolling keeps focus and link targets below the sticky bar (scroll-padding-top in
  // _base.css); the bar grows when its text wraps or is enlarged, so its height is measured.
  const setBarHeight = () => document.documentElement.style.setProperty("--exit-bar", `${Math.ceil(exitRoot.getBoundingClientRect().height)}px`);
  setBarHeight();
  if (typeof ResizeObserver === "function") new ResizeObserver(setBarHeight).observe(exitRoot);
}
