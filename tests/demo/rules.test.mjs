// The rules the demo and the debugger take from kassa, over the built package (pkg/): the status
// predicates (cashierOrderStatusIsPaid/IsFinal/IsDeclined, koshelekStatusIsFinal, and the RBS
// ones), hostile arguments to them, and the hints check() carries when a notification fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as signed from './notifications.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const kassa = await import(path.join(root, 'pkg/node.mjs'));
const KEY = 'демо-ключ 0123';
const rsaPub = fs.readFileSync(path.join(root, 'sandbox/keys/rbs-callback-2048.pub.pem'), 'utf8');
const cashierPub = fs.readFileSync(path.join(root, 'sandbox/keys/cashier-webhook-4096.pub.pem'), 'utf8');
const CASHIER = ['CREATED', 'DECLINED', 'EXPIRED', 'IN_PROCESS', 'PAYOUT_IN_PROGRESS', 'QRCDATA_IN_PROGRESS', 'IPS_ACCEPTED',
  'CHARGE_IN_PROGRESS', 'CHARGE_DECLINED', 'CHARGED', 'QRCDATA_CREATED', 'PAID', 'REFUNDED', 'PARTIALLY_REFUNDED',
  'AUTHORIZATION', 'AUTHORIZED', 'VOID_IN_PROGRESS', 'VOID_DECLINED', 'VOIDED', 'PRE_AUTHORIZED_3DS', 'SBP_ACCEPTED', 'LATER', 'charged'];
const which = (f) => CASHIER.filter((s) => f(s));

test('Mobile Cashier statuses: paid, final and declined are the core\'s table (AUTHORIZED is a hold, not paid)', () => {
  assert.deepEqual(which(kassa.cashierOrderStatusIsPaid), ['IPS_ACCEPTED', 'CHARGED', 'PAID', 'SBP_ACCEPTED']);
  assert.deepEqual(which(kassa.cashierOrderStatusIsFinal),
    ['CREATED', 'DECLINED', 'EXPIRED', 'IPS_ACCEPTED', 'CHARGED', 'PAID', 'REFUNDED', 'PARTIALLY_REFUNDED', 'AUTHORIZED', 'VOIDED', 'SBP_ACCEPTED']);
  assert.deepEqual(which(kassa.cashierOrderStatusIsDeclined), ['DECLINED', 'EXPIRED', 'VOIDED']);
  assert.equal(kassa.cashierOrderStatusIsPaid('AUTHORIZED'), false);
});

test('Koshelek statuses: final unless a pending word, as waitForFinalStatus decides', () => {
  const all = ['NEW', 'PENDING', 'PROCESSING', 'pending', 'PAID', 'DECLINED', 'CANCELLED', 'accepted', 'rejected'];
  assert.deepEqual(all.filter(kassa.koshelekStatusIsFinal), ['PAID', 'DECLINED', 'CANCELLED', 'accepted', 'rejected']);
});

test('RBS orderStatus: the exported rules the demo uses', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].filter(kassa.rbsOrderStatusIsPaid), [1, 2]);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].filter(kassa.rbsOrderStatusIsFinal), [1, 2, 3, 4, 6]);
});

test('hostile arguments to the predicates are INVALID_ARGUMENT, never a trap, never echoed', () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const hostile = [undefined, null, 1, {}, [], Symbol('x'), 10n, revoked.proxy, 'x'.repeat(65), { toString() { throw new Error('boom'); } }];
  for (const f of ['cashierOrderStatusIsPaid', 'cashierOrderStatusIsFinal', 'cashierOrderStatusIsDeclined', 'koshelekStatusIsFinal']) {
    for (const v of hostile) {
      assert.throws(() => kassa[f](v), (e) => e instanceof kassa.KassaError && e.code === 'INVALID_ARGUMENT' && !e.message.includes('xxxx'), `${f}(${String(typeof v)})`);
    }
  }
  // The instance is not poisoned.
  assert.equal(kassa.cashierOrderStatusIsPaid('CHARGED'), true);
});

