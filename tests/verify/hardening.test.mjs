// Hostile input against the verifiers and the non-client exports of the built package (pkg/):
// hostile objects, getters, Proxies and iterators in every argument position; 200 MB bodies refused
// in well under 100 ms without growing wasm memory; 3,000 hostile calls and then a genuine
// verification; the `;` re-split attack; each limit's code.
// Run: node --test tests/verify/hardening.test.mjs   (needs pkg/: `bash scripts/build-pkg.sh`).
//
// The module is instantiated here (with the package's own glue, pkg/init.mjs) so that the test
// holds the instance and reads `WebAssembly.Memory` directly: the package does not expose it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { imports, adopt } = await import(path.join(root, 'pkg/init.mjs'));
const instance = new WebAssembly.Instance(
  new WebAssembly.Module(fs.readFileSync(path.join(root, 'pkg/kassa_bg.wasm'))),
  imports,
);
adopt(instance);
const kassa = await import(path.join(root, 'pkg/api.mjs'));
const {
  KassaError, RbsCallbackVerifier, CashierWebhookVerifier, KoshelekPostbackVerifier,
  signRbsCallback, signCashierWebhook, hmacSha256Hex, sha256Base64, version,
} = kassa;
const memoryBytes = () => instance.exports.memory.buffer.byteLength;

const vector = (f) => fs.readFileSync(path.join(root, 'tests/vectors', f), 'utf8');
const PRIVATE = vector('test-key-2048.pkcs8.pem');
const PUBLIC = vector('test-key-2048.pub.pem');
const HMAC = 'hardening-hmac-key';
const CODES = new Set([
  'INVALID_ARGUMENT', 'MALFORMED_KEY', 'ENCRYPTED_KEY', 'UNSUPPORTED_ALGORITHM', 'MISSING_SIGNATURE',
  'MALFORMED_SIGNATURE', 'SIGNATURE_MISMATCH', 'MALFORMED_PAYLOAD', 'DUPLICATE_PARAMETER', 'UNAUTHORIZED',
  'PAYLOAD_TOO_LARGE', 'TOO_MANY_PARAMETERS', 'TOO_MANY_KEYS', 'AMBIGUOUS_PARAMETERS',
]);
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Hostile values.
const thrower = () => { throw new Error('hostile'); };
const revoked = Proxy.revocable({}, {});
revoked.revoke();
const trapProxy = (trap) => new Proxy({ mdOrder: 'm' }, { [trap]: thrower });
const cyclic = { mdOrder: 'm' };
cyclic.self = cyclic;
const detachedBuffer = new ArrayBuffer(8);
structuredClone(detachedBuffer, { transfer: [detachedBuffer] });
const detachedView = new Uint8Array(new ArrayBuffer(8));
structuredClone(detachedView.buffer, { transfer: [detachedView.buffer] });
const lyingBytes = new Uint8Array(4);
Object.defineProperty(lyingBytes, 'length', { get: thrower });
Object.defineProperty(lyingBytes, 'byteLength', { get: () => 1e12 });

