// Hostile input to the three clients, through the built package (pkg/node.mjs): constructors and
// methods given wrong types, Symbols, BigInts, NaN, cycles, throwing getters, Proxies and revoked
// Proxies; a caller's fetch that throws, returns junk, hangs or breaks off midway; base URLs that
// are plain http, carry userinfo or a query. Everything must end in a KassaError with the right
// code (async methods reject, never throw), no message may show an option value, and the module
// must still work afterwards. Needs: bash scripts/build-pkg.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const kassa = await import(path.join(root, 'pkg/node.mjs'));

// Option values that must never appear in any message.
const SECRET = { userName: 'USER-zq1', password: 'PASS-zq2', token: 'TOKEN-zq3', login: 'LOGIN-zq4',
  kpassword: 'KPASS-zq5', host: 'HOST-zq6', partner: 'PARTNER-zq7' };
const messages = [];

function revoked(target = {}) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}
const throwing = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); },
  getPrototypeOf() { throw new Error('trap'); }, has() { throw new Error('trap'); } });
const cyclic = (() => { const o = { amount: 1 }; o.self = o; return o; })();
let deep = {};
for (let i = 0; i < 5000; i++) deep = { d: deep };
const hostileValues = {
  undefined, null: null, number: 42, nan: NaN, infinity: Infinity, string: 'x', empty: '', symbol: Symbol('s'),
  bigint: 10n, array: [1, 2], func: () => 1, cyclic, bigintInside: { amount: 10n }, getter: { get amount() { throw new Error('getter'); } },
  toJSON: { toJSON() { throw new Error('toJSON'); } }, proxy: throwing, revoked: revoked(), revokedFn: revoked(() => 1),
  deep, huge: 'x'.repeat(3_000_000), date: new Date(NaN), symbolInside: { orderId: Symbol('x') },
};

/** Calls fn; returns { sync } for a synchronous throw, else the settled promise outcome. */
async function outcome(fn) {
  let r;
  try {
    r = fn();
  } catch (e) {
    return { sync: e };
  }
  if (!(r instanceof Promise)) return { value: r };
  try {
    return { value: await r, async: true };
  } catch (e) {
    return { rejected: e };
  }
}

function kassaError(e, label) {
  assert.ok(e instanceof kassa.KassaError, `${label}: not a KassaError: ${e && e.stack}`);
  assert.equal(typeof e.code, 'string', label);
  messages.push(e.message);
  return e;
}

const noNetwork = () => { throw new Error('no request may be sent here'); };
const clients = () => ({
  rbs: new kassa.RbsClient({ baseUrl: 'http://127.0.0.1:9/payment/rest/', userName: SECRET.userName, password: SECRET.password, fetch: noNetwork, maxRetries: 0, timeoutMs: 200 }),
  cashier: new kassa.CashierClient({ baseUrl: 'http://127.0.0.1:9/api/', login: SECRET.login, password: SECRET.password, fetch: noNetwork, maxRetries: 0, timeoutMs: 200 }),
  koshelek: new kassa.KoshelekClient({ baseUrl: 'http://127.0.0.1:9/k/', login: SECRET.login, password: SECRET.kpassword, storeId: '1', terminalId: 'T', fetch: noNetwork, maxRetries: 0, timeoutMs: 200 }),
});

test('constructors: every hostile options object or option value throws a KassaError', async () => {
  const base = {
    RbsClient: { token: SECRET.token },
    CashierClient: { baseUrl: 'https://mc.test/', login: SECRET.login, password: SECRET.password },
    KoshelekClient: { partner: 'shop', login: SECRET.login, password: SECRET.kpassword, storeId: '1', terminalId: 'T' },
  };
  const keys = ['baseUrl', 'environment', 'userName', 'password', 'token', 'login', 'partner', 'storeId', 'terminalId',
    'fetch', 'timeoutMs', 'maxRetries', 'maxResponseBytes', 'signer', 'dangerouslyAllowBrowser'];
  for (const [cls, good] of Object.entries(base)) {
    for (const [name, v] of Object.entries(hostileValues)) {
      const r = await outcome(() => new kassa[cls](v));
      assert.ok(r.sync, `${cls}(${name}) must throw`);
      kassaError(r.sync, `${cls}(${name})`);
      for (const key of keys) {
        const r2 = await outcome(() => new kassa[cls]({ ...good, [key]: v }));
        if (r2.sync) kassaError(r2.sync, `${cls}({${key}: ${name}})`);
        const getter = Object.defineProperty({ ...good }, key, { get() { throw new Error('getter'); }, enumerable: true });
        const r3 = await outcome(() => new kassa[cls](getter));
        if (r3.sync) kassaError(r3.sync, `${cls}({get ${key}})`);
      }
    }
    // A Proxy as the whole options object: its traps run through Reflect.get.
    const r4 = await outcome(() => new kassa[cls](new Proxy({ ...good }, { get(t, k) { if (k === 'timeoutMs') throw new Error('x'); return t[k]; } })));
    assert.equal(kassaError(r4.sync, `${cls}(Proxy)`).code, 'INVALID_ARGUMENT');
  }
});

