// Headless Chromium: (1) a Vite 7 production build of a fresh project that imports 'kassa', and
// (2) a plain page with `<script type="module">` and an import map pointing at the installed package.
// Both are served from 127.0.0.1 and read their results from the page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject } from '../project.mjs';
import { run } from '../../lib/proc.mjs';
import { serveStatic } from '../../lib/static-server.mjs';
import { nodeModules, esmImports, ENTRY_NAMES } from '../tools.mjs';

const PAGE_SCRIPT = (env, runtime) => `
${esmImports()}
import { runAll } from './cases/index.mjs';
runAll(kassa, ${JSON.stringify({ ...env, runtime })}, entries).then((r) => { window.__kassaResults = r; });
`;

/** The import map of the plain page: the root and every entry to its browser loader. */
const IMPORT_MAP = Object.fromEntries([['kassa', './node_modules/kassa/browser.mjs'],
  ...ENTRY_NAMES.map((n) => [`kassa/${n}`, `./node_modules/kassa/${n}/browser.mjs`])]);

async function resultsFromPage(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__kassaResults, null, { timeout: 60_000 }).catch(() => {
      throw new Error(`the page produced no results; page errors: ${errors.join(' | ') || 'none'}`);
    });
    return await page.evaluate(() => window.__kassaResults);
  } finally {
    await page.close();
  }
}

export async function vite(dir, tarball, env, { browser }) {
  await makeProject(dir, tarball);
  fs.writeFileSync(path.join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>kassa vite</title><script type="module" src="./main.js"></script>');
  fs.writeFileSync(path.join(dir, 'main.js'), PAGE_SCRIPT(env, 'vite-chromium'));
  const r = await run(process.execPath, [path.join(nodeModules, 'vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: dir });
  if (r.code !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  const server = await serveStatic(path.join(dir, 'dist'));
  try {
    return await resultsFromPage(browser, `${server.url}/`);
  } finally {
    await server.close();
  }
}

/**
 * A browser whose WebAssembly lacks a feature of a module (kassa/verify's SIMD: Safari before 16.4,
 * say), played by a page whose compiler refuses every module: the import of each entry fails with
 * an Error that names that entry's requirement (kassa/verify: SIMD, and the root as the alternative;
 * the others: the baseline features), the CompileError as its cause.
 */
const OLD_ENGINE_SCRIPT = `
const refuse = () => Promise.reject(new WebAssembly.CompileError('invalid opcode 0xfd @+1234'));
WebAssembly.instantiateStreaming = refuse;
WebAssembly.instantiate = refuse;
const results = [];
for (const specifier of ${JSON.stringify(['kassa', ...ENTRY_NAMES.map((n) => `kassa/${n}`)])}) {
  const test = 'an engine that cannot compile ' + specifier + ': the import fails naming what it needs';
  try {
    await import(specifier);
    results.push({ name: test, ok: false, error: 'the import succeeded' });
  } catch (e) {
    const m = String(e && e.message);
    const ok = !(e instanceof WebAssembly.CompileError) && e.cause instanceof WebAssembly.CompileError
      && m.includes('_bg.wasm') && m.includes('invalid opcode 0xfd')
      // kassa/verify alone uses SIMD and points to the root; every other entry names the baseline features.
      && (specifier === 'kassa/verify' ? m.includes('SIMD') && m.includes('Safari 16.4') && m.includes('root')
        : !m.includes('SIMD') && m.includes('reference types') && m.includes('Safari 15'));
    results.push({ name: test, ok, error: ok ? undefined : m });
  }
}
window.__kassaResults = results;
`;

export async function page(dir, tarball, env, { browser }) {
  await makeProject(dir, tarball);
  const importMap = `<script type="importmap">${JSON.stringify({ imports: IMPORT_MAP })}</script>`;
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>kassa page</title>
${importMap}
<script type="module">${PAGE_SCRIPT(env, 'page-chromium')}</script>`);
  fs.writeFileSync(path.join(dir, 'old-engine.html'), `<!doctype html><meta charset="utf-8"><title>kassa, old engine</title>
${importMap}
<script type="module">${OLD_ENGINE_SCRIPT}</script>`);
  const server = await serveStatic(dir);
  try {
    return [...await resultsFromPage(browser, `${server.url}/index.html`),
      ...await resultsFromPage(browser, `${server.url}/old-engine.html`)];
  } finally {
    await server.close();
  }
}
