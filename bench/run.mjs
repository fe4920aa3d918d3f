#!/usr/bin/env node
// kassa benchmarks, through the packed npm package, side by side with what users would use instead.
//
//   node bench/run.mjs            full run: writes bench/results.json and README.md's Performance section
//   node bench/run.mjs --quick    proves the harness works (tiny batches, no twiggy install, no files
//                                 written in the repo); checks that every row has a number
//   --tarball PATH                the package to measure (default pkg/kassa-<Cargo version>.tgz)
//   --cargo-wasm PATH             the cargo build of that package, for twiggy's names (default
//                                 target/wasm32-unknown-unknown/release/kassa.wasm)
//   --only node,chromium,deno,workerd,cold,size   a subset (for working on the harness)
//   --baseline PATH               another package build measured beside it in the same interleaved
//                                 batches (rows "kassa ... (baseline)"; Node, Deno, Chromium); the
//                                 results then go to a temporary file (or --out), never the repo
//   --out PATH                    write the results there instead of bench/results.json and README.md
//   --doc-only                    regenerate README.md's Performance section from bench/results.json (after editing notes.mjs)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject, root, cargoVersion } from './lib/project.mjs';
import { runNode, runDeno } from './lib/run-processes.mjs';
import { runChromium } from './lib/run-chromium.mjs';
import { runWorkerd } from './lib/run-workerd.mjs';
import { coldStarts } from './lib/cold-start.mjs';
import { sizeReport } from './lib/size.mjs';
import { evaluate, printTable, quickChecks, machineInfo } from './lib/report.mjs';
import { writeDoc } from './lib/doc.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const only = opt('--only')?.split(',');
const want = (x) => !only || only.includes(x);
const tarball = path.resolve(opt('--tarball') || path.join(root, 'pkg', `kassa-${cargoVersion()}.tgz`));
const baseline = opt('--baseline') && path.resolve(opt('--baseline'));
const outFile = opt('--out') && path.resolve(opt('--out'));
const log = (m) => console.error(m);

if (args.includes('--doc-only')) {
  // Regenerates README.md's Performance section from bench/results.json (after editing bench/notes.mjs), no measuring.
  writeDoc(JSON.parse(fs.readFileSync(path.join(root, 'bench/results.json'), 'utf8')), path.join(root, 'README.md'));
  console.error('wrote the Performance section of README.md from bench/results.json');
  process.exit(0);
}

if (!fs.existsSync(tarball)) {
  console.error(`missing ${tarball}: build it first with\n  cargo build --release --target wasm32-unknown-unknown && node scripts/build-pkg.mjs`);
  process.exit(2);
}

const started = Date.now();
log(`kassa bench${quick ? ' (quick mode: proves the harness, timings meaningless)' : ''}: ${path.relative(root, tarball)}`);
const project = makeProject({ tarball, baseline });
if (opt('--cargo-wasm')) project.cargoWasm = path.resolve(opt('--cargo-wasm'));
log(`project: ${project.dir}`);

const results = { quick, startedAt: new Date(started).toISOString(), kassa: project.kassaVersion, runtimes: {}, errors: [] };
const attempt = async (name, f) => {
  try {
    return await f();
  } catch (e) {
    log(`${name} failed: ${e && e.stack || e}`);
    results.errors.push(`${name}: ${e && e.message || e}`);
    return null;
  }
};

if (want('node')) results.runtimes.node = await attempt('node', () => runNode(project, { quick, log }));
if (want('chromium')) results.runtimes.chromium = await attempt('chromium', () => runChromium(project, { quick, log }));
if (want('deno')) results.runtimes.deno = await attempt('deno', () => runDeno(project, { quick, log }));
if (want('workerd')) results.workerd = await attempt('workerd', () => runWorkerd(project, { quick, log }));
if (want('cold')) results.coldStart = await attempt('cold start', () => coldStarts(project, { quick, log }));
if (want('size')) results.size = await attempt('size', () => sizeReport(project, { quick, log }));

results.machine = await machineInfo(project, results);
results.targets = evaluate(results);
results.durationSec = Math.round((Date.now() - started) / 1000);
printTable(results);

if (quick) {
  const out = path.join(path.dirname(project.dir), 'kassa-bench-quick-results.json');
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  fs.rmSync(project.dir, { recursive: true, force: true });
  log(`quick results (not committed): ${out}`);
  const { passed, failed } = quickChecks(results, { only });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
} else if (outFile || baseline) {
  // A comparison run: its own file, never the committed results or the README.
  const out = outFile || path.join(path.dirname(project.dir), 'kassa-bench-baseline-results.json');
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  fs.rmSync(project.dir, { recursive: true, force: true });
  log(`results (not committed): ${out}`);
} else {
  fs.writeFileSync(path.join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
  writeDoc(results, path.join(root, 'README.md'));
  log('wrote bench/results.json and the Performance section of README.md');
  fs.rmSync(project.dir, { recursive: true, force: true });
}
