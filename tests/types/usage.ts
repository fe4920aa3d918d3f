// Type-checked by tests/types/check.mjs (tsc --noEmit, strict) against the installed package.
// Each `@ts-expect-error` proves a type is precise: if the line type-checks, tsc fails the check.
import { KassaError, hmacSha256Hex, sha256Base64, version, type KassaErrorCode } from 'kassa';

const v: string = version();
const mac: string = hmacSha256Hex('key', new TextEncoder().encode('message'));
const hash: string = sha256Base64(new ArrayBuffer(8));

try {
  hmacSha256Hex('k', 'm');
} catch (err) {
  if (err instanceof KassaError) {
    const code: KassaErrorCode = err.code;
    const known: boolean = code === 'SIGNATURE_MISMATCH' || code === 'INVALID_ARGUMENT';
    console.log(known, err.message, err.errorCode, err.httpStatus);
    // @ts-expect-error: codes are a closed union of strings
    const wrong: KassaErrorCode = 'NOT_A_CODE';
    console.log(wrong);
  }
}

// @ts-expect-error: a number is neither a string nor bytes
hmacSha256Hex(42, 'message');
// @ts-expect-error: version() returns a string, not a number
const n: number = version();

console.log(v, mac, hash, n);
