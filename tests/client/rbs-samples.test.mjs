// Every RBS response sample of the reference (tests/samples/rbs.json) through the built package's
// RbsClient with a caller fetch: the request sample of the same endpoint is sent (it must pass the
// Mandatory check, or be one of the samples the native test lists as leaving a parameter out, then
// it is completed), the printed answer comes back, and the outcome is the one its heading names.
// Also answers seen in real deployments, and the request rules (Mandatory, empty strings).
// Needs: bash scripts/build-pkg.sh. Run: node --test tests/client/rbs-samples.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const kassa = await import(path.join(root, 'pkg/node.mjs'));
const data = JSON.parse(fs.readFileSync(path.join(root, 'tests/samples/rbs.json'), 'utf8'));

const METHOD = {
  'register.do': 'register', 'registerPreAuth.do': 'registerPreAuth', 'paymentorder.do': 'paymentOrder',
  'getOrderStatusExtended.do': 'getOrderStatusExtended', 'deposit.do': 'deposit', 'reverse.do': 'reverse',
  'refund.do': 'refund', 'decline.do': 'decline', 'processRawSumRefund.do': 'processRawSumRefund',
  'processRawPositionRefund.do': 'processRawPositionRefund', 'paymentOrderBinding.do': 'paymentOrderBinding',
  'getBindings.do': 'getBindings', 'getBindingsByCardOrId.do': 'getBindingsByCardOrId', 'unBindCard.do': 'unBindCard',
  'bindCard.do': 'bindCard', 'extendBinding.do': 'extendBinding', 'recurrentPayment.do': 'recurrentPayment',
  'installmentPayment.do': 'installmentPayment', 'createBindingNoPayment.do': 'createBindingNoPayment',
  'sbp/c2b/qr/dynamic/get.do': 'sbpQrGet', 'sbp/c2b/qr/status.do': 'sbpQrStatus', 'sbp/c2b/qr/dynamic/reject.do': 'sbpQrReject',
  'sbp/c2b/getBindings.do': 'sbpGetBindings', 'sbp/c2b/unBind.do': 'sbpUnBind', 'finish3dsPayment.do': 'finish3dsPayment',
  'finish3dsVer2Payment.do': 'finish3dsVer2Payment', '3ds/continue.do': 'continue3ds', 'verifyCard.do': 'verifyCard',
  'closeOfdReceipt.do': 'closeOfdReceipt', 'getReceiptStatus.do': 'getReceiptStatus', 'templates/create.do': 'templatesCreate',
  'templates/get.do': 'templatesGet', 'templates/update.do': 'templatesUpdate', 'templates/getList.do': 'templatesGetList',
};
// The samples that leave out a Mandatory parameter (tests/rbs_reference_samples.rs): completed here.
const COMPLETE = { 96: { orderNumber: 'n-1' }, 4125: { preAuth: false }, 4838: { amount: 0 } };
const AUTH = new Set(['userName', 'username', 'password', 'token']);

function requestOf(sample) {
  const params = {};
  if (sample.json) {
    for (const [k, v] of Object.entries(sample.json)) if (!AUTH.has(k)) params[k] = v;
  } else {
    for (const [k, v] of new URLSearchParams(sample.body)) {
      if (AUTH.has(k)) continue;
      const value = (k === 'amount' || k.endsWith('Amount')) && /^\d+$/.test(v) ? Number(v) : v;
      if (k in params) params[k] = [].concat(params[k], value);
      else params[k] = value;
    }
  }
  return { ...params, ...(COMPLETE[sample.line] || {}) };
}

function client(answer, status = 200) {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url, method: init.method, body: init.body ? new TextDecoder().decode(init.body) : '' });
    return new Response(typeof answer === 'string' ? answer : JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
  };
  const rbs = new kassa.RbsClient({ dangerouslyAllowBrowser: true, baseUrl: 'https://vtb.rbsuat.com/payment/rest/', userName: 'test_user', password: 'test_user_password', fetch, maxRetries: 0 });
  return { rbs, seen };
}

