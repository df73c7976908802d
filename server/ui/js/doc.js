// Document page: metadata, abstract, sections with passages, extractions, and the source
// view with deep links (#/doc/{id}#L120-L126 scrolls to and highlights those lines).

import { t, tv } from './i18n.js';
import { api, caseHref, chip, cite, docHref, errorBox, fill, h, loading, searchHref, setTitle } from './util.js';
import { authHeaders, token } from './token.js';
import { follow } from './upload.js';

/** With a write token: a button that deletes the document (after a confirmation). */
function deleteButton(id) {
  if (!token()) return null;
  const box = h('div', { id: 'delete-status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'danger small', id: 'doc-delete' }, t('doc.delete'));
  button.addEventListener('click', async () => {
    if (!confirm(t('doc.deleteConfirm'))) return;
    button.disabled = true;
    try {
      const acc = await api(`/api/documents/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { Accept: 'application/json', ...authHeaders() } });
      const st = await follow(acc.status, box);
      if (st.stage === 'done' && st.deleted) box.append(h('p', {}, h('a', { href: '#/search' }, t('back.search'))));
    } catch (e) {
      fill(box, errorBox(e));
      button.disabled = false;
    }
  });
  return h('div', { class: 'doc-actions' }, button, box);
}

export function parseLines(frag) {
  const m = /^L(\d+)(?:-L?(\d+))?$/.exec(frag || '');
  if (!m) return null;
  const a = Number(m[1]), b = Number(m[2] || m[1]);
  return [Math.min(a, b), Math.max(a, b)];
}

function meta(d) {
  const row = (k, v) => (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) ? null
    : h('div', { class: 'kv' }, h('dt', {}, t(k)), h('dd', {}, v));
  return h('dl', { class: 'meta' },
    row('doc.authors', (d.authors || []).join('、')),
    row('doc.affiliations', (d.affiliations || []).join('；')),
    row('doc.venue', d.venue),
    row('doc.date', d.date),
    row('doc.genre', d.genre ? tv('genre.', d.genre) : null),
    row('doc.doi', d.doi),
    row('doc.keywords', (d.keywords || []).length ? h('span', { class: 'chips' }, d.keywords.map((k) => chip(k, { href: searchHref(`"${k}"`) }))) : null),
    row('doc.sourceFile', h('span', {}, d.source, ' ', h('span', { class: 'muted' }, `(${cite(d.lines)})`))));
}

function textView(d, id) {
  const bySection = new Map();
  for (const p of d.passages || []) {
    if (!bySection.has(p.section)) bySection.set(p.section, []);
    bySection.get(p.section).push(p);
  }
  const toc = [];
  const body = [];
  (d.sections || []).forEach((sec, i) => {
    const ps = bySection.get(i) || [];
    if (!ps.length && !sec.heading) return;
    const heading = sec.heading || t('doc.front');
    const level = Math.min(Math.max(sec.level || 1, 1), 3);
    const hEl = h(`h${level + 2}`, { class: 'sec-h', id: `sec-${i}` }, heading,
      ' ', h('a', { class: 'cite', href: docHref(id, sec.lines) }, cite(sec.lines)));
    if (sec.heading && level <= 2) {
      toc.push(h('li', { class: `toc-${level}` }, h('button', {
        type: 'button', class: 'linklike', onclick: () => hEl.scrollIntoView({ block: 'start', behavior: 'smooth' }),
      }, heading)));
    }
    body.push(h('section', { class: 'sec' }, hEl,
      ps.map((p) => h('div', { class: 'passage', id: `p-${p.id}`, dataset: { lines: `${p.lines[0]}-${p.lines[1]}` } },
        h('p', {}, p.text),
        h('a', { class: 'cite', href: docHref(id, p.lines), title: t('doc.showSource') }, cite(p.lines))))));
  });
  return h('div', { class: 'doc-text' },
    toc.length ? h('details', { class: 'toc', open: toc.length <= 14 }, h('summary', {}, t('doc.toc')), h('ul', {}, toc)) : null,
    body);
}

function aside(x, id) {
  x = x || {};
  const parts = [];
  const block = (title, n, ...content) => h('section', { class: 'side-block' }, h('h3', {}, title, ' ', h('span', { class: 'count' }, String(n))), ...content);
  const cases = x.cases || [];
  parts.push(block(t('doc.cases'), cases.length, cases.length
    ? h('ul', { class: 'plain' }, cases.map((c) => h('li', {}, h('a', { href: caseHref(c.id) }, c.name),
      c.place ? h('span', { class: 'muted' }, ' · ', c.place.name) : null)))
    : h('p', { class: 'muted' }, t('doc.none'))));
  const pol = x.policies || [];
  if (pol.length) {
    parts.push(block(t('doc.policies'), pol.length, h('ul', { class: 'plain' }, pol.map((p) => {
      const ev = (p.evidence || []).find((e) => e.lines);
      return h('li', {}, p.name, p.number ? h('span', { class: 'muted' }, ' ', p.number) : null,
        p.year ? h('span', { class: 'muted' }, ' (', p.year, ')') : null,
        ev ? [' ', h('a', { class: 'cite', href: docHref(id, ev.lines) }, cite(ev.lines))] : null);
    }))));
  }
  const places = x.places || [];
  if (places.length) {
    parts.push(block(t('doc.places'), places.length, h('div', { class: 'chips' },
      places.map((p) => chip(p.name, { href: searchHref(`place:${p.name}`), title: tv('level.', p.level), kind: 'place' })))));
  }
  const obs = x.obstacles || [];
  if (obs.length) {
    parts.push(block(t('doc.obstacles'), obs.length, h('div', { class: 'chips' },
      obs.map((c) => chip(c.label, { href: searchHref(`concept:${c.label}`), kind: 'obstacle' })))));
  }
  const concepts = x.concepts || [];
  if (concepts.length) {
    const mk = (c) => chip(c.label, { href: searchHref(`concept:${c.label}`), title: tv('scheme.', c.scheme), kind: c.scheme });
    const top = concepts.slice(0, 30), rest = concepts.slice(30);
    parts.push(block(t('doc.concepts'), concepts.length, h('div', { class: 'chips' }, top.map(mk)),
      rest.length ? h('details', {}, h('summary', {}, t('doc.moreConcepts', rest.length)), h('div', { class: 'chips' }, rest.map(mk))) : null));
  }
  const cm = x.countermeasures || [];
  if (cm.length) {
    const li = (e) => h('li', {}, e.text, ' ', h('a', { class: 'cite', href: docHref(id, e.lines) }, cite(e.lines)));
    parts.push(block(t('doc.countermeasures'), cm.length, h('ul', { class: 'evidence' }, cm.slice(0, 6).map(li)),
      cm.length > 6 ? h('details', {}, h('summary', {}, t('doc.moreConcepts', cm.length - 6)), h('ul', { class: 'evidence' }, cm.slice(6).map(li))) : null));
  }
  return h('aside', { class: 'doc-side' }, parts);
}

export async function render(main, r) {
  const id = r.arg;
  const root = h('div', { class: 'page page-doc' }, loading());
  main.append(root);
  let j;
  try {
    j = await api(`/api/documents/${encodeURIComponent(id)}`);
  } catch (e) {
    fill(root, errorBox(e));
    return null;
  }
  const d = j.document;
  setTitle(d.title);
  const state = { id, d, source: null, rows: new Map(), anchor: null };
  const tabText = h('button', { type: 'button', role: 'tab', id: 'tab-text', 'aria-controls': 'panel-text' }, t('doc.tab.text'));
  const tabSource = h('button', { type: 'button', role: 'tab', id: 'tab-source', 'aria-controls': 'panel-source' }, t('doc.tab.source'));
  const panelText = h('div', { role: 'tabpanel', id: 'panel-text', 'aria-labelledby': 'tab-text' }, textView(d, id));
  const panelSource = h('div', { role: 'tabpanel', id: 'panel-source', 'aria-labelledby': 'tab-source', hidden: true });
  state.show = (which) => {
    const src = which === 'source';
    tabText.setAttribute('aria-selected', String(!src));
    tabSource.setAttribute('aria-selected', String(src));
    panelText.hidden = src;
    panelSource.hidden = !src;
    if (src) return ensureSource(state, panelSource);
    return Promise.resolve();
  };
  tabText.addEventListener('click', () => state.show('text'));
  tabSource.addEventListener('click', () => state.show('source'));
  fill(root, 
    h('header', { class: 'doc-head' },
      h('p', { class: 'kicker' }, tv('genre.', d.genre || ''), d.date ? ` · ${d.date}` : ''),
      h('h1', {}, d.title),
      d.title_en ? h('p', { class: 'title-en' }, d.title_en) : null,
      meta(d),
      deleteButton(id),
      d.abstract ? h('div', { class: 'abstract' }, h('h2', {}, t('doc.abstract')), h('p', {}, d.abstract)) : null),
    h('div', { class: 'doc-grid' },
      h('div', { class: 'doc-main' },
        h('div', { class: 'tabs', role: 'tablist' }, tabText, tabSource),
        panelText, panelSource),
      aside(j.extraction, id)));
  if (parseLines(r.frag)) await onFragment(state, r.frag);
  else state.show('text');
  return state;
}

async function ensureSource(state, panel) {
  if (state.source) return state.source;
  state.source = (async () => {
    panel.replaceChildren(loading());
    let j;
    try {
      j = await api(`/api/documents/${encodeURIComponent(state.id)}/source`);
    } catch (e) {
      panel.replaceChildren(errorBox(e));
      return;
    }
    const rows = j.lines.map((l) => {
      const num = h('a', {
        class: 'ln', href: docHref(state.id, [l.n, l.n]), dataset: { n: String(l.n) }, 'aria-label': `L${l.n}`,
        onclick: (e) => {
          e.preventDefault();
          let a = l.n, b = l.n;
          if (e.shiftKey && state.anchor) {
            a = Math.min(state.anchor, l.n);
            b = Math.max(state.anchor, l.n);
          } else {
            state.anchor = l.n;
          }
          location.hash = `#/doc/${encodeURIComponent(state.id)}#L${a}${b !== a ? `-L${b}` : ''}`;
        },
      }, String(l.n));
      const row = h('div', { class: 'line', id: `L${l.n}` }, num, h('span', { class: 'lt' }, l.text || '\u00a0'));
      state.rows.set(l.n, row);
      return row;
    });
    state.citeBar = h('div', { class: 'cite-bar', hidden: true });
    fill(panel, 
      h('p', { class: 'muted small' }, t('doc.sourceHint')),
      state.citeBar,
      h('div', { class: 'source', id: 'source' }, rows));
  })();
  return state.source;
}

export async function onFragment(state, frag) {
  if (!state) return;
  const range = parseLines(frag);
  if (!range) return;
  await state.show('source');
  for (const el of document.querySelectorAll('.line.hl')) el.classList.remove('hl', 'hl-first', 'hl-last');
  let first = null;
  for (let n = range[0]; n <= range[1]; n++) {
    const row = state.rows.get(n);
    if (!row) continue;
    row.classList.add('hl');
    if (!first) { first = row; row.classList.add('hl-first'); }
    if (n === range[1]) row.classList.add('hl-last');
  }
  if (state.citeBar) {
    state.citeBar.hidden = false;
    fill(state.citeBar, 
      h('span', {}, t('doc.cited', range[0], range[1])),
      h('a', { href: `#/doc/${encodeURIComponent(state.id)}`, class: 'button small', onclick: (e) => {
        e.preventDefault();
        for (const el of document.querySelectorAll('.line.hl')) el.classList.remove('hl', 'hl-first', 'hl-last');
        state.citeBar.hidden = true;
      } }, t('doc.clearMark')));
  }
  if (first) {
    // After layout: the panel was possibly hidden a moment ago.
    requestAnimationFrame(() => first.scrollIntoView({ block: 'center' }));
  }
}
