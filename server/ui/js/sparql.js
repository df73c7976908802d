// SPARQL page: a highlighted editor over a textarea, the examples of docs/ontology.md,
// results as a table, downloads in the endpoint's own formats (via the Accept header).

import { t } from './i18n.js';
import { api, caseHref, docHref, errorBox, fill, fmt, h, setTitle } from './util.js';

const STORE = 'gongchuang.sparql';
const MAX_ROWS_SHOWN = 1000;

const KEYWORDS = new Set(`base prefix select construct describe ask where from named distinct reduced order by asc desc
limit offset group having optional filter union minus graph service bind values as not exists in count sum min max avg
sample group_concat separator lang langmatches datatype bound iri uri bnode str strlen substr ucase lcase contains
strstarts strends strbefore strafter regex replace if coalesce year month day now isiri isuri isliteral isblank
isnumeric encode_for_uri concat abs ceil floor round rand md5 sha1 sha256 tz timezone undef load clear drop create
insert delete data with using default all silent into to move copy add a true false`.split(/\s+/));

const TOKEN = new RegExp([
  '(?<comment>#[^\\n]*)',
  '(?<iri><[^<>"{}|^`\\\\\\s]*>)',
  '(?<string>"(?:[^"\\\\\\n]|\\\\.)*"|\'(?:[^\'\\\\\\n]|\\\\.)*\')',
  '(?<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)',
  '(?<variable>[?$][\\p{L}\\p{N}_]+)',
  '(?<pname>(?:[\\p{L}][\\p{L}\\p{N}_.-]*)?:(?:[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.-]*[\\p{L}\\p{N}_-])?)?)',
  '(?<word>[\\p{L}_][\\p{L}\\p{N}_]*)',
  '(?<number>\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)',
  '(?<punct>[{}()\\[\\].;,*=<>!|&^+/-])',
].join('|'), 'gu');

/** Tokens of a query as [class, text] (class '' for plain text). */
export function highlightTokens(src) {
  const out = [];
  let pos = 0;
  TOKEN.lastIndex = 0;
  for (let m; (m = TOKEN.exec(src));) {
    if (m[0] === '') { TOKEN.lastIndex++; continue; }
    if (m.index > pos) out.push(['', src.slice(pos, m.index)]);
    const g = Object.entries(m.groups).find(([, v]) => v !== undefined)[0];
    let cls = g;
    if (g === 'word') cls = KEYWORDS.has(m[0].toLowerCase()) ? 'keyword' : '';
    out.push([cls, m[0]]);
    pos = m.index + m[0].length;
  }
  if (pos < src.length) out.push(['', src.slice(pos)]);
  return out;
}

function paint(code, src) {
  code.replaceChildren(...highlightTokens(src).map(([cls, text]) => cls ? h('span', { class: `tok-${cls}` }, text) : document.createTextNode(text)));
  // a trailing newline needs a character after it to be laid out
  code.append(document.createTextNode('\n'));
}

