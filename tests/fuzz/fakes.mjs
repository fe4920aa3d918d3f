// In-process fake `fetch` functions for the clients: never a real network. Some answer like the
// gateway would, most are hostile (throw synchronously, return a non-promise, a Response with
// throwing getters, an erroring or endless body, a huge body, a redirect, non-JSON, a hang).
// Every fake records what it was asked, so the harness can assert that no request left for another
// host and that every request asked for `redirect: 'manual'` (or 'error').
import { throwingGetters, throwingProxy, revokedProxy } from './values.mjs';

const enc = new TextEncoder();
const sym = Symbol('fuzz-fetch');

/** Bodies a gateway could plausibly send on success, per client. */
const OK_BODY = {
  rbs: { errorCode: '0', errorMessage: '', orderId: 'ord-1', formUrl: 'https://rbs.fuzz.example/payment/merchants/x/payment_ru.html?mdOrder=ord-1',
    orderNumber: 'F-1', orderStatus: 2, actionCode: 0, amount: 100, success: true, bindings: [], status: 'SUCCESS' },
  cashier: { success: true, token: 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln', expiresIn: 3600,
    order: { id: 1, status: 'CHARGED', paymentAmount: 100 }, externalOrderId: 'ext-1', orders: [], banks: [] },
  koshelek: { transactionId: 't-1', status: 'PAID', amount: 100 },
};

function response(body, status = 200, headers = { 'content-type': 'application/json' }) {
  return new Response(body, { status, headers });
}

function stream({ chunk = 1 << 20, limit = 64 << 20, errorAfter = -1 } = {}) {
  let sent = 0;
  const bytes = new Uint8Array(chunk).fill(0x61);
  return new ReadableStream({
    pull(ctrl) {
      if (errorAfter >= 0 && sent >= errorAfter) { ctrl.error(new Error('fuzz: body stream error')); return; }
      if (sent >= limit) { ctrl.close(); return; }
      ctrl.enqueue(bytes);
      sent += chunk;
    },
  });
}

