// Targets, the console table, the quick-mode checks and the machine description.
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { root, libVersions } from './project.mjs';
import { noteKey } from './explain.mjs';

const SUITE_RUNTIMES = ['node', 'chromium', 'deno'];
const EXPECTED = {
  hmac: ['kassa', 'kassa check', 'WebCrypto', '@noble/hashes'],
  rsa2048: ['kassa', 'kassa verifyAsync', 'WebCrypto', 'jsrsasign', 'node-forge'],
  rsa4096: ['kassa', 'kassa verifyAsync', 'WebCrypto', 'jsrsasign', 'node-forge'],
  sign: ['kassa', 'WebCrypto'],
};
const EXPECTED_WORKERD = { hmac: ['kassa', 'WebCrypto'], rsa2048: ['kassa', 'kassa verifyAsync', 'WebCrypto'] };
export const GZIP_BUDGET = 150_000; // bytes ("150 KB")

const rate = (results, runtime, group, impl) =>
  results.runtimes?.[runtime]?.groups?.find((g) => g.id === group)?.results.find((r) => r.impl === impl)?.opsPerSec;
const rps = (results, group, impl) => results.workerd?.groups?.find((g) => g.id === group)?.results.find((r) => r.impl === impl)?.rps;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : undefined);

function target(id, what, measured, op, goal, unit) {
  const known = Number.isFinite(measured);
  const met = known ? (op === '>=' ? measured >= goal : measured <= goal) : null;
  let shortBy;
  if (known && !met) {
    shortBy = op === '>=' ? `${(goal / measured).toFixed(2)}x short`
      : `${fmtNum(measured - goal)}${unit === 'x' ? 'x' : ' ' + unit} over`;
  }
  return { id, what, measured: known ? +measured.toFixed(unit === 'x' ? 3 : 2) : null, op, goal, unit, met, ...(shortBy ? { shortBy } : {}) };
}

export function evaluate(r) {
  const t = [];
  // `kassa` is verify(), `kassa check` is check(): both are held to the goals (issue 14).
  for (const [impl, suffix, label] of [['kassa check', '-check', 'check()'], ['kassa', '', 'verify()']]) {
    t.push(target(`hmac-node-native${suffix}`, `HMAC callback: kassa ${label} ÷ node:crypto, Node`, ratio(rate(r, 'node', 'hmac', impl), rate(r, 'node', 'hmac', 'node:crypto')), '>=', 1.0, 'x'));
    for (const rt of SUITE_RUNTIMES) {
      t.push(target(`hmac-webcrypto-${rt}${suffix}`, `HMAC callback: kassa ${label} ÷ WebCrypto, ${rt}`, ratio(rate(r, rt, 'hmac', impl), rate(r, rt, 'hmac', 'WebCrypto')), '>=', 3.0, 'x'));
    }
  }
  for (const rt of ['node', 'chromium']) {
    for (const g of ['rsa2048', 'rsa4096']) {
      const js = Math.max(rate(r, rt, g, 'jsrsasign') ?? NaN, rate(r, rt, g, 'node-forge') ?? NaN);
      t.push(target(`rsa-sync-${g}-${rt}`, `${g === 'rsa2048' ? 'RSA-2048' : 'RSA-4096'} sync verify: kassa ÷ faster of jsrsasign/node-forge, ${rt}`,
        ratio(rate(r, rt, g, 'kassa'), js), '>=', 3.0, 'x'));
    }
  }
  for (const rt of ['node', 'chromium']) {
    for (const g of ['rsa2048', 'rsa4096']) {
      t.push(target(`rsa-async-${g}-${rt}`, `${g === 'rsa2048' ? 'RSA-2048' : 'RSA-4096'} verifyAsync ÷ raw WebCrypto, ${rt}`,
        ratio(rate(r, rt, g, 'kassa verifyAsync'), rate(r, rt, g, 'WebCrypto')), '>=', 0.9, 'x'));
    }
  }
  t.push(target('workerd-hmac', 'workerd RBS HMAC-callback worker: kassa ÷ WebCrypto-only (req/s)', ratio(rps(r, 'hmac', 'kassa'), rps(r, 'hmac', 'WebCrypto')), '>=', 1.0, 'x'));
  t.push(target('workerd-rsa2048', 'workerd RBS RSA-callback worker: kassa (sync) ÷ WebCrypto-only (req/s)', ratio(rps(r, 'rsa2048', 'kassa'), rps(r, 'rsa2048', 'WebCrypto')), '>=', 1.0, 'x'));
  t.push(target('workerd-rsa2048-async', 'workerd RBS RSA-callback worker: kassa verifyAsync ÷ WebCrypto-only (req/s)', ratio(rps(r, 'rsa2048', 'kassa verifyAsync'), rps(r, 'rsa2048', 'WebCrypto')), '>=', 0.95, 'x'));
  t.push(target('size-gzip', '.wasm gzipped (bytes; 150 KB = 150,000 B)', r.size?.gzipBytes, '<=', GZIP_BUDGET, 'B'));
  for (const [rt, goal] of [['node', 15], ['chromium', 40]]) {
    t.push(target(`cold-${rt}-hmac`, `cold start to first RBS HMAC verification, ${rt}`, r.coldStart?.hmac?.[rt]?.ms, '<=', goal, 'ms'));
    t.push(target(`cold-${rt}-rsa4096`, `cold start to first Cashier RSA-4096 verification, ${rt}`, r.coldStart?.rsa4096?.[rt]?.ms, '<=', goal, 'ms'));
  }
  // The entries (issue 14): gzip of each entry's .wasm and the root's, cold starts through the entries.
  for (const e of r.size?.entries || []) {
    if (e.target) t.push(target(`size-gzip-${e.entry.replace('kassa/', '')}`, `${e.entry} .wasm gzipped (bytes)`, e.gzipBytes, '<=', e.target, 'B'));
  }
  if (r.size?.target) t.push(target('size-gzip-root', 'kassa (root, its own module) .wasm gzipped (bytes)', r.size.gzipBytes, '<=', r.size.target, 'B'));
  for (const row of r.coldStart?.entries || []) {
    for (const rt of ['node', 'chromium', 'deno']) {
      if (!row[rt]?.goal) continue;
      t.push(target(`cold-${row.entry.replace('kassa/', '')}-${row.case}-${rt}`,
        `cold start through ${row.entry} to the first ${row.case === 'forms' ? 'toHtml()' : row.case === 'hmac' ? 'RBS HMAC verification' : 'Cashier RSA-4096 verification'}, ${rt}`,
        row[rt].ms, '<=', row[rt].goal, 'ms'));
    }
  }
  return t;
}

