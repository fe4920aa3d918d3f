// Hardens wasm-bindgen's generated class glue (kassa_bg.js) so that no method call can reach wasm
// with a bad object pointer. As generated, every method passes `this.__wbg_ptr` to wasm unchecked:
// called on a foreign object (`PaymentForm.prototype.toHtml.call({})`), after `free()`, with a
// tampered `__wbg_ptr`, or `free()` from inside an options getter while a method of the same object
// runs, it makes Rust throw ("null pointer passed to rust", "recursive use of an object") or read
// arbitrary memory; the throw unwinds through wasm frames, and enough of them poison the instance
// ("memory access out of bounds" from every export). After this patch:
// - the pointer of every live object is kept in a WeakMap filled only where wasm-bindgen creates
//   one (`__wrap`, constructors), and methods pass that, not the (writable) `__wbg_ptr` property;
// - every prototype method and accessor first checks that `this` is live, else throws
//   KassaError INVALID_ARGUMENT before entering wasm;
// - `free()` (and anything that destroys the object) while a method of the object is running
//   throws KassaError INVALID_ARGUMENT instead of reaching Rust's borrow check.
// The patterns are checked: if wasm-bindgen's output changes shape, the build fails here.

const HELPERS = `
const __kassaLive = new WeakMap(); // object -> pointer, for objects wasm-bindgen made
const __kassaDepth = new WeakMap(); // object -> number of its methods running now
function __kassaDead(name) {
  return new KassaError('INVALID_ARGUMENT', \`\${name} was called on an object that is not a live kassa \${name.split('.')[0]} (freed with free(), or not made by kassa)\`);
}
function __kassaPtr(obj) {
  const ptr = __kassaLive.get(obj);
  if (ptr === undefined) throw __kassaDead('a method');
  return ptr;
}
function __kassaTake(obj) {
  const ptr = __kassaPtr(obj);
  if ((__kassaDepth.get(obj) ?? 0) > 1) {
    throw new KassaError('INVALID_ARGUMENT', 'free() was called while a method of the same object was running (from a getter or callback); call it afterwards');
  }
  __kassaLive.delete(obj);
  return ptr;
}
function __kassaGuard(cls) {
  const proto = cls.prototype;
  const disposeIsFree = typeof Symbol.dispose === 'symbol' && proto[Symbol.dispose] === proto.free;
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === 'constructor' || key === '__destroy_into_raw') continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    for (const slot of ['value', 'get', 'set']) {
      const f = d[slot];
      if (typeof f !== 'function') continue;
      const name = \`\${cls.name}.\${key}\`;
      d[slot] = { [key](...args) {
        if (!__kassaLive.has(this)) throw __kassaDead(name);
        const depth = __kassaDepth.get(this) ?? 0;
        if (key === 'free' && depth > 0) {
          throw new KassaError('INVALID_ARGUMENT', \`\${name}() was called while a method of the same object was running (from a getter or callback); call it afterwards\`);
        }
        __kassaDepth.set(this, depth + 1);
        try {
          return f.apply(this, args);
        } finally {
          if (__kassaLive.has(this) || depth > 0) __kassaDepth.set(this, depth);
          else __kassaDepth.delete(this);
        }
      } }[key];
    }
    Object.defineProperty(proto, key, d);
  }
  if (disposeIsFree) proto[Symbol.dispose] = proto.free;
}
`;

/** Returns `glue` (wasm-bindgen's kassa_bg.js) with every exported class guarded. */
export function guardClasses(glue) {
  const classes = [...glue.matchAll(/^export class (\w+) \{/gm)].map((m) => m[1]);
  if (classes.length === 0) return glue;
  const count = (re) => (glue.match(re) || []).length;
  const expect = (what, n, min) => {
    if (n < min) throw new Error(`guard-classes: expected ${min}+ ${what} in kassa_bg.js, found ${n}: wasm-bindgen's glue changed shape`);
  };
  if (!/^import \{ KassaError \} from/m.test(glue)) throw new Error('guard-classes: kassa_bg.js does not import KassaError');
  const wraps = /(\n(\s+)obj\.__wbg_ptr = ptr(?: >>> 0)?;)/g;
  const ctors = /(\n(\s+)this\.__wbg_ptr = ret\[0\](?: >>> 0)?;)/g;
  const takes = /(__destroy_into_raw\(\) \{\n\s+)const ptr = this\.__wbg_ptr;/g;
  const calls = /\(this\.__wbg_ptr\b/g;
  expect('__destroy_into_raw', count(takes), classes.length);
  expect('__wrap or constructor', count(wraps) + count(ctors), classes.length);
  expect('method calls', count(calls), 1);
  let out = glue
    .replace(wraps, '$1\n$2__kassaLive.set(obj, obj.__wbg_ptr);')
    .replace(ctors, '$1\n$2__kassaLive.set(this, this.__wbg_ptr);')
    .replace(takes, '$1const ptr = __kassaTake(this);')
    .replace(calls, '(__kassaPtr(this)');
  if (/\(this\.__wbg_ptr\b/.test(out)) throw new Error('guard-classes: an unguarded method call is left');
  out += `${HELPERS}\nfor (const c of [${classes.join(', ')}]) __kassaGuard(c);\n`;
  return out;
}