async function outcome(p) {
  try {
    return { value: await p };
  } catch (error) {
    return { error };
  }
}

const samples = data.samples;
const responses = samples.filter((s) => s.kind === 'response');
const requests = samples.filter((s) => s.kind === 'request' && s.endpoint !== 'acsRedirect.do');

test('the data file: 40 requests and 47 responses, counted per endpoint', () => {
  assert.equal(samples.filter((s) => s.kind === 'request').length, 40);
  assert.equal(responses.length, 47);
  for (const [key, n] of Object.entries(data.counts)) {
    const [endpoint, kind] = key.split(' ');
    assert.equal(samples.filter((s) => s.endpoint === endpoint && s.kind === kind).length, n, key);
  }
});

test('every request sample is sent to its endpoint through the package', async () => {
  let sent = 0;
  for (const s of requests) {
    const method = METHOD[s.endpoint];
    assert.ok(method, s.endpoint);
    const { rbs, seen } = client({ errorCode: '0' });
    const r = await outcome(rbs[method](requestOf(s)));
    assert.ok(!r.error, `line ${s.line} ${method}: ${r.error?.code} ${r.error?.message}`);
    assert.equal(seen.length, 1);
    const want = s.endpoint.replace('processRawPositionOrderRefund', 'processRawPositionRefund');
    assert.ok(seen[0].url.endsWith('/' + want), `line ${s.line}: ${seen[0].url}`);
    sent += 1;
  }
  assert.equal(sent, 39);
});

test('every response sample is read with the outcome its heading names', async () => {
  const counts = { success: 0, error: 0 };
  for (const s of responses) {
    const method = METHOD[s.endpoint];
    const req = requests.find((q) => q.endpoint === s.endpoint);
    const { rbs } = client(s.json);
    const r = await outcome(rbs[method](requestOf(req)));
    if (s.outcome === 'success') {
      assert.ok(!r.error, `line ${s.line} ${method}: ${r.error?.code} ${r.error?.message}`);
      assert.equal(typeof r.value, 'object');
    } else {
      assert.ok(r.error, `line ${s.line} ${method} must reject`);
      assert.equal(r.error.code, 'GATEWAY_ERROR', `line ${s.line}`);
      assert.equal(r.error.gateway, 'rbs');
      assert.ok(r.error.errorMessage, `line ${s.line}`);
    }
    counts[s.outcome] += 1;
  }
  assert.deepEqual(counts, { success: 38, error: 9 });
});

test('3ds/continue failures with errorCode 0 are GATEWAY_ERROR with the failure fields on details', async () => {
  const failing = responses.filter((s) => s.endpoint === '3ds/continue.do' && s.outcome === 'error');
  assert.equal(failing.length, 2);
  for (const s of failing) {
    const { rbs } = client(s.json);
    const { error } = await outcome(rbs.continue3ds({ mdOrder: 'md-1' }));
    assert.equal(error.code, 'GATEWAY_ERROR');
    assert.equal(error.errorCode, '0');
    assert.equal(error.details.processingErrorType, s.json.processingErrorType);
    assert.equal(error.details.errorTypeName, s.json.errorTypeName);
    assert.equal(error.details.redirect, s.json.redirect);
    assert.equal(error.details.answer.is3DSVer2, true);
  }
  // A declined paymentOrderBinding as deployments answer it: errorCode 0 and an error text.
  const { rbs } = client({ errorCode: 0, error: 'Operation declined', is3DSVer2: false, processingErrorType: 'CLIENT_ERROR' });
  const { error } = await outcome(rbs.paymentOrderBinding({ mdOrder: 'm', bindingId: 'b', tii: 'F' }));
  assert.equal(error.code, 'GATEWAY_ERROR');
  assert.equal(error.errorMessage, 'Operation declined');
});

