// Types every API client shares, merged into pkg/kassa.d.ts by scripts/build-pkg.mjs.

/** Any JSON value (object parameters such as jsonParams and orderBundle, gateway answers). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A fetch-compatible function (the runtime's global fetch by default). kassa always passes
 *  `redirect: 'manual'` and never follows a redirect: a 3xx answer (or a browser's opaque redirect)
 *  is REDIRECT_REFUSED. Whatever it returns or throws ends in a KassaError (NETWORK_ERROR, TIMEOUT,
 *  MALFORMED_RESPONSE, RESPONSE_TOO_LARGE; OUTCOME_UNKNOWN for a money-moving call). The body is a
 *  Uint8Array typed `& BodyInit` so that the runtime's `fetch` fits under TypeScript 5.7+'s generic
 *  typed arrays as well as older ones. */
export type FetchLike = (input: string, init: {
  method: string; headers: [string, string][]; body?: Uint8Array & BodyInit; signal?: AbortSignal; redirect: 'manual';
}) => Promise<Response>;

/** Options every client accepts. */
export interface ClientTransportOptions {
  /** Used instead of globalThis.fetch (edge platforms with bindings, tests, proxies). */
  fetch?: FetchLike;
  /** Per-request timeout in milliseconds (AbortController). Default 30000. */
  timeoutMs?: number;
  /** How often a request may be repeated where repeating is safe. Default 3. */
  maxRetries?: number;
  /** The largest answer read, in bytes (a positive integer). Default 10485760 (10 MiB). A larger
   *  Content-Length is refused at once and a body stream is cancelled as soon as it passes the
   *  limit: RESPONSE_TOO_LARGE, or OUTCOME_UNKNOWN (cause RESPONSE_TOO_LARGE) for a money-moving
   *  call, which the gateway did answer and may have carried out. */
  maxResponseBytes?: number;
  /** Allow constructing a client that holds secrets in a browser page. Default false: such a
   *  construction throws SECRETS_IN_BROWSER, because every visitor could read the credentials. */
  dangerouslyAllowBrowser?: boolean;
}

/** `details` of an OUTCOME_UNKNOWN KassaError: a call that may move money may or may not have
 *  taken effect, and this is what kassa learnt before giving up. It was not repeated blindly. */
export interface OutcomeUnknownDetails {
  /** What made the outcome unknown: 'TIMEOUT', 'NETWORK_ERROR', 'HTTP_ERROR' (5xx),
   *  'MALFORMED_RESPONSE' (not an HTTP response, or a 2xx body that is not JSON),
   *  'RESPONSE_TOO_LARGE', or 'GATEWAY_ERROR' (an RBS repeat answered "order number already
   *  processed" that a status query could not confirm). */
  cause: KassaErrorCode;
  /** The cause's message. */
  causeMessage: string;
  /** RBS: the getOrderStatusExtended answer, when it answered with a status that does not show
   *  the call's effect. */
  orderStatus?: RbsOrderStatusExtendedResponse | null;
  /** RBS: how the status query failed when it did not answer with a status (`notFound: true`: the
   *  order was not found, which proves nothing for a call that does not create it). */
  probe?: OutcomeUnknownProbe | null;
  /** Mobile Cashier x-req-id / Koshelek requestId: repeating the call with it returns the first
   *  answer without doing it twice. */
  requestId?: string | null;
}

/** The status query's failure in OutcomeUnknownDetails.probe. */
export interface OutcomeUnknownProbe {
  code?: KassaErrorCode;
  message?: string;
  httpStatus?: number | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  notFound?: boolean;
  firstCause?: KassaErrorCode;
}

/** Options of waitForFinalStatus. */
export interface WaitOptions {
  /** When to give up (rejects with TIMEOUT): a Date or epoch milliseconds. */
  deadline: Date | number;
}
