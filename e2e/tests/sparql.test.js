import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { BASE, getJSON, launch, shot, withPage } from './helpers.js';

const WAIT = { timeout: 90_000 };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the SPARQL page lists the ontology examples, runs one and shows a table', async () => {
  const cfg = await getJSON('/ui/config.json');
  assert.ok(cfg.examples.length >= 5, 'examples come from docs/ontology.md');
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/sparql`);
    await page.locator('.examples-list .example').first().waitFor(WAIT);
    assert.equal(await page.locator('.examples-list .example').count(), cfg.examples.length);
    await page.locator('.examples-list .example').first().click();
    await page.locator('#results-table tbody tr').first().waitFor(WAIT);
    assert.equal(await page.locator('#sparql-editor').inputValue(), cfg.examples[0].query);
    // syntax highlighting
    assert.ok(await page.locator('.ed-hl .tok-keyword').count() > 0);
    assert.ok(await page.locator('.ed-hl .tok-variable').count() > 0);
    const heads = await page.locator('#results-table thead th').allTextContents();
    assert.ok(heads.includes('?case') && heads.includes('?name'), heads.join(' '));
    await shot(page, 'sparql-1280');
  });
});

test('a typed query runs with Ctrl+Enter; errors are shown; CSV download uses the endpoint format', async () => {
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/sparql`);
    await page.locator('#sparql-editor').waitFor(WAIT);
    await page.locator('#sparql-editor').fill('SELECT ?doc ?title WHERE { ?doc a gc:Document ; dcterms:title ?title } ORDER BY ?title LIMIT 3');
    await page.locator('#sparql-editor').press('Control+Enter');
    await page.locator('#results-table tbody tr').first().waitFor(WAIT);
    assert.equal(await page.locator('#results-table tbody tr').count(), 3);
    // our own IRIs open the matching page
    assert.match(await page.locator('#results-table tbody tr td a').first().getAttribute('href'), /^#\/doc\//);
    const [download] = await Promise.all([
      page.waitForEvent('download', WAIT),
      page.locator('.downloads button[data-format=csv]').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'results.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv.split(/\r?\n/)[0], /^doc,title$/);
    assert.equal(csv.trim().split(/\r?\n/).length, 4);
    await page.locator('#sparql-editor').fill('SELECT WHERE {');
    await page.locator('#sparql-run').click();
    await page.locator('#sparql-out .error').waitFor(WAIT);
  });
});
