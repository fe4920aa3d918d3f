// Value generators for the fuzz harness: a seeded PRNG and hostile values of every kind, each with a
// `kind` (the class a failure is grouped by) and a `desc` (what a reproducer prints). Nothing here
// knows kassa; near-valid inputs are in inputs.mjs.
import * as vm from 'node:vm';

/** mulberry32: small, fast, good enough to pick cases; `rng()` in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  const rng = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  rng.int = (n) => Math.floor(rng() * n);
  rng.pick = (list) => list[rng.int(list.length)];
  rng.chance = (p) => rng() < p;
  return rng;
}

/** The seed of input `index` of a run: every input is reproducible on its own. */
export function inputSeed(seed, index) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const v = (kind, desc, value) => ({ kind, desc, value });

/** Unicode and syntax edge strings (short). */
export const EDGE_STRINGS = [
  ['empty', ''], ['space', ' '], ['NUL', '\0'], ['NUL-inside', 'a\0b'], ['BOM', '\uFEFF'],
  ['BOM-prefix', '\uFEFFmdOrder=1'], ['lone-high-surrogate', '\uD800'], ['lone-low-surrogate', '\uDFFF'],
  ['reversed-surrogates', '\uDC00\uD800'], ['RTL-override', '\u202Eabc\u202C'], ['RTL-mark', '\u200Fa'],
  ['zero-width', 'a\u200B\u200Cb\u200D'], ['combining-marks', 'e' + '\u0301'.repeat(50)],
  ['4-byte-chars', '😀𝕏\u{10FFFF}'], ['max-code-point', '\u{10FFFF}'], ['cyrillic', 'Заказ №42'],
  ['CRLF', 'a\r\nb'], ['newline', '\n'], ['tab', '\t'], ['semicolon', ';'], ['semicolons', 'a;b;c;'],
  ['ampersands', '&&&'], ['equals', '==='], ['percent', '%'], ['bad-percent', '%ZZ%G1%'],
  ['percent-NUL', '%00'], ['percent-invalid-utf8', '%C3%28%FF%FE'], ['percent-surrogate', '%ED%A0%80'],
  ['plus', 'a+b'], ['backslash', 'a\\b'], ['quote', '"\''], ['html', '<script>alert(1)</script>'],
  ['json-fragment', '{"a":'], ['json-number', '12345678901234567890'], ['json-deep', '['.repeat(10000)],
  ['json-null', 'null'], ['json-array', '[1,2,3]'], ['json-object', '{"amount":1e400}'],
  ['query', '?a=1&a=2'], ['url-javascript', 'javascript:alert(1)'], ['url-data', 'data:text/html,x'],
  ['url-http', 'http://example.com/'], ['url-userinfo', 'https://user:pw@example.com/'],
  ['url-https', 'https://example.com/'], ['url-loopback-http', 'http://127.0.0.1:1/'],
  ['url-odd-ipv4', 'https://0x7f.1/'], ['url-backslash', 'https:\\\\evil.example'],
  ['url-ws', ' https://example.com/ '], ['pem-header', '-----BEGIN PUBLIC KEY-----'],
  ['base64-junk', 'AAAA===='], ['basic-prefix', 'Basic '], ['control-chars', '\x01\x02\x1f\x7f'],
  ['C1-controls', '\u0085\u009f'], ['line-separator', '\u2028\u2029'], ['nbsp', '\u00a0'],
  ['fullwidth', 'ｈｔｔｐｓ：／／'], ['homoglyph', 'раураl'], ['long-name', 'x'.repeat(1000)],
];

/** Strings of a few hundred KB to a few MB. */
export function hugeString(rng) {
  const size = rng.pick([65_537, 262_144, 1_048_577, 2_000_000, 4_000_000]);
  const kind = rng.pick(['a', 'a&', 'a=b&', ';', '\uD800', '😀', '%', '[', '{"a":', 'x=']);
  const s = kind.repeat(Math.ceil(size / kind.length)).slice(0, size);
  return v(`huge-string(${JSON.stringify(kind)})`, `string of ${s.length} UTF-16 units, ${JSON.stringify(kind)} repeated`, s);
}

export function randomString(rng) {
  const n = rng.int(rng.chance(0.1) ? 300 : 20);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.6) s += String.fromCharCode(32 + rng.int(95));
    else if (r < 0.75) s += rng.pick([';', '&', '=', '%', '+', '?', '#', '/', ':', '@', '\\', '"']);
    else if (r < 0.85) s += String.fromCharCode(rng.int(0x20));
    else if (r < 0.95) s += String.fromCharCode(rng.int(0x10000));
    else s += String.fromCodePoint(0x10000 + rng.int(0xfffff));
  }
  return v('random-string', `random string of ${s.length} units: ${JSON.stringify(s.slice(0, 40))}`, s);
}

const TYPED = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array];
if (typeof globalThis.Float16Array === 'function') TYPED.push(globalThis.Float16Array);

