// The README examples of docs/verify.md, run as written: every ```js block that starts with a
// `// <name>.mjs` line is saved under that name in a fresh project with the packed tarball installed;
// the Node handlers run under node, the Workers under workerd (bundled as wrangler does), and each
// gets genuine notifications (must answer 200) and forged, tampered or unauthenticated ones (must
// not). Run: node --test tests/verify/   (needs pkg/kassa-<version>.tgz: `make pkg`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { makeProject } from '../runtime/project.mjs';
import { repoRoot } from '../runtime/tools.mjs';
import { wasmModules, startWorkerd } from '../runtime/targets/workerd.mjs';
import { freePort, waitForHttp } from '../lib/proc.mjs';

const vector = (f) => fs.readFileSync(path.join(repoRoot, 'tests/vectors', f), 'utf8');
const PRIVATE = vector('test-key-2048.pkcs8.pem');
const PUBLIC = vector('test-key-2048.pub.pem');
const HMAC_KEY = 'readme-test-hmac-key';

let dir;
let kassa;
const children = [];

before(async () => {
  const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'pkg/package.json'), 'utf8')).version;
  const tarball = path.join(repoRoot, `pkg/kassa-${version}.tgz`);
  assert.ok(fs.existsSync(tarball), `${tarball} is missing: run make pkg first`);
  dir = await makeProject(fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-readme-')), tarball);
  const doc = fs.readFileSync(path.join(repoRoot, 'docs/verify.md'), 'utf8');
  const blocks = [...doc.matchAll(/```js\n\/\/ ([\w.-]+\.mjs)\n([\s\S]*?)```/g)];
  assert.equal(blocks.length, 6, 'a Worker and a Node handler per gateway');
  for (const [, name, code] of blocks) fs.writeFileSync(path.join(dir, name), code);
  kassa = await import(path.join(dir, 'node_modules/kassa/node.mjs'));
});

