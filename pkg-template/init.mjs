// Shared by the ESM loaders: wires one instantiated module to the wasm-bindgen glue.
//
// The glue (`kassa_bg.js`, wasm-bindgen's "bundler" output) holds every JS function the module
// imports, all under the import module name "./kassa_bg.js", and receives the instance's exports
// through `__wbg_set_wasm`. Each loader only differs in how it obtains the compiled module.
import * as bg from './kassa_bg.js';

/** The import object every instantiation uses. */
export const imports = { './kassa_bg.js': bg };

/** Hands a fresh instance to the glue and runs the module's start function. */
export function adopt(instance) {
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
}

/** Synchronous instantiation from a compiled `WebAssembly.Module`. */
export function instantiateModule(module) {
  adopt(new WebAssembly.Instance(module, imports));
}
