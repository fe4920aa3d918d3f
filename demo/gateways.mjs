// One adapter per gateway: how the demo merchant creates an order, asks its status, refunds it and
// checks a notification, with kassa's clients and verifiers. Every call is written to the order's
// timeline with its outcome.
import * as kassa from 'kassa';
import { record, setStatus, addRefund } from './orders.mjs';

/** `KassaError` → "CODE: message"; anything else → its message. */
export function describeError(err) {
  return err && err.code ? `${err.code}: ${err.message}` : String(err?.message ?? err);
}

function need(name) {
  if (typeof kassa[name] !== 'function') {
    throw new Error(`this build of the kassa package has no ${name} yet (rebuild with \`make pkg\` once it is merged)`);
  }
  return kassa[name];
}

/** Runs one API call and writes it to the timeline; rethrows failures after recording them. */
async function call(order, title, fn) {
  const at = new Date();
  try {
    const result = await fn();
    record(order, 'request', title, { ok: true, detail: result, at });
    return result;
  } catch (err) {
    record(order, 'request', title, { ok: false, detail: describeError(err), at });
    throw err;
  }
}

/** Records a notification once per dedupe key; returns false for a repeat. */
function firstTime(order, key) {
  if (!key) return true;
  if (order.seenNotifications.includes(key)) return false;
  order.seenNotifications.push(key);
  return true;
}

function rbs(config, mode) {
  const merchant = config.rbs[mode];
  let client;
  let verifier;
  const api = () => (client ??= new (need('RbsClient'))({ baseUrl: config.rbs.baseUrl, userName: merchant.userName, password: merchant.password }));
  const verify = () => (verifier ??= new (need('RbsCallbackVerifier'))(mode === 'hmac' ? { hmacKey: config.rbs.hmacKey } : { publicKeys: config.rbs.publicKeys.map((k) => ({ key: k.pem, alias: k.alias })) }));
  return {
    async create(order, returnUrl) {
      const res = await call(order, 'register.do', () => api().register({
        orderNumber: order.id, amount: order.amount, returnUrl, failUrl: returnUrl,
        dynamicCallbackUrl: `${config.workerUrl}/notify/rbs`, description: `kassa demo ${order.id}`,
      }));
      order.gatewayOrderId = res.orderId;
      order.redirect = { type: 'url', url: res.formUrl };
    },
    async sync(order) {
      const res = await call(order, 'getOrderStatusExtended.do', () => api().getOrderStatusExtended({ orderId: order.gatewayOrderId }));
      const code = res.orderStatus;
      if (code === undefined || code === null) return;
      // kassa's rules: paid is 1 (held) or 2 (deposited); final but not paid is 3, 4 or 6.
      const why = `getOrderStatusExtended: orderStatus ${code} (${kassa.rbsOrderStatusName(code)})`;
      if (kassa.rbsOrderStatusIsPaid(code)) setStatus(order, 'paid', why);
      else if (kassa.rbsOrderStatusIsFinal(code)) setStatus(order, 'declined', why);
    },
    /** paymentorder.do with card data the shop's own page collected (the card number never goes
     * onto the timeline, only its last four digits). Answers what the page does next. */
    async payWithCard(order, card) {
      const [mm, yy] = String(card.expiry ?? '').split('/');
      const res = await call(order, `paymentorder.do (card ••${String(card.pan).slice(-4)})`, () => api().paymentOrder({
        MDORDER: order.gatewayOrderId, $PAN: String(card.pan).replace(/\s/g, ''), $CVC: String(card.cvc),
        MM: mm, YYYY: `20${yy}`, TEXT: 'DEMO CARDHOLDER', language: 'ru',
      }));
      if (res.acsUrl && res.paReq) return { type: 'acs', acsUrl: res.acsUrl, paReq: res.paReq, md: order.gatewayOrderId, termUrl: res.termUrl };
      if (res.acsUrl || res.threeDSMethodURL) throw new Error('this card needs 3-D Secure 2, which this page does not run: use the 3-D Secure 1 card, or pay on the bank\'s page');
      if (res.redirect) return { type: 'url', url: res.redirect };
      throw new Error(res.error ?? 'paymentorder.do answered without a next step');
    },
    async refund(order, amount) {
      await call(order, `refund.do (${amount} kopecks)`, () => api().refund({ orderId: order.gatewayOrderId, amount }));
      addRefund(order, amount);
    },
    /** `input` is the full callback URL (GET) or the raw body (POST). */
    notify(order, input) {
      const result = verify().check(input);
      const cb = result.callback;
      const debug = { kind: 'rbs', key: mode, input };
      const title = `Callback ${cb?.operation ?? ''}`.trim();
      if (!result.valid) {
        record(order, 'notification', title, { ok: false, detail: { reason: `${result.code}: ${result.reason}`, canonical: result.canonical }, debug });
        return false;
      }
      if (!firstTime(order, cb.dedupeKey)) return true;
      record(order, 'notification', title, { ok: true, detail: { verified: mode === 'hmac' ? 'HMAC-SHA256 checksum' : 'RSA-SHA512 checksum', params: cb.params }, debug });
      if (cb.operation === 'deposited' || cb.operation === 'approved') {
        setStatus(order, cb.isPaymentSuccess ? 'paid' : 'declined', `callback operation=${cb.operation}`);
      } else if (cb.operation?.startsWith('declined')) setStatus(order, 'declined', `callback operation=${cb.operation}`);
      return true;
    },
  };
}

