// Small DOM and fetch helpers. Data is always inserted as text (never as HTML).

import { t } from './i18n.js';

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'style') Object.assign(el.style, v); // CSSOM: allowed by the CSP, attributes are not
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
}

/** Replace an element's children (null/false skipped, arrays flattened). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** An HTML element: h('a', {href, class}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVGNS = 'http://www.w3.org/2000/svg';

/** An SVG element. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVGNS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** fetch + JSON with the service's `{error}` messages turned into HttpError. */
export async function api(url, opts = {}) {
  let res;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' }, ...opts });
  } catch (e) {
    throw new HttpError(0, t('error.network'));
  }
  if (!res.ok) {
    let msg = t('error.http', res.status);
    try {
      const j = await res.json();
      if (j && j.error) msg = j.error;
    } catch (_) { /* not JSON */ }
    throw new HttpError(res.status, msg);
  }
  return res.json();
}

export function errorBox(e) {
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, t('error')), ' ', e && e.message ? e.message : String(e));
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('loading'));
}

/** Text with [start,end) spans (Unicode code-point offsets, as the API counts) in <mark>. */
export function marked(text, spans, from = 0, to = Infinity) {
  const cps = Array.from(text);
  to = Math.min(to, cps.length);
  const out = [];
  let pos = from;
  for (const [a0, b0] of [...(spans || [])].sort((x, y) => x[0] - y[0])) {
    const a = Math.max(a0, pos), b = Math.min(b0, to);
    if (b <= a) continue;
    if (a > pos) out.push(cps.slice(pos, a).join(''));
    out.push(h('mark', {}, cps.slice(a, b).join('')));
    pos = b;
  }
  if (pos < to) out.push(cps.slice(pos, to).join(''));
  return out;
}

/** A window of at most `max` code points around the first span, with ellipses. */
export function snippet(text, spans, max = 220) {
  const n = Array.from(text).length;
  if (n <= max) return marked(text, spans);
  const first = spans && spans.length ? spans[0][0] : 0;
  let from = Math.max(0, first - Math.floor(max / 4));
  const to = Math.min(n, from + max);
  from = Math.max(0, to - max);
  return [from > 0 ? '…' : '', ...marked(text, spans, from, to), to < n ? '…' : ''];
}

export function cite(lines) {
  if (!lines) return '';
  return `L${lines[0]}–${lines[1]}`;
}

export function docHref(id, lines) {
  const base = `#/doc/${encodeURIComponent(id)}`;
  if (!lines) return base;
  return `${base}#L${lines[0]}-L${lines[1]}`;
}

export function caseHref(id) {
  return `#/case/${encodeURIComponent(id)}`;
}

export function searchHref(q, type) {
  const p = new URLSearchParams({ q });
  if (type) p.set('type', type);
  return `#/search?${p}`;
}

export function chip(label, opts = {}) {
  const cls = ['chip', opts.kind ? `chip-${opts.kind}` : null, opts.class];
  if (opts.href) return h('a', { class: cls, href: opts.href, title: opts.title }, label);
  return h('span', { class: cls, title: opts.title }, label);
}

export function section(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

/** A label for a value that may be a string or an object with a label/name. */
export function labelOf(x) {
  if (x === null || x === undefined) return '';
  if (typeof x === 'string' || typeof x === 'number') return String(x);
  if (Array.isArray(x)) return x.map(labelOf).join(' ≈ ');
  return x.label ?? x.name ?? x.concept ?? x.text ?? JSON.stringify(x);
}

export function fmt(n, digits = 3) {
  if (typeof n !== 'number' || !isFinite(n)) return String(n ?? '');
  return Number(n.toFixed(digits)).toString();
}

export function debounce(fn, ms) {
  let id;
  return (...a) => { clearTimeout(id); id = setTimeout(() => fn(...a), ms); };
}

/** Rough rendered width of a string in em: CJK and full-width ≈ 1, others ≈ 0.56. */
export function emWidth(str) {
  let w = 0;
  for (const ch of str) {
    const c = ch.codePointAt(0);
    w += (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f) ? 1 : 0.56;
  }
  return w;
}

/** Wrap a string into lines of at most `maxEm` em, at most `maxLines` (ellipsis when cut). */
export function wrap(str, maxEm, maxLines = 3) {
  const lines = [];
  let cur = '', w = 0;
  for (const ch of str) {
    const cw = emWidth(ch);
    if (w + cw > maxEm && cur) {
      lines.push(cur);
      cur = ''; w = 0;
    }
    cur += ch; w += cw;
  }
  if (cur) lines.push(cur);
  if (lines.length > maxLines) {
    const keep = lines.slice(0, maxLines);
    keep[maxLines - 1] = Array.from(keep[maxLines - 1]).slice(0, -1).join('') + '…';
    return keep;
  }
  return lines;
}

export function setTitle(...parts) {
  document.title = [...parts.filter(Boolean), t('brand.sub') === '城市更新知识图谱' ? '共创' : 'gongchuang'].join(' · ');
}
