// CashierClient types, named as the Mobile Cashier reference names the fields (including its
// capitalised card-operation fields); merged into pkg/kassa.d.ts by scripts/build-pkg.mjs.

/** Options of new CashierClient(...). */
export interface CashierClientOptions extends ClientTransportOptions {
  /** The API base URL. */
  baseUrl: string;
  /** The cashier's login (email). */
  login: string;
  /** The cashier's password. */
  password: string;
}

/** Per-call options of Mobile Cashier POSTs. */
export interface CashierCallOptions {
  /** The x-req-id to send (default: a fresh UUID). Repeating a call with the same requestId
   *  within 60 minutes returns the first answer without doing it again. */
  requestId?: string;
}

/** Fields kassa adds to Mobile Cashier answers. */
export interface CashierAnswer {
  /** The x-req-id the call was sent with (POSTs). */
  requestId?: string;
  [field: string]: unknown;
}

/** The statuses of the reference's table (other values may appear: treat them as not final). */
export type CashierOrderStatus =
  | 'CREATED' | 'DECLINED' | 'EXPIRED' | 'IN_PROCESS' | 'PAYOUT_IN_PROGRESS' | 'QRCDATA_IN_PROGRESS'
  | 'IPS_ACCEPTED' | 'CHARGE_IN_PROGRESS' | 'CHARGE_DECLINED' | 'CHARGED' | 'QRCDATA_CREATED' | 'PAID'
  | 'REFUNDED' | 'PARTIALLY_REFUNDED' | 'AUTHORIZATION' | 'AUTHORIZED' | 'VOID_IN_PROGRESS' | 'VOID_DECLINED'
  | 'VOIDED' | 'PRE_AUTHORIZED_3DS';

export interface CashierLoginResponse extends CashierAnswer {
  success: boolean;
  description?: string;
  accessToken: string;
  expiresAccess?: string;
  refreshToken?: string;
  expiresRefresh?: string;
}

