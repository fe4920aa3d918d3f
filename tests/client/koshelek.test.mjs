// KoshelekClient against the emulator over real HTTP, through the built npm package.
// Needs: cargo build -p kassa-sandbox && make pkg. Run: node --test tests/client/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { kassa, startSandbox, unique } from './sandbox.mjs';

let sb;
let k;
let cfg;
before(async () => {
  sb = await startSandbox();
  cfg = sb.config.koshelek;
  k = new kassa.KoshelekClient({ baseUrl: cfg.baseUrl, login: cfg.login, password: cfg.password,
    storeId: cfg.storeId, terminalId: cfg.terminalId, timeoutMs: 5000 });
});
after(() => sb.stop());

const session = () => `test-session-${unique('k')}`;

test('a full payment: checkout, the buyer pays, waitForFinalStatus, refunds', async () => {
  const t = await k.request('POST', 'checkout', { cardSession: session(), amount: 5000, orderId: unique('order'), description: 'coffee' });
  assert.equal(t.status, 'PENDING');
  assert.ok(t.transactionId);
  await sb.admin('POST', `/koshelek/transactions/${t.transactionId}/pay`, {});
  const paid = await k.waitForFinalStatus(t.transactionId, { deadline: Date.now() + 10_000 });
  assert.equal(paid.status, 'PAID');
  const got = await k.request('GET', `transactions/${t.transactionId}`);
  assert.equal(got.transactionId, t.transactionId);
  await k.request('POST', `transactions/${t.transactionId}/refund`, { amount: 1000 });
  const err = await k.request('POST', `transactions/${t.transactionId}/refund`, { amount: 999_999 }).catch((e) => e);
  assert.equal(err.code, 'GATEWAY_ERROR');
  assert.equal(err.httpStatus, 422);
  assert.equal(err.errorCode, 'WRONG_TRANSACTION_STATE_CHANGE');
});

test('422 answers carry the reference codes: unknown session, unknown transaction, cancel, not paid', async () => {
  const e1 = await k.request('POST', 'checkout', { cardSession: 'nope', amount: 100 }).catch((e) => e);
  assert.equal(e1.errorCode, 'UNKNOWN_SESSION_ID');
  const e2 = await k.request('GET', 'transactions/does-not-exist').catch((e) => e);
  assert.equal(e2.errorCode, 'UNKNOWN_TRANSACTION_ID');
  const t = await k.request('POST', 'checkout', { cardSession: session(), amount: 100 });
  const e3 = await k.request('POST', `transactions/${t.transactionId}/refund`, { amount: 10 }).catch((e) => e);
  assert.equal(e3.errorCode, 'PAYMENT_TRANSACTION_IS_NOT_PAID');
  const cancelled = await k.request('POST', `transactions/${t.transactionId}/cancel`);
  assert.equal(cancelled.status, 'CANCELLED');
  const wrong = new kassa.KoshelekClient({ baseUrl: cfg.baseUrl, login: cfg.login, password: 'bad-SECRET', storeId: cfg.storeId, terminalId: cfg.terminalId });
  const e4 = await wrong.request('GET', `transactions/${t.transactionId}`).catch((e) => e);
  assert.equal(e4.code, 'UNAUTHORIZED');
  assert.ok(!e4.message.includes('bad-SECRET'));
});

test('storeId and terminalId go with every request', async () => {
  const t = await k.request('POST', 'checkout', { cardSession: session(), amount: 100 });
  await k.request('GET', `transactions/${t.transactionId}`);
  const reqs = (await sb.requests('?path=/koshelek/')).filter((r) => r.path.includes(t.transactionId) || (r.body || '').includes('checkout') || r.path.endsWith('checkout'));
  assert.ok(reqs.length >= 2, 'the checkout and the read were logged');
  for (const r of reqs) {
    const carried = r.method === 'GET' ? r.query : r.body;
    assert.ok((carried || '').includes(cfg.storeId) && (carried || '').includes(cfg.terminalId), `${r.method} ${r.path}: ${carried}`);
  }
});

test('a checkout whose answer is lost is OUTCOME_UNKNOWN and not repeated; reads retry', async () => {
  await sb.fault({ endpoint: 'checkout', kind: 'close_after', count: 1 });
  const s = session();
  const err = await k.request('POST', 'checkout', { cardSession: s, amount: 100 }).catch((e) => e);
  assert.equal(err.code, 'OUTCOME_UNKNOWN');
  const sent = (await sb.requests('?path=checkout')).filter((r) => (r.body || '').includes(s));
  assert.equal(sent.length, 1);
  const t = await k.request('POST', 'checkout', { cardSession: session(), amount: 100 });
  await sb.fault({ endpoint: `transactions/${t.transactionId}`, kind: '502', count: 1 });
  const got = await k.request('GET', `transactions/${t.transactionId}`);
  assert.equal(got.transactionId, t.transactionId);
});

test('429 with Retry-After is honoured; the timeout fires', async () => {
  const t = await k.request('POST', 'checkout', { cardSession: session(), amount: 100 });
  await sb.fault({ endpoint: `transactions/${t.transactionId}`, kind: '429', count: 1, retryAfter: 1 });
  const t0 = Date.now();
  await k.request('GET', `transactions/${t.transactionId}`);
  const took = Date.now() - t0;
  assert.ok(took >= 1000 && took < 4000, `took ${took} ms`);
  const quick = new kassa.KoshelekClient({ baseUrl: cfg.baseUrl, login: cfg.login, password: cfg.password,
    storeId: cfg.storeId, terminalId: cfg.terminalId, timeoutMs: 300, maxRetries: 0 });
  await sb.fault({ endpoint: `transactions/${t.transactionId}`, kind: 'delay', count: 1, delayMs: 3000 });
  const err = await quick.request('GET', `transactions/${t.transactionId}`).catch((e) => e);
  assert.equal(err.code, 'TIMEOUT');
  await sb.clearFaults();
});
