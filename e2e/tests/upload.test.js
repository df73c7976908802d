import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, launch, shot, withPage } from './helpers.js';

// The server must run with this token (scripts/e2e.sh passes it to `serve --token`).
const TOKEN = process.env.GC_TOKEN || '';
const WAIT = { timeout: 120_000 };
const WORD = '榕树头议事角';
const TEXT = `${WORD}更新实践\n\n王芳\n\n一、做法\n\n${WORD}由居民议事会协商设立，社区规划师陪伴，街道搭建平台推进老旧小区改造。\n`;
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('with a token: upload by drag and drop, see per-file errors, find the document, delete it', { skip: !TOKEN && 'GC_TOKEN not set (the server has no write token)' }, async () => {
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/search`);
    const nav = page.locator('#nav-upload');
    assert.equal(await nav.isVisible(), false, 'no upload link without a token');
    await page.locator('#token-toggle').click();
    await page.locator('#token-input').fill(TOKEN);
    await page.locator('#token-form button[type=submit]').click();
    await nav.waitFor({ state: 'visible', ...WAIT });
    await nav.click();
    await page.locator('#dropzone').waitFor(WAIT);

    // One text file dropped, one binary file chosen: the second is reported, the first added.
    const dt = await page.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.items.add(new File([text], '榕树头议事角.txt', { type: 'text/plain' }));
      return d;
    }, TEXT);
    await page.locator('#dropzone').dispatchEvent('drop', { dataTransfer: dt });
    await page.locator('#upload-input').setInputFiles({ name: '坏文件.txt', mimeType: 'text/plain', buffer: Buffer.from([0, 1, 2, 3, 0, 5]) });
    assert.equal(await page.locator('#upload-files li').count(), 2);
    await page.locator('#upload-send').click();
    await page.locator('#job-result[data-stage=done]').waitFor(WAIT);
    const err = page.locator('#job-result .file-error');
    assert.equal(await err.count(), 1);
    assert.match(await err.textContent(), /坏文件\.txt.*binary/);
    await shot(page, 'upload-1280');
    const link = page.locator('#job-result .job-docs a').first();
    const id = await link.getAttribute('data-id');
    await page.waitForFunction(() => document.querySelector('#job-result .job-docs a').textContent.includes('榕树头'), null, WAIT);

    // The new document is found by a search.
    await page.goto(`${BASE}/#/search?${new URLSearchParams({ q: WORD })}`);
    await page.locator('#hits .hit').first().waitFor(WAIT);
    assert.match(await page.locator('#hits .hit').first().textContent(), new RegExp(WORD));

    // Deleted from its page.
    await page.goto(`${BASE}/#/doc/${id}`);
    page.once('dialog', (d) => d.accept());
    await page.locator('#doc-delete').click();
    await page.locator('#delete-status #job-result[data-stage=done]').waitFor(WAIT);
    const res = await fetch(`${BASE}/api/documents/${id}`);
    assert.equal(res.status, 404);
  });
});

test('without a token the upload page says how to get one and offers no delete', async () => {
  await withPage(browser, async (page) => {
    await page.goto(`${BASE}/#/upload`);
    await page.locator('.page-upload .hint').waitFor(WAIT);
    assert.equal(await page.locator('#dropzone').count(), 0);
    const docs = await (await fetch(`${BASE}/api/documents`)).json();
    await page.goto(`${BASE}/#/doc/${docs[0].id}`);
    await page.locator('.doc-head h1').waitFor(WAIT);
    assert.equal(await page.locator('#doc-delete').count(), 0);
  });
});
