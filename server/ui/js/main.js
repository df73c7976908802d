// Router: pages live in the URL fragment (#/search?q=…, #/doc/{id}#L120-L126, …).

import { applyStatic, lang, setLang, t } from './i18n.js';
import { h, setTitle } from './util.js';
import * as search from './search.js';
import * as doc from './doc.js';
import * as kase from './case.js';
import * as cases from './cases.js';
import * as recommend from './recommend.js';
import * as explore from './explore.js';
import * as sparql from './sparql.js';
import * as upload from './upload.js';
import { initTokenForm } from './token.js';

const pages = { '': search, search, doc, case: kase, cases, recommend, explore, sparql, upload };

/** `#/doc/ID?x=1#L3-L5` → {name: 'doc', arg: 'ID', query: URLSearchParams, frag: 'L3-L5'} */
export function parseHash(hash) {
  let rest = hash.replace(/^#/, '');
  let frag = '';
  const i = rest.indexOf('#');
  if (i >= 0) {
    frag = rest.slice(i + 1);
    rest = rest.slice(0, i);
  }
  let qs = '';
  const j = rest.indexOf('?');
  if (j >= 0) {
    qs = rest.slice(j + 1);
    rest = rest.slice(0, j);
  }
  const parts = rest.replace(/^\/+/, '').split('/');
  const name = parts[0] || '';
  const arg = parts.slice(1).map(decodeURIComponent).join('/');
  return { name, arg, query: new URLSearchParams(qs), frag, key: `${name}/${arg}?${qs}` };
}

let current = null; // {key, page, state}

async function route() {
  const r = parseHash(location.hash);
  const main = document.getElementById('main');
  for (const a of document.querySelectorAll('#nav a')) {
    const on = a.dataset.route === (r.name || 'search') || (a.dataset.route === 'cases' && r.name === 'case');
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  // Same page, only the inner fragment changed (e.g. #L12-L14): let the page handle it.
  if (current && current.key === r.key && current.page.onFragment) {
    current.page.onFragment(current.state, r.frag);
    return;
  }
  const page = pages[r.name];
  main.replaceChildren();
  window.scrollTo(0, 0);
  if (!page) {
    setTitle(t('notfound.title'));
    main.append(h('h1', {}, t('notfound.title')), h('p', {}, t('notfound.body'), ' ', h('a', { href: '#/search' }, t('back.search'))));
    current = null;
    return;
  }
  const token = {};
  current = { key: r.key, page, state: null, token };
  const state = await page.render(main, r, () => current && current.token === token);
  if (current && current.token === token) current.state = state;
}

function rerender() {
  current = null;
  route();
}

let started = false;
function start() {
  if (started) return;
  started = true;
  applyStatic();
  document.getElementById('lang-toggle').addEventListener('click', () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    rerender();
  });
  initTokenForm(rerender);
  addEventListener('hashchange', route);
  route();
}

// Module scripts run deferred, so the DOM is there; the listener covers any other case.
if (document.getElementById('main')) start();
else addEventListener('DOMContentLoaded', start);
