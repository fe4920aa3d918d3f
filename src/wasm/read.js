// The one reader of foreign JavaScript values (imported by src/wasm/read.rs): turns any value into
// the JSON text of a plain tree that the core interprets (src/options/plain.rs has the grammar and
// the parser). It decides nothing: it records what it found, including where reading threw.
//
// Hostile input is the normal case. Every getter, Proxy trap, iterator and `ownKeys` runs inside
// try/catch (a throw becomes ["x"] at that place), so nothing ever throws through wasm frames;
// only intrinsics captured when the module loads are used (a page that patches Reflect later
// changes nothing), never `String(value)`, `toString`, `JSON.stringify` of a foreign value or
// `instanceof`. It is bounded: at most `entries` items per container (then `more` is 1, and an
// endless iterator is closed), `depth` levels (deeper objects are ["O"] or ["A"], not read),
// strings longer than `strings` UTF-16 units are ["L", length] (not copied), and every node and
// every copied unit counts against `total`: above it the whole answer is ["big"].
//
// Trees: a string, safe integer (`Number.isSafeInteger`, not -0), boolean or null is itself;
// ["d", high, low] any other finite number, as the two 32-bit halves of its IEEE-754 bits (exact,
// and read in Rust without a decimal-to-float parser: core's costs each entry about 14 KB of
// gzipped wasm); ["n", "NaN"] a number JSON cannot hold; ["w", text] a string with lone
// surrogates (each replaced by U+FFFD); ["b", digits] a BigInt; ["s"] Symbol; ["f"] function;
// ["a", more, ...items] an array (read through `length` and indices); ["i", more, ...items]
// another iterable; ["o", more, key, value, ...] any other object (own enumerable string keys,
// `Object.keys` order); ["len"] an array whose `length` is no count; ["r", keys, ...props] the
// top value read as an options record (`keys`: ["k", more, ...names] or ["x"]; then
// `value[name]` for each name asked for, inherited properties included).

const { apply, get, ownKeys, getOwnPropertyDescriptor } = Reflect;
const { isArray } = Array;
const { isFinite, isSafeInteger } = Number;
const { getUint32, setFloat64 } = DataView.prototype;
const BITS = new DataView(new ArrayBuffer(8));
const { stringify } = JSON;
const ITERATOR = Symbol.iterator;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const test = RegExp.prototype.test;
const replace = String.prototype.replace;
const TOO_BIG = Symbol('kassa: too big');

/** ["d", high, low]: the IEEE-754 bits of a finite number that is not a safe integer. */
function bits(v) {
  apply(setFloat64, BITS, [0, v]);
  return ['d', apply(getUint32, BITS, [0]), apply(getUint32, BITS, [4])];
}

/** The JSON text of `value`'s tree (see above). With `props` (an array of names) the top value
 * is read as a record: its keys (with their values when `values`) and then each `value[name]`.
 * Never throws. */
