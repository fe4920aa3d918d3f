// Every Mobile Cashier sample of the reference (tests/samples/cashier.json) through the built
// package's CashierClient with a caller fetch: each method sends its request sample (where one is
// printed) to kassa's path for it (docs/cashier-paths.md) and reads the printed answer as a success;
// a declined card operation is GATEWAY_ERROR.
// Needs: bash scripts/build-pkg.sh. Run: node --test tests/client/cashier-samples.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const kassa = await import(path.join(root, 'pkg/node.mjs'));
const data = JSON.parse(fs.readFileSync(path.join(root, 'tests/samples/cashier.json'), 'utf8'));
const sample = (endpoint, kind) => data.samples.find((s) => s.endpoint === endpoint && s.kind === kind);

const LOGIN = { success: true, description: 'login success', accessToken: 'tok', expiresAccess: '2099-01-01T00:00:00Z', refreshToken: 'r', expiresRefresh: '2099-01-01T00:00:00Z' };

function client(answer) {
  const seen = [];
  const fetch = async (url, init) => {
    const body = init.body ? new TextDecoder().decode(init.body) : '';
    seen.push({ url, method: init.method, body });
    const a = url.endsWith('/public/login') ? LOGIN : answer;
    return new Response(JSON.stringify(a), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { mc: new kassa.CashierClient({ dangerouslyAllowBrowser: true, baseUrl: 'https://mc.test/api/', login: 'l', password: 'p', fetch, maxRetries: 0 }), seen };
}

// kassa method -> (call, the path and method kassa sends: docs/cashier-paths.md)
const CALLS = {
  listOrders: [(mc) => mc.listOrders({ tspId: 1 }), 'GET', 'orders?tspId=1'],
  createOrder: [(mc, b) => mc.createOrder(b), 'POST', 'order'],
  getOrder: [(mc) => mc.getOrder(7), 'GET', 'order/7'],
  refund: [(mc, b) => mc.refund(7, b), 'POST', 'order/7/refund'],
  orderStatus: [(mc) => mc.orderStatus(7), 'GET', 'order/7/status'],
  qrcData: [(mc) => mc.qrcData(7), 'POST', 'order/7/qrcData'],
  payoutIps: [(mc, b) => mc.payoutIps(7, b), 'POST', 'order/7/payout/ips'],
  banks: [(mc) => mc.banks(), 'GET', 'banks'],
  sberPay: [(mc, b) => mc.sberPay(7, b), 'POST', 'order/7/sberPay'],
  payoutCard: [(mc, b) => mc.payoutCard(7, b), 'POST', 'order/7/payout/card'],
  paymentFormOrder: [(mc) => mc.paymentFormOrder(7, 'tsp-1'), 'POST', 'order/7/form/tsp-1'],
  authorize: [(mc, b) => mc.authorize(b), 'POST', 'authorize'],
  charge: [(mc, b) => mc.charge(b), 'POST', 'charge'],
  void: [(mc, b) => mc.void(b), 'POST', 'void'],
};

test('the data file: 9 requests and 15 responses, one response per method', () => {
  assert.equal(data.samples.filter((s) => s.kind === 'request').length, 9);
  assert.equal(data.samples.filter((s) => s.kind === 'response').length, 15);
  for (const m of [...Object.keys(CALLS), 'login']) assert.equal(data.counts[`${m} response`], 1, m);
});

test('every method sends its request sample to its path and reads the printed answer', async () => {
  let n = 0;
  for (const [method, [call, verb, p]] of Object.entries(CALLS)) {
    const req = sample(method, 'request');
    const res = sample(method, 'response');
    const { mc, seen } = client(res.json);
    const v = await call(mc, req?.json ?? {});
    for (const [k, want] of Object.entries(res.json)) assert.deepEqual(v[k], want, `${method}.${k}`);
    const sent = seen.filter((s) => !s.url.endsWith('/public/login'));
    assert.equal(sent.length, 1, method);
    assert.equal(sent[0].method, verb, method);
    assert.equal(sent[0].url, 'https://mc.test/api/' + p, method);
    if (req) assert.deepEqual(JSON.parse(sent[0].body), req.json, method);
    n += 1;
  }
  assert.equal(n, 14);
  const login = client({}).seen;
  assert.ok(login);
});

test('a declined card operation rejects with GATEWAY_ERROR', async () => {
  for (const [method, section, status] of [['authorize', 'Authorize', 'DECLINED'], ['charge', 'Charge', 'CHARGE_DECLINED'], ['void', 'Void', 'VOID_DECLINED']]) {
    const { mc } = client({ Response: { Code: 2, Message: 'Declined by the issuer' }, Order: { Status: status }, [section]: { Status: status } });
    await assert.rejects(CALLS[method][0](mc, { OrderId: 'ext-1' }), (e) => {
      assert.equal(e.code, 'GATEWAY_ERROR', method);
      assert.equal(e.gateway, 'cashier');
      assert.equal(e.errorCode, '2');
      assert.equal(e.errorMessage, 'Declined by the issuer');
      assert.equal(e.details.Order.Status, status);
      return true;
    });
  }
  const { mc } = client({ success: true, description: '', order: { status: 'DECLINED' } });
  await assert.rejects(mc.payoutCard(7, { pan: '4111111111111111' }), (e) => e.code === 'GATEWAY_ERROR' && e.errorCode === 'DECLINED');
  // An approved hold resolves with the envelope.
  const ok = client({ Response: { Code: 0, Message: 'Success' }, Order: { Status: 'AUTHORIZED' }, Authorize: { Status: 'AUTHORIZED' } });
  const v = await ok.mc.authorize({ OrderId: 'ext-1', Card: {} });
  assert.equal(v.Response.Code, 0);
});
