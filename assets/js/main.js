// Exit this page, after the GOV.UK component: the button (and pressing Shift three times
// within five seconds) hides the page at once and replaces it in history with a neutral
// site, so the back button does not return here. Without JavaScript the button is a plain
// link to the same site.
const exitRoot = document.querySelector(".exit-this-page");
if (exitRoot) {
  const url = exitRoot.getAttribute("data-exit-url") || "https://www.bbc.co.uk/weather";
  const hint = document.getElementById("exit-hint");
  if (hint) hint.classList.remove("visually-hidden");
  const exit = (e) => {
    if (e) e.preventDefault();
    document.documentElement.setAttribute("data-exiting", "true"); // pages with unsaved work do not ask first
    const overlay = document.createElement("div");
    overlay.className = "exit-overlay";
    document.body.appendChild(overlay);
    document.title = "Loading";
    window.location.replace(url);
  };
  document.getElementById("exit-this-page")?.addEventListener("click", exit);
  let presses = [];
  document.addEventListener("keyup", (e) => {
    if (e.key !== "Shift") { presses = []; return; }
    const now = Date.now();
    presses = presses.filter((t) => now - t < 5000);
    presses.push(now);
    if (presses.length >= 3) exit();
  });
}
