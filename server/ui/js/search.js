// Search page: one box, highlighted hits with line citations, facets, paging, explanations.

import { t, tv } from './i18n.js';
import { api, caseHref, chip, cite, docHref, errorBox, fill, fmt, h, loading, searchHref, setTitle, snippet } from './util.js';

const LIMIT = 10;
const FACETS = ['type', 'genre', 'year', 'place', 'scheme'];
const EXAMPLES = ['老旧小区 居民参与', '一网统管', '"社区更新" genre:paper', '数字孪生 -交通', '智慧社区 place:浙江省'];

/** Split a query into tokens, keeping quoted phrases whole. */
export function tokens(q) {
  return q.match(/-?"[^"]*"?|-?“[^”]*”?|\S+/g) || [];
}

function isFilter(tok) {
  return /^[a-z]+:.+/.test(tok);
}

function go(q, type, offset) {
  const p = new URLSearchParams();
  p.set('q', q.trim());
  if (type) p.set('type', type);
  if (offset) p.set('offset', String(offset));
  location.hash = `#/search?${p}`;
}

function form(q, type) {
  const input = h('input', {
    type: 'search', name: 'q', id: 'q', value: q, placeholder: t('search.placeholder'),
    'aria-label': t('search.title'), autocomplete: 'off', spellcheck: 'false',
  });
  const sel = h('select', { name: 'type', id: 'type', 'aria-label': t('search.type') },
    ['passage', 'document', 'case'].map((k) => h('option', { value: k, selected: k === (type || 'passage') }, t(`search.type.${k}`))));
  return h('form', {
    class: 'searchbar', role: 'search',
    onsubmit: (e) => {
      e.preventDefault();
      if (input.value.trim()) go(input.value, sel.value === 'passage' ? '' : sel.value, 0);
    },
  }, input, sel, h('button', { type: 'submit', class: 'primary' }, t('search.button')));
}

function intro() {
  const stats = h('p', { class: 'muted' });
  api('/healthz').then((j) => { stats.textContent = t('search.stats', j.documents, j.index_items); }).catch(() => {});
  return h('div', { class: 'intro' },
    h('p', {}, t('search.intro')),
    h('p', { class: 'examples' }, t('search.examples'), ' ', EXAMPLES.map((e) => chip(e, { href: searchHref(e) }))),
    h('p', { class: 'muted small' }, t('search.syntax')),
    stats);
}

function explainBox(hit) {
  const e = hit.explain || {};
  const row = (k, v) => (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) ? null
    : h('div', { class: 'kv' }, h('dt', {}, t(k)), h('dd', {}, v));
  const rank = (r) => r ? `${fmt(r.score)} (${t('explain.rank', r.rank)})` : null;
  return h('details', { class: 'explain' },
    h('summary', {}, t('search.explain')),
    h('dl', {},
      row('explain.score', fmt(hit.score, 5)),
      row('explain.bm25', rank(e.bm25)),
      row('explain.dense', rank(e.dense)),
      row('explain.graph', e.graph_boost ? fmt(e.graph_boost, 4) : null),
      row('explain.terms', (e.matched_terms || []).map((x) => chip(x))),
      row('explain.concepts', (e.matched_concepts || []).map((x) => chip(x, { kind: 'concept' }))),
      row('explain.reason', e.reason)));
}

function hitCard(hit, rank) {
  const d = hit.document || {};
  const at = docHref(d.id, hit.lines);
  const title = hit.type === 'case'
    ? h('a', { href: caseHref(hit.id), class: 'hit-title' }, d.title || snippetTitle(hit))
    : h('a', { href: at, class: 'hit-title' }, d.title || d.source || d.id);
  return h('li', { class: 'hit', dataset: { id: hit.id } },
    h('div', { class: 'hit-head' },
      h('span', { class: 'rank' }, String(rank)),
      h('span', { class: `badge badge-${hit.type}` }, tv('type.', hit.type)),
      title),
    h('p', { class: 'snippet' }, h('a', { href: at, class: 'snippet-link' }, snippet(hit.text || '', hit.highlights))),
    h('div', { class: 'hit-meta' },
      hit.type === 'case' && d.source ? h('a', { href: docHref(d.id), class: 'hit-doc' }, d.source.replace(/\.txt$/, '')) : null,
      hit.genre ? h('span', {}, tv('genre.', hit.genre)) : null,
      hit.year ? h('span', {}, hit.year) : null,
      (hit.places || []).length ? h('span', {}, hit.places.slice(0, 4).join('、')) : null,
      h('a', { href: at, class: 'cite', title: t('hit.open') }, cite(hit.lines))),
    explainBox(hit));
}

