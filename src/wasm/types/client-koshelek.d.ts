// Koshelek client types (KoshelekClient), merged into pkg/kassa.d.ts by scripts/build-pkg.mjs.

/** Options of new KoshelekClient(...). Either baseUrl, or partner (+ environment). */
export interface KoshelekClientOptions extends ClientTransportOptions {
  /** The partner's API base URL, e.g. https://api-test.koshelek.app/<partner-name>/ */
  baseUrl?: string;
  /** The partner name, to use the reference's URL for `environment`. */
  partner?: string;
  /** 'test' (https://api-test.koshelek.app/<partner>) or 'production' (https://api.koshelek.app/<partner>). Default 'test'. */
  environment?: 'test' | 'production';
  /** HTTP Basic login. */
  login: string;
  /** HTTP Basic password. */
  password: string;
  /** The store (storeId), added to every request. */
  storeId: string;
  /** The terminal (terminalId), added to every request. */
  terminalId: string;
}

/** HTTP methods KoshelekClient.request accepts. */
export type KoshelekHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request body; storeId and terminalId are added by the client. Amounts (amount, *Amount) are
 *  integers in kopecks. */
export type KoshelekRequestBody = JsonObject;

/** A Koshelek Pay answer (fields the reference does not list are kept as they came). */
export type KoshelekResponse = JsonObject;

/** The codes of Koshelek Pay's HTTP 422 errors (KassaError.errorCode; KassaError.details holds
 *  the gateway's `details` text). */
export type KoshelekErrorCode =
  | 'UNKNOWN_SESSION_ID' | 'UNKNOWN_TRANSACTION_ID' | 'UNKNOWN_PARTNER_ID' | 'WRONG_TRANSACTION_STATE_CHANGE'
  | 'PAYMENT_TRANSACTION_IS_NOT_PAID' | 'CANCEL_REFUNDING_BY_BANK' | 'TRANSACTION_FOR_SESSION_ID_ALREADY_EXISTS'
  | 'TRANSACTION_FOR_SESSION_ID_ALREADY_PAYED' | 'TRANSACTION_IN_PROCESSING';

/** Options of KoshelekClient.waitForFinalStatus. */
export interface KoshelekWaitOptions extends WaitOptions {
  /** The status path to poll with GET. Default `transactions/<transactionId>`. */
  path?: string;
}

// `request` has an optional body: declared here and merged into the class (see client-cashier.d.ts).
export interface KoshelekClient {
  /** Sends `method path` (relative to baseUrl) with a JSON body; storeId and terminalId are
   *  added. Rejects with GATEWAY_ERROR (errorCode = the reference's KoshelekErrorCode, details)
   *  on HTTP 422; a non-GET whose outcome is unknown is OUTCOME_UNKNOWN and is never repeated. */
  request(method: KoshelekHttpMethod, path: string, body?: KoshelekRequestBody): Promise<KoshelekResponse>;
}
