// Explore: case counts by province, city and domain (SPARQL) as bar charts, and a
// case–concept network (from /api/cases) laid out by a small force simulation.

import { t } from './i18n.js';
import { api, caseHref, emWidth, errorBox, h, loading, s, setTitle, wrap } from './util.js';

const PREFIX = `PREFIX gc: <https://w3id.org/gongchuang/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
`;

// The level test sits in FILTER EXISTS: the same answer as a plain triple pattern, but the
// store then walks `gc:within*` up from each case's place (ms, not seconds).
export const QUERIES = {
  province: `${PREFIX}SELECT ?place (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?case) AS ?n) WHERE {
  ?case a gc:Case ; gc:locatedIn ?p . ?p gc:within* ?place .
  FILTER EXISTS { ?place gc:level "province" }
  ?place skos:prefLabel ?l .
} GROUP BY ?place ORDER BY DESC(?n) ?label`,
  city: `${PREFIX}SELECT ?place (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?case) AS ?n) WHERE {
  ?case a gc:Case ; gc:locatedIn ?p . ?p gc:within* ?place .
  FILTER EXISTS { ?place gc:level "city" }
  ?place skos:prefLabel ?l .
} GROUP BY ?place ORDER BY DESC(?n) ?label LIMIT 15`,
  domain: `${PREFIX}SELECT ?concept (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?case) AS ?n) WHERE {
  ?case a gc:Case ; gc:domain ?concept . ?concept skos:prefLabel ?l . FILTER(lang(?l) = "zh")
} GROUP BY ?concept ORDER BY DESC(?n) ?label LIMIT 15`,
};

async function sparql(query) {
  const res = await fetch('/sparql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
    body: query,
  });
  if (!res.ok) {
    let msg = t('error.http', res.status);
    try { msg = (await res.json()).error || msg; } catch (_) { /* not JSON */ }
    throw new Error(msg);
  }
  const j = await res.json();
  return j.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

/** Horizontal bar chart; redraws itself when its width changes. */
function barChart(rows, hrefOf, name) {
  const box = h('div', { class: 'chart', dataset: { chart: name, bars: String(rows.length) } });
  if (!rows.length) {
    box.append(h('p', { class: 'muted' }, t('explore.noData')));
    return box;
  }
  const max = Math.max(...rows.map((r) => r.n));
  let lastW = 0;
  const draw = () => {
    const W = Math.floor(box.clientWidth || 600);
    if (!W || W === lastW) return;
    lastW = W;
    const labelW = Math.min(150, Math.floor(W * 0.36)), rowH = 26, valueW = 36;
    const H = rows.length * rowH + 8;
    const barMax = Math.max(20, W - labelW - valueW - 12);
    const svg = s('svg', { width: String(W), height: String(H), viewBox: `0 0 ${W} ${H}`, class: 'bars-svg', role: 'img', 'aria-label': name });
    rows.forEach((r, i) => {
      const y = 4 + i * rowH;
      const w = Math.max(2, (r.n / max) * barMax);
      const label = wrap(r.label, (labelW - 8) / 13, 1)[0];
      svg.append(s('a', { href: hrefOf(r), class: 'bar-link' },
        s('title', {}, `${r.label}: ${r.n}`),
        s('text', { x: String(labelW - 8), y: String(y + rowH / 2 + 4), 'text-anchor': 'end', class: 'bar-text' }, label),
        s('rect', { x: String(labelW), y: String(y + 4), width: String(w), height: String(rowH - 8), rx: '3', class: 'bar' }),
        s('text', { x: String(labelW + w + 6), y: String(y + rowH / 2 + 4), class: 'bar-num' }, String(r.n))));
    });
    box.replaceChildren(svg);
  };
  if (typeof ResizeObserver === 'function') new ResizeObserver(draw).observe(box);
  requestAnimationFrame(draw);
  return box;
}

const KINDS = ['technologies', 'mechanisms', 'domain', 'actors', 'all'];

/** Nodes and links: the most connected concepts of a kind and the cases that share them. */
export function graphOf(cases, kind, maxConcepts = 24, maxCases = 60) {
  const keys = kind === 'all' ? ['technologies', 'mechanisms', 'domain', 'actors'] : [kind];
  const deg = new Map();
  for (const c of cases) {
    for (const k of keys) for (const v of new Set(c.facets?.[k] || [])) deg.set(v, (deg.get(v) || 0) + 1);
  }
  const concepts = [...deg.entries()].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, maxConcepts);
  const keep = new Set(concepts.map(([c]) => c));
  const linked = cases.map((c) => ({ c, vs: [...new Set(keys.flatMap((k) => c.facets?.[k] || []))].filter((v) => keep.has(v)) }))
    .filter((x) => x.vs.length).sort((a, b) => b.vs.length - a.vs.length || a.c.id.localeCompare(b.c.id)).slice(0, maxCases);
  const nodes = [
    ...concepts.map(([label, n]) => ({ id: `k:${label}`, label, type: 'concept', deg: n })),
    ...linked.map((x) => ({ id: `c:${x.c.id}`, caseId: x.c.id, label: x.c.name, type: 'case', deg: x.vs.length })),
  ];
  const links = linked.flatMap((x) => x.vs.map((v) => ({ a: `c:${x.c.id}`, b: `k:${v}` })));
  return { nodes, links };
}

