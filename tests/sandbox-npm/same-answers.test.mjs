// One codebase (issue 15): the same scripted scenario — a full payment per gateway, refunds, faults,
// the notification log — through the native binary over HTTP and through the npm package's
// `createSandbox().fetch`, with every answer compared after normalising ids and timestamps.
// The in-process sandbox names the native one's port, so URLs compare as they are.
// Needs the native binary (sandbox/start.mjs builds it) and scripts/build-sandbox-pkg.sh.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startSandbox } from '../../sandbox/start.mjs';
import { repoRoot } from '../runtime/tools.mjs';

const { createSandbox } = await import(process.env.KASSA_SANDBOX_PKG ?? path.join(repoRoot, 'target/sandbox-npm/node.mjs'));
const FLAGS = ['--callback-interval-ms', '100', '--settle-ms', '100', '--quiet'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GETs `url` with `fetchFn` until `done(json)` holds (every 25 ms, at most 10 s; then the step
 * that follows shows what the emulator answered). Not recorded: the two runs may poll a different
 * number of times. */
async function until(fetchFn, url, done) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const init = { method: 'GET', headers: {}, redirect: 'manual' };
    const json = await fetchFn(url, init).then((r) => r.json()).catch(() => undefined);
    if (done(json)) return;
    await sleep(25);
  }
}

