// KoshelekClient (Koshelek Pay v1) through the built npm package: against the emulator over real
// HTTP (every method, the 201 polling path, refusals, idempotent retries), and against a scripted
// server (requestId stable across a dropped answer, the token function, waitForFinalStatus's
// timing rules and TIMEOUT).
// Needs: cargo build -p kassa-sandbox && make pkg. Run: node --test tests/client/koshelek.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { kassa, startSandbox, unique } from './sandbox.mjs';
import { scriptedServer } from './scripted-server.mjs';

let sb;
let k;
let cfg;
const M = 'api/v1/merchant/';
before(async () => {
  sb = await startSandbox();
  cfg = sb.config.koshelek;
  k = client();
});
after(() => sb.stop());

function client(extra = {}) {
  return new kassa.KoshelekClient({ baseUrl: cfg.baseUrl, login: cfg.login, password: cfg.password,
    storeId: cfg.storeId, terminalId: cfg.terminalId, timeoutMs: 5000, token: 'fp-123456', ...extra });
}

/** A test cardSession: `prefix` picks the emulator's behaviour (see the startup line). */
const session = (prefix = 'OK') => `${prefix}${unique('').replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 32);
const item = (name, price, quantity = 1) => ({ name, article: `a-${name}`, price, quantity, totalAmount: price * quantity, tax: 'vat20' });
const invoice = (items) => ({ orderId: unique('o'), totalAmount: items.reduce((s, i) => s + i.totalAmount, 0), items });
const buy = (cardSession, items = [item('tea', 300), item('cake', 700)]) => ({
  cardSession, checkoutInvoice: invoice(items), user: { loyaltyId: 'loyal-1' }, paymentMethods: [{ type: 'SBP' }],
});
const hdr = (q, name) => (Array.isArray(q.headers) ? q.headers.find(([h]) => h.toLowerCase() === name)?.[1] : q.headers?.[name]);
const logged = async (suffix) => (await sb.requests(`?path=${encodeURIComponent(suffix)}`)).filter((r) => r.path.endsWith(suffix));

test('a full payment: availability, checkout, waitForFinalStatus, receipt, partial and full refunds', async () => {
  const cardSession = session();
  const a = await k.availabilityInfo({ cardSession, checkoutInvoice: invoice([item('tea', 500)]), user: { loyaltyId: 'loyal-1' } });
  assert.equal(a.koshelekPayIsDefault, true);
  assert.ok(a.paymentTypeAvailabilityInfoList.some((p) => p.paymentType === 'SBP' && p.available));
  assert.match(a.requestId, /^[0-9a-f-]{36}$/);
  const c = await k.checkout(buy(cardSession));
  assert.equal(c.status, 'new');
  assert.match(c.requestId, /^[0-9a-f-]{36}$/);
  assert.notEqual(c.requestId, a.requestId, 'one requestId per call');
  const paid = await k.waitForFinalStatus(c.transactionId, { deadline: Date.now() + 10_000 });
  assert.equal(paid.status, 'accepted');
  assert.equal(paid.slip.paymentTransactionId, c.transactionId);
  const st = await k.transactionStatus({ transactionId: c.transactionId });
  assert.equal(st.status, 'accepted');
  const r = await k.receipt({ transactionId: c.transactionId, invoice: {
    orderId: 'o-1', receiptId: 'r-1', merchantName: 'Shop', merchantAddress: 'Street 1', inn: '007700000000', dateTime: '2026-12-01T12:00:00+03:00',
    shift: '1', cashier: 'Anna', receiptType: 'debit', totalAmount: 1000, QR: 't=1', items: [item('tea', 300), item('cake', 700)] } });
  assert.match(r.requestId, /^[0-9a-f-]{36}$/, 'the empty 200 resolves with the requestId');
  const part = await k.refund({ transactionId: c.transactionId, refundAmount: 300, items: [item('tea', 300)] });
  assert.equal(part.refStatus, 'accepted');
  assert.equal(part.status, 'partial_refunded');
  const rest = await k.refund({ transactionId: c.transactionId, refAmount: 700, items: [{ ...item('cake', 700), subtotalAmount: 700 }] });
  assert.equal(rest.status, 'refunded');
  const again = await k.refund({ transactionId: c.transactionId, refundAmount: 300, items: [item('tea', 300)] }).catch((e) => e);
  assert.equal(again.code, 'GATEWAY_ERROR');
  assert.equal(again.errorCode, 'TERMINAL_STATE_OF_PAYMENT_TRANSACTION');
  assert.equal(again.details.refStatus, 'rejected', 'details is the whole answer');

  // The wire: the reference's paths, storeId/terminalId where bodies have them, token on three calls.
  for (const [suffix, token, store] of [['availability-info/task', true, true], ['checkout', true, true],
    ['transaction/status', false, false], ['transaction/receipt', false, true], ['transaction/refund', true, true]]) {
    const reqs = await logged(`/koshelek/sandbox/${M}${suffix}`);
    assert.ok(reqs.length >= 1, suffix);
    for (const q of reqs) {
      const body = JSON.parse(q.body);
      assert.equal(body.storeId === cfg.storeId && body.terminalId === cfg.terminalId, store, `${suffix} store`);
      assert.equal(hdr(q, 'token') === 'fp-123456', token, `${suffix} token ${JSON.stringify(q.headers)}`);
      assert.ok(body.requestId, suffix);
    }
  }
  const task = (await logged(`${M}availability-info/task`)).map((q) => JSON.parse(q.body)).find((b) => b.cardsession === cardSession);
  assert.ok(task && task.cardSession === undefined, 'the task gets its own spelling, cardsession');
});

test('availabilityInfo follows a 201 with polls until computationComplete', async () => {
  const cardSession = session('ASYNC');
  const t0 = Date.now();
  const a = await k.availabilityInfo({ cardsession: cardSession, checkoutInvoice: invoice([item('tea', 500)]), user: { loyaltyId: 'u' } });
  assert.ok(Date.now() - t0 >= 350, 'waited the timeout first');
  assert.equal(a.computationComplete, true);
  assert.ok(a.availabilityInfoId);
  const polls = await logged(`${M}availability-info/${a.availabilityInfoId}`);
  assert.ok(polls.length >= 1 && polls.every((p) => p.method === 'GET'));
  const late = await k.availabilityInfo({ cardSession: session('ASYNC'), checkoutInvoice: invoice([item('tea', 500)]), user: { loyaltyId: 'u' } },
    { deadline: Date.now() + 100 }).catch((e) => e);
  assert.equal(late.code, 'TIMEOUT');
});

test('refusals: 200 rejected with errorCode is GATEWAY_ERROR; 422 codes; cancel only before completion', async () => {
  const small = await k.checkout(buy(session(), [item('gum', 300)])).catch((e) => e);
  assert.equal(small.code, 'GATEWAY_ERROR');
  assert.equal(small.errorCode, 'TOTAL_AMOUNT_IS_TOO_SMALL');
  assert.equal(small.httpStatus, 200);
  assert.equal(small.details.status, 'rejected');
  const limit = await k.checkout(buy(session('LIMIT')));
  const declined = await k.waitForFinalStatus(limit.transactionId, { deadline: Date.now() + 10_000 }).catch((e) => e);
  assert.equal(declined.code, 'GATEWAY_ERROR');
  assert.equal(declined.errorCode, 'NOT_ENOUGH_LIMIT_TO_PAY');
  const busy = await k.checkout(buy(session('BUSY')));
  const inProcessing = await k.transactionStatus({ transactionId: busy.transactionId }).catch((e) => e);
  assert.equal(inProcessing.errorCode, 'TRANSACTION_IN_PROCESSING');
  const settled = await k.waitForFinalStatus(busy.transactionId, { deadline: Date.now() + 10_000 });
  assert.equal(settled.status, 'accepted', 'TRANSACTION_IN_PROCESSING counts as pending');
  const unknown = await k.checkout(buy('000000')).catch((e) => e);
  assert.equal(unknown.httpStatus, 422);
  assert.equal(unknown.errorCode, 'UNKNOWN_SESSION_ID');
  const missing = await k.transactionStatus({ transactionId: 'no-such' }).catch((e) => e);
  assert.equal(missing.errorCode, 'UNKNOWN_TRANSACTION_ID');
  const held = await k.checkout(buy(session('HOLD')));
  const c = await k.cancel({ transactionId: held.transactionId });
  assert.equal(c.refStatus, 'accepted');
  assert.equal(c.status, 'canceled');
  const byRef = await k.transactionStatus({ refTransactionId: c.refTransactionId });
  assert.equal(byRef.refStatus, 'accepted');
  const done = await k.checkout(buy(session()));
  await k.waitForFinalStatus(done.transactionId, { deadline: Date.now() + 10_000 });
  const late = await k.cancel({ transactionId: done.transactionId });
  assert.equal(late.refStatus, 'rejected', 'a declined cancel resolves: read refStatus');
  assert.equal(late.status, 'accepted');
  const odd = await k.refund({ transactionId: done.transactionId, refundAmount: 14, items: [{ ...item('tea', 14) }] }).catch((e) => e);
  assert.ok(odd.code === 'GATEWAY_ERROR', odd.message);
  const wrong = client({ password: 'bad-SECRET' });
  const e = await wrong.transactionStatus({ transactionId: done.transactionId }).catch((x) => x);
  assert.equal(e.code, 'UNAUTHORIZED');
  assert.ok(!e.message.includes('bad-SECRET'));
});

test('a checkout whose answer is lost is repeated with the same requestId: one payment', async () => {
  await sb.fault({ endpoint: 'checkout', kind: 'close_after', count: 1 });
  const cardSession = session();
  const c = await k.checkout(buy(cardSession));
  const sent = (await logged(`${M}checkout`)).filter((q) => (q.body || '').includes(cardSession));
  assert.equal(sent.length, 2, 'sent twice');
  assert.equal(JSON.parse(sent[0].body).requestId, JSON.parse(sent[1].body).requestId);
  assert.equal(JSON.parse(sent[0].body).requestId, c.requestId);
  const payments = (await sb.admin('GET', '/koshelek/v1/transactions')).transactions.filter((t) => t.cardSession === cardSession);
  assert.equal(payments.length, 1, 'the emulator replayed the first answer');
  // The caller's requestId wins, and a repeat returns the first call's answer.
  const mine = unique('rid').slice(0, 36);
  const body = { ...buy(session()), requestId: mine };
  const first = await k.checkout(body);
  const repeat = await k.checkout(body);
  assert.equal(first.requestId, mine);
  assert.equal(repeat.transactionId, first.transactionId);
  const bad = await k.checkout({ ...body, requestId: 'x'.repeat(37) }).catch((e) => e);
  assert.equal(bad.code, 'INVALID_ARGUMENT');
  await sb.clearFaults();
});

test('scripted: a dropped answer is retried with the same requestId and token; the token function', async () => {
  const srv = await scriptedServer((req, nth) => (req.path.endsWith('/checkout') && nth === 1 ? 'drop'
    : { body: { requestId: JSON.parse(req.body || '{}').requestId, transactionId: 't-1', status: 'new' } }));
  try {
    let calls = 0;
    const kc = new kassa.KoshelekClient({ baseUrl: `${srv.url}/p/`, login: 'l', password: 'p', storeId: 's', terminalId: 't',
      token: async () => { calls += 1; return `tok-${calls}`; } });
    const c = await kc.checkout(buy('S1'));
    const sent = srv.requests.filter((r) => r.path === '/p/api/v1/merchant/checkout');
    assert.equal(sent.length, 2);
    assert.equal(sent[0].body, sent[1].body, 'the same bytes, the same requestId');
    assert.equal(JSON.parse(sent[0].body).requestId, c.requestId);
    assert.equal(sent[0].headers.token, 'tok-1');
    assert.equal(sent[1].headers.token, 'tok-1', 'the token of the call, on its retry');
    assert.equal(calls, 1);
    await kc.cancel({ transactionId: 't-1' });
    assert.equal(calls, 1, 'cancel needs no token');
    assert.equal(srv.requests.at(-1).headers.token, undefined);
    await kc.refund({ transactionId: 't-1', refundAmount: 5, items: [item('x', 5)] });
    assert.equal(calls, 2);
    assert.equal(srv.requests.at(-1).headers.token, 'tok-2');
    const sync = new kassa.KoshelekClient({ baseUrl: `${srv.url}/p/`, login: 'l', password: 'p', storeId: 's', terminalId: 't', token: () => 'plain' });
    await sync.checkout(buy('S2'));
    assert.equal(srv.requests.at(-1).headers.token, 'plain');
    const before = srv.requests.length;
    for (const token of [() => { throw new Error('SECRET-x'); }, async () => 42, () => 'a b']) {
      const bad = new kassa.KoshelekClient({ baseUrl: `${srv.url}/p/`, login: 'l', password: 'p', storeId: 's', terminalId: 't', token });
      const e = await bad.checkout(buy('S3')).catch((x) => x);
      assert.equal(e.code, 'INVALID_ARGUMENT');
      assert.ok(!e.message.includes('SECRET'));
    }
    const none = new kassa.KoshelekClient({ baseUrl: `${srv.url}/p/`, login: 'l', password: 'p', storeId: 's', terminalId: 't' });
    assert.equal((await none.checkout(buy('S4')).catch((x) => x)).code, 'INVALID_ARGUMENT');
    assert.equal(srv.requests.length, before, 'nothing was sent');
    assert.throws(() => new kassa.KoshelekClient({ baseUrl: `${srv.url}/p/`, login: 'l', password: 'p', storeId: 's', terminalId: 't', token: 5 }),
      (e) => e.code === 'INVALID_ARGUMENT');
    assert.throws(() => new kassa.KoshelekClient({ login: 'l', password: 'p', storeId: 's', terminalId: 't' }),
      (e) => e.code === 'INVALID_ARGUMENT' && /baseUrl is required/.test(e.message));
  } finally {
    await srv.close();
  }
});

test('scripted: waitForFinalStatus waits 250–500 ms, then queries at most every 250 ms, then TIMEOUT saying cancel', async () => {
  const at = [];
  const srv = await scriptedServer((req) => {
    at.push(Date.now());
    return { body: { requestId: JSON.parse(req.body).requestId, transactionId: 't-9', status: 'pending' } };
  });
  try {
    const kc = new kassa.KoshelekClient({ baseUrl: `${srv.url}/p/`, login: 'l', password: 'p', storeId: 's', terminalId: 't' });
    const t0 = Date.now();
    const e = await kc.waitForFinalStatus('t-9', { deadline: t0 + 2500 }).catch((x) => x);
    const took = Date.now() - t0;
    assert.equal(e.code, 'TIMEOUT');
    assert.match(e.message, /cancel/);
    assert.equal(e.details.status, 'pending', 'the last answer');
    assert.ok(took >= 2400 && took < 4000, `took ${took} ms`);
    assert.ok(at[0] - t0 >= 240 && at[0] - t0 <= 700, `first query after ${at[0] - t0} ms`);
    for (let i = 1; i < at.length; i += 1) assert.ok(at[i] - at[i - 1] >= 240, `queries ${at[i] - at[i - 1]} ms apart`);
    const ids = srv.requests.map((r) => JSON.parse(r.body).requestId);
    assert.equal(new Set(ids).size, ids.length, 'one requestId per query');
    assert.ok(srv.requests.every((r) => r.path === '/p/api/v1/merchant/transaction/status' && r.method === 'POST'));
  } finally {
    await srv.close();
  }
});

test('postbacks: the emulator POSTs transaction/status objects with Basic auth; the verifier types them', async () => {
  const http = await import('node:http');
  const got = [];
  const verifier = new kassa.KoshelekPostbackVerifier({ login: cfg.partnerLogin, password: cfg.partnerPassword });
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push(verifier.check(req.headers.authorization ?? null, Buffer.concat(chunks)));
      res.writeHead(200).end('OK');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    await sb.admin('POST', '/koshelek/config', { postbackUrl: `http://127.0.0.1:${server.address().port}/koshelek` });
    const c = await k.checkout(buy(session()));
    await k.waitForFinalStatus(c.transactionId, { deadline: Date.now() + 10_000 });
    await k.refund({ transactionId: c.transactionId, refundAmount: 300, items: [item('tea', 300)] });
    await k.refund({ transactionId: c.transactionId, refundAmount: 700, items: [item('cake', 700)] });
    const mine = () => got.filter((r) => r.valid && r.postback.transactionId === c.transactionId).map((r) => r.postback);
    for (let i = 0; i < 50 && !mine().some((p) => p.status === 'refunded'); i += 1) await new Promise((r) => setTimeout(r, 100));
    const ps = mine();
    assert.ok(got.every((r) => r.valid), 'every postback verified');
    assert.deepEqual(ps.map((p) => p.status), ['pending', 'accepted', 'partial_refunded', 'refunded']);
    const accepted = ps[1];
    assert.equal(accepted.slip.paymentTransactionId, c.transactionId);
    assert.equal(accepted.paymentGroup, 'SBP');
    assert.equal(accepted.body.transactionId, c.transactionId);
    assert.equal(new Set(ps.map((p) => p.dedupeKey)).size, ps.length, 'one dedupeKey per event');
    const forged = verifier.check(`Basic ${Buffer.from(`${cfg.partnerLogin}:nope`).toString('base64')}`, '{}');
    assert.equal(forged.valid, false);
    assert.equal(forged.code, 'UNAUTHORIZED');
  } finally {
    await sb.admin('POST', '/koshelek/config', { postbackUrl: null });
    server.close();
  }
});
