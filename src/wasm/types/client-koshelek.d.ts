// Koshelek client types (KoshelekClient), merged into pkg/kassa.d.ts by scripts/build-pkg.mjs.
// Koshelek Pay API v1 (api/v1/merchant/...): field names as the reference prints them; where its
// sources disagree, kassa sends one spelling and accepts both (see KoshelekItem, the requests).

/** Options of new KoshelekClient(...). Either baseUrl, or partner (+ environment). */
export interface KoshelekClientOptions extends ClientTransportOptions {
  /** The partner's API base URL, e.g. https://api-test.koshelek.app/<partner-name>/ (the paths
   *  `api/v1/merchant/...` are relative to it). */
  baseUrl?: string;
  /** The partner name, to use the reference's URL for `environment`. */
  partner?: string;
  /** 'test' (https://api-test.koshelek.app/<partner>) or 'production' (https://api.koshelek.app/<partner>). Default 'test'. */
  environment?: 'test' | 'production';
  /** HTTP Basic login. */
  login: string;
  /** HTTP Basic password. */
  password: string;
  /** The store (storeId), added to every body that has one (all but transactionStatus). */
  storeId: string;
  /** The terminal (terminalId), added with storeId. */
  terminalId: string;
  /** The `token` header (cashFingerPrint + TOTP password from Koshelek's TOTP module) that the
   *  reference requires on availabilityInfo, checkout and refund: a string, or a function called
   *  once per such call (its value is sent on every retry of that call). Without it those calls
   *  reject with INVALID_ARGUMENT before sending. */
  token?: string | (() => string | Promise<string>);
}

/** Amounts in kopecks (non-negative integers). */
export type KoshelekKopecks = number;

/** The payment `status` values. Final (waitForFinalStatus stops): 'rejected', 'canceled',
 *  'refunded' — final by the reference (its TERMINAL_STATE_OF_PAYMENT_TRANSACTION text);
 *  'accepted', 'partial_refunded' — final as inferred by kassa (the payment is completed;
 *  refunds may follow). Not final (inferred): 'new', 'pending', 'refunding', 'none' (only in
 *  cancel/refund answers, meaning not described). '' when the transaction is not found. */
export type KoshelekPaymentStatus = KoshelekFinalPaymentStatus | 'new' | 'pending' | 'refunding' | 'none' | '';
/** The final payment statuses (see KoshelekPaymentStatus for which finality is whose). */
export type KoshelekFinalPaymentStatus = 'accepted' | 'rejected' | 'canceled' | 'refunded' | 'partial_refunded';
/** A cancel/refund transaction's `refStatus`: 'new' (not decided yet), 'accepted', 'rejected'
 *  (both final, inferred: the reference gives no table). */
export type KoshelekRefStatus = KoshelekFinalRefStatus | 'new';
/** The final refStatus values. */
export type KoshelekFinalRefStatus = 'accepted' | 'rejected';

/** The 16 codes of the reference: HTTP 422 `code` (KassaError.errorCode; KassaError.details is
 *  the gateway's `details` text), and the `errorCode` of a 200 whose status/refStatus is
 *  'rejected' (KassaError.errorCode; KassaError.details is the whole answer). */
export type KoshelekErrorCode =
  | 'UNKNOWN_SESSION_ID' | 'UNKNOWN_TRANSACTION_ID' | 'UNKNOWN_PARTNER_ID' | 'WRONG_TRANSACTION_STATE_CHANGE'
  | 'PAYMENT_TRANSACTION_IS_NOT_PAID' | 'CANCEL_REFUNDING_BY_BANK' | 'TRANSACTION_FOR_SESSION_ID_ALREADY_EXISTS'
  | 'TRANSACTION_FOR_SESSION_ID_ALREADY_PAYED' | 'TRANSACTION_IN_PROCESSING'
  | KoshelekRejectionCode;
