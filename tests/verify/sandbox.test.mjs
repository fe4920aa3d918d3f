// kassa's verifiers against the notifications the gateway emulator really sends over HTTP: an RBS
// HMAC callback (GET) and an RSA callback (POST, sign_alias), Mobile Cashier webhooks signed with the
// emulator's 4096-bit key, and Koshelek postbacks with Basic auth. A node:http receiver answers 200
// only when kassa says the notification is genuine; every wait is bounded.
// Run: node --test tests/verify/   (needs pkg/ from `make pkg`; builds the sandbox once if missing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import * as path from 'node:path';
import { startSandbox } from '../../sandbox/start.mjs';
import { repoRoot } from '../runtime/tools.mjs';

let kassa;
let sb;
let receiver;
const received = []; // { path, result }
let verifiers;

before(async () => {
  kassa = await import(path.join(repoRoot, 'pkg/node.mjs'));
  sb = await startSandbox({ args: ['--callback-interval-ms', '100', '--callback-attempts', '2', '--webhook-attempts', '2'] });
  const info = sb.info;
  verifiers = {
    rbs: new kassa.RbsCallbackVerifier({
      hmacKey: info.rbs.hmacKey,
      publicKeys: info.rbs.publicKeys.map((k) => ({ key: k.pem, alias: k.alias })),
    }),
    cashier: new kassa.CashierWebhookVerifier({ publicKey: info.cashier.publicKey }),
    koshelek: new kassa.KoshelekPostbackVerifier({ login: info.koshelek.partnerLogin, password: info.koshelek.partnerPassword }),
  };
  receiver = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    let result;
    if (req.url.startsWith('/rbs')) result = verifiers.rbs.check(body.length ? body.toString('utf8') : req.url);
    else if (req.url.startsWith('/cashier')) result = verifiers.cashier.check(body, req.headers['payment-sign'] ?? null);
    else result = verifiers.koshelek.check(req.headers.authorization ?? null, body);
    received.push({ path: req.url.split('?')[0], method: req.method, result });
    res.writeHead(result.valid ? 200 : 403).end();
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
});

after(async () => {
  if (receiver) receiver.close();
  if (sb) await sb.stop();
});

const hook = (p) => `http://127.0.0.1:${receiver.address().port}${p}`;

async function waitFor(pred, what, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const hit = received.filter(pred);
    if (hit.length) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${what} within ${ms} ms; received: ${JSON.stringify(received.map((r) => r.path))}`);
}

async function call(url, { method = 'POST', json, form, headers = {} } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(15_000) };
  if (json !== undefined) { init.body = JSON.stringify(json); init.headers['content-type'] = 'application/json'; }
  if (form !== undefined) { init.body = new URLSearchParams(form).toString(); init.headers['content-type'] = 'application/x-www-form-urlencoded'; }
  const res = await fetch(url, init);
  const text = await res.text();
  assert.ok(res.ok, `${method} ${url}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

for (const [merchant, method] of [['hmac', 'GET'], ['rsa', 'POST']]) {
  test(`RBS ${merchant} callbacks (${method}) from the emulator verify`, async () => {
    const m = sb.info.rbs.merchants.find((x) => x.name === merchant);
    const orderNumber = `verify-${merchant}-${Date.now()}`;
    const reg = await call(`${sb.info.rbs.baseUrl}register.do`, {
      form: { userName: m.userName, password: m.password, orderNumber, amount: '4200', returnUrl: 'https://shop.example/ok', dynamicCallbackUrl: hook(`/rbs/${merchant}`) },
    });
    assert.ok(reg.orderId, JSON.stringify(reg));
    // Pay by SBP QR: the emulator deposits the order and sends the callback.
    await call(`${sb.info.rbs.baseUrl}sbp/c2b/qr/dynamic/get.do`, { form: { userName: m.userName, password: m.password, mdOrder: reg.orderId } });
    await call(`${sb.info.admin}/rbs/sbp/pay`, { json: { mdOrder: reg.orderId } });
    const [hit] = await waitFor((r) => r.path === `/rbs/${merchant}`, `${merchant} callback`);
    assert.equal(hit.method, method);
    assert.equal(hit.result.valid, true, JSON.stringify(hit.result));
    const cb = hit.result.callback;
    assert.equal(cb.mdOrder, reg.orderId);
    assert.equal(cb.orderNumber, orderNumber);
    assert.equal(cb.operation, 'deposited');
    assert.equal(cb.isPaymentSuccess, true);
    assert.equal(cb.amount, 4200);
    if (merchant === 'rsa') assert.ok(cb.params.sign_alias, 'RSA callbacks name their key');
  });
}

test('Mobile Cashier webhooks from the emulator verify (raw body, 4096-bit key)', async () => {
  const base = sb.info.cashier.baseUrl;
  const { accessToken } = await call(`${base}public/login`, { json: { login: sb.info.cashier.login, password: sb.info.cashier.password } });
  const auth = { authorization: `Bearer ${accessToken}` };
  const { order } = await call(`${base}order`, { json: { paymentAmount: 15000, orderCurrency: 'RUB', tspId: 1, merchantOrderId: `verify-${Date.now()}`, callbackUrl: hook('/cashier') }, headers: auth });
  await call(`${base}order/${order.id}/qrcData`, { headers: auth });
  await call(`${sb.info.admin}/cashier/orders/${order.id}/pay`, { json: {} });
  const hits = await waitFor((r) => r.path === '/cashier' && r.result.notification?.status === 'IPS_ACCEPTED', 'IPS_ACCEPTED webhook');
  const n = hits[0].result.notification;
  assert.equal(n.orderId, String(order.id));
  assert.equal(n.isPaid, true);
  assert.equal(n.isFinal, true);
  assert.ok(received.filter((r) => r.path === '/cashier').every((r) => r.result.valid), 'every webhook verified');
});

test('Koshelek postbacks from the emulator verify (Basic auth)', async () => {
  const k = sb.info.koshelek;
  const basic = { authorization: 'Basic ' + Buffer.from(`${k.login}:${k.password}`).toString('base64'), token: 'totp' };
  await call(`${sb.info.admin}/koshelek/config`, { json: { postbackUrl: hook('/koshelek') } });
  const item = { name: 'coffee', article: 'c-1', price: 777, quantity: 1, totalAmount: 777, tax: 'none' };
  const tx = await call(`${k.baseUrl}api/v1/merchant/checkout`, {
    json: { requestId: `verify-${Date.now()}`, storeId: k.storeId, terminalId: k.terminalId, cardSession: `V${Date.now()}`,
      checkoutInvoice: { orderId: 'o-1', totalAmount: 777, items: [item] }, user: { loyaltyId: 'u-1' }, paymentMethods: [{ type: 'SBP' }] },
    headers: basic,
  });
  const hits = await waitFor((r) => r.path === '/koshelek' && r.result.postback?.status === 'accepted', 'accepted postback', 20_000);
  assert.equal(hits[0].result.postback.transactionId, String(tx.transactionId));
  assert.ok(received.filter((r) => r.path === '/koshelek').every((r) => r.result.valid), 'every postback verified');
});
