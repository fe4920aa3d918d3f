// Compiled with `tsc --noEmit` against the built package's .d.ts: the clients' types must accept
// what the references describe and reject obvious mistakes (lines marked @ts-expect-error).
import {
  RbsClient, CashierClient, KoshelekClient, KassaError, RbsOrderStatus, rbsOrderStatusIsPaid,
  type RbsRegisterResponse, type CashierOrderResponse, type KoshelekErrorCode, type OutcomeUnknownDetails,
  type FetchLike,
} from 'kassa';

async function rbs(): Promise<void> {
  const c = new RbsClient({ environment: 'test', userName: 'shop-api', password: 'pw', timeoutMs: 10_000,
    maxResponseBytes: 1_048_576 });
  try {
    await c.refund({ orderId: 'md-1', amount: 100 });
  } catch (e) {
    if (e instanceof KassaError && e.code === 'OUTCOME_UNKNOWN') {
      const d = e.details as OutcomeUnknownDetails;
      const cause: string = d.cause;
      const seen: number | undefined = d.orderStatus?.orderStatus;
      const notFound: boolean | undefined = d.probe?.notFound;
      void cause; void seen; void notFound;
    } else if (e instanceof KassaError && e.code === 'REDIRECT_REFUSED') {
      const status: number | undefined = e.httpStatus;
      void status;
    }
  }
  const own: FetchLike = (url, init) => {
    const redirect: 'manual' = init.redirect;
    return fetch(url, { method: init.method, headers: init.headers, redirect });
  };
  new RbsClient({ token: 't', fetch: own });
  // @ts-expect-error maxResponseBytes is a number
  new RbsClient({ token: 't', maxResponseBytes: '10MB' });
  const r: RbsRegisterResponse = await c.register({ orderNumber: 'A-1', amount: 12345, returnUrl: 'https://shop/ok',
    features: ['FORCE_SSL'], jsonParams: { a: 'b' }, orderBundle: { cartItems: { items: [] } } });
  const s = await c.getOrderStatusExtended({ orderId: r.orderId });
  if (s.orderStatus === RbsOrderStatus.Deposited && rbsOrderStatusIsPaid(s.orderStatus)) {
    await c.refund({ orderId: r.orderId, amount: 100 });
  }
  await c.waitForFinalStatus(r.orderId, { deadline: Date.now() + 60_000 });
  // @ts-expect-error amount is required
  await c.register({ orderNumber: 'A-2', returnUrl: 'x' });
  // @ts-expect-error environment is 'test' | 'production'
  new RbsClient({ environment: 'prod', token: 't' });
  // Mandatory parameters of the reference's request tables are required.
  await c.decline({ orderId: 'md-1', orderNumber: '' });
  // @ts-expect-error decline needs orderNumber too
  await c.decline({ orderId: 'md-1' });
  // @ts-expect-error paymentOrderBinding needs tii
  await c.paymentOrderBinding({ mdOrder: 'md-1', bindingId: 'b-1' });
  // @ts-expect-error installmentPayment needs preAuth
  await c.installmentPayment({ orderNumber: 'A-3', bindingId: 'b-1', amount: 100 });
  await c.recurrentPayment({ orderNumber: 'A-3', bindingId: 'b-1', amount: 100 });
  // @ts-expect-error paymentOrder needs TEXT and language
  await c.paymentOrder({ MDORDER: 'md-1', seToken: 's' });
  await c.closeOfdReceipt({ mdOrder: 'md-1', amount: 100 });
  // @ts-expect-error closeOfdReceipt takes mdOrder or orderNumber, not orderId
  await c.closeOfdReceipt({ orderId: 'md-1', amount: 100 });
  // @ts-expect-error getOrderStatusExtended needs orderId or orderNumber
  await c.getOrderStatusExtended({ language: 'en' });
  await c.finish3dsVer2Payment({ threeDSServerTransID: 't' });
  await c.sbpUnBind({});
  const p = await c.paymentOrder({ MDORDER: 'md-1', $PAN: '4111111111111111', $CVC: '123', $EXPIRY: 203012, TEXT: 'T', language: 'en' });
  const url: string | undefined = p.threeDSMethodUrl ?? p.threeDSMethodUrlServer;
  const code: string | undefined = p.errorCode;
  void url; void code;
}

async function cashier(): Promise<void> {
  const c = new CashierClient({ baseUrl: 'https://mc', login: 'a@b', password: 'p' });
  const o: CashierOrderResponse = await c.createOrder({ orderAmount: 100, orderCurrency: 'RUB', tspId: 1 }, { requestId: 'k' });
  const f = await c.paymentFormOrder(o.order.id as number, 'shop');
  await c.authorize({ OrderId: f.externalOrderId, PaymentType: 'SMS', Card: { Pan: '4111' } });
  await c.void({ OrderId: f.externalOrderId });
  const req: string | undefined = o.requestId;
  void req;
  // @ts-expect-error tspId is required
  await c.createOrder({ orderAmount: 1, orderCurrency: 'RUB' });
}

async function koshelek(): Promise<void> {
  const c = new KoshelekClient({ partner: 'shop', environment: 'production', login: 'l', password: 'p', storeId: '1', terminalId: 'T' });
  try {
    await c.request('POST', 'checkout', { cardSession: 's', amount: 100 });
  } catch (e) {
    if (e instanceof KassaError && e.code === 'GATEWAY_ERROR') {
      const code = e.errorCode as KoshelekErrorCode;
      void code;
    }
  }
  // @ts-expect-error not an HTTP method
  await c.request('FETCH', 'x');
}

void rbs; void cashier; void koshelek;