/** `errorCode` of a 200 rejection: payment (NOT_ENOUGH_LIMIT_TO_PAY, TOTAL_AMOUNT_IS_TOO_SMALL)
 *  and refund codes. */
export type KoshelekRejectionCode =
  | 'NOT_ENOUGH_LIMIT_TO_PAY' | 'TOTAL_AMOUNT_IS_TOO_SMALL' | 'PAYMENT_TRANSACTION_IS_NOT_PAID'
  | 'TERMINAL_STATE_OF_PAYMENT_TRANSACTION' | 'PAYMENT_TRANSACTION_IS_BEING_REFUNDED_ALREADY'
  | 'REQUESTED_REFUND_AMOUNT_IS_GREATER_THAN_AVAILABLE' | 'EXTERNAL_PROVIDER_ERROR'
  | 'UNEXPECTED_REFUND_AMOUNT_LEFT_FROM_EXTERNAL_PROVIDER';

/** Payment providers. */
export type KoshelekPaymentType = 'SBP' | 'DOLYAME' | (string & {});
/** VAT of an item. */
export type KoshelekTax = 'none' | 'vat0' | 'vat10' | 'vat20' | 'vat110' | 'vat120';

/** Fields every typed request may carry. */
export interface KoshelekCallFields {
  /** The idempotency key (at most 36 characters). Default: a fresh UUID per call, the same on
   *  every retry of that call, returned in the answer's requestId. Give the one of an earlier
   *  call to get that call's result again without doing it twice. */
  requestId?: string;
  /** Added from the client's options; a different value is INVALID_ARGUMENT. */
  storeId?: string;
  /** Added from the client's options; a different value is INVALID_ARGUMENT. */
  terminalId?: string;
}

/** An item (`Item`). The schema spells `subtotalAmount`, its examples `subTotalAmount`: kassa
 *  sends `subTotalAmount` and accepts both; `discount` (the refund example) is accepted for
 *  `discountAmount`. */
export interface KoshelekItem {
  name: string;
  article?: string;
  price: KoshelekKopecks | null;
  quantity: number;
  totalAmount: KoshelekKopecks;
  discountAmount?: KoshelekKopecks;
  subTotalAmount?: KoshelekKopecks;
  /** Accepted for subTotalAmount (sent as subTotalAmount). */
  subtotalAmount?: KoshelekKopecks;
  /** Accepted for discountAmount (sent as discountAmount). */
  discount?: KoshelekKopecks;
  tax: KoshelekTax;
  /** Later versions: PIECE (default), GRAM, KILOGRAM, ... */
  measure?: string;
  /** Later versions: RUB only. */
  currency?: string;
  [key: string]: unknown;
}

/** The pre-check (`CheckoutInvoice`). */
export interface KoshelekCheckoutInvoice {
  orderId: string;
  totalAmount: KoshelekKopecks;
  discountAmount?: KoshelekKopecks;
  subTotalAmount?: KoshelekKopecks;
  currency?: string;
  items: KoshelekItem[];
  [key: string]: unknown;
}

/** The buyer (`User`). */
export interface KoshelekUser {
  loyaltyId: string;
  [key: string]: unknown;
}

/** availabilityInfo's request. The task's schema spells `cardsession`, checkout's `cardSession`:
 *  kassa sends each endpoint its own spelling and accepts either. */
export interface KoshelekAvailabilityInfoRequest extends KoshelekCallFields {
  cardSession?: string;
  cardsession?: string;
  checkoutInvoice: KoshelekCheckoutInvoice;
  user: KoshelekUser;
  [key: string]: unknown;
}

/** Options of availabilityInfo. */
export interface KoshelekAvailabilityOptions {
  /** When to give up polling a 201 (Date or epoch ms): TIMEOUT with the last answer. Default 30 s
   *  after the call. */
  deadline?: Date | number;
}

/** One provider's availability. */
export interface KoshelekPaymentTypeAvailability {
  paymentType: KoshelekPaymentType;
  available: boolean;
  message?: string;
}