/** `[name, (gateway, signal) => result]`: what the fake does with one request. */
export const BEHAVIOURS = [
  ['ok-json', (g) => Promise.resolve(response(JSON.stringify(OK_BODY[g])))],
  ['ok-json', (g) => Promise.resolve(response(JSON.stringify(OK_BODY[g])))],
  ['ok-json', (g) => Promise.resolve(response(JSON.stringify(OK_BODY[g])))],
  ['business-error', (g) => Promise.resolve(response(JSON.stringify(g === 'rbs' ? { errorCode: '5', errorMessage: 'fuzz' } : { success: false, code: 'X', message: 'fuzz' })))],
  ['order-not-found', () => Promise.resolve(response(JSON.stringify({ errorCode: '6', errorMessage: 'Order not found' })))],
  ['error-7', () => Promise.resolve(response(JSON.stringify({ errorCode: '7', errorMessage: 'System error' })))],
  ['already-processed', () => Promise.resolve(response(JSON.stringify({ errorCode: '1', errorMessage: 'Order number is already processed' })))],
  ['non-json-200', () => Promise.resolve(response('<html>gateway maintenance</html>', 200, { 'content-type': 'text/html' }))],
  ['empty-200', () => Promise.resolve(response(''))],
  ['json-scalar', () => Promise.resolve(response('42'))],
  ['json-null', () => Promise.resolve(response('null'))],
  ['json-array', () => Promise.resolve(response('[]'))],
  ['json-deep', () => Promise.resolve(response('['.repeat(100_000)))],
  ['json-huge-number', () => Promise.resolve(response('{"errorCode":1e400,"orderId":123456789012345678901234567890,"amount":-1e308}'))],
  ['json-wrong-types', (g) => Promise.resolve(response(JSON.stringify(Object.fromEntries(Object.keys(OK_BODY[g]).map((k) => [k, { nested: [k] }])))))],
  ['json-bom', (g) => Promise.resolve(response('\uFEFF' + JSON.stringify(OK_BODY[g])))],
  ['json-lone-surrogate', () => Promise.resolve(response('{"errorCode":"0","orderId":"\\ud800"}'))],
  ['huge-body-12MB', () => Promise.resolve(response('{"a":"' + 'x'.repeat(12 << 20) + '"}'))],
  ['endless-body', () => Promise.resolve(new Response(stream(), { status: 200, headers: { 'content-type': 'application/json' } }))],
  ['erroring-body', () => Promise.resolve(new Response(stream({ chunk: 16, errorAfter: 32 }), { status: 200 }))],
  ['content-length-lie', () => Promise.resolve(response('{"errorCode":"0"}', 200, { 'content-length': '99999999999', 'content-type': 'application/json' }))],
  ['throw-sync', () => { throw new TypeError('fuzz: fetch threw synchronously'); }],
  ['throw-sync-symbol', () => { throw sym; }],
  ['throw-sync-undefined', () => { throw undefined; }],
  ['throw-sync-proxy', () => { throw throwingProxy({}); }],
  ['return-number', () => 42],
  ['return-undefined', () => undefined],
  ['return-response-not-promise', (g) => response(JSON.stringify(OK_BODY[g]))],
  ['return-thenable-throwing', () => ({ then() { throw new Error('fuzz: then'); } })],
  ['reject-undefined', () => Promise.reject(undefined)],
  ['reject-symbol', () => Promise.reject(sym)],
  ['reject-proxy', () => Promise.reject(throwingProxy({}))],
  ['reject-revoked-proxy', () => Promise.reject(revokedProxy())],
  ['reject-throwing-getters', () => Promise.reject(throwingGetters(['name', 'message', 'code', 'stack', 'cause']))],
  ['resolve-throwing-getters', () => Promise.resolve(throwingGetters(['status', 'ok', 'headers', 'body', 'type', 'url', 'redirected', 'text', 'json', 'arrayBuffer', 'clone']))],
  ['resolve-proxy-all-traps-throw', () => Promise.resolve(throwingProxy({}))],
  ['resolve-revoked-proxy', () => Promise.resolve(revokedProxy())],
  ['resolve-null', () => Promise.resolve(null)],
  ['resolve-plain-object', (g) => Promise.resolve({ status: 200, ok: true, headers: new Headers(), body: null, text: async () => JSON.stringify(OK_BODY[g]), json: async () => OK_BODY[g], arrayBuffer: async () => enc.encode(JSON.stringify(OK_BODY[g])).buffer })],
  ['resolve-object-methods-throw', () => Promise.resolve({ status: 200, ok: true, headers: { get() { throw new Error('fuzz: headers.get'); } }, body: null, text() { throw new Error('fuzz: text'); }, json() { throw new Error('fuzz: json'); }, arrayBuffer() { throw new Error('fuzz: arrayBuffer'); } })],
  ['resolve-status-weird', () => Promise.resolve({ status: 'two hundred', ok: 'yes', headers: new Headers(), body: null, text: async () => 42, arrayBuffer: async () => 'x' })],
  ['redirect-302', () => Promise.resolve(new Response(null, { status: 302, headers: { location: 'https://evil.example/steal?x=1' } }))],
  ['redirect-307', () => Promise.resolve(new Response(null, { status: 307, headers: { location: 'https://evil.example/steal' } }))],
  ['redirect-301-relative', () => Promise.resolve(new Response(null, { status: 301, headers: { location: '//evil.example/' } }))],
  ['redirect-opaque', () => Promise.resolve({ type: 'opaqueredirect', status: 0, ok: false, redirected: false, url: '', headers: new Headers(), body: null, text: async () => '', arrayBuffer: async () => new ArrayBuffer(0) })],
  ['redirected-true', (g) => { const r = response(JSON.stringify(OK_BODY[g])); Object.defineProperty(r, 'redirected', { value: true }); Object.defineProperty(r, 'url', { value: 'https://evil.example/' }); return Promise.resolve(r); }],
  ['status-500', () => Promise.resolve(response('{"error":"x"}', 500))],
  ['status-502-html', () => Promise.resolve(response('<html>bad gateway</html>', 502, { 'content-type': 'text/html' }))],
  ['status-503-retry-after-huge', () => Promise.resolve(response('', 503, { 'retry-after': '99999999' }))],
  ['status-429-retry-after-nan', () => Promise.resolve(response('', 429, { 'retry-after': 'NaN' }))],
  ['status-429-retry-after-date', () => Promise.resolve(response('', 429, { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }))],
  ['status-429-retry-after-negative', () => Promise.resolve(response('', 429, { 'retry-after': '-5' }))],
  ['status-401', () => Promise.resolve(response('{"message":"unauthorized"}', 401))],
  ['status-403', () => Promise.resolve(response('forbidden', 403))],
  ['status-404', () => Promise.resolve(response('not found', 404))],
  ['status-422', () => Promise.resolve(response(JSON.stringify({ code: 'UNKNOWN_TRANSACTION_ID', details: 'fuzz' }), 422))],
  ['status-422-weird', () => Promise.resolve(response(JSON.stringify({ code: { a: 1 }, details: [1, 2] }), 422))],
  ['status-204', () => Promise.resolve(new Response(null, { status: 204 }))],
  ['hang-honours-abort', (g, signal) => new Promise((_, reject) => {
    if (signal && typeof signal.addEventListener === 'function') signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  })],
  ['hang-ignores-abort', () => new Promise(() => {})],
  ['slow-headers-then-ok', (g) => new Promise((resolve) => setTimeout(() => resolve(response(JSON.stringify(OK_BODY[g]))), 5))],
  // Like a real fetch: the body stalls, but aborting the request's signal errors it.
  ['body-stalls-until-abort', (g, signal) => Promise.resolve(new Response(new ReadableStream({
    start(ctrl) { if (signal && typeof signal.addEventListener === 'function') signal.addEventListener('abort', () => ctrl.error(new DOMException('aborted', 'AbortError'))); },
    pull() { return new Promise(() => {}); },
  }), { status: 200 }))],
  // A custom fetch that ignores the signal: the body never ends whatever happens.
  ['body-never-ends-ignores-abort', () => Promise.resolve(new Response(new ReadableStream({ pull() { return new Promise(() => {}); } }), { status: 200 }))],
];

