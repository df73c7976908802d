import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { BASE, caseWithPath, launch, shot, withPage } from './helpers.js';

const WAIT = { timeout: 90_000 };
// A development scenario (not one of the held-out evaluation questions).
const SCENARIO = '老旧小区改造中居民参与不足，希望借助数字平台和社区议事机制，推动政府、居民与企业共同参与更新。';
let browser, status;

before(async () => {
  browser = await launch();
  const res = await fetch(`${BASE}/api/recommend`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ scenario: SCENARIO, limit: 5 }),
  });
  status = res.status;
});
after(async () => { await browser?.close(); });

test('the recommend page answers: results, or a friendly message while the endpoint is missing', async () => {
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/recommend`);
    await page.locator('#scenario').waitFor(WAIT);
    await page.locator('#rec-example').click();
    assert.ok((await page.locator('#scenario').inputValue()).length > 10, 'the example fills the box');
    await page.locator('#rec-submit').click();
    await page.locator('#rec-cases, #nothing-close, #rec-not-ready').first().waitFor(WAIT);
    if (status === 404) assert.equal(await page.locator('#rec-not-ready').count(), 1);
  });
});

test('the recommend page shows ranked cases with per-facet contribution bars', async (t) => {
  if (status === 404) {
    t.skip('POST /api/recommend answers 404 (not built yet)');
    return;
  }
  assert.equal(status, 200, 'POST /api/recommend');
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/recommend?${new URLSearchParams({ scenario: SCENARIO })}`);
    await page.locator('#rec-cases, #nothing-close').first().waitFor(WAIT);
    if (await page.locator('#nothing-close').count()) {
      await shot(page, 'recommend-1280');
      return; // "nothing close" is shown as such
    }
    const cards = page.locator('#rec-cases .rec-case');
    assert.ok(await cards.count() > 0, 'ranked cases');
    const first = cards.first();
    assert.ok(await first.locator('.bar-row').count() > 0, 'contribution bars');
    const widths = await first.locator('.bar-fill').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    assert.ok(widths.some((w) => w > 0), 'a bar has length');
    assert.match(await first.locator('a.hit-title').getAttribute('href'), /^#\/case\//);
    await shot(page, 'recommend-1280');
  });
});

// The renderer against the planned response shape, with the answer stubbed in the browser
// (same origin, so the request guard still applies): runs whether or not the endpoint exists.
test('the recommend renderer draws bars, shared concepts, evidence, the suggested path and "nothing close"', async () => {
  const c = await caseWithPath();
  const ev = c.evidence[0] || { text: c.name, lines: [1, 1] };
  const fixture = readFileSync(new URL('../fixtures/recommend-response.json', import.meta.url), 'utf8')
    .replaceAll('CASE_ID', c.id).replaceAll('CASE_NAME', c.name).replaceAll('DOC_ID', c.document.id)
    .replaceAll('DOC_TITLE', c.document.title).replaceAll('DOC_SOURCE', c.document.source)
    .replaceAll('EVIDENCE_TEXT', ev.text).replaceAll('PATH', c.paths[0].label).replaceAll('"LINES"', JSON.stringify(ev.lines));
  const answer = JSON.parse(fixture);
  let sent = null;
  await withPage(browser, async (page) => {
    await page.route('**/api/recommend', (route) => {
      sent = JSON.parse(route.request().postData());
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
    });
    await page.goto(`${BASE}/#/recommend?${new URLSearchParams({ scenario: SCENARIO, technologies: '数字平台，物联网' })}`);
    await page.locator('#rec-cases .rec-case').first().waitFor(WAIT);
    assert.deepEqual(sent, { scenario: SCENARIO, limit: 5, facets: { technologies: ['数字平台', '物联网'] } });
    assert.equal(await page.locator('#rec-cases .rec-case').count(), 2);
    const first = page.locator('#rec-cases .rec-case').first();
    assert.equal(await first.locator('.bar-row').count(), 6);
    // bars are score × weight: text 0.352 > domain 0.25 > technologies 0.2 > mechanisms 0.125 > obstacles 0
    const w = await first.locator('.bar-row').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.dataset.facet, r.querySelector('.bar-fill').getBoundingClientRect().width])));
    assert.ok(w.text > w.domain && w.domain > w.technologies && w.technologies > w.mechanisms && w.mechanisms > w.obstacles, JSON.stringify(w));
    assert.equal(w.obstacles, 0);
    assert.ok(await first.locator('.chip-shared').count() >= 4);
    assert.equal(await first.locator('.chip-near').first().textContent(), '居民议事会 ≈ 协商议事 (0.5)');
    assert.match(await first.locator('.bar-note').first().textContent(), /BM25/);
    await first.locator('.rec-evidence summary').click();
    assert.equal(await first.locator('.rec-evidence .cite').getAttribute('href'), `#/doc/${c.document.id}#L${ev.lines[0]}-L${ev.lines[1]}`);
    assert.equal(await page.locator('#suggested .pd-stage').count(), 3);
    assert.equal(await page.locator('#suggested ol.cites > li').count(), 3);
    assert.equal(await page.locator('#suggested ol.cites a.cite').count(), 2, 'both cite shapes link to the lines');
    assert.equal(await page.locator('#suggested-obstacles li').count(), 1);
    assert.ok(await page.locator('#understood .chip').count() >= 5);
    await shot(page, 'recommend-stub-1280', { fullPage: true });

    answer.nothing_close = true;
    answer.message = '没有足够相近的案例';
    answer.cases = [];
    await page.locator('#rec-submit').click();
    await page.locator('#nothing-close').waitFor(WAIT);
    assert.match(await page.locator('#nothing-close').textContent(), /没有足够相近的案例/);
  });
});
