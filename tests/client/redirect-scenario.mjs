// The redirect scenario run by tests/client/redirects.test.mjs in Node and, as a subprocess, in Deno
// (their fetch implementations differ: Deno's used to re-send a 307's body to the other origin).
// `gateway` redirects every request to `target`; the clients must refuse, never follow. Plain ESM,
// no node: imports, so that both runtimes load it.

export const SECRETS = ['shop-api-USER', 'pw-SECRET-redirect', 'cashier-LOGIN@shop', 'cashier-pw-SECRET'];

/** Runs every client call against `gatewayUrl` (which redirects); returns what each ended in. */
export async function scenario(kassa) {
  const gatewayUrl = globalThis.KASSA_GATEWAY_URL;
  const out = [];
  const record = async (name, p) => {
    try {
      const v = await p;
      out.push({ name, resolved: JSON.stringify(v) });
    } catch (e) {
      out.push({ name, kassa: e instanceof kassa.KassaError, code: e.code, httpStatus: e.httpStatus, message: String(e.message) });
    }
  };
  const rbs = new kassa.RbsClient({ baseUrl: gatewayUrl + '/payment/rest/', userName: SECRETS[0], password: SECRETS[1], maxRetries: 0 });
  await record('rbs register', rbs.register({ orderNumber: 'R-1', amount: 100, returnUrl: 'https://shop.test/ok' }));
  await record('rbs getOrderStatusExtended', rbs.getOrderStatusExtended({ orderNumber: 'R-1' }));
  const mc = new kassa.CashierClient({ baseUrl: gatewayUrl + '/api/', login: SECRETS[2], password: SECRETS[3], maxRetries: 0 });
  await record('cashier login', mc.login());
  await record('cashier createOrder', mc.createOrder({ orderAmount: 100, orderCurrency: 'RUB', tspId: 1 }));
  const k = new kassa.KoshelekClient({ baseUrl: gatewayUrl + '/k/', login: SECRETS[2], password: SECRETS[3], storeId: '1', terminalId: 'T', maxRetries: 0 });
  await record('koshelek checkout', k.request('POST', 'checkout', { cardSession: 's', amount: 100 }));
  return out;
}