/** Behaviours that cost much (tens of MB) or hang until a timeout: picked rarely. */
const RARE = new Set(['huge-body-12MB', 'endless-body', 'json-deep', 'hang-ignores-abort', 'body-never-ends-ignores-abort',
  'body-stalls-until-abort', 'hang-honours-abort', 'status-503-retry-after-huge', 'status-429-retry-after-date']);
const WEIGHTED = BEHAVIOURS.map((b) => [b, RARE.has(b[0]) ? 0.15 : 1]);
const TOTAL = WEIGHTED.reduce((n, [, w]) => n + w, 0);

/** One behaviour, the rare ones at about a seventh of the others' rate. */
export function pickBehaviour(rng) {
  let r = rng() * TOTAL;
  for (const [b, w] of WEIGHTED) if ((r -= w) < 0) return b;
  return BEHAVIOURS[0];
}

/**
 * A fake fetch for one client: each request takes the next behaviour from `plan` (the last one
 * repeats). `log` collects every request: { url, method, redirect, hostOk }.
 */
export function fakeFetch(gateway, plan, allowedHost, log) {
  let n = 0;
  return function fetch(input, init) {
    const [, behave] = plan[Math.min(n, plan.length - 1)];
    n++;
    let url = '';
    let redirect;
    let signal;
    try {
      url = typeof input === 'string' ? input : String(input?.url ?? input);
      redirect = init?.redirect;
      signal = init?.signal;
    } catch {
      url = '[unreadable]';
    }
    let host = '';
    try { host = new URL(url).host; } catch { /* recorded as not ok */ }
    log.push({ url: url.slice(0, 200), method: init?.method, redirect, hostOk: host === allowedHost });
    return behave(gateway, signal);
  };
}
