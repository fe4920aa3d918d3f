// Hostile input through every forms export of the built package (issue 11, item 4): wrong JS types
// in every argument position, throwing getters, Proxies with throwing traps, revoked Proxies,
// Symbols, BigInts, cyclic objects, iterables that throw or never end, huge strings, lone
// surrogates, hostile `document`s. Only a KassaError with the expected code (or a result) may come
// out; huge strings are refused without growing wasm memory; and after tens of thousands of hostile
// calls every export still works (a JS exception through wasm frames or a trap would have poisoned
// the instance long before: "memory access out of bounds").
//
//   node --test tests/forms/hostile.test.mjs   (needs pkg/ built: bash scripts/build-pkg.sh)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadKassa } from './harness.mjs';

let kassa;
before(async () => {
  kassa = await loadKassa();
});

const boom = () => { throw new Error('hostile'); };
const trapAll = new Proxy({}, {
  get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, set: boom,
  defineProperty: boom, deleteProperty: boom, apply: boom, construct: boom, isExtensible: boom, preventExtensions: boom,
});
const revoked = (() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })();
const revokedArray = (() => { const r = Proxy.revocable([], {}); r.revoke(); return r.proxy; })();
const cyclic = (() => { const o = { a: 1 }; o.self = o; return o; })();
const cyclicArray = (() => { const a = ['x']; a.push(a); return a; })();
const HUGE = 'a'.repeat(64 * 1024 * 1024); // 64 MiB

/** Values of the wrong kind for any position: [value, as the options object is "empty" (no own
 * enumerable keys, so required options are missing), as `fields` it is an empty list]. */
const JUNK_TABLE = [
  [0], [-1], [1.5], [NaN], [Infinity], [2n ** 70n], [true], [false], [Symbol('s')], [() => 'https://x.example/'],
  [[], 'empty', 'no fields'], [[[]]], [new Date(0), 'empty', 'no fields'], [/re/, 'empty', 'no fields'],
  [new Map(), 'empty', 'no fields'], [new Set(), 'empty', 'no fields'], [new Uint8Array(4)],
  [new ArrayBuffer(8), 'empty', 'no fields'], [Object.create(null), 'empty', 'no fields'],
  [{ toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom }], [trapAll], [revoked], [revokedArray], [cyclic],
  [cyclicArray], [new String('https://shop.example/')], [Promise.resolve('x'), 'empty', 'no fields'],
  [new Error('e'), 'empty', 'no fields'],
];
const JUNK = JUNK_TABLE.map(([v]) => v);
const FLAGS = new Set(['allowInsecureLocalhost', 'autoSubmit']);

