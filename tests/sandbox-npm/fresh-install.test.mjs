// Issue 15's check: in a fresh directory with no Rust toolchain on PATH, install the kassa and
// kassa-sandbox tarballs, start `npx kassa-sandbox --port 0`, run a full RBS and Mobile Cashier
// payment over HTTP with kassa's clients and verify the notifications; then the same in process
// through `createSandbox().fetch`, in Node and in Deno. Needs `make pkg`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../lib/proc.mjs';
import { bin } from '../runtime/tools.mjs';
import { EXPECTED } from './scenario.mjs';
import { freshProject, projectEnv, results, IN_PROCESS, OVER_HTTP } from './project.mjs';

let dir;
let env;
before(async () => {
  dir = await freshProject('fresh');
  env = projectEnv(dir);
  fs.writeFileSync(path.join(dir, 'in-process.mjs'), IN_PROCESS);
  fs.writeFileSync(path.join(dir, 'over-http.mjs'), OVER_HTTP);
});
after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

test('no Rust toolchain on the PATH the project runs with', () => {
  for (const tool of ['cargo', 'rustc', 'rustup']) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { env: { ...process.env, ...env } });
    assert.notEqual(r.status, 0, `${tool} is on PATH: ${r.stdout}`);
  }
  assert.ok(fs.existsSync(path.join(dir, 'node_modules/kassa-sandbox/kassa_sandbox_bg.wasm')));
});

/** Starts `npx kassa-sandbox ARGS` in the project; resolves to { info, child, stderr() }. */
function startNpx(args) {
  const child = spawn('npx', ['--no-install', 'kassa-sandbox', ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no startup line in 30 s\n${err}`)); }, 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) { clearTimeout(timer); resolve({ info: JSON.parse(out.slice(0, nl)), child, stderr: () => err }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`npx kassa-sandbox exited with ${code}\n${err}`)); });
  });
}

test('npx kassa-sandbox --port 0: the startup line, both payments over HTTP, SIGTERM stops it', async () => {
  const sb = await startNpx(['--port', '0', '--callback-interval-ms', '100']);
  try {
    const { info } = sb;
    assert.ok(info.port > 0);
    assert.equal(info.baseUrl, `http://127.0.0.1:${info.port}`);
    assert.equal(info.rbs.baseUrl, `${info.baseUrl}/payment/rest/`);
    assert.equal(info.callbackIntervalMs, 100);
    assert.equal(info.kassaSandbox, '0.1.0');
    const r = await run('node', ['over-http.mjs', JSON.stringify(info)], { cwd: dir, env, timeoutMs: 60_000 });
    const { got, rejected } = results(r);
    assert.deepEqual(got, EXPECTED);
    assert.equal(rejected, 0);
    const logged = await (await fetch(`${info.admin}/notifications`)).json();
    assert.ok(logged.notifications.some((n) => n.gateway === 'rbs' && n.delivered), 'an RBS callback delivered');
    assert.ok(logged.notifications.some((n) => n.gateway === 'cashier' && n.delivered), 'a webhook delivered');
    assert.match(sb.stderr(), /kassa-sandbox POST \/payment\/rest\/register\.do 200/);
  } finally {
    const exited = new Promise((resolve) => sb.child.once('exit', (code, signal) => resolve({ code, signal })));
    sb.child.kill('SIGTERM');
    const { code, signal } = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 10_000))]);
    assert.ok(code === 0 || signal === 'SIGTERM', `stopped by SIGTERM (exit ${code}, signal ${signal})`);
  }
});

test('npx kassa-sandbox: a bad flag exits 2 with the usage, --help exits 0', async () => {
  const bad = await run('npx', ['--no-install', 'kassa-sandbox', '--bogus'], { cwd: dir, env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown argument --bogus[\s\S]*USAGE: kassa-sandbox/);
  const help = await run('npx', ['--no-install', 'kassa-sandbox', '--help'], { cwd: dir, env });
  assert.equal(help.code, 0);
});

test('createSandbox().fetch in Node: both payments in process, notifications through deliver', async () => {
  const r = await run('node', ['in-process.mjs'], { cwd: dir, env, timeoutMs: 60_000 });
  const { got, rejected, notifications } = results(r);
  assert.deepEqual(got, EXPECTED);
  assert.equal(rejected, 0);
  assert.ok(notifications >= 2);
});

test("README's emulator example passes under node --test in the fresh project", async () => {
  const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## The gateway emulator'));
  const example = /```js\n([\s\S]*?)```/.exec(section)[1];
  assert.match(example, /createSandbox/);
  fs.writeFileSync(path.join(dir, 'readme.test.mjs'), example);
  // Not as a child of this test runner (NODE_TEST_CONTEXT would make it report to this one).
  const { NODE_TEST_CONTEXT, ...outer } = process.env;
  const r = spawnSync('node', ['--test', '--test-reporter=tap', 'readme.test.mjs'], { cwd: dir, env: { ...outer, ...env }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /# pass 1\n/);
});

test('the TypeScript declarations: strict tsc over a usage file with both packages installed', async () => {
  fs.copyFileSync(new URL('./types.ts', import.meta.url), path.join(dir, 'types.ts'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], module: 'esnext', moduleResolution: 'bundler' },
    files: ['types.ts'],
  }));
  const r = await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: dir, env });
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('createSandbox().fetch in Deno (no permissions): both payments in process', async () => {
  const r = await run(bin('deno'), ['run', '--no-prompt', 'in-process.mjs'], {
    cwd: dir, env: { ...env, DENO_DIR: path.join(dir, '.deno') }, timeoutMs: 120_000,
  });
  const { got, rejected } = results(r);
  assert.deepEqual(got, EXPECTED);
  assert.equal(rejected, 0);
});
