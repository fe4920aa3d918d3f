// Cold start: from having the .wasm bytes to the first successful job, in a fresh process (Node,
// Deno) or a fresh browser context (Chromium), median over several samples.
//
// The top-level rows (`hmac`, `rsa4096`) import the root `kassa`, as before the entries existed.
// `entries` (issue 14) measures through the entries, with targets and `met`: the first verification
// through `kassa/verify` (Node ≤ 10 ms, Chromium ≤ 30 ms) and the first `toHtml()` through
// `kassa/forms` (Chromium ≤ 25 ms); and, for the root-as-module vs re-export choice
// (docs/ARCHITECTURE.md), the first verification after importing all four entries (`reexport`).
// `floor` (Chromium only, no goal) imports a module that only fetches kassa/verify's .wasm: what the
// harness itself costs (fresh context, two requests) before any kassa code runs.
import { execFileSync } from 'node:child_process';
import { median } from './measure.mjs';
import { denoBin, denoFlags } from './run-processes.mjs';
import { chromiumColdStart } from './run-chromium.mjs';

function processSamples(cmd, args, project, samples) {
  const runs = [];
  for (let i = 0; i < samples + 1; i++) {
    const out = execFileSync(cmd, args, { cwd: project.dir, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' } }).toString().trim().split('\n').pop();
    if (i > 0) runs.push(JSON.parse(out)); // the first sample only warms the file cache
  }
  return { ms: median(runs.map((x) => x.totalMs)), importMs: median(runs.map((x) => x.importMs)),
    firstVerifyMs: median(runs.map((x) => x.firstVerifyMs)), used: runs[0].used, samples: runs.map((x) => +x.totalMs.toFixed(2)) };
}

/** The entry rows: which entry, which first job, and the goal per runtime (ms; null: reported only). */
export const ENTRY_COLD = [
  { entry: 'kassa/verify', which: 'hmac', goals: { node: 10, deno: null, chromium: 30 } },
  { entry: 'kassa/verify', which: 'rsa4096', goals: { node: 10, deno: null, chromium: 30 } },
  { entry: 'kassa/forms', which: 'forms', goals: { node: null, deno: null, chromium: 25 } },
  { entry: 'kassa', which: 'forms', goals: { node: null, deno: null, chromium: null } },
  { entry: 'reexport', which: 'hmac', goals: { node: null, deno: null, chromium: null } },
  { entry: 'floor', which: 'none', goals: { chromium: null }, runtimes: ['chromium'] },
];

export async function coldStarts(project, { quick, log }) {
  const samples = quick ? 2 : 11;
  const out = {};
  const measure = async (row, which, entry, runtimes = ['node', 'deno', 'chromium']) => {
    const attempt = async (runtime, f) => {
      try {
        row[runtime] = await f();
        if (row[runtime].samples) log(`${runtime} cold start ${entry} ${which}: ${row[runtime].samples.join(', ')} ms`);
      } catch (e) {
        row[runtime] = { error: String(e && e.message || e).split('\n').slice(0, 3).join(' ') };
        log(`${runtime} cold start ${entry} ${which} failed: ${row[runtime].error}`);
      }
    };
    if (runtimes.includes('node')) await attempt('node', () => processSamples(process.execPath, ['cold.mjs', project.fixtures, which, entry], project, samples));
    if (runtimes.includes('deno')) await attempt('deno', () => processSamples(denoBin, ['run', ...denoFlags, 'cold.mjs', project.fixtures, which, entry], project, samples));
    // chromiumColdStart puts `which` into cold.html's query string.
    if (runtimes.includes('chromium')) await attempt('chromium', () => chromiumColdStart(project, { samples, which: `${which}&entry=${encodeURIComponent(entry)}`, log }));
  };
  for (const which of ['hmac', 'rsa4096']) {
    out[which] = {};
    await measure(out[which], which, 'kassa');
  }
  out.entries = [];
  for (const e of ENTRY_COLD) {
    const row = { entry: e.entry, case: e.which };
    await measure(row, e.which, e.entry, e.runtimes);
    for (const [rt, goal] of Object.entries(e.goals)) {
      if (goal === null || !row[rt]) continue;
      row[rt].goal = goal;
      row[rt].met = Number.isFinite(row[rt].ms) ? row[rt].ms <= goal : null;
    }
    out.entries.push(row);
  }
  return out;
}
