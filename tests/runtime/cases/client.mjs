// Runtime-matrix cases for the API clients that need no emulator: argument validation, the
// secrets-in-a-browser guard, and the wire format seen by a caller-supplied fetch.
import { equal, ok, deepEqual, throwsKassa, rejectsKassa } from './assert.mjs';

const inBrowserPage = typeof window !== 'undefined' && typeof document !== 'undefined';

/** A fetch that records requests and answers from a list of [status, body, headers?]. */
function scriptedFetch(answers) {
  const seen = [];
  const fetch = async (url, init) => {
    const body = init.body ? new TextDecoder().decode(init.body) : '';
    const headers = Object.fromEntries(init.headers.map(([k, v]) => [k.toLowerCase(), v]));
    seen.push({ url, method: init.method, headers, body, redirect: init.redirect });
    const [status, text, extra] = answers[Math.min(seen.length - 1, answers.length - 1)];
    return new Response(typeof text === 'string' ? text : JSON.stringify(text), { status, headers: extra || {} });
  };
  return { fetch, seen };
}

const allow = { dangerouslyAllowBrowser: true };

const cases = [
  {
    name: 'client: constructing with secrets in a browser page throws SECRETS_IN_BROWSER (only there)',
    run(kassa) {
      const make = (extra) => new kassa.RbsClient({ userName: 'shop-api', password: 'pw', ...extra });
      if (inBrowserPage) {
        const err = throwsKassa(kassa, () => make({}), 'SECRETS_IN_BROWSER');
        ok(!err.message.includes('pw'), 'message holds no secret');
        throwsKassa(kassa, () => new kassa.CashierClient({ baseUrl: 'https://x', login: 'l', password: 'p' }), 'SECRETS_IN_BROWSER');
        throwsKassa(kassa, () => new kassa.KoshelekClient({ partner: 'p', login: 'l', password: 'p', storeId: '1', terminalId: 't' }), 'SECRETS_IN_BROWSER');
      } else {
        equal(make({}).baseUrl, 'https://vtb.rbsuat.com/payment/rest/');
      }
      equal(make(allow).baseUrl, 'https://vtb.rbsuat.com/payment/rest/');
      equal(make({ ...allow, environment: 'production' }).baseUrl, 'https://platezh.vtb24.ru/payment/rest/');
    },
  },
  {
    name: 'client: missing or conflicting credentials are INVALID_ARGUMENT',
    run(kassa) {
      throwsKassa(kassa, () => new kassa.RbsClient({ ...allow }), 'INVALID_ARGUMENT');
      throwsKassa(kassa, () => new kassa.RbsClient({ ...allow, userName: 'u', password: 'p', token: 't' }), 'INVALID_ARGUMENT');
      throwsKassa(kassa, () => new kassa.RbsClient({ ...allow, token: 't', environment: 'prod' }), 'INVALID_ARGUMENT');
      throwsKassa(kassa, () => new kassa.CashierClient({ ...allow, login: 'l', password: 'p' }), 'INVALID_ARGUMENT');
      throwsKassa(kassa, () => new kassa.KoshelekClient({ ...allow, partner: 'p', login: 'l', password: 'p', storeId: '1' }), 'INVALID_ARGUMENT');
      throwsKassa(kassa, () => new kassa.RbsClient({ ...allow, token: 't', fetch: 'no' }), 'INVALID_ARGUMENT');
    },
  },
  {
    name: 'client: bad amounts reject with INVALID_AMOUNT before any request',
    async run(kassa) {
      const { fetch, seen } = scriptedFetch([[200, {}]]);
      const rbs = new kassa.RbsClient({ ...allow, token: 't', fetch });
      for (const amount of [10.5, -1, NaN, '12a']) {
        await rejectsKassa(kassa, rbs.register({ orderNumber: 'n', amount, returnUrl: 'https://s' }), 'INVALID_AMOUNT', `amount ${amount}`);
      }
      const cashier = new kassa.CashierClient({ ...allow, baseUrl: 'https://mc/', login: 'l', password: 'p', fetch });
      await rejectsKassa(kassa, cashier.createOrder({ orderAmount: 1.5, orderCurrency: 'RUB', tspId: 1 }), 'INVALID_AMOUNT');
      equal(seen.length, 0, 'no request was sent');
    },
  },
  {
    name: 'client: RBS register goes out as the reference says, through the given fetch',
    async run(kassa) {
      const { fetch, seen } = scriptedFetch([[200, { orderId: 'md-1', formUrl: 'https://gw/pay?mdOrder=md-1' }]]);
      const rbs = new kassa.RbsClient({ ...allow, baseUrl: 'https://gw.test/payment/rest/', userName: 'shop-api', password: 'pw', fetch });
      const r = await rbs.register({ orderNumber: 'A-1', amount: 1000, returnUrl: 'https://shop/ok?x=1', description: undefined,
        language: '', features: ['FORCE_SSL', 'FORCE_TDS'], jsonParams: { k: 'в' } });
      deepEqual(r, { orderId: 'md-1', formUrl: 'https://gw/pay?mdOrder=md-1' });
      equal(seen.length, 1);
      equal(seen[0].redirect, 'manual', 'redirects are never followed');
      equal(seen[0].url, 'https://gw.test/payment/rest/register.do');
      equal(seen[0].method, 'POST');
      equal(seen[0].headers['content-type'], 'application/x-www-form-urlencoded');
      equal(seen[0].body, 'userName=shop-api&password=pw&orderNumber=A-1&amount=1000&returnUrl=https%3A%2F%2Fshop%2Fok%3Fx%3D1'
        + '&language=&features=FORCE_SSL&features=FORCE_TDS&jsonParams=%7B%22k%22%3A%22%D0%B2%22%7D');
      equal(new URLSearchParams(seen[0].body).get('jsonParams'), '{"k":"в"}');
    },
  },
  {
    name: 'client: RBS errorCode in HTTP 200 rejects with GATEWAY_ERROR carrying the gateway fields',
    async run(kassa) {
      const { fetch } = scriptedFetch([[200, { errorCode: '1', errorMessage: 'Order number is duplicated' }]]);
      const rbs = new kassa.RbsClient({ ...allow, token: 't', fetch });
      const err = await rejectsKassa(kassa, rbs.register({ orderNumber: 'n', amount: 1, returnUrl: 'https://s' }), 'GATEWAY_ERROR');
      equal(err.gateway, 'rbs');
      equal(err.errorCode, '1');
      equal(err.errorMessage, 'Order number is duplicated');
      equal(err.httpStatus, 200);
    },
  },
  {
    name: 'client: Mobile Cashier logs in, sends x-req-id and repeats it on a 502 retry',
    async run(kassa) {
      const { fetch, seen } = scriptedFetch([
        [200, { success: true, accessToken: 'T1', expiresAccess: '4102444800' }],
        [502, ''],
        [200, { success: true, description: '', order: { id: 7, status: 'CREATED' } }],
      ]);
      const c = new kassa.CashierClient({ ...allow, baseUrl: 'https://mc.test/api/', login: 'a@b', password: 'p', fetch });
      const r = await c.createOrder({ orderAmount: 100, orderCurrency: 'RUB', tspId: 1 }, { requestId: 'my-key-1' });
      equal(r.order.id, 7);
      equal(r.requestId, 'my-key-1');
      deepEqual(seen.map((s) => s.url), ['https://mc.test/api/public/login', 'https://mc.test/api/order', 'https://mc.test/api/order']);
      equal(seen[1].headers.authorization, 'Bearer T1');
      equal(seen[1].headers['x-req-id'], 'my-key-1');
      equal(seen[2].headers['x-req-id'], 'my-key-1');
      equal(seen[1].body, seen[2].body);
    },
  },
  {
    name: 'client: Koshelek 422 rejects with the reference code and details; storeId/terminalId added',
    async run(kassa) {
      const { fetch, seen } = scriptedFetch([[422, { code: 'UNKNOWN_SESSION_ID', details: 'cardSession не существует' }]]);
      const k = new kassa.KoshelekClient({ ...allow, partner: 'shop', login: 'l', password: 'p', storeId: '1001', terminalId: 'T-01', fetch });
      const err = await rejectsKassa(kassa, k.request('POST', 'checkout', { cardSession: 's-1' }), 'GATEWAY_ERROR');
      equal(err.errorCode, 'UNKNOWN_SESSION_ID');
      equal(err.details, 'cardSession не существует');
      equal(seen[0].url, 'https://api-test.koshelek.app/shop/checkout');
      deepEqual(JSON.parse(seen[0].body), { storeId: '1001', terminalId: 'T-01', cardSession: 's-1' });
      equal(seen[0].headers.authorization, 'Basic ' + btoa('l:p'));
    },
  },
  {
    name: 'client: waitForFinalStatus needs a deadline; Koshelek paths stay under baseUrl',
    async run(kassa) {
      const { fetch, seen } = scriptedFetch([[200, {}]]);
      const rbs = new kassa.RbsClient({ ...allow, token: 't', fetch });
      await rejectsKassa(kassa, rbs.waitForFinalStatus('md-1', {}), 'INVALID_ARGUMENT');
      const k = new kassa.KoshelekClient({ ...allow, baseUrl: 'https://k.test/p/', login: 'l', password: 'p', storeId: '1', terminalId: 't', fetch });
      await rejectsKassa(kassa, k.request('GET', 'https://elsewhere.test/x'), 'INVALID_ARGUMENT');
      await rejectsKassa(kassa, k.request('TRACE', 'x'), 'INVALID_ARGUMENT');
      equal(seen.length, 0);
    },
  },
  {
    name: 'client: the timeout aborts a hanging request (TIMEOUT)',
    async run(kassa) {
      const hanging = (url, init) => new Promise((_, reject) => {
        init.signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
      const rbs = new kassa.RbsClient({ ...allow, token: 't', fetch: hanging, timeoutMs: 50, maxRetries: 0 });
      const t0 = Date.now();
      const err = await rejectsKassa(kassa, rbs.getOrderStatusExtended({ orderId: 'x' }), 'TIMEOUT');
      ok(Date.now() - t0 < 5000, 'fired quickly');
      ok(/50 ms/.test(err.message), err.message);
    },
  },
];

cases.push(
  {
    name: 'client: a 302/307 is REDIRECT_REFUSED naming only the host; an opaque redirect too; never followed',
    async run(kassa) {
      for (const status of [302, 307]) {
        const { fetch, seen } = scriptedFetch([[status, '', { location: 'https://evil.example:8443/steal?password=pw-SECRET' }]]);
        const rbs = new kassa.RbsClient({ ...allow, baseUrl: 'https://gw.test/payment/rest/', userName: 'u', password: 'pw-SECRET', fetch });
        const err = await rejectsKassa(kassa, rbs.register({ orderNumber: 'A', amount: 1, returnUrl: 'https://s' }), 'REDIRECT_REFUSED');
        equal(err.httpStatus, status);
        ok(err.message.includes('evil.example:8443') && !err.message.includes('steal') && !err.message.includes('pw-SECRET'), err.message);
        equal(seen.length, 1, 'no status query, nothing sent elsewhere');
      }
      const opaque = async () => ({ type: 'opaqueredirect', status: 0, headers: new Headers(), body: null });
      const mc = new kassa.CashierClient({ ...allow, baseUrl: 'https://mc.test/', login: 'l', password: 'p', fetch: opaque });
      const err = await rejectsKassa(kassa, mc.login(), 'REDIRECT_REFUSED');
      ok(/hidden by the runtime/.test(err.message), err.message);
    },
  },
  {
    name: 'client: maxResponseBytes is enforced while reading (RESPONSE_TOO_LARGE; OUTCOME_UNKNOWN for money)',
    async run(kassa) {
      const big = JSON.stringify({ orderStatus: 2, pad: 'x'.repeat(5000) });
      const { fetch } = scriptedFetch([[200, big]]);
      const rbs = new kassa.RbsClient({ ...allow, token: 't', fetch, maxResponseBytes: 1000 });
      const e1 = await rejectsKassa(kassa, rbs.getOrderStatusExtended({ orderId: 'x' }), 'RESPONSE_TOO_LARGE');
      equal(e1.httpStatus, 200);
      const e2 = await rejectsKassa(kassa, rbs.register({ orderNumber: 'A', amount: 1, returnUrl: 'https://s' }), 'OUTCOME_UNKNOWN');
      equal(e2.details.cause, 'RESPONSE_TOO_LARGE');
      throwsKassa(kassa, () => new kassa.RbsClient({ ...allow, token: 't', maxResponseBytes: 0 }), 'INVALID_ARGUMENT');
    },
  },
  {
    name: 'client: base URLs are https or loopback http, without userinfo or query',
    run(kassa) {
      throwsKassa(kassa, () => new kassa.RbsClient({ ...allow, token: 't', baseUrl: 'http://gw.example/payment/rest/' }), 'INSECURE_URL');
      const e = throwsKassa(kassa, () => new kassa.CashierClient({ ...allow, baseUrl: 'https://u:pw-SECRET@mc.test/', login: 'l', password: 'p' }), 'INVALID_URL');
      ok(!e.message.includes('pw-SECRET'), e.message);
      throwsKassa(kassa, () => new kassa.KoshelekClient({ ...allow, baseUrl: 'https://k.test/?a=b', login: 'l', password: 'p', storeId: '1', terminalId: 't' }), 'INVALID_URL');
      equal(new kassa.RbsClient({ ...allow, token: 't', baseUrl: 'http://127.0.0.2:8787/payment/rest' }).baseUrl, 'http://127.0.0.2:8787/payment/rest/');
    },
  },
);

export default cases;

// With the emulator (env.emulator = its startup line, given to the matrix as KASSA_EMULATOR_JSON):
// the real transport of each runtime against real HTTP. Without it these cases are not run.
export const withEmulator = [
  {
    name: 'client (emulator): RBS register, pay, waitForFinalStatus over the runtime\'s own fetch',
    async run(kassa, env) {
      const m = env.emulator.rbs.merchants.find((x) => x.name === 'plain');
      const rbs = new kassa.RbsClient({ ...allow, baseUrl: env.emulator.rbs.baseUrl, userName: m.userName, password: m.password });
      const orderNumber = `rt-${env.runtime.slice(0, 6)}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      const { orderId, formUrl } = await rbs.register({ orderNumber, amount: 4321, returnUrl: 'https://shop.test/ok' });
      ok(formUrl.includes(orderId), formUrl);
      await rbs.paymentOrder({ MDORDER: orderId, $PAN: '4111111111111111', $CVC: '123', YYYY: 2030, MM: 12, TEXT: 'TEST CARDHOLDER', language: 'en' });
      const s = await rbs.waitForFinalStatus(orderId, { deadline: Date.now() + 10000 });
      equal(s.orderStatus, 2);
      equal(s.amount, 4321);
    },
  },
  {
    name: 'client (emulator): Mobile Cashier login + createOrder with x-req-id; Koshelek 422',
    async run(kassa, env) {
      const c = env.emulator.cashier;
      const mc = new kassa.CashierClient({ ...allow, baseUrl: c.baseUrl, login: c.login, password: c.password });
      const r = await mc.createOrder({ orderAmount: 100, orderCurrency: 'RUB', tspId: c.tspId });
      equal(r.order.status, 'CREATED');
      ok(/^[0-9a-f-]{36}$/.test(r.requestId), r.requestId);
      const k = env.emulator.koshelek;
      const kc = new kassa.KoshelekClient({ ...allow, baseUrl: k.baseUrl, login: k.login, password: k.password, storeId: k.storeId, terminalId: k.terminalId, token: 'totp' });
      const err = await rejectsKassa(kassa, kc.checkout({ cardSession: '000000', checkoutInvoice: { orderId: 'o', totalAmount: 500, items: [] }, user: { loyaltyId: 'u' }, paymentMethods: [{ type: 'SBP' }] }), 'GATEWAY_ERROR');
      equal(err.errorCode, 'UNKNOWN_SESSION_ID');
    },
  },
];
