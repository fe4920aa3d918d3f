// Headless Chromium (playwright-core driving /usr/bin/chromium): the suite page and the cold-start
// page, served with the installed package from 127.0.0.1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';
import { median } from './measure.mjs';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

async function withChromium(project, f) {
  await esbuild.build({ entryPoints: [path.join(project.dir, 'libs-browser.mjs')], bundle: true, format: 'esm', platform: 'browser',
    outfile: path.join(project.dir, 'libs.bundle.mjs'), logLevel: 'error', nodePaths: [path.join(project.dir, 'node_modules')] });
  const server = await serve(project.dir, { fixturesJson: JSON.stringify(project.fx) });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    return await f(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * Loads `url` in a fresh context and returns the page's `window.__result`. With `doneMessage`, waits
 * for that console message and navigates with `waitUntil: 'commit'`, so Playwright runs nothing in
 * the page until the page is done: `waitForFunction` injects Playwright's script and polls in the
 * renderer while the clock runs (interleaved medians, 2026-12-02: kassa/forms 106.2 → 59.0 ms,
 * kassa/verify HMAC 83.0 → 70.7 ms; the cold-chromium note of bench/notes.mjs). Otherwise polls
 * `window.__result` (the suite page, which runs for minutes).
 */
async function pageResult(browser, url, timeoutMs, log, doneMessage) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (log) page.on('console', (m) => log(m.text()));
    page.on('pageerror', (e) => log && log(`page error: ${e}`));
    if (doneMessage) {
      const done = page.waitForEvent('console', { predicate: (m) => m.text() === doneMessage, timeout: timeoutMs });
      await page.goto(url, { waitUntil: 'commit' });
      await done;
    } else {
      await page.goto(url);
      await page.waitForFunction(() => window.__result !== undefined, null, { timeout: timeoutMs, polling: 100 });
    }
    const r = await page.evaluate(() => window.__result);
    if (r.error) throw new Error(`${url}: ${r.error}`);
    return r;
  } finally {
    await context.close();
  }
}

export async function runChromium(project, { quick, log }) {
  return withChromium(project, async (browser, base) => {
    log('chromium: suite');
    const query = new URLSearchParams();
    if (quick) query.set('quick', '1');
    if (project.baseline) query.set('baseline', '1');
    const r = await pageResult(browser, `${base}/bench.html?${query}`, quick ? 120_000 : 900_000, log);
    r.version = `Chromium ${browser.version()}`;
    return r;
  });
}

/** Cold start in fresh browser contexts (no HTTP or code cache shared between samples). */
export async function chromiumColdStart(project, { samples, which, log }) {
  return withChromium(project, async (browser, base) => {
    const runs = [];
    const load = () => pageResult(browser, `${base}/cold.html?case=${which}`, 30_000, undefined, 'kassa-cold-start-done');
    await load(); // discarded: first launch of the renderer
    for (let i = 0; i < samples; i++) runs.push(await load());
    return { ms: median(runs.map((x) => x.totalMs)), importMs: median(runs.map((x) => x.importMs)),
      firstVerifyMs: median(runs.map((x) => x.firstVerifyMs)), samples: runs.map((x) => +x.totalMs.toFixed(2)) };
  });
}
