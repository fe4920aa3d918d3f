// The methods of the three verifier classes, merged into the classes wasm-bindgen declares (their
// constructors are typed in Rust); merged into pkg/kassa.d.ts by scripts/build-pkg.mjs.

export interface RbsCallbackVerifier {
  /** Verifies the checksum synchronously and returns the callback; throws `KassaError`. */
  verify(input: RbsCallbackInput): RbsCallback;
  /** Like `verify`, but never throws: `{ valid, code?, reason?, callback?, canonical? }`. */
  check(input: RbsCallbackInput): RbsCallbackCheck;
  /** Verifies with RSA through WebCrypto where the runtime has it (else the wasm path). */
  verifyAsync(input: RbsCallbackInput): Promise<RbsCallback>;
  /** Verifies a Fetch API `Request` (GET: the URL's query; POST: the form or JSON body). Reads
   * a clone, so the handler can still read the body. */
  verifyRequest(request: Request): Promise<RbsCallback>;
  /** The string the checksum covers, for comparing with what the bank computed. */
  canonicalString(input: RbsCallbackInput): string;
}

export interface CashierWebhookVerifier {
  /** Verifies `payment-sign` over the raw body and returns the notification; throws `KassaError`. */
  verify(body: NotificationBody, paymentSign: string | null | undefined): CashierNotification;
  /** Like `verify`, but never throws. */
  check(body: NotificationBody, paymentSign: string | null | undefined): CashierWebhookCheck;
  /** Verifies with WebCrypto where the runtime has it (else the wasm path). */
  verifyAsync(body: NotificationBody, paymentSign: string | null | undefined): Promise<CashierNotification>;
  /** Verifies a Fetch API `Request`: the `payment-sign` header and the raw body bytes of a
   * clone (the handler can still read the body). */
  verifyRequest(request: Request): Promise<CashierNotification>;
}

export interface KoshelekPostbackVerifier {
  /** Checks `Authorization: Basic ...` and parses the JSON body; throws `KassaError`. */
  verify(authorizationHeader: string | null | undefined, body: NotificationBody): KoshelekPostback;
  /** Like `verify`, but never throws. */
  check(authorizationHeader: string | null | undefined, body: NotificationBody): KoshelekPostbackCheck;
  /** Verifies a Fetch API `Request` (Authorization header + body of a clone). */
  verifyRequest(request: Request): Promise<KoshelekPostback>;
}
