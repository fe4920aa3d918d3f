// Post-processes wasm-bindgen's generated glue: how a string argument is copied into wasm memory.
// Used by build-pkg.mjs, after glue-guard.mjs.
//
// wasm-bindgen's `passStringToWasm0` copies a string's ASCII prefix one `charCodeAt` at a time in
// JavaScript and hands only the rest to `TextEncoder.encodeInto`. Where encodeInto is a fast native
// call, that loop is the slow part of every long string argument: an RBS callback (433 characters),
// a webhook body, a request. Measured per call on a 433-character ASCII query (2-core machine, one
// process each): Node 20 loop 0.85–1.65 µs, encodeInto 0.10–0.16 µs; Deno 2 loop 1.30–1.50 µs,
// encodeInto 0.13–0.21 µs. For short strings the loop wins everywhere (12 characters: 0.03 vs
// 0.10–0.15 µs), and Chromium's encodeInto has a high fixed cost (40 characters: loop 0.09–0.19 µs,
// encodeInto 0.39–1.67 µs; 433: about equal; 4,000: loop 9.4–10.1 µs, encodeInto 4.3–4.6 µs).
//
// So a string of at least `kassaEncodeIntoFrom` UTF-16 units goes to encodeInto first: 64 where
// `process.versions.node` is set (Node, Deno, Bun), 512 elsewhere. encodeInto writes into the
// exactly-sized buffer wasm-bindgen allocated; when it read as many units as it wrote bytes, the
// string was ASCII and the copy is done. Otherwise wasm-bindgen's own path runs from offset 0
// (it grows the buffer and encodes the whole string again), so the bytes Rust receives are exactly
// wasm-bindgen's in every case (the runtime case "string arguments of every length reach wasm as
// their UTF-8 bytes", tests/runtime/cases/foundation.mjs, sends ASCII, non-ASCII and lone
// surrogates of every length class across the boundary in every runtime).
//
// Strict about the glue's shape, as glue-guard.mjs is: if the loop is not found exactly once the
// build fails, so a new wasm-bindgen is looked at instead of shipped unpatched.

const LOOP = `    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
`;

const FAST = `    let offset = 0;

    // scripts/glue-strings.mjs: a long string goes to encodeInto first.
    if (len >= kassaEncodeIntoFrom) {
        const ret = cachedTextEncoder.encodeInto(arg, mem.subarray(ptr, ptr + len));
        if (ret.read === ret.written) offset = ret.read;
    } else {
        for (; offset < len; offset++) {
            const code = arg.charCodeAt(offset);
            if (code > 0x7F) break;
            mem[ptr + offset] = code;
        }
    }
`;

const THRESHOLD = `
// Added by scripts/glue-strings.mjs: from how many UTF-16 units a string argument is copied into
// wasm memory with one TextEncoder.encodeInto (fast in Node and Deno, slow to call in browsers).
const kassaEncodeIntoFrom = typeof process === 'object' && process !== null && process.versions && process.versions.node ? 64 : 512;
`;

/** The glue with the faster string copy; throws when the glue does not have wasm-bindgen's loop once. */
export function fastStrings(glue) {
  const at = glue.indexOf(LOOP);
  if (at < 0 || glue.indexOf(LOOP, at + 1) >= 0) {
    throw new Error('glue-strings: passStringToWasm0 does not have the ASCII loop this build patches exactly once (a new wasm-bindgen?)');
  }
  const fn = glue.lastIndexOf('function passStringToWasm0(', at);
  if (fn < 0) throw new Error('glue-strings: the ASCII loop is not inside passStringToWasm0');
  return glue.slice(0, fn) + THRESHOLD.trimStart() + '\n' + glue.slice(fn, at) + FAST + glue.slice(at + LOOP.length);
}
