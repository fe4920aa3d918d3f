// The one error class kassa throws in JavaScript. Rust constructs it through wasm-bindgen
// (src/wasm/error.rs); every loader re-exports it so that `err instanceof KassaError` works.
//
// Code outside kassa may construct one too (tests, wrappers), so the constructor never throws
// whatever it is given: `code` and `message` become text (a Symbol, or a value whose conversion
// throws, becomes a placeholder: code INVALID_ARGUMENT, an empty message), and a `details` field
// whose read throws (a getter, a Proxy) is left out.
const text = (value, fallback) => {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null || typeof value === 'symbol') return fallback;
  try {
    return String(value);
  } catch {
    return fallback;
  }
};

export class KassaError extends Error {
  constructor(code, message, details) {
    super(text(message, ''));
    this.name = 'KassaError';
    this.code = text(code, 'INVALID_ARGUMENT');
    if (details !== null && (typeof details === 'object' || typeof details === 'function')) {
      for (const key of ['gateway', 'httpStatus', 'errorCode', 'errorMessage', 'details']) {
        let value;
        try {
          value = details[key];
        } catch {
          continue;
        }
        if (value !== undefined && value !== null) this[key] = value;
      }
    }
  }
}
