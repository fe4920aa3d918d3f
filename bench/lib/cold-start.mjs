// Cold start: from having the .wasm bytes to the first successful verification, in a fresh process
// (Node, Deno) or a fresh browser context (Chromium), median over several samples.
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

export async function coldStarts(project, { quick, log }) {
  const samples = quick ? 2 : 11;
  const out = {};
  for (const which of ['hmac', 'rsa4096']) {
    const row = {};
    const attempt = async (runtime, f) => {
      try {
        row[runtime] = await f();
        if (row[runtime].samples) log(`${runtime} cold start ${which}: ${row[runtime].samples.join(', ')} ms`);
      } catch (e) {
        row[runtime] = { error: String(e && e.message || e).split('\n').slice(0, 3).join(' ') };
        log(`${runtime} cold start ${which} failed: ${row[runtime].error}`);
      }
    };
    await attempt('node', () => processSamples(process.execPath, ['cold.mjs', project.fixtures, which], project, samples));
    await attempt('deno', () => processSamples(denoBin, ['run', ...denoFlags, 'cold.mjs', project.fixtures, which], project, samples));
    await attempt('chromium', () => chromiumColdStart(project, { samples, which, log }));
    out[which] = row;
  }
  return out;
}