export function kassaRead(value, props, values, depth, entries, strings, total) {
  let used = 0;
  const count = (n) => {
    used += n;
    if (used > total) throw TOO_BIG;
  };
  const text = (s) => {
    if (s.length > strings) return ['L', s.length];
    count(s.length);
    LONE.lastIndex = 0;
    if (!apply(test, LONE, [s])) return s;
    return ['w', apply(replace, s, [LONE, '\uFFFD'])];
  };
  const guard = (read) => {
    try {
      return read();
    } catch (e) {
      if (e === TOO_BIG) throw e;
      return ['x'];
    }
  };
  const keysOf = (v, tag, withValues, d) => {
    const out = [tag, 0];
    const keys = ownKeys(v);
    const step = withValues ? 2 : 1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (typeof k !== 'string') continue;
      const desc = getOwnPropertyDescriptor(v, k);
      if (desc === undefined || !desc.enumerable) continue;
      if ((out.length - 2) / step === entries) {
        out[1] = 1;
        break;
      }
      out[out.length] = text(k);
      if (withValues) out[out.length] = guard(() => node(get(v, k), d + 1));
    }
    return out;
  };
  const iterate = (v, method, d) => {
    const it = apply(method, v, []);
    const next = get(it, 'next');
    const out = ['i', 0];
    for (;;) {
      const step = apply(next, it, []);
      if (typeof step !== 'object' || step === null) return ['x'];
      if (get(step, 'done')) return out;
      if (out.length - 2 === entries) {
        out[1] = 1;
        guard(() => apply(get(it, 'return'), it, []));
        return out;
      }
      out[out.length] = node(get(step, 'value'), d + 1);
    }
  };
  const node = (v, d) => {
    count(1);
    switch (typeof v) {
      case 'string': return text(v);
      case 'number': return isSafeInteger(v) && (v !== 0 || 1 / v > 0) ? v : isFinite(v) ? bits(v)
        : ['n', v !== v ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'];
      case 'boolean': return v;
      case 'undefined': return ['u'];
      case 'bigint': {
        const digits = text(`${v}`);
        return typeof digits === 'string' ? ['b', digits] : digits;
      }
      case 'symbol': return ['s'];
      case 'function': return ['f'];
    }
    if (v === null) return null;
    return guard(() => {
      const array = isArray(v);
      if (d >= depth) return [array ? 'A' : 'O'];
      if (array) {
        const n = get(v, 'length');
        if (typeof n !== 'number' || !(n >= 0) || n % 1 !== 0) return ['len'];
        if (n > entries) return ['a', 1];
        const out = ['a', 0];
        for (let i = 0; i < n; i++) out[out.length] = guard(() => node(get(v, i), d + 1));
        return out;
      }
      const method = get(v, ITERATOR);
      if (typeof method === 'function') return iterate(v, method, d);
      return keysOf(v, 'o', true, d);
    });
  };
  try {
    if (props === null || typeof value !== 'object' || value === null) return stringify(node(value, 0));
    count(1);
    const out = ['r', values ? node(value, 0) : guard(() => keysOf(value, 'k', false, 0))];
    for (let i = 0; i < props.length; i++) out[out.length] = guard(() => node(get(value, props[i]), 1));
    return stringify(out);
  } catch {
    return '["big"]';
  }
}

// Bodies and keys as bytes: what a value is and its size, found through the realm-independent
// intrinsic getters (%TypedArray%.prototype.byteLength, ArrayBuffer.prototype.byteLength, ...),
// so own properties, Proxies and foreign realms cannot lie about a length; nothing is copied.
const U8 = Uint8Array;
const intrinsic = (proto, key) => getOwnPropertyDescriptor(proto, key)?.get;
const TYPED = Reflect.getPrototypeOf(U8.prototype);
const TAG = intrinsic(TYPED, Symbol.toStringTag);
const LENGTH = intrinsic(TYPED, 'byteLength');
const OFFSET = intrinsic(TYPED, 'byteOffset');
const BUFFER = intrinsic(TYPED, 'buffer');
const BUFFERS = [intrinsic(ArrayBuffer.prototype, 'byteLength')];
if (typeof SharedArrayBuffer === 'function') BUFFERS[1] = intrinsic(SharedArrayBuffer.prototype, 'byteLength');
const { isView } = ArrayBuffer;

/** [0, units] a string; [1, bytes, view] a Uint8Array (Node's Buffer too) or an ArrayBuffer /
 * SharedArrayBuffer as a fresh Uint8Array view; [2] another typed array or a DataView; [3] a
 * detached buffer; [4] anything else. Never throws. */
export function kassaBytes(v) {
  if (typeof v === 'string') return [0, v.length];
  if (typeof v !== 'object' || v === null) return [4];
  const view = (make) => {
    try {
      return make();
    } catch {
      return [3];
    }
  };
  try {
    if (isView(v)) {
      let tag;
      try {
        tag = apply(TAG, v, []);
      } catch {}
      if (tag !== 'Uint8Array') return [2];
      const len = apply(LENGTH, v, []);
      const buffer = apply(BUFFER, v, []);
      const offset = apply(OFFSET, v, []);
      return view(() => [1, len, new U8(buffer, offset, len)]);
    }
  } catch {
    return [4];
  }
  for (let i = 0; i < BUFFERS.length; i++) {
    let len;
    try {
      len = apply(BUFFERS[i], v, []);
    } catch {
      continue;
    }
    return view(() => [1, len, new U8(v)]);
  }
  return [4];
}
