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