after(() => {
  for (const stop of children) stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function startNode(file, env) {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [file], { cwd: dir, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  children.push(() => child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, { timeoutMs: 20_000, output: () => out, gaveUp: () => exited });
  return url;
}

async function startWorker(file, bindings) {
  const out = path.join(dir, `dist-${path.basename(file, '.mjs')}`);
  fs.mkdirSync(out, { recursive: true });
  const wasm = new Set();
  await esbuild.build({
    entryPoints: [path.join(dir, file)], outfile: path.join(out, 'worker.js'), absWorkingDir: dir,
    bundle: true, format: 'esm', platform: 'neutral', target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'],
    plugins: [wasmModules(out, wasm)], logLevel: 'error',
  });
  const port = await freePort();
  const modules = [`(name = "worker.js", esModule = embed "worker.js")`, ...[...wasm].map((n) => `(name = "${n}", wasm = embed "${n}")`)];
  const binds = Object.entries(bindings).map(([k, v]) => `(name = ${JSON.stringify(k)}, text = ${JSON.stringify(v)})`);
  fs.writeFileSync(path.join(out, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [${modules.join(', ')}],
  bindings = [${binds.join(', ')}],
  compatibilityDate = "2026-10-01",
);
`);
  const server = await startWorkerd(out, port);
  children.push(server.stop);
  return server.url;
}

const send = async (url, init) => {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, text: await res.text() };
};

/** The RBS checks: signed GET and POST pass; tampered, unsigned and polluted ones do not. */
async function rbsChecks(url, key) {
  const query = kassa.signRbsCallback({ mdOrder: 'md-1', orderNumber: 'Заказ 5', operation: 'deposited', status: '1', amount: '1000' }, key);
  assert.equal((await send(`${url}/callback?${query}`)).status, 200, 'genuine GET');
  assert.equal((await send(`${url}/callback`, { method: 'POST', body: query, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 200, 'genuine POST');
  const tampered = await send(`${url}/callback?${query.replace('amount=1000', 'amount=1')}`);
  assert.equal(tampered.status, 403);
  assert.match(tampered.text, /SIGNATURE_MISMATCH/);
  assert.equal((await send(`${url}/callback?mdOrder=md-1&operation=deposited&status=1`)).status, 403, 'no checksum');
  assert.equal((await send(`${url}/callback?${query}&status=0`)).status, 403, 'parameter pollution');
}

async function cashierChecks(url) {
  const body = '{"order":{"id":77,"status":"CHARGED","description":"Оплата"}}';
  const sign = kassa.signCashierWebhook(body, PRIVATE);
  const post = (b, headers) => send(`${url}/webhook`, { method: 'POST', body: b, headers: { 'content-type': 'application/json', ...headers } });
  assert.equal((await post(body, { 'payment-sign': sign })).status, 200, 'genuine webhook');
  assert.equal((await post(JSON.stringify(JSON.parse(body), null, 2), { 'payment-sign': sign })).status, 403, 're-serialised body');
  assert.equal((await post(body.replace('CHARGED', 'REFUNDED'), { 'payment-sign': sign })).status, 403, 'tampered');
  const missing = await post(body, {});
  assert.equal(missing.status, 403);
  assert.match(missing.text, /MISSING_SIGNATURE/);
}

async function koshelekChecks(url) {
  const auth = 'Basic ' + Buffer.from('partner-7:s3cr3t').toString('base64');
  const body = '{"transactionId":"tx-1","status":"PAID","somethingNew":true}';
  const post = (b, headers) => send(`${url}/postback`, { method: 'POST', body: b, headers: { 'content-type': 'application/json', ...headers } });
  assert.equal((await post(body, { authorization: auth })).status, 200, 'genuine postback');
  assert.equal((await post(body, { authorization: 'Basic ' + Buffer.from('partner-7:guess').toString('base64') })).status, 401);
  assert.equal((await post(body, {})).status, 401, 'no credentials');
  assert.equal((await post('not json', { authorization: auth })).status, 400);
}

test('RBS Node handler (HMAC and RSA keys)', async () => {
  await rbsChecks(await startNode('rbs-node.mjs', { RBS_HMAC_KEY: HMAC_KEY }), { hmacKey: HMAC_KEY });
  await rbsChecks(await startNode('rbs-node.mjs', { RBS_PUBLIC_KEY: PUBLIC }), { privateKey: PRIVATE });
});

test('RBS Cloudflare Worker (HMAC and RSA keys)', async () => {
  await rbsChecks(await startWorker('rbs-worker.mjs', { RBS_HMAC_KEY: HMAC_KEY }), { hmacKey: HMAC_KEY });
  await rbsChecks(await startWorker('rbs-worker.mjs', { RBS_PUBLIC_KEY: PUBLIC }), { privateKey: PRIVATE });
});

test('Mobile Cashier Node handler and Worker', async () => {
  await cashierChecks(await startNode('cashier-node.mjs', { CASHIER_PUBLIC_KEY: PUBLIC }));
  await cashierChecks(await startWorker('cashier-worker.mjs', { CASHIER_PUBLIC_KEY: PUBLIC }));
  // With the default key (the reference's), a webhook signed by any other key is rejected.
  const url = await startNode('cashier-node.mjs', { CASHIER_PUBLIC_KEY: '' });
  const body = '{"order":{"id":1,"status":"CHARGED"}}';
  const res = await send(`${url}/webhook`, { method: 'POST', body, headers: { 'payment-sign': kassa.signCashierWebhook(body, PRIVATE) } });
  assert.equal(res.status, 403);
});

test('Koshelek Node handler and Worker', async () => {
  const env = { KOSHELEK_PARTNER_LOGIN: 'partner-7', KOSHELEK_PARTNER_PASSWORD: 's3cr3t' };
  await koshelekChecks(await startNode('koshelek-node.mjs', env));
  await koshelekChecks(await startWorker('koshelek-worker.mjs', env));
});
