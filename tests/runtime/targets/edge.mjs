// The Vercel edge runtime (the npm `edge-runtime` package). Like Vercel's bundler, esbuild resolves
// the `edge-light` condition and turns the `*.wasm?module` import into a `WebAssembly.Module` that the
// runtime provides as a global; the VM refuses to compile WebAssembly from bytes (as Vercel does), so
// a loader that tried would fail here. The worker answers a real HTTP request on 127.0.0.1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { EdgeRuntime, runServer } from 'edge-runtime';
import { makeProject } from '../project.mjs';
import { esmImports } from '../tools.mjs';

const HANDLER = (env) => `${esmImports()}
import { runAll } from './cases/index.mjs';
const env = ${JSON.stringify({ ...env, runtime: 'edge-light' })};
addEventListener('fetch', (event) => {
  event.respondWith(runAll(kassa, env, entries).then((r) => Response.json(r)));
});
`;

const globalName = (file) => `__wasm_${path.basename(file).replace(/\W/g, '_')}`;

export async function edge(dir, tarball, env) {
  await makeProject(dir, tarball);
  fs.writeFileSync(path.join(dir, 'handler.mjs'), HANDLER(env));
  const wasm = new Map();
  const result = await esbuild.build({
    entryPoints: [path.join(dir, 'handler.mjs')], absWorkingDir: dir, write: false,
    bundle: true, format: 'iife', platform: 'neutral', target: 'es2022',
    conditions: ['edge-light', 'worker', 'browser'], mainFields: ['module', 'main'], logLevel: 'error',
    plugins: [{
      name: 'vercel-wasm-module',
      setup(build) {
        build.onResolve({ filter: /\.wasm\?module$/ }, (args) => {
          const file = path.resolve(args.resolveDir, args.path.replace(/\?module$/, ''));
          wasm.set(globalName(file), file);
          return { path: file, namespace: 'wasm-global' };
        });
        build.onLoad({ filter: /.*/, namespace: 'wasm-global' }, (args) => ({
          contents: `export default globalThis[${JSON.stringify(globalName(args.path))}];`, loader: 'js',
        }));
      },
    }],
  });
  const runtime = new EdgeRuntime({
    initialCode: result.outputFiles[0].text,
    codeGeneration: { strings: false, wasm: false },
    extend(context) {
      for (const [name, file] of wasm) context[name] = new WebAssembly.Module(fs.readFileSync(file));
      return context;
    },
  });
  const server = await runServer({ runtime, port: 0, host: '127.0.0.1' });
  try {
    const res = await fetch(server.url, { signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`edge handler answered HTTP ${res.status}: ${text}`);
    return JSON.parse(text);
  } finally {
    await server.close();
  }
}
