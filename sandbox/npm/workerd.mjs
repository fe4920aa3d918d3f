// Cloudflare Workers (`workerd` export condition): workerd compiles no WebAssembly from bytes, so
// the .wasm is a module of the worker (wrangler uploads it so) and arrives compiled.
import compiled from './kassa_sandbox_bg.wasm';
import { adopt, imports } from './init.mjs';

adopt(new WebAssembly.Instance(compiled, imports));

export * from './sandbox.mjs';
