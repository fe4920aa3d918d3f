// Node.js, `import { createSandbox } from 'kassa-sandbox'`: the .wasm next to this file is read
// and compiled synchronously, so the import resolves ready to use.
import { readFileSync } from 'node:fs';
import { adopt, imports } from './init.mjs';

const compiled = new WebAssembly.Module(readFileSync(new URL('./kassa_sandbox_bg.wasm', import.meta.url)));
adopt(new WebAssembly.Instance(compiled, imports));

export * from './sandbox.mjs';
