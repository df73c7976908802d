// Shared setup: Debian's chromium driven by playwright-core (no browser download), a guard
// that fails a test when the page asks any host but the server, and screenshot helpers.

import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE = (process.env.GC_BASE || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const ORIGIN = new URL(BASE).origin;
export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync',
];

/** One browser (persistent context with a fresh profile directory) per test file. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'gc-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A new page whose every request is checked: anything not to the server (or a data:/blob:
 * URL) is recorded, as are page errors and console errors (CSP violations show there).
 * `done()` asserts that none happened and closes the page.
 */
export async function openPage(browser, { width = 1280, height = 900 } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  const foreign = [];
  const errors = [];
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return;
    let origin = null;
    try { origin = new URL(url).origin; } catch (_) { /* unparsable: foreign */ }
    if (origin !== ORIGIN) foreign.push(url);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // An API answering 4xx/5xx is the page's business (it shows the error); a UI asset
    // that fails to load is not.
    const url = m.location()?.url || '';
    const api = url.startsWith(`${ORIGIN}/api/`) || url.startsWith(`${ORIGIN}/sparql`);
    const expected = api && /Failed to load resource: the server responded with a status of/.test(m.text());
    if (m.type() === 'error' && !expected) {
      errors.push(`console: ${m.text()}`);
    }
  });
  return {
    page,
    foreign,
    errors,
    async done() {
      try {
        assert.deepEqual(foreign, [], `requests left the machine: ${foreign.join(', ')}`);
        assert.deepEqual(errors, [], `errors in the page: ${errors.join(' | ')}`);
      } finally {
        await page.close();
      }
    },
  };
}

/** Run `fn(page)` on a guarded page; the test fails on a foreign request or a page error. */
export async function withPage(browser, opts, fn) {
  if (typeof opts === 'function') { fn = opts; opts = {}; }
  const p = await openPage(browser, opts);
  try {
    await fn(p.page);
  } catch (e) {
    await p.page.close().catch(() => {});
    if (p.foreign.length) e.message += `\n(also: requests left the machine: ${p.foreign.join(', ')})`;
    throw e;
  }
  await p.done();
}

export async function shot(page, name, opts = {}) {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => document.fonts && document.fonts.ready);
  if (opts.fullPage) await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header at the top
  await page.screenshot({ path: join(SHOTS, `${name}.png`), ...opts });
}

export async function getJSON(path, init) {
  const res = await fetch(BASE + path, init);
  assert.ok(res.ok, `${path}: HTTP ${res.status}`);
  return res.json();
}

/** A case whose first path has the most stages (ties: first listed). */
export async function caseWithPath() {
  const cases = await getJSON('/api/cases');
  let best = null;
  for (const c of cases) {
    const full = await getJSON(`/api/cases/${encodeURIComponent(c.id)}`);
    const p = (full.paths || [])[0];
    if (!p || !p.stages.length) continue;
    const chips = p.stages.reduce((n, s) => n + s.actors.length + s.technologies.length + s.mechanisms.length, 0);
    const score = p.stages.length * 100 + Math.min(chips, 99);
    if (!best || score > best.score) best = { score, c: full };
    if (p.stages.length >= 4 && chips >= 8) break;
  }
  return best && best.c;
}
