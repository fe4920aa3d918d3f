// Builds the demo's merchant backend the way wrangler would (esbuild with the `workerd` export
// condition, kassa_bg.wasm kept as a compiled-wasm module) and starts it in workerd. The emulator's
// credentials reach the worker as a JSON module generated here, never through the page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { wasmModules, startWorkerd } from '../tests/runtime/targets/workerd.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);

/** workerd's config: like the runtime matrix's, plus an outbound network that reaches loopback only
 * (workerd's default outbound refuses private and local addresses, and the emulator is on 127.0.0.1). */
function capnpConfig(port, modules) {
  const mods = modules.map((m) => `(name = "${m.name}", ${m.kind} = embed "${m.name}")`).join(',\n      ');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
      ${mods}
  ],
  compatibilityDate = "2026-10-01",
  globalOutbound = "loopback",
);
`;
}

/**
 * Bundles demo/worker.mjs with `config` into `dir` and serves it on 127.0.0.1:`port`.
 * `pkgDir` is the built npm package (pkg/); the worker imports it as `kassa`.
 * Resolves to `{ url, stop(), output() }` (see startWorkerd).
 */
export async function startDemoWorker({ dir, port, pkgDir, config }) {
  const modulesDir = path.join(dir, 'node_modules');
  fs.mkdirSync(modulesDir, { recursive: true });
  fs.symlinkSync(path.resolve(pkgDir), path.join(modulesDir, 'kassa'), 'dir');
  const entry = path.join(dir, 'entry.mjs');
  fs.writeFileSync(
    entry,
    `import { createWorker } from ${JSON.stringify(path.join(here, 'worker.mjs'))};\n` +
      `export default createWorker(${JSON.stringify(config)});\n`,
  );
  const out = path.join(dir, 'dist');
  fs.mkdirSync(out, { recursive: true });
  const wasm = new Set();
  await esbuild.build({
    entryPoints: [entry], outfile: path.join(out, 'worker.js'), absWorkingDir: dir,
    bundle: true, format: 'esm', platform: 'neutral', target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'],
    nodePaths: [modulesDir], plugins: [wasmModules(out, wasm)], logLevel: 'error',
  });
  const modules = [{ name: 'worker.js', kind: 'esModule' }, ...[...wasm].map((name) => ({ name, kind: 'wasm' }))];
  fs.writeFileSync(path.join(out, 'config.capnp'), capnpConfig(port, modules));
  return startWorkerd(out, port);
}