/** availabilityInfo's answer (after polling, for the deprecated asynchronous flow). */
export interface KoshelekAvailabilityInfoResponse {
  koshelekPayIsDefault: boolean;
  paymentTypeAvailabilityInfoList: KoshelekPaymentTypeAvailability[];
  /** The task's requestId. */
  requestId: string;
  /** Set when the gateway answered 201 and kassa polled. */
  availabilityInfoId?: string;
  computationComplete?: boolean;
  [key: string]: unknown;
}

/** A chosen provider. */
export interface KoshelekPaymentMethod {
  type: KoshelekPaymentType;
  meta?: JsonObject;
}

/** checkout's request. */
export interface KoshelekCheckoutRequest extends KoshelekCallFields {
  /** From the buyer's barcode (`cardsession` accepted). */
  cardSession?: string;
  cardsession?: string;
  checkoutInvoice: KoshelekCheckoutInvoice;
  user: KoshelekUser;
  paymentMethods: KoshelekPaymentMethod[];
  [key: string]: unknown;
}

/** Bank-operation data (`Slip`). */
export interface KoshelekSlip {
  id: string;
  paymentType: KoshelekPaymentType;
  storeId: string;
  terminalId: string;
  orderId: string;
  paymentTransactionId: string;
  refundTransactionId?: string;
  merchantId?: string;
  operationDateTime: string;
  operationId?: string;
  qrcId?: string;
  totalAmount: KoshelekKopecks;
  [key: string]: unknown;
}

/** checkout's answer. A 'rejected' status with an errorCode rejects the promise instead
 *  (GATEWAY_ERROR, errorCode, details = this object). */
export interface KoshelekCheckoutResponse {
  requestId: string;
  transactionId: string;
  status: KoshelekPaymentStatus;
  slip?: KoshelekSlip;
  errorCode?: KoshelekRejectionCode | (string & {});
  [key: string]: unknown;
}

/** transactionStatus's request: transactionId, or refTransactionId (a cancel's). */
export interface KoshelekTransactionStatusRequest extends KoshelekCallFields {
  transactionId?: string;
  refTransactionId?: string;
  [key: string]: unknown;
}

/** The `transaction/status` object: transactionStatus's and waitForFinalStatus's answer, and the
 *  postback body. */
export interface KoshelekTransactionStatus {
  requestId: string;
  transactionId: string;
  refTransactionId?: string;
  status: KoshelekPaymentStatus;
  /** 'INSTALLMENT' or 'SBP'. */
  paymentGroup?: string;
  /** e.g. 'DOLYAME'. */
  paymentProvider?: string;
  slip?: KoshelekSlip;
  refStatus?: KoshelekRefStatus;
  errorCode?: KoshelekRejectionCode | (string & {});
  [key: string]: unknown;
}

/** The fiscal receipt (`Invoice`). The schema spells `qr`, the example `QR`: kassa sends `qr`
 *  and accepts both. */
export interface KoshelekInvoice {
  orderId: string;
  receiptId: string;
  merchantName: string;
  merchantAddress: string;
  inn: string;
  dateTime: string;
  shift: string;
  cashier: string;
  taxation?: 'osn' | 'usn_income' | 'usn_income_out' | 'envd' | 'esn' | 'patent';
  kktRegNumber?: string;
  fnNumber?: string;
  fpd?: string;
  fdNumber?: string;
  website?: string;
  receiptType: 'debit' | 'credit' | 'refund';
  totalAmount: KoshelekKopecks;
  discountAmount?: KoshelekKopecks;
  subTotalAmount?: KoshelekKopecks;
  /** Optional since v1.2.1. */
  taxAmount?: KoshelekKopecks;
  qr?: string;
  QR?: string;
  items: KoshelekItem[];
  [key: string]: unknown;
}

/** receipt's request. */
export interface KoshelekReceiptRequest extends KoshelekCallFields {
  transactionId: string;
  invoice: KoshelekInvoice;
  meta?: JsonObject;
  [key: string]: unknown;
}