function cashier(config) {
  const c = config.cashier;
  let client;
  let verifier;
  const api = () => (client ??= new (need('CashierClient'))({ baseUrl: c.baseUrl, login: c.login, password: c.password }));
  const verify = () => (verifier ??= new (need('CashierWebhookVerifier'))({ publicKey: c.publicKey }));
  // kassa's reading of the reference's status table: paid (CHARGED, IPS_ACCEPTED, PAID; an
  // AUTHORIZED hold is not paid yet) or ended without money (DECLINED, EXPIRED, VOIDED).
  const apply = (order, status, why) => {
    if (kassa.cashierOrderStatusIsPaid(status)) setStatus(order, 'paid', why);
    else if (kassa.cashierOrderStatusIsDeclined(status)) setStatus(order, 'declined', why);
  };
  return {
    async create(order, returnUrl) {
      const created = await call(order, 'POST /order', () => api().createOrder({
        merchantOrderId: order.id, paymentAmount: order.amount, orderCurrency: 'RUB', tspId: c.tspId,
        description: `kassa demo ${order.id}`, callbackUrl: `${config.workerUrl}/notify/cashier`,
      }));
      const id = created.order.id;
      order.gatewayOrderId = String(id);
      const form = await call(order, 'POST /form (payment form order)', () => api().paymentFormOrder(id, c.tspCode));
      order.redirect = { type: 'cashierForm', domain: c.paymentDomain, externalOrderId: form.externalOrderId, successUrl: returnUrl, failUrl: returnUrl };
    },
    async sync(order) {
      const res = await call(order, 'GET /order (status)', () => api().getOrder(order.gatewayOrderId));
      const status = res.order?.status;
      if (status) apply(order, String(status), `order data: ${status}`);
    },
    async refund(order, amount) {
      await call(order, `POST /order/refund (${amount} kopecks)`, () => api().refund(order.gatewayOrderId, { amount }));
      addRefund(order, amount);
    },
    notify(order, body, sign) {
      const result = verify().check(body, sign);
      const debug = { kind: 'cashier', body, sign };
      if (!result.valid) {
        record(order, 'notification', 'Webhook', { ok: false, detail: { reason: `${result.code}: ${result.reason}` }, debug });
        return false;
      }
      const n = result.notification;
      const status = n.status ?? n.rawStatus ?? '';
      if (!firstTime(order, n.dedupeKey)) return true;
      record(order, 'notification', `Webhook ${status}`, { ok: true, detail: { verified: 'payment-sign (RSA-SHA1 over the raw body)', status, final: n.isFinal }, debug });
      apply(order, status, `webhook status ${status}`);
      return true;
    },
  };
}

