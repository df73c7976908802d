// Case page: facets as chips, co-creation paths as diagrams, evidence linked to the lines.

import { t, tv } from './i18n.js';
import { legend, pathDiagram } from './diagram.js';
import { api, chip, cite, docHref, errorBox, fill, h, loading, setTitle } from './util.js';
import { FACETS } from './config.js';

export const FACET_KEYS = FACETS.map((f) => f.key);
const CHIP_KIND = Object.fromEntries(FACETS.map((f) => [f.key, f.scheme]));

export function facetTable(facets, linkFor) {
  const rows = FACET_KEYS.filter((k) => (facets?.[k] || []).length).map((k) =>
    h('div', { class: 'kv', dataset: { facet: k } }, h('dt', {}, t(`facetkey.${k}`)),
      h('dd', { class: 'chips' }, facets[k].map((v) => chip(v, { kind: CHIP_KIND[k], href: linkFor ? linkFor(k, v) : null })))));
  return h('dl', { class: 'facet-table' }, rows);
}

function evidenceList(items, docId) {
  return h('ul', { class: 'evidence' }, items.map((e) => h('li', {},
    h('q', {}, e.text), ' ',
    e.lines ? h('a', { class: 'cite', href: docHref(docId, e.lines) }, cite(e.lines)) : null)));
}

export async function render(main, r) {
  const root = h('div', { class: 'page page-case' }, loading());
  main.append(root);
  let c;
  try {
    c = await api(`/api/cases/${encodeURIComponent(r.arg)}`);
  } catch (e) {
    fill(root, errorBox(e));
    return;
  }
  setTitle(c.name);
  const doc = c.document || {};
  const place = c.place ? [c.place.name, c.place.level ? ` (${tv('level.', c.place.level)})` : ''] : null;
  const paths = c.paths || [];
  const similar = new URLSearchParams({ scenario: c.name });
  for (const k of ['domain', 'technologies', 'mechanisms', 'actors']) {
    if ((c.facets?.[k] || []).length) similar.set(k, c.facets[k].join(','));
  }
  fill(root, 
    h('header', { class: 'case-head' },
      h('p', { class: 'kicker' }, t('hit.case')),
      h('h1', {}, c.name),
      h('dl', { class: 'meta' },
        place ? h('div', { class: 'kv' }, h('dt', {}, t('case.place')), h('dd', {}, place)) : null,
        h('div', { class: 'kv' }, h('dt', {}, t('case.document')),
          h('dd', {}, h('a', { href: docHref(doc.id), class: 'case-doc' }, doc.title || doc.source || doc.id)))),
      h('p', {}, h('a', { class: 'button', href: `#/recommend?${similar}` }, t('case.similar')))),
    h('section', { class: 'panel' }, h('h2', {}, t('case.facets')),
      facetTable(c.facets, (k, v) => `#/cases?${new URLSearchParams(k === 'domain' ? { domain: v } : { concept: v })}`)),
    h('section', { class: 'panel paths' }, h('h2', {}, t('case.paths'), ' ', h('span', { class: 'count' }, String(paths.length))),
      paths.length ? legend() : h('p', { class: 'muted' }, t('case.noPaths')),
      paths.map((p) => h('figure', { class: 'path', dataset: { path: p.id } },
        h('figcaption', {}, p.label || p.id, ' ', p.kind ? h('span', { class: 'badge' }, tv('case.kind.', p.kind)) : null),
        pathDiagram(p, { docId: doc.id })))),
    (c.evidence || []).length ? h('section', { class: 'panel' }, h('h2', {}, t('case.evidence')), evidenceList(c.evidence, doc.id)) : null,
    (c.outcome_figures || []).length ? h('section', { class: 'panel' }, h('h2', {}, t('case.figures')), evidenceList(c.outcome_figures, doc.id)) : null);
}
