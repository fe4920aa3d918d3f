// Cloudflare workerd (the npm `workerd` binary): the project is bundled the way wrangler does it
// (esbuild, conditions workerd/worker/browser, `.wasm` imports kept as separate compiled-wasm
// modules), served by workerd on 127.0.0.1, and the test sends it a real HTTP request.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { makeProject } from '../project.mjs';
import { freePort, waitForHttp } from '../../lib/proc.mjs';
import { spawn } from 'node:child_process';
import { bin, esmImports } from '../tools.mjs';

const WORKER = (env) => `${esmImports()}
import { runAll } from './cases/index.mjs';
const env = ${JSON.stringify({ ...env, runtime: 'workerd' })};
export default {
  async fetch(request) {
    if (new URL(request.url).pathname !== '/run') return new Response('ok');
    return Response.json(await runAll(kassa, env, entries));
  },
};
`;

/** esbuild plugin: every `*.wasm` import becomes an external module named after the file, copied to `outdir`. */
export function wasmModules(outdir, names) {
  return {
    name: 'wasm-modules',
    setup(build) {
      build.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const file = path.resolve(args.resolveDir, args.path.replace(/\?module$/, ''));
        const name = path.basename(file);
        fs.copyFileSync(file, path.join(outdir, name));
        names.add(name);
        return { path: name, external: true };
      });
    },
  };
}

export function capnpConfig(port, modules) {
  const mods = modules.map((m) => `(name = "${m.name}", ${m.kind} = embed "${m.name}")`).join(',\n      ');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
      ${mods}
  ],
  compatibilityDate = "2026-10-01",
);
`;
}

/** Starts workerd with `config.capnp` in `dir`; resolves to `{ url, stop(), output() }`. */
export async function startWorkerd(dir, port) {
  let out = '';
  const child = spawn(bin('workerd'), ['serve', 'config.capnp', '--verbose'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.on('exit', (code) => { exited = true; out += `\n[workerd exited with ${code}]`; });
  const stop = () => { child.kill('SIGKILL'); };
  try {
    await waitForHttp(url, { timeoutMs: 30_000, output: () => out, gaveUp: () => exited });
  } catch (err) {
    stop();
    throw err;
  }
  return { url, stop, output: () => out };
}

export async function workerd(dir, tarball, env) {
  await makeProject(dir, tarball);
  return runWorker(dir, WORKER(env));
}

/** Bundles `source` (a module worker) from `dir` with esbuild, serves it with workerd on a free
 * port, GETs `/run` and answers its JSON (an HTTP error carries the end of workerd's output). */
export async function runWorker(dir, source) {
  fs.writeFileSync(path.join(dir, 'worker.mjs'), source);
  const out = path.join(dir, 'dist');
  fs.mkdirSync(out, { recursive: true });
  const wasm = new Set();
  await esbuild.build({
    entryPoints: [path.join(dir, 'worker.mjs')], outfile: path.join(out, 'worker.js'), absWorkingDir: dir,
    bundle: true, format: 'esm', platform: 'neutral', target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'],
    plugins: [wasmModules(out, wasm)], logLevel: 'error',
  });
  const port = await freePort();
  const modules = [{ name: 'worker.js', kind: 'esModule' }, ...[...wasm].map((name) => ({ name, kind: 'wasm' }))];
  fs.writeFileSync(path.join(out, 'config.capnp'), capnpConfig(port, modules));
  const server = await startWorkerd(out, port);
  try {
    const res = await fetch(`${server.url}/run`, { signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`worker answered HTTP ${res.status}: ${text}\n${server.output().slice(-3000)}`);
    return JSON.parse(text);
  } finally {
    server.stop();
  }
}
