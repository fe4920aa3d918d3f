// Money moves at most once: the clients over real HTTP (the built package, pkg/node.mjs) against a
// scripted local server that counts requests per path. A money-moving RBS call is sent a second
// time only when getOrderStatusExtended proves the order absent (errorCode 6); every other status
// answer ends in OUTCOME_UNKNOWN with what is known in details. Mobile Cashier and Koshelek
// repeat only with the same idempotency key. Needs: bash scripts/build-pkg.sh. Run:
// node --test tests/client/money-once.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { scriptedServer, rbsAnswers as A } from './scripted-server.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const kassa = await import(path.join(root, 'pkg/node.mjs'));

const REST = '/payment/rest/';
const STATUS = 'getOrderStatusExtended.do';

/** Runs `fn(client, server)` against a server answering `routes[path suffix](req, nth)`. */
async function withRbs(routes, fn, options = {}) {
  const server = await scriptedServer((req, nth) => {
    const name = Object.keys(routes).find((k) => req.path.endsWith(k));
    if (!name) return { status: 404, body: 'no route' };
    const r = routes[name];
    return typeof r === 'function' ? r(req, nth) : Array.isArray(r) ? r[Math.min(nth, r.length) - 1] : r;
  });
  try {
    const rbs = new kassa.RbsClient({ baseUrl: server.url + REST, userName: 'shop-api', password: 'pw-SECRET-1',
      timeoutMs: 2000, ...options });
    return await fn(rbs, server);
  } finally {
    await server.close();
  }
}

