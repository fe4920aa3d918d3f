// Browsers and bundlers (`browser` and `default` export conditions): Vite, webpack, esbuild,
// Rollup, and plain `<script type="module">` with an import map or a relative path.
//
// Shaped so: a page cannot read files synchronously, and Chrome refuses synchronous compilation
// of modules over 8 MB on the main thread, so the .wasm is fetched and compiled with streaming
// compilation under a top-level await. Importers need no `init()`: the import resolves when kassa
// is ready. `new URL('./kassa_bg.wasm', import.meta.url)` is the form bundlers recognise as an asset
// (Vite and webpack 5 copy and fingerprint the file). In Vite's dev server, exclude kassa from
// dependency pre-bundling (`optimizeDeps: { exclude: ['kassa'] }`) so that URL keeps pointing at the
// package. A server that sends the .wasm without `application/wasm` still works: the bytes are
// compiled without streaming then.
import { imports, adopt } from './init.mjs';

const url = new URL('./kassa_bg.wasm', import.meta.url);
const response = await fetch(url);
if (!response.ok) {
  throw new Error(`kassa: could not load ${url} (HTTP ${response.status}); serve kassa_bg.wasm next to browser.mjs`);
}
let result;
try {
  if (typeof WebAssembly.instantiateStreaming === 'function' &&
      (response.headers.get('content-type') || '').startsWith('application/wasm')) {
    result = await WebAssembly.instantiateStreaming(response, imports);
  } else {
    result = await WebAssembly.instantiate(await response.arrayBuffer(), imports);
  }
} catch (e) {
  // An engine older than a WebAssembly feature the module uses: say which, and what loads instead
  // (scripts/build-pkg.mjs puts in each entry's own sentence: entries.mjs `compileHint`).
  if (e instanceof WebAssembly.CompileError) {
    throw new Error(`kassa: this browser could not compile ${url} (${e.message}). ${KASSA_COMPILE_HINT}`, { cause: e });
  }
  throw e;
}
adopt(result.instance);

export * from './api.mjs';
