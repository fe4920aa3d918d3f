// RbsClient types: requests and answers named exactly as the RBS reference names the fields.
// Answers keep fields the reference does not list (typed `unknown`). Merged into pkg/kassa.d.ts by
// scripts/build-pkg.mjs.
//
// Requests: a parameter the reference's request table marks Mandatory is required here and checked
// before sending (INVALID_ARGUMENT naming it; src/rbs/api.rs). As the reference says, "if it is not
// provided, an empty value should be passed": an empty string is sent as is; null and undefined
// are left out. Conditional groups ("orderId or orderNumber") are unions or, where a union would
// be unreadable (paymentOrder's card fields), checked at run time.
//
// Answers (src/rbs/response.rs): read into the reference's shape: capitalised legacy keys
// (ErrorCode, OrderStatus, ...) also under the lower-camel name; numbers where the tables say
// strings (errorCode, currency, terminalId, bindingId, orderNumber, ...) as strings and strings of
// digits where they say integers (orderStatus, actionCode, amounts, dates) as numbers; 3-D Secure
// names in the table's spelling (threeDSServerTransId, threeDSMethodUrl, threeDSMethodUrlServer)
// whichever spelling arrived. A failure is GATEWAY_ERROR, also with errorCode 0 when the answer
// carries an `error` text, `errorTypeName` or a `processingErrorType` other than NO_ERROR (the
// fields and the whole answer are in the KassaError's `details`).

/** Options of new RbsClient(...). Credentials: token, or userName + password (never both). */
export interface RbsClientOptions extends ClientTransportOptions {
  /** 'test' = https://vtb.rbsuat.com/payment/rest/ (default), 'production' = https://platezh.vtb24.ru/payment/rest/ */
  environment?: 'test' | 'production';
  /** Any other gateway on the platform (or the kassa sandbox); wins over environment. */
  baseUrl?: string;
  /** The merchant's API account login (the account ending in -api). */
  userName?: string;
  /** The API account's password. */
  password?: string;
  /** A token instead of userName/password. */
  token?: string;
  /** Sign every request (X-Hash, X-Signature) with this private key: PEM PKCS#8, PKCS#1 or
   *  encrypted PKCS#8 (with passphrase). */
  signer?: { privateKey: string; passphrase?: string };
}

/** An amount in minor units (kopecks): a non-negative integer. Anything else is INVALID_AMOUNT. */
export type Kopecks = number;

/** Names of RBS order statuses 0–6 (rbsOrderStatusName). */
export type RbsOrderStatusName = 'REGISTERED' | 'APPROVED' | 'DEPOSITED' | 'REVERSED' | 'REFUNDED' | 'ACS_AUTH_INITIATED' | 'DECLINED' | 'UNKNOWN';

/** Payer data objects (billingPayerData, shippingPayerData, preOrderPayerData, orderPayerData). */
export type RbsPayerData = { [field: string]: string | number | boolean };

/** Fields of an answer every endpoint may send. */
export interface RbsBaseResponse {
  /** "0" on success (read as a string whichever way it arrived; errors reject with GATEWAY_ERROR
   *  instead). sbpUnBind's documented success carries "2" ("Stored credential deactivated"). */
  errorCode?: string;
  errorMessage?: string;
  /** Present when kassa rebuilt the answer from getOrderStatusExtended after an unknown outcome. */
  recovered?: true;
  [field: string]: unknown;
}

/** register / registerPreAuth. */
export interface RbsRegisterRequest {
  orderNumber: string;
  amount: Kopecks;
  currency?: string;
  returnUrl: string;
  failUrl?: string;
  dynamicCallbackUrl?: string;
  description?: string;
  language?: string;
  ip?: string;
  clientId?: string;
  merchantLogin?: string;
  cardholderName?: string;
  jsonParams?: { [name: string]: string };
  sessionTimeoutSecs?: number;
  expirationDate?: string;
  bindingId?: string;
  /** Repeated fields: features: ['FORCE_SSL', 'FORCE_TDS'] */
  features?: string | string[];
  /** registerPreAuth only. */
  autocompletionDate?: string;
  /** registerPreAuth only. */
  autoReverseDate?: string;
  postAddress?: string;
  orderBundle?: JsonObject;
  additionalOfdParams?: JsonObject;
  taxSystem?: number;
  feeInput?: Kopecks;
  email?: string;
  merchantInn?: string;
  billingPayerData?: RbsPayerData;
  shippingPayerData?: RbsPayerData;
  preOrderPayerData?: RbsPayerData;
  orderPayerData?: RbsPayerData;
  billingAndShippingAddressMatchIndicator?: string;
}
export interface RbsRegisterResponse extends RbsBaseResponse {
  orderId: string;
  /** Absent when the answer was recovered (recovered: true). */
  formUrl?: string;
}