function isGraphQuery(q) {
  const body = q.replace(/#[^\n]*/g, '').replace(/<[^>]*>/g, '');
  return /\b(CONSTRUCT|DESCRIBE)\b/i.test(body);
}

function shorten(iri, prefixes) {
  for (const p of prefixes) if (iri.startsWith(p.iri) && iri.length > p.iri.length) return `${p.prefix}:${iri.slice(p.iri.length)}`;
  return `<${iri}>`;
}

/** Our own data IRIs open the matching page; other IRIs are shown, not followed. */
function internalHref(iri) {
  const m = /^https:\/\/w3id\.org\/gongchuang\/id\/(case|doc|passage)\/(.+)$/.exec(iri);
  if (!m) return null;
  const id = decodeURIComponent(m[2]);
  if (m[1] === 'case') return caseHref(id);
  if (m[1] === 'doc') return docHref(id);
  const d = /^(.*)-[pr]\d+$/.exec(id);
  return d ? docHref(d[1]) : null;
}

function cell(b, prefixes) {
  if (!b) return h('td', { class: 'unbound' });
  if (b.type === 'uri') {
    const short = shorten(b.value, prefixes);
    const href = internalHref(b.value);
    return h('td', { class: 'iri', title: b.value }, href ? h('a', { href }, short) : short);
  }
  if (b.type === 'bnode') return h('td', { class: 'bnode' }, `_:${b.value}`);
  const tag = b['xml:lang'] ? h('span', { class: 'lit-tag' }, `@${b['xml:lang']}`)
    : b.datatype && !/#(string|integer|decimal|double)$/.test(b.datatype) ? h('span', { class: 'lit-tag' }, `^^${shorten(b.datatype, prefixes)}`) : null;
  return h('td', { class: 'lit' }, b.value, tag ? ' ' : null, tag);
}

function table(j, prefixes) {
  const vars = j.head?.vars || [];
  const rows = j.results?.bindings || [];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'results-table', id: 'results-table' },
    h('thead', {}, h('tr', {}, vars.map((v) => h('th', { scope: 'col' }, `?${v}`)))),
    h('tbody', {}, rows.slice(0, MAX_ROWS_SHOWN).map((r) => h('tr', {}, vars.map((v) => cell(r[v], prefixes)))))));
}

async function post(query, accept) {
  return fetch('/sparql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: accept },
    body: query,
  });
}

async function errorOf(res) {
  try {
    const j = await res.json();
    if (j.error) return j.error;
  } catch (_) { /* not JSON */ }
  return t('error.http', res.status);
}

