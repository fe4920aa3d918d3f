// Deno (`deno` export condition): Deno imports the .wasm as a module and links its imports itself,
// with no permission needed.
import * as wasm from './kassa_sandbox_bg.wasm';
import { __wbg_set_wasm } from './kassa_sandbox_bg.js';

__wbg_set_wasm(wasm);
wasm.__wbindgen_start?.();

export * from './sandbox.mjs';
