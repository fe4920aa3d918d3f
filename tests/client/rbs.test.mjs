// RbsClient against the emulator over real HTTP, through the built npm package (pkg/node.mjs).
// Needs: cargo build -p kassa-sandbox && make pkg. Run: node --test tests/client/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { kassa, startSandbox, merchant, unique, answered } from './sandbox.mjs';

let sb;
let rbs;
before(async () => {
  sb = await startSandbox();
  const m = merchant(sb.config, 'plain');
  rbs = new kassa.RbsClient({ baseUrl: sb.config.rbs.baseUrl, userName: m.userName, password: m.password, timeoutMs: 5000 });
});
after(() => sb.stop());

const card = { $PAN: '4111111111111111', $CVC: '123', YYYY: 2030, MM: 12, TEXT: 'TEST CARDHOLDER', language: 'en' };

async function paidOrder(extra = {}, preAuth = false) {
  const orderNumber = unique('pay');
  const reg = await (preAuth ? rbs.registerPreAuth : rbs.register).call(rbs,
    { orderNumber, amount: 12345, returnUrl: 'https://shop.test/ok', ...extra });
  await rbs.paymentOrder({ MDORDER: reg.orderId, ...card });
  return { orderNumber, orderId: reg.orderId };
}

test('a full payment: register, pay, status, refund, waitForFinalStatus', async () => {
  const orderNumber = unique('full');
  const reg = await rbs.register({ orderNumber, amount: 12345, returnUrl: 'https://shop.test/ok', description: 'full payment' });
  assert.match(reg.orderId, /\S/);
  assert.ok(reg.formUrl.includes(reg.orderId));
  const before = await rbs.getOrderStatusExtended({ orderId: reg.orderId });
  assert.equal(before.orderStatus, kassa.RbsOrderStatus.Registered);
  const pay = await rbs.paymentOrder({ MDORDER: reg.orderId, ...card });
  assert.equal(Number(pay.errorCode ?? 0), 0);
  const final = await rbs.waitForFinalStatus(reg.orderId, { deadline: Date.now() + 10_000 });
  assert.equal(final.orderStatus, 2);
  assert.equal(kassa.rbsOrderStatusName(final.orderStatus), 'DEPOSITED');
  assert.ok(kassa.rbsOrderStatusIsPaid(final.orderStatus));
  assert.equal(final.orderNumber, orderNumber);
  await rbs.refund({ orderId: reg.orderId, amount: 345 });
  await rbs.refund({ orderId: reg.orderId, amount: 12000 });
  const refunded = await rbs.getOrderStatusExtended({ orderNumber });
  assert.equal(refunded.orderStatus, 4);
  // A refund above what is left is the gateway's business error, in an HTTP 200.
  const err = await rbs.refund({ orderId: reg.orderId, amount: 1 }).catch((e) => e);
  assert.equal(err.code, 'GATEWAY_ERROR');
  assert.equal(err.httpStatus, 200);
  assert.ok(err.errorCode && err.errorCode !== '0');
});

test('a declined card: paymentOrder answers errorCode 0 with the failure fields, and kassa rejects', async () => {
  const reg = await rbs.register({ orderNumber: unique('declined'), amount: 1000, returnUrl: 'https://shop.test/ok' });
  const err = await rbs.paymentOrder({ MDORDER: reg.orderId, ...card, $PAN: '4000000000000002' }).catch((e) => e);
  assert.equal(err.code, 'GATEWAY_ERROR');
  assert.equal(err.errorCode, '0');
  assert.match(err.errorMessage, /declined/i);
  assert.equal(err.details.processingErrorType, 'CLIENT_ERROR');
  assert.equal(err.details.errorTypeName, 'DATA_INPUT_ERROR');
  const status = await rbs.getOrderStatusExtended({ orderId: reg.orderId });
  assert.equal(status.orderStatus, kassa.RbsOrderStatus.Declined);
});

