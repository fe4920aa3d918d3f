// Post-processes wasm-bindgen's generated glue (`kassa_bg.js`) so that a method called on the wrong
// `this` is a KassaError instead of a raw Error or, worse, memory unsafety. Used by build-pkg.mjs.
//
// Why: every generated method passes `this.__wbg_ptr` to Rust as the object's address and trusts it.
// - On a freed object the pointer is 0 and Rust throws a raw `Error: null pointer passed to rust`
//   (through wasm frames: the class of throw that leaves the shadow stack pointer unrestored).
// - On any other object — another class's instance (`RbsCallbackVerifier.prototype.check.call(
//   aKoshelekVerifier)`), `Object.create(RbsClient.prototype)`, or `{ __wbg_ptr: 8 }` — Rust reads
//   whatever lies at that address as the object: measured on 0.1.0, another class's instance traps
//   with `RuntimeError: memory access out of bounds`, and a forged small pointer "works" on garbage.
// - `free()` twice throws the raw Error; `X.prototype.free.call(other)` frees memory of another type.
//
// What this does: every instance the glue makes (constructor, static `__wrap`) is recorded in a
// module-private WeakMap with its class and pointer; every method, getter and `free` takes the
// pointer from that record, never from the `__wbg_ptr` property. A method on a freed or foreign
// object throws `KassaError` INVALID_ARGUMENT ("… was called on a freed X or on an object that is not
// one"); a method that returns a Promise rejects with it instead (async methods never throw
// synchronously), and `check` answers it as `{ valid: false, code, reason }` (check never throws). `free()` on a freed or foreign object does nothing (so `free` and
// `[Symbol.dispose]` are idempotent). The static `X.__wrap(ptr)` (an instance from any address) is no
// longer a property of the class: the glue calls a module-private copy. A WeakMap lookup runs no user code: a Proxy or an object with
// throwing getters as `this` cannot intervene.
//
// The transform is strict about the glue's shape (wasm-bindgen is pinned in Cargo.toml): anything it
// does not recognise — a `this.__wbg_ptr` it did not rewrite, a class without a registration point,
// `__destroy_into_raw()` used outside `free` — fails the build with the reason, so a new version of
// wasm-bindgen or a new kind of export is looked at instead of shipped unguarded.

const HELPERS = `
// Added by scripts/glue-guard.mjs (scripts/build-pkg.mjs): live instances and their classes. Methods
// take the Rust pointer from here, never from \`this.__wbg_ptr\`, so a freed or foreign \`this\` is a
// KassaError and never an address Rust would trust.
const __kassaLive = new WeakMap();
function __kassaPtr(self, cls) {
    const entry = __kassaLive.get(self);
    return entry !== undefined && entry.cls === cls ? entry.ptr : 0;
}
function __kassaTake(self, cls) {
    const ptr = __kassaPtr(self, cls);
    if (ptr !== 0) __kassaLive.delete(self);
    return ptr;
}
function __kassaForeign(cls, member) {
    return new KassaError('INVALID_ARGUMENT', \`\${cls.name}.\${member} was called on a freed \${cls.name} or on an object that is not one; call it on a live instance (free() ends one)\`);
}
`;

