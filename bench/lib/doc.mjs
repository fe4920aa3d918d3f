// The README's "Performance" section, generated from results.json by `make bench`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fmtNum, fmtTarget, groupRows } from './report.mjs';
import { notes, findings } from '../notes.mjs';
import { noteKey } from './explain.mjs';

const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const RUNTIME_NAMES = { node: 'Node', chromium: 'Chromium (headless)', deno: 'Deno' };

export function render(r) {
  const m = r.machine;
  const v = m.versions;
  const out = [];
  out.push('## Performance', '');
  out.push(`Measured by \`make bench\` (bench/run.mjs) on ${r.startedAt.slice(0, 10)}, through the packed npm package (\`kassa-${r.kassa}.tgz\` installed`
    + ' with npm into a temporary project; nothing imports the crate directly), side by side with what you would use instead, in the same run.'
    + ' Each figure is the median of 5 batches of at least 1 s after a warm-up; the implementations of one comparison run their batches'
    + ' interleaved so machine noise falls on all of them alike. Every implementation must accept the genuine input and reject a tampered'
    + ' one before it is timed. Keys are fresh openssl RSA keys; signatures and HMACs of the fixtures come from node:crypto.'
    + ' Raw data: [bench/results.json](bench/results.json).', '');
  out.push(table(['machine', ''], [
    ['CPU', `${m.cpu} × ${m.cores}`], ['memory', `${m.memoryGiB} GiB`], ['OS', m.os],
    ['load average at the end', `${m.loadAverageAtEnd.join(', ')}${m.loadAverageAtEnd[0] > m.cores ? ' (the machine was busy with other work: absolute times are inflated; the side-by-side ratios much less so)' : ''}`],
    ['kassa', `${v.kassa} (${v.commit})`], ['Node', v.node], ['Chromium', v.chromium ?? '—'], ['Deno', v.deno ?? '—'], ['workerd', v.workerd ?? '—'],
    ['Rust / wasm-bindgen', `${v.rustc} / ${v.wasmBindgen}`],
    ['compared with', `jsrsasign ${v.jsrsasign}, node-forge ${v['node-forge']}, @noble/hashes ${v['@noble/hashes']}`],
  ]), '');

  out.push('### Targets', '');
  out.push(table(['target', 'measured', 'goal', 'status'], r.targets.map((t) => { const f = fmtTarget(t); return [t.what, f.v, f.g, f.status]; })), '');
  const unmet = r.targets.filter((t) => t.met === false);
  if (unmet.length) {
    out.push('### Where a target is not met', '');
    // One paragraph per explanation, after the targets it covers.
    const groups = new Map();
    for (const t of unmet) {
      const key = noteKey(t.id) ?? `none:${t.id}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(t);
    }
    for (const [key, ts] of groups) {
      for (const t of ts) out.push(`- **${t.what}**: ${fmtTarget(t).v} against ${fmtTarget(t).g} (${t.shortBy}).`);
      out.push('', key.startsWith('none:') ? 'No explanation recorded yet.' : notes[key], '');
    }
  }

  if (findings.length) {
    out.push('### Other findings', '');
    for (const f of findings) out.push(`- ${f}`);
    out.push('');
  }

  out.push('### Verification and signing, operations per second', '');
  out.push('"kassa ÷ this" above 1 means kassa is faster. "(async)" rows are awaited one by one.', '');
  for (const [rt, res] of Object.entries(r.runtimes)) {
    if (!res) continue;
    out.push(`#### ${RUNTIME_NAMES[rt] ?? rt} (${res.version})`, '');
    for (const g of res.groups) {
      out.push(`${g.title}`, '');
      out.push(table(['implementation', 'ops/s', 'µs/op', 'kassa ÷ this'], groupRows(g)), '');
      const notesHere = g.results.filter((x) => x.note).map((x) => `${x.impl}: ${x.note}`);
      if (notesHere.length) out.push(`Note: ${notesHere.join('; ')}.`, '');
    }
  }

  if (r.workerd) {
    out.push(`### End to end in workerd (${r.workerd.version})`, '');
    out.push(`The same RBS callback endpoint as a Cloudflare Worker, once with kassa and once with WebCrypto only, bundled with esbuild`
      + ` (conditions workerd/worker/browser, kassa's .wasm kept as a separate Wasm module as wrangler does) and driven by a load generator on`
      + ` 127.0.0.1 with ${r.workerd.connections} keep-alive connections (median of 5 one-second batches).`, '');
    for (const g of r.workerd.groups) {
      const k = g.results.find((x) => x.impl === 'kassa')?.rps;
      out.push(g.title, '');
      out.push(table(['worker', 'requests/s', 'kassa ÷ this'], g.results.map((x) => [x.impl, fmtNum(x.rps), k ? `${(k / x.rps).toFixed(2)}x` : '—'])), '');
    }
  }

  if (r.coldStart) {
    out.push('### Cold start', '');
    out.push('From having the .wasm bytes to the first successful verification: `import(\'kassa\')` (the package\'s own loader: compile and'
      + ' instantiate), build the verifier, verify once. A fresh process per sample in Node and Deno (the bytes already read); a fresh browser'
      + ' context per sample in Chromium (the package served from 127.0.0.1, no cache). Median ms; in brackets the import alone.', '');
    const rows = [];
    for (const [c, row] of Object.entries(r.coldStart)) {
      if (c === 'entries') continue; // per-entry rows: bench/lib/cold-start.mjs, docs/ARCHITECTURE.md
      rows.push([c === 'hmac' ? 'RBS HMAC callback' : 'Cashier RSA-4096 webhook',
        ...['node', 'chromium', 'deno'].map((rt) => (row[rt]?.error ? 'error' : `${fmtNum(row[rt]?.ms)} (${fmtNum(row[rt]?.importMs)})`))]);
    }
    out.push(table(['first verification', 'Node', 'Chromium', 'Deno'], rows), '');
    const floor = r.coldStart.entries?.find((e) => e.entry === 'floor')?.chromium;
    if (Number.isFinite(floor?.ms)) {
      out.push(`The harness floor in Chromium: a module that only fetches kassa/verify's .wasm and compiles nothing takes ${fmtNum(floor.ms)} ms`
        + ' in the same fresh contexts (the `floor` row of bench/lib/cold-start.mjs), before any kassa code runs; every Chromium figure above and'
        + ' in the entry table includes it.', '');
    }
  }

  if (r.size) {
    const s = r.size;
    out.push('### Size', '');
    out.push(`kassa_bg.wasm: ${s.rawBytes.toLocaleString('en-US')} B raw, ${s.gzipBytes.toLocaleString('en-US')} B gzip -9, ${s.brotliBytes.toLocaleString('en-US')} B brotli.`, '');
    if (s.twiggy?.byCrate) {
      out.push(`Biggest contributors (${s.twiggy.version}, \`twiggy top\` on ${s.twiggy.source}):`, '');
      out.push(table(['crate', 'bytes', '%'], s.twiggy.byCrate.slice(0, 10).map((c) => [c.crate, c.bytes.toLocaleString('en-US'), c.percent])), '');
      out.push(table(['function', 'bytes'], s.twiggy.top.slice(0, 10).map((f) => [`\`${f.name.replace(/\|/g, '\\|')}\``, f.bytes.toLocaleString('en-US')])), '');
    } else if (s.twiggy?.skipped) {
      out.push(`twiggy: ${s.twiggy.skipped}.`, '');
    }
  }
  out.push('Reproduce: `make bench` (or `cargo build --release --target wasm32-unknown-unknown && node scripts/build-pkg.mjs && node bench/run.mjs`).', '');
  return out.join('\n');
}

export const BEGIN = '<!-- bench:begin (generated by bench/run.mjs from bench/results.json: edit bench/notes.mjs, not this) -->';
export const END = '<!-- bench:end -->';

/** Replaces the README's Performance section (between BEGIN and END) with the rendered results. */
export function writeDoc(r, readme) {
  const text = fs.readFileSync(readme, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${readme} has no ${BEGIN} ... ${END} region for the results`);
  fs.writeFileSync(readme, `${text.slice(0, begin)}${BEGIN}\n${render(r).trim()}\n${text.slice(end)}`);
}