test('two-stage: registerPreAuth, pay, deposit; another reversed; an unpaid one declined', async () => {
  const a = await paidOrder({}, true);
  assert.equal((await rbs.getOrderStatusExtended({ orderId: a.orderId })).orderStatus, 1);
  await rbs.deposit({ orderId: a.orderId, amount: 0 });
  assert.equal((await rbs.getOrderStatusExtended({ orderId: a.orderId })).orderStatus, 2);
  const b = await paidOrder({}, true);
  await rbs.reverse({ orderId: b.orderId });
  assert.equal((await rbs.getOrderStatusExtended({ orderId: b.orderId })).orderStatus, 3);
  const orderNumber = unique('decline');
  const c = await rbs.register({ orderNumber, amount: 100, returnUrl: 'https://shop.test/ok' });
  await rbs.decline({ orderId: c.orderId, orderNumber });
  assert.equal((await rbs.getOrderStatusExtended({ orderId: c.orderId })).orderStatus, 6);
});

test('every other endpoint answers through the client', async (t) => {
  const clientId = unique('client');
  const paid = await paidOrder({ clientId });
  const st = await rbs.getOrderStatusExtended({ orderId: paid.orderId });
  const bindingId = st.bindingInfo?.bindingId;
  assert.ok(bindingId, 'a paid order with clientId creates a binding');
  const calls = {
    processRawSumRefund: () => rbs.processRawSumRefund({ orderId: paid.orderId, amount: 100 }),
    processRawPositionRefund: () => rbs.processRawPositionRefund({ orderId: paid.orderId, amount: 100, positionId: 1 }),
    getBindings: () => rbs.getBindings({ clientId }),
    getBindingsByCardOrId: () => rbs.getBindingsByCardOrId({ bindingId }),
    unBindCard: () => rbs.unBindCard({ bindingId }),
    bindCard: () => rbs.bindCard({ bindingId }),
    extendBinding: () => rbs.extendBinding({ bindingId, newExpiry: 203212, language: 'en' }),
    paymentOrderBinding: async () => {
      const r = await rbs.register({ orderNumber: unique('bind'), amount: 500, returnUrl: 'https://shop.test/ok', clientId });
      return rbs.paymentOrderBinding({ mdOrder: r.orderId, bindingId, cvc: '123', tii: 'F' });
    },
    recurrentPayment: () => rbs.recurrentPayment({ orderNumber: unique('rec'), bindingId, amount: 700, currency: '643',
      additionalParameters: { firstParamName: 'firstParamValue' } }),
    installmentPayment: () => rbs.installmentPayment({ orderNumber: unique('inst'), bindingId, amount: 800, currency: '643', preAuth: false }),
    createBindingNoPayment: () => rbs.createBindingNoPayment({ clientId, cardholderName: 'TEST CARDHOLDER', expiryDate: '203012', pan: '4111111111111111' }),
    sbpQrGet_status_reject: async () => {
      const r = await rbs.register({ orderNumber: unique('sbp'), amount: 900, returnUrl: 'https://shop.test/ok' });
      const qr = await rbs.sbpQrGet({ mdOrder: r.orderId, qrHeight: 100, qrWidth: 100, qrFormat: 'image' });
      assert.ok(qr.qrId, 'qrId');
      const s = await rbs.sbpQrStatus({ mdOrder: r.orderId, qrId: qr.qrId });
      assert.ok(s.qrStatus ?? s.transactionState ?? s.qrType);
      return rbs.sbpQrReject({ mdOrder: r.orderId, qrId: qr.qrId });
    },
    sbpGetBindings: () => rbs.sbpGetBindings({ clientId }),
    sbpUnBind: () => rbs.sbpUnBind({ bindingId: 'no-such-sbp-binding' }),
    finish3dsPayment: async () => {
      const r = await rbs.register({ orderNumber: unique('3ds1'), amount: 1000, returnUrl: 'https://shop.test/ok' });
      const p = await rbs.paymentOrder({ MDORDER: r.orderId, ...card, $PAN: '5555555555555599' });
      assert.ok(p.acsUrl && p.paReq, '3-D Secure 1 answer');
      return rbs.finish3dsPayment({ mdOrder: r.orderId, paRes: 'not-a-valid-PaRes' });
    },
    continue3ds_finish3dsVer2Payment: async () => {
      const r = await rbs.register({ orderNumber: unique('3ds2'), amount: 1000, returnUrl: 'https://shop.test/ok' });
      const p = await rbs.paymentOrder({ MDORDER: r.orderId, ...card, $PAN: '4000001111111118' });
      assert.equal(p.is3DSVer2, true);
      await answered(rbs.continue3ds({ mdOrder: r.orderId }));
      return rbs.finish3dsVer2Payment({ threeDSServerTransId: p.threeDSServerTransId });
    },
    verifyCard: () => rbs.verifyCard({ amount: 0, currency: '643', pan: '4111111111111111', cvc: '123', expiry: '203012', cardholderName: 'TEST CARDHOLDER' }),
    closeOfdReceipt: () => rbs.closeOfdReceipt({ mdOrder: paid.orderId, amount: 12345 }),
    getReceiptStatus: () => rbs.getReceiptStatus({ orderId: paid.orderId }),
    templates: async () => {
      const created = await rbs.templatesCreate({ language: 'en', template: { type: 'ECOM', name: 'kassa test', amount: 300, currency: '643' } });
      assert.equal(created.status, 'SUCCESS');
      const templateId = created.template.templateId;
      assert.equal((await rbs.templatesGet({ template: { templateId } })).template.templateId, templateId);
      await rbs.templatesUpdate({ template: { templateId, name: 'kassa test 2' } });
      const list = await rbs.templatesGetList({});
      assert.ok(list.templates.some((t) => t.templateId === templateId));
      return list;
    },
  };
  // One subtest per endpoint: it must be reached and answer in its documented shape (a business
  // error in an HTTP 200 is such an answer). An endpoint the emulator does not serve yet (404) is
  // reported as a todo, so this test tightens by itself as the emulator grows.
  const mustSucceed = new Set(['getBindings', 'getBindingsByCardOrId', 'unBindCard', 'bindCard', 'recurrentPayment',
    'sbpQrGet_status_reject', 'templates', 'getReceiptStatus']);
  for (const [name, call] of Object.entries(calls)) {
    await t.test(name, async (st) => {
      let r;
      try {
        r = await answered(call());
      } catch (err) {
        if (err.code === 'HTTP_ERROR' && err.httpStatus === 404) {
          st.todo(`the emulator does not serve ${name} yet`);
          return;
        }
        throw err;
      }
      st.diagnostic(r.error ? `GATEWAY_ERROR ${r.error.errorCode}: ${r.error.errorMessage}` : 'ok');
      if (mustSucceed.has(name)) assert.equal(r.error, undefined, `${name}: ${r.error?.message}`);
      if (r.error) assert.equal(r.error.httpStatus, 200);
    });
  }
});