function hostileValues() {
  return [
    ['undefined', undefined], ['null', null], ['0', 0], ['-0', -0], ['NaN', NaN], ['Infinity', Infinity],
    ['1.5', 1.5], ['true', true], ['false', false], ['BigInt', 10n], ['Symbol', Symbol('s')],
    ['function', thrower], ['class', class {}], ['empty string', ''], ['lone surrogate', '\uD800a=\uDC00'],
    ['{}', {}], ['[]', []], ['Object.create(null)', Object.create(null)], ['cyclic', cyclic],
    ['nested', { a: { b: { c: [1, 2, { d: 3 }] } } }], ['array of junk', [[1, 2], ['a'], 5, null]],
    ['pair with Symbol name', [[Symbol('n'), 'x']]], ['Map with object', new Map([['a', {}]])],
    ['getter throws', { get mdOrder() { throw new Error('getter'); } }],
    ['checksum getter throws', { mdOrder: 'm', get checksum() { throw new Error('getter'); } }],
    ...['ownKeys', 'get', 'getOwnPropertyDescriptor', 'has', 'getPrototypeOf'].map((t) => [`Proxy ${t} trap throws`, trapProxy(t)]),
    ['revoked Proxy', revoked.proxy],
    ['throwing toString', { toString: thrower, valueOf: thrower }],
    ['throwing toPrimitive', { [Symbol.toPrimitive]: thrower }],
    ['throwing Symbol.iterator', { [Symbol.iterator]: thrower }],
    ['iterator whose next throws', { [Symbol.iterator]: () => ({ next: thrower }) }],
    ['iterator whose done throws', { [Symbol.iterator]: () => ({ next: () => ({ get done() { throw new Error('done'); } }) }) }],
    ['iterator returning primitives', { [Symbol.iterator]: () => ({ next: () => 5 }) }],
    ['endless iterator', { *[Symbol.iterator]() { for (let i = 0; ; i++) yield [`p${i}`, 'v']; } }],
    ['Uint16Array', new Uint16Array(4)], ['Float64Array', new Float64Array(2)], ['DataView', new DataView(new ArrayBuffer(4))],
    ['detached ArrayBuffer', detachedBuffer], ['detached Uint8Array', detachedView],
    ['SharedArrayBuffer', new SharedArrayBuffer(8)], ['Uint8Array on SharedArrayBuffer', new Uint8Array(new SharedArrayBuffer(8))],
    ['Uint8Array with lying own length', lyingBytes], ['Proxy of a Uint8Array', new Proxy(new Uint8Array(4), {})],
    ['values of every kind', { a: 1n, b: NaN, c: Symbol('x'), d: () => 1 }],
    ['request-like with throwing clone', { method: 'POST', headers: {}, clone: thrower }],
    ['request-like with throwing headers', { clone() { return this; }, get headers() { throw new Error('h'); } }],
    ['request-like with Proxy headers', { clone() { return this; }, headers: new Proxy({}, { get: thrower }), method: 'POST', url: 'https://x/cb' }],
    ['request-like with throwing body', { clone() { return this; }, headers: new Headers(), method: 'POST', url: 'https://x/cb', get body() { throw new Error('b'); } }],
    ['request-like with hostile reader', { clone() { return this; }, headers: new Headers(), method: 'POST', url: 'https://x/cb', body: { getReader: () => ({ read: () => ({ then: thrower }) }) } }],
  ];
}

/** Calls `fn`: it must return, or throw a KassaError with a known code. Returns the code or 'ok'. */
function sync(label, fn) {
  let value;
  try {
    value = fn();
  } catch (e) {
    assert.ok(e instanceof KassaError, `${label}: threw ${e?.constructor?.name}: ${e?.message}`);
    assert.ok(CODES.has(e.code), `${label}: code ${e.code}`);
    return e.code;
  }
  return value instanceof Promise ? value : 'ok';
}

/** `fn` must return a promise without throwing; it settles or rejects with a KassaError. */
async function rejects(label, fn) {
  let p;
  try {
    p = fn();
  } catch (e) {
    assert.fail(`${label}: threw synchronously: ${e?.message}`);
  }
  assert.ok(p instanceof Promise, `${label}: no promise`);
  try {
    await p;
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof KassaError, `${label}: rejected with ${e?.constructor?.name}: ${e?.message}`);
    assert.ok(CODES.has(e.code), `${label}: code ${e.code}`);
    return e.code;
  }
}

/** `check` never throws; it answers `{ valid: false, code }` for everything here. */
function neverThrows(label, fn) {
  let r;
  try {
    r = fn();
  } catch (e) {
    assert.fail(`${label}: check() threw ${e?.message}`);
  }
  assert.equal(typeof r.valid, 'boolean', label);
  if (!r.valid) assert.ok(CODES.has(r.code), `${label}: ${r.code}`);
  return r;
}

