// kassa-sandbox in any JS runtime: `createSandbox()` (the emulator in process, answering through
// `sandbox.fetch`) and `startCore()` (shared with `npx kassa-sandbox`'s HTTP server, server.mjs).
//
// The emulator itself is the `sandbox/` crate compiled to WebAssembly (`SandboxCore`): every
// route, state machine, page, signature and fault is the native binary's code. This file only
// converts — fetch `Request`/`Response` to and from plain values — and is the runtime glue the
// Rust side calls back (`host`): the clock, `setTimeout`, the fetch that delivers notifications,
// log lines and file reads.
import { SandboxCore, parseArgs } from './kassa_sandbox_bg.js';

export { parseArgs };

/** The port an in-process sandbox's URLs name when none is given (no socket is opened). */
export const IN_PROCESS_PORT = 8787;
/** A notification delivery gives up after this long (the native binary's timeout). */
const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 20;

// createSandbox's option names → the native binary's flags.
const FLAGS = {
  callbackAttempts: '--callback-attempts',
  callbackIntervalMs: '--callback-interval-ms',
  webhookAttempts: '--webhook-attempts',
  merchantCallbackUrl: '--merchant-callback-url',
  settleMs: '--settle-ms',
  accessTtlSecs: '--access-ttl-secs',
};

/** The flags of `options` (named options, then `options.args` as given). */
export function optionsToArgs(options = {}) {
  const args = [];
  for (const [name, flag] of Object.entries(FLAGS)) {
    if (options[name] !== undefined && options[name] !== null) args.push(flag, String(options[name]));
  }
  if (options.quiet ?? true) args.push('--quiet');
  if (options.args !== undefined) {
    if (!Array.isArray(options.args)) throw new TypeError('kassa-sandbox: options.args must be an array of strings');
    args.push(...options.args.map(String));
  }
  return args;
}

// One macrotask turn: what timers woke runs (microtasks, in-process deliveries) before it ends.
const turn = typeof globalThis.setImmediate === 'function'
  ? () => new Promise((resolve) => globalThis.setImmediate(resolve))
  : () => new Promise((resolve) => setTimeout(resolve, 0));

function describeFailure(err) {
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError' || err === 'timeout') return 'timeout';
  const code = err?.cause?.code ?? err?.code;
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) {
    return 'connection refused or unreachable';
  }
  if (err instanceof TypeError && /invalid url/i.test(String(err.message))) return 'invalid URL';
  return 'connection failed';
}

function pairs(flat) {
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

/**
 * Starts one emulator core. `deliver(request)` sends a notification (a fetch-like function:
 * `Request` in, `Response` out); `now()` is the clock; `timers: 'manual'` arms no `setTimeout`
 * (only `advance` fires timers); `log(line)` and `readFile(path)` serve the flags that need them.
 */
export function startCore({ args = [], port, deliver, now = () => Date.now(), timers = 'real', log = () => {}, readFile = () => null }) {
  if (timers !== 'real' && timers !== 'manual') throw new TypeError("kassa-sandbox: timers must be 'real' or 'manual'");
  if (typeof now !== 'function') throw new TypeError('kassa-sandbox: now must be a function returning milliseconds');
  const handles = new Set();
  let core;
  let closed = false;
  const host = {
    now: () => Number(now()),
    schedule(ms) {
      if (timers !== 'real' || closed) return;
      const handle = setTimeout(() => {
        handles.delete(handle);
        if (!closed) core.fireDue();
      }, ms);
      // A waiting timer must not keep a test process alive (Node, Deno).
      if (typeof handle === 'object' && typeof handle?.unref === 'function') handle.unref();
      else if (typeof handle === 'number' && typeof globalThis.Deno?.unrefTimer === 'function') globalThis.Deno.unrefTimer(handle);
      handles.add(handle);
    },
    async deliver(method, url, flatHeaders, body) {
      const request = new Request(url, {
        method, headers: pairs(flatHeaders), body: method === 'GET' || method === 'HEAD' ? undefined : body, redirect: 'manual',
      });
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject('timeout'), DELIVERY_TIMEOUT_MS);
        if (typeof timer === 'object') timer?.unref?.();
      });
      try {
        const response = await Promise.race([Promise.resolve().then(() => deliver(request)), timeout]);
        const status = Number(response?.status);
        try { await response.arrayBuffer(); } catch { /* the status is what counts */ }
        return status;
      } catch (err) {
        throw describeFailure(err);
      } finally {
        clearTimeout(timer);
      }
    },
    log: (line) => log(line),
    readFile: (path) => readFile(path),
  };
  core = new SandboxCore(args, port, host);
  return {
    core,
    close() {
      closed = true;
      core.close();
      for (const handle of handles) clearTimeout(handle);
      handles.clear();
    },
  };
}

/** Whether `url` is addressed to this sandbox: 127.0.0.1, localhost or any *.localhost, on its port. */
function owns(url, port) {
  const host = url.hostname.toLowerCase();
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.port === String(port) &&
    (host === '127.0.0.1' || host === 'localhost' || host.endsWith('.localhost') || host === '[::1]');
}