test('request signing: the signed merchant accepts X-Hash/X-Signature made with its key', async () => {
  const m = merchant(sb.config, 'signed');
  const signed = new kassa.RbsClient({ baseUrl: sb.config.rbs.baseUrl, userName: m.userName, password: m.password,
    signer: { privateKey: m.requestSigningKey } });
  const r = await signed.register({ orderNumber: unique('signed'), amount: 100, returnUrl: 'https://shop.test/ok' });
  assert.ok(r.orderId);
  const unsigned = new kassa.RbsClient({ baseUrl: sb.config.rbs.baseUrl, userName: m.userName, password: m.password });
  const err = await unsigned.register({ orderNumber: unique('unsigned'), amount: 100, returnUrl: 'https://shop.test/ok' }).catch((e) => e);
  assert.equal(err.code, 'GATEWAY_ERROR');
});

test('request signing with an encrypted PKCS#8 key: WebCrypto decrypts it (PBKDF2 + AES-CBC) and signs', async () => {
  const m = merchant(sb.config, 'signed');
  // node:crypto writes PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), as `openssl pkcs8 -topk8 -v2 aes-256-cbc` does.
  const encrypted = createPrivateKey(m.requestSigningKey)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'пароль 123' });
  assert.match(encrypted, /BEGIN ENCRYPTED PRIVATE KEY/);
  const options = { baseUrl: sb.config.rbs.baseUrl, userName: m.userName, password: m.password };
  const signed = new kassa.RbsClient({ ...options, signer: { privateKey: encrypted, passphrase: 'пароль 123' } });
  const r = await signed.register({ orderNumber: unique('signed-enc'), amount: 100, returnUrl: 'https://shop.test/ok' });
  assert.ok(r.orderId, 'the emulator checked X-Hash/X-Signature and registered the order');
  const wrong = new kassa.RbsClient({ ...options, signer: { privateKey: encrypted, passphrase: 'wrong' } });
  const err = await wrong.register({ orderNumber: unique('signed-wrong'), amount: 100, returnUrl: 'https://shop.test/ok' }).catch((e) => e);
  assert.ok(err instanceof kassa.KassaError);
  assert.equal(err.code, 'ENCRYPTED_KEY');
  assert.ok(!err.message.includes('пароль'), 'the passphrase never appears in the error');
  const missing = (() => { try { return new kassa.RbsClient({ ...options, signer: { privateKey: encrypted } }); } catch (e) { return e; } })();
  assert.equal(missing.code, 'ENCRYPTED_KEY');
});