/** Iterables and arrays that misbehave as `fields`. */
const BAD_FIELDS = [
  ['endless distinct', { *[Symbol.iterator]() { for (let i = 0; ; i++) yield [`f${i}`, 'v']; } }, 'TOO_MANY_PARAMETERS'],
  ['endless same', { *[Symbol.iterator]() { for (;;) yield ['a', 'b']; } }, 'TOO_MANY_PARAMETERS'],
  ['1001 pairs', Array.from({ length: 1001 }, (_, i) => [`f${i}`, 'v']), 'TOO_MANY_PARAMETERS'],
  ['1001 keys', Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}`, 'v'])), 'TOO_MANY_PARAMETERS'],
  ['length 1e12', new Proxy([], { get: (t, k) => (k === 'length' ? 1e12 : undefined) }), 'TOO_MANY_PARAMETERS'],
  ['length -1', new Proxy([], { get: (t, k) => (k === 'length' ? -1 : undefined) }), 'INVALID_ARGUMENT'],
  ['length NaN', new Proxy([], { get: (t, k) => (k === 'length' ? NaN : undefined) }), 'INVALID_ARGUMENT'],
  ['length Symbol', new Proxy([], { get: (t, k) => (k === 'length' ? Symbol('l') : undefined) }), 'INVALID_ARGUMENT'],
  ['length getter throws', new Proxy([], { get: (t, k) => (k === 'length' ? boom() : undefined) }), 'INVALID_ARGUMENT'],
  ['index getter throws', new Proxy([['a', 'b']], { get: (t, k) => (k === '0' ? boom() : Reflect.get(t, k)) }), 'INVALID_ARGUMENT'],
  ['pair getter throws', [new Proxy(['a', 'b'], { get: (t, k) => (k === '1' ? boom() : Reflect.get(t, k)) })], 'INVALID_ARGUMENT'],
  ['pair is a revoked Proxy', [revokedArray], 'INVALID_ARGUMENT'],
  ['pair of three', [['a', 'b', 'c']], 'INVALID_ARGUMENT'],
  ['pair with a number', [['a', 1]], 'INVALID_ARGUMENT'],
  ['pair with a Symbol', [['a', Symbol('v')]], 'INVALID_ARGUMENT'],
  ['pair with a BigInt', [[1n, 'v']], 'INVALID_ARGUMENT'],
  ['pair with a String object', [[new String('a'), 'v']], 'INVALID_ARGUMENT'],
  ['cyclic array', cyclicArray, 'INVALID_ARGUMENT'],
  ['iterator throws', { [Symbol.iterator]: boom }, 'INVALID_ARGUMENT'],
  ['iterator getter throws', { get [Symbol.iterator]() { return boom(); } }, 'INVALID_ARGUMENT'],
  ['iterator returns 5', { [Symbol.iterator]: () => 5 }, 'INVALID_ARGUMENT'],
  ['next throws', { [Symbol.iterator]: () => ({ next: boom }) }, 'INVALID_ARGUMENT'],
  ['next is not a function', { [Symbol.iterator]: () => ({ next: 5 }) }, 'INVALID_ARGUMENT'],
  ['next returns 5', { [Symbol.iterator]: () => ({ next: () => 5 }) }, 'INVALID_ARGUMENT'],
  ['done getter throws', { [Symbol.iterator]: () => ({ next: () => ({ get done() { return boom(); } }) }) }, 'INVALID_ARGUMENT'],
  ['value getter throws', { [Symbol.iterator]: () => ({ next: () => ({ done: false, get value() { return boom(); } }) }) }, 'INVALID_ARGUMENT'],
  ['generator that throws midway', { *[Symbol.iterator]() { yield ['a', 'b']; boom(); } }, 'INVALID_ARGUMENT'],
  ['object value getter throws', { get a() { return boom(); } }, 'INVALID_ARGUMENT'],
  ['object value is a number', { a: 1 }, 'INVALID_ARGUMENT'],
  ['Proxy with throwing ownKeys', new Proxy({}, { ownKeys: boom }), 'INVALID_ARGUMENT'],
  ['revoked Proxy', revoked, 'INVALID_ARGUMENT'],
  ['string', 'a=b', 'INVALID_ARGUMENT'],
  ['huge value', [['a', HUGE]], 'PAYLOAD_TOO_LARGE'],
  ['huge name', [[HUGE, 'v']], 'PAYLOAD_TOO_LARGE'],
  ['many 600 KiB values', [['a', 'x'.repeat(600 * 1024)], ['b', 'x'.repeat(600 * 1024)]], 'PAYLOAD_TOO_LARGE'],
  ['huge object value', { a: HUGE }, 'PAYLOAD_TOO_LARGE'],
];

const THREE_DS = { acsUrl: 'https://acs.example/a', paReq: 'eJx=', md: '1', termUrl: 'https://gw.example/term' };
/** Every builder with good options and, per option, the code a huge string there gives. */
const BUILDERS = [
  ['cashierPaymentForm', (o) => kassa.cashierPaymentForm(o), { domain: 'example.com', externalOrderId: '1', successUrl: 'https://s.example/ok', failUrl: 'https://s.example/f', fields: [['a', 'b']], allowInsecureLocalhost: false },
    { domain: 'INVALID_DOMAIN', externalOrderId: 'PAYLOAD_TOO_LARGE', successUrl: 'PAYLOAD_TOO_LARGE', failUrl: 'PAYLOAD_TOO_LARGE' }],
  ['rbs3dsForm', (o) => kassa.rbs3dsForm(o), { ...THREE_DS, allowInsecureLocalhost: false },
    { acsUrl: 'PAYLOAD_TOO_LARGE', paReq: 'PAYLOAD_TOO_LARGE', md: 'PAYLOAD_TOO_LARGE', termUrl: 'PAYLOAD_TOO_LARGE' }],
  ['rbs3ds2ChallengeForm', (o) => kassa.rbs3ds2ChallengeForm(o), { acsUrl: 'https://acs.example/c', creq: 'eyJ9', threeDSSessionData: 's', allowInsecureLocalhost: false },
    { acsUrl: 'PAYLOAD_TOO_LARGE', creq: 'PAYLOAD_TOO_LARGE', threeDSSessionData: 'PAYLOAD_TOO_LARGE' }],
  ['rbs3dsMethodForm', (o) => kassa.rbs3dsMethodForm(o), { threeDSMethodURL: 'https://acs.example/m', threeDSMethodData: 'eyJ9', allowInsecureLocalhost: false },
    { threeDSMethodURL: 'PAYLOAD_TOO_LARGE', threeDSMethodData: 'PAYLOAD_TOO_LARGE' }],
  ['rbsAcsRedirectUrl (baseUrl)', (o) => kassa.rbsAcsRedirectUrl(o), { baseUrl: 'https://gw.example/payment/rest/', orderId: '1', allowInsecureLocalhost: false },
    { baseUrl: 'INVALID_URL', orderId: 'PAYLOAD_TOO_LARGE' }],
  ['rbsAcsRedirectUrl (environment)', (o) => kassa.rbsAcsRedirectUrl(o), { environment: 'test', orderId: '1' },
    { environment: 'INVALID_ARGUMENT', orderId: 'PAYLOAD_TOO_LARGE' }],
];
const form = () => kassa.rbs3dsForm(THREE_DS);
/** The methods of PaymentForm that take options, with the code a huge string in each gives. */
const METHODS = [
  ['toHtml', (o) => form().toHtml(o), { autoSubmit: true, nonce: 'bm9uY2U', buttonLabel: 'Pay', target: '_self' },
    { nonce: 'INVALID_ARGUMENT', buttonLabel: 'INVALID_ARGUMENT', target: 'INVALID_ARGUMENT' }],
  // No document in Node: a good submit() ends in UNSUPPORTED_RUNTIME, after the options are read.
  ['submit', (o) => form().submit(o), { target: '_self' }, { target: 'INVALID_ARGUMENT' }],
];

/** Calls `fn`; returns 'ok' or the KassaError's code; fails the test on anything else. */
function outcome(fn, where) {
  try {
    fn();
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof kassa.KassaError, `${where}: not a KassaError: ${err?.constructor?.name}: ${String(err?.message ?? err)}`);
    assert.match(err.code, /^[A-Z_]+$/);
    assert.ok(typeof err.message === 'string' && err.message.length < 2000, `${where}: message of ${err.message.length} chars`);
    return err.code;
  }
}

function describe(v) {
  try { return typeof v === 'symbol' ? v.toString() : typeof v === 'bigint' ? `${v}n` : Array.isArray(v) ? `array(${v.length})` : typeof v === 'object' && v ? (v.constructor?.name ?? 'object') : String(v); } catch { return 'exotic'; }
}

/** The table: [where, thunk, expected code] for every position and hostile value. */
function table() {
  const rows = [];
  for (const [name, call, good, huge] of [...BUILDERS, ...METHODS]) {
    rows.push([`${name}(good)`, () => call(good), name === 'submit' ? 'UNSUPPORTED_RUNTIME' : 'ok']);
    const goodCode = name === 'submit' ? 'UNSUPPORTED_RUNTIME' : 'ok';
    for (const [v, empty, noFields] of JUNK_TABLE) {
      // The options object itself: an "empty" object means no options (required ones missing).
      const topCode = !empty ? 'INVALID_ARGUMENT' : name === 'toHtml' ? 'ok' : name === 'submit' ? 'UNSUPPORTED_RUNTIME' : 'INVALID_ARGUMENT';
      rows.push([`${name}(${describe(v)})`, () => call(v), topCode]);
      for (const key of Object.keys(good)) {
        let code = 'INVALID_ARGUMENT';
        if (FLAGS.has(key) && typeof v === 'boolean') code = goodCode;
        if (key === 'fields' && noFields) code = goodCode;
        rows.push([`${name}({ ${key}: ${describe(v)} })`, () => call({ ...good, [key]: v }), code]);
      }
    }
    for (const [key, code] of Object.entries(huge)) {
      rows.push([`${name}({ ${key}: 64 MiB })`, () => call({ ...good, [key]: HUGE }), code]);
    }
    // Options objects that are hostile themselves.
    rows.push([`${name}(getter throws)`, () => call({ ...good, get [Object.keys(good)[0]]() { return boom(); } }), 'INVALID_ARGUMENT']);
    rows.push([`${name}(prototype getter throws)`, () => call(Object.create({ get [Object.keys(good)[0]]() { return boom(); } })), 'INVALID_ARGUMENT']);
    rows.push([`${name}(Proxy: ownKeys ok, get throws)`, () => call(new Proxy({ ...good }, { get: boom })), 'INVALID_ARGUMENT']);
    rows.push([`${name}(unknown option)`, () => call({ ...good, [Symbol('x')]: 1, extra: 1 }), 'INVALID_ARGUMENT']);
  }
  for (const [label, fields, code] of BAD_FIELDS) {
    rows.push([`cashierPaymentForm({ fields: ${label} })`, () => kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', fields }), code]);
  }
  return rows;
}

test('every hostile value in every position gives its KassaError code', () => {
  const failures = [];
  const rows = table();
  for (const [where, fn, expected] of rows) {
    const got = outcome(fn, where);
    if (got !== expected) failures.push(`${where}: ${got}, expected ${expected}`);
  }
  assert.deepEqual(failures, []);
  assert.ok(rows.length > 500, `${rows.length} rows`);
});

test('toElement and submit with a hostile document give DOM_ERROR / INVALID_ARGUMENT, never a raw error', () => {
  const f = form();
  const fakeElement = () => ({ setAttribute() {}, appendChild() {} });
  const documents = [
    [5, 'INVALID_ARGUMENT'], ['document', 'INVALID_ARGUMENT'], [Symbol('d'), 'INVALID_ARGUMENT'], [1n, 'INVALID_ARGUMENT'], [true, 'INVALID_ARGUMENT'],
    [{}, 'DOM_ERROR'], [trapAll, 'DOM_ERROR'], [revoked, 'DOM_ERROR'],
    [{ createElement: boom }, 'DOM_ERROR'],
    [{ get createElement() { return boom(); } }, 'DOM_ERROR'],
    [{ createElement: () => 5 }, 'DOM_ERROR'],
    [{ createElement: () => ({}) }, 'DOM_ERROR'],
    [{ createElement: () => trapAll }, 'DOM_ERROR'],
    [{ createElement: () => ({ setAttribute: boom }) }, 'DOM_ERROR'],
    [{ createElement: () => ({ setAttribute() {}, appendChild: boom }) }, 'DOM_ERROR'],
    [{ createElement() { throw new Proxy({}, { get: boom, getPrototypeOf: boom }); } }, 'DOM_ERROR'],
    [{ createElement() { throw HUGE; } }, 'DOM_ERROR'],
    [{ createElement() { throw Symbol('s'); } }, 'DOM_ERROR'],
    [{ createElement() { throw { get message() { return boom(); } }; } }, 'DOM_ERROR'],
    [{ createElement: fakeElement }, 'ok'],
  ];
  for (const [doc, code] of documents) {
    assert.equal(outcome(() => f.toElement(doc), `toElement(${describe(doc)})`), code, `toElement(${describe(doc)})`);
  }
  const err = (() => { try { f.toElement({ createElement() { throw new TypeError('nope'); } }); } catch (e) { return e; } })();
  assert.match(err.message, /refused to build the form: "nope"/);
  const big = (() => { try { f.toElement({ createElement() { throw new Error(HUGE); } }); } catch (e) { return e; } })();
  assert.ok(big.message.length < 200, 'a huge DOM message is not copied');

  // submit() uses the global document: make it hostile in turn.
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'document');
  const globals = [
    [trapAll, 'UNSUPPORTED_RUNTIME'],
    [revoked, 'UNSUPPORTED_RUNTIME'],
    [{ createElement: fakeElement, get body() { return boom(); } }, 'DOM_ERROR'],
    [{ createElement: fakeElement, body: { appendChild: boom } }, 'DOM_ERROR'],
    [{ createElement: fakeElement, body: null, documentElement: null, appendChild() {} }, 'DOM_ERROR'], // no prototype submit
    [{ createElement: () => Object.assign(Object.create({ submit: boom }), fakeElement()), body: { appendChild() {} } }, 'DOM_ERROR'],
    [{ createElement: () => Object.assign(Object.create({ submit() {} }), fakeElement()), body: { appendChild() {} } }, 'ok'],
  ];
  try {
    for (const [doc, code] of globals) {
      Object.defineProperty(globalThis, 'document', { value: doc, configurable: true, writable: true });
      assert.equal(outcome(() => f.submit(), `submit with document ${describe(doc)}`), code, describe(doc));
      assert.equal(outcome(() => f.submit({ target: 'x y' }), 'submit bad target'), 'INVALID_ARGUMENT');
    }
    Object.defineProperty(globalThis, 'document', { get: boom, configurable: true });
    assert.equal(outcome(() => f.submit(), 'submit with a throwing document getter'), 'UNSUPPORTED_RUNTIME');
    assert.equal(outcome(() => f.toElement(), 'toElement with a throwing document getter'), 'UNSUPPORTED_RUNTIME');
  } finally {
    if (saved) Object.defineProperty(globalThis, 'document', saved);
    else delete globalThis.document;
  }
});

test('a 64 MiB string is refused by its length, without copying it into wasm memory', () => {
  // Warm up, then measure: refusing by length must not grow memory by the string's size.
  outcome(() => kassa.rbs3dsForm({ ...THREE_DS, acsUrl: HUGE }), 'warm-up');
  const before = process.memoryUsage().arrayBuffers;
  const start = performance.now();
  for (const call of [
    () => kassa.rbs3dsForm({ ...THREE_DS, acsUrl: HUGE }),
    () => kassa.rbs3dsForm({ ...THREE_DS, paReq: HUGE }),
    () => kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', fields: [['a', HUGE]] }),
    () => kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', fields: { a: HUGE } }),
    () => kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', fields: new Map([['a', HUGE]]) }),
    () => form().toHtml({ buttonLabel: HUGE }),
  ]) {
    assert.notEqual(outcome(call, 'huge'), 'ok');
  }
  const ms = performance.now() - start;
  const grown = process.memoryUsage().arrayBuffers - before;
  assert.ok(ms < 100, `${ms.toFixed(1)} ms`);
  assert.ok(grown < 16 * 1024 * 1024, `array buffers grew by ${grown} bytes`);
});

test('after 50,000 random hostile calls every export still works', () => {
  // A small deterministic PRNG (xorshift) so a failure is reproducible.
  let seed = 0x2545f491;
  const rnd = (n) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
  const values = [...JUNK, HUGE, '', 'javascript:alert(1)', 'https://shop.example/\ud800', ...BAD_FIELDS.map((b) => b[1])];
  const calls = [...BUILDERS, ...METHODS];
  let kassaErrors = 0;
  for (let i = 0; i < 50_000; i++) {
    const [name, call, good] = calls[rnd(calls.length)];
    const keys = Object.keys(good);
    const opts = { ...good };
    for (let k = rnd(3); k >= 0; k--) opts[keys[rnd(keys.length)]] = values[rnd(values.length)];
    const arg = rnd(10) === 0 ? values[rnd(values.length)] : opts;
    if (outcome(() => call(arg), `${name} #${i}`) !== 'ok') kassaErrors++;
    if (i % 7 === 0) outcome(() => form().toElement(values[rnd(values.length)]), `toElement #${i}`);
  }
  assert.ok(kassaErrors > 30_000, `${kassaErrors} KassaErrors`);
  // Everything still works.
  assert.equal(typeof kassa.version(), 'string');
  const f = kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: 'ord-42', successUrl: 'https://shop.example/ok', fields: new Map([['comment', 'Заказ']]) });
  assert.deepEqual(f.fields, [['successUrl', 'https://shop.example/ok'], ['comment', 'Заказ']]);
  assert.match(f.toHtml(), /<input type="hidden" name="comment" value="Заказ">/);
  assert.equal(kassa.rbsAcsRedirectUrl({ environment: 'test', orderId: '1' }), 'https://vtb.rbsuat.com/payment/acsRedirect.do?orderId=1');
  for (let i = 0; i < 5000; i++) kassa.rbs3dsMethodForm({ threeDSMethodURL: 'https://acs.example/m', threeDSMethodData: 'x' }).toHtml();
});