async function rejection(p) {
  try {
    const v = await p;
    assert.fail(`expected a rejection, got ${JSON.stringify(v)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.ok(e instanceof kassa.KassaError, `a KassaError, got ${e}`);
    assert.ok(!e.message.includes('pw-SECRET'), 'no password in the message');
    return e;
  }
}

const REGISTER = { orderNumber: 'A-1', amount: 1000, returnUrl: 'https://shop.test/ok' };

test('register: dropped, then proven absent (errorCode 6): sent exactly once more', async () => {
  await withRbs({
    'register.do': ['drop', { body: { orderId: 'md-2', formUrl: 'https://gw/pay?mdOrder=md-2' } }],
    [STATUS]: A.notFound,
  }, async (rbs, s) => {
    const r = await rbs.register(REGISTER);
    assert.equal(r.orderId, 'md-2');
    assert.equal(s.count('register.do'), 2);
    assert.equal(s.count(STATUS), 1);
    const [first, second] = s.requests.filter((q) => q.path.endsWith('register.do'));
    assert.equal(first.body, second.body, 'the same bytes');
    assert.match(s.requests.find((q) => q.path.endsWith(STATUS)).body, /orderNumber=A-1/);
  });
});

// Each status answer that does NOT prove absence: the register is never repeated.
const notProof = [
  ['errorCode 5 (access denied)', A.accessDenied, { code: 'GATEWAY_ERROR', errorCode: '5' }, 1],
  ['errorCode 7 (system error)', A.systemError, { code: 'GATEWAY_ERROR', errorCode: '7' }, 1],
  ['success: false', A.successFalse, { code: 'GATEWAY_ERROR' }, 1],
  ['a non-JSON 200', A.nonJson, { code: 'MALFORMED_RESPONSE' }, 1],
  ['a dropped connection (retried as a read)', 'drop', { code: 'NETWORK_ERROR' }, 4],
  ['HTTP 500 (retried as a read)', { status: 500, body: '' }, { code: 'HTTP_ERROR', httpStatus: 500 }, 4],
];
for (const [lostName, lost, cause] of [['dropped', 'drop', 'NETWORK_ERROR'], ['HTTP 500', { status: 500, body: '' }, 'HTTP_ERROR'],
  ['a non-JSON 200', A.nonJson, 'MALFORMED_RESPONSE']]) {
  for (const [name, answer, probe, probes] of notProof) {
    test(`register ${lostName}, status answered ${name}: OUTCOME_UNKNOWN, register sent once`, async () => {
      await withRbs({ 'register.do': lost, [STATUS]: answer }, async (rbs, s) => {
        const e = await rejection(rbs.register(REGISTER));
        assert.equal(e.code, 'OUTCOME_UNKNOWN');
        assert.equal(e.details.cause, cause);
        for (const [k, v] of Object.entries(probe)) assert.equal(e.details.probe[k], v, `details.probe.${k}`);
        assert.equal(s.count('register.do'), 1);
        assert.equal(s.count(STATUS), probes);
      }, { maxRetries: 3 });
    });
  }
}

test('register timed out, status timed out: OUTCOME_UNKNOWN, register sent once', async () => {
  await withRbs({ 'register.do': 'hang', [STATUS]: 'hang' }, async (rbs, s) => {
    const e = await rejection(rbs.register(REGISTER));
    assert.equal(e.code, 'OUTCOME_UNKNOWN');
    assert.equal(e.details.cause, 'TIMEOUT');
    assert.equal(e.details.probe.code, 'TIMEOUT');
    assert.equal(s.count('register.do'), 1);
    assert.equal(s.count(STATUS), 2);
  }, { timeoutMs: 150, maxRetries: 1 });
});

test('register answered a non-JSON 200, status shows the order: recovered, sent once', async () => {
  await withRbs({ 'register.do': A.nonJson, [STATUS]: A.found(0, 'md-7') }, async (rbs, s) => {
    const r = await rbs.register(REGISTER);
    assert.deepEqual(r, { orderId: 'md-7', recovered: true });
    assert.equal(s.count('register.do'), 1);
  });
});

test('register repeated after absence, answered "order number already processed": recovered by one more status query', async () => {
  await withRbs({
    'register.do': ['drop', { body: { errorCode: '1', errorMessage: 'Order number is duplicated, order with given order number is processed already' } }],
    [STATUS]: [A.notFound, A.found(0, 'md-3')],
  }, async (rbs, s) => {
    const r = await rbs.register(REGISTER);
    assert.deepEqual(r, { orderId: 'md-3', recovered: true });
    assert.equal(s.count('register.do'), 2);
    assert.equal(s.count(STATUS), 2);
  });
  // ... or OUTCOME_UNKNOWN when that query cannot show it: never GATEWAY_ERROR, never a third send.
  await withRbs({
    'register.do': ['drop', { body: { errorCode: '1', errorMessage: 'Order number is duplicated' } }],
    [STATUS]: A.notFound,
  }, async (rbs, s) => {
    const e = await rejection(rbs.register(REGISTER));
    assert.equal(e.code, 'OUTCOME_UNKNOWN');
    assert.equal(e.details.cause, 'GATEWAY_ERROR');
    assert.equal(s.count('register.do'), 2);
  });
});

test('recurrentPayment (JSON): absent, repeated, answered code 10, recovered from the paid status', async () => {
  await withRbs({
    '/payment/recurrentPayment.do': ['drop', { body: { success: false, error: { code: '10', message: 'Order with this number is already registered in the system.' } } }],
    [STATUS]: [A.notFound, A.found(2, 'md-4')],
  }, async (rbs, s) => {
    const r = await rbs.recurrentPayment({ orderNumber: 'A-1', bindingId: 'b-1', amount: 700 });
    assert.equal(r.recovered, true);
    assert.equal(r.data.orderId, 'md-4');
    assert.equal(s.count('recurrentPayment.do'), 2);
  });
});

test('deposit lost, status deposited: recovered; refund lost, order "not found": OUTCOME_UNKNOWN, not repeated', async () => {
  await withRbs({ 'deposit.do': { status: 502, body: '' }, [STATUS]: A.found(2) }, async (rbs, s) => {
    assert.deepEqual(await rbs.deposit({ orderId: 'md-1', amount: 0 }), { errorCode: '0', recovered: true });
    assert.equal(s.count('deposit.do'), 1);
  });
  await withRbs({ 'refund.do': 'drop', [STATUS]: A.notFound }, async (rbs, s) => {
    const e = await rejection(rbs.refund({ orderId: 'md-1', amount: 100 }));
    assert.equal(e.code, 'OUTCOME_UNKNOWN');
    assert.equal(e.details.probe.notFound, true);
    assert.equal(s.count('refund.do'), 1);
  });
});

// Every money-moving method, every kind of lost answer, a status answer that proves nothing.
const methods = {
  register: ['register.do', REGISTER],
  registerPreAuth: ['registerPreAuth.do', REGISTER],
  paymentOrder: ['paymentorder.do', { MDORDER: 'md-1', $PAN: '4111111111111111', $CVC: '123', YYYY: 2030, MM: 12, TEXT: 'CARD HOLDER', language: 'en' }],
  paymentOrderBinding: ['paymentOrderBinding.do', { mdOrder: 'md-1', bindingId: 'b-1', tii: 'F' }],
  deposit: ['deposit.do', { orderId: 'md-1', amount: 0 }],
  reverse: ['reverse.do', { orderId: 'md-1' }],
  refund: ['refund.do', { orderId: 'md-1', amount: 10 }],
  decline: ['decline.do', { orderId: 'md-1', orderNumber: 'A-1' }],
  processRawSumRefund: ['processRawSumRefund.do', { orderId: 'md-1', amount: 10 }],
  processRawPositionRefund: ['processRawPositionRefund.do', { orderId: 'md-1', amount: 10, positionId: 1 }],
  recurrentPayment: ['/payment/recurrentPayment.do', { orderNumber: 'A-1', bindingId: 'b-1', amount: 10 }],
  installmentPayment: ['/payment/installmentPayment.do', { orderNumber: 'A-1', bindingId: 'b-1', amount: 10, preAuth: false }],
  createBindingNoPayment: ['createBindingNoPayment.do', { clientId: 'c-1', pan: '4111111111111111', expiryDate: '203012', cardholderName: 'CARD HOLDER' }],
};
test('every money-moving RBS method x {dropped, 500, non-JSON 200} x status errorCode 5: sent once, OUTCOME_UNKNOWN', async () => {
  for (const [method, [p, request]] of Object.entries(methods)) {
    for (const [lost, cause] of [['drop', 'NETWORK_ERROR'], [{ status: 500, body: '' }, 'HTTP_ERROR'], [A.nonJson, 'MALFORMED_RESPONSE']]) {
      await withRbs({ [p]: lost, [STATUS]: A.accessDenied }, async (rbs, s) => {
        const e = await rejection(rbs[method](request));
        assert.equal(e.code, 'OUTCOME_UNKNOWN', `${method}`);
        assert.equal(e.details.cause, cause, method);
        assert.equal(s.count(p), 1, `${method}: sent once`);
        const probed = method === 'createBindingNoPayment' ? 0 : 1;
        assert.equal(s.count(STATUS), probed, `${method}: status queries`);
        if (probed) assert.equal(e.details.probe.errorCode, '5');
      });
    }
  }
});

test('an oversized answer: refused early by Content-Length or cut off mid-stream; a mutation is OUTCOME_UNKNOWN', async () => {
  const big = JSON.stringify({ orderId: 'md-1', padding: 'x'.repeat(11 * 1024 * 1024) });
  await withRbs({ 'register.do': { body: big }, [STATUS]: A.found(0) }, async (rbs, s) => {
    const e = await rejection(rbs.register(REGISTER));
    assert.equal(e.code, 'OUTCOME_UNKNOWN');
    assert.equal(e.details.cause, 'RESPONSE_TOO_LARGE');
    assert.equal(s.count('register.do'), 1);
    assert.equal(s.count(STATUS), 0, 'no status query, no repeat');
  });
  // No Content-Length: a stream of 64 KiB chunks, limit 100 000 bytes, for a read.
  await withRbs({ [STATUS]: { stream: 2000, chunk: 65536 } }, async (rbs, s) => {
    const t0 = Date.now();
    const e = await rejection(rbs.getOrderStatusExtended({ orderId: 'md-1' }));
    assert.equal(e.code, 'RESPONSE_TOO_LARGE');
    assert.equal(e.httpStatus, 200);
    assert.match(e.message, /100000 bytes/);
    assert.equal(s.count(STATUS), 1, 'not repeated');
    assert.ok(Date.now() - t0 < 2000, 'the stream was cancelled, not read to its 128 MiB end');
  }, { maxResponseBytes: 100000 });
  // Within the limit: read as usual.
  await withRbs({ [STATUS]: A.found(2) }, async (rbs) => {
    assert.equal((await rbs.getOrderStatusExtended({ orderId: 'md-1' })).orderStatus, 2);
  }, { maxResponseBytes: 1000 });
});

test('Mobile Cashier: a dropped createOrder is repeated with the same x-req-id; a non-JSON 200 is OUTCOME_UNKNOWN, not repeated', async () => {
  const login = { body: { success: true, accessToken: 'T', expiresAccess: '4102444800' } };
  for (const [answers, sends, outcome] of [
    [['drop', { body: { success: true, order: { id: 7 } } }], 2, 'ok'],
    [[A.nonJson], 1, 'OUTCOME_UNKNOWN'],
  ]) {
    const server = await scriptedServer((req, nth) => (req.path.endsWith('/public/login') ? login : answers[Math.min(nth, answers.length) - 1]));
    try {
      const mc = new kassa.CashierClient({ baseUrl: server.url + '/api/', login: 'mail@shop', password: 'pw-SECRET-2' });
      const p = mc.createOrder({ orderAmount: 100, orderCurrency: 'RUB', tspId: 1 }, { requestId: 'key-1' });
      if (outcome === 'ok') assert.equal((await p).order.id, 7);
      else {
        const e = await rejection(p);
        assert.equal(e.code, outcome);
        assert.equal(e.details.requestId, 'key-1');
        assert.ok(!e.message.includes('pw-SECRET'));
      }
      const orders = server.requests.filter((q) => q.path.endsWith('/order'));
      assert.equal(orders.length, sends);
      assert.ok(orders.every((q) => q.headers['x-req-id'] === 'key-1' && q.body === orders[0].body));
    } finally {
      await server.close();
    }
  }
});

test('Koshelek: a POST with requestId is repeated with it; without one it is never repeated', async () => {
  for (const [body, sends, outcome] of [
    [{ requestId: 'ab182f20-9c5a-11ea-ab12-0800200c9a66', cardSession: 's', amount: 100 }, 2, 'ok'],
    [{ cardSession: 's', amount: 100 }, 1, 'OUTCOME_UNKNOWN'],
  ]) {
    const server = await scriptedServer((req, nth) => (nth === 1 ? 'drop' : { body: { transactionId: 't-1', status: 'PENDING' } }));
    try {
      const k = new kassa.KoshelekClient({ baseUrl: server.url + '/p/', login: 'l', password: 'pw-SECRET-3', storeId: '1', terminalId: 'T' });
      const p = k.request('POST', 'checkout', body);
      if (outcome === 'ok') assert.equal((await p).transactionId, 't-1');
      else {
        const e = await rejection(p);
        assert.equal(e.code, outcome);
        assert.equal(e.details.cause, 'NETWORK_ERROR');
      }
      const sent = server.requests.filter((q) => q.path.endsWith('/checkout'));
      assert.equal(sent.length, sends);
      assert.ok(sent.every((q) => q.body === sent[0].body), 'the same body, so the same requestId');
    } finally {
      await server.close();
    }
  }
});
