// Starts kassa-sandbox for a Node test or the demo and resolves its startup JSON line.
//
//   import { startSandbox } from '../../sandbox/start.mjs';
//   const sb = await startSandbox({ args: ['--callback-interval-ms', '100'] });
//   sb.info.rbs.baseUrl ... ; await sb.stop();
//
// Uses target/debug/kassa-sandbox (or KASSA_SANDBOX_BIN), building it with cargo once when missing.
// Every wait is bounded; the child is killed on stop() and when this process exits.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The emulator binary, built when missing. */
export function sandboxBinary() {
  const bin = process.env.KASSA_SANDBOX_BIN || path.join(root, 'target/debug/kassa-sandbox');
  if (!fs.existsSync(bin)) {
    const r = spawnSync('cargo', ['build', '-p', 'kassa-sandbox'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('cargo build -p kassa-sandbox failed');
  }
  return bin;
}

/**
 * Starts the emulator on a free port. Options: `args` (extra flags), `port` (default 0),
 * `quiet` (default true: no per-request log lines), `timeoutMs` (default 30 s).
 * Resolves `{ info, baseUrl, child, stop() }`.
 */
export function startSandbox({ args = [], port = 0, quiet = true, timeoutMs = 30_000, stdio = 'ignore' } = {}) {
  const flags = ['--port', String(port), ...(quiet ? ['--quiet'] : []), ...args];
  const child = spawn(sandboxBinary(), flags, { stdio: ['ignore', 'pipe', stdio] });
  const kill = () => child.kill('SIGTERM');
  process.once('exit', kill);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { kill(); reject(new Error('kassa-sandbox printed no startup line')); }, timeoutMs);
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`kassa-sandbox exited (${code})`)); });
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const info = JSON.parse(line);
      const stop = () => new Promise((done) => {
        process.removeListener('exit', kill);
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        kill();
      });
      resolve({ info, baseUrl: info.baseUrl, child, stop });
    });
  });
}

// `node sandbox/start.mjs [flags]`: run it in the foreground and print the startup line.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const sb = await startSandbox({ args: process.argv.slice(2), quiet: false, stdio: 'inherit' });
  console.log(JSON.stringify(sb.info));
  const stop = () => sb.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