function detachedBuffer() {
  const ab = new ArrayBuffer(16);
  structuredClone(ab, { transfer: [ab] });
  return ab;
}

const realm = vm.createContext({});
const foreign = (code) => vm.runInContext(code, realm);

/** A revoked Proxy. */
export function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const ALL_TRAPS = ['get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty',
  'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'];

/** A Proxy whose every trap throws (a function target, so apply/construct traps exist too). */
export function throwingProxy(target = function () {}) {
  const handler = {};
  for (const t of ALL_TRAPS) handler[t] = () => { throw new Error(`fuzz: proxy trap ${t}`); };
  return new Proxy(target, handler);
}

/** An object whose named properties throw when read. */
export function throwingGetters(names) {
  const o = {};
  for (const n of names) Object.defineProperty(o, n, { enumerable: true, get() { throw new Error(`fuzz: getter ${n}`); } });
  return o;
}

export function cyclicObject() {
  const o = { a: 'x' };
  o.self = o;
  o.list = [o, o];
  return o;
}

export function neverEndingIterable(pair = ['a', 'b']) {
  return { *[Symbol.iterator]() { for (;;) yield pair; } };
}

/** Wrong-type, exotic and hostile values; `names` are option names worth making throw. */
export function hostileValue(rng, names = []) {
  const list = HOSTILE;
  const [kind, make] = rng.pick(list);
  return v(kind, kind, make(rng, names));
}