function networkError(message, cause) {
  return new TypeError(`fetch failed: ${message}`, cause === undefined ? undefined : { cause });
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * An emulator in this process. See kassa-sandbox.d.ts for the options and the answer.
 */
export async function createSandbox(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('kassa-sandbox: options must be an object');
  const port = options.port ?? IN_PROCESS_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError('kassa-sandbox: port must be 1-65535');
  if (options.deliver !== undefined && typeof options.deliver !== 'function') {
    throw new TypeError('kassa-sandbox: deliver must be a fetch-like function');
  }
  const outside = globalThis.fetch.bind(globalThis);
  let sandbox;
  // Notifications to the sandbox's own URLs (its /echo/, say) stay in process; the rest go to
  // the caller's deliver, else to the runtime's fetch.
  const deliver = (request) => (owns(new URL(request.url), port) ? sandbox.fetch(request) : (options.deliver ?? outside)(request));
  // With manual timers the clock stands still too (only `advance` moves it), unless the caller
  // brings one: a test then sees exactly the times it asked for.
  const timers = options.timers ?? 'real';
  const frozen = Date.now();
  const now = options.now ?? (timers === 'manual' ? () => frozen : () => Date.now());
  const { core, close } = startCore({
    args: optionsToArgs(options), port, deliver, now, timers, log: options.log ?? ((line) => console.error(line)),
  });
  const config = JSON.parse(core.config());
  let closed = false;

  async function once(request) {
    const url = new URL(request.url);
    const method = request.method;
    const headers = [];
    request.headers.forEach((value, name) => headers.push(name, value));
    const body = method === 'GET' || method === 'HEAD' ? new Uint8Array(0) : new Uint8Array(await request.arrayBuffer());
    let answer;
    try {
      answer = await core.handle(method, url.href, headers, body);
    } catch (err) {
      throw networkError(String(err?.message ?? err), err);
    }
    if (answer.closed) throw networkError('the sandbox closed the connection (a close_before/close_after fault)');
    const responseHeaders = new Headers();
    for (const [name, value] of pairs(answer.headers)) responseHeaders.append(name, value);
    const nullBody = NULL_BODY.has(answer.status) || method === 'HEAD';
    return new Response(nullBody ? null : answer.body, { status: answer.status, headers: responseHeaders });
  }

  async function fetchIn(input, init) {
    if (closed) throw networkError('this sandbox is closed');
    if (typeof input === 'string' && input.startsWith('/')) input = config.baseUrl + input;
    let request = new Request(input, init);
    if (!owns(new URL(request.url), port)) {
      throw networkError(`${new URL(request.url).origin} is not this sandbox (${config.baseUrl}); use the URLs of sandbox.config`);
    }
    const mode = request.redirect;
    for (let hop = 0; ; hop++) {
      const response = await once(request);
      const location = response.headers.get('location');
      if (mode === 'manual' || ![301, 302, 303, 307, 308].includes(response.status) || location === null) {
        if (hop > 0) Object.defineProperties(response, { redirected: { value: true }, url: { value: request.url } });
        return response;
      }
      if (mode === 'error') throw networkError('redirect in redirect mode "error"');
      if (hop >= MAX_REDIRECTS) throw networkError('too many redirects');
      const next = new URL(location, request.url);
      const keepBody = response.status === 307 || response.status === 308;
      const method = keepBody || request.method === 'GET' || request.method === 'HEAD' ? request.method : 'GET';
      const init2 = { method, headers: request.headers, redirect: mode };
      if (keepBody && method !== 'GET' && method !== 'HEAD') init2.body = await request.clone().arrayBuffer();
      if (!keepBody) { const h = new Headers(request.headers); h.delete('content-type'); h.delete('content-length'); init2.headers = h; }
      // Following a redirect out of the sandbox (a merchant's returnUrl) leaves the process.
      if (!owns(next, port)) return outside(next, init2);
      request = new Request(next, init2);
    }
  }

  const admin = async (method, path, body) => {
    const response = await fetchIn(config.admin + path, {
      method, headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`kassa-sandbox: ${method} /__admin${path}: HTTP ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const query = (q) => {
    const s = new URLSearchParams(Object.entries(q ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
    return s ? `?${s}` : '';
  };

  sandbox = {
    config,
    fetch: fetchIn,
    notifications: async (q) => (await admin('GET', `/notifications${query(q)}`)).notifications,
    requests: async (q) => (await admin('GET', `/requests${query(q)}`)).requests,
    faults: {
      add: (fault) => admin('POST', '/faults', fault),
      list: async () => (await admin('GET', '/faults')).faults,
      clear: () => admin('DELETE', '/faults'),
    },
    admin,
    reset: () => admin('POST', '/reset'),
    now: () => core.now(),
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError('kassa-sandbox: advance(ms) needs a number of milliseconds >= 0');
      const target = core.now() + ms;
      // Step from deadline to deadline so what a timer starts (a retry, the next expiry check)
      // runs at its own time, as real time would have it.
      for (let steps = 0; steps < 1_000_000; steps++) {
        const next = core.nextDeadline();
        if (next === undefined || next > target) break;
        const gap = next - core.now();
        if (gap > 0) core.advanceClock(gap);
        core.fireDue();
        await turn();
      }
      const rest = target - core.now();
      if (rest > 0) core.advanceClock(rest);
      core.fireDue();
      await turn();
    },
    close() {
      if (closed) return;
      closed = true;
      close();
    },
  };
  sandbox.fetch = sandbox.fetch.bind(sandbox);
  return sandbox;
}
