// The one error class kassa throws in JavaScript. Rust constructs it through wasm-bindgen
// (src/wasm/error.rs); every loader re-exports it so that `err instanceof KassaError` works.
export class KassaError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = 'KassaError';
    this.code = code;
    if (details) {
      for (const key of ['gateway', 'httpStatus', 'errorCode', 'errorMessage', 'details']) {
        if (details[key] !== undefined && details[key] !== null) this[key] = details[key];
      }
    }
  }
}