/**
 * Fruchterman–Reingold with a deterministic start (concepts inside, cases around them), so
 * the picture is stable. Labelled concept nodes push each other harder, so labels stay apart.
 */
export function forceLayout(nodes, links, W, H, iterations = 400) {
  const n = nodes.length;
  const idx = new Map(nodes.map((d, i) => [d.id, i]));
  const E = links.map((l) => [idx.get(l.a), idx.get(l.b)]).filter(([a, b]) => a !== undefined && b !== undefined);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.9;
  const x = new Float64Array(n), y = new Float64Array(n);
  const concept = nodes.map((d) => d.type === 'concept');
  // room on the right for a concept's label (12 px font)
  const right = nodes.map((d) => (d.type === 'concept' ? 16 + emWidth(d.label) * 12 + 12 : 30));
  const nc = concept.filter(Boolean).length;
  let ic = 0, ik = 0;
  for (let i = 0; i < n; i++) {
    const inner = concept[i];
    const j = inner ? ic++ : ik++;
    const m = inner ? nc : n - nc;
    const a = (2 * Math.PI * (j + 0.5)) / Math.max(1, m) + (inner ? 0 : 0.3);
    const r = (inner ? 0.22 : 0.44) * Math.min(W, H);
    x[i] = W / 2 + r * Math.cos(a) * (W / Math.min(W, H));
    y[i] = H / 2 + r * Math.sin(a);
  }
  let temp = W / 10;
  const dx = new Float64Array(n), dy = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    dx.fill(0); dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = x[i] - x[j], ey = y[i] - y[j];
        let d2 = ex * ex + ey * ey;
        if (d2 < 0.01) { ex = 0.1 * ((i % 7) - 3); ey = 0.1 * ((j % 5) - 2); d2 = ex * ex + ey * ey + 0.01; }
        const f = ((k * k) / d2) * (concept[i] && concept[j] ? 2.5 : 1);
        dx[i] += ex * f; dy[i] += ey * f;
        dx[j] -= ex * f; dy[j] -= ey * f;
      }
    }
    for (const [a, b] of E) {
      const ex = x[a] - x[b], ey = y[a] - y[b];
      const d = Math.sqrt(ex * ex + ey * ey) || 0.01;
      const f = d / k;
      dx[a] -= ex * f; dy[a] -= ey * f;
      dx[b] += ex * f; dy[b] += ey * f;
    }
    for (let i = 0; i < n; i++) {
      dx[i] += (W / 2 - x[i]) * 0.05;
      dy[i] += (H / 2 - y[i]) * 0.05;
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      const step = Math.min(d, temp);
      x[i] += (dx[i] / d) * step;
      y[i] += (dy[i] / d) * step;
      x[i] = Math.max(30, Math.min(W - right[i], x[i]));
      y[i] = Math.max(20, Math.min(H - 20, y[i]));
    }
    temp = Math.max(0.5, temp * 0.985);
  }
  // Fit the drawing to the frame (the simulation leaves it round; frames are not).
  const fit = (v, lo, hi) => {
    let a = Infinity, b = -Infinity;
    for (const t of v) { a = Math.min(a, t); b = Math.max(b, t); }
    const span = b - a || 1;
    for (let i = 0; i < v.length; i++) v[i] = lo + ((v[i] - a) / span) * (hi - lo);
  };
  fit(x, 30, W - Math.min(140, Math.max(...right)));
  fit(y, 24, H - 24);
  for (let i = 0; i < n; i++) x[i] = Math.min(x[i], W - right[i]);
  nodes.forEach((d, i) => { d.x = x[i]; d.y = y[i]; });
  return nodes;
}

function network(cases, kind, narrow) {
  // Phones get a portrait drawing with fewer nodes, so labels stay legible.
  const { nodes, links } = narrow ? graphOf(cases, kind, 14, 32) : graphOf(cases, kind);
  const [W, H] = narrow ? [420, 600] : [960, 640];
  if (!nodes.length) return h('p', { class: 'muted' }, t('explore.noData'));
  forceLayout(nodes, links, W, H);
  const pos = new Map(nodes.map((d) => [d.id, d]));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'network', id: 'network', role: 'img', 'aria-label': t('explore.network') });
  const lg = s('g', { class: 'net-links' });
  for (const l of links) {
    const a = pos.get(l.a), b = pos.get(l.b);
    lg.append(s('line', { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1) }));
  }
  svg.append(lg);
  const ng = s('g', { class: 'net-nodes' });
  // Labels on top, so no circle hides one; they let clicks through to the nodes (app.css).
  const tg = s('g', { class: 'net-labels' });
  const order = [...nodes].sort((a, b) => (a.type === b.type ? 0 : a.type === 'case' ? -1 : 1));
  for (const d of order) {
    const r = d.type === 'concept' ? 5 + Math.sqrt(d.deg) * 2.2 : 5;
    const href = d.type === 'case' ? caseHref(d.caseId) : `#/cases?${new URLSearchParams(kind === 'domain' ? { domain: d.label } : { concept: d.label })}`;
    ng.append(s('a', { href, class: `net-node net-${d.type}`, dataset: { id: d.id } },
      s('title', {}, d.type === 'concept' ? `${d.label} (${d.deg})` : d.label),
      s('circle', { cx: d.x.toFixed(1), cy: d.y.toFixed(1), r: r.toFixed(1) })));
    if (d.type === 'concept') {
      tg.append(s('text', { x: (d.x + r + 3).toFixed(1), y: (d.y + 4).toFixed(1), class: 'net-label' }, d.label));
    }
  }
  svg.append(ng, tg);
  return svg;
}

