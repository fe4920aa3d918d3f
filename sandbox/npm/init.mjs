// Shared by the loaders: hands one instance of the emulator's .wasm to wasm-bindgen's glue
// (`kassa_sandbox_bg.js`, whose functions the module imports under "./kassa_sandbox_bg.js").
// The loaders differ only in how they get the compiled module.
import * as glue from './kassa_sandbox_bg.js';

/** The import object of every instantiation. */
export const imports = { './kassa_sandbox_bg.js': glue };

/** Wires an instance to the glue and runs its start function. */
export function adopt(instance) {
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
}