export interface CashierListOrdersQuery {
  tspId?: number;
  /** date-time */
  dateFrom?: string;
  /** date-time */
  dateTo?: string;
  status?: CashierOrderStatus | string;
  /** Default 30. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

/** An order as the gateway describes it (the reference leaves the object's fields open). */
export interface CashierOrder {
  id?: number | string;
  status?: CashierOrderStatus | string;
  externalOrderId?: string;
  merchantOrderId?: string;
  orderAmount?: number;
  paymentAmount?: number;
  orderCurrency?: string;
  paymentCurrency?: string;
  [field: string]: unknown;
}

export interface CashierOrdersResponse extends CashierAnswer {
  success: boolean;
  description?: string;
  orders: CashierOrder[];
  meta?: { [field: string]: unknown };
}

export interface CashierOrderResponse extends CashierAnswer {
  success?: boolean;
  description?: string;
  order: CashierOrder;
}

/** createOrder: give orderAmount (order currency, fees added) or paymentAmount (what the buyer
 *  pays, fees deducted), in kopecks (integers). */
export interface CashierCreateOrderRequest {
  merchantOrderId?: string;
  orderAmount?: number;
  paymentAmount?: number;
  /** USD, EUR, AED, THB, RUB, TRY */
  orderCurrency: string;
  paymentCurrency?: string;
  tspId: number;
  description?: string;
  callbackUrl?: string;
  /** 'PayIn' (default) or 'PayOut' (required for payouts). */
  type?: 'PayIn' | 'PayOut';
}

export interface CashierRefundRequest {
  /** Kopecks; omit for a full refund. */
  amount?: number;
}

export interface CashierPayoutIpsRequest {
  /** Phone number in international format without '+'. */
  accountNumber: string;
  bankId: string;
  firstName?: string;
  lastName?: string;
  middleName?: string;
}

export interface CashierBanksResponse extends CashierAnswer {
  BankList: JsonObject[];
}

export interface CashierSberPayRequest {
  BackUrl?: string;
  deepLink?: string;
  phoneNumber?: string;
}

export interface CashierPayoutCardRequest {
  pan: string;
  holder?: string;
  phone?: string;
}

export interface CashierPaymentFormResponse extends CashierAnswer {
  id: string;
  /** Open the payment form at https://payment.{domain}/{externalOrderId} (cashierPaymentForm). */
  externalOrderId: string;
}

/** authorize: one of Card / Token / Encrypted card data (as the reference's schemas). */
export interface CashierAuthorizeRequest {
  /** The externalOrderId from paymentFormOrder. */
  OrderId: string;
  /** 'SMS' (one stage: charged automatically) or 'DMS' (two stages, default). */
  PaymentType?: 'SMS' | 'DMS';
  Card?: JsonObject;
  Token?: JsonObject;
  Encrypted?: JsonObject;
  /** 3-D Secure data. */
  Secure3D?: JsonObject;
  Metadata?: JsonObject;
  [field: string]: JsonValue | undefined;
}

/** charge and void. */
export interface CashierOrderIdRequest {
  /** The externalOrderId. */
  OrderId: string;
}

/** The envelope of the card operations' answers. The reference's rendering collapsed its fields;
 *  kassa reads Code (0 = success; also code/ResponseCode) and Message (also message/Description).
 *  A resolved call always carries a success here: failures reject with GATEWAY_ERROR. */
export interface CashierResponseEnvelope {
  Code?: number | string;
  Message?: string;
  [field: string]: unknown;
}

/** authorize, charge, void (the reference's samples, lines 647-735). */
export interface CashierCardOperationResponse extends CashierAnswer {
  Response?: CashierResponseEnvelope;
  /** The order; its Status is never DECLINED, CHARGE_DECLINED or VOID_DECLINED here (those reject). */
  Order?: JsonObject;
  Authorize?: JsonObject;
  Charge?: JsonObject;
  Void?: JsonObject;
  Card?: JsonObject;
}

// The methods of CashierClient (merged into the class wasm-bindgen declares with its constructor).
export interface CashierClient {
  /** `POST /public/login`: logs in now (other methods log in by themselves when needed). */
  login(): Promise<CashierLoginResponse>;
  /** The order's data. */
  getOrder(id: number | string): Promise<CashierOrderResponse>;
  /** The order's current status. */
  orderStatus(id: number | string): Promise<CashierOrderResponse>;
  /** The banks available for IPS payouts. */
  banks(): Promise<CashierBanksResponse>;
  /** Polls `orderStatus` with backoff until the status is final (and not `CREATED`); rejects
   *  with `TIMEOUT` at the deadline, carrying the last answer in `details`. */
  waitForFinalStatus(orderId: number | string, options: WaitOptions): Promise<CashierOrderResponse>;
  /** The orders list, with the reference's filters and paging. */
  listOrders(query?: CashierListOrdersQuery): Promise<CashierOrdersResponse>;
  /** Creates an order (PayIn by default; type: 'PayOut' for payouts). Retried safely with one
   *  x-req-id, returned as requestId. */
  createOrder(order: CashierCreateOrderRequest, options?: CashierCallOptions): Promise<CashierOrderResponse>;
  /** Refunds an order: { amount } in kopecks, or nothing for a full refund. */
  refund(id: number | string, body?: CashierRefundRequest, options?: CashierCallOptions): Promise<CashierOrderResponse>;
  /** Registers an IPS (SBP) QR code for the order. */
  qrcData(id: number | string, options?: CashierCallOptions): Promise<CashierOrderResponse>;
  /** Pays out via IPS to a phone number. */
  payoutIps(id: number | string, body: CashierPayoutIpsRequest, options?: CashierCallOptions): Promise<CashierOrderResponse>;
  /** Pays via SberPay. */
  sberPay(id: number | string, body: CashierSberPayRequest, options?: CashierCallOptions): Promise<CashierOrderResponse>;
  /** Pays out to a card (the order must have been created with type: 'PayOut'). */
  payoutCard(id: number | string, body: CashierPayoutCardRequest, options?: CashierCallOptions): Promise<CashierOrderResponse>;
  /** Creates the payment-form order; answers the externalOrderId the payment form opens with. */
  paymentFormOrder(id: number | string, tspCode: string, options?: CashierCallOptions): Promise<CashierPaymentFormResponse>;
  /** Holds funds on a card (OrderId = the externalOrderId). The card operations (authorize,
   *  charge, void, payoutCard) read the answer's `Response` envelope: a `Response.Code` other than
   *  0, `Response.Success: false`, or an order/operation in DECLINED, CHARGE_DECLINED or
   *  VOID_DECLINED rejects with GATEWAY_ERROR (errorCode: the envelope's code, else the status;
   *  the answer in `details`). */
  authorize(body: CashierAuthorizeRequest, options?: CashierCallOptions): Promise<CashierCardOperationResponse>;
  /** Captures held funds. */
  charge(body: CashierOrderIdRequest, options?: CashierCallOptions): Promise<CashierCardOperationResponse>;
  /** Releases held funds. */
  void(body: CashierOrderIdRequest, options?: CashierCallOptions): Promise<CashierCardOperationResponse>;
}
