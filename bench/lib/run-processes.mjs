// Node and Deno suites, each in its own fresh process started in the temporary project.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './project.mjs';

export const denoBin = path.join(root, 'node_modules/.bin/deno');
export const denoFlags = ['--allow-read', '--allow-write', '--allow-env', '--no-prompt'];

function runSuiteProcess(cmd, args, project, name, { quick, log }) {
  const out = path.join(project.dir, `${name}-results.json`);
  log(`${name}: suite`);
  execFileSync(cmd, [...args, project.fixtures, out, ...(quick ? ['--quick'] : [])],
    { cwd: project.dir, stdio: ['ignore', 'inherit', 'inherit'], timeout: quick ? 120_000 : 900_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' } });
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

export function runNode(project, opts) {
  const r = runSuiteProcess(process.execPath, ['node.mjs'], project, 'node', opts);
  r.version = process.version;
  return r;
}

export function runDeno(project, opts) {
  const r = runSuiteProcess(denoBin, ['run', ...denoFlags, 'deno.mjs'], project, 'deno', opts);
  r.version = execFileSync(denoBin, ['--version']).toString().split('\n')[0];
  return r;
}