/** Runs the scenario with `fetchFn` against `base`; every step's answer, in order. */
async function scenario(fetchFn, base) {
  const steps = [];
  const call = async (name, method, p, { body, headers = {}, form } = {}) => {
    const init = { method, headers: { ...headers }, redirect: 'manual' };
    if (form) { init.headers['content-type'] = 'application/x-www-form-urlencoded'; init.body = new URLSearchParams(form).toString(); }
    if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
    let answer;
    try {
      const r = await fetchFn(base + p, init);
      const text = await r.text();
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      answer = { status: r.status, type: r.headers.get('content-type'), location: r.headers.get('location'), json, text: json === undefined ? text : undefined };
    } catch {
      answer = { closed: true };
    }
    steps.push({ name, ...answer });
    return answer.json ?? {};
  };
  const rbsAuth = { userName: 'sandbox-hmac-api', password: 'sandbox-hmac' };
  const rest = '/payment/rest/';

  // RBS: a payment through the hosted page, two refunds (one too large), the signed callbacks.
  await call('rbs callback url', 'POST', '/__admin/rbs/merchants/hmac', { body: { callbackUrl: `${base}/echo/rbs` } });
  const reg = await call('register', 'POST', `${rest}register.do`, { form: { ...rbsAuth, orderNumber: 'same-1', amount: '1000', returnUrl: 'http://127.0.0.1:9/back' } });
  await call('hosted page', 'GET', new URL(reg.formUrl ?? base).pathname + new URL(reg.formUrl ?? base).search);
  await call('pay on the page', 'POST', '/payment/merchants/sandbox/pay', { form: { mdOrder: reg.orderId, pan: '4111111111111111', expiry: '12/30', cvc: '123', action: 'pay' } });
  await call('status paid', 'POST', `${rest}getOrderStatusExtended.do`, { form: { ...rbsAuth, orderId: reg.orderId } });
  await call('refund 300', 'POST', `${rest}refund.do`, { form: { ...rbsAuth, orderId: reg.orderId, amount: '300' } });
  await call('refund too much', 'POST', `${rest}refund.do`, { form: { ...rbsAuth, orderId: reg.orderId, amount: '100000' } });
  await call('status refunded', 'POST', `${rest}getOrderStatusExtended.do`, { form: { ...rbsAuth, orderId: reg.orderId } });
  const threeDs = await call('register 3ds', 'POST', `${rest}register.do`, { form: { ...rbsAuth, orderNumber: 'same-2', amount: '500', returnUrl: 'http://127.0.0.1:9/back' } });
  await call('pay 3ds card', 'POST', '/payment/merchants/sandbox/pay', { form: { mdOrder: threeDs.orderId, pan: '5555555555555599', expiry: '12/30', cvc: '123', action: 'pay' } });
  await call('declined card', 'POST', `${rest}paymentorder.do`, { form: { ...rbsAuth, MDORDER: threeDs.orderId, $PAN: '4000000000000002', $CVC: '123', YYYY: '2030', MM: '12', TEXT: 'TEST' } });
  await sleep(300);

  // Faults: an injected 500, a dropped connection, a 429 with Retry-After.
  await call('fault 500', 'POST', '/__admin/faults', { body: { endpoint: 'register.do', kind: '500' } });
  await call('register hit by 500', 'POST', `${rest}register.do`, { form: { ...rbsAuth, orderNumber: 'same-3', amount: '100', returnUrl: 'http://127.0.0.1:9/back' } });
  await call('fault close_before', 'POST', '/__admin/faults', { body: { endpoint: 'getOrderStatusExtended.do', kind: 'close_before' } });
  await call('status dropped', 'POST', `${rest}getOrderStatusExtended.do`, { form: { ...rbsAuth, orderId: reg.orderId } });
  await call('fault 429', 'POST', '/__admin/faults', { body: { endpoint: '/cashier/*', kind: '429', retryAfter: 2 } });
  await call('cashier hit by 429', 'POST', '/cashier/public/login', { body: { login: 'x', password: 'y' } });

  // Mobile Cashier: login, an order with a callbackUrl, the form order, authorize (SMS), a refund.
  const login = await call('cashier login', 'POST', '/cashier/public/login', { body: { login: 'sandbox-merchant', password: 'sandbox-password' } });
  const config = await call('config', 'GET', '/__admin/config');
  const c = config.cashier ?? {};
  const token = (await call('cashier login 2', 'POST', '/cashier/public/login', { body: { login: c.login, password: c.password } })).accessToken ?? login.accessToken;
  const bearer = { authorization: `Bearer ${token}` };
  const order = (await call('cashier order', 'POST', '/cashier/order', { headers: bearer, body: { orderAmount: 10000, orderCurrency: 'RUB', tspId: c.tspId, merchantOrderId: 'same-1', callbackUrl: `${base}/echo/cashier` } })).order ?? {};
  const form = await call('cashier form', 'POST', `/cashier/order/${order.id}/form/${c.tspCode}`, {});
  await call('cashier authorize', 'POST', '/cashier/authorize', { body: { OrderId: form.externalOrderId, PaymentType: 'SMS', Card: { Pan: '4111111111111111', ExpDate: '12/30', Cvv: '123' } } });
  // The SMS charge settles after --settle-ms (100 ms) on the emulator's timer: wait for it by
  // reading the status (read-only, not a recorded step) instead of a fixed sleep, which a loaded
  // CI machine outran (CHARGE_IN_PROGRESS in one run, CHARGED in the other).
  await until(fetchFn, base + `/cashier/order/${order.id}/status`,
    (j) => typeof j?.order?.status === 'string' && j.order.status !== 'CHARGE_IN_PROGRESS');
  await call('cashier status', 'GET', `/cashier/order/${order.id}/status`);
  await call('cashier refund', 'POST', `/cashier/order/${order.id}/refund`, { headers: bearer, body: { amount: 100 } });
  await call('cashier refund too much', 'POST', `/cashier/order/${order.id}/refund`, { headers: bearer, body: { amount: 1000000 } });

  // Koshelek Pay v1: the postback URL, a checkout by a test cardSession (token header), it settles
  // to accepted and the postback goes out; transaction/status reads it.
  const k = config.koshelek ?? {};
  const basic = { authorization: `Basic ${btoa(`${k.login}:${k.password}`)}` };
  const kbase = new URL(k.v1?.baseUrl ?? `${base}/`).pathname;
  const ids = { requestId: undefined, storeId: k.storeId, terminalId: k.terminalId };
  await call('koshelek postback url', 'POST', '/__admin/koshelek/config', { body: { postbackUrl: `${base}/echo/koshelek` } });
  const items = [{ name: 'Item', article: '1', price: 2500, quantity: 1, totalAmount: 2500, tax: 'vat20' }];
  const tx = await call('koshelek checkout', 'POST', `${kbase}checkout`, {
    headers: { ...basic, token: 'c2FuZGJveA==123456' },
    body: { ...ids, requestId: 'same-k-1', cardSession: 'A1G97N', checkoutInvoice: { orderId: 'same-1', totalAmount: 2500, items }, user: { loyaltyId: '1' }, paymentMethods: [{ type: 'SBP' }] },
  });
  // It settles on the emulator's timer too (new, pending, then final): wait until the admin
  // listing shows it past both.
  const settled = (t) => t.transactionId === tx.transactionId && typeof t.status === 'string'
    && t.status !== 'new' && t.status !== 'pending';
  await until(fetchFn, `${base}/__admin/koshelek/v1/transactions`,
    (j) => Array.isArray(j?.transactions) && j.transactions.some(settled));
  await call('koshelek status', 'POST', `${kbase}transaction/status`, { headers: basic, body: { ...ids, requestId: 'same-k-2', transactionId: tx.transactionId } });
  await sleep(300);

  // What went out: every notification with its attempts (ids and times normalised).
  await call('notifications', 'GET', '/__admin/notifications');
  await call('rbs orders', 'GET', '/__admin/rbs/orders?merchant=hmac');
  return steps;
}