const rbs = new RbsCallbackVerifier({ hmacKey: HMAC });
const cashier = new CashierWebhookVerifier({ publicKey: PUBLIC });
const koshelek = new KoshelekPostbackVerifier({ login: 'partner', password: 'secret' });
const goodCallback = () => signRbsCallback({ mdOrder: 'm-1', orderNumber: '7', operation: 'deposited', status: '1' }, { hmacKey: HMAC });
const goodBody = '{"order":{"id":1,"status":"CHARGED"}}';
const goodSign = () => signCashierWebhook(goodBody, PRIVATE);
const basic = 'Basic ' + Buffer.from('partner:secret').toString('base64');

function stillWorks() {
  assert.equal(typeof version(), 'string');
  assert.equal(rbs.verify(goodCallback()).isPaymentSuccess, true);
  assert.equal(cashier.verify(goodBody, goodSign()).orderId, '1');
  assert.equal(koshelek.verify(basic, '{"transactionId":"t","status":"PAID"}').status, 'PAID');
  assert.equal(hmacSha256Hex('k', 'm').length, 64);
}

test('hostile values in every argument position end in KassaError or a verdict', async () => {
  const sig = goodSign();
  for (const [name, h] of hostileValues()) {
    // RBS
    sync(`rbs.verify(${name})`, () => rbs.verify(h));
    neverThrows(`rbs.check(${name})`, () => rbs.check(h));
    sync(`rbs.canonicalString(${name})`, () => rbs.canonicalString(h));
    await rejects(`rbs.verifyAsync(${name})`, () => rbs.verifyAsync(h));
    await rejects(`rbs.verifyRequest(${name})`, () => rbs.verifyRequest(h));
    for (const options of [h, { hmacKey: h }, { publicKeys: h }, { publicKeys: [h] }, { publicKeys: [{ key: h }] },
      { publicKeys: [{ key: PUBLIC, hash: h }] }, { publicKeys: [{ key: PUBLIC, alias: h }] },
      { hmacKey: 'k', maxPayloadBytes: h }, { hmacKey: 'k', maxParameters: h }, { hmacKey: 'k', allowSemicolons: h }]) {
      sync(`new RbsCallbackVerifier(${name})`, () => new RbsCallbackVerifier(options));
    }
    // Mobile Cashier
    sync(`cashier.verify(${name}, sig)`, () => cashier.verify(h, sig));
    sync(`cashier.verify(body, ${name})`, () => cashier.verify(goodBody, h));
    neverThrows(`cashier.check(${name}, sig)`, () => cashier.check(h, sig));
    neverThrows(`cashier.check(body, ${name})`, () => cashier.check(goodBody, h));
    await rejects(`cashier.verifyAsync(${name})`, () => cashier.verifyAsync(h, sig));
    await rejects(`cashier.verifyAsync(body, ${name})`, () => cashier.verifyAsync(goodBody, h));
    await rejects(`cashier.verifyRequest(${name})`, () => cashier.verifyRequest(h));
    for (const options of [h, { publicKey: h }, { maxPayloadBytes: h }]) {
      sync(`new CashierWebhookVerifier(${name})`, () => new CashierWebhookVerifier(options));
    }
    // Koshelek
    sync(`koshelek.verify(${name}, body)`, () => koshelek.verify(h, '{}'));
    sync(`koshelek.verify(auth, ${name})`, () => koshelek.verify(basic, h));
    neverThrows(`koshelek.check(${name}, body)`, () => koshelek.check(h, '{}'));
    neverThrows(`koshelek.check(auth, ${name})`, () => koshelek.check(basic, h));
    await rejects(`koshelek.verifyRequest(${name})`, () => koshelek.verifyRequest(h));
    for (const options of [h, { login: h, password: 'p' }, { login: 'l', password: h }, { login: 'l', password: 'p', maxPayloadBytes: h }]) {
      sync(`new KoshelekPostbackVerifier(${name})`, () => new KoshelekPostbackVerifier(options));
    }
    // Signing helpers and primitives
    sync(`signRbsCallback(${name}, key)`, () => signRbsCallback(h, { hmacKey: HMAC }));
    for (const key of [h, { hmacKey: h }, { privateKey: h }, { privateKey: PRIVATE, hash: h }, { privateKey: PRIVATE, alias: h, hash: 'sha256' }]) {
      sync(`signRbsCallback(params, ${name})`, () => signRbsCallback({ a: '1' }, key));
    }
    sync(`signCashierWebhook(${name}, pem)`, () => signCashierWebhook(h, PRIVATE));
    sync(`signCashierWebhook(body, ${name})`, () => signCashierWebhook('{}', h));
    sync(`signCashierWebhook(body, pem, ${name})`, () => signCashierWebhook('{}', PRIVATE, h));
    sync(`hmacSha256Hex(${name}, m)`, () => hmacSha256Hex(h, 'm'));
    sync(`hmacSha256Hex(k, ${name})`, () => hmacSha256Hex('k', h));
    sync(`sha256Base64(${name})`, () => sha256Base64(h));
  }
  stillWorks();
});