export async function render(main, r) {
  setTitle(t('sparql.title'));
  const root = h('div', { class: 'page page-sparql' });
  main.append(root);
  let cfg = { prefixes: [], examples: [] };
  try { cfg = await api('/ui/config.json'); } catch (_) { /* the editor works without */ }

  const ta = h('textarea', {
    id: 'sparql-editor', class: 'ed-src', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off',
    wrap: 'off', 'aria-label': t('sparql.editor'),
  });
  const code = h('code', {});
  const pre = h('pre', { class: 'ed-hl', 'aria-hidden': 'true' }, code);
  const status = h('span', { class: 'muted', id: 'sparql-status', role: 'status' });
  const out = h('div', { class: 'sparql-out', id: 'sparql-out' });

  const sync = () => {
    paint(code, ta.value);
    pre.scrollTop = ta.scrollTop;
    pre.scrollLeft = ta.scrollLeft;
  };
  ta.addEventListener('input', () => {
    sync();
    try { localStorage.setItem(STORE, ta.value); } catch (_) { /* storage off */ }
  });
  ta.addEventListener('scroll', () => { pre.scrollTop = ta.scrollTop; pre.scrollLeft = ta.scrollLeft; });
  ta.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    } else if (e.key === 'Tab' && !e.shiftKey) {
      e.preventDefault();
      ta.setRangeText('  ', ta.selectionStart, ta.selectionEnd, 'end');
      ta.dispatchEvent(new Event('input'));
    }
  });

  const setQuery = (q) => {
    ta.value = q;
    ta.dispatchEvent(new Event('input'));
  };

  const download = async (accept, ext) => {
    const res = await post(ta.value, accept);
    if (!res.ok) {
      out.prepend(errorBox(new Error(await errorOf(res))));
      return;
    }
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `results.${ext}`, class: 'sr' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };

  const dlButtons = h('span', { class: 'downloads' });
  const setDownloads = (graph) => {
    const formats = graph
      ? [['Turtle', 'text/turtle', 'ttl'], ['N-Triples', 'application/n-triples', 'nt'], ['JSON-LD', 'application/ld+json', 'jsonld']]
      : [['CSV', 'text/csv', 'csv'], ['JSON', 'application/sparql-results+json', 'json'], ['TSV', 'text/tab-separated-values', 'tsv']];
    fill(dlButtons, h('span', { class: 'muted' }, t('sparql.download'), ' '),
      formats.map(([label, accept, ext]) => h('button', {
        type: 'button', class: 'button small', dataset: { format: ext }, onclick: () => download(accept, ext),
      }, label)));
  };

  async function run() {
    const q = ta.value;
    if (!q.trim()) return;
    const graph = isGraphQuery(q);
    setDownloads(graph);
    status.textContent = t('loading');
    out.replaceChildren();
    const started = performance.now();
    let res;
    try {
      res = await post(q, 'application/sparql-results+json, text/turtle');
    } catch (e) {
      status.textContent = '';
      out.replaceChildren(errorBox(new Error(t('error.network'))));
      return;
    }
    const ms = fmt(performance.now() - started, 0);
    if (!res.ok) {
      status.textContent = '';
      out.replaceChildren(errorBox(new Error(await errorOf(res))));
      return;
    }
    const truncated = res.headers.get('X-Truncated') === 'true';
    const ct = res.headers.get('Content-Type') || '';
    const parts = [];
    if (truncated) parts.push(h('p', { class: 'notice' }, t('sparql.truncated')));
    if (ct.includes('json')) {
      const j = await res.json();
      if (typeof j.boolean === 'boolean') {
        status.textContent = t('sparql.took', ms);
        parts.push(h('p', { class: 'boolean', id: 'sparql-boolean' }, t('sparql.boolean', String(j.boolean))));
      } else {
        const n = j.results?.bindings?.length || 0;
        status.textContent = `${t('sparql.rows', n)} · ${t('sparql.took', ms)}`;
        parts.push(n ? table(j, cfg.prefixes || []) : h('p', { class: 'empty' }, t('sparql.noRows')));
      }
    } else {
      const text = await res.text();
      status.textContent = t('sparql.took', ms);
      parts.push(h('h3', {}, t('sparql.graph')), h('pre', { class: 'turtle' }, text));
    }
    out.replaceChildren(...parts);
  }

  const examples = (cfg.examples || []).map((ex) => h('li', {}, h('button', {
    type: 'button', class: 'linklike example', dataset: { name: ex.name }, title: ex.name,
    'aria-current': ex.name === r.query.get('example') ? 'true' : null,
    onclick: (e) => {
      for (const b of document.querySelectorAll('.examples-list .example')) b.removeAttribute('aria-current');
      e.currentTarget.setAttribute('aria-current', 'true');
      setQuery(ex.query);
      history.replaceState(null, '', `#/sparql?example=${encodeURIComponent(ex.name)}`);
      run();
    },
  }, ex.title || ex.name)));
  const prefixes = (cfg.prefixes || []).map((p) => h('button', {
    type: 'button', class: 'chip chip-prefix', title: p.iri,
    onclick: () => {
      const line = `PREFIX ${p.prefix}: <${p.iri}>\n`;
      if (!ta.value.includes(line)) setQuery(line + ta.value);
      ta.focus();
    },
  }, `${p.prefix}:`));

  root.append(
    h('h1', {}, t('sparql.title')),
    h('div', { class: 'sparql-grid' },
      h('aside', { class: 'sparql-side' },
        h('h2', {}, t('sparql.examples')), h('ul', { class: 'plain examples-list' }, examples),
        h('h2', {}, t('sparql.prefixes')), h('div', { class: 'chips' }, prefixes)),
      h('div', { class: 'sparql-main' },
        h('div', { class: 'editor' }, pre, ta),
        h('div', { class: 'toolbar' },
          h('button', { type: 'button', class: 'primary', id: 'sparql-run', onclick: run }, t('sparql.run')),
          h('span', { class: 'muted small' }, t('sparql.runHint')),
          status, dlButtons),
        out)));

  const wanted = r.query.get('example');
  const ex = (cfg.examples || []).find((e) => e.name === wanted);
  let saved = null;
  try { saved = localStorage.getItem(STORE); } catch (_) { /* storage off */ }
  setQuery(r.query.get('query') || ex?.query || saved || cfg.examples?.[0]?.query || 'SELECT * WHERE { ?s ?p ?o } LIMIT 10\n');
  setDownloads(isGraphQuery(ta.value));
  if (ex || r.query.get('query')) await run();
}
