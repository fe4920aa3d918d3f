// Node.js, `require('kassa')`.
//
// Shaped so: CommonJS cannot load the ESM glue (Node 20 has no require() of ESM), so the build
// converts the glue to CommonJS with esbuild (`kassa_bg.cjs`, same code, same import names). The
// .wasm is read and compiled synchronously, so `require` returns a ready module. Only the public
// API is exported; the glue's `__wbg*` internals stay private.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const bg = require('./kassa_bg.cjs');

const module_ = new WebAssembly.Module(readFileSync(join(__dirname, 'kassa_bg.wasm')));
const instance = new WebAssembly.Instance(module_, { './kassa_bg.js': bg });
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

for (const name of Object.keys(bg)) {
  if (!name.startsWith('__wbg') && !name.startsWith('__wbindgen')) exports[name] = bg[name];
}