/** paymentOrder (paymentorder.do): card fields are named as the reference names them. MDORDER, TEXT
 *  and language are Mandatory; $PAN and $CVC unless seToken is passed; $EXPIRY, or YYYY and MM,
 *  unless seToken is passed (checked before sending). */
export interface RbsPaymentOrderRequest {
  MDORDER: string;
  $PAN?: string;
  $CVC?: string;
  YYYY?: number | string;
  MM?: number | string;
  $EXPIRY?: number | string;
  seToken?: string;
  /** The cardholder's name (Mandatory). */
  TEXT: string;
  /** Mandatory (ISO 639-1). */
  language: string;
  ip?: string;
  bindingNotNeeded?: boolean;
  jsonParams?: { [name: string]: string };
  threeDSSDK?: boolean;
  email?: string;
  /** The table's spelling (line 1383); threeDSServerTransID (the sample's, line 1458) is sent as
   *  given too. */
  threeDSServerTransId?: string;
  threeDSServerTransID?: string;
  threeDSVer2FinishUrl?: string;
  threeDSMethodNotificationUrl?: string;
  billingPayerData?: RbsPayerData;
  shippingPayerData?: RbsPayerData;
  preOrderPayerData?: RbsPayerData;
  orderPayerData?: RbsPayerData;
  tii?: string;
  externalScaExemptionIndicator?: string;
  clientBrowserInfo?: JsonObject;
  [field: string]: JsonValue | undefined;
}
/** Answers of the payment endpoints (paymentOrder, paymentOrderBinding, finish3ds*, continue3ds). */
export interface RbsPaymentResponse extends RbsBaseResponse {
  info?: string;
  redirect?: string;
  termUrl?: string;
  acsUrl?: string;
  paReq?: string;
  is3DSVer2?: boolean;
  /** The typed 3-D Secure names are the reference's tables' (lines 1413-1417), filled from either
   *  spelling; the sample's spelling (threeDSServerTransID, threeDSMethodURL,
   *  threeDSMethodURLServer, line 1463) stays as it arrived. */
  threeDSServerTransId?: string;
  threeDSMethodUrl?: string;
  threeDSMethodUrlServer?: string;
  threeDSServerTransID?: string;
  threeDSMethodURL?: string;
  threeDSMethodURLServer?: string;
  threeDSMethodDataPacked?: string;
  threeDSMethodURLServerDirect?: string;
  packedCReq?: string;
  bindingId?: string;
  sbpC2bInfo?: { qrId?: string; payload?: string; renderedQr?: string; status?: string; [field: string]: unknown };
  /** "NO_ERROR" on success; any other value is a failure (GATEWAY_ERROR). */
  processingErrorType?: string;
  displayErrorMessage?: string;
  /** Only on failures (which reject with GATEWAY_ERROR). */
  errorTypeName?: string;
  /** An error text only on failures (which reject); createBindingNoPayment answers error: false. */
  error?: string | boolean;
}

/** An order by gateway id or merchant number (getOrderStatusExtended): orderId or orderNumber. */
export type RbsOrderRef = ({ orderId: string; orderNumber?: string } | { orderNumber: string; orderId?: string }) & {
  language?: string;
  merchantLogin?: string;
};
export interface RbsOrderStatusExtendedResponse extends RbsBaseResponse {
  orderNumber?: string;
  /** 0–6: see RbsOrderStatus, rbsOrderStatusName, rbsOrderStatusIsPaid. */
  orderStatus?: number;
  actionCode?: number;
  actionCodeDescription?: string;
  amount?: Kopecks;
  currency?: string;
  date?: number;
  orderDescription?: string;
  ip?: string;
  /** Items may come without value in real answers. */
  merchantOrderParams?: { name: string; value?: string }[];
  transactionAttributes?: { name: string; value?: string }[];
  attributes?: { name: string; value?: string }[];
  cardAuthInfo?: { maskedPan?: string; expiration?: string; cardholderName?: string; approvalCode?: string; pan?: string; [field: string]: unknown };
  bindingInfo?: { clientId?: string; bindingId?: string; [field: string]: unknown };
  authDateTime?: number;
  terminalId?: string;
  authRefNum?: string;
  paymentAmountInfo?: { paymentState?: string; approvedAmount?: Kopecks; depositedAmount?: Kopecks; refundedAmount?: Kopecks; feeAmount?: Kopecks; [field: string]: unknown };
  bankInfo?: { bankName?: string; bankCountryCode?: string; bankCountryName?: string; [field: string]: unknown };
}

