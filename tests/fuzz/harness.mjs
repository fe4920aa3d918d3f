// The fuzz harness over the INSTALLED tarball (issue 11): pkg/kassa-<version>.tgz is installed into a
// fresh temporary project with npm, exactly as a user installs it, and `kassa` is imported from there.
// Every export of the package — functions, class constructors, methods, getters, statics, enumerated
// from the module namespace and the prototypes, so a new export is fuzzed without editing this file —
// gets random and adversarial inputs in every argument position (tests/fuzz/values.mjs: wrong types,
// exotic objects, hostile Proxies and getters, Unicode edge cases, huge strings; tests/fuzz/inputs.mjs:
// near-valid callbacks, webhooks, headers, keys, URLs and form options made with the package's own
// signing helpers; tests/fuzz/fakes.mjs: hostile in-process fetches for the clients, never a network).
//
// It asserts: only KassaError escapes, with a code of the package's KassaErrorCode (read from its
// .d.ts) and no configured secret in the message; `check()` never throws; async methods never throw
// synchronously and reject only with KassaError; every promise settles; the clients send nothing to
// another host and ask fetch for `redirect: 'manual'`; methods on freed or foreign `this` are
// KassaErrors; the 200 MB verifier inputs are refused with PAYLOAD_TOO_LARGE in under 100 ms without
// growing wasm memory by more than the input; and, every 250 inputs and at the end, a known-good
// verification of each verifier and version() still work (else the instance is poisoned: the run says
// after which inputs and goes on in a fresh instance).
//
//   node tests/fuzz/harness.mjs [--count N] [--seed S] [--only INDEX] [--skip-huge] [--verbose] [--module PATH]
//     --count   inputs (default 100000, env KASSA_FUZZ_INPUTS)
//     --seed    PRNG seed (default: random, printed; env KASSA_FUZZ_SEED)
//     --only    run one input of the seed, verbosely (the reproducer every failure prints)
//     --verbose list every failure class (export, argument, value kind, what escaped), not only the groups
//     --module  fuzz this ESM entry instead of installing the tarball (development)
// Prints figures, the coverage, each failure class with a reproducer, then `N passed, N failed`.
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeProject } from '../runtime/project.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const repoRoot = path.resolve(here, '../..');

function arg(name, env, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.env[env] ?? fallback;
}
const flag = (name) => process.argv.includes(`--${name}`);
const count = Number(arg('count', 'KASSA_FUZZ_INPUTS', '100000'));
const seed = Number(arg('seed', 'KASSA_FUZZ_SEED', String((Math.random() * 2 ** 32) >>> 0))) >>> 0;
const only = arg('only', 'KASSA_FUZZ_ONLY', null);
const moduleOverride = arg('module', 'KASSA_FUZZ_MODULE', null);
const SEGMENT_STALL_MS = 10_000;

// ---- the package ----------------------------------------------------------------------------

