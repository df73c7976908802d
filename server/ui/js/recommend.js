// Recommendation page: a scenario (and optional facets) → ranked cases with per-facet
// contribution bars, shared concepts, evidence, and a suggested path with citations.

import { t, tv } from './i18n.js';
import { legend, pathDiagram } from './diagram.js';
import { caseHref, chip, cite, docHref, errorBox, fill, fmt, h, labelOf, loading, setTitle } from './util.js';

const LIST_FACETS = ['domain', 'actors', 'technologies', 'mechanisms', 'obstacles'];
const FIELDS = [...LIST_FACETS, 'place'];

function splitList(v) {
  return (v || '').split(/[,，、;；]/).map((x) => x.trim()).filter(Boolean);
}

/** The request body for the form values. */
export function body(scenario, values, limit) {
  const facets = {};
  for (const k of LIST_FACETS) {
    const l = splitList(values[k]);
    if (l.length) facets[k] = l;
  }
  if ((values.place || '').trim()) facets.place = values.place.trim();
  const b = { scenario: scenario.trim(), limit };
  if (Object.keys(facets).length) b.facets = facets;
  return b;
}

function contributions(explain) {
  return Object.entries(explain || {}).filter(([, e]) => e && typeof e === 'object').map(([facet, e]) => {
    const score = Number(e.score ?? 0), weight = Number(e.weight ?? 1);
    return {
      facet, score, weight, value: score * weight, contribution: e.contribution,
      note: e.note || '', shared: e.shared || [], near: e.near || [],
    };
  });
}

/** "政府 ≈ 住建部门" for a near match given as {query, case, similarity}, a pair or a label. */
function nearLabel(x) {
  if (x && typeof x === 'object' && !Array.isArray(x) && (x.query || x.case)) {
    return `${labelOf(x.query)} ≈ ${labelOf(x.case)}${typeof x.similarity === 'number' ? ` (${fmt(x.similarity, 2)})` : ''}`;
  }
  return labelOf(x);
}

function bars(explain, scale) {
  const rows = contributions(explain).sort((a, b) => b.value - a.value || a.facet.localeCompare(b.facet));
  if (!rows.length) return null;
  return h('div', { class: 'bars', role: 'table', 'aria-label': t('rec.contrib') },
    rows.map((r) => {
      const fill = h('span', { class: 'bar-fill' });
      fill.style.width = `${scale > 0 ? Math.max(0, Math.min(100, (r.value / scale) * 100)) : 0}%`;
      const tip = `${fmt(r.score)} × ${fmt(r.weight)} = ${fmt(r.value)}${typeof r.contribution === 'number' ? ` (${t('rec.share')} ${fmt(r.contribution * 100, 1)}%)` : ''}`;
      return h('div', { class: 'bar-row', role: 'row', dataset: { facet: r.facet, value: String(r.value) } },
        h('span', { class: 'bar-label', role: 'rowheader' }, tv('facetkey.', r.facet)),
        h('span', { class: 'bar-track', role: 'cell', title: tip }, fill),
        h('span', { class: 'bar-value', role: 'cell', title: tip }, fmt(r.value)),
        h('span', { class: 'bar-detail', role: 'cell' },
          r.shared.map((x) => chip(labelOf(x), { kind: 'shared', title: t('rec.shared') })),
          r.near.map((x) => chip(nearLabel(x), { kind: 'near', title: t('rec.near') })),
          r.note ? h('span', { class: 'bar-note' }, r.note) : null));
    }));
}

/** {document: id | {id}, doc, lines, text} or {evidence: {...}} → [docId, lines, text]. */
function evidenceParts(x, fallbackDoc) {
  const e = x && x.evidence && typeof x.evidence === 'object' && !Array.isArray(x.evidence) ? x.evidence : x || {};
  const d = e.document;
  const docId = (typeof d === 'string' ? d : d?.id) || e.doc || e.document_id || fallbackDoc;
  return [docId, e.lines, e.text];
}