test('number parameters: every finite number reaches the checksum as String(n) writes it', () => {
  // read.js sends a number that is not a safe integer as its IEEE-754 bits; each must come out as
  // exactly the text JavaScript gives it, or the checksum over it would not match.
  const view = new DataView(new ArrayBuffer(8));
  const numbers = [0.1 + 0.2, 5e-324, -5e-324, 1.7976931348623157e308, -1.5e-7, 2 ** 53, 2 ** 53 + 2, 1e21, 123456.789,
    -0, 0.5, 1 / 3, 2 ** -1074 * 3, 9007199254740993, 4.35, 1e-7, 100];
  for (let i = 0; i < 2000; i++) {
    for (let j = 0; j < 8; j++) view.setUint8(j, Math.floor(Math.random() * 256));
    const n = view.getFloat64(0);
    if (Number.isFinite(n)) numbers.push(n);
  }
  for (let at = 0; at < numbers.length; at += 40) {
    const params = Object.fromEntries(numbers.slice(at, at + 40).map((n, i) => [`n${i}`, n]));
    const texts = Object.fromEntries(Object.entries(params).map(([k, n]) => [k, String(n)]));
    const signed = Object.fromEntries(new URLSearchParams(signRbsCallback({ mdOrder: 'm', ...texts }, { hmacKey: HMAC })));
    const cb = rbs.verify({ ...signed, ...params });
    for (const [k, text] of Object.entries(texts)) assert.equal(cb.params[k], text, `${k}: ${text}`);
  }
});