let tmp = null;
let entry;
let dts;
const tInstall = performance.now();
if (moduleOverride) {
  entry = pathToFileURL(path.resolve(moduleOverride)).href;
  dts = fs.readFileSync(path.join(path.dirname(path.resolve(moduleOverride)), 'kassa.d.ts'), 'utf8');
} else {
  const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'pkg/package.json'), 'utf8')).version;
  const tarball = path.join(repoRoot, `pkg/kassa-${version}.tgz`);
  if (!fs.existsSync(tarball)) { console.error(`${tarball} is missing: run bash scripts/build-pkg.sh first`); process.exit(2); }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-fuzz-'));
  await makeProject(tmp, tarball);
  // A file of the project imports the bare `kassa`, so the exports map picks the loader (node + import).
  fs.writeFileSync(path.join(tmp, 'entry.mjs'), "export * from 'kassa';\n");
  entry = pathToFileURL(path.join(tmp, 'entry.mjs')).href;
  dts = fs.readFileSync(path.join(tmp, 'node_modules/kassa/kassa.d.ts'), 'utf8');
}
const installMs = performance.now() - tInstall;
process.on('exit', () => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

// KassaErrorCode and the members that return a Promise, from the package's own declarations.
const codesMatch = /export type KassaErrorCode\s*=([^;]+);/.exec(dts);
if (!codesMatch) { console.error('kassa.d.ts declares no KassaErrorCode'); process.exit(2); }
const codes = [...codesMatch[1].matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
const asyncMembers = [];
for (const block of dts.matchAll(/^export (?:declare )?(?:class|interface) (\w+)[^{]*\{([\s\S]*?)^\}/gm)) {
  for (const m of block[2].matchAll(/^\s+(?:static\s+)?(\w+)\s*\([^;]*\)\s*:\s*Promise</gm)) asyncMembers.push(`${block[1]}#${m[1]}`);
}

// A guarded glue keeps its live-instance registry: only then are forged `this` values safe to try.
const glueText = moduleOverride ? fs.readFileSync(path.join(path.dirname(path.resolve(moduleOverride)), 'kassa_bg.js'), 'utf8')
  : fs.readFileSync(path.join(tmp, 'node_modules/kassa/kassa_bg.js'), 'utf8');
const guarded = glueText.includes('__kassaLive');

const base = { entry, repoRoot, seed, codes, asyncMembers, guarded };

function runWorker(data, { progress, stallMs = SEGMENT_STALL_MS } = {}) {
  return new Promise((resolve) => {
    const w = new Worker(path.join(here, 'worker.mjs'), { workerData: { ...base, ...data, progress }, resourceLimits: { maxOldGenerationSizeMb: 8192 } });
    let done = false;
    let last = -1;
    let lastChange = Date.now();
    const view = progress ? new Int32Array(progress) : null;
    let lastReport = Date.now();
    const watchdog = setInterval(() => {
      if (!view) return;
      const now = Atomics.load(view, 0);
      // Long runs (make fuzz) say where they are once a minute.
      if (count > 100_000 && Date.now() - lastReport >= 60_000) { lastReport = Date.now(); console.log(`  … input ${now} of ${count} (${(performance.now() / 1000).toFixed(0)} s since start)`); }
      if (now !== last) { last = now; lastChange = Date.now(); return; }
      if (Date.now() - lastChange > stallMs) {
        done = true;
        clearInterval(watchdog);
        w.terminate();
        resolve({ stalled: now, checkpoint });
      }
    }, 1000);
    let checkpoint = null;
    w.on('message', (m) => {
      if (m.checkpoint) { checkpoint = m.checkpoint; return; }
      done = true;
      clearInterval(watchdog);
      resolve(m.harnessError ? { crashed: `harness error in the worker: ${m.harnessError}`, at: m.at, checkpoint } : { result: m });
      w.terminate();
    });
    w.once('error', (err) => { if (!done) { done = true; clearInterval(watchdog); resolve({ crashed: String(err?.stack ?? err), at: view ? Atomics.load(view, 0) : -1, checkpoint }); } });
    w.once('exit', (code) => { if (!done) { done = true; clearInterval(watchdog); resolve({ crashed: `worker exited with code ${code}`, at: view ? Atomics.load(view, 0) : -1, checkpoint }); } });
  });
}

const describeInput = async (index) => (await runWorker({ mode: 'describe', index })).result ?? { index, desc: '(could not describe)' };
const repro = (index) => `node tests/fuzz/harness.mjs --seed ${seed} --only ${index}`;

if (only !== null) {
  const r = await runWorker({ mode: 'only', index: Number(only) }, { progress: new SharedArrayBuffer(4), stallMs: 30_000 });
  if (r.stalled !== undefined) console.log(`input ${only} did not return within 30 s:`, JSON.stringify(await describeInput(Number(only)), null, 2));
  else console.log(JSON.stringify(r.result ?? r, null, 2));
  process.exit(0);
}

// ---- the run --------------------------------------------------------------------------------

console.log(`kassa fuzz: seed ${seed}, ${count} inputs, ${moduleOverride ? `module ${moduleOverride}` : `installed tarball (npm install ${(installMs / 1000).toFixed(1)} s)`}`);
console.log(`  ${codes.length} KassaErrorCode values, ${asyncMembers.length} async members (from kassa.d.ts); glue ${guarded ? 'guarded' : 'NOT guarded'} against freed/foreign this`);
const tests = [];
const test = (name, ok, detail = '') => tests.push({ name, ok, detail });
const t0 = performance.now();

// 1. Freed, foreign, forged and hostile `this` for every member.
const wrong = await runWorker({ mode: 'wrong-this' }, { progress: null });
if (wrong.result) {
  for (const [cls, g] of Object.entries(wrong.result.groups)) {
    test(`wrong this: ${cls} (${g.calls} calls on freed/foreign/forged/hostile receivers, free twice, free of another object)`, g.failures.length === 0, g.failures.slice(0, 12).join('\n      '));
  }
  test('wrong this: known-good verifications afterwards', wrong.result.canary.every((c) => c.ok), wrong.result.canary.filter((c) => !c.ok).map((c) => `${c.name}: ${c.error ?? 'wrong answer'}`).join('; '));
} else {
  test('wrong this: the worker finished', false, wrong.crashed ?? `stalled at ${wrong.stalled}`);
}

// 2. The fuzz itself, in segments of fresh workers when an instance gets poisoned or a call hangs.
const merged = { stats: {}, classes: new Map(), info: new Map(), canaries: 0, asyncTotal: 0, globalFetchUses: 0, requests: { total: 0, otherHost: 0, redirectModes: {}, otherHostExamples: [] } };
const poisonings = [];
const crashes = [];
const stalls = [];
const workerMem = [];
let finalCanary = null;
let constants = [];
const skip = [];
let start = 0;
function mergeSnapshot(x) {
    for (const [name, s] of Object.entries(x.stats)) {
      const m = (merged.stats[name] ??= { inputs: 0, failures: 0, ms: 0, asyncResolved: 0, asyncRejected: 0, pendingExpected: 0 });
      for (const k of Object.keys(m)) m[k] += s[k];
    }
    for (const c of x.classes) { const key = `${c.target} | ${c.pos} | ${c.kind} | ${c.escape}`; const prev = merged.classes.get(key); if (prev) prev.count += c.count; else merged.classes.set(key, c); }
    for (const c of x.info) { const key = `${c.target} | ${c.what}`; const prev = merged.info.get(key); if (prev) prev.count += c.count; else merged.info.set(key, c); }
    merged.canaries += x.canaries;
    merged.asyncTotal += x.asyncTotal;
    merged.globalFetchUses += x.globalFetchUses;
    merged.requests.total += x.requests.total;
    merged.requests.otherHost += x.requests.otherHost;
    merged.requests.otherHostExamples.push(...x.requests.otherHostExamples);
    for (const [k, n] of Object.entries(x.requests.redirectModes)) merged.requests.redirectModes[k] = (merged.requests.redirectModes[k] ?? 0) + n;
    workerMem.push({ ran: x.ran, ms: x.ms, memStart: x.memStart, memEnd: x.memEnd });
    constants = x.constants ?? constants;
}
while (start < count) {
  const progress = new SharedArrayBuffer(4);
  const r = await runWorker({ mode: 'run', start, end: count, skip }, { progress });
  if (r.result) {
    const x = r.result;
    mergeSnapshot(x);
    finalCanary = x.finalCanary;
    if (x.poisoned) {
      poisonings.push(x.poisoned);
      console.log(`  instance poisoned after input ${x.poisoned.after} (canary: ${x.poisoned.canary.filter((c) => !c.ok).map((c) => `${c.name}: ${c.error ?? 'wrong answer'}`).join('; ')}); going on in a fresh instance`);
      start = x.poisoned.after + 1;
    } else start = count;
  } else if (r.stalled !== undefined) {
    if (r.checkpoint) mergeSnapshot(r.checkpoint);
    const d = await describeInput(r.stalled);
    stalls.push(d);
    skip.push(`${d.target} | ${d.kind}`);
    const key = `${d.target} | ${d.pos} | ${d.kind} | did not return within ${SEGMENT_STALL_MS / 1000} s (a synchronous call hung)`;
    merged.classes.set(key, { target: d.target, pos: d.pos, kind: d.kind, escape: `did not return within ${SEGMENT_STALL_MS / 1000} s (a synchronous call hung)`, count: 1, first: { index: d.index, desc: d.desc } });
    if (merged.stats[d.target]) merged.stats[d.target].failures++;
    console.log(`  input ${r.stalled} did not return for ${SEGMENT_STALL_MS / 1000} s (${d.target} ${d.pos}: ${d.desc}); going on after it`);
    start = r.stalled + 1;
  } else {
    if (r.checkpoint) mergeSnapshot(r.checkpoint);
    const d = r.at >= 0 ? await describeInput(r.at) : null;
    crashes.push({ error: r.crashed, at: r.at, input: d });
    console.log(`  the worker crashed at input ${r.at}: ${r.crashed.split('\n')[0]}`);
    start = r.at >= 0 ? r.at + 1 : count;
  }
}
const fuzzMs = performance.now() - t0;

// 3. The 200 MB verifier cases, once per run.
// Each in a fresh worker, so that the wasm memory growth measured is this case's alone.
const hugeCases = [];
if (!flag('skip-huge')) {
  for (let hugeCase = 0; hugeCase < 4; hugeCase++) {
    const h = await runWorker({ mode: 'huge', hugeCase }, { progress: null });
    if (!h.result) { test(`200 MB case ${hugeCase}: the worker finished`, false, h.crashed ?? `stalled at ${h.stalled}`); continue; }
    for (const c of h.result.cases) {
      hugeCases.push(c);
      const ok = c.code === 'PAYLOAD_TOO_LARGE' && !c.escape && c.ms < 100 && c.growth <= c.input;
      test(`200 MB: ${c.name} → PAYLOAD_TOO_LARGE in < 100 ms, wasm growth ≤ input`, ok,
        `answered ${c.escape ?? c.code}, ${c.ms.toFixed(1)} ms, wasm memory +${(c.growth / 2 ** 20).toFixed(1)} MiB`);
      test(`200 MB: known-good verifications after ${c.name}`, h.result.canary.every((x) => x.ok), h.result.canary.filter((x) => !x.ok).map((x) => `${x.name}: ${x.error ?? 'wrong answer'}`).join('; '));
    }
  }
}

// ---- report ---------------------------------------------------------------------------------

const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const totalInputs = Object.values(merged.stats).reduce((n, s) => n + s.inputs, 0);
console.log(`\nfigures: ${totalInputs} inputs in ${(fuzzMs / 1000).toFixed(1)} s (${Math.round(totalInputs / (fuzzMs / 1000))}/s), ${merged.asyncTotal} async calls, ${merged.canaries} canary checks, ${workerMem.length} worker(s)`);
for (const w of workerMem) {
  console.log(`  inputs ${w.ran[0]}..${w.ran[1]}: ${(w.ms / 1000).toFixed(1)} s; RSS ${mib(w.memStart.rss)} → ${mib(w.memEnd.rss)}; wasm memory ${mib(w.memStart.wasm)} → ${mib(w.memEnd.wasm)}`);
}
console.log(`  client requests: ${merged.requests.total} (redirect option: ${Object.entries(merged.requests.redirectModes).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}); sent to another host: ${merged.requests.otherHost}; global fetch used (fetch option fuzzed away): ${merged.globalFetchUses}`);
for (const c of hugeCases) console.log(`  ${c.name}: ${c.escape ?? c.code}, ${c.ms.toFixed(1)} ms, wasm +${mib(c.growth)}`);

console.log(`\ncoverage (inputs per export; ms = time inside the calls); constants checked by the canary: ${constants.join(', ') || 'none'}`);
const names = Object.keys(merged.stats).sort();
for (const n of names) {
  const s = merged.stats[n];
  const a = s.asyncResolved + s.asyncRejected ? `, async ${s.asyncResolved} resolved / ${s.asyncRejected} rejected${s.pendingExpected ? ` / ${s.pendingExpected} polling on (deadline fuzzed)` : ''}` : '';
  console.log(`  ${n}: ${s.inputs} inputs, ${s.ms.toFixed(0)} ms${a}${s.failures ? `, ${s.failures} FAILED` : ''}`);
}

const byTarget = new Map();
for (const c of merged.classes.values()) { if (!byTarget.has(c.target)) byTarget.set(c.target, []); byTarget.get(c.target).push(c); }
if (merged.classes.size) {
  // By export and what escaped: the value kinds and argument positions that led there, one reproducer.
  const grouped = new Map();
  for (const c of merged.classes.values()) {
    const key = `${c.target} | ${c.escape}`;
    const g = grouped.get(key) ?? { target: c.target, escape: c.escape, count: 0, kinds: new Set(), pos: new Set(), first: c.first, firstPos: c.pos, firstKind: c.kind };
    g.count += c.count;
    g.kinds.add(c.kind);
    g.pos.add(c.pos);
    grouped.set(key, g);
  }
  console.log(`\nfailures by export and what escaped (${grouped.size} groups of ${merged.classes.size} classes): export | what escaped — inputs; positions; value kinds; first reproducer`);
  for (const g of [...grouped.values()].sort((a, b) => a.target.localeCompare(b.target) || b.count - a.count)) {
    const kinds = [...g.kinds];
    const pos = [...g.pos];
    console.log(`  ${g.target} | ${g.escape} — ×${g.count}; ${pos.slice(0, 6).join(', ')}${pos.length > 6 ? ` (+${pos.length - 6})` : ''}; ${kinds.slice(0, 6).join(', ')}${kinds.length > 6 ? ` (+${kinds.length - 6} kinds)` : ''}`);
    console.log(`      e.g. input ${g.first?.index}, ${g.firstPos}, ${g.firstKind}: ${String(g.first?.desc).slice(0, 160)}\n      reproduce: ${repro(g.first?.index)}`);
  }
  if (flag('verbose')) {
    console.log(`\nevery failure class (${merged.classes.size}): export | argument | value kind | what escaped — count, first reproducer`);
    for (const [target, list] of [...byTarget].sort()) {
      for (const c of list.sort((a, b) => b.count - a.count)) {
        console.log(`  ${target} | ${c.pos} | ${c.kind} | ${c.escape} — ×${c.count}; input ${c.first?.index}: ${c.first?.desc}\n      reproduce: ${repro(c.first?.index)}`);
      }
    }
  }
}
if (merged.info.size) {
  console.log('\nnoted, not failures:');
  for (const c of merged.info.values()) console.log(`  ${c.target}: ${c.what} ×${c.count} (input ${c.first?.index})`);
}
for (const p of poisonings) {
  console.log(`\npoisoned: the canary failed after input ${p.after}; the calls since the last good canary (inputs ${p.window[0]}..${p.window[1]}) include the failure classes above with those indexes`);
}

for (const n of names) {
  const s = merged.stats[n];
  const list = byTarget.get(n) ?? [];
  test(`fuzz ${n}: only KassaError escapes${n.endsWith('#check') ? ', check() never throws' : ''}`, s.inputs > 0 && s.failures === 0,
    s.inputs === 0 ? 'no input reached it' : list.slice(0, 3).map((c) => `${c.pos} ${c.kind}: ${c.escape}`).join('; '));
}
test('the instance was never poisoned (canary every 250 inputs)', poisonings.length === 0, poisonings.map((p) => `after input ${p.after}`).join(', '));
test('known-good verification of each verifier and version() at the end', !!finalCanary && finalCanary.every((c) => c.ok), finalCanary ? finalCanary.filter((c) => !c.ok).map((c) => `${c.name}: ${c.error ?? 'wrong answer'}`).join('; ') : 'no final canary');
test('no call hung (watchdog)', stalls.length === 0, stalls.map((d) => `input ${d.index} ${d.target} ${d.pos}: ${d.desc} (${repro(d.index)})`).join('\n      '));
test('the process did not crash', crashes.length === 0, crashes.map((c) => `at input ${c.at}${c.input ? ` (${c.input.target} ${c.input.pos}: ${c.input.desc})` : ''}: ${c.error.split('\n')[0]}`).join('\n      '));
test('clients sent nothing to another host', merged.requests.otherHost === 0, merged.requests.otherHostExamples.join(', '));
const badRedirect = Object.entries(merged.requests.redirectModes).filter(([k]) => k !== 'manual' && k !== 'error');
test("every client request asked fetch for redirect: 'manual' (or 'error')", merged.requests.total > 0 && badRedirect.length === 0, badRedirect.map(([k, n]) => `redirect ${k} ×${n}`).join(', '));

console.log('\ntests:');
for (const t of tests) console.log(`  ${t.ok ? 'ok  ' : 'FAIL'} ${t.name}${!t.ok && t.detail ? `\n      ${t.detail}` : ''}`);
const passed = tests.filter((t) => t.ok).length;
console.log(`\nseed ${seed} (rerun: node tests/fuzz/harness.mjs --seed ${seed} --count ${count})`);
console.log(`${passed} passed, ${tests.length - passed} failed`);
process.exitCode = tests.length === passed ? 0 : 1;