test('check(): hints only on failure, each { code, message, parameter? }, no secret in them', () => {
  const v = new kassa.RbsCallbackVerifier({ hmacKey: KEY });
  const cb = signed.rbsHmac(KEY, { description: 'Заказ №7 · чай' });
  const ok = v.check(cb.url);
  assert.equal(ok.valid, true);
  assert.equal(ok.hints, undefined);
  assert.equal(ok.parameters, undefined);
  const added = v.check(`${cb.url}&utm_source=mail`);
  assert.deepEqual(added.hints.map(({ code, parameter }) => ({ code, parameter })), [{ code: 'ADDED_PARAMETER', parameter: 'utm_source' }]);
  const twice = cb.url.replace(/description=[^&]*/, `description=${encodeURIComponent(encodeURIComponent('Заказ №7 · чай'))}`);
  assert.deepEqual(v.check(twice).hints.map((h) => [h.code, h.parameter]), [['REENCODED_VALUE', 'description']]);
  const padded = new kassa.RbsCallbackVerifier({ hmacKey: ` ${KEY}\n` }).check(cb.url);
  assert.deepEqual(padded.hints.map((h) => h.code), ['KEY_WHITESPACE']);
  for (const h of [...added.hints, ...padded.hints]) assert.ok(!h.message.includes('ключ'), 'no key in a hint');
  const tampered = v.check(cb.url.replace('amount=149000', 'amount=1'));
  assert.equal(tampered.code, 'SIGNATURE_MISMATCH');
  assert.deepEqual(tampered.hints, []);
  assert.equal(tampered.parameters.find(([n]) => n === 'amount')[1], '1');
  // Another failure than a mismatch: no hints, the parameters still shown.
  const missing = v.check(cb.url.replace(/&checksum=.*/, ''));
  assert.equal(missing.code, 'MISSING_SIGNATURE');
  assert.deepEqual(missing.hints, []);
});

test('check(): WRONG_HASH for RSA, RESERIALISED_BODY and SIGNATURE_ENCODING for Mobile Cashier, credentials for Koshelek', () => {
  const rsa = new kassa.RbsCallbackVerifier({ publicKeys: [rsaPub] }).check(signed.rbsRsa('sha256').url);
  assert.deepEqual(rsa.hints.map((h) => h.code), ['WRONG_HASH']);
  assert.match(rsa.hints[0].message, /SHA256, not SHA512/);
  const cashier = new kassa.CashierWebhookVerifier({ publicKey: cashierPub });
  const wh = signed.cashier();
  assert.equal(cashier.check(wh.body, wh.sign).hints, undefined);
  const pretty = cashier.check(JSON.stringify(JSON.parse(wh.body), null, 2), wh.sign);
  assert.deepEqual(pretty.hints.map((h) => h.code), ['RESERIALISED_BODY']);
  const cyrillic = cashier.check(wh.body.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), wh.sign);
  assert.deepEqual(cyrillic.hints.map((h) => h.code), ['RESERIALISED_BODY'], 'a body whose Cyrillic was \\u-escaped after signing');
  const lost = cashier.check(wh.body, wh.sign.replace(/\+/g, ' '));
  assert.deepEqual(lost.hints.map((h) => h.code), ['SIGNATURE_ENCODING']);
  assert.deepEqual(cashier.check(wh.body.replace('CHARGED', 'DECLINED'), wh.sign).hints, []);
  const koshelek = new kassa.KoshelekPostbackVerifier({ login: 'shop', password: 'pw' }).check(signed.basic('shop', 'no'), '{}');
  assert.equal(koshelek.code, 'UNAUTHORIZED');
  assert.deepEqual(koshelek.hints.map((h) => [h.code, h.parameter]), [['CREDENTIALS_MISMATCH', 'password']]);
  assert.ok(!koshelek.hints[0].message.includes('pw'), 'no credential in a hint');
  const bearer = new kassa.KoshelekPostbackVerifier({ login: 'shop', password: 'pw' }).check('Bearer x', '{}');
  assert.deepEqual(bearer.hints.map((h) => h.code), ['MALFORMED_CREDENTIALS']);
  assert.equal(new kassa.KoshelekPostbackVerifier({ login: 'shop', password: 'pw' }).check(signed.basic('shop', 'pw'), '{}').hints, undefined);
});