test('object inputs: each kind of value decided as documented', () => {
  const signed = Object.fromEntries(new URLSearchParams(signRbsCallback(
    { mdOrder: 'm', amount: '1500', ok: 'true', none: '', big: '12345678901234567890', f: '0.5', e: '1e+21' },
    { hmacKey: HMAC },
  )));
  const cb = rbs.verify({ ...signed, amount: 1500, ok: true, none: null, big: 12345678901234567890n, f: 0.5, e: 1e21 });
  assert.equal(cb.amount, 1500);
  assert.equal(cb.params.none, '');
  assert.equal(rbs.verify({ ...signed, none: undefined }).params.none, '');
  assert.equal(rbs.verify({ ...signed, amount: -0 === 0 ? 1500 : 0 }).mdOrder, 'm');
  for (const [name, bad] of [['NaN', NaN], ['Infinity', -Infinity], ['Symbol', Symbol('x')], ['function', () => 1], ['object', {}], ['array', ['1', '2']]]) {
    const e = (() => { try { rbs.verify({ ...signed, amount: bad }); } catch (err) { return err; } })();
    assert.ok(e instanceof KassaError, name);
    assert.equal(e.code, 'MALFORMED_PAYLOAD', name);
    assert.match(e.message, /`amount`/, name);
    assert.ok(!e.message.includes('1500'), 'never a value');
  }
  const getter = rbs.check({ ...signed, get status() { throw new Error('x'); } });
  assert.equal(getter.code, 'MALFORMED_PAYLOAD');
  assert.match(getter.reason, /`status`/);
  assert.equal(rbs.check(revoked.proxy).code, 'INVALID_ARGUMENT');
  assert.equal(rbs.check(trapProxy('ownKeys')).code, 'INVALID_ARGUMENT');
  assert.equal(rbs.check(42).code, 'INVALID_ARGUMENT');
  assert.equal(rbs.check(new URLSearchParams(signRbsCallback({ a: '1' }, { hmacKey: HMAC }))).valid, true);
  assert.equal(rbs.check(new URL('https://shop.example/cb?' + signRbsCallback({ a: '1' }, { hmacKey: HMAC }))).valid, true);
  assert.equal(rbs.check(new Map(Object.entries(signed))).valid, true);
  // Bytes: only Uint8Array (any realm, Buffer too), ArrayBuffer and SharedArrayBuffer.
  const sig = goodSign();
  for (const body of [goodBody, Buffer.from(goodBody), new TextEncoder().encode(goodBody), new TextEncoder().encode(goodBody).buffer]) {
    assert.equal(cashier.check(body, sig).valid, true);
  }
  const shared = new SharedArrayBuffer(goodBody.length);
  new Uint8Array(shared).set(new TextEncoder().encode(goodBody));
  assert.equal(cashier.check(shared, sig).valid, true);
  assert.equal(cashier.check(new Uint16Array(2), sig).code, 'INVALID_ARGUMENT');
  assert.equal(cashier.check(detachedBuffer, sig).code, 'INVALID_ARGUMENT');
  assert.equal(cashier.check(lyingBytes, sig).code, 'SIGNATURE_MISMATCH', 'read by its real 4 bytes');
});

test('a 200 MB body is refused in well under 100 ms without growing wasm memory', async () => {
  const text = 'a&'.repeat(100 * MB);
  const bytes = new Uint8Array(200 * MB).fill(0x61);
  for (const [label, fn] of [
    ['rbs string', () => rbs.check(text)],
    ['rbs bytes-as-object', () => rbs.check({ a: text })],
    ['cashier string', () => cashier.check(text, 'AAAA')],
    ['cashier Uint8Array', () => cashier.check(bytes, 'AAAA')],
    ['cashier ArrayBuffer', () => cashier.check(bytes.buffer, 'AAAA')],
    ['koshelek Uint8Array', () => koshelek.check(basic, bytes)],
    ['hmacSha256Hex', () => { try { hmacSha256Hex('k', bytes); } catch (e) { return { code: e.code }; } }],
  ]) {
    const before = memoryBytes();
    const start = performance.now();
    const r = fn();
    const ms = performance.now() - start;
    const grown = memoryBytes() - before;
    assert.equal(r.code, 'PAYLOAD_TOO_LARGE', label);
    assert.ok(ms < 100, `${label}: ${ms.toFixed(1)} ms`);
    assert.ok(grown <= 2 * MB, `${label}: wasm memory grew by ${grown} bytes`);
    console.log(`# ${label}: refused in ${ms.toFixed(2)} ms, wasm memory +${grown} bytes`);
  }
  // verifyRequest: Content-Length refuses before any read; a stream is cancelled at the limit.
  let arrayBufferCalled = false;
  const announced = {
    clone() { return this; }, headers: new Headers({ 'content-length': String(200 * MB) }), method: 'POST',
    url: 'https://shop.example/cb', body: null, arrayBuffer() { arrayBufferCalled = true; return Promise.resolve(bytes.buffer); },
  };
  assert.equal(await rejects('content-length', () => rbs.verifyRequest(announced)), 'PAYLOAD_TOO_LARGE');
  assert.equal(arrayBufferCalled, false);
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream({
    pull(c) { pulled += 1; c.enqueue(new Uint8Array(MB).fill(0x61)); },
    cancel() { cancelled = true; },
  });
  const request = new Request('https://shop.example/cb', { method: 'POST', body: stream, duplex: 'half' });
  const before = memoryBytes();
  const start = performance.now();
  assert.equal(await rejects('stream', () => cashier.verifyRequest(request)), 'PAYLOAD_TOO_LARGE');
  const ms = performance.now() - start;
  assert.ok(pulled <= 4, `pulled ${pulled} chunks of 1 MiB`);
  assert.ok(memoryBytes() - before <= 4 * MB, 'wasm memory grew by at most the limit');
  console.log(`# streamed body: refused after ${pulled} chunks in ${ms.toFixed(1)} ms (cancelled: ${cancelled})`);
  // No stream: arrayBuffer()'s byteLength is checked before the copy.
  const noStream = { ...announced, headers: new Headers(), arrayBuffer() { return Promise.resolve(bytes.buffer); } };
  assert.equal(await rejects('arrayBuffer', () => koshelek.verifyRequest(noStream)), 'PAYLOAD_TOO_LARGE');
  stillWorks();
});

