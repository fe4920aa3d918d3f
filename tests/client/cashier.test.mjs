// CashierClient against the emulator over real HTTP, through the built npm package.
// Needs: cargo build -p kassa-sandbox && make pkg. Run: node --test tests/client/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { kassa, startSandbox, unique } from './sandbox.mjs';

let sb;
let mc;
let cfg;
before(async () => {
  sb = await startSandbox();
  cfg = sb.config.cashier;
  mc = new kassa.CashierClient({ baseUrl: cfg.baseUrl, login: cfg.login, password: cfg.password, timeoutMs: 5000 });
});
after(() => sb.stop());

const card = { Pan: '4111111111111111', ExpDate: '12/30', Cvv: '123', Holder: 'TEST CARDHOLDER' };

async function newOrder(extra = {}) {
  const r = await mc.createOrder({ merchantOrderId: unique('mc'), orderAmount: 10000, orderCurrency: 'RUB', tspId: cfg.tspId, ...extra });
  return r.order;
}

test('a full payment: createOrder, paymentFormOrder, authorize (SMS), waitForFinalStatus, refund', async () => {
  const login = await mc.login();
  assert.equal(login.success, true);
  assert.ok(login.accessToken);
  const created = await mc.createOrder({ merchantOrderId: unique('full'), orderAmount: 100, orderCurrency: 'EUR', tspId: cfg.tspId, description: 'comment' });
  assert.match(created.requestId, /^[0-9a-f-]{36}$/, 'the x-req-id is returned');
  assert.equal(created.order.status, 'CREATED');
  const id = created.order.id;
  const form = await mc.paymentFormOrder(id, cfg.tspCode);
  assert.ok(form.externalOrderId);
  const auth = await mc.authorize({ OrderId: form.externalOrderId, PaymentType: 'SMS', Card: card });
  assert.ok(auth.Response);
  const final = await mc.waitForFinalStatus(id, { deadline: Date.now() + 10_000 });
  assert.equal(final.order.status, 'CHARGED');
  const got = await mc.getOrder(id);
  assert.equal(got.order.id, id);
  await mc.refund(id, { amount: 100 });
  assert.equal((await mc.orderStatus(id)).order.status, 'PARTIALLY_REFUNDED');
  await mc.refund(id);
  assert.equal((await mc.orderStatus(id)).order.status, 'REFUNDED');
  const err = await mc.refund(id, { amount: 1 }).catch((e) => e);
  assert.equal(err.code, 'GATEWAY_ERROR');
});

test('two stages: authorize (DMS) then charge; another voided', async () => {
  for (const [op, want] of [['charge', 'CHARGED'], ['void', 'VOIDED']]) {
    const o = await newOrder();
    const f = await mc.paymentFormOrder(o.id, cfg.tspCode);
    await mc.authorize({ OrderId: f.externalOrderId, PaymentType: 'DMS', Card: card });
    assert.equal((await mc.orderStatus(o.id)).order.status, 'AUTHORIZED');
    await mc[op]({ OrderId: f.externalOrderId });
    const final = await mc.waitForFinalStatus(o.id, { deadline: Date.now() + 10_000 });
    assert.equal(final.order.status, want);
  }
});

test('a declined card: authorize rejects with GATEWAY_ERROR carrying the Response envelope', async () => {
  const o = await newOrder();
  const f = await mc.paymentFormOrder(o.id, cfg.tspCode);
  const err = await mc.authorize({ OrderId: f.externalOrderId, PaymentType: 'DMS', Card: { ...card, Pan: '4000000000000002' } })
    .catch((e) => e);
  assert.equal(err.code, 'GATEWAY_ERROR');
  assert.equal(err.gateway, 'cashier');
  assert.ok(err.errorCode && err.errorCode !== '0', err.errorCode);
  assert.ok(err.details.Response, 'the envelope is on details');
  assert.match(err.details.requestId, /^[0-9a-f-]{36}$/);
  assert.equal((await mc.orderStatus(o.id)).order.status, 'DECLINED');
});

