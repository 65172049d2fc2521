// Bench-only page (written into the served copy of public/, never into the repo's content):
// loads Pagefind's JS API from the bundle named by ?b= (default /pagefind/) and exposes
// window.__pfRun(q, k): pagefind.search(q), then the data (URL, title, excerpt, sub-results)
// of the first k results, rendered into #results as a search page would. It resolves with
// the time from the call to the rendered list, and what was found.
const base = new URLSearchParams(location.search).get('b') || '/pagefind/'
const pagefind = await import(base + 'pagefind.js')
const ol = document.getElementById('results')
const status = document.getElementById('status')

window.__pfRun = async (q, k) => {
  const t0 = performance.now()
  const s = await pagefind.search(q)
  const data = await Promise.all(s.results.slice(0, k).map(r => r.data()))
  ol.replaceChildren(...data.map(d => {
    const li = document.createElement('li')
    const a = document.createElement('a')
    a.href = d.url
    a.textContent = d.meta && d.meta.title
    const p = document.createElement('p')
    p.innerHTML = d.excerpt // Pagefind's excerpt carries <mark>
    li.append(a, p)
    return li
  }))
  status.textContent = s.results.length + ' results'
  const ms = performance.now() - t0
  return {
    ms,
    n: s.results.length,
    pages: data.map(d => ({ url: d.url, subs: (d.sub_results || []).map(x => ({ url: x.url, n: (x.locations || []).length })) }))
  }
}
window.__pfReady = true