test('3,000 hostile calls, then every verifier and version() still work', async () => {
  const values = hostileValues();
  for (let i = 0; i < 3000; i++) {
    const [name, h] = values[i % values.length];
    sync(`verify ${name}`, () => rbs.verify(h));
    neverThrows(`check ${name}`, () => rbs.check(h));
    neverThrows(`cashier ${name}`, () => cashier.check(h, h));
    neverThrows(`koshelek ${name}`, () => koshelek.check(h, h));
    // The attack of the issue: a JSON body with numbers, as express.json() hands it over.
    neverThrows('numbers', () => rbs.check({ mdOrder: 1, status: 1, amount: 1.5, checksum: 7 }));
  }
  stillWorks();
  assert.equal((await rbs.verifyAsync(goodCallback())).status, '1');
});

test('the `;` re-split attack is AMBIGUOUS_PARAMETERS unless allowSemicolons', () => {
  const genuine = signRbsCallback(
    { amount: '100', mdOrder: 'm-1', operation: 'deposited', orderNumber: '42;status;1;zzz', status: '0' },
    { hmacKey: HMAC },
  );
  const checksum = new URLSearchParams(genuine).get('checksum');
  const forged = { amount: '100', mdOrder: 'm-1', operation: 'deposited', orderNumber: '42', status: '1', zzz: 'status;0', checksum };
  const lax = new RbsCallbackVerifier({ hmacKey: HMAC, allowSemicolons: true });
  assert.equal(lax.canonicalString(forged), lax.canonicalString(genuine));
  const won = lax.verify(forged); // what an attacker gets without the rule
  assert.equal(won.status, '1');
  assert.equal(won.isPaymentSuccess, true);
  assert.equal(lax.verify(genuine).status, '0');
  for (const input of [forged, genuine]) {
    const r = rbs.check(input);
    assert.equal(r.code, 'AMBIGUOUS_PARAMETERS');
    assert.ok(!r.reason.includes('42;') && !r.reason.includes('status;0'), r.reason);
  }
  assert.match(rbs.check(forged).reason, /`zzz`/);
  assert.match(rbs.check(genuine).reason, /`orderNumber`/);
});

