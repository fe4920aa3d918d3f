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
    name: 'bad arguments throw KassaError INVALID_ARGUMENT with a message',
    run(kassa) {
      const err = throwsKassa(kassa, () => kassa.hmacSha256Hex(42, 'x'), 'INVALID_ARGUMENT');
      equal(err.name, 'KassaError');
      ok(/key must be a string/.test(err.message), err.message);
      throwsKassa(kassa, () => kassa.sha256Base64({}), 'INVALID_ARGUMENT');
    },
  },
];
