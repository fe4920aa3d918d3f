// A full RBS payment and a full Mobile Cashier payment with kassa's clients against kassa-sandbox,
// through whatever `fetch` reaches it (the global fetch for `npx kassa-sandbox` over HTTP,
// `sandbox.fetch` in process), with the notifications verified by kassa's verifiers.
//
// Portable: no Node module, so Node, Deno and workerd run the same file (copied into each project).
// `runPayments` resolves to a plain object of facts; the runners compare it with `EXPECTED`.

/** What every runtime must report. */
export const EXPECTED = {
  rbs: { pagePaid: true, orderStatus: 2, callback: { operation: 'deposited', status: '1', isPaymentSuccess: true, amount: 1000 } },
  cashier: { final: 'CHARGED', webhook: { status: 'CHARGED', isPaid: true } },
};

/**
 * Receives notifications: `handle(request)` verifies one with kassa's verifiers and answers 200
 * (403 when it does not verify), `waitFor(kind, predicate)` resolves to a verified one.
 */
export function receiver(kassa, config) {
  const rbs = new kassa.RbsCallbackVerifier({ hmacKey: config.rbs.hmacKey });
  const cashier = new kassa.CashierWebhookVerifier({ publicKey: config.cashier.publicKey });
  const got = [];
  const waiting = new Set();
  const settle = () => {
    for (const w of waiting) {
      const hit = got.find((g) => g.kind === w.kind && w.predicate(g.value));
      if (hit) { waiting.delete(w); clearTimeout(w.timer); w.resolve(hit.value); }
    }
  };
  return {
    rejected: 0,
    async handle(request) {
      const kind = new URL(request.url).pathname.includes('cashier') ? 'cashier' : 'rbs';
      try {
        const value = await (kind === 'rbs' ? rbs : cashier).verifyRequest(request);
        got.push({ kind, value });
        settle();
        return new Response('OK');
      } catch (err) {
        this.rejected += 1;
        return new Response(`rejected: ${err.code}`, { status: 403 });
      }
    },
    waitFor(kind, predicate, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const w = { kind, predicate, resolve };
        w.timer = setTimeout(() => { waiting.delete(w); reject(new Error(`no verified ${kind} notification within ${ms} ms`)); }, ms);
        waiting.add(w);
        settle();
      });
    },
  };
}

function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * Runs both payments; `callbackBase` is where the notifications go (`.../rbs`, `.../cashier`);
 * `client` is merged into the clients' options (a browser page passes `dangerouslyAllowBrowser`:
 * its credentials are the emulator's public test ones).
 */
export async function runPayments(kassa, { fetch, config, callbackBase, received, client = {} }) {
  const tag = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
  // RBS: register, the hosted page, the card form POST, the status, the signed callback.
  const merchant = config.rbs.merchants.find((m) => m.name === 'hmac');
  const set = await fetch(`${config.admin}/rbs/merchants/hmac`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callbackUrl: `${callbackBase}/rbs` }),
  });
  check(set.ok, `admin merchant update: HTTP ${set.status}`);
  const rbs = new kassa.RbsClient({ baseUrl: config.rbs.baseUrl, userName: merchant.userName, password: merchant.password, fetch, ...client });
  const reg = await rbs.register({ orderNumber: `npm-${tag}`, amount: 1000, returnUrl: 'http://127.0.0.1:9/back' });
  const page = await fetch(reg.formUrl);
  const html = await page.text();
  check(page.status === 200 && html.includes('id="kassa-pay"'), `hosted page: HTTP ${page.status}`);
  const action = /<form method="post" action="([^"]+)" id="kassa-pay"/.exec(html)[1];
  const paid = await fetch(new URL(action, reg.formUrl), {
    method: 'POST', headers: FORM, redirect: 'manual',
    body: new URLSearchParams({ mdOrder: reg.orderId, pan: '4111 1111 1111 1111', expiry: '12/30', cvc: '123', holder: 'TEST CARDHOLDER', action: 'pay' }).toString(),
  });
  const location = paid.headers.get('location') ?? '';
  await paid.arrayBuffer();
  const status = await rbs.getOrderStatusExtended({ orderId: reg.orderId });
  const callback = await received.waitFor('rbs', (c) => c.mdOrder === reg.orderId && c.operation === 'deposited');

  // Mobile Cashier: create an order with a callbackUrl, the payment form order, authorize (SMS),
  // the final status, the signed webhook.
  const c = config.cashier;
  const mc = new kassa.CashierClient({ baseUrl: c.baseUrl, login: c.login, password: c.password, fetch, ...client });
  const created = await mc.createOrder({ merchantOrderId: `npm-${tag}`, orderAmount: 10000, orderCurrency: 'RUB', tspId: c.tspId, callbackUrl: `${callbackBase}/cashier` });
  const form = await mc.paymentFormOrder(created.order.id, c.tspCode);
  await mc.authorize({ OrderId: form.externalOrderId, PaymentType: 'SMS', Card: { Pan: '4111111111111111', ExpDate: '12/30', Cvv: '123', Holder: 'TEST CARDHOLDER' } });
  const final = await mc.waitForFinalStatus(created.order.id, { deadline: Date.now() + 10_000 });
  const webhook = await received.waitFor('cashier', (n) => n.orderId === String(created.order.id) && n.status === 'CHARGED');

  return {
    rbs: {
      pagePaid: paid.status >= 300 && paid.status < 400 && location.includes(`orderId=${reg.orderId}`),
      orderStatus: status.orderStatus,
      callback: { operation: callback.operation, status: callback.status, isPaymentSuccess: callback.isPaymentSuccess, amount: callback.amount },
    },
    cashier: { final: final.order.status, webhook: { status: webhook.status, isPaid: webhook.isPaid } },
  };
}

/** Differences between `got` and `EXPECTED` ("" when none). */
export function differences(got) {
  const want = JSON.stringify(EXPECTED);
  const have = JSON.stringify(got);
  return want === have ? '' : `expected ${want}\n     got ${have}`;
}