const METHOD = /^ {4}(static |get |set )?([A-Za-z_$][\w$]*)\((.*)\) \{$/;

/**
 * Returns the guarded glue and a report `{ classes: { Name: [members...] }, guarded }`.
 * Throws (failing the build) when the glue does not have the expected shape.
 */
export function guardGlue(src) {
  const importLine = /^import \{ KassaError \} from '[^']+';$/m;
  if (!importLine.test(src)) throw new Error('glue-guard: kassa_bg.js does not import KassaError');
  const lines = src.split('\n');
  const out = [];
  const report = { classes: {}, guarded: 0 };
  let cls = null;
  const wrapped = [];
  let jsdoc = [];
  let inJsdoc = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const classStart = /^export class ([A-Za-z_$][\w$]*) \{$/.exec(line);
    if (classStart) {
      cls = { name: classStart[1], registered: false };
      report.classes[cls.name] = [];
      out.push(line);
      continue;
    }
    if (cls && line === '}') {
      if (!cls.registered) throw new Error(`glue-guard: class ${cls.name} has no constructor or __wrap that sets __wbg_ptr`);
      out.push(line);
      if (cls.wraps) {
        // `X.__wrap(ptr)` makes an instance from any address: kept for the glue, not public.
        out.push(`const __kassaWrap${cls.name} = ${cls.name}.__wrap;`, `delete ${cls.name}.__wrap;`);
        wrapped.push(cls.name);
      }
      cls = null;
      continue;
    }
    if (!cls) {
      out.push(line);
      continue;
    }
    if (line === '    /**') inJsdoc = true, jsdoc = [];
    if (inJsdoc) {
      jsdoc.push(line);
      if (line === '     */') inJsdoc = false;
      out.push(line);
      continue;
    }
    const m = METHOD.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    // Collect the member's body: up to the closing `    }` at the same indentation.
    const body = [];
    let j = i + 1;
    for (; j < lines.length && lines[j] !== '    }'; j++) body.push(lines[j]);
    if (j === lines.length) throw new Error(`glue-guard: ${cls.name}.${m[2]} has no end`);
    const [, kind = '', name] = m;
    const member = name;
    const returnsPromise = jsdoc.some((l) => /@returns \{Promise</.test(l));
    jsdoc = [];
    let newBody;
    if (name === 'constructor') {
      const at = body.findIndex((l) => /^ {8}this\.__wbg_ptr = .+;$/.test(l));
      if (at < 0) throw new Error(`glue-guard: ${cls.name}.constructor does not set this.__wbg_ptr`);
      newBody = [...body.slice(0, at + 1),
        `        __kassaLive.set(this, { cls: ${cls.name}, ptr: this.__wbg_ptr });`, ...body.slice(at + 1)];
      cls.registered = true;
    } else if (kind === 'static ' && name === '__wrap') {
      const at = body.findIndex((l) => l === '        obj.__wbg_ptr = ptr;');
      if (at < 0) throw new Error(`glue-guard: ${cls.name}.__wrap does not set obj.__wbg_ptr`);
      newBody = [...body.slice(0, at + 1),
        `        __kassaLive.set(obj, { cls: ${cls.name}, ptr });`, ...body.slice(at + 1)];
      cls.registered = true;
      cls.wraps = true;
    } else if (name === '__destroy_into_raw') {
      const fin = body.join('\n').match(/(\w+Finalization)\.unregister\(this\);/);
      if (!fin) throw new Error(`glue-guard: ${cls.name}.__destroy_into_raw has an unexpected body`);
      newBody = [
        `        const ptr = __kassaTake(this, ${cls.name});`,
        '        if (ptr !== 0) {',
        '            this.__wbg_ptr = 0;',
        `            ${fin[1]}.unregister(this);`,
        '        }',
        '        return ptr;',
      ];
    } else if (name === 'free') {
      const text = body.join('\n');
      const call = /^ {8}const ptr = this\.__destroy_into_raw\(\);\n {8}(wasm\.__wbg_\w+_free)\(ptr, 0\);$/.exec(text);
      if (!call) throw new Error(`glue-guard: ${cls.name}.free has an unexpected body`);
      newBody = [
        `        const ptr = ${cls.name}.prototype.__destroy_into_raw.call(this);`,
        `        if (ptr !== 0) ${call[1]}(ptr, 0);`,
      ];
      report.classes[cls.name].push('free');
    } else {
      const label = kind === 'get ' ? member : kind === 'static ' ? `${member} (static)` : `${member}()`;
      report.classes[cls.name].push(kind === 'get ' ? `get ${member}` : kind === 'static ' ? `static ${member}` : member);
      if (body.some((l) => l.includes('this.__wbg_ptr'))) {
        if (kind === 'static ') throw new Error(`glue-guard: static ${cls.name}.${name} reads this.__wbg_ptr`);
        // `check` never throws (its contract): it answers the error as its `{ valid: false }`.
        const fail = returnsPromise
          ? `return Promise.reject(__kassaForeign(${cls.name}, '${label}'));`
          : name === 'check'
            ? `{ const e = __kassaForeign(${cls.name}, '${label}'); return { valid: false, code: e.code, reason: e.message }; }`
            : `throw __kassaForeign(${cls.name}, '${label}');`;
        newBody = [
          `        const __ptr = __kassaPtr(this, ${cls.name});`,
          `        if (__ptr === 0) ${fail}`,
          ...body.map((l) => l.replaceAll('this.__wbg_ptr', '__ptr')),
        ];
        report.guarded++;
      } else {
        newBody = body;
      }
    }
    out.push(line, ...newBody, '    }');
    i = j;
  }
  let result = out.join('\n');
  for (const name of wrapped) result = result.replaceAll(`${name}.__wrap(`, `__kassaWrap${name}(`);
  if (/\.__wrap\(/.test(result)) throw new Error('glue-guard: a call of X.__wrap( is left');
  // Everything that still reads the property must be one of the writes kept on purpose.
  const leftovers = result.split('\n').filter((l) => l.includes('__wbg_ptr')
    && !/^ {8}this\.__wbg_ptr = .+;$/.test(l) && !/^ {12}this\.__wbg_ptr = 0;$/.test(l)
    && !/^ {8}obj\.__wbg_ptr = ptr;$/.test(l) && !l.includes('__kassaLive.set(')
    && !/Finalization\.register\((this|obj), (this|obj)\.__wbg_ptr, (this|obj)\);$/.test(l));
  if (leftovers.length) throw new Error(`glue-guard: unguarded uses of __wbg_ptr:\n${leftovers.join('\n')}`);
  const destroys = result.split('\n').filter((l) => l.includes('__destroy_into_raw(') && !l.includes('__destroy_into_raw() {'));
  if (destroys.some((l) => !l.includes('.prototype.__destroy_into_raw.call(this)'))) {
    throw new Error(`glue-guard: __destroy_into_raw() is used outside free (an export takes a class instance by value?):\n${destroys.join('\n')}`);
  }
  result = result.replace(importLine, (line) => line + '\n' + HELPERS);
  return { code: result, report };
}
