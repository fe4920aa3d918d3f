// The in-process emulator in the other runtimes: a full RBS payment (hosted page form, signed
// callback) and a full Mobile Cashier payment (signed webhook) through `createSandbox().fetch`,
// with kassa's clients and verifiers, in Deno, in workerd (bundled the way wrangler bundles: the
// `workerd` export condition, both .wasm files as compiled-wasm modules) and in a browser page
// (headless Chromium, an import map to both packages' browser loaders). Installs both tarballs into
// a fresh project (`make pkg` first). Ends with `N passed, N failed`.
//   node tests/sandbox-npm/run.mjs [--only deno,workerd,browser]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../lib/proc.mjs';
import { serveStatic } from '../lib/static-server.mjs';
import { launchChromium } from '../lib/chromium.mjs';
import { bin } from '../runtime/tools.mjs';
import { runWorker } from '../runtime/targets/workerd.mjs';
import { differences } from './scenario.mjs';
import { freshProject, projectEnv, results, IN_PROCESS } from './project.mjs';

const WORKER = `import * as kassa from 'kassa';
import { createSandbox } from 'kassa-sandbox';
import { receiver, runPayments } from './scenario.mjs';

export default {
  async fetch(request) {
    if (new URL(request.url).pathname !== '/run') return new Response('ok');
    try {
      let received;
      const sandbox = await createSandbox({ deliver: (r) => received.handle(r) });
      received = receiver(kassa, sandbox.config);
      const got = await runPayments(kassa, { fetch: sandbox.fetch, config: sandbox.config, callbackBase: 'http://127.0.0.1:9/notify', received });
      sandbox.close();
      return Response.json({ got, rejected: received.rejected });
    } catch (err) {
      return new Response(String(err && err.stack || err), { status: 500 });
    }
  },
};
`;

async function deno(dir) {
  fs.writeFileSync(path.join(dir, 'in-process.mjs'), IN_PROCESS);
  const r = await run(bin('deno'), ['run', '--no-prompt', 'in-process.mjs'], {
    cwd: dir, env: { ...projectEnv(dir), DENO_DIR: path.join(dir, '.deno') }, timeoutMs: 120_000,
  });
  return results(r);
}

async function workerd(dir) {
  return runWorker(dir, WORKER);
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>kassa-sandbox in a page</title>
<script type="importmap">${JSON.stringify({ imports: { kassa: './node_modules/kassa/browser.mjs', 'kassa-sandbox': './node_modules/kassa-sandbox/browser.mjs' } })}</script>
<script type="module">
import * as kassa from 'kassa';
import { createSandbox } from 'kassa-sandbox';
import { receiver, runPayments } from './scenario.mjs';
let received;
try {
  const sandbox = await createSandbox({ deliver: (r) => received.handle(r) });
  received = receiver(kassa, sandbox.config);
  const got = await runPayments(kassa, { fetch: sandbox.fetch, config: sandbox.config, callbackBase: 'http://127.0.0.1:9/notify', received,
    client: { dangerouslyAllowBrowser: true } });
  sandbox.close();
  window.__results = { got, rejected: received.rejected };
} catch (err) {
  window.__results = { error: String(err && err.stack || err) };
}
</script>`;

async function browser(dir) {
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE);
  const server = await serveStatic(dir);
  const chromium = await launchChromium();
  try {
    const page = await chromium.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.__results, null, { timeout: 60_000 }).catch(() => {
      throw new Error(`the page produced no results; page errors: ${errors.join(' | ') || 'none'}`);
    });
    const out = await page.evaluate(() => window.__results);
    if (out.error) throw new Error(out.error);
    return out;
  } finally {
    await chromium.close();
    await server.close();
  }
}

const targets = { deno, workerd, browser };
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : Object.keys(targets);
const dir = await freshProject('runtimes');
let passed = 0;
let failed = 0;
for (const name of only) {
  const started = Date.now();
  try {
    const { got, rejected } = await targets[name](dir);
    const diff = differences(got) || (rejected ? `${rejected} notifications did not verify` : '');
    if (diff) throw new Error(diff);
    passed += 1;
    console.log(`ok   ${name}: RBS + Mobile Cashier payments through createSandbox().fetch, notifications verified (${Date.now() - started} ms)`);
  } catch (err) {
    failed += 1;
    console.log(`FAIL ${name}: ${err?.stack ?? err}`);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(`sandbox-npm runtimes: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