// wasm-bindgen's class glue passes `this.__wbg_ptr` to wasm unchecked; scripts/glue-guard.mjs
// (run by build-pkg.mjs) makes every method take its pointer from a registry of live instances.
// Without it, each of these calls raises "null pointer passed to rust" or "recursive use of an
// object" from inside wasm and a few thousand poison the instance. Run in a child process, so a
// regression cannot poison this one.
test('methods on a foreign, freed, busy or tampered PaymentForm are KassaErrors and never poison the instance', async () => {
  const { execFileSync } = await import('node:child_process');
  const { root } = await import('./harness.mjs');
  const script = `
    const k = await import(${JSON.stringify(root + '/pkg/node.mjs')});
    const kinds = {};
    const outcome = (what, f) => {
      let n;
      try { const r = f(); n = 'ok:' + (r && typeof r === 'object' && 'valid' in r ? 'valid=' + r.valid : typeof r); }
      catch (e) { n = e instanceof k.KassaError ? 'KassaError:' + e.code : (e?.constructor?.name ?? typeof e) + ':' + e?.message; }
      kinds[what + ' ' + n] = (kinds[what + ' ' + n] ?? 0) + 1;
    };
    const make = () => k.rbs3dsMethodForm({ threeDSMethodURL: 'https://a.example/m', threeDSMethodData: 'x' });
    for (let i = 0; i < 4000; i++) {
      outcome('foreign', () => k.PaymentForm.prototype.toHtml.call({}));
      outcome('fake-getter', () => Object.getOwnPropertyDescriptor(k.PaymentForm.prototype, 'action').get.call(Object.create(k.PaymentForm.prototype)));
      const f = make();
      f.free();
      outcome('freed', () => f.toHtml());
      outcome('free-twice', () => f.free());
      const g = make();
      outcome('busy', () => g.toHtml({ get nonce() { g.free(); return undefined; } }));
      const h = make();
      h.__wbg_ptr = 123456789; // tampering with the property changes nothing: the registry holds the pointer
      outcome('tampered', () => { if (h.action !== 'https://a.example/m') throw new Error('tampered pointer used'); return h.action; });
      const { toHtml } = make();
      outcome('unbound', () => toHtml());
      outcome('check-foreign', () => k.RbsCallbackVerifier.prototype.check.call(5, 'x'));
      try { g.free(); } catch {}
      try { h.free(); } catch {}
    }
    let healthy = true;
    try { k.version(); make().toHtml(); } catch { healthy = false; }
    console.log(JSON.stringify({ kinds, healthy }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim().split('\n').pop());
  console.log(out.kinds);
  const n = 4000;
  for (const [what, expected] of Object.entries({
    foreign: 'KassaError:INVALID_ARGUMENT', 'fake-getter': 'KassaError:INVALID_ARGUMENT',
    freed: 'KassaError:INVALID_ARGUMENT', 'free-twice': 'ok:undefined', unbound: 'KassaError:INVALID_ARGUMENT',
    tampered: 'ok:string', 'check-foreign': 'ok:valid=false',
  })) assert.equal(out.kinds[`${what} ${expected}`], n, `${what}: ${JSON.stringify(out.kinds)}`);
  // Freeing the form from inside one of its own method's option getters: either the call finishes
  // on the live object or it is refused — never a raw error.
  const busy = Object.entries(out.kinds).filter(([k]) => k.startsWith('busy '));
  assert.ok(busy.every(([k]) => /^busy (ok:string|KassaError:INVALID_ARGUMENT)$/.test(k)), JSON.stringify(busy));
  assert.equal(busy.reduce((s, [, c]) => s + c, 0), n);
  assert.ok(out.healthy, 'the instance is poisoned');
});
