// `new KassaError(code, message, details)` called by code outside kassa never throws, whatever it is
// given, and keeps what it can read. Run: node --test tests/verify/kassa-error.test.mjs (needs pkg/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { KassaError } = await import(path.join(root, 'pkg/node.mjs'));

const revoked = () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; };
const throwing = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });
const hostileText = { toString() { throw new Error('toString'); }, [Symbol.toPrimitive]() { throw new Error('prim'); } };

test('a hostile code, message or details never makes the constructor throw', () => {
  for (const code of [undefined, null, Symbol('x'), hostileText, revoked(), 5, 'SIGNATURE_MISMATCH']) {
    for (const message of [undefined, Symbol('m'), hostileText, 'msg']) {
      for (const details of [undefined, null, 5, 'x', throwing, revoked(), { get gateway() { throw new Error('g'); }, httpStatus: 502 }]) {
        const e = new KassaError(code, message, details);
        assert.ok(e instanceof KassaError && e instanceof Error);
        assert.equal(e.name, 'KassaError');
        assert.equal(typeof e.code, 'string');
        assert.equal(typeof e.message, 'string');
      }
    }
  }
});

test('what can be read is kept', () => {
  const e = new KassaError('GATEWAY_ERROR', 'declined', { gateway: 'rbs', httpStatus: 200, errorCode: '5', details: { a: 1 } });
  assert.deepEqual([e.code, e.message, e.gateway, e.httpStatus, e.errorCode, e.details], ['GATEWAY_ERROR', 'declined', 'rbs', 200, '5', { a: 1 }]);
  const partial = new KassaError('HTTP_ERROR', 'x', { get gateway() { throw new Error('g'); }, httpStatus: 502 });
  assert.equal(partial.gateway, undefined);
  assert.equal(partial.httpStatus, 502);
  assert.equal(new KassaError(undefined, undefined).code, 'INVALID_ARGUMENT');
  assert.equal(new KassaError(Symbol('s'), 'm').code, 'INVALID_ARGUMENT');
  assert.equal(new KassaError(7, 'm').code, '7');
});

test('one class across entries: an error from any entry, ESM or CommonJS, is instanceof every KassaError', async () => {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const entries = ['verify', 'forms', 'client', 'testing'];
  const classes = [KassaError, require(path.join(root, 'pkg/node.cjs')).KassaError];
  for (const e of entries) {
    classes.push((await import(path.join(root, `pkg/${e}/node.mjs`))).KassaError, require(path.join(root, `pkg/${e}/node.cjs`)).KassaError);
  }
  const forms = await import(path.join(root, 'pkg/forms/node.mjs'));
  const thrown = [];
  try { forms.cashierPaymentForm({}); } catch (err) { thrown.push(err); }
  try { require(path.join(root, 'pkg/testing/node.cjs')).signCashierWebhook('{}', 'no key'); } catch (err) { thrown.push(err); }
  assert.deepEqual(thrown.map((e) => e.code), ['INVALID_ARGUMENT', 'MALFORMED_KEY']);
  for (const err of [...thrown, ...classes.map((C) => new C('TIMEOUT', 'm'))]) {
    assert.deepEqual(classes.map((C) => err instanceof C), classes.map(() => true));
  }
  // Every ESM entry imports the one file; the CommonJS copies are other classes with the same brand.
  assert.equal(new Set(classes.filter((_, i) => i % 2 === 0)).size, 1);
});

test('instanceof KassaError is false for look-alikes, primitives and hostile values, and never throws', () => {
  const trap = new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } });
  for (const v of [null, undefined, 0, 'KassaError', Symbol('x'), new Error('x'), { name: 'KassaError', code: 'TIMEOUT' }, trap, revoked()]) {
    assert.equal(v instanceof KassaError, false);
  }
  // A subclass answers by its own prototype; its instances are KassaErrors of every entry.
  class Mine extends KassaError {}
  assert.equal(new Mine('TIMEOUT', 'm') instanceof KassaError, true);
  assert.equal(new KassaError('TIMEOUT', 'm') instanceof Mine, false);
  assert.equal(Object.create(KassaError.prototype) instanceof KassaError, true);
});