/** deposit, refund, processRawSumRefund. amount 0 on deposit = the full amount. */
export interface RbsAmountRequest {
  orderId: string;
  amount: Kopecks;
  currency?: string;
  language?: string;
  jsonParams?: { [name: string]: string };
  depositItems?: JsonObject;
  refundItems?: JsonObject;
  expectedDepositedAmount?: Kopecks;
  externalRefundId?: string;
  additionalOfdParams?: JsonObject;
  ofdParams?: JsonObject;
  items?: JsonValue;
}
export interface RbsReverseRequest {
  orderId: string;
  orderNumber?: string;
  amount?: Kopecks;
  currency?: string;
  merchantLogin?: string;
  language?: string;
  jsonParams?: { [name: string]: string };
}
/** decline: both orderId and orderNumber are Mandatory (table, lines 2944-2946). */
export interface RbsDeclineRequest {
  orderId: string;
  orderNumber: string;
  merchantLogin?: string;
  language?: string;
}
export interface RbsRawPositionRefundRequest {
  orderId: string;
  amount: Kopecks;
  positionId?: number | string;
  language?: string;
  additionalOfdParams?: JsonObject;
}
/** Answers that carry only errorCode/errorMessage. */
export type RbsResultResponse = RbsBaseResponse;

export interface RbsPaymentOrderBindingRequest {
  mdOrder: string;
  bindingId: string;
  language?: string;
  ip?: string;
  cvc?: string;
  threeDSSDK?: boolean;
  /** Mandatory (table, line 3250): the transaction initiator indicator. */
  tii: string;
  email?: string;
  threeDSProtocolVersion?: string;
  externalScaExemptionIndicator?: string;
  seToken?: string;
}

export interface RbsGetBindingsRequest {
  clientId: string;
  language?: string;
  bindingId?: string;
  bindingType?: string;
  showExpired?: boolean;
  merchantLogin?: string;
}
/** pan or bindingId. */
export type RbsGetBindingsByCardOrIdRequest = ({ pan: string; bindingId?: string } | { bindingId: string; pan?: string }) & {
  showExpired?: boolean;
};
export interface RbsBinding {
  bindingId: string;
  maskedPan?: string;
  expiryDate?: string;
  paymentWay?: string;
  bindingCategory?: string;
  clientId?: string;
  displayLabel?: string;
  paymentSystem?: string;
  [field: string]: unknown;
}
export interface RbsBindingsResponse extends RbsBaseResponse {
  bindings?: RbsBinding[];
}
/** unBindCard, bindCard. */
export interface RbsBindingRef {
  bindingId: string;
}
/** sbpUnBind: bindingId is Optional in its table (line 4511). */
export interface RbsSbpUnBindRequest {
  bindingId?: string;
}
export interface RbsExtendBindingRequest {
  bindingId: string;
  /** YYYYMM */
  newExpiry: string | number;
  language: string;
}

/** recurrentPayment (JSON body). */
export interface RbsRecurrentPaymentRequest {
  orderNumber: string;
  bindingId: string;
  amount: Kopecks;
  currency?: string;
  description?: string;
  language?: string;
  feeInput?: Kopecks;
  preAuth?: boolean;
  autocompletionDate?: string;
  autoReverseDate?: string;
  features?: string | string[];
  additionalParameters?: { [name: string]: string };
  billingPayerData?: RbsPayerData;
  shippingPayerData?: RbsPayerData;
  preOrderPayerData?: RbsPayerData;
  orderPayerData?: RbsPayerData;
  billingAndShippingAddressMatchIndicator?: string;
}
/** installmentPayment (JSON body): preAuth is Mandatory (table, line 3909). */
export interface RbsInstallmentPaymentRequest extends RbsRecurrentPaymentRequest {
  preAuth: boolean;
}
export interface RbsRecurrentPaymentResponse extends RbsBaseResponse {
  success: boolean;
  data?: { orderId: string };
  orderStatus?: RbsOrderStatusExtendedResponse;
}
export interface RbsInstallmentPaymentResponse extends RbsBaseResponse {
  orderId?: string;
  orderStatus?: RbsOrderStatusExtendedResponse;
}