/** receipt's answer: the gateway's 200 has an empty body; kassa returns the requestId. */
export interface KoshelekReceiptResponse {
  requestId: string;
  [key: string]: unknown;
}

/** cancel's request (the full amount; only before the payment completes). */
export interface KoshelekCancelRequest extends KoshelekCallFields {
  transactionId: string;
  [key: string]: unknown;
}

/** cancel's and refund's answer. A declined cancel is refStatus 'rejected' (no errorCode): it
 *  resolves — read refStatus. A refund rejected with an errorCode rejects the promise
 *  (GATEWAY_ERROR). */
export interface KoshelekCancelResponse {
  requestId: string;
  refTransactionId: string;
  refStatus: KoshelekRefStatus;
  transactionId: string;
  status: KoshelekPaymentStatus;
  slip?: KoshelekSlip;
  errorCode?: KoshelekRejectionCode | (string & {});
  [key: string]: unknown;
}

/** refund's request: full (every item and quantity, refundAmount = totalAmount) or partial
 *  (the returned items and quantities). `refAmount` is accepted for refundAmount. */
export interface KoshelekRefundRequest extends KoshelekCallFields {
  transactionId: string;
  refundAmount?: KoshelekKopecks;
  refAmount?: KoshelekKopecks;
  items: KoshelekItem[];
  currency?: string;
  [key: string]: unknown;
}

/** refund's answer. */
export type KoshelekRefundResponse = KoshelekCancelResponse;

/** HTTP methods KoshelekClient.request accepts. */
export type KoshelekHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request body; storeId and terminalId are added by the client. Amounts (amount, *Amount) are
 *  integers in kopecks. */
export type KoshelekRequestBody = JsonObject;

/** A Koshelek Pay answer (fields the reference does not list are kept as they came). */
export type KoshelekResponse = JsonObject;

// The methods of KoshelekClient (merged into the class wasm-bindgen declares with its constructor).
export interface KoshelekClient {
  /** `POST api/v1/merchant/availability-info/task`; a 201 is polled until computed. */
  availabilityInfo(req: KoshelekAvailabilityInfoRequest, options: KoshelekAvailabilityOptions | undefined): Promise<KoshelekAvailabilityInfoResponse>;
  /** `POST api/v1/merchant/checkout`. */
  checkout(req: KoshelekCheckoutRequest): Promise<KoshelekCheckoutResponse>;
  /** `POST api/v1/merchant/transaction/status`. */
  transactionStatus(req: KoshelekTransactionStatusRequest): Promise<KoshelekTransactionStatus>;
  /** `POST api/v1/merchant/transaction/receipt`. */
  receipt(req: KoshelekReceiptRequest): Promise<KoshelekReceiptResponse>;
  /** `POST api/v1/merchant/transaction/cancel`. */
  cancel(req: KoshelekCancelRequest): Promise<KoshelekCancelResponse>;
  /** `POST api/v1/merchant/transaction/refund`. */
  refund(req: KoshelekRefundRequest): Promise<KoshelekRefundResponse>;
  /** Queries `transaction/status` by the reference's rules (first after 250–500 ms, then at
   *  most every 250 ms) until the status is final; `TIMEOUT` at the deadline. */
  waitForFinalStatus(transactionId: string, options: WaitOptions): Promise<KoshelekTransactionStatus>;
  /** The escape hatch: sends `method path` (relative to baseUrl) with a JSON body; storeId and
   *  terminalId are added, nothing else (no requestId, no token). Rejects with GATEWAY_ERROR
   *  (errorCode = the reference's KoshelekErrorCode, details) on HTTP 422; a non-GET whose body
   *  has no requestId and whose outcome is unknown is OUTCOME_UNKNOWN and is never repeated. */
  request(method: KoshelekHttpMethod, path: string, body?: KoshelekRequestBody): Promise<KoshelekResponse>;
}
