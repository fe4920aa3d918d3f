// Verifier types, merged into pkg/kassa.d.ts by scripts/build-pkg.mjs.

/** The Mobile Cashier webhook public key printed in the reference (PEM, RSA 4096); the default key of `CashierWebhookVerifier`. */
export const CASHIER_PUBLIC_KEY: string;

/** A PKCS#1 v1.5 hash. */
export type RsaHash = 'sha512' | 'sha256' | 'sha1';

/** What an RBS callback handler received: a full callback URL (string or URL), a query string
 * (with or without `?`), a raw form body, a raw JSON body, URLSearchParams, or a plain object.
 * Object and iterable values: strings as they are, finite numbers and booleans as their JSON
 * text, `null`/`undefined` as `''`, BigInt as its decimal text; NaN, Infinity, Symbols,
 * functions, objects and arrays are `MALFORMED_PAYLOAD` naming the parameter. */
export type RbsCallbackInput =
  | string
  | URL
  | URLSearchParams
  | Iterable<readonly [string, string | number | boolean | bigint | null | undefined]>
  | Record<string, string | number | boolean | bigint | null | undefined>;

/** An RBS public key: PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`, `CERTIFICATE`) or bare base64 DER. */
export interface RbsPublicKeyOption {
  key: string;
  /** The `sign_alias` the gateway sends with checksums made by this key. */
  alias?: string;
  /** Default `'sha512'`. */
  hash?: RsaHash;
}

/** The limits every notification verifier takes. */
export interface NotificationLimits {
  /** Largest callback string, body or URL accepted, in bytes (a string is refused by its length
   * before it is copied). Integer from 1 to 268435456; default 1048576 (1 MiB). Larger input is
   * `PAYLOAD_TOO_LARGE`. */
  maxPayloadBytes?: number;
}

export interface RbsCallbackVerifierOptions extends NotificationLimits {
  /** The shared HMAC-SHA256 key (strings are taken as UTF-8; at most 64 KiB). */
  hmacKey?: string | Uint8Array | ArrayBuffer;
  /** RSA public keys (at most 16, `TOO_MANY_KEYS`; each at most 64 KiB of text, `MALFORMED_KEY`);
   * several at once for rotation (chosen by `sign_alias` when it names one). */
  publicKeys?: Array<string | RbsPublicKeyOption>;
  /** Most parameters in one callback (a real one has fewer than 40), counted while parsing.
   * Integer from 1 to 100000; default 256. More is `TOO_MANY_PARAMETERS`. */
  maxParameters?: number;
  /** Accept `;` in the names and values the checksum covers. Default `false`: such a callback is
   * `AMBIGUOUS_PARAMETERS`, because the canonical string `name;value;` lets a genuine callback be
   * re-split into other parameters with the same checksum (see the README). Set it only for a
   * gateway that really sends `;` in values. */
  allowSemicolons?: boolean;
}

/** An RBS callback `operation`; names kassa does not know pass through as strings. */
export type RbsCallbackOperation =
  | 'approved' | 'deposited' | 'reversed' | 'refunded' | 'declinedByTimeout'
  | 'declinedCardpresent' | 'bindingCreated' | 'bindingActivityChanged'
  | (string & {});

/** A verified RBS callback. */
export interface RbsCallback {
  /** `mdOrder` (or `mdorder`): the order id in the gateway. */
  mdOrder?: string;
  /** `orderNumber`: the order id in the merchant's system. */
  orderNumber?: string;
  operation?: RbsCallbackOperation;
  /** `status` as sent: `'1'` success, `'0'` failure. */
  status?: string;
  /** `status === '1'`. */
  success: boolean;
  /** `amount` in minor units, when present. */
  amount?: number;
  /** Every parameter as received (decoded), `checksum` included. */
  params: Record<string, string>;
  /** The payment succeeded, as the reference defines it: operation `approved` or `deposited`, status 1. */
  isPaymentSuccess: boolean;
  /** Identical for every retry of this notification; store it to process each notification once. */
  dedupeKey: string;
}

/** A diagnosis code of a failed `check` (see `CheckHint`). */
export type CheckHintCode =
  | 'REENCODED_VALUE' | 'ADDED_PARAMETER' | 'WRONG_HASH' | 'RESERIALISED_BODY'
  | 'KEY_WHITESPACE' | 'UNSORTED_PARAMETERS' | 'SIGNATURE_ENCODING'
  | 'MALFORMED_CREDENTIALS' | 'CREDENTIALS_MISMATCH';

