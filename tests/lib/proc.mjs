// Child processes for tests: run to completion with a time limit, or start a server and wait until
// an HTTP URL answers. Every wait is bounded.
import { spawn } from 'node:child_process';
import * as net from 'node:net';

/** Runs a command; resolves `{ code, stdout, stderr }`; kills it after `timeoutMs`. */
export function run(cmd, args, { cwd, env, timeoutMs = 120_000, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + String(err) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers (any status), `timeoutMs` passes or `gaveUp()` says the server died;
 * throws with the server's output. */
export async function waitForHttp(url, { timeoutMs = 20_000, output = () => '', gaveUp = () => false } = {}) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !gaveUp()) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer${gaveUp() ? ' (the server exited)' : ` within ${timeoutMs} ms`}\n${output()}`);
}
