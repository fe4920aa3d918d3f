// One fuzz worker (a worker thread: its own module graph, so its own kassa wasm instance). Runs inputs
// [start, end) of a seed through the installed package, checking after each call what escaped, and
// every CANARY_EVERY inputs that a known-good verification of each verifier and version() still work
// (a failing canary means the instance is poisoned: the worker reports where and stops). Modes:
// 'run' (the fuzz), 'only' (one input, verbose), 'describe' (what input N is, without running it),
// 'huge' (the 200 MB verifier cases, measured), 'wrong-this' (every member on freed/foreign `this`).
import { workerData, parentPort } from 'node:worker_threads';
import { createHmac } from 'node:crypto';
import { prng, inputSeed, anyValue, throwingProxy, revokedProxy } from './values.mjs';
import { makeContext, template, clientOptions, isClient, SECRETS } from './inputs.mjs';

const { entry, repoRoot, seed, codes: codeList, asyncMembers, mode } = workerData;
const CODES = new Set(codeList);
const ASYNC = new Set(asyncMembers);
const CANARY_EVERY = 250;
const HANG_MS = 5000;
const progress = workerData.progress ? new Int32Array(workerData.progress) : null;

// The wasm instance, to read its memory size (the package does not export it).
const instances = [];
WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
  construct(target, args, newTarget) {
    const inst = Reflect.construct(target, args, newTarget);
    instances.push(inst);
    return inst;
  },
});
const wasmBytes = () => instances.reduce((n, i) => n + (i.exports.memory?.buffer.byteLength ?? 0), 0);
// No real network, ever: a client whose `fetch` option was fuzzed away falls back to this.
let globalFetchUses = 0;
globalThis.fetch = () => {
  globalFetchUses++;
  return Promise.reject(new TypeError('fuzz: the real network is disabled in the fuzz harness'));
};

// An unhandled rejection or an uncaught exception would end a Node process: recorded against the
// input that was running (the closest one can get), and the worker goes on.
process.on('unhandledRejection', (reason) => {
  if (current) fail(current.target, 'unhandled', current.kind, `unhandled promise rejection (ends a Node process by default): ${describeEscape(reason)}`);
});
process.on('uncaughtException', (err) => {
  if (current) fail(current.target, 'uncaught', current.kind, `uncaught exception outside the call (ends a Node process): ${describeEscape(err)}`);
});

const kassa = await import(entry);
const { KassaError } = kassa;
const ctx = makeContext(kassa, repoRoot);
const hmacExpected = createHmac('sha256', 'canary-key').update('canary-message').digest('hex');
const version0 = kassa.version();

// ---- the export surface, enumerated from the namespace and the prototypes -------------------

const isClass = (f) => typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));
const LIFECYCLE = new Set(['free', '[Symbol.dispose]', '__destroy_into_raw']);

function enumerate() {
  const targets = [];
  const constants = [];
  for (const name of Object.keys(kassa).sort()) {
    const x = kassa[name];
    if (isClass(x)) {
      targets.push({ name: `new ${name}`, kind: 'constructor', cls: name, fn: x, arity: x.length });
      for (const key of Reflect.ownKeys(x.prototype)) {
        if (key === 'constructor') continue;
        const d = Object.getOwnPropertyDescriptor(x.prototype, key);
        const label = typeof key === 'symbol' ? `[${key.description}]` : key;
        if (typeof d.value === 'function') targets.push({ name: `${name}#${label}`, kind: 'method', cls: name, member: label, key, fn: d.value, arity: d.value.length });
        if (d.get) targets.push({ name: `${name}#get ${label}`, kind: 'getter', cls: name, member: label, fn: d.get, arity: 0 });
        if (d.set) targets.push({ name: `${name}#set ${label}`, kind: 'setter', cls: name, member: label, fn: d.set, arity: 1 });
      }
      for (const key of Reflect.ownKeys(x)) {
        if (['length', 'name', 'prototype'].includes(key)) continue;
        const d = Object.getOwnPropertyDescriptor(x, key);
        const label = typeof key === 'symbol' ? `[${key.description}]` : key;
        // `__wrap(ptr)` makes an instance from a raw address: calling it with a fuzzed number would
        // corrupt the heap, so it is reported (wrong-this group), never called.
        if (typeof d.value === 'function' && label !== '__wrap') targets.push({ name: `${name}.${label}`, kind: 'static', cls: name, member: label, fn: d.value, arity: d.value.length });
      }
    } else if (typeof x === 'function') {
      targets.push({ name, kind: 'function', fn: x, arity: x.length });
    } else {
      constants.push(name);
    }
  }
  for (const t of targets) {
    t.async = ASYNC.has(t.name);
    t.check = t.kind === 'method' && t.member === 'check';
    t.lifecycle = t.kind === 'method' && (LIFECYCLE.has(t.member) || t.key === Symbol.dispose);
    t.weight = t.lifecycle ? 0.3 : t.kind === 'getter' ? 0.5 : t.name === 'signCashierWebhook' ? 0.3 : 1;
  }
  return { targets, constants };
}

