// Cloudflare Workers (workerd), selected by the `workerd` export condition (wrangler and other
// bundlers for Workers set it).
//
// Shaped so: workerd forbids compiling WebAssembly from bytes at run time; a .wasm file must be a
// module of the worker, and importing it yields an already compiled `WebAssembly.Module`. wrangler
// (and any esbuild setup that keeps `.wasm` imports as modules) uploads kassa_bg.wasm that way.
// Instantiating a compiled module is synchronous and allowed, so the package is ready at import.
import wasmModule from './kassa_bg.wasm';
import { instantiateModule } from './init.mjs';

instantiateModule(wasmModule);

export * from './api.mjs';
