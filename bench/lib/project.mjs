// The temporary project every runtime measures from: the packed kassa tarball installed with npm
// (exactly what a user gets), the comparison libraries linked from the repository's node_modules,
// the bench code copied beside it, and the fixtures.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeFixtures } from './fixtures.mjs';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const benchDir = path.join(root, 'bench');

export function cargoVersion() {
  return /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8'))[1];
}

const LIBS = ['jsrsasign', 'node-forge', '@noble/hashes'];

export function libVersions() {
  const v = {};
  for (const l of LIBS) v[l] = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', l, 'package.json'), 'utf8')).version;
  return v;
}

export function makeProject({ tarball, baseline }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-bench-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'kassa-bench-run', private: true, type: 'module' }));
  execFileSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const installed = path.join(dir, 'node_modules/kassa');
  if (!fs.existsSync(path.join(installed, 'kassa_bg.wasm'))) throw new Error(`npm install ${tarball} did not install kassa`);
  if (baseline) {
    // Another build of the package beside it, as `kassa-baseline`: every runtime then measures both
    // side by side in the same interleaved batches (rows "... (baseline)").
    execFileSync('npm', ['install', `kassa-baseline@file:${baseline}`, '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'],
      { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  for (const l of LIBS) {
    const dest = path.join(dir, 'node_modules', l);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules', l), dest);
  }
  fs.cpSync(path.join(benchDir, 'lib'), path.join(dir, 'lib'), { recursive: true });
  for (const f of fs.readdirSync(path.join(benchDir, 'runners'))) fs.copyFileSync(path.join(benchDir, 'runners', f), path.join(dir, f));
  fs.cpSync(path.join(benchDir, 'workerd'), path.join(dir, 'workerd'), { recursive: true });
  const fx = makeFixtures(dir);
  const fixtures = path.join(dir, 'fixtures.json');
  fs.writeFileSync(fixtures, JSON.stringify(fx));
  const kassaVersion = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).version;
  return { dir, fixtures, fx, installed, wasm: path.join(installed, 'kassa_bg.wasm'),
    verifyWasm: path.join(installed, 'verify/kassa_verify_bg.wasm'), kassaVersion, baseline: Boolean(baseline) };
}