test('constructors: limits and numbers are checked (maxResponseBytes, timeoutMs, maxRetries)', async () => {
  for (const [key, bad] of [['maxResponseBytes', 0], ['maxResponseBytes', -1], ['maxResponseBytes', 1.5], ['maxResponseBytes', NaN],
    ['maxResponseBytes', '1000'], ['maxResponseBytes', 2 ** 60], ['maxResponseBytes', 10n], ['timeoutMs', 0], ['timeoutMs', 2 ** 40],
    ['timeoutMs', Infinity], ['maxRetries', -1], ['maxRetries', 0.5]]) {
    const r = await outcome(() => new kassa.RbsClient({ token: SECRET.token, [key]: bad }));
    assert.equal(kassaError(r.sync, `${key}=${String(bad)}`).code, 'INVALID_ARGUMENT', `${key}=${String(bad)}`);
  }
  assert.ok(new kassa.RbsClient({ token: 't', maxResponseBytes: 1, timeoutMs: 2 ** 31 - 1 }));
});

test('base URLs: https, or http to loopback only; no userinfo, query or fragment; values never echoed', async () => {
  const ok = ['https://gw.example/payment/rest/', 'http://127.0.0.1:8787/payment/rest/', 'http://127.0.0.2:1/x/',
    'http://localhost:1/', 'http://sandbox.localhost/', 'http://[::1]:8080/'];
  const bad = [
    [`http://${SECRET.host}.example/`, 'INSECURE_URL'], ['http://10.0.0.1/', 'INSECURE_URL'], ['http://127.0.0.1.nip.io/', 'INSECURE_URL'],
    [`https://${SECRET.userName}:${SECRET.password}@gw.example/`, 'INVALID_URL'], [`http://${SECRET.userName}@127.0.0.1/`, 'INVALID_URL'],
    [`https://gw.example/?token=${SECRET.token}`, 'INVALID_URL'], [`https://gw.example/#${SECRET.token}`, 'INVALID_URL'],
    [`https://gw.example/ ${SECRET.token}`, 'INVALID_URL'], ['https://gw.example\\@evil/', 'INVALID_URL'], ['ftp://gw/', 'INVALID_URL'],
    ['javascript:alert(1)', 'INVALID_URL'], ['//gw.example/', 'INVALID_URL'], ['https://gw.example\u0000/', 'INVALID_URL'],
  ];
  const make = {
    rbs: (u) => new kassa.RbsClient({ baseUrl: u, token: SECRET.token }),
    cashier: (u) => new kassa.CashierClient({ baseUrl: u, login: SECRET.login, password: SECRET.password }),
    koshelek: (u) => new kassa.KoshelekClient({ baseUrl: u, login: SECRET.login, password: SECRET.kpassword, storeId: '1', terminalId: 'T' }),
  };
  for (const [name, f] of Object.entries(make)) {
    for (const u of ok) assert.ok(f(u), `${name} ${u}`);
    for (const [u, code] of bad) {
      const r = await outcome(() => f(u));
      assert.ok(r.sync, `${name} ${u} must throw`);
      assert.equal(kassaError(r.sync, `${name} ${u}`).code, code, `${name} ${u}: ${r.sync.message}`);
    }
  }
  const env = await outcome(() => new kassa.RbsClient({ token: 't', environment: SECRET.host }));
  assert.equal(kassaError(env.sync, 'environment').code, 'INVALID_ARGUMENT');
  const partner = await outcome(() => new kassa.KoshelekClient({ partner: `${SECRET.partner}/../x`, login: 'l', password: 'p', storeId: '1', terminalId: 'T' }));
  assert.equal(kassaError(partner.sync, 'partner').code, 'INVALID_ARGUMENT');
});