function koshelek(config) {
  const k = config.koshelek;
  let client;
  let verifier;
  // The token header (cashFingerPrint + TOTP) comes from Koshelek's TOTP module on the cash desk's
  // host; the emulator takes any value, so the demo's "module" is a function returning one.
  const totp = () => `demo-fp-${Math.floor(Date.now() / 30_000)}`;
  const api = () => (client ??= new (need('KoshelekClient'))({ baseUrl: k.baseUrl, login: k.login, password: k.password,
    storeId: k.storeId, terminalId: k.terminalId, token: totp }));
  const verify = () => (verifier ??= new (need('KoshelekPostbackVerifier'))({ login: k.partnerLogin, password: k.partnerPassword }));
  // Final or not is kassa's rule (koshelekStatusIsFinal, the one waitForFinalStatus stops by);
  // among the final statuses 'accepted' is paid and 'rejected'/'canceled' are declined (the
  // refund states change nothing here: the demo records refunds itself).
  const apply = (order, state, why) => {
    if (!kassa.koshelekStatusIsFinal(state)) return;
    if (state === 'accepted') setStatus(order, 'paid', why);
    else if (['rejected', 'canceled'].includes(state)) setStatus(order, 'declined', why);
  };
  // One item priced in kopecks (quantity = amount), so that any part of it can be refunded by
  // items as the reference requires (a partial refund names the returned items and quantities).
  const item = (amount) => ({ name: 'kassa demo order', article: 'demo-1', price: 1, quantity: amount, totalAmount: amount, tax: 'vat20' });
  return {
    // The cashier scans the buyer's Koshelek barcode: it gives the cardSession. In the emulator the
    // test cardSession decides what the buyer's provider does (LIMIT…: declined for the limit).
    async create(order, _returnUrl, request = {}) {
      const id = order.id.replace(/[^A-Za-z0-9]/g, '');
      const cardSession = `${request.buyer === 'limit' ? 'LIMIT' : 'DEMO'}${id}`.slice(0, 32);
      const checkoutInvoice = { orderId: order.id, totalAmount: order.amount, items: [item(order.amount)] };
      const user = { loyaltyId: `demo-${id}` };
      const avail = await call(order, 'POST availability-info/task', () => api().availabilityInfo({ cardSession, checkoutInvoice, user }));
      const sbp = avail.paymentTypeAvailabilityInfoList.find((p) => p.paymentType === 'SBP' && p.available);
      if (!sbp) throw new Error('Koshelek Pay offers no SBP payment to this buyer');
      const res = await call(order, 'POST checkout', () => api().checkout({ cardSession, checkoutInvoice, user, paymentMethods: [{ type: 'SBP' }] }));
      order.gatewayOrderId = res.transactionId;
      order.redirect = { type: 'app' };
    },
    // The buyer confirms in the wallet app; the cash desk waits for the final status (the
    // reference: first query after 250–500 ms, at most one every 250 ms, 30 s at most, then cancel).
    async sync(order) {
      try {
        const res = await call(order, 'POST transaction/status (waitForFinalStatus)', () =>
          api().waitForFinalStatus(order.gatewayOrderId, { deadline: Date.now() + 30_000 }));
        apply(order, String(res.status ?? ''), `transaction ${res.status}`);
      } catch (err) {
        if (err?.code === 'GATEWAY_ERROR' && err.details?.status === 'rejected') {
          apply(order, 'rejected', `transaction rejected: ${err.errorCode}`);
        } else if (err?.code === 'TIMEOUT') {
          await call(order, 'POST transaction/cancel (no final status in time)', () => api().cancel({ transactionId: order.gatewayOrderId }));
        }
        throw err;
      }
    },
    async refund(order, amount) {
      await call(order, `POST transaction/refund (${amount} kopecks)`, () => api().refund({
        transactionId: order.gatewayOrderId, refundAmount: amount, items: [item(amount)],
      }));
      addRefund(order, amount);
    },
    notify(order, body, authorization) {
      const result = verify().check(authorization, body);
      const debug = { kind: 'koshelek', body }; // the Authorization header holds the partner's password: not kept
      if (!result.valid) {
        record(order, 'notification', 'Postback', { ok: false, detail: { reason: `${result.code}: ${result.reason}` }, debug });
        return false;
      }
      const p = result.postback;
      const state = String(p.status ?? '');
      if (!firstTime(order, p.dedupeKey)) return true;
      record(order, 'notification', `Postback ${state}`, { ok: true, detail: { verified: 'Basic auth (partnerLogin / partnerPassword)', status: state, refStatus: p.refStatus, body: p.body }, debug });
      apply(order, state, `postback ${state}`);
      return true;
    },
  };
}

/** The four adapters, by the gateway names the page uses. */
export function gateways(config) {
  return { 'rbs-hmac': rbs(config, 'hmac'), 'rbs-rsa': rbs(config, 'rsa'), cashier: cashier(config), koshelek: koshelek(config) };
}
