// A tiny assertion helper for the runtime-matrix cases. Portable: no Node APIs, so the same cases run
// in Node, Deno, workerd, the edge runtime and Chromium.
export class AssertionError extends Error {}

export function ok(value, message) {
  if (!value) throw new AssertionError(message || `expected a truthy value, got ${String(value)}`);
}

export function equal(actual, expected, message) {
  if (actual !== expected) {
    throw new AssertionError(`${message ? message + ': ' : ''}expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function deepEqual(actual, expected, message) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${message ? message + ': ' : ''}expected ${e}, got ${a}`);
}

/** Asserts that `fn` throws a KassaError with `code` (and returns the error). */
export function throwsKassa(kassa, fn, code, message) {
  try {
    fn();
  } catch (err) {
    ok(err instanceof kassa.KassaError, `${message || 'thrown value'} is not a KassaError: ${err}`);
    ok(err instanceof Error, 'KassaError extends Error');
    equal(err.code, code, message || 'error code');
    return err;
  }
  throw new AssertionError(`${message || 'call'}: expected a KassaError ${code}, nothing was thrown`);
}

/** The async form of throwsKassa. */
export async function rejectsKassa(kassa, promise, code, message) {
  try {
    await promise;
  } catch (err) {
    ok(err instanceof kassa.KassaError, `${message || 'rejection'} is not a KassaError: ${err}`);
    equal(err.code, code, message || 'error code');
    return err;
  }
  throw new AssertionError(`${message || 'promise'}: expected a rejection with ${code}, it resolved`);
}