test('every other endpoint: listOrders, qrcData, banks, payoutIps, sberPay, payoutCard', async () => {
  const list = await mc.listOrders({ tspId: cfg.tspId, limit: 5, offset: 0 });
  assert.ok(Array.isArray(list.orders) && list.orders.length > 0 && list.orders.length <= 5);
  const qr = await newOrder();
  const q = await mc.qrcData(qr.id);
  assert.equal(q.order.status, 'QRCDATA_CREATED');
  await sb.admin('POST', `/cashier/orders/${qr.id}/pay`);
  assert.equal((await mc.waitForFinalStatus(qr.id, { deadline: Date.now() + 10_000 })).order.status, 'IPS_ACCEPTED');
  const banks = await mc.banks();
  assert.ok(banks.BankList.length > 0);
  const ips = await newOrder({ type: 'PayOut' });
  await mc.payoutIps(ips.id, { accountNumber: '79011234567', bankId: String(banks.BankList[0].bankId), firstName: 'Ivan' });
  assert.equal((await mc.waitForFinalStatus(ips.id, { deadline: Date.now() + 10_000 })).order.status, 'PAID');
  const sber = await newOrder();
  const s = await mc.sberPay(sber.id, { phoneNumber: '+79876543210' });
  assert.ok(s.order);
  const payout = await newOrder({ type: 'PayOut' });
  await mc.payoutCard(payout.id, { pan: '4189732800687140', holder: 'Ivan Ivanov' });
  assert.equal((await mc.waitForFinalStatus(payout.id, { deadline: Date.now() + 10_000 })).order.status, 'PAID');
});

test('one re-login when the token is refused (401)', async () => {
  await mc.listOrders({ limit: 1 });
  await sb.admin('POST', '/cashier/expire-tokens');
  const r = await mc.listOrders({ limit: 1 });
  assert.equal(r.success, true);
  const logins = await sb.requests('?path=/cashier/public/login');
  assert.ok(logins.length >= 2);
  const bad = new kassa.CashierClient({ baseUrl: cfg.baseUrl, login: cfg.login, password: 'wrong-SECRET' });
  const err = await bad.listOrders().catch((e) => e);
  assert.equal(err.code, 'UNAUTHORIZED');
  assert.ok(!err.message.includes('wrong-SECRET'));
});

test('close after createOrder takes effect, 50 trials: one order each, the right answer, one x-req-id', async () => {
  for (let i = 0; i < 50; i++) {
    const merchantOrderId = unique('close-after');
    await sb.fault({ endpoint: '/cashier/order', kind: 'close_after', count: 1 });
    const r = await mc.createOrder({ merchantOrderId, orderAmount: 1000 + i, orderCurrency: 'RUB', tspId: cfg.tspId });
    assert.equal(r.order.merchantOrderId, merchantOrderId, `trial ${i}`);
    const all = await mc.listOrders({ limit: 100 });
    const mine = all.orders.filter((o) => o.merchantOrderId === merchantOrderId);
    assert.equal(mine.length, 1, `trial ${i}: exactly one order on the emulator`);
    assert.equal(mine[0].id, r.order.id, `trial ${i}: the answer names it`);
    const counted = await sb.admin('GET', `/cashier/orders?orderNumber=${encodeURIComponent(merchantOrderId)}`);
    assert.equal(counted.count, 1, `trial ${i}: the emulator's own count`);
    const sent = (await sb.requests('?path=/cashier/order')).filter((q) => (q.body || '').includes(merchantOrderId));
    assert.ok(sent.length >= 2, `trial ${i}: repeated after the dropped connection`);
    const ids = new Set(sent.map((q) => q.headers.find(([k]) => k.toLowerCase() === 'x-req-id')?.[1]));
    assert.equal(ids.size, 1, `trial ${i}: every attempt carried the same x-req-id`);
    assert.equal([...ids][0], r.requestId);
  }
});

test('429 with Retry-After is honoured; the timeout fires', async () => {
  await sb.fault({ endpoint: '/cashier/banks', kind: '429', count: 1, retryAfter: 1 });
  const t0 = Date.now();
  await mc.banks();
  const took = Date.now() - t0;
  assert.ok(took >= 1000 && took < 4000, `took ${took} ms`);
  const quick = new kassa.CashierClient({ baseUrl: cfg.baseUrl, login: cfg.login, password: cfg.password, timeoutMs: 300, maxRetries: 0 });
  await sb.fault({ endpoint: '/cashier/banks', kind: 'delay', count: 1, delayMs: 3000 });
  const err = await quick.banks().catch((e) => e);
  assert.equal(err.code, 'TIMEOUT');
  await sb.clearFaults();
});
