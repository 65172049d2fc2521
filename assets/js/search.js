// Site search client: runs on the search page (/search/), which has #search-page-q. The
// header box on every page is a plain form that submits to /search/?q=…; it needs no script.
//
// The index (built by internal/search) is fetched from the path in
// <meta name="signpost-search" content="/search/">, same origin only: meta.json first, then
// only the term lists (t/<c>.json) and postings shards (w/<n>.json.gz) the query's words
// need, then the fragment files (x/<n>.json.gz) of the results shown. Postings and
// fragments are gzip-compressed JSON (parse). No other requests, no
// storage. Index data reaches the page only through textContent/createElement (never
// innerHTML), and a result link is used only if it is a site path ("/…", not "//…").
//
// Tokeniser rules, the same as internal/search/analyze.go (change both together):
//  1. Lower-case; ’ ‘ ʼ → '; U+2010, U+2011 → -.
//  2. Phone numbers (PHONE) with 10 or 11 digits add the joined digits as an extra token.
//  3. Chunks: letters/digits joined by ' . , - (CHUNK).
//  4. Split chunks at "-"; drop a final 's, remove other '; split at . and , unless both
//     neighbours are digits (a , between digits is removed). Several hyphen parts that did
//     not split and contain a letter add their concatenation as an extra token.
//  5. s / sec / section / sections + digits(+ up to 2 letters) → "s17", "s47", "s17zd".
//  5a. A word of JOINED directly followed by its second word becomes one term, the words
//     run together, not stemmed: "looked after" (in care) → lookedafter, apart from
//     "looking after" (caring) → look.
//  6. Drop stop words (meta.json "stop") and single letters; stem a–z words (Porter2, as
//     github.com/kljensen/snowball/english); keep other words as they are; drop words over
//     40 characters. Queries use the primary tokens only.
// Query steps are listed at the top of internal/search/query.go; rank() mirrors them.

