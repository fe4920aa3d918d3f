// Node.js, `import 'kassa'`.
//
// Shaped so: Node can read the .wasm file synchronously next to this file, and compiling a module of
// this size synchronously takes a few milliseconds, so the package is ready when the import resolves:
// no top-level await and no `init()` for the user to call. `import.meta.url` locates the file
// wherever npm, pnpm or a monorepo put the package.
import { readFileSync } from 'node:fs';
import { instantiateModule } from './init.mjs';

instantiateModule(new WebAssembly.Module(readFileSync(new URL('./kassa_bg.wasm', import.meta.url))));

export * from './api.mjs';
