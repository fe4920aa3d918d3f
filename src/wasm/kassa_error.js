// The one error class kassa throws in JavaScript. Rust constructs it through wasm-bindgen
// (src/wasm/error.rs); every loader re-exports it so that `err instanceof KassaError` works.
//
// One class across entries: every ESM entry of the package (`kassa`, `kassa/verify`, `kassa/forms`,
// `kassa/client`, `kassa/testing`) imports this one file (pkg/kassa_error.js), but the CommonJS glue
// and the flattened browser loaders carry their own copy, and an app may bundle several. So the
// class answers `instanceof` by a brand rather than by identity: every instance carries the
// registry symbol `Symbol.for('kassa.KassaError')` (on the prototype), and every copy of the class
// has a `static [Symbol.hasInstance]` that looks for it. An error thrown by any entry is therefore
// `instanceof` the KassaError of every other entry and of the root. A subclass of KassaError keeps
// the ordinary prototype check for itself (only the classes that own the brand answer by it).
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

const BRAND = Symbol.for('kassa.KassaError');
const ordinaryInstanceOf = Function.prototype[Symbol.hasInstance];

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

  /** True for an instance of any copy of KassaError (see the top of this file). Never throws. */
  static [Symbol.hasInstance](value) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
    try {
      if (!Object.prototype.hasOwnProperty.call(this, BRAND)) return ordinaryInstanceOf.call(this, value);
      return value[BRAND] === true || ordinaryInstanceOf.call(this, value);
    } catch {
      return false; // a Proxy whose traps throw is not a KassaError
    }
  }
}

Object.defineProperty(KassaError, BRAND, { value: true });
Object.defineProperty(KassaError.prototype, BRAND, { value: true });
