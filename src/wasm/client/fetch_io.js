// The API clients' one network operation: send a request with the caller's fetch and read the
// answer, bounded in time and size. Imported by src/wasm/client/transport.rs.
//
// It decides nothing about payments: it reports what happened as a plain object that the Rust side
// turns into the core's `Input` (the call machines decide what that means). Everything the caller's
// fetch returns is treated as hostile: every step is inside try/catch, every await is raced against
// the request's own timer (a fetch that never settles, or a body that never ends, still times out),
// the body is read chunk by chunk and cancelled as soon as it passes the limit, and no exception
// ever leaves this function (it always resolves).
//
// Reports: { kind: 'response', status, headers: [[name, value]...], body: Uint8Array }
//        | { kind: 'timeout' } | { kind: 'network', message } | { kind: 'malformed', message }
//        | { kind: 'tooLarge', status }
// A browser's opaque redirect (redirect: 'manual') is reported as a response with status 0.

const TIMEOUT = Symbol('kassa timeout');
// The headers the core reads (Retry-After, Location for REDIRECT_REFUSED, Content-Length).
const HEADERS = ['retry-after', 'content-type', 'content-length', 'location'];
const MAX_HEADER_CHARS = 8192;

function describe(e) {
  try {
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return 'fetch failed';
    const message = typeof e.message === 'string' ? e.message.slice(0, 300) : 'fetch failed';
    let code;
    try {
      const cause = e.cause;
      code = cause && typeof cause.code === 'string' ? cause.code.slice(0, 60) : undefined;
    } catch {
      code = undefined;
    }
    return code ? `${message} (${code})` : message;
  } catch {
    return 'fetch failed';
  }
}

// Settles a promise-like (or any value) into an intrinsic promise, never throwing.
function settle(value) {
  return new Promise((resolve) => resolve(value));
}

// Calls `f` and swallows both a synchronous throw and a rejection of what it returns.
function quietly(f) {
  try {
    settle(f()).then(undefined, () => {});
  } catch {
    // nothing to do: cleanup only
  }
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
  } catch {
    controller = undefined;
  }
  const abort = () => quietly(() => controller && controller.abort());
  // Awaits `value` unless the request's timer fires first (then throws TIMEOUT).
  const within = async (value) => {
    const r = await Promise.race([settle(value), timer]);
    if (r === TIMEOUT) throw TIMEOUT;
    return r;
  };
  const lost = (e, what) => {
    abort();
    return e === TIMEOUT ? { kind: 'timeout' } : { kind: 'network', message: what + describe(e) };
  };
  const malformed = (message) => {
    abort();
    return { kind: 'malformed', message };
  };
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
      if (type === 'opaqueredirect') {
        return { kind: 'response', status: 0, headers: [], body: new Uint8Array(0) };
      }
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

    const cancelBody = () => quietly(() => {
      const b = response.body;
      return b && typeof b.cancel === 'function' ? b.cancel() : undefined;
    });
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
        let done;
        let value;
        try {
          done = step.done;
          value = done ? undefined : step.value;
        } catch (e) {
          cancelReader();
          return malformed(`the body stream gave a malformed chunk: ${describe(e)}`);
        }
        if (done) break;
        let bytes;
        try {
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
    const out = new Uint8Array(total || chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return { kind: 'response', status, headers: seen, body: out };
  } catch (e) {
    // Not reachable by design; kept so that nothing ever escapes.
    return { kind: 'network', message: describe(e) };
  } finally {
    clearTimeout(timerId);
  }
}