export function fmtNum(n) {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function fmtTarget(t) {
  const v = t.measured === null ? '—' : t.unit === 'x' ? `${t.measured.toFixed(2)}x` : t.unit === 'B' ? `${t.measured.toLocaleString('en-US')} B` : `${fmtNum(t.measured)} ms`;
  const g = t.unit === 'x' ? `${t.op} ${t.goal}x` : t.unit === 'B' ? `${t.op} ${t.goal.toLocaleString('en-US')} B` : `${t.op} ${t.goal} ms`;
  return { v, g, status: t.met === null ? 'no data' : t.met ? 'met' : `NOT met (${t.shortBy})` };
}

function pad(rows) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ')).join('\n');
}

/** Rows of one comparison group: implementation, ops/s, µs/op, kassa ÷ this. */
export function groupRows(g) {
  const kassa = g.results.find((x) => x.impl === 'kassa')?.opsPerSec;
  return g.results.map((x) => [x.impl + (x.async ? ' (async)' : ''), fmtNum(x.opsPerSec), fmtNum(x.usPerOp), kassa ? `${(kassa / x.opsPerSec).toFixed(2)}x` : '—']);
}

export function printTable(r) {
  const out = [];
  for (const [rt, res] of Object.entries(r.runtimes)) {
    if (!res) continue;
    out.push(`\n== ${rt} (${res.version})`);
    for (const g of res.groups) {
      out.push(`-- ${g.title}`);
      out.push(pad([['implementation', 'ops/s', 'µs/op', 'kassa ÷ this'], ...groupRows(g)]));
    }
    for (const p of res.problems || []) out.push(`PROBLEM: ${p}`);
  }
  if (r.workerd) {
    out.push(`\n== workerd end to end (${r.workerd.version}, ${r.workerd.connections} keep-alive connections from 127.0.0.1)`);
    for (const g of r.workerd.groups) {
      const k = g.results.find((x) => x.impl === 'kassa')?.rps;
      out.push(`-- ${g.title}`);
      out.push(pad([['worker', 'req/s', 'kassa ÷ this'], ...g.results.map((x) => [x.impl, fmtNum(x.rps), k ? `${(k / x.rps).toFixed(2)}x` : '—'])]));
    }
    for (const p of r.workerd.problems || []) out.push(`PROBLEM: ${p}`);
  }
  if (r.coldStart) {
    out.push('\n== cold start, .wasm bytes to first successful verification (median ms)');
    const rows = [['case', 'node', 'chromium', 'deno']];
    const cells = (row) => ['node', 'chromium', 'deno'].map((rt) => (row[rt]?.error ? 'error' : fmtNum(row[rt]?.ms)));
    for (const [c, row] of Object.entries(r.coldStart)) if (c !== 'entries') rows.push([c, ...cells(row)]);
    for (const row of r.coldStart.entries || []) rows.push([`${row.entry} ${row.case}`, ...cells(row)]);
    out.push(pad(rows));
  }
  if (r.size) {
    out.push(`\n== size: ${r.size.rawBytes.toLocaleString('en-US')} B raw, ${r.size.gzipBytes.toLocaleString('en-US')} B gzip -9, ${r.size.brotliBytes.toLocaleString('en-US')} B brotli`);
    if (r.size.twiggy?.byCrate) out.push(pad([['contributor (twiggy)', 'bytes', '%'], ...r.size.twiggy.byCrate.slice(0, 8).map((c) => [c.crate, c.bytes, c.percent])]));
    if (r.size.twiggy?.skipped) out.push(`twiggy: ${r.size.twiggy.skipped}`);
  }
  out.push('\n== targets');
  out.push(pad([['target', 'measured', 'goal', 'status'], ...r.targets.map((t) => { const f = fmtTarget(t); return [t.what, f.v, f.g, f.status]; })]));
  for (const e of r.errors) out.push(`ERROR: ${e}`);
  console.log(out.join('\n'));
}

