// Case list with the API's filters (concept, place, domain) and a name filter.

import { t, tv } from './i18n.js';
import { api, caseHref, chip, docHref, errorBox, h, loading, setTitle } from './util.js';

const FIELDS = ['concept', 'place', 'domain'];

export async function render(main, r) {
  setTitle(t('cases.title'));
  const root = h('div', { class: 'page page-cases' });
  main.append(root);
  const inputs = {};
  for (const f of FIELDS) inputs[f] = h('input', { type: 'text', name: f, id: `f-${f}`, value: r.query.get(f) || '' });
  const text = h('input', { type: 'search', id: 'f-text', placeholder: t('cases.filter.text'), 'aria-label': t('cases.filter.text') });
  const form = h('form', {
    class: 'filters', onsubmit: (e) => {
      e.preventDefault();
      const p = new URLSearchParams();
      for (const f of FIELDS) if (inputs[f].value.trim()) p.set(f, inputs[f].value.trim());
      location.hash = `#/cases${[...p].length ? `?${p}` : ''}`;
    },
  }, FIELDS.map((f) => h('label', {}, h('span', {}, t(`cases.filter.${f}`)), inputs[f])),
  h('div', { class: 'filter-actions' },
    h('button', { type: 'submit', class: 'primary' }, t('cases.apply')),
    h('a', { class: 'button', href: '#/cases' }, t('cases.clear'))));
  const list = h('div', {}, loading());
  root.append(h('h1', {}, t('cases.title')), form, text, list);
  const p = new URLSearchParams();
  for (const f of FIELDS) if (r.query.get(f)) p.set(f, r.query.get(f));
  let cases;
  try {
    cases = await api(`/api/cases${[...p].length ? `?${p}` : ''}`);
  } catch (e) {
    list.replaceChildren(errorBox(e));
    return;
  }
  const count = h('p', { class: 'summary', role: 'status' });
  const ul = h('ul', { class: 'case-list', id: 'case-list' });
  const show = () => {
    const needle = text.value.trim();
    const shown = cases.filter((c) => !needle || c.name.includes(needle) || (c.place?.name || '').includes(needle) || (c.document?.title || '').includes(needle));
    count.textContent = t('cases.count', shown.length);
    ul.replaceChildren(...shown.map((c) => h('li', { class: 'case-item' },
      h('a', { class: 'case-name', href: caseHref(c.id) }, c.name),
      h('div', { class: 'hit-meta' },
        c.place ? h('span', {}, c.place.name, c.place.level ? ` · ${tv('level.', c.place.level)}` : '') : null,
        h('a', { href: docHref(c.document.id) }, c.document.title)),
      h('div', { class: 'chips' },
        (c.facets?.domain || []).map((v) => chip(v, { kind: 'domain', href: `#/cases?${new URLSearchParams({ domain: v })}` })),
        (c.facets?.technologies || []).slice(0, 4).map((v) => chip(v, { kind: 'technology', href: `#/cases?${new URLSearchParams({ concept: v })}` }))))));
  };
  text.addEventListener('input', show);
  show();
  list.replaceChildren(count, cases.length ? ul : h('p', { class: 'empty' }, t('cases.none')));
}
