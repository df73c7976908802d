import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, caseWithPath, launch, withPage } from './helpers.js';

const WAIT = { timeout: 120_000 };
let browser, kase;

before(async () => {
  browser = await launch();
  kase = await caseWithPath();
});
after(async () => { await browser?.close(); });

test('every page fits a 375 px phone screen without sideways scrolling', async () => {
  const pages = [
    ['#/', '#q'],
    [`#/doc/${kase.document.id}`, '.passage'],
    [`#/doc/${kase.document.id}#L${kase.evidence[0]?.lines[0] ?? 1}`, '.source'],
    ['#/cases', '#case-list .case-item'],
    ['#/recommend', '#scenario'],
    ['#/explore', '#network circle, .chart[data-chart=province] rect.bar, .chart[data-chart=city] rect.bar'],
    ['#/sparql?example=cases-by-technology', '#results-table tbody tr, #sparql-out .error'],
  ];
  for (const lang of ['zh', 'en']) {
    await withPage(browser, { width: 375, height: 800 }, async (page) => {
      await page.goto(`${BASE}/`);
      await page.evaluate((l) => localStorage.setItem('gongchuang.lang', l), lang);
      for (const [hash, sel] of pages) {
        await page.goto(`${BASE}/${hash}`);
        await page.reload(); // a fresh start for every page, as a visitor would come
        for (const one of sel.includes(', .chart') ? sel.split(', ') : [sel]) await page.locator(one).first().waitFor(WAIT);
        await page.waitForTimeout(200);
        const err = page.locator('.error');
        if (await err.count()) assert.fail(`${lang} ${hash}: ${await err.first().textContent()}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        assert.ok(overflow <= 1, `${lang} ${hash}: ${overflow}px wider than the screen`);
      }
    });
  }
});
