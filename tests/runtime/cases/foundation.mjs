// Runtime-matrix cases for the foundation: version, primitives and the error class.
import { equal, ok, throwsKassa } from './assert.mjs';

export default [
  {
    name: 'version() is the package version',
    run(kassa, env) {
      equal(kassa.version(), env.version);
    },
  },
  {
    // RFC 4231, test case 2.
    name: 'hmacSha256Hex: RFC 4231 vector, strings and bytes',
    run(kassa) {
      const expected = '5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843';
      equal(kassa.hmacSha256Hex('Jefe', 'what do ya want for nothing?'), expected);
      const enc = new TextEncoder();
      equal(kassa.hmacSha256Hex(enc.encode('Jefe'), enc.encode('what do ya want for nothing?').buffer), expected);
    },
  },
  {
    name: 'sha256Base64: FIPS 180-2 "abc" and UTF-8 Cyrillic',
    run(kassa) {
      equal(kassa.sha256Base64('abc'), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
      // SHA-256 of the UTF-8 bytes of "оплата" (computed with `printf 'оплата' | openssl dgst -sha256 -binary | base64`).
      equal(kassa.sha256Base64('оплата'), kassa.sha256Base64(new TextEncoder().encode('оплата')));
    },
  },
  {
    // scripts/glue-strings.mjs copies long strings into wasm memory with one encodeInto (from 64
    // UTF-16 units in Node and Deno, 512 elsewhere) and falls back to wasm-bindgen's own path when
    // the string is not ASCII. Whatever the length and wherever a non-ASCII unit sits (first, last,
    // just inside or outside the exactly-sized buffer), the bytes Rust hashes are the UTF-8 that
    // TextEncoder writes (a lone surrogate as U+FFFD).
    name: 'string arguments of every length reach wasm as their UTF-8 bytes',
    run(kassa) {
      const enc = new TextEncoder();
      const odd = ['é', 'Ж', '€', '😀', '\ud800', '\udfff', '\u0080', '\u07ff', '\u0800', '\uffff'];
      let checked = 0;
      for (const n of [0, 1, 2, 31, 63, 64, 65, 100, 511, 512, 513, 4096]) {
        const ascii = 'mdOrder=1&x=%D0%9E;'.repeat(Math.ceil(n / 19) + 1).slice(0, n);
        const texts = [ascii, '\u007f'.repeat(n)];
        for (const c of odd) {
          if (n === 0) continue;
          texts.push(c + ascii.slice(1), ascii.slice(0, -1) + c, ascii.slice(0, n >> 1) + c + ascii.slice(n >> 1), c.repeat(n));
        }
        for (const t of texts) {
          equal(kassa.sha256Base64(t), kassa.sha256Base64(enc.encode(t)), `length ${t.length}: ${JSON.stringify(t.slice(0, 12))}…`);
          checked++;
        }
      }
      ok(checked > 400, `${checked} strings`);
    },
  },
  {
    name: 'bad arguments throw KassaError INVALID_ARGUMENT with a message',
    run(kassa) {
      const err = throwsKassa(kassa, () => kassa.hmacSha256Hex(42, 'x'), 'INVALID_ARGUMENT');
      equal(err.name, 'KassaError');
      ok(/key must be a string/.test(err.message), err.message);
      throwsKassa(kassa, () => kassa.sha256Base64({}), 'INVALID_ARGUMENT');
    },
  },
];