test('close after register takes effect, 50 trials: one order each, a correct result, never a second register', async () => {
  for (let i = 0; i < 50; i++) {
    const orderNumber = unique('close-after');
    await sb.fault({ endpoint: 'register.do', kind: 'close_after', count: 1 });
    const r = await rbs.register({ orderNumber, amount: 1000 + i, returnUrl: 'https://shop.test/ok' });
    const status = await rbs.getOrderStatusExtended({ orderNumber });
    assert.equal(status.orderStatus, 0, `trial ${i}: the order exists, registered`);
    assert.equal(status.amount, 1000 + i);
    const mdOrder = status.attributes.find((a) => a.name === 'mdOrder')?.value;
    assert.equal(r.orderId, mdOrder, `trial ${i}: the result names the emulator's order`);
    assert.equal(r.recovered, true);
    const registers = (await sb.requests('?path=register.do')).filter((q) => (q.body || '').includes(`orderNumber=${orderNumber}`));
    assert.equal(registers.length, 1, `trial ${i}: register.do was sent once`);
    const counted = await sb.admin('GET', `/rbs/orders?orderNumber=${encodeURIComponent(orderNumber)}`);
    assert.equal(counted.count, 1, `trial ${i}: exactly one order on the emulator`);
  }
});

test('close before register takes effect: the order is absent, so it is sent once more', async () => {
  const orderNumber = unique('close-before');
  await sb.fault({ endpoint: 'register.do', kind: 'close_before', count: 1 });
  const r = await rbs.register({ orderNumber, amount: 100, returnUrl: 'https://shop.test/ok' });
  assert.ok(r.formUrl, 'a fresh answer');
  const registers = (await sb.requests('?path=register.do')).filter((q) => (q.body || '').includes(`orderNumber=${orderNumber}`));
  assert.equal(registers.length, 2);
});

test('a money-moving call with an undecidable outcome is OUTCOME_UNKNOWN, not repeated', async () => {
  const paid = await paidOrder();
  await sb.fault({ endpoint: 'refund.do', kind: 'close_after', count: 1 });
  const err = await rbs.refund({ orderId: paid.orderId, amount: 100 }).catch((e) => e);
  assert.equal(err.code, 'OUTCOME_UNKNOWN');
  assert.equal(err.details.cause, 'NETWORK_ERROR');
  assert.equal(err.details.orderStatus.orderStatus, 4, 'what the client learnt is attached');
  const refunds = (await sb.requests('?path=refund.do')).filter((q) => (q.body || '').includes(paid.orderId));
  assert.equal(refunds.length, 1);
});

test('429 with Retry-After is honoured', async () => {
  const paid = await paidOrder();
  await sb.fault({ endpoint: 'getOrderStatusExtended.do', kind: '429', count: 1, retryAfter: 1 });
  const t0 = Date.now();
  const s = await rbs.getOrderStatusExtended({ orderId: paid.orderId });
  const took = Date.now() - t0;
  assert.equal(s.orderStatus, 2);
  assert.ok(took >= 1000, `waited ${took} ms`);
  assert.ok(took < 4000, `waited ${took} ms`);
});

test('the timeout fires (delay fault longer than timeoutMs)', async () => {
  const quick = new kassa.RbsClient({ baseUrl: sb.config.rbs.baseUrl, token: merchant(sb.config, 'plain').token, timeoutMs: 300, maxRetries: 0 });
  await sb.fault({ endpoint: 'getOrderStatusExtended.do', kind: 'delay', count: 1, delayMs: 3000 });
  const t0 = Date.now();
  const err = await quick.getOrderStatusExtended({ orderNumber: 'whatever' }).catch((e) => e);
  assert.equal(err.code, 'TIMEOUT');
  assert.ok(Date.now() - t0 < 2000);
  await sb.clearFaults();
});