/** Quick mode: every row exists and has a number (never a timing threshold). */
export function quickChecks(r, { only } = {}) {
  let passed = 0;
  let failed = 0;
  const check = (ok, what) => {
    if (ok) passed++;
    else {
      failed++;
      console.log(`FAIL: ${what}`);
    }
  };
  const want = (x) => !only || only.includes(x);
  const num = (x) => Number.isFinite(x) && x > 0;
  for (const rt of SUITE_RUNTIMES.filter(want)) {
    const res = r.runtimes[rt];
    check(!!res, `${rt}: suite ran`);
    if (!res) continue;
    check(!res.problems.length, `${rt}: every implementation verified the genuine input and rejected the tampered one${res.problems.length ? ': ' + res.problems.join('; ') : ''}`);
    for (const [g, impls] of Object.entries(EXPECTED)) {
      for (const impl of [...impls, ...(rt === 'node' ? ['node:crypto'] : [])]) {
        check(num(rate(r, rt, g, impl)), `${rt}/${g}/${impl}: has a rate`);
      }
    }
  }
  if (want('workerd')) {
    check(!!r.workerd && !r.workerd.problems.length, `workerd: ran, genuine callbacks 200 and tampered 403${r.workerd?.problems.length ? ': ' + r.workerd.problems.join('; ') : ''}`);
    for (const [g, impls] of Object.entries(EXPECTED_WORKERD)) for (const impl of impls) check(num(rps(r, g, impl)), `workerd/${g}/${impl}: has req/s`);
  }
  if (want('cold')) {
    for (const c of ['hmac', 'rsa4096']) for (const rt of ['node', 'chromium', 'deno']) {
      const x = r.coldStart?.[c]?.[rt];
      check(num(x?.ms), `cold start ${c}/${rt}: has a time${x?.error ? ' (' + x.error + ')' : ''}`);
    }
    const floor = r.coldStart?.entries?.find((e) => e.entry === 'floor')?.chromium;
    check(num(floor?.ms), `cold start floor/chromium: has a time${floor?.error ? ' (' + floor.error + ')' : ''}`);
  }
  if (want('size')) {
    check(num(r.size?.rawBytes) && num(r.size?.gzipBytes), 'size: raw and gzipped');
    check(!!(r.size?.twiggy?.top?.length || r.size?.twiggy?.skipped), 'size: twiggy listing (or skipped with a note in quick mode)');
  }
  const all = !only;
  if (all) for (const t of r.targets) check(t.measured !== null, `target ${t.id}: has a measured value`);
  // A full run quotes the note of every target it does not meet; each must have one ready.
  for (const t of r.targets) check(noteKey(t.id) !== undefined, `target ${t.id}: has a note in bench/notes.mjs for when it is not met`);
  check(!r.errors.length, `no stage failed${r.errors.length ? ': ' + r.errors.join('; ') : ''}`);
  return { passed, failed };
}

const tryRun = (cmd, args) => { try { return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { return null; } };

export async function machineInfo(project, r) {
  const cpus = os.cpus();
  const commit = tryRun('git', ['-C', root, 'rev-parse', '--short', 'HEAD']);
  const dirty = tryRun('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']);
  return {
    cpu: cpus[0]?.model, cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)),
    versions: {
      kassa: project.kassaVersion, commit: commit && (dirty ? `${commit} (with uncommitted changes)` : commit),
      node: process.version, chromium: r.runtimes.chromium?.version, deno: r.runtimes.deno?.version, workerd: r.workerd?.version,
      rustc: tryRun('rustc', ['--version']), wasmBindgen: tryRun('wasm-bindgen', ['--version']), ...libVersions(),
    },
  };
}
