// The demo's merchant backend: a Cloudflare Worker (run by workerd) that holds the emulator's
// credentials, creates orders with kassa's clients, receives the gateways' notifications at
// /notify/* and verifies them with kassa's verifiers, and serves a small JSON API to the page:
//
//   GET  /api/health                 { kassa: version, gateways: {...}, ready: { gateway: bool } }
//   POST /api/orders                 { gateway, amount, buyer? }  -> order (with `redirect` for the page;
//                                    buyer: Koshelek's test buyer, 'pays' or 'limit')
//   GET  /api/orders/:id             -> order (status, timeline)
//   POST /api/orders/:id/returned    the buyer is back: ask the gateway for the status -> order
//   POST /api/orders/:id/card        { pan, expiry, cvc } -> { next, order }  (RBS paymentorder.do)
//   POST /api/orders/:id/refund      { amount }  -> order
//   GET|POST /notify/rbs, POST /notify/cashier, POST /notify/koshelek, or /notify (told apart by headers)
import * as kassa from 'kassa';
import { OrderBook, GATEWAYS, record, view } from './orders.mjs';
import { gateways, describeError } from './gateways.mjs';

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function jsonBody(request) {
  try {
    return await request.json();
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
}

function amountOf(value, max) {
  if (!Number.isSafeInteger(value) || value <= 0) throw new HttpError(400, 'amount must be a positive whole number of kopecks');
  if (max !== undefined && value > max) throw new HttpError(400, `amount is more than the ${max} kopecks left to refund`);
  return value;
}

/** The worker for `config` (written by scripts/demo.mjs from the emulator's startup line). */
export function createWorker(config) {
  const book = new OrderBook();
  const adapters = gateways(config);
  const pageOrigin = new URL(config.pageUrl).origin;
  const cors = (origin) => ({
    'access-control-allow-origin': origin === pageOrigin || /^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(origin ?? '') ? origin : pageOrigin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    vary: 'origin',
  });

  const orderOr404 = (id) => {
    const order = book.get(id);
    if (!order) throw new HttpError(404, `no order ${id} (orders live in the worker's memory; restarting the demo forgets them)`);
    return order;
  };

  async function api(request, parts) {
    const [, , id, action] = parts;
    if (request.method === 'GET' && parts[1] === 'health') {
      const has = (name) => typeof kassa[name] === 'function';
      return {
        kassa: kassa.version(), gateways: GATEWAYS,
        ready: {
          'rbs-hmac': has('RbsClient') && has('RbsCallbackVerifier'), 'rbs-rsa': has('RbsClient') && has('RbsCallbackVerifier'),
          cashier: has('CashierClient') && has('CashierWebhookVerifier'), koshelek: has('KoshelekClient') && has('KoshelekPostbackVerifier'),
        },
      };
    }
    if (parts[1] !== 'orders') throw new HttpError(404, 'unknown API path');
    if (!id && request.method === 'POST') {
      const body = await jsonBody(request);
      const { gateway, amount } = body;
      if (!GATEWAYS[gateway]) throw new HttpError(400, `unknown gateway ${JSON.stringify(gateway)}: one of ${Object.keys(GATEWAYS).join(', ')}`);
      const order = book.create(gateway, amountOf(amount));
      const returnUrl = `${config.pageUrl}?order=${encodeURIComponent(order.id)}`;
      try {
        await adapters[gateway].create(order, returnUrl, body);
        record(order, 'status', 'Waiting for the buyer to pay', { ok: null });
        order.status = 'pending';
      } catch (err) {
        order.status = 'failed';
        order.final = true;
        record(order, 'error', 'The order could not be created', { ok: false, detail: describeError(err) });
      }
      return view(order);
    }
    const order = orderOr404(id);
    if (request.method === 'GET' && !action) return view(order);
    if (request.method === 'POST' && action === 'returned') {
      record(order, 'status', 'The buyer returned from the payment page', { ok: null });
      try {
        await adapters[order.gateway].sync(order);
      } catch { /* recorded by the adapter; notifications may still arrive */ }
      return view(order);
    }
    if (request.method === 'POST' && action === 'card') {
      const card = await jsonBody(request);
      if (!adapters[order.gateway].payWithCard) throw new HttpError(400, `${order.gatewayLabel} takes cards on its own page only`);
      if (order.status !== 'pending') throw new HttpError(409, `order ${order.id} is ${order.status}, not waiting for a payment`);
      try {
        return { next: await adapters[order.gateway].payWithCard(order, card), order: view(order) };
      } catch (err) {
        throw new HttpError(402, describeError(err));
      }
    }
    if (request.method === 'POST' && action === 'refund') {
      const { amount } = await jsonBody(request);
      const left = view(order).refundable;
      if (left <= 0) throw new HttpError(409, `order ${order.id} is ${order.status}: nothing to refund`);
      try {
        await adapters[order.gateway].refund(order, amountOf(amount, left));
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(502, `the refund failed: ${describeError(err)}`);
      }
      return view(order);
    }
    throw new HttpError(405, `${request.method} is not allowed here`);
  }

  /** Runs a verification; a failure to verify at all is on the timeline too (and answered non-200). */
  function checked(order, title, fn) {
    try {
      return fn();
    } catch (err) {
      record(order, 'notification', title, { ok: false, detail: `could not be verified: ${describeError(err)}` });
      return false;
    }
  }

  /** A notification from the emulator: 200 only when it is genuine (so the sender retries otherwise). */
  async function notify(request, gateway) {
    const body = await request.text();
    const url = new URL(request.url);
    if (gateway === 'rbs') {
      const params = new URLSearchParams(request.method === 'GET' ? url.search : body);
      const order = book.find(params.get('orderNumber'), params.get('mdOrder'));
      if (!order) return new Response('unknown order', { status: 404 });
      const ok = checked(order, 'Callback', () => adapters[order.gateway].notify(order, request.method === 'GET' ? request.url : body));
      return new Response(ok ? 'OK' : 'checksum mismatch', { status: ok ? 200 : 400 });
    }
    let parsed = {};
    try { parsed = JSON.parse(body); } catch { /* the verifier says what is wrong */ }
    const o = parsed.order ?? parsed;
    const order = book.find(o.merchantOrderId, o.orderId, String(o.id ?? ''), o.transactionId);
    if (!order) return new Response('unknown order', { status: 404 });
    const ok = gateway === 'cashier'
      ? checked(order, 'Webhook', () => adapters.cashier.notify(order, body, request.headers.get('payment-sign')))
      : checked(order, 'Postback', () => adapters.koshelek.notify(order, body, request.headers.get('authorization')));
    return new Response(ok ? 'OK' : 'not verified', { status: ok ? 200 : 401 });
  }

  /** /notify without a gateway (the emulator's default callback URL): told apart by their headers. */
  const sniff = (request) => (request.headers.has('payment-sign') ? 'cashier' : request.headers.has('authorization') ? 'koshelek' : 'rbs');

  return {
    async fetch(request) {
      const url = new URL(request.url);
      const parts = url.pathname.split('/').filter(Boolean);
      const headers = cors(request.headers.get('origin'));
      if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers });
      try {
        if (parts[0] === 'notify' && ['rbs', 'cashier', 'koshelek', undefined].includes(parts[1])) {
          return await notify(request, parts[1] ?? sniff(request));
        }
        if (parts[0] !== 'api') throw new HttpError(404, 'the demo backend serves /api/* and /notify/*');
        return Response.json(await api(request, parts), { headers });
      } catch (err) {
        const status = err instanceof HttpError ? err.status : 500;
        return Response.json({ error: describeError(err) }, { status, headers });
      }
    },
  };
}