export async function render(main, r) {
  setTitle(t('explore.title'));
  const root = h('div', { class: 'page page-explore' });
  main.append(root);
  const stats = h('p', { class: 'muted', id: 'explore-stats' });
  const charts = {
    province: h('div', {}, loading()),
    city: h('div', {}, loading()),
    domain: h('div', {}, loading()),
    central: h('div', {}, loading()),
  };
  const clusterBox = h('div', { id: 'clusters' }, loading());
  const kind = KINDS.includes(r.query.get('kind')) ? r.query.get('kind') : 'technologies';
  const sel = h('select', {
    id: 'net-kind', onchange: () => { location.hash = `#/explore?kind=${sel.value}`; },
  }, KINDS.map((k) => h('option', { value: k, selected: k === kind }, k === 'all' ? t('explore.kind.all') : t(`facetkey.${k}`))));
  const net = h('div', { class: 'network-wrap' }, loading());
  root.append(
    h('h1', {}, t('explore.title')), stats,
    h('div', { class: 'chart-grid' },
      h('section', { class: 'panel' }, h('h2', {}, t('explore.byProvince')), charts.province),
      h('section', { class: 'panel' }, h('h2', {}, t('explore.byCity')), charts.city),
      h('section', { class: 'panel' }, h('h2', {}, t('explore.byDomain')), charts.domain),
      h('section', { class: 'panel' }, h('h2', {}, t('explore.central')), charts.central)),
    h('section', { class: 'panel' }, h('h2', {}, t('explore.clusters')), clusterBox),
    h('section', { class: 'panel' }, h('h2', {}, t('explore.network')),
      h('div', { class: 'row' }, h('p', { class: 'muted small' }, t('explore.networkHint')),
        h('label', { class: 'inline' }, t('explore.kind'), ' ', sel)),
      net));

  const placeCode = (iri) => iri.split('/').pop();
  const jobs = [
    sparql(QUERIES.province).then((rows) => charts.province.replaceChildren(barChart(
      rows.map((x) => ({ label: x.label, n: Number(x.n), iri: x.place })), (x) => `#/cases?place=${encodeURIComponent(placeCode(x.iri))}`, 'province'))),
    sparql(QUERIES.city).then((rows) => charts.city.replaceChildren(barChart(
      rows.map((x) => ({ label: x.label, n: Number(x.n), iri: x.place })), (x) => `#/cases?place=${encodeURIComponent(placeCode(x.iri))}`, 'city'))),
    sparql(QUERIES.domain).then((rows) => charts.domain.replaceChildren(barChart(
      rows.map((x) => ({ label: x.label, n: Number(x.n) })), (x) => `#/cases?domain=${encodeURIComponent(x.label)}`, 'domain'))),
    // Concept centrality (PageRank over the case–concept graph), scaled for the bar chart.
    api('/api/analytics').then((a) => {
      const top = a.concepts.slice(0, 15);
      const max = Math.max(...top.map((c) => c.pagerank), 1e-9);
      charts.central.replaceChildren(barChart(
        top.map((c) => ({ label: c.label, n: Math.round((100 * c.pagerank) / max) })),
        (x) => `#/cases?concept=${encodeURIComponent(x.label)}`, 'central'));
      clusterBox.replaceChildren(...(a.clusters.length ? a.clusters.slice(0, 12).map((c) => h('div', { class: 'cluster' },
        h('p', { class: 'muted small' }, t('explore.clusterOf', c.id, c.cases.length), ' ', c.top_concepts.join('、')),
        h('div', { class: 'chips' }, c.cases.map((id, i) => h('a', { class: 'chip', href: caseHref(id) }, c.names[i])))))
        : [h('p', { class: 'muted' }, t('explore.noData'))]));
    }),
  ].map((p, i) => p.catch((e) => (i < 4 ? Object.values(charts)[i] : clusterBox).replaceChildren(errorBox(e))));
  let cases = [];
  try {
    const [hz, cs] = await Promise.all([api('/healthz'), api('/api/cases')]);
    cases = cs;
    stats.textContent = t('explore.stats', hz.documents, cs.length, hz.index_items);
    net.replaceChildren(network(cases, kind, (net.clientWidth || innerWidth) < 600));
  } catch (e) {
    net.replaceChildren(errorBox(e));
  }
  await Promise.all(jobs);
}
