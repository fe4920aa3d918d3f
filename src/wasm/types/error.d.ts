// KassaError and its codes, merged into pkg/kassa.d.ts by scripts/build-pkg.mjs.
// The KassaErrorCode union is held equal to ErrorCode::ALL by a test in src/error.rs.

/** Every code a KassaError can carry. */
export type KassaErrorCode =
  | 'INVALID_ARGUMENT' | 'INVALID_AMOUNT' | 'MALFORMED_KEY' | 'ENCRYPTED_KEY' | 'UNSUPPORTED_ALGORITHM'
  | 'MISSING_SIGNATURE' | 'MALFORMED_SIGNATURE' | 'SIGNATURE_MISMATCH' | 'MALFORMED_PAYLOAD'
  | 'DUPLICATE_PARAMETER' | 'UNAUTHORIZED' | 'INVALID_URL' | 'INVALID_DOMAIN' | 'INSECURE_URL'
  | 'GATEWAY_ERROR' | 'HTTP_ERROR' | 'RATE_LIMITED' | 'NETWORK_ERROR' | 'TIMEOUT' | 'OUTCOME_UNKNOWN'
  | 'MALFORMED_RESPONSE' | 'SECRETS_IN_BROWSER' | 'UNSUPPORTED_RUNTIME' | 'DOM_ERROR'
  | 'PAYLOAD_TOO_LARGE' | 'TOO_MANY_PARAMETERS' | 'TOO_MANY_KEYS' | 'AMBIGUOUS_PARAMETERS'
  | 'RESPONSE_TOO_LARGE' | 'REDIRECT_REFUSED' | 'INTERNAL_ERROR';

/** The one error class kassa throws. `code` is stable; `message` says what to check. */
export class KassaError extends Error {
  readonly name: 'KassaError';
  /** The stable error code. */
  readonly code: KassaErrorCode;
  /** Which gateway answered, when the error came from a gateway's answer. */
  readonly gateway?: 'rbs' | 'cashier' | 'koshelek';
  /** The HTTP status of the gateway's answer. */
  readonly httpStatus?: number;
  /** The gateway's own error code (RBS `errorCode`, Koshelek/Mobile Cashier `code`). */
  readonly errorCode?: string;
  /** The gateway's own error message. */
  readonly errorMessage?: string;
  /** Structured details: what the gateway sent (an RBS failure's `error`/`processingErrorType`/
   *  `errorTypeName` and `answer`, a Mobile Cashier `Response` envelope, a Koshelek answer or 422
   *  `details`), or what is known of a lost answer (OUTCOME_UNKNOWN, TIMEOUT). */
  readonly details?: unknown;
}
