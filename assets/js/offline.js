// Offline copies for professionals (issue #16): the page side of the service worker that
// internal/offline writes to /sw.js. On the tier matrix ([data-offline-auto]) a first
// visit registers the worker, which stores the page and its WebAssembly module; on every
// professionals' page "Make available offline" registers it and asks it to store every
// professionals' page. Nothing here reads or sends what anyone types.
//
// The worker's scope is /professionals/ only: parents' pages are never controlled, so
// they always come from the network and leave nothing stored on the device.
const root = document.querySelector("[data-offline]");
const WORKER = "/sw.js";
const SCOPE = "/professionals/";

function ask(reg, type) {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => {
      if (e.data && e.data.error) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    reg.active.postMessage({ type }, [channel.port2]);
  });
}

if (root && "serviceWorker" in navigator && "caches" in window) {
  const button = root.querySelector("[data-offline-save]");
  const hint = root.querySelector("[data-offline-hint]");
  const status = root.querySelector("[data-offline-status]");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const show = (s) => {
    if (s && s.missing === 0) {
      say(`All ${s.pages} professionals' pages are saved on this device and work offline. They are replaced when the guidance is updated.`);
      if (button) button.hidden = true;
      if (hint) hint.hidden = true;
      document.documentElement.dataset.offline = "all";
    } else if (button) {
      button.hidden = false;
    }
  };
  const ready = async () => {
    const reg = await navigator.serviceWorker.ready;
    document.documentElement.dataset.offline = "ready";
    return reg;
  };

  if (hint) hint.hidden = false;
  if (button) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      button.disabled = true;
      say("Saving the professionals' pages on this device…");
      try {
        await navigator.serviceWorker.register(WORKER, { scope: SCOPE });
        show(await ask(await ready(), "save-all"));
      } catch (err) {
        say("The pages could not be saved for offline use. Check your connection and try again.");
        console.warn("offline:", err);
      } finally {
        button.disabled = false;
      }
    });
  }

  (async () => {
    let reg = await navigator.serviceWorker.getRegistration(SCOPE);
    if (!reg && root.hasAttribute("data-offline-auto")) {
      reg = await navigator.serviceWorker.register(WORKER, { scope: SCOPE });
    }
    if (!reg) return;
    reg = await ready();
    if (root.hasAttribute("data-offline-auto")) {
      say("The tier matrix now works offline on this device.");
    }
    show(await ask(reg, "status"));
  })().catch((err) => console.warn("offline:", err));
}