test('sbpUnBind: the documented success with errorCode 2 resolves; unBindCard errorCode 2 rejects', async () => {
  const answer = { error: 'Stored credential deactivated', errorCode: 2, is3DSVer2: false, errorMessage: 'Stored credential deactivated' };
  const ok = await client(answer).rbs.sbpUnBind({ bindingId: 'b' });
  assert.equal(ok.errorCode, '2');
  const { error } = await outcome(client(answer).rbs.unBindCard({ bindingId: 'b' }));
  assert.equal(error.code, 'GATEWAY_ERROR');
});

test('answers of real deployments: legacy keys, numbers and strings, 3-D Secure spellings, any 2xx', async () => {
  const legacy = { ErrorCode: '0', ErrorMessage: 'Success', OrderStatus: 2, OrderNumber: 1001, Amount: '12300', currency: 643,
    terminalId: 12345678, actionCode: '0', bindingInfo: { bindingId: 5 }, merchantOrderParams: [{ name: 'noValue' }] };
  const s = await client(legacy).rbs.getOrderStatusExtended({ orderNumber: '1001' });
  assert.equal(s.errorCode, '0');
  assert.equal(s.orderStatus, 2);
  assert.equal(s.orderNumber, '1001');
  assert.equal(s.amount, 12300);
  assert.equal(s.currency, '643');
  assert.equal(s.terminalId, '12345678');
  assert.equal(s.actionCode, 0);
  assert.equal(s.bindingInfo.bindingId, '5');
  assert.equal(kassa.rbsOrderStatusIsPaid(s.orderStatus), true);
  const { error } = await outcome(client({ ErrorCode: '6', ErrorMessage: 'Order not found' }).rbs.getOrderStatusExtended({ orderId: 'x' }));
  assert.equal(error.code, 'GATEWAY_ERROR');
  assert.equal(error.errorCode, '6');
  const p = await client({ errorCode: 0, is3DSVer2: true, threeDSServerTransID: 't-1', threeDSMethodURL: 'https://acs/m', threeDSMethodURLServer: 'https://3ds/s' })
    .rbs.paymentOrder({ MDORDER: 'm', seToken: 's', TEXT: 'T', language: 'en' });
  assert.equal(p.threeDSServerTransId, 't-1');
  assert.equal(p.threeDSMethodUrl, 'https://acs/m');
  assert.equal(p.threeDSMethodUrlServer, 'https://3ds/s');
  for (const status of [201, 202]) {
    const r = await client({ orderId: 'md-1', formUrl: 'https://f' }, status).rbs.register({ orderNumber: 'n', amount: 1, returnUrl: 'https://s' });
    assert.equal(r.orderId, 'md-1');
  }
});

test('Mandatory parameters are checked before sending; an empty string is sent; closeOfdReceipt takes mdOrder', async () => {
  const { rbs, seen } = client({ errorCode: '0' });
  for (const [method, req, name] of [
    ['decline', { orderId: 'x' }, 'orderNumber'],
    ['paymentOrderBinding', { mdOrder: 'm', bindingId: 'b' }, 'tii'],
    ['installmentPayment', { orderNumber: '1', bindingId: 'b', amount: 1 }, 'preAuth'],
    ['paymentOrder', { MDORDER: 'm', seToken: 's', language: 'en' }, 'TEXT'],
    ['paymentOrder', { MDORDER: 'm', seToken: 's', TEXT: 'T' }, 'language'],
    ['closeOfdReceipt', { orderId: 'x', amount: 1 }, 'orderId'],
    ['getOrderStatusExtended', {}, 'orderId'],
  ]) {
    const { error } = await outcome(rbs[method](req));
    assert.equal(error?.code, 'INVALID_ARGUMENT', method);
    assert.ok(error.message.includes(`'${name}'`), `${method}: ${error.message}`);
  }
  assert.equal(seen.length, 0, 'nothing was sent');
  await rbs.decline({ orderId: 'x', orderNumber: '' });
  assert.equal(seen[0].body, 'userName=test_user&password=test_user_password&orderId=x&orderNumber=');
  await rbs.closeOfdReceipt({ mdOrder: 'm', amount: 100 });
  assert.ok(seen[1].body.endsWith('&mdOrder=m&amount=100'), seen[1].body);
});
