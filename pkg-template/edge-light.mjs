// The Vercel edge runtime (`edge-light` export condition: Next.js middleware and edge routes,
// the `edge-runtime` package).
//
// Shaped so: like workerd, the edge runtime refuses to compile WebAssembly from bytes at run time.
// Vercel's bundler turns an import of `*.wasm?module` into a compiled `WebAssembly.Module` that
// the runtime provides, which this loader instantiates synchronously: no await, no init().
import wasmModule from './kassa_bg.wasm?module';
import { instantiateModule } from './init.mjs';

instantiateModule(wasmModule);

export * from './api.mjs';
