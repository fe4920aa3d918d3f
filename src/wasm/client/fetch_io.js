// The API clients' I/O (imported by src/wasm/client/transport.rs): one request with the caller's
// fetch, bounded in time and size, reported as a plain object the Rust side turns into the core's
// `Input` (the call machines decide what it means); the drivers' sleep; random bytes.
// Everything the caller's fetch returns is hostile: every step is inside try/catch, every await
// is raced against the request's own timer (a fetch that never settles, or a body that never
// ends, still times out), the body is read chunk by chunk and cancelled as soon as it passes the
// limit, and kassaSend never throws (it always resolves) with one of:
// { kind: 'response', status, headers: [[name, value]...], body: Uint8Array } | { kind: 'timeout' }
// | { kind: 'network', message } | { kind: 'malformed', message } | { kind: 'tooLarge', status }
// A browser's opaque redirect (redirect: 'manual') is reported as a response with status 0.

const TIMEOUT = Symbol('kassa timeout');
// The headers the core reads (Retry-After, Location for REDIRECT_REFUSED, Content-Length).
const HEADERS = ['retry-after', 'content-type', 'content-length', 'location'];
const MAX_HEADER_CHARS = 8192;

// An error's message (and its cause's code, as Node gives it), never throwing.
function describe(e) {
  const read = (f) => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
  const message = read(() => (typeof e.message === 'string' ? e.message.slice(0, 300) : undefined)) ?? 'fetch failed';
  const code = read(() => (typeof e.cause.code === 'string' ? e.cause.code.slice(0, 60) : undefined));
  return code ? `${message} (${code})` : message;
}

// Settles a promise-like (or any value) into an intrinsic promise, never throwing.
function settle(value) {
  return new Promise((resolve) => resolve(value));
}

// Calls `f` and swallows both a synchronous throw and a rejection of what it returns.
function quietly(f) {
  try {
    settle(f()).then(undefined, () => {});
  } catch {} // cleanup only
}

// The intrinsic ArrayBuffer byteLength getter: throws for anything that is not a real ArrayBuffer
// (a Proxy included), so a spoofed "buffer" cannot make the copy below allocate what it likes.
const arrayBufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;

function bytesOf(value) {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value);
  arrayBufferLength.call(value);
  return new Uint8Array(value);
}

export async function kassaSend(fetchFn, url, method, headers, body, timeoutMs, maxBytes) {
  let timerId;
  const timer = new Promise((resolve) => {
    timerId = setTimeout(() => resolve(TIMEOUT), timeoutMs);
  });
  let controller;
  try {
    controller = new AbortController();
  } catch {} // no AbortController: the timer still ends the wait
  const abort = () => quietly(() => controller && controller.abort());
  // Awaits `value` unless the request's timer fires first (then throws TIMEOUT).
  const within = async (value) => {
    const r = await Promise.race([settle(value), timer]);
    if (r === TIMEOUT) throw TIMEOUT;
    return r;
  };
  const lost = (e, what) => (abort(), e === TIMEOUT ? { kind: 'timeout' } : { kind: 'network', message: what + describe(e) });
  const malformed = (message) => (abort(), { kind: 'malformed', message });
  try {
    const init = { method, headers, redirect: 'manual' };
    if (body !== undefined) init.body = body;
    if (controller) init.signal = controller.signal;

    let response;
    try {
      response = await within(fetchFn(url, init));
    } catch (e) {
      return lost(e, '');
    }

    let status;
    const seen = [];
    try {
      if (response === null || (typeof response !== 'object' && typeof response !== 'function')) {
        return malformed(`the fetch function resolved to ${response === null ? 'null' : typeof response}, not a Response`);
      }
      const type = response.type;
      if (type === 'opaqueredirect') return { kind: 'response', status: 0, headers: [], body: new Uint8Array(0) };
      if (type === 'error') return lost(new Error('the runtime answered with a network error (Response.error())'), '');
      status = response.status;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
        return malformed('its status is not an HTTP status code');
      }
      const h = response.headers;
      for (const name of HEADERS) {
        const v = h.get(name);
        if (typeof v === 'string' && v.length <= MAX_HEADER_CHARS) seen.push([name, v]);
      }
    } catch (e) {
      return malformed(`reading the Response failed: ${describe(e)}`);
    }

    const cancelBody = () => quietly(() => response.body && response.body.cancel());
    if (status >= 300 && status < 400) {
      // Never followed and never read: only the status and Location matter.
      cancelBody();
      return { kind: 'response', status, headers: seen, body: new Uint8Array(0) };
    }
    const length = seen.find(([n]) => n === 'content-length');
    if (length && Number(length[1].trim()) > maxBytes) {
      cancelBody();
      abort();
      return { kind: 'tooLarge', status };
    }

    let stream;
    try {
      stream = response.body;
    } catch (e) {
      return malformed(`reading the Response's body failed: ${describe(e)}`);
    }
    const chunks = [];
    let total = 0;
    if (stream !== null && stream !== undefined) {
      let reader;
      try {
        reader = stream.getReader();
      } catch (e) {
        return malformed(`the Response's body cannot be read: ${describe(e)}`);
      }
      const cancelReader = () => quietly(() => reader.cancel());
      for (;;) {
        let step;
        try {
          step = await within(reader.read());
        } catch (e) {
          cancelReader();
          return lost(e, 'the answer broke off: ');
        }
        let bytes;
        try {
          if (step.done) break;
          const value = step.value;
          if (!ArrayBuffer.isView(value)) throw new TypeError('a chunk is not bytes');
          bytes = bytesOf(value);
        } catch (e) {
          cancelReader();
          return malformed(`the body stream gave a malformed chunk: ${describe(e)}`);
        }
        total += bytes.length;
        if (total > maxBytes) {
          cancelReader();
          abort();
          return { kind: 'tooLarge', status };
        }
        chunks.push(bytes);
      }
    } else {
      // No stream (some fetch implementations or stubs): the whole body at once.
      let buffer;
      try {
        buffer = await within(response.arrayBuffer());
      } catch (e) {
        return lost(e, 'the answer broke off: ');
      }
      let bytes;
      try {
        bytes = bytesOf(buffer);
      } catch (e) {
        return malformed(`arrayBuffer() did not give bytes: ${describe(e)}`);
      }
      if (bytes.length > maxBytes) return { kind: 'tooLarge', status };
      chunks.push(bytes);
    }
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
    return { kind: 'response', status, headers: seen, body: out };
  } catch (e) {
    // Not reachable by design; kept so that nothing ever escapes.
    return { kind: 'network', message: describe(e) };
  } finally {
    clearTimeout(timerId);
  }
}

// The drivers' pause between retries and polls.
export const kassaSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// 32 random bytes for request ids and jitter (Math.random where Web Crypto is missing).
export function kassaRandom() {
  const bytes = new Uint8Array(32);
  try {
    crypto.getRandomValues(bytes);
  } catch {
    for (let i = 0; i < 32; i++) bytes[i] = Math.random() * 256;
  }
  return bytes;
}