function evidence(items, fallbackDoc) {
  if (!items || !items.length) return null;
  return h('details', { class: 'rec-evidence' }, h('summary', {}, t('rec.evidence'), ` (${items.length})`),
    h('ul', { class: 'evidence' }, items.map((x) => {
      const [docId, lines, text] = evidenceParts(x, fallbackDoc);
      return h('li', {}, h('q', {}, text), ' ',
        lines && docId ? h('a', { class: 'cite', href: docHref(docId, lines) }, cite(lines)) : null);
    })));
}

function caseCard(c, rank, scale) {
  const doc = c.document || {};
  return h('li', { class: 'rec-case', dataset: { id: c.id } },
    h('div', { class: 'hit-head' },
      h('span', { class: 'rank' }, String(rank)),
      h('a', { class: 'hit-title', href: caseHref(c.id) }, c.name),
      h('span', { class: 'score' }, t('rec.score', fmt(c.score)))),
    h('div', { class: 'hit-meta' },
      c.place ? h('span', {}, labelOf(c.place)) : null,
      doc.id ? h('a', { href: docHref(doc.id) }, doc.title || doc.source) : null),
    h('p', { class: 'muted small' }, t('rec.contrib')),
    bars(c.explain, scale),
    c.path && (c.path.stages || []).length ? h('details', { class: 'rec-path' },
      h('summary', {}, t('case.paths')), pathDiagram(c.path, { docId: doc.id })) : null,
    evidence(c.evidence, doc.id));
}

function citeItem(x) {
  if (typeof x === 'string') return h('li', {}, x);
  const [docId, lines, text] = evidenceParts(x);
  const caseId = typeof x.case === 'string' ? x.case : x.case?.id;
  const caseName = x.case_name || x.case?.name || t('hit.case');
  return h('li', {},
    caseId ? h('a', { href: caseHref(caseId) }, caseName) : null,
    caseId && x.path ? h('span', { class: 'muted' }, ` · ${x.path}`) : null,
    caseId && text ? '：' : null,
    text ? h('q', {}, text) : null, ' ',
    lines && docId ? h('a', { class: 'cite', href: docHref(docId, lines) }, cite(lines)) : null);
}

function suggested(path) {
  if (!path || !(path.stages || []).length) return null;
  const obstacles = path.obstacles || [];
  return h('section', { class: 'panel', id: 'suggested' }, h('h2', {}, t('rec.suggested')), legend(),
    pathDiagram(path, {}),
    h('h3', {}, t('rec.cites')),
    h('ol', { class: 'cites' }, path.stages.map((st, i) => h('li', {},
      h('strong', {}, labelOf(st.label) || t('case.stage', i + 1)),
      (st.cites || []).length ? h('ul', { class: 'evidence' }, st.cites.map(citeItem)) : null))),
    obstacles.length ? [h('h3', {}, t('rec.obstacles')),
      h('ul', { class: 'evidence', id: 'suggested-obstacles' }, obstacles.map((o) => {
        const li = citeItem(o);
        li.prepend(chip(labelOf(o.label ?? o), { kind: 'obstacle' }), ' ');
        return li;
      }))] : null);
}

function understood(q) {
  if (!q || typeof q !== 'object') return null;
  const f = { ...Object.fromEntries(Object.entries(q).filter(([k]) => k !== 'facets')), ...(q.facets || {}) };
  const ok = (k, v) => !['scenario', 'text', 'id', 'name'].includes(k) && (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && v !== '');
  const rows = Object.entries(f).filter(([k, v]) => ok(k, v));
  if (!rows.length) return null;
  return h('section', { class: 'panel', id: 'understood' }, h('h2', {}, t('rec.understood')),
    h('dl', { class: 'facet-table' }, rows.map(([k, v]) => h('div', { class: 'kv' }, h('dt', {}, tv('facetkey.', k)),
      h('dd', { class: 'chips' }, (Array.isArray(v) ? v : [v]).map((x) => chip(labelOf(x))))))));
}