function snippetTitle(hit) {
  const first = (hit.text || '').split(/[\n。]/)[0];
  return Array.from(first).slice(0, 40).join('');
}

function facetPanel(facets, q, type) {
  const have = new Set(tokens(q));
  const groups = FACETS.filter((f) => facets && facets[f] && Object.keys(facets[f]).length).map((f) => {
    const entries = Object.entries(facets[f]).filter(([v]) => !/\s/.test(v));
    entries.sort((a, b) => (f === 'year' ? b[0].localeCompare(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0])));
    return h('div', { class: 'facet', dataset: { facet: f } },
      h('h3', {}, t(`facet.${f}`)),
      h('ul', {}, entries.slice(0, 12).map(([v, n]) => {
        const tok = `${f}:${v}`;
        const label = f === 'genre' ? tv('genre.', v) : f === 'scheme' ? tv('scheme.', v) : f === 'type' ? tv('type.', v) : v;
        return h('li', {}, have.has(tok)
          ? h('span', { class: 'facet-on' }, label, h('span', { class: 'count' }, String(n)))
          : h('a', { href: hrefFor(`${q} ${tok}`, type), dataset: { filter: tok } }, label, h('span', { class: 'count' }, String(n))));
      })));
  });
  if (!groups.length) return null;
  // Open beside the results on wide screens; folded above them on phones.
  const wide = !window.matchMedia || window.matchMedia('(min-width: 901px)').matches;
  return h('aside', { class: 'facets', 'aria-label': t('search.facets') },
    h('details', { open: wide }, h('summary', {}, t('search.facets')), groups));
}

function hrefFor(q, type, offset) {
  const p = new URLSearchParams({ q: q.trim() });
  if (type) p.set('type', type);
  if (offset) p.set('offset', String(offset));
  return `#/search?${p}`;
}

function activeFilters(q, type) {
  const toks = tokens(q);
  const filters = toks.filter(isFilter);
  if (!filters.length) return null;
  return h('div', { class: 'active-filters' }, h('span', { class: 'muted' }, t('search.filters'), '：'),
    filters.map((f) => h('a', {
      class: 'chip chip-filter', href: toks.some((x) => x !== f) ? hrefFor(toks.filter((x) => x !== f).join(' '), type) : '#/search',
      title: t('search.removeFilter', f), 'aria-label': t('search.removeFilter', f),
    }, f, h('span', { class: 'x', 'aria-hidden': 'true' }, '×'))));
}

function pager(total, offset, q, type) {
  // Hits are ranked among the first 200 candidates; pages stop there.
  const pages = Math.ceil(Math.min(total, 200) / LIMIT);
  if (pages <= 1) return null;
  const page = Math.floor(offset / LIMIT) + 1;
  return h('nav', { class: 'pager', 'aria-label': 'pages' },
    page > 1 ? h('a', { href: hrefFor(q, type, offset - LIMIT), rel: 'prev', class: 'button' }, t('search.prev')) : h('span', { class: 'button disabled' }, t('search.prev')),
    h('span', { class: 'muted' }, t('search.page', page, pages)),
    page < pages ? h('a', { href: hrefFor(q, type, offset + LIMIT), rel: 'next', class: 'button' }, t('search.next')) : h('span', { class: 'button disabled' }, t('search.next')));
}

export async function render(main, r) {
  const q = r.query.get('q') || '';
  const type = r.query.get('type') || '';
  const offset = Math.max(0, parseInt(r.query.get('offset') || '0', 10) || 0);
  setTitle(q || t('search.title'));
  const root = h('div', { class: 'page page-search' });
  main.append(root);
  root.append(h('h1', { class: q ? 'sr' : '' }, t('search.title')), form(q, type));
  if (!q.trim()) {
    root.append(intro());
    document.getElementById('q')?.focus();
    return;
  }
  const body = h('div', { class: 'results-wrap' }, loading());
  root.append(body);
  const p = new URLSearchParams({ q, limit: String(LIMIT), offset: String(offset) });
  if (type) p.set('type', type);
  let res;
  try {
    res = await api(`/api/search?${p}`);
  } catch (e) {
    body.replaceChildren(errorBox(e));
    return;
  }
  const hits = res.hits || [];
  const list = h('ol', { class: 'hits', id: 'hits', start: String(offset + 1) }, hits.map((x, i) => hitCard(x, offset + i + 1)));
  fill(body, 
    h('div', { class: 'results' },
      h('p', { class: 'summary', role: 'status' }, t('search.total', res.total), ' · ', t('search.took', fmt(res.took_ms, 1))),
      activeFilters(q, type),
      hits.length ? list : h('p', { class: 'empty' }, t('search.none')),
      pager(res.total, offset, q, type)),
    facetPanel(res.facets, q, type));
}