export interface RbsCreateBindingNoPaymentRequest {
  clientId: string;
  cardholderName: string;
  /** YYYYMM */
  expiryDate: string | number;
  pan: string;
  additionalParameters?: { [name: string]: string };
  merchantLogin?: string;
}
export interface RbsCreateBindingNoPaymentResponse extends RbsBaseResponse {
  bindingId?: string;
  clientId?: string;
  cardholderName?: string;
  expiryDate?: string;
  maskedPan?: string;
}

export interface RbsSbpQrGetRequest {
  mdOrder: string;
  account?: string;
  memberId?: string;
  tspMerchantId?: string;
  paymentPurpose?: string;
  redirectUrl?: string;
  qrHeight?: number;
  qrWidth?: number;
  qrFormat?: 'matrix' | 'image' | string;
  createSubscription?: boolean;
}
export interface RbsSbpQrGetResponse extends RbsBaseResponse {
  qrId?: string;
  payload?: string;
  qrStatus?: string;
  renderedQr?: string;
}
/** sbpQrStatus, sbpQrReject. */
export interface RbsSbpQrRef {
  mdOrder: string;
  qrId?: string;
}
export interface RbsSbpQrStatusResponse extends RbsBaseResponse {
  qrType?: string;
  qrStatus?: string;
  transactionState?: string;
}
export interface RbsSbpQrRejectResponse extends RbsBaseResponse {
  rejected: boolean;
}
export interface RbsSbpGetBindingsRequest {
  clientId: string;
  bindingId?: string;
  showDisabled?: boolean;
}
export interface RbsSbpBindingsResponse extends RbsBaseResponse {
  bindings?: JsonObject[];
}

export interface RbsFinish3dsPaymentRequest {
  mdOrder: string;
  paRes: string;
}
/** threeDSServerTransId (the table's spelling, line 4583) or threeDSServerTransID. */
export type RbsFinish3dsVer2PaymentRequest = { threeDSServerTransId: string } | { threeDSServerTransID: string };
export interface RbsContinue3dsRequest {
  mdOrder: string;
}

/** verifyCard: amount is Mandatory (table, line 4693; 0 is a verification without a hold). */
export interface RbsVerifyCardRequest {
  amount: Kopecks;
  currency?: string;
  pan?: string;
  cvc?: string;
  /** YYYYMM */
  expiry?: string | number;
  cardholderName?: string;
  backUrl?: string;
  failUrl?: string;
  returnUrl?: string;
  description?: string;
  language?: string;
  threeDSServerTransId?: string;
  threeDSVer2FinishUrl?: string;
  threeDSVer2MdOrder?: string;
  threeDSSDK?: boolean;
  billingPayerData?: RbsPayerData;
  shippingPayerData?: RbsPayerData;
  preOrderPayerData?: RbsPayerData;
  orderPayerData?: RbsPayerData;
  billingAndShippingAddressMatchIndicator?: string;
}
export interface RbsVerifyCardResponse extends RbsBaseResponse {
  orderId?: string;
  orderNumber?: string;
  authCode?: string | number;
  actionCode?: number;
  actionCodeDescription?: string;
  time?: number;
  eci?: number | string;
  amount?: Kopecks;
  currency?: string;
  rrn?: string | number;
  acsUrl?: string;
  termUrl?: string;
  paReq?: string;
}

/** closeOfdReceipt: the order by mdOrder or orderNumber (line 4865; orderId is refused with
 *  INVALID_ARGUMENT: the gateway does not read it). */
export type RbsCloseOfdReceiptRequest = ({ mdOrder: string; orderNumber?: string } | { orderNumber: string; mdOrder?: string }) & {
  amount: Kopecks;
  additionalOfdParams?: JsonObject;
  merchantLogin?: string;
  orderBundle?: JsonObject;
};
export interface RbsSuccessResponse extends RbsBaseResponse {
  success?: boolean;
}
/** getReceiptStatus: orderId, orderNumber or uuid (line 5250). */
export type RbsGetReceiptStatusRequest = ({ orderId: string } | { orderNumber: string } | { uuid: string }) & {
  orderId?: string;
  orderNumber?: string;
  uuid?: string;
  language?: string;
};
export interface RbsReceiptStatusResponse extends RbsBaseResponse {
  orderNumber?: string;
  orderId?: string;
  receipt?: JsonObject[];
}