test('each limit has its code', () => {
  const code = (fn) => { try { fn(); return 'ok'; } catch (e) { assert.ok(e instanceof KassaError); return e.code; } };
  const small = new RbsCallbackVerifier({ hmacKey: HMAC, maxPayloadBytes: 64, maxParameters: 3 });
  assert.equal(small.check('a=' + 'x'.repeat(100)).code, 'PAYLOAD_TOO_LARGE');
  assert.equal(small.check('a=1&b=2&c=3&d=4').code, 'TOO_MANY_PARAMETERS');
  assert.equal(small.check({ a: 1, b: 2, c: 3, d: 4 }).code, 'TOO_MANY_PARAMETERS');
  assert.equal(small.check(new URLSearchParams('a=1&b=2&c=3&d=4')).code, 'TOO_MANY_PARAMETERS');
  assert.equal(small.check({ *[Symbol.iterator]() { for (;;) yield ['a', 'b']; } }).code, 'TOO_MANY_PARAMETERS');
  assert.equal(small.check({ a: 'x'.repeat(100) }).code, 'PAYLOAD_TOO_LARGE');
  assert.equal(rbs.check('&'.repeat(10 * MB)).code, 'PAYLOAD_TOO_LARGE');
  const roomy = new RbsCallbackVerifier({ hmacKey: HMAC, maxPayloadBytes: 64 * MB });
  // Refused by counting, not by building 10 million parameters: the fastest of three runs (one run
  // alone can exceed the bound on a loaded machine) stays well under a second.
  const many = 'a&'.repeat(10 * MB);
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    assert.equal(roomy.check(many).code, 'TOO_MANY_PARAMETERS');
    fastest = Math.min(fastest, performance.now() - start);
  }
  assert.ok(fastest < 1000, `${fastest.toFixed(0)} ms`);
  assert.equal(code(() => new RbsCallbackVerifier({ publicKeys: Array(17).fill(PUBLIC) })), 'TOO_MANY_KEYS');
  assert.equal(code(() => new RbsCallbackVerifier({ publicKeys: Array(16).fill(PUBLIC) })), 'ok');
  assert.equal(code(() => new RbsCallbackVerifier({ publicKeys: { length: 1e9 } })), 'INVALID_ARGUMENT');
  assert.equal(code(() => new RbsCallbackVerifier({ publicKeys: [PUBLIC + ' '.repeat(65 * 1024)] })), 'MALFORMED_KEY');
  assert.equal(code(() => new RbsCallbackVerifier({ hmacKey: 'k'.repeat(65 * 1024) })), 'MALFORMED_KEY');
  for (const bad of [0, -1, 1.5, NaN, Infinity, '100', 1e12, true]) {
    for (const option of ['maxPayloadBytes', 'maxParameters']) {
      assert.equal(code(() => new RbsCallbackVerifier({ hmacKey: 'k', [option]: bad })), 'INVALID_ARGUMENT', `${option}: ${String(bad)}`);
    }
    assert.equal(code(() => new CashierWebhookVerifier({ maxPayloadBytes: bad })), 'INVALID_ARGUMENT');
    assert.equal(code(() => new KoshelekPostbackVerifier({ login: 'l', password: 'p', maxPayloadBytes: bad })), 'INVALID_ARGUMENT');
  }
  assert.equal(code(() => new RbsCallbackVerifier({ hmacKey: 'k', allowSemicolons: 'yes' })), 'INVALID_ARGUMENT');
  const tinyCashier = new CashierWebhookVerifier({ publicKey: PUBLIC, maxPayloadBytes: 10 });
  assert.equal(tinyCashier.check(goodBody, goodSign()).code, 'PAYLOAD_TOO_LARGE');
  const tinyKoshelek = new KoshelekPostbackVerifier({ login: 'partner', password: 'secret', maxPayloadBytes: 10 });
  assert.equal(tinyKoshelek.check(basic, '{"transactionId":"t"}').code, 'PAYLOAD_TOO_LARGE');
  assert.equal(cashier.check(goodBody, 'A'.repeat(10_000)).code, 'MALFORMED_SIGNATURE');
  assert.equal(koshelek.check('Basic ' + 'A'.repeat(10_000), '{}').code, 'UNAUTHORIZED');
  stillWorks();
});
