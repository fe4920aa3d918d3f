// Deno (`deno` export condition, used for `npm:kassa` and for node_modules installs).
//
// Shaped so: Deno reads the .wasm next to this file synchronously with `Deno.readFileSync` and a
// file URL from `import.meta.url` (the package sits in Deno's npm cache or in node_modules), then
// compiles and instantiates synchronously: the module is ready when the import resolves, and no
// permission beyond reading the package's own files is needed.
import { instantiateModule } from './init.mjs';

instantiateModule(new WebAssembly.Module(Deno.readFileSync(new URL('./kassa_bg.wasm', import.meta.url))));

export * from './api.mjs';