const CHUNK = /[\p{L}\p{N}]+(?:['.,-][\p{L}\p{N}]+)*/gu
const PHONE = /\b0\d{2,4}(?:[ -]\d{3,8}){1,2}\b/g
const SECT = /^\d+[a-z]{0,2}$/
const JOINED = { looked: 'after' }

// ---- Porter2 stemmer, as kljensen/snowball/english ----
const SPECIAL = {}
for (const p of 'skis:ski skies:sky dying:die lying:lie tying:tie idly:idl gently:gentl ugly:ugli early:earli singly:singl'.split(' ')) {
  const [a, b] = p.split(':')
  SPECIAL[a] = b
}
const INVARIANT = /^(?:(inning|outing|canning|herring|earring)s?|(proceed|exceed|succeed)(?:s|ed|ing)?|(sky|news|howe|atlas|cosmos|bias|andes))$/
const pairs = s => s.split(' ').map(p => p.split(':'))
const STEP2 = pairs('ational:ate fulness:ful iveness:ive ization:ize ousness:ous biliti:ble lessli:less tional:tion alism:al aliti:al ation:ate entli:ent fulli:ful iviti:ive ousli:ous anci:ance abli:able alli:al ator:ate enci:ence izer:ize bli:ble ogi:og li:')
const STEP3 = pairs('ational:ate tional:tion alize:al icate:ic ative: iciti:ic ical:ic ful: ness:')
const STEP1A = 'sses ied ies us ss s'.split(' ')
const STEP1B = 'eedly ingly edly ing eed ed'.split(' ')
const DOUBLE = 'at bl iz bb dd ff gg mm nn pp rr tt'.split(' ')
const STEP4 = 'ement ance ence able ible ment ent ant ism ate iti ous ive ize ion al er ic'.split(' ')
const V = c => !!c && 'aeiouy'.includes(c)

export function stem (word) {
  if (word.length < 3) return word
  if (SPECIAL[word]) return SPECIAL[word]
  const inv = INVARIANT.exec(word)
  if (inv) return inv[1] || inv[2] || inv[3]
  let w = word.replace(/(^|[aeiouy])y/g, '$1Y')
  const vnv = s => { for (let j = s + 1; j < w.length; j++) if (V(w[j - 1]) && !V(w[j])) return j + 1; return w.length }
  let r1 = (/^(gener|commun|arsen)/.exec(w) || [''])[0].length || vnv(0)
  let r2 = vnv(r1)
  const set = x => { w = x; r1 = Math.min(r1, w.length); r2 = Math.min(r2, w.length) }
  const cut = n => set(w.slice(0, w.length - n))
  const suf = l => l.find(s => w.endsWith(s)) || ''
  const fp = l => l.find(p => w.endsWith(p[0]))
  const es = i => i === 2 ? V(w[0]) && !V(w[1]) : i >= 3 && !V(w[i - 1]) && !'wxY'.includes(w[i - 1]) && V(w[i - 2]) && !V(w[i - 3])
  // 1a
  let s = suf(STEP1A)
  if (s === 'sses') cut(2)
  else if (s === 'ied' || s === 'ies') set(w.slice(0, -3) + (w.length > 4 ? 'i' : 'ie'))
  else if (s === 's' && /[aeiouy]/.test(w.slice(0, -2))) cut(1)
  // 1b
  s = suf(STEP1B)
  if (s === 'eed' || s === 'eedly') {
    if (s.length <= w.length - r1) set(w.slice(0, -s.length) + 'ee')
  } else if (s && /[aeiouy]/.test(w.slice(0, -s.length))) {
    const o1 = r1; const o2 = r2
    cut(s.length)
    const n = suf(DOUBLE)
    if (!n) {
      if (r1 >= w.length && es(w.length)) { w += 'e'; r1 = r2 = w.length }
    } else {
      w = n[0] === n[1] ? w.slice(0, -1) : w + 'e'
      r1 = Math.min(o1, w.length); r2 = Math.min(o2, w.length)
    }
  }
  // 1c
  if (w.length > 2 && /[yY]$/.test(w) && !V(w[w.length - 2])) w = w.slice(0, -1) + 'i'
  // 2
  let p = fp(STEP2)
  if (p && p[0].length <= w.length - r1) {
    const L = w.length
    if (p[0] === 'li') { if (L >= 3 && 'cdeghkmnrt'.includes(w[L - 3])) cut(2) } else if (p[0] === 'ogi') { if (L >= 4 && w[L - 4] === 'l') set(w.slice(0, -1)) } else set(w.slice(0, -p[0].length) + p[1])
  }
  // 3
  p = fp(STEP3)
  if (p && p[0].length <= w.length - r1) {
    if (p[0] === 'ative') { if (w.length - r2 >= 5) cut(5) } else set(w.slice(0, -p[0].length) + p[1])
  }
  // 4
  s = suf(STEP4)
  if (s && s.length <= w.length - r2) {
    if (s !== 'ion') cut(s.length)
    else if (w.length >= 4 && 'st'.includes(w[w.length - 4])) cut(3)
  }
  // 5
  const l = w.length - 1
  if (r1 <= l) {
    if (w[l] === 'e') { if (r2 <= l || !es(l)) cut(1) } else if (r2 <= l && w[l] === 'l' && w[l - 1] === 'l') cut(1)
  }
  return w.replace(/Y/g, 'y')
}

// ---- tokeniser ----
let STOP = new Set()

// contentKey: a word key that is a term (not a stop word or a single letter)
const contentKey = k => !STOP.has(k) && !/^[a-z]$/.test(k)

function finish (w) {
  if (!w || STOP.has(w) || w.length > 40) return ''
  if (/^[a-z]+$/.test(w)) return w.length === 1 ? '' : stem(w)
  return w
}

// analyze returns {p: primary terms, r: their raw words, x: extra terms, w: every word
// before rules 5 and 6, stop words included (for stop phrases)}.
export function analyze (text) {
  const s = text.toLowerCase().replace(/[’‘ʼ]/g, "'").replace(/[\u2010\u2011]/g, '-')
  const x = []; const raw = []; const p = []; const r = []
  for (const m of s.match(PHONE) || []) {
    const d = m.replace(/\D/g, '')
    if (d.length === 10 || d.length === 11) x.push(d)
  }
  for (const c of s.match(CHUNK) || []) {
    const parts = c.split('-')
    let cat = ''; let join = parts.length > 1
    for (let q of parts) {
      q = q.replace(/'s$/, '').replace(/'/g, '')
      const ws = q.replace(/(\d),(?=\d)/g, '$1').replace(/(\d)\.(?=\d)/g, '$1\u0001').split(/[.,]/).filter(Boolean).map(t => t.replace(/\u0001/g, '.'))
      if (ws.length !== 1) join = false
      raw.push(...ws)
      cat += q
    }
    if (join && /\p{L}/u.test(cat)) x.push(cat)
  }
  for (let i = 0; i < raw.length; i++) {
    const w = raw[i]
    if (/^(s|sec|section|sections)$/.test(w) && i + 1 < raw.length && SECT.test(raw[i + 1])) {
      p.push('s' + raw[++i]); r.push('s' + raw[i])
    } else if (Object.hasOwn(JOINED, w) && raw[i + 1] === JOINED[w]) {
      p.push(w + raw[++i]); r.push(w + raw[i])
    } else {
      const t = finish(w)
      if (t) { p.push(t); r.push(w) }
    }
  }
  return { p, r, x: x.map(finish).filter(Boolean), w: raw }
}

// ---- index and query (mirrors internal/search/query.go) ----
const key = t => /[a-z0-9]/.test(t[0]) ? t[0] : '_'

function osa (a, b, max) {
  let p2 = []; let p = [...Array(b.length + 1).keys()]; let c = []
  for (let i = 1; i <= a.length; i++) {
    c = [i]; let lo = i
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(p[j] + 1, c[j - 1] + 1, p[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, p2[j - 2] + 1)
      c[j] = v; lo = Math.min(lo, v)
    }
    if (lo > max) return max + 1
    p2 = p; p = c
  }
  return p[b.length]
}

// open loads meta.json through load(rel) → Promise of parsed JSON.
export async function open (load) {
  const meta = await load('meta.json')
  STOP = new Set(meta.stop.split(' '))
  const px = {}
  meta.g.forEach((g, i) => g.split('|').forEach(m => {
    const t = m.replace('>', '').split(' ')
    ;(px[t[0]] = px[t[0]] || []).push({ t, g: '~' + i.toString(36), o: m[0] === '>' })
  }))
  const cache = {}; const lists = {}; const posts = new Map()
  const get = rel => (cache[rel] = cache[rel] || load(rel + '?' + meta.h).catch(() => null))
  const list = async t => {
    const k = key(t)
    if (!lists[k]) {
      const l = meta.t.includes(k) && await get('t/' + k + '.json')
      lists[k] = l ? l.split(' ') : []
      lists[k].s = new Set(lists[k])
    }
    return lists[k]
  }
  const has = async t => (await list(t)).s.has(t)
  const words = s => new Set((s || '').split(' ').filter(Boolean))
  // question, contact and figure words: single terms, and phrases ("get~touch") that count
  // only where the query holds their terms next to each other (marks)
  const wordSet = s => { const one = new Set(); const many = []; for (const t of words(s)) { if (t.includes('~')) many.push(t.split('~')); else one.add(t) } return { one, many } }
  const cw = wordSet(meta.cw); const shape = wordSet((meta.qw || '') + ' ' + (meta.cw || ''))
  // weights: one per section, from the runs in meta.sw
  const wt = new Uint16Array(meta.n).fill(100); const sw = meta.sw || []
  for (let k = 0; k < sw.length; k += 2) wt.fill(sw[k + 1], sw[k])
  const bb = (meta.bb || []).map(b => { const f = b.split(' '); return { d: +f[0], t: new Set(f.slice(1)) } })
  // sources (step 10): section → the sections it restates, from "section source source…"
  const sr = new Map((meta.sr || []).map(x => x.split(' ').map(Number)).filter(f => f.length > 1 && f.every(Number.isInteger)).map(f => [f[0], f.slice(1)]))
  // stop phrases ("group word word…") and the first term of each area's name
  const sp = (meta.sp || []).map(s => s.split(' ')).filter(f => f.length > 2 && +f[0] < meta.g.length).map(f => ({ g: '~' + (+f[0]).toString(36), w: f.slice(1) }))
  const areaTerms = meta.a.map(a => analyze(a[1]).p[0])
  // post: a term's postings, decoded once into absolute section numbers and scores
  // (after fetchTerms has loaded its shard).
  const shard = t => find(meta.w, t)
  const post = t => {
    let p = posts.get(t)
    if (!p) {
      const raw = (cache.v[shard(t)] || {})[t] || []
      p = { d: new Int32Array(raw.length / 2), s: new Float64Array(raw.length / 2) }
      for (let k = 0, d = 0; k + 1 < raw.length; k += 2) { d += raw[k]; p.d[k / 2] = d; p.s[k / 2] = raw[k + 1] }
      posts.set(t, p)
    }
    return p
  }
  cache.v = {}
  const fetchTerms = ts => Promise.all([...new Set(ts.map(shard))].filter(i => i >= 0 && !(i in cache.v)).map(async i => { cache.v[i] = await get('w/' + i + '.json.gz') }))
  // starts: the first section of each fragment file, from meta.x (differences in base 32,
  // low digits first, in base64url's alphabet; a digit from 32 up continues a number)
  const starts = []
  for (let i = 0, prev = 0, v = 0, sh = 0; i < meta.x.length; i++) {
    const d = DIGITS.indexOf(meta.x[i])
    if (d >= 32) { v |= (d - 32) << sh; sh += 5; continue }
    prev += v | d << sh; starts.push(prev); v = 0; sh = 0
  }
  return { meta, px, get, list, has, cw, shape, fw: wordSet(meta.fw), wt, bb, sr, sp, areaTerms, post, fetchTerms, starts }
}

const at = (seq, i, t) => t.every((x, j) => seq[i + j] === x)
// marks: for each term of p, whether it is in the word set ws (a phrase: where all its terms
// stand next to each other)
const marks = (ws, p) => {
  const out = p.map(t => ws.one.has(t))
  for (const m of ws.many) for (let i = 0; i < p.length; i++) if (at(p, i, m)) m.forEach((_, k) => { out[i + k] = true })
  return out
}

// plan: units [{a: [[term, weight], ...], o: optional}] (query steps 1–5).
async function plan (ix, q, prefix) {
  const a = analyze(q); const n = a.p.length; const units = []; let last = -1
  const sh = marks(ix.shape, a.p); const single = [] // the term of each one-term unit ('' for a phrase's)
  // step 2a: the typo corrections of each word not in the index and in no group
  const fix = []; const fixed = [...a.p]
  for (let i = 0; i < n; i++) fix.push(!(ix.px[a.p[i]] || []).length && !(await ix.has(a.p[i])) ? await typos(ix, a.p[i], a.r[i]) : [])
  for (let i = 0; i < n;) {
    const ps = (ix.px[a.p[i]] || []).filter(p => !p.o && at(a.p, i, p.t))
    let best = Math.max(0, ...ps.map(p => p.t.length)); let u
    const [fb, fa, ft] = fixedPhrase(ix, a.p, fix, i)
    if (fb > best) {
      u = fa; best = fb
      ft.forEach((t, j) => { fixed[i + j] = t })
    } else if (best) {
      u = [...new Set(ps.filter(p => p.t.length === best).map(p => p.g))].map(g => [g, 1])
      if (best === 1) u.push([a.p[i], 1])
    } else {
      u = [[a.p[i], 1]]; best = 1
      if (!(await ix.has(a.p[i]))) {
        // step 2a made them for a word in no group
        u.push(...withGroups(ix, (ix.px[a.p[i]] || []).length ? await typos(ix, a.p[i], a.r[i]) : fix[i]))
        if (i === n - 1) last = units.length
      }
    }
    units.push({ a: u, o: sh.slice(i, i + best).every(Boolean) })
    single.push(best === 1 ? a.p[i] : '')
    i += best
  }
  // word phrases (step 5a), on the query's word keys: a phrase with a term ("live with me")
  // gives its group to the first one-term unit of that term, which is then required even if
  // its term is a question word ("tell me", "say no"); otherwise, unless it has a term and a
  // unit already has the group, the group is one more unit
  const keys = a.w.map(w => finish(w) || w); const seen = new Set()
  const same = g => x => x[0] === g && x[1] === 1
  for (const s of ix.sp) {
    if (seen.has(s.g) || !keys.some((_, i) => at(keys, i, s.w))) continue
    seen.add(s.g)
    const c = s.w.find(contentKey); const k = c === undefined ? -1 : single.indexOf(c)
    if (k >= 0) {
      if (!units[k].a.some(same(s.g))) { units[k].a.push([s.g, 1]); units[k].o = false }
    } else if (!(c !== undefined && units.some(u => u.a.some(same(s.g))))) {
      units.push({ a: [[s.g, 1]], o: false }); single.push('')
    }
  }
  if (units.every(u => u.o)) units.forEach(u => { u.o = false })
  if (prefix && last >= 0 && /[\p{L}\p{N}]$/u.test(q)) units[last].a.push(...await completions(ix, a.p[n - 1], a.r[n - 1]))
  units.fixed = fixed
  return units
}

// fixedPhrase (step 2a): the longest phrase of two or more terms (not a "=>" target)
// starting at term i when typo corrections stand in for the words that have them, at
// least one: [length, its groups at weight 1, its terms].
function fixedPhrase (ix, p, fix, i) {
  const fits = (j, t) => p[j] === t || fix[j].some(x => x[0] === t)
  let best = 0; let out = []; let terms = []
  for (const f of [p[i], ...fix[i].map(x => x[0])]) {
    for (const ph of ix.px[f] || []) {
      if (ph.o || ph.t.length < 2 || ph.t.length < best || i + ph.t.length > p.length || at(p, i, ph.t)) continue
      if (!ph.t.every((t, j) => fits(i + j, t))) continue
      if (ph.t.length > best) { best = ph.t.length; out = []; terms = ph.t }
      if (!out.includes(ph.g)) out.push(ph.g)
    }
  }
  return [best, out.map(g => [g, 1]), terms]
}

async function typos (ix, term, raw) {
  const n = [...raw].length; const max = n >= 8 ? 2 : n >= 4 ? 1 : 0
  if (!max) return []
  const cs = []
  // lengths and distances in code points, as Go's runes (not UTF-16 units)
  const T = [...term]; const R = [...raw]
  for (const t of await ix.list(term)) {
    const U = [...t]
    let d = Math.abs(U.length - T.length) > max ? max + 1 : osa(T, U, max)
    const k = R.length - U.length
    if (d > 1 && U.length >= 4 && k > 0 && k <= 4) d = Math.min(d, osa(R.slice(0, U.length), U, max) + 1)
    if (d <= max) cs.push([t, d])
  }
  // a short word the stemmer leaves, 3+ one-letter neighbours, no swap: not a typo (step 3)
  if (n <= 5 && term === raw && cs.filter(([t]) => substitution(term, t)).length >= 3 && !cs.some(([t]) => transposition(term, t))) return []
  return cs.sort((x, y) => x[1] - y[1]).slice(0, 5).map(([t, d]) => [t, d === 2 ? 0.5 : 0.7])
}

// substitution: t is term with one letter replaced; transposition: with two neighbouring
// letters swapped (code points, as Go's runes).
function substitution (term, t) {
  const a = [...term]; const b = [...t]
  return a.length === b.length && a.filter((c, i) => c !== b[i]).length === 1
}
function transposition (term, t) {
  const a = [...term]; const b = [...t]
  if (a.length !== b.length) return false
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i] !== b[i]) return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2).join('') === b.slice(i + 2).join('')
  }
  return false
}

