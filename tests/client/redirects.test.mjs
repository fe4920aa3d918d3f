// Clients never follow a redirect, in Node and in Deno: a local "gateway" answers every request
// with a 302 or 307 to a second local server on another port. Every call must end in
// REDIRECT_REFUSED (with httpStatus) naming only the target's host, the second server must receive
// nothing (RBS userName/password and Mobile Cashier's login body are in the request bodies), and
// no message may carry the target's path or query or any credential.
// Needs: bash scripts/build-pkg.sh. Run: node --test tests/client/redirects.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { scriptedServer } from './scripted-server.mjs';
import { scenario, SECRETS } from './redirect-scenario.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const kassa = await import(path.join(root, 'pkg/node.mjs'));
const deno = path.join(root, 'node_modules/.bin/deno');

async function servers(status) {
  const target = await scriptedServer(() => ({ body: { orderId: 'EVIL', formUrl: 'https://evil', success: true, accessToken: 'EVIL' } }));
  const gateway = await scriptedServer(() => ({ status, body: '', headers: { location: `${target.url}/steal/path?userName=${SECRETS[0]}&token=abc#frag` } }));
  return { target, gateway, close: async () => { await gateway.close(); await target.close(); } };
}

function check(results, status, target, gateway, runtime) {
  assert.equal(results.length, 5, runtime);
  for (const r of results) {
    const label = `${runtime} ${status} ${r.name}`;
    assert.equal(r.resolved, undefined, `${label}: must not resolve (${r.resolved})`);
    assert.equal(r.kassa, true, `${label}: a KassaError`);
    assert.equal(r.code, 'REDIRECT_REFUSED', `${label}: ${r.message}`);
    assert.equal(r.httpStatus, status, label);
    assert.ok(r.message.includes(`127.0.0.1:${target.port}`), `${label}: names the target host: ${r.message}`);
    for (const leak of ['/steal', 'path?', 'userName=', 'token=', 'frag', ...SECRETS]) {
      assert.ok(!r.message.includes(leak), `${label}: message shows ${leak}: ${r.message}`);
    }
  }
  assert.equal(target.requests.length, 0, `${runtime} ${status}: the redirect target received nothing`);
  // Each call reached the gateway once (RBS register is money-moving: no status query after it).
  assert.equal(gateway.count('register.do'), 1, runtime);
  assert.equal(gateway.count('getOrderStatusExtended.do'), 1, runtime);
  assert.equal(gateway.count('/public/login'), 2, runtime);
  assert.equal(gateway.count('/checkout'), 1, runtime);
}

for (const status of [302, 307]) {
  test(`Node: a ${status} to another origin is REDIRECT_REFUSED and nothing reaches it`, async () => {
    const s = await servers(status);
    try {
      globalThis.KASSA_GATEWAY_URL = s.gateway.url;
      check(await scenario(kassa), status, s.target, s.gateway, 'node');
    } finally {
      await s.close();
    }
  });

  test(`Deno: a ${status} to another origin is REDIRECT_REFUSED and nothing reaches it`, { skip: !fs.existsSync(deno) && 'no deno binary' }, async () => {
    const s = await servers(status);
    try {
      const denoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-deno-'));
      const child = spawn(deno, ['run', '--no-prompt', '--allow-net=127.0.0.1', path.join(here, 'redirect-deno.mjs'), s.gateway.url], {
        cwd: root, env: { ...process.env, DENO_DIR: denoDir, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      const code = await new Promise((resolve) => child.on('close', resolve));
      fs.rmSync(denoDir, { recursive: true, force: true });
      const line = stdout.split('\n').find((l) => l.startsWith('KASSA_REDIRECT_RESULTS '));
      assert.ok(line, `deno exited ${code}: ${stderr}`);
      check(JSON.parse(line.slice('KASSA_REDIRECT_RESULTS '.length)), status, s.target, s.gateway, 'deno');
    } finally {
      await s.close();
    }
  });
}
