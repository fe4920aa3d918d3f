// Browsers and bundlers: the .wasm is fetched next to this module and compiled (streaming when
// served as application/wasm) under a top-level await, so the import resolves ready to use.
import { adopt, imports } from './init.mjs';

const url = new URL('./kassa_sandbox_bg.wasm', import.meta.url);
const response = await fetch(url);
if (!response.ok) throw new Error(`kassa-sandbox: could not load ${url} (HTTP ${response.status})`);
const streaming = typeof WebAssembly.instantiateStreaming === 'function' &&
  (response.headers.get('content-type') || '').startsWith('application/wasm');
const { instance } = streaming
  ? await WebAssembly.instantiateStreaming(response, imports)
  : await WebAssembly.instantiate(await response.arrayBuffer(), imports);
adopt(instance);

export * from './sandbox.mjs';