/** A payment-link template (templates/*). */
export interface RbsTemplate {
  templateId?: string;
  type?: 'ECOM' | string;
  name?: string;
  status?: string;
  preAuth?: boolean;
  amount?: Kopecks;
  currency?: string;
  nameForClient?: string;
  descriptionForClient?: string;
  qrTemplate?: { qrWidth?: number; qrHeight?: number; payload?: string; renderedQr?: string };
  commission?: JsonObject;
  additionalParams?: JsonObject[];
  [field: string]: unknown;
}
export interface RbsTemplateCreateRequest {
  language?: string;
  template: RbsTemplate & { type: 'ECOM' | string; name: string };
}
export interface RbsTemplateGetRequest {
  language?: string;
  template: { templateId: string; qrTemplate?: { qrWidth?: number; qrHeight?: number } };
}
export interface RbsTemplateUpdateRequest {
  language?: string;
  template: RbsTemplate & { templateId: string };
}
export interface RbsTemplateGetListRequest {
  merchant_login?: string;
  merchantLogin?: string;
  status?: string;
  qrTemplate?: { qrWidth?: number; qrHeight?: number };
}
export interface RbsTemplateResponse extends RbsBaseResponse {
  status: 'SUCCESS' | 'FAIL' | string;
  template?: RbsTemplate;
}
export interface RbsTemplateListResponse extends RbsBaseResponse {
  status: 'SUCCESS' | 'FAIL' | string;
  templates?: RbsTemplate[];
}

