import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, caseWithPath, getJSON, launch, shot, withPage } from './helpers.js';

const WAIT = { timeout: 90_000 };
let browser, kase;

before(async () => {
  browser = await launch();
  kase = await caseWithPath();
});
after(async () => { await browser?.close(); });

test('a case page draws its co-creation path diagram with chips and cites evidence', async () => {
  assert.ok(kase, 'the corpus has a case with a path');
  const path = kase.paths[0];
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/case/${encodeURIComponent(kase.id)}`);
    await page.locator('.case-head h1').waitFor(WAIT);
    assert.equal(await page.locator('.case-head h1').textContent(), kase.name);
    const fig = page.locator('figure.path').first();
    await fig.locator('svg.pd .pd-stage').first().waitFor(WAIT);
    assert.equal(await page.locator('figure.path').count(), kase.paths.length);
    assert.equal(await fig.locator('.pd-stage').count(), path.stages.length);
    // stage labels in reading order: left to right, a long path going on in the next row
    const rs = await fig.locator('.pd-stage').evaluateAll((gs) => gs.map((g) => {
      const r = g.getBoundingClientRect();
      return { x: r.left, y: r.top };
    }));
    for (let i = 1; i < rs.length; i++) {
      const next = rs[i].x > rs[i - 1].x || rs[i].y > rs[i - 1].y + 1;
      assert.ok(next, 'stages go left to right (then the next row) at 1280 px');
    }
    assert.ok(rs.length < 2 || rs[1].x > rs[0].x, 'the first row holds more than one stage at 1280 px');
    assert.equal(await fig.locator('.pd-link').count(), path.stages.length - 1);
    const chips = path.stages.reduce((n, s) => n + s.actors.length + s.technologies.length + s.mechanisms.length, 0);
    if (chips) assert.ok(await fig.locator('.pd-chip').count() > 0, 'actor/technology/mechanism chips');
    // facets as chips
    const facetChips = Object.values(kase.facets).reduce((n, v) => n + v.length, 0);
    assert.equal(await page.locator('.facet-table .chip').count(), facetChips);
    await shot(page, 'case-1280');
    // evidence links to the document lines
    if (kase.evidence.length) {
      const e = kase.evidence[0];
      const link = page.locator('ul.evidence .cite').first();
      assert.equal(await link.getAttribute('href'), `#/doc/${kase.document.id}#L${e.lines[0]}-L${e.lines[1]}`);
      await link.click();
      await page.locator(`#L${e.lines[0]}.hl`).waitFor(WAIT);
    }
  });
});

test('the path diagram wraps at phone width (375 px)', async () => {
  const path = kase.paths[0];
  await withPage(browser, { width: 375, height: 800 }, async (page) => {
    await page.goto(`${BASE}/#/case/${encodeURIComponent(kase.id)}`);
    const fig = page.locator('figure.path').first();
    await fig.locator('svg.pd .pd-stage').first().waitFor(WAIT);
    const boxes = await fig.locator('.pd-stage').evaluateAll((gs) => gs.map((g) => g.getBoundingClientRect()).map((r) => ({ top: r.top, right: r.right })));
    if (path.stages.length > 1) assert.ok(new Set(boxes.map((b) => Math.round(b.top))).size > 1, 'stages wrap into rows');
    for (const b of boxes) assert.ok(b.right <= 375, 'every stage fits the screen');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling (overflow ${overflow}px)`);
    await fig.scrollIntoViewIfNeeded();
    await shot(page, 'case-375');
  });
});

test('the case list filters by domain and opens a case', async () => {
  const all = await getJSON('/api/cases');
  const domain = all.find((c) => c.facets.domain.length).facets.domain[0];
  const expected = await getJSON(`/api/cases?domain=${encodeURIComponent(domain)}`);
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/cases?domain=${encodeURIComponent(domain)}`);
    await page.locator('#case-list .case-item').first().waitFor(WAIT);
    assert.equal(await page.locator('#case-list .case-item').count(), expected.length);
    await page.locator('#case-list .case-name').first().click();
    await page.locator('.case-head h1').waitFor(WAIT);
    assert.equal(await page.locator('.case-head h1').textContent(), expected[0].name);
  });
});