/** Why a notification did not verify, found by repairing it until it did (computed only when a
 * check failed; never holds a secret or a value). */
export interface CheckHint {
  code: CheckHintCode;
  /** What happened and what to do. */
  message: string;
  /** The parameter concerned, when there is one. */
  parameter?: string;
}

/** The result of `check`: never thrown. */
export type RbsCallbackCheck =
  | { valid: true; callback: RbsCallback; canonical: string; code?: undefined; reason?: undefined }
  | { valid: false; code: KassaErrorCode; reason: string; canonical?: string; callback?: undefined;
      /** The parameters as parsed, in the order received (absent when the input could not be parsed). */
      parameters?: Array<[string, string]>; hints?: CheckHint[] };

/** A webhook or postback body: the raw bytes exactly as received, or their text. Other typed
 * arrays, DataViews and detached buffers are `INVALID_ARGUMENT`. */
export type NotificationBody = string | Uint8Array | ArrayBuffer | SharedArrayBuffer;

export interface CashierWebhookVerifierOptions extends NotificationLimits {
  /** PEM or base64 DER; default `CASHIER_PUBLIC_KEY`, the key printed in the Mobile Cashier reference. */
  publicKey?: string;
}

// `CashierOrderStatus` and `CashierOrder` are declared once, with the client's types
// (client-cashier.d.ts): a webhook carries the same order the API returns.

/** A verified Mobile Cashier webhook. */
export interface CashierNotification {
  /** The order's `id`, as text. */
  orderId?: string;
  /** The status by the reference's name (`SBP_ACCEPTED` is reported as `IPS_ACCEPTED`); unknown names pass through. */
  status?: CashierOrderStatus | (string & {});
  /** The status exactly as sent. */
  rawStatus?: string;
  /** The Final flag of the reference's table (false for unknown statuses). */
  isFinal: boolean;
  /** Whether the status is one of the reference's 20 (or `SBP_ACCEPTED`). */
  isKnownStatus: boolean;
  /** `CHARGED`, `IPS_ACCEPTED`/`SBP_ACCEPTED` or `PAID`. */
  isPaid: boolean;
  /** The order: the very object `body.order`, or `body` itself when the body is a bare order
   *  (one object, not a copy: changing one changes the other). */
  order: CashierOrder;
  /** The whole parsed body. */
  body: Record<string, unknown>;
  /** Identical for every retry: `cashier:<order id>:<status as sent>`. */
  dedupeKey: string;
}

export type CashierWebhookCheck =
  | { valid: true; notification: CashierNotification; code?: undefined; reason?: undefined }
  | { valid: false; code: KassaErrorCode; reason: string; notification?: undefined; hints?: CheckHint[] };

export interface KoshelekPostbackVerifierOptions extends NotificationLimits {
  /** `partnerLogin`, as agreed with Koshelek. */
  login: string;
  /** `partnerPassword`. */
  password: string;
}

/** A verified Koshelek Pay postback: the `transaction/status` object (fields as sent; statuses
 *  typed as KoshelekPaymentStatus / KoshelekRefStatus), the whole body, and a dedupeKey. */
export interface KoshelekPostback {
  requestId?: string;
  transactionId?: string;
  refTransactionId?: string;
  /** `status` (or `state`) as sent. */
  status?: KoshelekPaymentStatus | (string & {});
  paymentGroup?: string;
  paymentProvider?: string;
  slip?: KoshelekSlip;
  refStatus?: KoshelekRefStatus | (string & {});
  errorCode?: KoshelekRejectionCode | (string & {});
  /** The whole JSON body; fields kassa does not know are kept. */
  body: Record<string, unknown>;
  /** Identical for every retry of one postback: `koshelek:<transactionId>:<status>`, with
   *  `:<refTransactionId>:<refStatus>` appended when it names a cancel or refund. */
  dedupeKey: string;
}

export type KoshelekPostbackCheck =
  | { valid: true; postback: KoshelekPostback; code?: undefined; reason?: undefined }
  | { valid: false; code: KassaErrorCode; reason: string; postback?: undefined; hints?: CheckHint[] };

/** The key `signRbsCallback` signs with. */
export type RbsCallbackSigningKey =
  | { hmacKey: string | Uint8Array }
  | { privateKey: string; hash?: RsaHash; alias?: string; passphrase?: string };
