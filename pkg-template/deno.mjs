// Deno (`deno` export condition, used for `npm:kassa` and for node_modules installs).
//
// Shaped so: Deno 2 implements the WebAssembly ES-module integration, so the .wasm is imported as a
// module; Deno compiles it and links its imports ("./kassa_bg.js", the wasm-bindgen glue) itself.
// Reading the file instead would need `--allow-read`; an import needs no permission at all, and the
// module is ready when the import resolves (no top-level await, no init()).
import * as wasm from './kassa_bg.wasm';
import { __wbg_set_wasm } from './kassa_bg.js';

__wbg_set_wasm(wasm);
wasm.__wbindgen_start();

export * from './api.mjs';