export function renderResult(out, j) {
  const cases = j.cases || [];
  const scale = Math.max(0, ...cases.flatMap((c) => contributions(c.explain).map((r) => r.value)));
  fill(out, 
    // The service's message matters when nothing is close; otherwise the list speaks for itself.
    j.nothing_close ? h('div', { class: 'notice', id: 'nothing-close', role: 'status' },
      h('strong', {}, t('rec.nothingClose')), j.message ? [' — ', j.message] : null) : null,
    understood(j.query_case),
    h('section', { class: 'panel' }, h('h2', {}, t('rec.ranked'), ' ', h('span', { class: 'count' }, String(cases.length))),
      cases.length ? h('ol', { class: 'rec-cases', id: 'rec-cases' }, cases.map((c, i) => caseCard(c, i + 1, scale))) : h('p', { class: 'empty' }, t('rec.noCases'))),
    // Nothing close: the nearest cases all the same, marked far.
    (j.far || []).length ? h('section', { class: 'panel', id: 'rec-far' }, h('h2', {}, t('rec.far')),
      h('ol', {}, j.far.map((c) => h('li', {}, h('a', { href: caseHref(c.id) }, c.name), ' ',
        h('span', { class: 'score muted' }, t('rec.score', fmt(c.score))))))) : null,
    suggested(j.suggested_path));
}

export async function render(main, r) {
  setTitle(t('rec.title'));
  const root = h('div', { class: 'page page-recommend' });
  main.append(root);
  const q = r.query;
  const ta = h('textarea', { id: 'scenario', name: 'scenario', rows: '4', placeholder: t('rec.exampleText') });
  ta.value = q.get('scenario') || '';
  const inputs = {};
  for (const k of FIELDS) inputs[k] = h('input', { type: 'text', name: k, id: `rf-${k}`, value: q.get(k) || '', placeholder: t('rec.facetHint') });
  const limit = h('select', { id: 'rec-limit', name: 'limit' }, ['5', '10', '20'].map((n) => h('option', { value: n, selected: n === (q.get('limit') || '5') }, n)));
  const hasFacets = FIELDS.some((k) => q.get(k));
  const out = h('div', { class: 'rec-out', id: 'rec-out' });
  const form = h('form', {
    class: 'rec-form', onsubmit: (e) => {
      e.preventDefault();
      if (!ta.value.trim()) {
        out.replaceChildren(h('p', { class: 'notice' }, t('rec.empty')));
        return;
      }
      const p = new URLSearchParams({ scenario: ta.value.trim() });
      for (const k of FIELDS) if (inputs[k].value.trim()) p.set(k, inputs[k].value.trim());
      if (limit.value !== '5') p.set('limit', limit.value);
      const target = `#/recommend?${p}`;
      if (location.hash === target) run(); else location.hash = target;
    },
  },
  h('label', { for: 'scenario', class: 'block' }, t('rec.scenario')),
  ta,
  h('div', { class: 'row' },
    h('button', { type: 'button', class: 'button', id: 'rec-example', onclick: () => { ta.value = t('rec.exampleText'); ta.focus(); } }, t('rec.example')),
    h('label', { class: 'inline' }, t('rec.limit'), ' ', limit),
    h('button', { type: 'submit', class: 'primary', id: 'rec-submit' }, t('rec.submit'))),
  h('details', { class: 'rec-facets', open: hasFacets }, h('summary', {}, t('rec.more')),
    h('div', { class: 'grid-fields' }, FIELDS.map((k) => h('label', {}, h('span', {}, tv('facetkey.', k)), inputs[k])))));
  root.append(h('h1', {}, t('rec.title')), h('p', { class: 'muted' }, t('rec.intro')), form, out);

  async function run() {
    const values = Object.fromEntries(FIELDS.map((k) => [k, inputs[k].value]));
    out.replaceChildren(loading());
    let res;
    try {
      res = await fetch('/api/recommend', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body(ta.value, values, Number(limit.value))),
      });
    } catch (e) {
      out.replaceChildren(errorBox(new Error(t('error.network'))));
      return;
    }
    if (res.status === 404 || res.status === 405) {
      out.replaceChildren(h('div', { class: 'notice', id: 'rec-not-ready', role: 'status' }, t('rec.notReady')));
      return;
    }
    let j = null;
    try { j = await res.json(); } catch (_) { /* not JSON */ }
    if (!res.ok) {
      out.replaceChildren(errorBox(new Error(j?.error || t('error.http', res.status))));
      return;
    }
    renderResult(out, j || {});
  }

  if (ta.value.trim()) await run();
}
