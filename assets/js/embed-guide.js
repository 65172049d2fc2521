// The staff page "Show this guidance on your school website" (internal/embed, issue #16).
// Choosing an area keeps the pages of that area in the list; choosing a page writes its
// code and shows it in the preview. "Copy the code" copies the code. Nothing is stored or
// sent. Without this script the page shows the check's code and lists every address.
const maker = document.querySelector("[data-embed-maker]");
if (maker) {
  const base = maker.dataset.base || "";
  const siteTitle = maker.dataset.siteTitle || "";
  const height = maker.dataset.height || "720";
  const select = maker.querySelector("#embed-page");
  const code = maker.querySelector("[data-embed-code]");
  const copy = maker.querySelector("[data-embed-copy]");
  const status = maker.querySelector("[data-embed-copy-status]");
  const preview = maker.querySelector("[data-embed-preview]");
  const all = [...select.options].map((o) => ({ url: o.value, text: o.textContent, title: o.dataset.title, areas: (o.dataset.areas || "").split(" ") }));

  // esc escapes text for the HTML the school pastes.
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&#34;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const snippet = (c) =>
    `<iframe src="${esc(base + c.url)}" title="${esc(`${c.title} (${siteTitle})`)}" width="100%" height="${height}" data-signpost-embed></iframe>\n` +
    `<script src="${esc(`${base}/embed.js`)}" defer></script>`;

  const area = () => maker.querySelector("input[name=embed-area]:checked")?.value || "";
  const show = () => {
    const c = all.find((x) => x.url === select.value) || all[0];
    code.value = snippet(c);
    if (status) status.textContent = "";
    if (preview && preview.getAttribute("src") !== c.url) {
      preview.setAttribute("title", `Preview: ${c.title}`);
      preview.style.height = `${height}px`;
      preview.setAttribute("src", c.url);
    }
  };
  const filter = () => {
    const a = area();
    const keep = select.value;
    select.replaceChildren(...all.filter((c) => !a || c.areas.includes(a)).map((c) => {
      const o = document.createElement("option");
      o.value = c.url;
      o.textContent = c.text;
      o.selected = c.url === keep;
      return o;
    }));
    show();
  };
  maker.querySelectorAll("input[name=embed-area]").forEach((r) => r.addEventListener("change", filter));
  select.addEventListener("change", show);
  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      code.focus();
      code.select();
      let ok = false;
      try {
        await navigator.clipboard.writeText(code.value);
        ok = true;
      } catch {
        ok = document.execCommand && document.execCommand("copy");
      }
      status.textContent = ok ? "Code copied. Paste it into your website's page." : "Could not copy. The code is selected: press Ctrl and C (or Command and C on a Mac) to copy it.";
    });
  }
  filter();
}