// withGroups: typo corrections, then the groups each is a one-word member of (step 3).
function withGroups (ix, alts) {
  const seen = new Set(); const out = [...alts]
  for (const [t, w] of alts) {
    for (const p of ix.px[t] || []) {
      if (!p.o && p.t.length === 1 && !seen.has(p.g)) { seen.add(p.g); out.push([p.g, w]) }
    }
  }
  return out
}

async function completions (ix, term, raw) {
  const fwd = []; const back = []
  for (const t of await ix.list(raw)) {
    if (t === term) continue
    if (t.startsWith(raw) && t !== raw) fwd.push(t)
    else if (t.length >= 4 && raw.startsWith(t) && raw.length - t.length <= 3) back.push(t)
  }
  fwd.sort((x, y) => x.length - y.length); back.sort((x, y) => y.length - x.length)
  return [...fwd.slice(0, 8), ...back.slice(0, 2)].map(t => [t, 0.8])
}

// mask: a section's filter bits, fk characters of 6 bits (char code − 63), low first.
const mask = (m, d) => { let v = 0; for (let k = 0; k < m.fk; k++) v |= (m.f.charCodeAt(d * m.fk + k) - 63) << (6 * k); return v }
// find: the last i with a[i] <= v (-1 if none); a is sorted.
const find = (a, v) => { let lo = -1; let hi = a.length; while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (a[mid] <= v) lo = mid; else hi = mid } return lo }
// has: whether sorted Int32Array a holds v.
const holds = (a, v) => { let lo = 0; let hi = a.length; while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < v) lo = mid + 1; else hi = mid } return lo < a.length && a[lo] === v }

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const CONTACT = '~#c'; const CONTACT_BOOST = 2; const BEST_BET = 1e6
const DEFINE = '~#d'; const DEFINE_BOOST = 1.5; const OPTIONAL = 0.25; const OTHER_AREA = 0.5
const SOURCE_WINDOW = 10; const SOURCE_RATIO = 0.5
const CONCEPT_WEIGHT = 2; const CONCEPT_SHARE_NUM = 3; const CONCEPT_SHARE_DEN = 10; const CONCEPT_UNITS = 3
// coverWeight: what a required unit matching df of n sections counts toward coverage in
// a query of req required units (step 6): CONCEPT_WEIGHT when req is at least
// CONCEPT_UNITS, a vocabulary group is among its alternatives and it matches at most 30%
// of the sections; else 1.
const coverWeight = (u, df, n, req) => !u.o && req >= CONCEPT_UNITS && df * CONCEPT_SHARE_DEN <= CONCEPT_SHARE_NUM * n && u.a.some(a => a[0][0] === '~') ? CONCEPT_WEIGHT : 1
const ASKS_WHAT = /\b(what is|what are|whats|what's|meaning of|define|definition)\b|\bmeans?\b/
const YEAR = /^(19|20)\d\d$/

// rank returns [{d: section, s: score, t: terms matched}] best first: the first opt.k
// (all when unset); .total is the number of results. Only the sections in the query's
// postings are touched: scores accumulate in arrays indexed by section number.
export async function rank (ix, q, opt = {}) {
  const m = ix.meta
  const units = await plan(ix, q, opt.prefix)
  const out = []; out.total = 0
  if (!units.length) return out
  const ap = analyze(q).p
  const fx = units.fixed // step 2a: the corrected terms make the pairs
  const phrases = [...new Set(fx.slice(1).map((t, i) => fx[i] + '~' + t))]
  const figAt = marks(ix.fw, ap); const figures = ap.some((t, i) => figAt[i] || YEAR.test(t))
  const contact = marks(ix.cw, ap).some(Boolean)
  const shAt = marks(ix.shape, ap); const qshape = new Set(ap.filter((t, i) => shAt[i]))
  const alts = [...new Set(units.flatMap(u => u.a.map(a => a[0])))]
  const asksWhat = ASKS_WHAT.test(q.toLowerCase().replace(/[’‘ʼ]/g, "'"))
  await ix.fetchTerms(alts.concat(phrases, contact ? [CONTACT] : [], asksWhat ? [DEFINE] : []))
  // Scratch arrays indexed by section, allocated once per index and cleared after use
  // for the sections this query touched (docs[0..nd)).
  // matched: required units matched; covered: their coverage weights (step 6)
  const S = ix.scratch || (ix.scratch = { total: new Float64Array(m.n), best: new Float64Array(m.n), matched: new Uint16Array(m.n), covered: new Uint16Array(m.n), seen: new Uint8Array(m.n), docs: new Int32Array(m.n), touched: new Int32Array(m.n) })
  const { total, best, matched, covered, seen, docs, touched } = S
  let nd = 0; let req = 0; let reqCover = 0
  const long = units.filter(u => !u.o).length // required units: coverWeight applies from CONCEPT_UNITS
  for (const u of units) {
    const inc = u.o ? 0 : 1
    if (u.a.length === 1) {
      const [t, w] = u.a[0]; const p = ix.post(t)
      const cw = coverWeight(u, p.d.length, m.n, long)
      if (!u.o) { req++; reqCover += cw }
      nd = addTerm(p.d, p.s, w, u.o, inc, inc * cw, total, matched, covered, seen, docs, nd)
      continue
    }
    let nt = 0
    for (const [t, w] of u.a) { const p = ix.post(t); nt = maxTerm(p.d, p.s, w, best, touched, nt) }
    const cw = coverWeight(u, nt, m.n, long)
    if (!u.o) { req++; reqCover += cw }
    nd = addBest(touched, nt, u.o, inc, inc * cw, best, total, matched, covered, seen, docs, nd)
  }
  for (const t of phrases) { const p = ix.post(t); addPhrase(p.d, p.s, seen, total) }
  const withContact = contact ? ix.post(CONTACT).d : null
  const withDef = asksWhat ? ix.post(DEFINE).d : null
  const qset = new Set(ap); const bets = new Map()
  for (const b of ix.bb) {
    if (![...b.t].every(t => qset.has(t))) continue
    if ([...qset].filter(t => !b.t.has(t) && !qshape.has(t)).length > 2) continue
    bets.set(b.d, Math.max(bets.get(b.d) || 0, BEST_BET * b.t.size))
  }
  const extra = [...bets.keys()].filter(d => !seen[d])
  // areas the query names (step 7): a required unit has the area name's first term
  let named = 0
  ix.areaTerms.forEach((t, i) => { if (t && units.some(u => !u.o && u.a.some(x => x[0] === t))) named |= 1 << i })
  const areaAll = (1 << m.a.length) - 1
  // filters: a section passes when the filter is off, it has the key, or it has no key of
  // that kind at all (an unknown key: only those). Areas are the low bits, audiences next.
  const ok = (k, v, keys, o) => { const b = k >> o & ((1 << keys.length) - 1); return !v || v === 'all' || !b || b >> keys.indexOf(v) & 1 }
  const filtered = opt.area && opt.area !== 'all' || opt.audience && opt.audience !== 'all'
  const pass = filtered ? d => { const f = mask(m, d); return ok(f, opt.area, m.a.map(a => a[0]), 0) && ok(f, opt.audience, m.au, m.a.length) } : null
  // The first k results, best first (score descending, then section number).
  // (Step 10 reorders the first SOURCE_WINDOW, so at least that many are kept.)
  const want = opt.k || Infinity; const k = ix.sr.size ? Math.max(want, SOURCE_WINDOW) : want; const top = []
  const c = { m, total, matched, covered, reqCover, wt: ix.wt, figures, withContact, withDef, named, areaAll, bets, pass }
  const count = collect(c, docs, nd, top, k) + collect(c, Int32Array.from(extra), extra.length, top, k)
  if (k === Infinity) top.sort((x, y) => y[0] - x[0] || x[1] - y[1])
  beside(ix, top)
  if (top.length > want) top.length = want
  out.total = count
  for (const [s, d, bs] of top) {
    out.push({ d, s, t: new Set(alts.filter(t => holds(ix.post(t).d, d))), good: bets.has(d) || matched[d] * 2 >= req, beside: !!bs })
  }
  clear(docs, nd, total, matched, covered, seen)
  return out
}

// The loops over postings and sections, as small functions on typed arrays: each is
// compiled on its own during a page's first query. Written inline in rank (one large async
// function), they were compiled loop by loop, deoptimised and compiled again, and a page's
// second query ran them mostly unoptimised (about 30 ms of 60 at N=10,000).

// addTerm adds a one-term unit's postings (pd sections, ps scores, weight w; × OPTIONAL
// when optional) to total, counts inc in matched and cov in covered, and lists new
// sections in docs.
function addTerm (pd, ps, w, o, inc, cov, total, matched, covered, seen, docs, nd) {
  for (let k = 0; k < pd.length; k++) {
    const d = pd[k]
    let v = w * ps[k]
    if (o) v *= OPTIONAL
    total[d] += v; matched[d] += inc; covered[d] += cov
    if (!seen[d]) { seen[d] = 1; docs[nd++] = d }
  }
  return nd
}

// maxTerm keeps in best each section's highest weighted score among a unit's
// alternatives, listing the sections first touched in touched.
function maxTerm (pd, ps, w, best, touched, nt) {
  for (let k = 0; k < pd.length; k++) {
    const d = pd[k]; const v = w * ps[k]
    if (best[d] === 0) touched[nt++] = d
    if (v > best[d]) best[d] = v
  }
  return nt
}

// addBest adds a several-alternative unit's best scores to total and clears them.
function addBest (touched, nt, o, inc, cov, best, total, matched, covered, seen, docs, nd) {
  for (let k = 0; k < nt; k++) {
    const d = touched[k]
    total[d] += o ? best[d] * OPTIONAL : best[d]; best[d] = 0; matched[d] += inc; covered[d] += cov
    if (!seen[d]) { seen[d] = 1; docs[nd++] = d }
  }
  return nd
}

// addPhrase adds a pair's postings to the sections already matched (step 6).
function addPhrase (pd, ps, seen, total) {
  for (let k = 0; k < pd.length; k++) { const d = pd[k]; if (seen[d]) total[d] += ps[k] }
}

// collect scores the sections list[0..n) (steps 7–9) and keeps the first k in top, best
// first (score descending, then section number), sorted as they come: no sort of every
// result. It returns how many scored above 0.
function collect (c, list, n, top, k) {
  const { m, total, matched, covered, reqCover, wt, figures, withContact, withDef, named, areaAll, bets, pass } = c
  let count = 0
  for (let i = 0; i < n; i++) {
    const d = list[i]
    if (pass && !pass(d)) continue
    let s = 0
    if (matched[d] > 0) {
      s = total[d] * (covered[d] / reqCover)
      if (!figures) s = s * wt[d] / 100
      if (withContact && holds(withContact, d)) s *= CONTACT_BOOST
      if (withDef && holds(withDef, d)) s *= DEFINE_BOOST
      if (named) { const f = mask(m, d); if ((f & areaAll) && !(f & named)) s *= OTHER_AREA }
    }
    if (bets.size) s += bets.get(d) || 0
    if (!(s > 0)) continue
    count++
    if (k === Infinity) { top.push([s, d]); continue }
    let j = top.length
    if (j >= k && !(s > top[j - 1][0] || (s === top[j - 1][0] && d < top[j - 1][1]))) continue
    while (j > 0 && (s > top[j - 1][0] || (s === top[j - 1][0] && d < top[j - 1][1]))) j--
    top.splice(j, 0, [s, d])
    if (top.length > k) top.pop()
  }
  return count
}

// clear resets the scratch arrays for the sections a query touched.
function clear (docs, nd, total, matched, covered, seen) {
  for (let i = 0; i < nd; i++) { const d = docs[i]; total[d] = 0; matched[d] = 0; covered[d] = 0; seen[d] = 0 }
}

// beside is step 10: the first of the first SOURCE_WINDOW results ([score, section]) that
// restates a section among them scoring at least SOURCE_RATIO × its own brings the best
// such source (the first of equals in citation order) up to the place after it, unless
// it already ranks higher; once.
function beside (ix, top) {
  const n = Math.min(top.length, SOURCE_WINDOW)
  if (n < 2 || !ix.sr.size) return
  const pos = new Map(top.slice(0, n).map((x, i) => [x[1], i]))
  for (let i = 0; i < n; i++) {
    let best = -1
    for (const src of ix.sr.get(top[i][1]) || []) {
      const j = pos.get(src)
      if (j !== undefined && j !== i && top[j][0] >= SOURCE_RATIO * top[i][0] && (best < 0 || top[j][0] > top[best][0])) best = j
    }
    if (best < i) continue
    const [src] = top.splice(best, 1)
    top.splice(i + 1, 0, [src[0], src[1], true])
    return
  }
}

// details fills url, title, heading, text and areas of results from fragment files.
export async function details (ix, res) {
  const x = ix.starts
  const file = d => find(x, d)
  const fr = {}
  await Promise.all([...new Set(res.map(r => file(r.d)))].map(async i => { fr[i] = await ix.get('x/' + i + '.json.gz') }))
  for (const r of res) {
    const i = file(r.d); const f = fr[i]; const row = f && f.d[r.d - x[i]]
    if (!row) continue
    const pg = f.p[row[0]] || ['', '']
    Object.assign(r, { url: pg[0] + row[1], title: pg[1], heading: row[2], text: row[3] })
    const k = mask(ix.meta, r.d)
    r.areas = ix.meta.a.filter((a, i) => k & (1 << i)).map(a => a[1])
  }
  return res
}

// seenWords memoises analyze for excerpts: results repeat the same words, and analysing
// each word of 20 excerpts was as slow as the ranking itself at N=10,000.
const seenWords = new Map()

// excerpt: [[text, marked]] pieces of about 30 words around the densest matches. A word is
// marked when one of its terms matched, or belongs to a matched synonym group.
export function excerpt (ix, text, matched) {
  const marks = new Set()
  for (const t of matched) {
    for (const w of t[0] === '~' ? ix.meta.g[parseInt(t.slice(1), 36)].replace(/>/g, '').split(/[| ]/) : [t]) marks.add(w)
  }
  const ws = [...text.matchAll(CHUNK)]; const N = 30
  const on = ws.map(m => {
    let v = seenWords.get(m[0])
    if (v === undefined) {
      const a = analyze(m[0]); v = a.p.concat(a.x)
      if (seenWords.size > 50000) seenWords.clear()
      seenWords.set(m[0], v)
    }
    return v.some(t => marks.has(t))
  })
  // bi: the first start of the N-word window with the most marked words (a running count:
  // no array per word)
  let bi = 0; let best = 0; let c = 0
  for (let i = 0; i < Math.min(N, on.length); i++) if (on[i]) c++
  for (let i = 0; i < on.length; i++) {
    if (c > best) { best = c; bi = i }
    if (on[i]) c--
    if (i + N < on.length && on[i + N]) c++
  }
  bi = Math.max(0, Math.min(bi - 3, ws.length - N))
  const out = [[bi ? '… ' : '', 0]]; let pos = bi ? ws[bi].index : 0
  ws.slice(bi, bi + N).forEach((m, k) => {
    out.push([text.slice(pos, m.index), 0], [m[0], on[bi + k]])
    pos = m.index + m[0].length
  })
  out.push([bi + N < ws.length ? ' …' : text.slice(pos), 0])
  return out
}

// parse: JSON from bytes, gunzipped first when they are gzip (postings and fragments are
// stored compressed; a server that already decoded them is fine too).
export async function parse (buf) {
  const b = new Uint8Array(buf)
  const body = b[0] === 0x1f && b[1] === 0x8b ? new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip')) : b
  return new Response(body).json()
}

// ---- search page ----
function page () {
  const $ = id => document.getElementById(id)
  const input = $('search-page-q'); const ol = $('search-results'); const status = $('search-status'); const az = $('search-az') || {}; const help = $('search-help') || {}
  const filters = [['audience', $('search-audience')], ['area', $('search-area')]].filter(f => f[1])
  if (!input || !ol || !status) return
  const tag = document.querySelector('meta[name="signpost-search"]')
  const base = new URL((tag && tag.content) || '/search/', location.href)
  if (base.origin !== location.origin) return
  const dir = base.pathname.replace(/\/?$/, '/')
  const load = rel => fetch(dir + rel, rel < 'n' ? { cache: 'no-cache' } : {}) // meta.json; others carry ?hash
    .then(r => { if (!r.ok) throw Error(r.status); return r.arrayBuffer() }).then(parse)
  const el = (t, text, cls) => { const e = document.createElement(t); e.textContent = text || ''; if (cls) e.className = cls; return e }
  let ix; let seq = 0; let timer; let shown = 20
  const more = el('button', 'More results'); more.type = 'button'; more.hidden = true
  ol.after(more)
  const params = new URLSearchParams(location.search)
  for (const [k, e] of [['q', input], ...filters]) e.value = params.get(k) || e.value

  async function run (from) {
    const q = input.value.trim(); const my = ++seq; const u = new URL(location.href); const opt = { q }
    for (const [k, e] of filters) opt[k] = e.value
    for (const k in opt) opt[k] && opt[k] !== 'all' ? u.searchParams.set(k, opt[k]) : u.searchParams.delete(k)
    // (a synchronous call that cost 5–10 ms in Chromium: not made when nothing changed)
    if (u.href !== location.href) history.replaceState(null, '', u)
    opt.prefix = true
    // No dead ends (issue #10): with no result, or none that matched at least half the
    // query's subject words, the emergency line, both areas' routes, the Children with
    // Disability check and the A–Z are shown.
    const show = (n, msg, good) => { az.hidden = n > 0 && good; help.hidden = !q || n > 0 && good; more.hidden = n <= shown; status.textContent = msg }
    if (!q) { ol.replaceChildren(); return show(0, '') }
    try {
      ix = ix || await open(load)
      opt.k = shown
      const all = await rank(ix, input.value, opt)
      const res = await details(ix, all)
      if (my !== seq) return
      ol.replaceChildren(...res.filter(r => r.url).map(r => {
        const li = el('li'); const a = el('a', r.title + (r.heading ? ' – ' + r.heading : ''))
        if (/^\/(?![/\\])/.test(r.url)) a.href = r.url
        li.append(a)
        for (const n of r.areas) li.append(' ', el('span', n, 'badge area'))
        // step 10: the guidance the plain-words result above restates
        if (r.beside) li.append(' ', el('span', 'Source of the result above', 'badge source'))
        // one text node for each run of unmarked words (a node per word made rendering 20
        // results cost more than ranking them at N=10,000)
        const p = el('p'); let plain = ''
        for (const [t, m] of excerpt(ix, r.text, r.t)) {
          if (!m) { plain += t; continue }
          if (plain) p.append(plain)
          plain = ''; p.append(el('mark', t))
        }
        if (plain) p.append(plain)
        li.append(p)
        return li
      }))
      const n = all.total
      const good = n > 0 && all[0].good
      show(n, n ? `${n} result${n === 1 ? '' : 's'} for “${q}”` + (good ? '' : '. None may answer it: see the help below.') : `No results for “${q}”. Try other words, or see the help and the A–Z below.`, good)
      if (from) ol.querySelectorAll('a')[from]?.focus()
    } catch (e) {
      if (my === seq) show(0, 'Search is not working right now. See the help and the A–Z below.', false)
    }
  }

  input.addEventListener('input', () => { clearTimeout(timer); shown = 20; timer = setTimeout(run, 200) })
  for (const [, e] of filters) e.addEventListener('change', () => { shown = 20; run() })
  input.form?.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); run() })
  more.addEventListener('click', () => { shown += 20; run(shown - 20) })
  // Arrow keys move between the box and the result links (links stay tabbable too).
  document.addEventListener('keydown', e => {
    const ls = [input, ...ol.querySelectorAll('a')]; const i = ls.indexOf(e.target)
    const j = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : -1
    if (i < 0 || j < 0 || j >= ls.length) return
    e.preventDefault()
    ls[j].focus()
  })
  if (input.value) run()
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', page)
  else page()
}