// The methods of RbsClient (the class itself, its constructor, baseUrl and acsRedirectUrl are
// generated by wasm-bindgen; this interface is merged into it).
export interface RbsClient {
  /** `register.do`: registers an order; answers `orderId` and `formUrl`. With an unknown outcome
   *  the order is looked up by `orderNumber` (then `formUrl` is absent and `recovered: true`). */
  register(request: RbsRegisterRequest): Promise<RbsRegisterResponse>;
  /** `registerPreAuth.do`: registers a two-stage (pre-authorized) order. */
  registerPreAuth(request: RbsRegisterRequest): Promise<RbsRegisterResponse>;
  /** `paymentorder.do`: pays a registered order with card data. */
  paymentOrder(request: RbsPaymentOrderRequest): Promise<RbsPaymentResponse>;
  /** `getOrderStatusExtended.do`: the order's status and details. */
  getOrderStatusExtended(request: RbsOrderRef): Promise<RbsOrderStatusExtendedResponse>;
  /** `deposit.do`: completes a pre-authorized order (`amount: 0` = the full amount). */
  deposit(request: RbsAmountRequest): Promise<RbsResultResponse>;
  /** `reverse.do`: reverses a payment. */
  reverse(request: RbsReverseRequest): Promise<RbsResultResponse>;
  /** `refund.do`: refunds all or part of a paid order. */
  refund(request: RbsAmountRequest): Promise<RbsResultResponse>;
  /** `decline.do`: cancels an unpaid order. */
  decline(request: RbsDeclineRequest): Promise<RbsResultResponse>;
  /** `processRawSumRefund.do`: refunds a free amount without item reference. */
  processRawSumRefund(request: RbsAmountRequest): Promise<RbsResultResponse>;
  /** `processRawPositionRefund.do`: refunds an amount for one item. */
  processRawPositionRefund(request: RbsRawPositionRefundRequest): Promise<RbsResultResponse>;
  /** `paymentOrderBinding.do`: pays with a stored credential. */
  paymentOrderBinding(request: RbsPaymentOrderBindingRequest): Promise<RbsPaymentResponse>;
  /** `getBindings.do`: a client's stored credentials. */
  getBindings(request: RbsGetBindingsRequest): Promise<RbsBindingsResponse>;
  /** `getBindingsByCardOrId.do`: the stored credentials of a card. */
  getBindingsByCardOrId(request: RbsGetBindingsByCardOrIdRequest): Promise<RbsBindingsResponse>;
  /** `unBindCard.do`: deactivates a stored credential. */
  unBindCard(request: RbsBindingRef): Promise<RbsResultResponse>;
  /** `bindCard.do`: reactivates a stored credential. */
  bindCard(request: RbsBindingRef): Promise<RbsResultResponse>;
  /** `extendBinding.do`: extends a stored credential's expiry. */
  extendBinding(request: RbsExtendBindingRequest): Promise<RbsResultResponse>;
  /** `recurrentPayment.do` (JSON): registers and pays an order with a stored credential. */
  recurrentPayment(request: RbsRecurrentPaymentRequest): Promise<RbsRecurrentPaymentResponse>;
  /** `installmentPayment.do` (JSON): an installment payment. */
  installmentPayment(request: RbsInstallmentPaymentRequest): Promise<RbsInstallmentPaymentResponse>;
  /** `createBindingNoPayment.do`: stores a credential without a payment. */
  createBindingNoPayment(request: RbsCreateBindingNoPaymentRequest): Promise<RbsCreateBindingNoPaymentResponse>;
  /** `sbp/c2b/qr/dynamic/get.do`: a dynamic SBP QR code for an order. */
  sbpQrGet(request: RbsSbpQrGetRequest): Promise<RbsSbpQrGetResponse>;
  /** `sbp/c2b/qr/status.do`: the status of an SBP QR payment. */
  sbpQrStatus(request: RbsSbpQrRef): Promise<RbsSbpQrStatusResponse>;
  /** `sbp/c2b/qr/dynamic/reject.do`: rejects an SBP QR payment. */
  sbpQrReject(request: RbsSbpQrRef): Promise<RbsSbpQrRejectResponse>;
  /** `sbp/c2b/getBindings.do`: a client's SBP stored credentials. */
  sbpGetBindings(request: RbsSbpGetBindingsRequest): Promise<RbsSbpBindingsResponse>;
  /** `sbp/c2b/unBind.do`: deactivates an SBP stored credential. */
  sbpUnBind(request: RbsSbpUnBindRequest): Promise<RbsResultResponse>;
  /** `finish3dsPayment.do`: finishes a 3-D Secure 1 payment with the ACS's PaRes. */
  finish3dsPayment(request: RbsFinish3dsPaymentRequest): Promise<RbsPaymentResponse>;
  /** `finish3dsVer2Payment.do`: finishes a 3-D Secure 2 payment. */
  finish3dsVer2Payment(request: RbsFinish3dsVer2PaymentRequest): Promise<RbsPaymentResponse>;
  /** `3ds/continue.do`: continues a 3-D Secure 2 payment after the 3DS Method. */
  continue3ds(request: RbsContinue3dsRequest): Promise<RbsPaymentResponse>;
  /** `verifyCard.do`: verifies a card (no payment; the order ends REVERSED). */
  verifyCard(request: RbsVerifyCardRequest): Promise<RbsVerifyCardResponse>;
  /** `closeOfdReceipt.do`: closes a fiscal (OFD) receipt. */
  closeOfdReceipt(request: RbsCloseOfdReceiptRequest): Promise<RbsSuccessResponse>;
  /** `getReceiptStatus.do`: the fiscal receipts of an order. */
  getReceiptStatus(request: RbsGetReceiptStatusRequest): Promise<RbsReceiptStatusResponse>;
  /** `templates/create.do` (JSON): creates a payment-link template. */
  templatesCreate(request: RbsTemplateCreateRequest): Promise<RbsTemplateResponse>;
  /** `templates/get.do` (JSON): a payment-link template. */
  templatesGet(request: RbsTemplateGetRequest): Promise<RbsTemplateResponse>;
  /** `templates/update.do` (JSON): updates a payment-link template. */
  templatesUpdate(request: RbsTemplateUpdateRequest): Promise<RbsTemplateResponse>;
  /** `templates/getList.do` (JSON): all payment-link templates. */
  templatesGetList(request: RbsTemplateGetListRequest): Promise<RbsTemplateListResponse>;
  /** Polls `getOrderStatusExtended` with backoff until the order's status is final (1, 2, 3, 4
   *  or 6); rejects with `TIMEOUT` at the deadline, carrying the last status in `details`. */
  waitForFinalStatus(orderId: string, options: WaitOptions): Promise<RbsOrderStatusExtendedResponse>;
}