const sym = Symbol('fuzz');
const HOSTILE = [
  ['undefined', () => undefined], ['null', () => null], ['true', () => true], ['false', () => false],
  ['number-0', () => 0], ['number--0', () => -0], ['number-1', () => 1], ['number--1', () => -1],
  ['number-1.5', () => 1.5], ['number-NaN', () => NaN], ['number-Infinity', () => Infinity],
  ['number--Infinity', () => -Infinity], ['number-MAX_VALUE', () => Number.MAX_VALUE],
  ['number-MIN_VALUE', () => Number.MIN_VALUE], ['number-2^53', () => 2 ** 53], ['number-2^64', () => 2 ** 64],
  ['number-1e308', () => 1e308], ['number-4294967296', () => 4294967296], ['number--2147483649', () => -2147483649],
  ['bigint-10n', () => 10n], ['bigint--1n', () => -1n], ['bigint-2^100', () => 2n ** 100n],
  ['symbol', () => sym], ['symbol.iterator', () => Symbol.iterator],
  ['function', () => function fuzz() {}], ['arrow-function', () => () => 1], ['async-function', () => async () => 1],
  ['class', () => class Fuzz {}], ['throwing-function', () => () => { throw new Error('fuzz: function'); }],
  ['array-empty', () => []], ['array-numbers', () => [1, 2, 3]], ['array-pairs', () => [['a', 'b'], ['c', 'd']]],
  ['array-bad-pairs', () => [['a'], ['b', 'c', 'd'], 'e', null, [1, 2]]], ['array-sparse', () => [, , 'x']],
  ['array-huge-length', () => new Array(1_000_000)], ['array-nested', () => [[[['x']]]]],
  ['array-deep', () => { let a = []; for (let i = 0; i < 5000; i++) a = [a]; return a; }],
  ['date', () => new Date(0)], ['date-invalid', () => new Date(NaN)], ['regexp', () => /a+/g],
  ['map', () => new Map([['a', 'b'], ['mdOrder', '1']])], ['set', () => new Set(['a'])], ['weakmap', () => new WeakMap()],
  ...TYPED.map((T) => [`typed-${T.name}`, () => (T.name.startsWith('Big') ? new T([1n, 2n]) : new T([1, 2, 255, 65]))]),
  ['typed-offset-view', () => new Uint8Array(new ArrayBuffer(64), 8, 16)],
  ['dataview', () => new DataView(new ArrayBuffer(8))], ['arraybuffer', () => new ArrayBuffer(8)],
  ['arraybuffer-empty', () => new ArrayBuffer(0)],
  ['arraybuffer-resizable', () => new ArrayBuffer(8, { maxByteLength: 64 })],
  ['sharedarraybuffer', () => new SharedArrayBuffer(8)],
  ['uint8-over-shared', () => new Uint8Array(new SharedArrayBuffer(8))],
  ['detached-arraybuffer', () => detachedBuffer()], ['uint8-over-detached', () => { const ab = new ArrayBuffer(8); const u = new Uint8Array(ab); structuredClone(ab, { transfer: [ab] }); return u; }],
  ['buffer', () => Buffer.from('mdOrder=1&checksum=00')],
  ['foreign-object', () => foreign('({ hmacKey: "k", login: "l", password: "p", a: "b" })')],
  ['foreign-array', () => foreign('[["a", "b"]]')], ['foreign-uint8array', () => foreign('new Uint8Array([1, 2, 3])')],
  ['foreign-arraybuffer', () => foreign('new ArrayBuffer(4)')], ['foreign-string-object', () => foreign('new String("x")')],
  ['foreign-function', () => foreign('(function () {})')], ['foreign-error', () => foreign('new Error("x")')],
  ['string-object', () => new String('abc')], ['number-object', () => new Number(1)], ['boolean-object', () => new Boolean(false)],
  ['object-empty', () => ({})], ['object-null-proto', () => Object.create(null)],
  ['object-numbers', () => ({ a: 1, b: NaN, c: 1e400, d: -0 })], ['object-nested', () => ({ a: { b: { c: [1, { d: null }] } } })],
  ['object-bigint', () => ({ a: 1n })], ['object-symbol-value', () => ({ a: sym })], ['object-symbol-key', () => ({ [sym]: 'x' })],
  ['object-many-keys', () => { const o = {}; for (let i = 0; i < 20000; i++) o['k' + i] = 'v'; return o; }],
  ['object-throwing-getters', (rng, names) => throwingGetters(['a', 'value', 'key', 'length', ...names])],
  ['object-throwing-toString', () => ({ toString() { throw new Error('fuzz: toString'); } })],
  ['object-throwing-valueOf', () => ({ valueOf() { throw new Error('fuzz: valueOf'); }, toString() { throw new Error('fuzz: toString'); } })],
  ['object-throwing-toPrimitive', () => ({ [Symbol.toPrimitive]() { throw new Error('fuzz: toPrimitive'); } })],
  ['object-toPrimitive-symbol', () => ({ [Symbol.toPrimitive]() { return sym; } })],
  ['object-throwing-iterator', () => ({ [Symbol.iterator]() { throw new Error('fuzz: iterator'); } })],
  ['object-iterator-next-throws', () => ({ [Symbol.iterator]() { return { next() { throw new Error('fuzz: next'); } }; } })],
  ['object-iterator-bad-result', () => ({ [Symbol.iterator]() { return { next: () => 42 }; } })],
  ['never-ending-iterator', () => neverEndingIterable()],
  ['never-ending-iterator-of-objects', () => ({ *[Symbol.iterator]() { for (;;) yield {}; } })],
  ['proxy-all-traps-throw', () => throwingProxy()], ['proxy-object-all-traps-throw', () => throwingProxy({})],
  ['proxy-array-all-traps-throw', () => throwingProxy([])], ['revoked-proxy', () => revokedProxy()],
  ['cyclic-object', () => cyclicObject()], ['cyclic-array', () => { const a = []; a.push(a, a); return a; }],
  ['promise', () => Promise.resolve('x')], ['rejected-promise', () => { const p = Promise.reject(new Error('fuzz')); p.catch(() => {}); return p; }],
  ['thenable-throwing', () => ({ then() { throw new Error('fuzz: then'); } })],
  ['error', () => new Error('fuzz')], ['url', () => new URL('https://example.com/cb?mdOrder=1&checksum=AB')],
  ['urlsearchparams', () => new URLSearchParams('mdOrder=1&checksum=AB')],
  ['headers', () => new Headers({ 'payment-sign': 'AAAA', authorization: 'Basic YTpi' })],
  ['request-get', () => new Request('https://shop.example/cb?mdOrder=1&checksum=AB')],
  ['request-post', () => new Request('https://shop.example/cb', { method: 'POST', body: 'mdOrder=1' })],
  ['response', () => new Response('x')], ['blob', () => new Blob(['x'])],
  ['request-throwing-getters', () => throwingGetters(['url', 'method', 'headers', 'body', 'clone', 'text', 'arrayBuffer'])],
  ['frozen-object', () => Object.freeze({ a: 'b' })], ['globalThis', () => globalThis],
];

/** A string value: edge, random or huge. */
export function stringValue(rng) {
  const r = rng();
  if (r < 0.55) {
    const [kind, s] = rng.pick(EDGE_STRINGS);
    return v(`string-${kind}`, `string ${kind}: ${JSON.stringify(s.slice(0, 40))}`, s);
  }
  if (r < 0.995) return randomString(rng);
  return hugeString(rng);
}

/** Anything: a hostile value, an edge string or a random one. */
export function anyValue(rng, names = []) {
  return rng.chance(0.65) ? hostileValue(rng, names) : stringValue(rng);
}

/** A short description of any value for reproducers (never calls user code on it). */
export function describe(x) {
  try {
    if (typeof x === 'string') return x.length > 60 ? `string(${x.length}) ${JSON.stringify(x.slice(0, 60))}…` : JSON.stringify(x);
    if (typeof x === 'bigint') return `${x}n`;
    if (typeof x === 'symbol') return 'Symbol';
    if (typeof x !== 'object' && typeof x !== 'function') return String(x);
    if (x === null) return 'null';
    return `[${typeof x}]`;
  } catch {
    return '[indescribable]';
  }
}
