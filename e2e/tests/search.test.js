import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, getJSON, launch, shot, withPage } from './helpers.js';

const Q = '老旧小区 居民参与';
const WAIT = { timeout: 90_000 };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('search shows highlighted hits; clicking one opens the document at the cited lines', async () => {
  const api = await getJSON(`/api/search?${new URLSearchParams({ q: Q, limit: '10', offset: '0' })}`);
  assert.ok(api.hits.length > 0, 'the API finds something');
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/search?${new URLSearchParams({ q: Q })}`);
    await page.locator('#hits .hit').first().waitFor(WAIT);
    assert.equal(await page.locator('#hits .hit').count(), api.hits.length);

    // Highlights are code-point offsets into hit.text: the first <mark> shows exactly that span.
    // A passage's hit opens its document (a case's opens the case page).
    const i = api.hits.findIndex((x) => x.type !== 'case' && x.highlights.length);
    assert.ok(i >= 0, 'some passage hit has highlights');
    const h0 = api.hits[i];
    const expected = Array.from(h0.text).slice(h0.highlights[0][0], h0.highlights[0][1]).join('');
    const card = page.locator('#hits .hit').nth(i);
    assert.equal(await card.locator('mark').first().textContent(), expected);
    assert.ok(Q.split(' ').some((w) => expected.includes(w)), `marked "${expected}" is a query word`);
    // title, genre/year and the line citation
    assert.equal(await card.locator('.cite').textContent(), `L${h0.lines[0]}–${h0.lines[1]}`);
    await shot(page, 'search-1280');

    // The explanation is there on demand.
    await card.locator('details.explain summary').click();
    assert.ok(await card.locator('details.explain dl .kv').count() >= 2);

    // Click the hit: the document opens at its cited lines, highlighted and scrolled to.
    const [a, b] = h0.lines;
    await card.locator('.hit-title').click();
    await page.waitForURL(new RegExp(`#/doc/${h0.document.id}#L${a}-L${b}$`), WAIT);
    await page.locator('.line.hl').first().waitFor(WAIT);
    const ids = await page.locator('.line.hl').evaluateAll((els) => els.map((e) => e.id));
    assert.equal(ids[0], `L${a}`);
    assert.equal(ids[ids.length - 1], `L${b}`);
    assert.equal(ids.length, b - a + 1);
    await page.waitForFunction(() => {
      const r = document.querySelector('.line.hl').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    }, null, WAIT);
    // the source lines are the file's lines
    const src = await getJSON(`/api/documents/${h0.document.id}/source?from=${a}&to=${a}`);
    assert.equal((await page.locator(`#L${a} .lt`).textContent()).trim(), (src.lines[0].text || '\u00a0').trim());
    await shot(page, 'doc-source-1280');
  });
});

test('document page: metadata, sections with passages, extractions, deep links', async () => {
  const docs = await getJSON('/api/documents');
  const full = await getJSON(`/api/documents/${docs[0].id}`);
  const d = full.document;
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/doc/${d.id}`);
    await page.locator('.doc-head h1').waitFor(WAIT);
    assert.equal(await page.locator('.doc-head h1').textContent(), d.title);
    assert.equal(await page.locator('.passage').count(), d.passages.length);
    if (full.extraction.cases.length) {
      const href = await page.locator('.doc-side a[href^="#/case/"]').first().getAttribute('href');
      assert.ok(href.startsWith('#/case/'));
    }
    await shot(page, 'doc-1280');
    // A passage's citation switches to the source view at its lines.
    const p = d.passages[1] || d.passages[0];
    await page.locator('.passage').nth(d.passages.indexOf(p)).locator('.cite').click();
    await page.locator(`#L${p.lines[0]}.hl`).waitFor(WAIT);
    // Clicking a line number cites that line.
    const n = p.lines[0] + 1;
    await page.locator(`#L${n} .ln`).click();
    await page.waitForURL(new RegExp(`#L${n}$`), WAIT);
    // The passage's highlight gives way to the line's once the view has followed the URL.
    await page.waitForFunction(() => document.querySelectorAll('.line.hl').length === 1, null, WAIT);
    assert.equal(await page.locator('.line.hl').count(), 1);
  });
});

test('facets filter the query, paging moves on, the query syntax errors are shown', async () => {
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/search?${new URLSearchParams({ q: '智慧城市' })}`);
    await page.locator('#hits .hit').first().waitFor(WAIT);
    const facet = page.locator('.facet[data-facet=genre] a').first();
    const filter = await facet.getAttribute('data-filter');
    await facet.click();
    await page.waitForFunction((f) => decodeURIComponent(location.hash.replace(/\+/g, ' ')).includes(f), filter, WAIT);
    await page.locator('.active-filters .chip-filter').first().waitFor(WAIT);
    assert.equal((await page.locator('.active-filters .chip-filter').first().textContent()).replace('×', ''), filter);
    await page.locator('#hits .hit').first().waitFor(WAIT);
    const next = page.locator('.pager a[rel=next]');
    if (await next.count()) {
      await next.click();
      await page.waitForFunction(() => location.hash.includes('offset=10'), null, WAIT);
      await page.locator('#hits .hit').first().waitFor(WAIT);
      assert.equal(await page.locator('#hits').getAttribute('start'), '11');
    }
    await page.goto(`${BASE}/#/search?${new URLSearchParams({ q: 'nosuchfield:x' })}`);
    await page.locator('.error').waitFor(WAIT);
  });
});

test('Chinese by default, English on request, and the choice is remembered', async () => {
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/`);
    await page.locator('#q').waitFor(WAIT);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.locator('#nav a[data-route=search]').textContent(), '检索');
    await page.locator('#lang-toggle').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en', null, WAIT);
    assert.equal(await page.locator('#nav a[data-route=search]').textContent(), 'Search');
    await page.reload();
    await page.locator('#q').waitFor(WAIT);
    assert.equal(await page.locator('#nav a[data-route=search]').textContent(), 'Search');
    await page.locator('#lang-toggle').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, WAIT);
  });
});

test('search at phone width (375 px)', async () => {
  await withPage(browser, { width: 375, height: 800 }, async (page) => {
    await page.goto(`${BASE}/#/search?${new URLSearchParams({ q: Q })}`);
    await page.locator('#hits .hit mark').first().waitFor(WAIT);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
    await shot(page, 'search-375');
  });
});

test('UI responses carry a CSP that allows only self, and ETags', async () => {
  for (const path of ['/', '/ui/app.css', '/ui/js/main.js']) {
    const res = await fetch(BASE + path);
    assert.equal(res.status, 200, path);
    const csp = res.headers.get('content-security-policy') || '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe|https?:/);
    const etag = res.headers.get('etag');
    assert.ok(etag, `${path} has an ETag`);
    const again = await fetch(BASE + path, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304, path);
  }
});