test('methods: hostile arguments in every position reject with a KassaError (never a synchronous throw), nothing is sent', async () => {
  const cs = clients();
  let calls = 0;
  for (const [name, client] of Object.entries(cs)) {
    const proto = Object.getPrototypeOf(client);
    const methods = Object.getOwnPropertyNames(proto).filter((m) => m !== 'constructor' && m !== 'free' && !m.startsWith('__')
      && typeof Object.getOwnPropertyDescriptor(proto, m).value === 'function');
    assert.ok(methods.length >= 2, name);
    for (const m of methods) {
      for (const [vname, v] of Object.entries(hostileValues)) {
        for (let pos = 0; pos < 3; pos++) {
          const args = ['7', { orderId: 'md-1' }, {}];
          if (name === 'koshelek' && m === 'request') args.splice(0, 2, 'POST', 'checkout');
          args[pos] = v;
          calls += 1;
          const label = `${name}.${m}(arg ${pos} = ${vname})`;
          const r = await outcome(() => client[m](...args));
          if (r.sync) {
            // Only the synchronous helpers (acsRedirectUrl) may throw, and then a KassaError.
            assert.equal(m, 'acsRedirectUrl', `${label} threw synchronously: ${r.sync}`);
            kassaError(r.sync, label);
          } else if (r.rejected) {
            kassaError(r.rejected, label);
          }
        }
      }
    }
  }
  assert.ok(calls > 500, `${calls} calls`);
  // The status helpers take any JS value.
  for (const f of ['rbsOrderStatusName', 'rbsOrderStatusIsPaid', 'rbsOrderStatusIsFinal']) {
    for (const [vname, v] of Object.entries(hostileValues)) {
      const r = await outcome(() => kassa[f](v));
      if (r.sync) kassaError(r.sync, `${f}(${vname})`);
    }
    assert.equal(kassa.rbsOrderStatusName(2), 'DEPOSITED');
  }
  // A status given as text must be a whole number (http::whole_number); anything else is INVALID_ARGUMENT.
  for (const ok of ['2', ' 2 ', '+2', '2.0', '2.', '002']) assert.equal(kassa.rbsOrderStatusName(ok), 'DEPOSITED', JSON.stringify(ok));
  assert.equal(kassa.rbsOrderStatusName(-0), 'REGISTERED');
  assert.equal(kassa.rbsOrderStatusName('99'), 'UNKNOWN');
  for (const bad of ['2e0', '2.5', '', ' ', '0x2', 'Infinity', 'NaN', '٢', '2'.repeat(21), 'x'.repeat(1 << 20), 2.5, NaN, Infinity, 2 ** 60]) {
    const r = await outcome(() => kassa.rbsOrderStatusName(bad));
    assert.equal(kassaError(r.sync, `rbsOrderStatusName(${String(bad).slice(0, 20)})`).code, 'INVALID_ARGUMENT');
  }
  assert.equal(kassa.rbsOrderStatusIsPaid('1'), true, 'still usable');
});

test('request objects: cycles, BigInt, throwing getters and revoked Proxies are INVALID_ARGUMENT, not TypeError', async () => {
  const { rbs, cashier, koshelek } = clients();
  for (const [vname, v] of Object.entries({ cyclic, bigintInside: hostileValues.bigintInside, getter: hostileValues.getter,
    toJSON: hostileValues.toJSON, proxy: throwing, revoked: revoked(), deep })) {
    for (const [label, p] of [['rbs.register', () => rbs.register(v)], ['cashier.createOrder', () => cashier.createOrder(v)],
      ['koshelek.request', () => koshelek.request('POST', 'checkout', v)]]) {
      const r = await outcome(p);
      assert.ok(r.rejected, `${label}(${vname}) must reject, not throw`);
      assert.equal(kassaError(r.rejected, label).code, 'INVALID_ARGUMENT', `${label}(${vname}): ${r.rejected.message}`);
    }
  }
});

/** A read and a money-moving call through a hostile fetch: the codes they end in. */
async function throughFetch(fetch, options = {}) {
  const rbs = new kassa.RbsClient({ baseUrl: 'http://127.0.0.1:9/payment/rest/', token: SECRET.token, fetch, maxRetries: 0, timeoutMs: 300, ...options });
  const read = await outcome(() => rbs.getOrderStatusExtended({ orderId: 'md-1' }));
  const write = await outcome(() => rbs.register({ orderNumber: 'A-1', amount: 100, returnUrl: 'https://shop/ok' }));
  assert.ok(read.rejected && write.rejected, 'both reject');
  return { read: kassaError(read.rejected, 'read'), write: kassaError(write.rejected, 'write') };
}