/** Replaces what differs between two runs by nature (ids, times, tokens, signatures) by placeholders. */
function normalise(steps) {
  const ids = new Map();
  const placeholder = (kind, value) => {
    if (!ids.has(value)) ids.set(value, `<${kind}${ids.size + 1}>`);
    return ids.get(value);
  };
  const text = (s) => s
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, (m) => placeholder('uuid', m.toLowerCase()))
    // Koshelek's operation and SBP QR ids, drawn from random bytes.
    .replace(/\bop-[0-9a-f]{8}\b/g, (m) => placeholder('op', m))
    .replace(/\bAS[0-9A-F]{32}\b/g, (m) => placeholder('qrc', m))
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>')
    .replace(/\b[0-9a-f]{32,}\b/gi, (m) => placeholder('hex', m.toLowerCase()))
    .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, '<datetime>')
    .replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ +][A-Z][a-z]{2}[ +]\d\d[ +]\d\d(:|%3A)\d\d(:|%3A)\d\d[ +]UTC[ +]\d{4}/g, '<date>')
    .replace(/\b1[6-9]\d{11}\b/g, '<ms>')
    .replace(/[A-Za-z0-9+/]{200,}={0,2}/g, '<base64>');
  // Keys whose values come from the clock (authRefNum is built from it) or from the log's id counter.
  const TIME = /time|date|expires|iat|exp$|created|updated|refnum|^id$/i;
  const walk = (v, key = '') => {
    if (typeof v === 'string') return TIME.test(key) && /\d/.test(v) ? '<time>' : text(v);
    if (typeof v === 'number') return TIME.test(key) ? '<time>' : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return steps.map((s) => walk(s));
}

let native;
let inProcess;
after(async () => {
  inProcess?.close();
  await native?.stop();
});

test('the native binary over HTTP and createSandbox().fetch give the same answers to the same scenario', async () => {
  native = await startSandbox({ args: FLAGS });
  const base = native.info.baseUrl;
  const overHttp = normalise(await scenario(globalThis.fetch, base));
  inProcess = await createSandbox({ port: native.info.port, args: FLAGS });
  assert.equal(inProcess.config.baseUrl, base);
  const fetched = normalise(await scenario(inProcess.fetch, base));

  // What the scenario must have done (so that two equally broken runs cannot pass).
  const step = (name) => overHttp.find((s) => s.name === name);
  assert.equal(step('register').status, 200);
  assert.match(step('pay on the page').location ?? '', /orderId=/);
  assert.equal(step('status paid').json.orderStatus, 2);
  assert.equal(step('status refunded').json.orderStatus, 4);
  assert.notEqual(step('refund too much').json.errorCode, '0');
  assert.equal(step('register hit by 500').status, 500);
  assert.deepEqual(step('status dropped'), { name: 'status dropped', closed: true });
  assert.equal(step('cashier hit by 429').status, 429);
  assert.equal(step('cashier status').json.order.status, 'CHARGED');
  assert.equal(step('koshelek checkout').status, 200);
  assert.equal(step('koshelek status').json.status, 'accepted');
  const sent = step('notifications').json.notifications;
  for (const gateway of ['rbs', 'cashier', 'koshelek']) {
    assert.ok(sent.some((n) => n.gateway === gateway && n.delivered), `a delivered ${gateway} notification`);
  }
  assert.ok(overHttp.length >= 30);

  assert.equal(fetched.length, overHttp.length);
  for (let i = 0; i < overHttp.length; i++) {
    assert.deepEqual(fetched[i], overHttp[i], `step ${i} (${overHttp[i].name}) differs`);
  }
});
