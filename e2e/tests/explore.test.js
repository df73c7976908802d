import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, launch, shot, withPage } from './helpers.js';

const WAIT = { timeout: 120_000 };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the explore page renders bar charts and a case–concept network; a case node opens the case', async () => {
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/explore`);
    for (const name of ['province', 'city', 'domain', 'central']) {
      await page.locator(`.chart[data-chart=${name}] rect.bar`).first().waitFor(WAIT);
    }
    assert.ok(await page.locator('.chart[data-chart=domain] rect.bar').count() > 1);
    await page.locator('#clusters .cluster a.chip').first().waitFor(WAIT);
    await page.locator('#network .net-case circle').first().waitFor(WAIT);
    assert.ok(await page.locator('#network .net-concept').count() > 1, 'concept nodes');
    assert.ok(await page.locator('#network .net-links line').count() > 1, 'links');
    // every node inside the drawing
    const out = await page.locator('#network circle').evaluateAll((cs) => {
      const [, , W, H] = cs[0].ownerSVGElement.getAttribute('viewBox').split(' ').map(Number);
      return cs.filter((c) => {
        const x = Number(c.getAttribute('cx')), y = Number(c.getAttribute('cy'));
        return !(x >= 0 && x <= W && y >= 0 && y <= H);
      }).length;
    });
    assert.equal(out, 0);
    await shot(page, 'explore-1280', { fullPage: true });
    const node = page.locator('#network a.net-case').first();
    const href = await node.getAttribute('href');
    await node.click();
    await page.waitForURL(new RegExp(`${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), WAIT);
    await page.locator('.case-head h1').waitFor(WAIT);
  });
});
