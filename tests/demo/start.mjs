// Starts the demo exactly as `make demo` does after building (node scripts/demo.mjs) and stops it
// the way a user does (SIGINT, i.e. Ctrl-C). Every wait is bounded.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** Resolves to `{ url, child, output() }` once the one `kassa demo: URL` line is printed. */
export function startDemo(root, { timeoutMs = 900_000 } = {}) {
  // The first start may build kassa-sandbox with cargo: hence the long bound.
  const child = spawn(process.execPath, [path.join(root, 'scripts/demo.mjs')], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGINT'); reject(new Error(`no URL printed within ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
    exited.then((code) => { clearTimeout(timer); reject(new Error(`scripts/demo.mjs exited with ${code} before printing its URL:\n${out}`)); });
    const onData = (d) => {
      out += d;
      const lines = out.match(/kassa demo: http:\/\/\S+/g) ?? [];
      const m = /kassa demo: (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, exited, urlLines: lines.length, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

/** Ctrl-C; resolves to the exit code (SIGKILL after 15 s, then the code is 'SIGKILL'). */
export async function stopDemo(demo) {
  if (!demo) return undefined;
  if (demo.child.exitCode === null && demo.child.signalCode === null) demo.child.kill('SIGINT');
  const timer = setTimeout(() => demo.child.kill('SIGKILL'), 15_000);
  const code = await demo.exited;
  clearTimeout(timer);
  return code;
}
