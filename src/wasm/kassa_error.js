// The one error class kassa throws in JavaScript, constructed by Rust (src/wasm/error.rs) and
// re-exported by every loader. Every ESM entry imports this one file (pkg/kassa_error.js), but the
// CommonJS glue, the flattened browser loaders and an app's bundles carry copies, so `instanceof`
// answers by a brand, not identity: every instance carries `Symbol.for('kassa.KassaError')` (on the
// prototype) and every copy's `static [Symbol.hasInstance]` looks for it (a subclass keeps the
// ordinary prototype check). The constructor never throws whatever code outside kassa gives it:
// `code` and `message` become text (a Symbol or a throwing conversion: INVALID_ARGUMENT, ''), and a
// `details` field whose read throws (a getter, a Proxy) is left out.
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
