// Compiled with `tsc --noEmit` against the built package's .d.ts: the clients' types must accept
// what the references describe and reject obvious mistakes (lines marked @ts-expect-error).
import {
  RbsClient, CashierClient, KoshelekClient, KassaError, RbsOrderStatus, rbsOrderStatusIsPaid,
  type RbsRegisterResponse, type CashierOrderResponse, type KoshelekErrorCode, type OutcomeUnknownDetails,
  type KoshelekTransactionStatus, type KoshelekFinalPaymentStatus, type KoshelekRefStatus, type KoshelekPaymentStatus,
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
  // The runtime's own fetch, and one that passes init on unchanged, fit FetchLike.
  new RbsClient({ token: 't', fetch: globalThis.fetch });
  new RbsClient({ token: 't', fetch: (url, init) => fetch(url, init) });
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
  const v1 = new KoshelekClient({ baseUrl: 'https://k.test/p/', login: 'l', password: 'p', storeId: '1', terminalId: 'T',
    token: async () => 'fp-totp' });
  const item = { name: 'tea', article: 'a', price: 500, quantity: 1, totalAmount: 500, tax: 'vat20' as const };
  const a = await v1.availabilityInfo({ cardSession: 'A1', checkoutInvoice: { orderId: 'o', totalAmount: 500, items: [item] }, user: { loyaltyId: 'u' } },
    { deadline: Date.now() + 5000 });
  const avail: boolean = a.paymentTypeAvailabilityInfoList[0].available;
  const t = await v1.checkout({ cardSession: 'A1', checkoutInvoice: { orderId: 'o', totalAmount: 500, items: [item] }, user: { loyaltyId: 'u' },
    paymentMethods: [{ type: 'SBP' }] });
  const rid: string = t.requestId;
  const s: KoshelekTransactionStatus = await v1.waitForFinalStatus(t.transactionId, { deadline: Date.now() + 30_000 });
  const fin: KoshelekFinalPaymentStatus | undefined = s.status === 'accepted' || s.status === 'rejected' ? s.status : undefined;
  const cx = await v1.cancel({ transactionId: t.transactionId });
  const rs: KoshelekRefStatus = cx.refStatus;
  await v1.refund({ transactionId: t.transactionId, refundAmount: 500, items: [item] });
  await v1.receipt({ transactionId: t.transactionId, invoice: { orderId: 'o', receiptId: 'r', merchantName: 'm', merchantAddress: 'a',
    inn: '007700000000', dateTime: 'd', shift: '1', cashier: 'c', receiptType: 'debit', totalAmount: 500, items: [item] } });
  await v1.transactionStatus({ refTransactionId: cx.refTransactionId });
  // @ts-expect-error not a payment status
  const bad: KoshelekPaymentStatus = 'PAID';
  // @ts-expect-error the token is a string or a function
  void new KoshelekClient({ baseUrl: 'https://k.test/p/', login: 'l', password: 'p', storeId: '1', terminalId: 'T', token: 5 });
  // @ts-expect-error checkout needs paymentMethods
  await v1.checkout({ cardSession: 'A1', checkoutInvoice: { orderId: 'o', totalAmount: 500, items: [] }, user: { loyaltyId: 'u' } });
  void avail; void rid; void fin; void rs; void bad;
}

void rbs; void cashier; void koshelek;
