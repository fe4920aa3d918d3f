// RbsClient types: requests and answers named exactly as the RBS reference names the fields.
// Answers keep fields the reference does not list (typed `unknown`). Merged into pkg/kassa.d.ts by
// scripts/build-pkg.mjs.

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
  /** "0" or 0 on success (errors reject with GATEWAY_ERROR instead). */
  errorCode?: string | number;
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

/** paymentOrder (paymentorder.do): card fields are named as the reference names them. */
export interface RbsPaymentOrderRequest {
  MDORDER: string;
  $PAN?: string;
  $CVC?: string;
  YYYY?: number | string;
  MM?: number | string;
  $EXPIRY?: number | string;
  seToken?: string;
  TEXT?: string;
  language?: string;
  ip?: string;
  bindingNotNeeded?: boolean;
  jsonParams?: { [name: string]: string };
  threeDSSDK?: boolean;
  email?: string;
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
  threeDSServerTransId?: string;
  threeDSMethodURL?: string;
  threeDSMethodUrlServer?: string;
  threeDSMethodDataPacked?: string;
  threeDSMethodURLServerDirect?: string;
  packedCReq?: string;
  error?: string;
}

/** An order by gateway id or merchant number (getOrderStatusExtended). */
export interface RbsOrderRef {
  orderId?: string;
  orderNumber?: string;
  language?: string;
  merchantLogin?: string;
}
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
  merchantOrderParams?: { name: string; value: string }[];
  transactionAttributes?: { name: string; value: string }[];
  attributes?: { name: string; value: string }[];
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
export interface RbsDeclineRequest {
  orderId: string;
  orderNumber?: string;
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
  tii?: string;
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
export interface RbsGetBindingsByCardOrIdRequest {
  pan?: string;
  bindingId?: string;
  showExpired?: boolean;
}
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
/** unBindCard, bindCard, sbpUnBind. */
export interface RbsBindingRef {
  bindingId: string;
}
export interface RbsExtendBindingRequest {
  bindingId: string;
  /** YYYYMM */
  newExpiry: string | number;
  language: string;
}

/** recurrentPayment and installmentPayment (JSON bodies). */
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
export interface RbsFinish3dsVer2PaymentRequest {
  threeDSServerTransId: string;
}
export interface RbsContinue3dsRequest {
  mdOrder: string;
}

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

export interface RbsCloseOfdReceiptRequest {
  amount: Kopecks;
  orderId?: string;
  orderNumber?: string;
  additionalOfdParams?: JsonObject;
  merchantLogin?: string;
  orderBundle?: JsonObject;
}
export interface RbsSuccessResponse extends RbsBaseResponse {
  success?: boolean;
}
export interface RbsGetReceiptStatusRequest {
  orderId?: string;
  orderNumber?: string;
  uuid?: string;
  language?: string;
}
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
