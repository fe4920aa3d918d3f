// The runtime matrix: installs the packed npm tarball into fresh temporary projects and runs every
// case of cases/index.mjs in Node ESM, Node CJS, Deno, workerd, the Vercel edge runtime, a Vite 7
// production build in headless Chromium and a plain module page in headless Chromium.
//
//   node tests/runtime/run.mjs [--tarball pkg/kassa-X.tgz] [--only node-esm,deno,...]
//
// A runtime that fails to load the package counts as one failed test named after it. The last line
// is `N passed, N failed`; the line before names every runtime that failed. Exit code 1 on failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeEsm, nodeCjs } from './targets/node.mjs';
import { deno } from './targets/deno.mjs';
import { workerd } from './targets/workerd.mjs';
import { edge } from './targets/edge.mjs';
import { vite, page } from './targets/browser.mjs';
import { launchChromium } from '../lib/chromium.mjs';
import { repoRoot } from './tools.mjs';

const TARGETS = {
  'node-esm': nodeEsm, 'node-cjs': nodeCjs, deno, workerd, 'edge-light': edge,
  'vite-chromium': vite, 'page-chromium': page,
};

const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'pkg/package.json'), 'utf8'));
const tarball = path.resolve(arg('--tarball') || path.join(repoRoot, `pkg/kassa-${manifest.version}.tgz`));
const only = arg('--only')?.split(',');
const env = { version: manifest.version };
if (process.env.KASSA_EMULATOR_JSON) env.emulator = JSON.parse(process.env.KASSA_EMULATOR_JSON);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-matrix-'));
let browser;
let passed = 0;
let failed = 0;
const failedRuntimes = [];
for (const [name, target] of Object.entries(TARGETS)) {
  if (only && !only.includes(name)) continue;
  const started = Date.now();
  let results;
  try {
    if (name.endsWith('-chromium') && !browser) browser = await launchChromium();
    results = await target(path.join(work, name), tarball, env, { browser });
  } catch (err) {
    results = [{ name: 'the package loads and the cases run', ok: false, error: String(err?.stack || err) }];
  }
  const bad = results.filter((r) => !r.ok);
  passed += results.length - bad.length;
  failed += bad.length;
  if (bad.length) failedRuntimes.push(name);
  const ms = Date.now() - started;
  console.log(`${bad.length ? 'FAIL' : 'ok  '} ${name.padEnd(14)} ${results.length - bad.length}/${results.length} cases (${ms} ms)`);
  for (const b of bad) console.log(`     ✗ [${name}] ${b.name}\n       ${String(b.error).split('\n').join('\n       ')}`);
}
if (browser) await browser.close();
if (!process.env.KASSA_KEEP_MATRIX) fs.rmSync(work, { recursive: true, force: true });
console.log(failedRuntimes.length ? `runtime matrix: failed in ${failedRuntimes.join(', ')}` : 'runtime matrix: every runtime passed');
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