const { targets, constants } = enumerate();
const totalWeight = targets.reduce((n, t) => n + t.weight, 0);
function pickTarget(rng) {
  let r = rng() * totalWeight;
  for (const t of targets) if ((r -= t.weight) < 0) return t;
  return targets[targets.length - 1];
}

// ---- receivers ------------------------------------------------------------------------------

let lastPlan = '';
function freshInstance(cls, rng) {
  const C = kassa[cls];
  if (isClient(cls)) {
    const { options, plan } = clientOptions(ctx, rng, cls);
    lastPlan = plan;
    return new C(options);
  }
  if (cls === 'RbsCallbackVerifier') return new C(ctx.verifierOptions.rbsHmac);
  if (cls === 'CashierWebhookVerifier') return new C(ctx.verifierOptions.cashier);
  if (cls === 'KoshelekPostbackVerifier') return new C(ctx.verifierOptions.koshelek);
  if (cls === 'PaymentForm') return ctx.forms();
  if (cls === 'KassaError') return new C('INVALID_ARGUMENT', 'fuzz');
  const t = template(ctx, rng, `new ${cls}`);
  return Reflect.construct(C, t.args.map((a) => a.value));
}

function genuineReceiver(t, rng) {
  if (t.lifecycle || isClient(t.cls)) {
    const value = freshInstance(t.cls, rng);
    return { value, fresh: true, plan: isClient(t.cls) ? lastPlan : null, desc: isClient(t.cls) ? `a fresh client, fetch answers ${lastPlan}` : 'a fresh instance' };
  }
  if (ctx.verifiers[t.cls]) return { value: rng.pick(ctx.verifiers[t.cls]), desc: 'a genuine instance' };
  if (t.cls === 'PaymentForm') return { value: rng.pick(ctx.formPool), desc: 'a genuine instance' };
  return { value: freshInstance(t.cls, rng), fresh: true, desc: 'a fresh instance' };
}

function hostileReceiver(t, rng) {
  const other = t.cls === 'KoshelekPostbackVerifier' ? ctx.verifiers.RbsCallbackVerifier[0] : ctx.verifiers.KoshelekPostbackVerifier[0];
  const C = kassa[t.cls];
  const list = [
    ['freed instance', () => { const x = freshInstance(t.cls, rng); x.free?.(); return x; }],
    ['another class\'s instance', () => other],
    ['Object.create(prototype)', () => Object.create(C.prototype)],
    ['forged __wbg_ptr', () => Object.assign(Object.create(C.prototype), { __wbg_ptr: rng.pick([8, 1024, 1 << 20, 2 ** 31, -1]) })],
    ['plain object with __wbg_ptr', () => ({ __wbg_ptr: 16 })],
    ['undefined', () => undefined], ['null', () => null], ['number', () => 42], ['string', () => 'x'],
    ['Proxy (all traps throw)', () => throwingProxy({})], ['revoked Proxy', () => revokedProxy()],
  ];
  const [desc, make] = rng.pick(list);
  return { value: make(), desc: `this = ${desc}`, hostile: true };
}

// ---- judging --------------------------------------------------------------------------------

