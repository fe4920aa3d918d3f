// Fresh temporary projects for the runtime matrix: each gets its own package.json, the packed
// tarball installed with npm (exactly as a user installs it) and a copy of the portable cases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../lib/proc.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);

/** Creates `dir` with the tarball installed; `type` is 'module' or 'commonjs'. */
export async function makeProject(dir, tarball, { type = 'module' } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'),
    JSON.stringify({ name: `kassa-matrix-${path.basename(dir)}`, private: true, type }, null, 2));
  const r = await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tarball], { cwd: dir });
  if (r.code !== 0) throw new Error(`npm install of ${tarball} failed:\n${r.stderr}`);
  fs.cpSync(path.join(here, 'cases'), path.join(dir, 'cases'), { recursive: true });
  return dir;
}

/** Parses the JSON results a target printed on its last line of `KASSA_RESULTS ...`. */
export function parseResults(stdout, stderr) {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith('KASSA_RESULTS '));
  if (!line) throw new Error(`no results printed\nstdout:\n${stdout.slice(-3000)}\nstderr:\n${stderr.slice(-3000)}`);
  return JSON.parse(line.slice('KASSA_RESULTS '.length));
}
