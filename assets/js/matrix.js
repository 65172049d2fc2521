// The tier matrix record, kept on the device only (issue #12). The rules and the summary run
// in the WebAssembly module (widgets/wasm/matrix_wasm.go); this script does what needs no
// rules, and so stays out of the module's size budget:
//
//   - "Save to a file" downloads the form as JSON made in the page (a Blob): nothing is sent
//     and nothing is stored by the site; "Open a saved file" reads one back.
//   - "Clear the form" asks first, in the page.
//   - Leaving the page with unsaved entries asks first, except through Exit this page, which
//     must never be delayed: its script marks <html data-exiting> before it navigates.
//   - The date prints as "7 December 2026", whatever the browser's locale.
//
// Loaded on widget pages; does nothing where there is no tier matrix. Without it the form
// still works by hand, and Clear resets at once.

const FORMAT = "signpost-tier-matrix";

for (const root of document.querySelectorAll('[data-widget="tier-matrix"]')) mount(root);

function mount(root) {
  const form = root.querySelector("form");
  if (!form) return;
  const $ = (sel) => root.querySelector(sel);
  const status = $("[data-tm-file-status]");
  const say = (text) => { if (status) status.textContent = text; };
  let dirty = false;

  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; printDate(); });
  window.addEventListener("beforeunload", (e) => {
    const exiting = document.documentElement.hasAttribute("data-exiting") || document.querySelector(".exit-overlay");
    if (!dirty || exiting) return;
    e.preventDefault();
    e.returnValue = "";
  });

  // The date, as it prints.
  const date = $("#tm-date");
  const dateText = $("[data-tm-date-text]");
  function printDate() {
    if (!date || !dateText) return;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.value);
    dateText.textContent = m
      ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
      : "";
  }
  printDate();

  // Clear asks first.
  const clear = $("[data-tm-clear]");
  const confirm = $("[data-tm-confirm]");
  if (clear && confirm) {
    clear.addEventListener("click", (e) => {
      e.preventDefault();
      confirm.hidden = false;
      $("[data-tm-confirm-text]").focus();
    });
    $("[data-tm-clear-yes]").addEventListener("click", () => {
      form.reset();
      dirty = false;
      confirm.hidden = true;
      printDate();
      say("The form has been cleared.");
      clear.focus();
    });
    $("[data-tm-clear-no]").addEventListener("click", () => {
      confirm.hidden = true;
      clear.focus();
    });
  }

  const controls = () => [...form.querySelectorAll("input[name], textarea[name], select[name]")]
    .filter((el) => !["file", "button", "reset", "submit"].includes(el.type));

  // Save: every named control, as JSON, downloaded from a Blob made here.
  const save = $("[data-tm-save]");
  if (save) {
    save.hidden = false;
    save.addEventListener("click", () => {
      const rec = { format: FORMAT, version: 1, form: form.getAttribute("aria-label") || "", saved: new Date().toISOString(), fields: {}, indicators: [], plots: {} };
      for (const el of controls()) {
        if (el.type === "checkbox") {
          if (el.checked) rec.indicators.push(el.value);
        } else if (el.type === "radio") {
          if (!el.checked || el.value === "") continue;
          if (el.name.startsWith("plot-")) rec.plots[el.name.slice(5)] = el.value;
          else rec.fields[el.name] = el.value;
        } else if (el.value !== "") {
          rec.fields[el.name] = el.value;
        }
      }
      const name = `tier-matrix${date && date.value ? "-" + date.value : ""}.json`;
      const url = URL.createObjectURL(new Blob([JSON.stringify(rec, null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.hidden = true;
      root.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      dirty = false;
      say(`Saved to ${name} on this device. It contains personal information: keep it as your organisation’s policy says.`);
    });
  }

  // Open: a file saved by Save, and nothing else.
  const open = $("[data-tm-open]");
  if (open) {
    $("[data-tm-open-wrap]").hidden = false;
    open.addEventListener("change", async (e) => {
      e.stopPropagation(); // the file picker is not part of the record
      const file = open.files && open.files[0];
      if (!file) return;
      let rec = null;
      try {
        rec = JSON.parse(await file.text());
      } catch {
        rec = null;
      }
      open.value = "";
      if (!rec || typeof rec !== "object" || rec.format !== FORMAT) {
        say(`${file.name} is not a tier matrix saved from this page. The form has not been changed.`);
        return;
      }
      const str = (o, k) => (o && typeof o === "object" && typeof o[k] === "string" ? o[k] : "");
      const ticks = new Set(Array.isArray(rec.indicators) ? rec.indicators.filter((x) => typeof x === "string") : []);
      form.reset();
      let found = 0;
      let record = false;
      for (const el of controls()) {
        if (el.type === "checkbox") {
          el.checked = ticks.has(el.value);
          if (el.checked) found++;
        } else if (el.type === "radio") {
          el.checked = el.name.startsWith("plot-") ? str(rec.plots, el.name.slice(5)) === el.value : str(rec.fields, el.name) === el.value;
        } else {
          el.value = str(rec.fields, el.name);
          if (el.value && el.closest("[data-tm-record]")) record = true;
        }
      }
      if (record) $("[data-tm-record]").open = true;
      // Let the summary catch up (the WASM module listens for change), then mark it saved.
      setTimeout(() => {
        form.dispatchEvent(new Event("change", { bubbles: true }));
        dirty = false;
        const lost = ticks.size - found;
        say(`Opened ${file.name}.` + (lost > 0 ? ` ${lost} ${lost === 1 ? "tick in the file is" : "ticks in the file are"} not on this form.` : ""));
      }, 0);
    });
  }
}