test('a hostile fetch: every misbehaviour ends in NETWORK_ERROR, TIMEOUT or MALFORMED_RESPONSE (money-moving: OUTCOME_UNKNOWN)', async () => {
  const erroring = () => new Response(new ReadableStream({
    start(c) { c.enqueue(new TextEncoder().encode('{"errorCode":')); },
    pull(c) { c.error(new Error('connection reset midway')); },
  }), { status: 200 });
  const cases = [
    ['throws synchronously', () => { throw new TypeError('sync'); }, 'NETWORK_ERROR'],
    ['throws a non-Error', () => { throw Symbol('x'); }, 'NETWORK_ERROR'],
    ['rejects', async () => { throw new Error('refused'); }, 'NETWORK_ERROR'],
    ['returns a number', () => 42, 'MALFORMED_RESPONSE'],
    ['returns null', () => null, 'MALFORMED_RESPONSE'],
    ['resolves to a plain object', async () => ({}), 'MALFORMED_RESPONSE'],
    // Resolving a promise with a Proxy reads its `then`: a trap that throws there rejects the fetch.
    ['resolves to a throwing Proxy', async () => throwing, 'NETWORK_ERROR'],
    ['resolves to a Proxy throwing on everything but then', () => Promise.resolve({ r: new Proxy({}, { get(t, k) { if (k === 'then') return undefined; throw new Error('trap'); } }) }).then((x) => x.r), 'MALFORMED_RESPONSE'],
    ['returns a thenable whose then throws', () => ({ get then() { throw new Error('then'); } }), 'NETWORK_ERROR'],
    ['resolves to a revoked Proxy', async () => revoked(new Response('{}')), 'NETWORK_ERROR'],
    ['a Response whose status getter throws', async () => Object.defineProperty(new Response('{}'), 'status', { get() { throw new Error('s'); } }), 'MALFORMED_RESPONSE'],
    ['a Response whose headers throw', async () => Object.defineProperty(new Response('{}'), 'headers', { get() { throw new Error('h'); } }), 'MALFORMED_RESPONSE'],
    ['status 700', async () => ({ status: 700, headers: new Headers(), body: null }), 'MALFORMED_RESPONSE'],
    ['a body that errors midway', async () => erroring(), 'NETWORK_ERROR'],
    ['a body stream of strings', async () => new Response(new ReadableStream({ start(c) { c.enqueue('text'); c.close(); } })), 'MALFORMED_RESPONSE'],
    ['never resolves', () => new Promise(() => {}), 'TIMEOUT'],
    ['a body that never ends', async () => new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([123])); } })), 'TIMEOUT'],
    ['Response.error()', async () => Response.error(), 'NETWORK_ERROR'],
  ];
  for (const [name, fetch, code] of cases) {
    const { read, write } = await throughFetch(fetch);
    assert.equal(read.code, code, `${name}: read: ${read.message}`);
    assert.equal(write.code, 'OUTCOME_UNKNOWN', `${name}: write: ${write.message}`);
    assert.equal(write.details.cause, code, `${name}: write cause`);
  }
});

test('after all of that the module still works, and no message showed an option value', async () => {
  assert.match(kassa.version(), /^\d+\.\d+\.\d+/);
  const fetch = async () => new Response(JSON.stringify({ orderId: 'md-1', formUrl: 'https://gw/pay' }), { status: 200 });
  const rbs = new kassa.RbsClient({ token: 't', fetch });
  assert.equal((await rbs.register({ orderNumber: 'A', amount: 1, returnUrl: 'https://s' })).orderId, 'md-1');
  assert.ok(messages.length > 300, `${messages.length} messages scanned`);
  for (const m of messages) {
    for (const s of Object.values(SECRET)) assert.ok(!m.includes(s), `a message shows ${s}: ${m}`);
  }
});

test('100,000 hostile client calls in a row do not poison the instance', async () => {
  // (deep and huge are left out here only for speed; every other test uses them.)
  const vals = Object.entries(hostileValues).filter(([k]) => k !== 'deep' && k !== 'huge').map(([, v]) => v);
  const fetches = [() => { throw new Error('sync'); }, () => 42, async () => null, () => new Promise(() => {}),
    async () => new Response('<html>'), async () => new Response('{}', { status: 302 }), async () => revoked()];
  const pick = (i) => vals[i % vals.length];
  let calls = 0;
  let pending = [];
  const settle = (r) => pending.push(r.then(() => {}, (e) => kassaError(e, 'stress')));
  for (let i = 0; calls < 100_000; i++) {
    const opts = { token: SECRET.token, fetch: fetches[i % fetches.length], timeoutMs: 20, maxRetries: 0,
      baseUrl: i % 7 ? undefined : pick(i) };
    let c;
    calls += 1;
    try {
      c = new kassa.RbsClient(i % 5 ? opts : pick(i));
    } catch (e) {
      kassaError(e, 'stress constructor');
      continue;
    }
    for (const m of ['register', 'refund', 'getOrderStatusExtended', 'waitForFinalStatus', 'acsRedirectUrl', 'recurrentPayment']) {
      calls += 1;
      try {
        const r = c[m](pick(i + 1), pick(i + 2));
        if (r instanceof Promise) settle(r);
      } catch (e) {
        kassaError(e, `stress ${m}`);
      }
    }
    c.free();
    if (pending.length > 2000) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  messages.length = Math.min(messages.length, 100_000);
  const fetch = async () => new Response(JSON.stringify({ orderId: 'md-9', formUrl: 'https://gw/pay' }));
  const rbs = new kassa.RbsClient({ token: 't', fetch });
  assert.equal((await rbs.register({ orderNumber: 'A', amount: 1, returnUrl: 'https://s' })).orderId, 'md-9');
  assert.match(kassa.version(), /^\d+\.\d+\.\d+/);
});