const normalize = (s) => String(s).replace(/(["'`]).*?\1/g, '…').replace(/\d+/g, 'N').slice(0, 110);

/** Why a thrown value is not acceptable, or null when it is a proper KassaError. */
function judgeError(err) {
  if (err instanceof KassaError) {
    if (!CODES.has(err.code)) return `KassaError with code ${normalize(err.code)}, not a KassaErrorCode`;
    if (typeof err.message !== 'string') return 'KassaError without a string message';
    if (SECRETS.some((s) => err.message.includes(s))) return `KassaError ${err.code} whose message contains a configured secret`;
    return null;
  }
  return describeEscape(err);
}

function describeEscape(err) {
  try {
    if (err === null || (typeof err !== 'object' && typeof err !== 'function')) return `non-Error value thrown (${err === null ? 'null' : typeof err})`;
    const msg = String(err.message);
    if (msg.startsWith('fuzz:')) return `the input's own exception passed through (${normalize(msg)})`;
    return `${err.constructor?.name ?? 'object'}: ${normalize(msg)}`;
  } catch {
    return 'an unreadable value was thrown (a Proxy?)';
  }
}

function judgeCheckResult(r) {
  try {
    if (r === null || typeof r !== 'object' || typeof r.valid !== 'boolean') return 'check() returned something that is not { valid }';
    if (r.valid) return null;
    if (!CODES.has(r.code)) return `check() answered code ${normalize(r.code)}, not a KassaErrorCode`;
    if (typeof r.reason !== 'string') return 'check() answered { valid: false } without a reason';
    if (SECRETS.some((s) => r.reason.includes(s))) return 'check() reason contains a configured secret';
    return null;
  } catch {
    return 'check() returned an unreadable result';
  }
}

// ---- results --------------------------------------------------------------------------------

const stats = {};
for (const t of targets) stats[t.name] = { inputs: 0, failures: 0, ms: 0, asyncResolved: 0, asyncRejected: 0, pendingExpected: 0 };
const classes = new Map();
const info = new Map();
let current = null; // the input being run: { index, desc }

function fail(target, pos, kind, escape, detail = current) {
  stats[target].failures++;
  const key = `${target} | ${pos} | ${kind} | ${escape}`;
  const c = classes.get(key);
  if (c) c.count++;
  else classes.set(key, { target, pos, kind, escape, count: 1, first: detail });
}
function note(target, what, detail = current) {
  const key = `${target} | ${what.replace(/\d+/g, 'N')}`;
  const c = info.get(key);
  if (c) c.count++;
  else info.set(key, { target, what, count: 1, first: detail });
}

const pending = new Map();
let pendingId = 0;
let asyncTotal = 0;

function trackPromise(t, p, pos, kind, detail, after, expectHang = false, hangKind = null) {
  const id = pendingId++;
  asyncTotal++;
  pending.set(id, { start: Date.now(), t, pos, kind, detail, after, expectHang, hangKind });
  const settle = (ok, value) => {
    const rec = pending.get(id);
    if (!rec) return; // already counted as a hang
    pending.delete(id);
    if (ok) stats[t.name].asyncResolved++;
    else {
      stats[t.name].asyncRejected++;
      const why = judgeError(value);
      if (why) fail(t.name, pos, kind, `rejected with ${why}`, detail);
    }
    after?.();
  };
  Promise.resolve(p).then((x) => settle(true, x), (e) => settle(false, e));
}

function sweepHangs(final = false) {
  const now = Date.now();
  for (const [id, rec] of pending) {
    if (final || now - rec.start > HANG_MS) {
      pending.delete(id);
      if (rec.expectHang) { stats[rec.t.name].pendingExpected++; continue; }
      fail(rec.t.name, rec.hangKind ? 'fetch' : rec.pos, rec.hangKind ?? rec.kind, `never settled within ${HANG_MS / 1000} s${rec.hangKind ? ' (in-process fetch, timeoutMs ≤ 50 ms)' : ''}`, rec.detail);
    }
  }
}

// ---- one input ------------------------------------------------------------------------------

// (target | value kind) classes that already hung a worker in this run: not called again, counted.
const SKIP = new Set(workerData.skip ?? []);

function buildInput(index) {
  const rng = prng(inputSeed(seed, index));
  const t = pickTarget(rng);
  const tpl = template(ctx, rng, t.name);
  const args = tpl.args.slice();
  const positions = Math.max(t.arity, args.length) + 1; // one position past the declared ones
  let pos;
  let kind;
  let desc;
  let receiver = null;
  const r = rng();
  if ((t.kind === 'method' || t.kind === 'getter' || t.kind === 'setter') && r < 0.05) {
    receiver = hostileReceiver(t, rng);
    pos = 'this';
    kind = receiver.desc;
    desc = receiver.desc;
  } else if (tpl.near && r < 0.5) {
    const n = tpl.near();
    pos = `arg${n.pos}`;
    args[n.pos] = n;
    if (n.also) args[n.also[0]] = n.also[1];
    kind = n.kind;
    desc = n.desc + (n.also ? ` (with ${n.also[1].desc})` : '');
  } else if (r < 0.93 || args.length === 0) {
    const p = rng.int(positions);
    const names = args[p] && typeof args[p].value === 'object' && args[p].value ? Object.keys(args[p].value) : [];
    const h = anyValue(rng, names);
    pos = `arg${p}`;
    args[p] = h;
    kind = h.kind;
    desc = h.desc;
  } else {
    // One option of an object argument replaced, made a throwing getter, or an unknown option added.
    const p = args.findIndex((a) => a && a.value && typeof a.value === 'object' && !Array.isArray(a.value));
    if (p < 0) return buildInputAllRandom(index, rng, t, positions);
    const o = { ...args[p].value };
    const keys = Object.keys(o);
    const k = rng.chance(0.15) || keys.length === 0 ? 'fuzzUnknownOption' : rng.pick(keys);
    if (rng.chance(0.2)) {
      Object.defineProperty(o, k, { enumerable: true, get() { throw new Error(`fuzz: getter ${k}`); } });
      kind = `option-throwing-getter`;
      desc = `option ${k} is a throwing getter`;
    } else {
      const h = anyValue(rng, [k]);
      o[k] = h.value;
      kind = `option:${h.kind}`;
      desc = `option ${k} = ${h.desc}`;
    }
    args[p] = { value: o };
    pos = `arg${p}.${k}`;
  }
  if (!receiver && t.kind !== 'constructor' && t.kind !== 'function' && t.kind !== 'static') receiver = genuineReceiver(t, rng);
  // Sometimes free a fresh client right after calling it, while its promise is pending.
  const freeWhilePending = t.async && receiver?.fresh && rng.chance(0.03);
  return { index, t, args: args.map((a) => a?.value), pos, kind, desc, receiver, freeWhilePending, rng };
}

function buildInputAllRandom(index, rng, t, positions) {
  const args = Array.from({ length: positions }, () => anyValue(rng));
  const receiver = t.kind === 'method' || t.kind === 'getter' ? genuineReceiver(t, rng) : null;
  return { index, t, args: args.map((a) => a.value), pos: 'all', kind: 'all-random', desc: `all arguments random: ${args.map((a) => a.kind).join(', ')}`, receiver, rng };
}

function invoke(inp) {
  const { t, args, receiver } = inp;
  switch (t.kind) {
    case 'constructor': return Reflect.construct(t.fn, args);
    case 'function': return Reflect.apply(t.fn, undefined, args);
    case 'static': return Reflect.apply(t.fn, kassa[t.cls], args);
    case 'getter': return Reflect.apply(t.fn, receiver.value, []);
    default: return Reflect.apply(t.fn, receiver.value, args);
  }
}

function runInput(index, verbose = false) {
  let inp;
  try {
    inp = buildInput(index);
  } catch (err) {
    // A genuine receiver or a near-valid input could not be made: kassa refused valid input, or
    // a generator made something the platform refuses (e.g. a header value a Request rejects).
    note('(input generation)', `an input could not be built: ${describeEscape(err)}`, { index, desc: String(err?.stack ?? err).slice(0, 300) });
    return verbose ? { index, target: '(input generation)', pos: '-', kind: '-', desc: String(err?.stack ?? err), threw: true } : null;
  }
  const { t, pos, kind } = inp;
  if (SKIP.has(`${t.name} | ${kind}`)) {
    stats[t.name].inputs++;
    fail(t.name, pos, kind, 'did not return (a synchronous call hung the worker; later inputs of this class not called)', { index, desc: inp.desc });
    return null;
  }
  const desc = `${inp.desc}${inp.receiver && !inp.receiver.hostile ? `; this = ${inp.receiver.desc}` : ''}`;
  current = { index, desc, target: t.name, kind };
  stats[t.name].inputs++;
  const started = performance.now();
  let threw = false;
  let result;
  try {
    result = invoke(inp);
  } catch (err) {
    threw = true;
    result = err;
  }
  stats[t.name].ms += performance.now() - started;
  const out = { index, target: t.name, pos, kind, desc, threw };
  if (t.name === 'new KassaError') {
    // The error class itself: it may throw what the caller's own values throw; it must construct.
    if (threw) note(t.name, `threw ${describeEscape(result)}`);
    else if (!(result instanceof KassaError)) fail(t.name, pos, kind, 'did not construct a KassaError');
    return out;
  }
  if (threw) {
    out.error = result;
    if (t.check) fail(t.name, pos, kind, `check() threw: ${judgeError(result) ?? `KassaError ${result.code}`}`);
    else if (t.async) fail(t.name, pos, kind, `async method threw synchronously: ${judgeError(result) ?? `KassaError ${result.code}`}`);
    else {
      const why = judgeError(result);
      if (why) fail(t.name, pos, kind, why);
    }
  } else if (t.check) {
    const why = judgeCheckResult(result);
    if (why) fail(t.name, pos, kind, why);
    out.result = result;
  } else if (t.async) {
    if (result === null || (typeof result !== 'object' && typeof result !== 'function') || typeof result.then !== 'function') {
      fail(t.name, pos, kind, 'async method returned something that is not a promise');
    } else {
      const receiver = inp.receiver;
      const after = () => {
        if (receiver?.fresh && !inp.freeWhilePending) {
          try { receiver.value.free(); } catch (err) { fail(t.name, 'free after the call', 'fresh instance', `free() threw: ${describeEscape(err)}`, { index, desc }); }
        }
      };
      // A deadline the fuzz moved (or removed) makes waitForFinalStatus poll on, as asked.
      const expectHang = t.member === 'waitForFinalStatus' && (pos.startsWith('arg1') || pos === 'all');
      // A client call that never settles is about what its fetch did: grouped by the fetch plan.
      const hangKind = receiver?.plan ? `fetch answers ${receiver.plan}` : null;
      trackPromise(t, result, pos, kind, { index, desc }, after, expectHang, hangKind);
      if (inp.freeWhilePending) {
        try { receiver.value.free(); } catch (err) { fail(t.name, 'free while pending', kind, `free() threw: ${describeEscape(err)}`); }
      }
    }
    out.result = '[promise]';
  } else {
    out.result = result;
  }
  // Lifecycle members: after free()/dispose, the instance must refuse use with a KassaError.
  if (t.lifecycle && inp.receiver?.fresh && !threw) {
    const proto = kassa[t.cls].prototype;
    const probe = Object.getOwnPropertyNames(proto).find((m) => m !== 'constructor' && !LIFECYCLE.has(m) && typeof Object.getOwnPropertyDescriptor(proto, m).value === 'function' && !ASYNC.has(`${t.cls}#${m}`));
    if (probe) {
      try {
        const r = inp.receiver.value[probe]();
        if (t.member !== '__destroy_into_raw' && probe !== 'check') fail(t.name, 'use after free', kind, `${probe}() worked on a freed instance`);
        else if (probe === 'check' && r?.valid !== false) fail(t.name, 'use after free', kind, 'check() on a freed instance did not answer { valid: false }');
      } catch (err) {
        const why = judgeError(err);
        if (why) fail(t.name, 'use after free', kind, `${probe}() after ${t.member}: ${why}`);
      }
    }
  }
  if (verbose) return out;
  return null;
}

// ---- canary ---------------------------------------------------------------------------------

const canaryObjs = {
  rbsHmac: new kassa.RbsCallbackVerifier(ctx.verifierOptions.rbsHmac),
  rbsRsa: new kassa.RbsCallbackVerifier(ctx.verifierOptions.rbsRsa),
  cashier: new kassa.CashierWebhookVerifier(ctx.verifierOptions.cashier),
  koshelek: new kassa.KoshelekPostbackVerifier(ctx.verifierOptions.koshelek),
};
function canary() {
  const c = canaryObjs;
  const checks = [
    ['RbsCallbackVerifier (HMAC) verify', () => c.rbsHmac.verify(ctx.hmacCallbacks[1]).orderNumber === 'F-1'],
    ['RbsCallbackVerifier (RSA) verify', () => c.rbsRsa.verify(ctx.rsaCallbacks[0]).orderNumber === 'F-1'],
    ['CashierWebhookVerifier verify', () => c.cashier.verify(ctx.cashierBodies[1], ctx.cashierSigs[1]).orderId === '7'],
    ['KoshelekPostbackVerifier verify', () => c.koshelek.verify(ctx.koshelekAuth, ctx.koshelekBody).transactionId === 't-1'],
    ['a forged callback is refused', () => c.rbsHmac.check(ctx.hmacCallbacks[1].replace(/checksum=./, 'checksum=0')).valid === false],
    ['version()', () => kassa.version() === version0],
    ['RbsOrderStatus frozen and unchanged', () => Object.isFrozen(kassa.RbsOrderStatus) && kassa.RbsOrderStatus.Deposited === 2],
    ['CASHIER_PUBLIC_KEY unchanged', () => typeof kassa.CASHIER_PUBLIC_KEY === 'string' && kassa.CASHIER_PUBLIC_KEY.startsWith('-----BEGIN PUBLIC KEY-----')],
    ['hmacSha256Hex()', () => kassa.hmacSha256Hex('canary-key', 'canary-message').toLowerCase() === hmacExpected],
  ];
  const results = [];
  for (const [name, f] of checks) {
    let ok = false;
    let error;
    try { ok = f() === true; } catch (err) { error = describeEscape(err); }
    results.push({ name, ok, error });
  }
  return results;
}
const canaryOk = (rs) => rs.every((r) => r.ok);

// ---- modes ----------------------------------------------------------------------------------

const memory = () => ({ rss: process.memoryUsage().rss, wasm: wasmBytes() });

async function runMode() {
  const memStart = memory();
  const t0 = performance.now();
  let canaries = 0;
  let poisoned = null;
  let lastGood = workerData.start;
  let i = workerData.start;
  for (; i < workerData.end; i++) {
    if (progress) Atomics.store(progress, 0, i);
    runInput(i);
    if ((i + 1) % 32 === 0) await new Promise((r) => setImmediate(r));
    while (pending.size > 2048) { await new Promise((r) => setTimeout(r, 1)); sweepHangs(); }
    if ((i + 1) % CANARY_EVERY === 0) {
      canaries++;
      const rs = canary();
      if (!canaryOk(rs)) { poisoned = { after: i, window: [lastGood, i], canary: rs }; break; }
      lastGood = i + 1;
      sweepHangs();
      // What the parent keeps if this worker hangs or dies before its final report.
      parentPort.postMessage({ checkpoint: clean(snapshot(i + 1)) });
    }
  }
  // Let the promises still in flight settle (each is bounded by the fakes' and clients' timeouts).
  const drainEnd = Date.now() + HANG_MS + 1000;
  while (pending.size > 0 && Date.now() < drainEnd) { await new Promise((r) => setTimeout(r, 20)); sweepHangs(); }
  sweepHangs(true);
  const finalCanary = canary();
  if (!poisoned && !canaryOk(finalCanary)) poisoned = { after: i - 1, window: [lastGood, i - 1], canary: finalCanary };
  return { ...snapshot(poisoned ? poisoned.after + 1 : workerData.end), poisoned, finalCanary };

  function snapshot(upTo) {
    return {
      ran: [workerData.start, upTo], ms: performance.now() - t0, canaries, memStart, memEnd: memory(),
      stats, classes: [...classes.values()], info: [...info.values()], asyncTotal, globalFetchUses,
      requests: summariseRequests(), constants,
    };
  }
}

const clean = (x) => JSON.parse(JSON.stringify(x, (k, val) => (typeof val === 'bigint' ? `${val}n` : val)));

function summariseRequests() {
  const r = { total: ctx.requests.length, otherHost: 0, redirectModes: {}, otherHostExamples: [] };
  for (const q of ctx.requests) {
    const m = String(q.redirect);
    r.redirectModes[m] = (r.redirectModes[m] ?? 0) + 1;
    if (!q.hostOk) { r.otherHost++; if (r.otherHostExamples.length < 3) r.otherHostExamples.push(q.url); }
  }
  return r;
}

/** Every member of every class on freed, foreign, forged and hostile receivers. */
async function wrongThisMode() {
  const rng = prng(seed);
  const groups = {};
  const classNames = [...new Set(targets.filter((t) => t.cls).map((t) => t.cls))];
  for (const cls of classNames) {
    if (cls === 'KassaError') continue;
    const g = (groups[cls] = { calls: 0, failures: [], statics: [] });
    if (Object.prototype.hasOwnProperty.call(kassa[cls], '__wrap')) g.failures.push(`${cls}.__wrap is public: it makes an instance from any address (a forged pointer handed to Rust)`);
    const members = targets.filter((t) => t.cls === cls && (t.kind === 'method' || t.kind === 'getter'));
    const receivers = [
      ['a freed instance', () => { const x = freshInstance(cls, rng); x.free(); return x; }],
      ['another class\'s instance', () => (cls === 'RbsCallbackVerifier' ? ctx.verifiers.KoshelekPostbackVerifier[0] : ctx.verifiers.RbsCallbackVerifier[0])],
      ['Object.create(prototype)', () => Object.create(kassa[cls].prototype)],
      ['a forged __wbg_ptr (8)', () => Object.assign(Object.create(kassa[cls].prototype), { __wbg_ptr: 8 })],
      ['undefined', () => undefined],
      ['a Proxy whose traps throw', () => throwingProxy({})],
    ];
    for (const t of members) {
      if (t.member === '__destroy_into_raw') continue; // internal; free covers it
      for (const [rdesc, make] of receivers) {
        // A forged pointer to another object is memory unsafety, not an error: only call it when
        // the glue is guarded (it then never reaches Rust), or it may corrupt this worker's heap.
        if (rdesc.startsWith('a forged') && !workerData.guarded) { g.failures.push(`${t.name} on ${rdesc}: not called (the glue is not guarded: Rust would read address 8 as the object)`); continue; }
        const tpl = template(ctx, rng, t.name);
        const args = tpl.args.map((a) => a.value);
        g.calls++;
        let res;
        let threw = false;
        try { res = Reflect.apply(t.fn, make(), t.kind === 'getter' ? [] : args); } catch (err) { threw = true; res = err; }
        if (t.check) {
          if (threw) g.failures.push(`${t.name} on ${rdesc}: check() threw ${judgeError(res) ?? `KassaError ${res.code}`}`);
          else if (judgeCheckResult(res) || res.valid !== false) g.failures.push(`${t.name} on ${rdesc}: check() did not answer { valid: false } (${judgeCheckResult(res) ?? 'valid: true'})`);
        } else if (t.async) {
          if (threw) g.failures.push(`${t.name} on ${rdesc}: threw synchronously ${judgeError(res) ?? `KassaError ${res.code}`}`);
          else {
            try {
              await Promise.race([res, new Promise((_, rej) => setTimeout(() => rej(new Error('fuzz: hang')), 2000))]);
              g.failures.push(`${t.name} on ${rdesc}: resolved instead of rejecting`);
            } catch (err) {
              const why = judgeError(err);
              if (why) g.failures.push(`${t.name} on ${rdesc}: rejected with ${why}`);
            }
          }
        } else if (!threw) {
          // free() and [Symbol.dispose]() on a freed or foreign object do nothing, by design.
          if (!t.lifecycle) g.failures.push(`${t.name} on ${rdesc}: returned instead of throwing KassaError`);
        } else {
          const why = judgeError(res);
          if (why) g.failures.push(`${t.name} on ${rdesc}: ${why}`);
        }
      }
    }
    // free() twice, and free() of another class's instance (must not free it).
    try { const x = freshInstance(cls, rng); x.free(); x.free(); g.calls++; } catch (err) { g.failures.push(`${cls}#free twice: ${describeEscape(err)}`); }
    try {
      const victim = new kassa.KoshelekPostbackVerifier(ctx.verifierOptions.koshelek);
      g.calls++;
      kassa[cls].prototype.free.call(victim);
      if (cls !== 'KoshelekPostbackVerifier' && victim.check(ctx.koshelekAuth, ctx.koshelekBody).valid !== true) g.failures.push(`${cls}.prototype.free.call(a KoshelekPostbackVerifier) freed the other object`);
    } catch (err) { g.failures.push(`${cls}.prototype.free.call(another class's instance): ${describeEscape(err)}`); }
    try { g.calls++; kassa[cls].prototype.free.call({}); } catch (err) { const why = judgeError(err); if (why) g.failures.push(`${cls}.prototype.free.call({}): ${why}`); }
  }
  const rs = canary();
  return { groups, canary: rs };
}

/** The 200 MB cases: each verifier once, timed, with the wasm memory growth. */
function hugeMode() {
  const MB = 200 * 1024 * 1024;
  const text = workerData.hugeCase < 2 ? 'a&'.repeat(MB / 2) : '';
  const bytes = workerData.hugeCase >= 2 ? new Uint8Array(MB).fill(0x61) : null;
  const out = [];
  const v = canaryObjs;
  const all = [
    ['RbsCallbackVerifier#check(200 MB string)', () => v.rbsHmac.check(text), true],
    ['RbsCallbackVerifier#verify(200 MB string)', () => v.rbsHmac.verify(text), false],
    ['CashierWebhookVerifier#check(200 MB body)', () => v.cashier.check(bytes, ctx.cashierSigs[1]), true],
    ['KoshelekPostbackVerifier#check(200 MB body)', () => v.koshelek.check(ctx.koshelekAuth, bytes), true],
  ];
  const cases = workerData.hugeCase === undefined ? [] : [all[workerData.hugeCase]];
  for (const [name, f, isCheck] of cases) {
    const before = wasmBytes();
    const t0 = performance.now();
    let code;
    let escape = null;
    try {
      const r = f();
      code = isCheck ? (r?.valid === false ? r.code : 'valid?!') : 'returned?!';
    } catch (err) {
      code = err instanceof KassaError ? err.code : undefined;
      if (!(err instanceof KassaError)) escape = describeEscape(err);
    }
    const ms = performance.now() - t0;
    out.push({ name, code, escape, ms, growth: wasmBytes() - before, input: MB });
  }
  return { cases: out, canary: canary() };
}

let result;
try {
if (mode === 'run') result = await runMode();
else if (mode === 'only') {
  const out = runInput(workerData.index, true);
  await new Promise((r) => setTimeout(r, 200));
  const drainEnd = Date.now() + HANG_MS + 500;
  while (pending.size > 0 && Date.now() < drainEnd) await new Promise((r) => setTimeout(r, 20));
  sweepHangs(true);
  let error = null;
  if (out.error !== undefined) { try { error = out.error instanceof KassaError ? `KassaError ${out.error.code}: ${out.error.message}` : `${describeEscape(out.error)}\n${out.error?.stack ?? ''}`; } catch { error = 'unreadable'; } }
  let shown;
  try { shown = JSON.stringify(out.result)?.slice(0, 500); } catch { shown = String(typeof out.result); }
  result = { input: { index: out.index, target: out.target, pos: out.pos, kind: out.kind, desc: out.desc, threw: out.threw, error, result: shown }, classes: [...classes.values()], canary: canary() };
} else if (mode === 'describe') {
  const inp = buildInput(workerData.index);
  result = { index: inp.index, target: inp.t.name, pos: inp.pos, kind: inp.kind, desc: inp.desc };
} else if (mode === 'huge') result = hugeMode();
else if (mode === 'wrong-this') result = await wrongThisMode();
else if (mode === 'surface') result = { targets: targets.map((t) => ({ name: t.name, kind: t.kind, async: t.async, check: t.check, arity: t.arity })), constants };
} catch (err) {
  result = { harnessError: String(err?.stack ?? err), at: progress ? Atomics.load(progress, 0) : -1 };
}

// Strip what cannot be cloned (functions, instances) from first-failure details.
parentPort.postMessage(clean(result));
