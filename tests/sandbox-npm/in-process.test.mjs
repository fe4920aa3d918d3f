// createSandbox()'s own surface in Node: fetch (paths, redirects, dropped connections), the logs,
// faults, deliver, the clock (`advance`, manual timers, a caller clock), close. Needs
// scripts/build-sandbox-pkg.sh (target/sandbox-npm/, or KASSA_SANDBOX_PKG).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { repoRoot } from '../runtime/tools.mjs';

const { createSandbox, IN_PROCESS_PORT } = await import(process.env.KASSA_SANDBOX_PKG ?? path.join(repoRoot, 'target/sandbox-npm/node.mjs'));
const kassa = await import(path.join(repoRoot, 'pkg/node.mjs'));
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const AUTH = { userName: 'sandbox-hmac-api', password: 'sandbox-hmac' };

async function register(sandbox, fields = {}) {
  const r = await sandbox.fetch('/payment/rest/register.do', {
    method: 'POST', headers: FORM,
    body: new URLSearchParams({ ...AUTH, orderNumber: `n-${Math.random()}`, amount: '1000', returnUrl: 'http://127.0.0.1:9/back', ...fields }),
  });
  return r.json();
}

async function payOnPage(sandbox, orderId, redirect = 'manual') {
  return sandbox.fetch('/payment/merchants/sandbox/pay', {
    method: 'POST', headers: FORM, redirect,
    body: new URLSearchParams({ mdOrder: orderId, pan: '4111111111111111', expiry: '12/30', cvc: '123', action: 'pay' }),
  });
}

test('config, paths, logs, faults, close', async () => {
  const sandbox = await createSandbox();
  assert.equal(sandbox.config.port, IN_PROCESS_PORT);
  assert.equal(sandbox.config.rbs.baseUrl, `http://127.0.0.1:${IN_PROCESS_PORT}/payment/rest/`);
  assert.deepEqual(await (await sandbox.fetch('/__admin/config')).json(), sandbox.config);
  const reg = await register(sandbox);
  assert.match(reg.orderId, /^[0-9a-f-]{36}$/);
  const requests = await sandbox.requests({ path: 'register.do' });
  assert.equal(requests.length, 1);
  assert.equal(requests[0].host, `127.0.0.1:${IN_PROCESS_PORT}`);
  // A URL of another host is refused: the sandbox answers only its own URLs.
  await assert.rejects(sandbox.fetch('http://example.test/'), TypeError);
  // Faults: a 502, then a dropped connection (a TypeError, as fetch reports one).
  await sandbox.faults.add([{ endpoint: 'register.do', kind: '502' }, { endpoint: 'getOrderStatus.do', kind: 'close_after' }]);
  assert.equal((await sandbox.faults.list()).length, 2);
  const hit = await sandbox.fetch('/payment/rest/register.do', { method: 'POST', headers: FORM, body: new URLSearchParams(AUTH) });
  assert.equal(hit.status, 502);
  await assert.rejects(sandbox.fetch('/payment/rest/getOrderStatus.do', { method: 'POST', headers: FORM, body: new URLSearchParams({ ...AUTH, orderId: reg.orderId }) }),
    (err) => err instanceof TypeError && /closed the connection/.test(err.message));
  await sandbox.faults.clear();
  assert.equal((await sandbox.faults.list()).length, 0);
  // A CORS preflight is answered like over HTTP.
  const preflight = await sandbox.fetch('/payment/rest/register.do', { method: 'OPTIONS', headers: { origin: 'http://app.test', 'access-control-request-headers': 'x-a' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://app.test');
  await sandbox.reset();
  assert.equal((await sandbox.requests()).length, 1, 'only the reset itself is logged after a reset');
  sandbox.close();
  await assert.rejects(sandbox.fetch('/__admin/config'), TypeError);
});

test('redirects: manual gives the 303, follow ends on the sandbox page it points to', async () => {
  const sandbox = await createSandbox();
  const a = await register(sandbox, { returnUrl: `http://127.0.0.1:${IN_PROCESS_PORT}/echo/back` });
  const manual = await payOnPage(sandbox, a.orderId);
  assert.ok([302, 303].includes(manual.status));
  assert.match(manual.headers.get('location'), new RegExp(`/echo/back\\?orderId=${a.orderId}`));
  const b = await register(sandbox, { returnUrl: `http://127.0.0.1:${IN_PROCESS_PORT}/echo/back` });
  const followed = await payOnPage(sandbox, b.orderId, 'follow');
  assert.equal(followed.status, 200);
  assert.equal(followed.redirected, true);
  assert.match(followed.url, /\/echo\/back\?orderId=/);
  assert.match(await followed.text(), /kassa-received/);
  sandbox.close();
});

test('deliver: a signed callback reaches the caller in process and verifies', async () => {
  const received = [];
  const sandbox = await createSandbox({
    merchantCallbackUrl: 'http://127.0.0.1:3000/callback',
    deliver: async (request) => {
      received.push(request);
      return new Response('OK');
    },
  });
  const reg = await register(sandbox);
  await (await payOnPage(sandbox, reg.orderId)).arrayBuffer();
  const delivered = async () => (await sandbox.notifications({ gateway: 'rbs', orderId: reg.orderId }))[0]?.delivered;
  for (let i = 0; i < 100 && !(await delivered()); i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(received.length, 1);
  assert.equal(new URL(received[0].url).pathname, '/callback');
  const callback = await new kassa.RbsCallbackVerifier({ hmacKey: sandbox.config.rbs.hmacKey }).verifyRequest(received[0]);
  assert.equal(callback.mdOrder, reg.orderId);
  assert.equal(callback.isPaymentSuccess, true);
  const [n] = await sandbox.notifications({ gateway: 'rbs', orderId: reg.orderId });
  assert.equal(n.delivered, true);
  assert.deepEqual(n.attempts.map((a) => a.status), [200]);
  sandbox.close();
});

test('manual timers: advance() runs the retries at their interval and expires unpaid orders', async () => {
  let calls = 0;
  const sandbox = await createSandbox({
    timers: 'manual', callbackAttempts: 3, callbackIntervalMs: 30_000,
    merchantCallbackUrl: 'http://127.0.0.1:3000/callback',
    deliver: async () => new Response('', { status: ++calls < 3 ? 500 : 200 }),
  });
  const reg = await register(sandbox);
  await (await payOnPage(sandbox, reg.orderId)).arrayBuffer();
  await sandbox.advance(0);
  const attempts = async () => (await sandbox.notifications({ orderId: reg.orderId }))[0].attempts;
  assert.equal((await attempts()).length, 1, 'the first attempt is immediate');
  await sandbox.advance(29_999);
  assert.equal((await attempts()).length, 1, 'no retry before the interval');
  await sandbox.advance(1);
  assert.equal((await attempts()).length, 2);
  const start = sandbox.now();
  await sandbox.advance(60_000);
  const all = await attempts();
  assert.deepEqual(all.map((a) => a.status), [500, 500, 200]);
  assert.equal(all[2].time - all[1].time, 30_000);
  assert.ok(sandbox.now() >= start + 60_000);
  // An unpaid order past sessionTimeoutSecs (default 1200 s) is declined by the expiry check.
  const unpaid = await register(sandbox);
  await sandbox.advance(1_200_000 + 500);
  const status = await (await sandbox.fetch('/payment/rest/getOrderStatusExtended.do', {
    method: 'POST', headers: FORM, body: new URLSearchParams({ ...AUTH, orderId: unpaid.orderId }),
  })).json();
  assert.equal(status.orderStatus, 6);
  assert.equal(status.actionCode, -2007);
  sandbox.close();
});

test('a caller clock: the sandbox reads time from now()', async () => {
  let clock = Date.UTC(2030, 0, 2, 3, 4, 5);
  const sandbox = await createSandbox({ now: () => clock, timers: 'manual' });
  assert.equal(sandbox.now(), clock);
  const reg = await register(sandbox);
  const requests = await sandbox.requests({ path: 'register.do' });
  assert.equal(requests[0].time, Date.UTC(2030, 0, 2, 3, 4, 5));
  clock += 1_200_000 + 1000;
  await sandbox.advance(0);
  const status = await (await sandbox.fetch('/payment/rest/getOrderStatusExtended.do', {
    method: 'POST', headers: FORM, body: new URLSearchParams({ ...AUTH, orderId: reg.orderId }),
  })).json();
  assert.equal(status.orderStatus, 6, 'expired by the caller clock');
  sandbox.close();
});

test('options are checked', async () => {
  await assert.rejects(createSandbox({ port: 0 }), TypeError);
  await assert.rejects(createSandbox({ timers: 'fast' }), TypeError);
  await assert.rejects(createSandbox({ deliver: 'x' }), TypeError);
  await assert.rejects(createSandbox({ args: ['--bogus'] }), /unknown argument --bogus/);
});
