//! Turns a core [`crate::Error`] into a thrown `KassaError` (a real `Error` subclass with `code`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/kassa_error.js")]
extern "C" {
    /// The JS class defined in `kassa_error.js`.
    #[wasm_bindgen(js_name = KassaError)]
    pub type JsKassaError;

    #[wasm_bindgen(constructor, js_class = KassaError)]
    fn new(code: &str, message: &str, details: JsValue) -> JsKassaError;
}

#[wasm_bindgen(typescript_custom_section)]
const KASSA_ERROR_TS: &'static str = r#"
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
  /** Structured details the gateway sent (Koshelek `details`). */
  readonly details?: unknown;
}
"#;

/// Converts a core error into the JS exception value.
pub fn to_js(err: crate::Error) -> JsValue {
    let details = match err.gateway() {
        None => JsValue::UNDEFINED,
        Some(g) => {
            let o = js_sys::Object::new();
            let set = |k: &str, v: JsValue| {
                // Setting a property on a fresh plain object cannot fail.
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
            };
            set("gateway", JsValue::from_str(g.gateway));
            if let Some(s) = g.http_status {
                set("httpStatus", JsValue::from(s));
            }
            if let Some(c) = &g.error_code {
                set("errorCode", JsValue::from_str(c));
            }
            if let Some(m) = &g.error_message {
                set("errorMessage", JsValue::from_str(m));
            }
            if let Some(d) = &g.details {
                let parsed = js_sys::JSON::parse(d).unwrap_or_else(|_| JsValue::from_str(d));
                set("details", parsed);
            }
            o.into()
        }
    };
    JsKassaError::new(err.code().as_str(), err.message(), details).into()
}

/// `Result` as the JS boundary returns it: a thrown `KassaError` on failure.
pub type JsResult<T> = Result<T, JsValue>;

/// Shorthand for `.map_err(to_js)`.
pub trait IntoJs<T> {
    /// Converts the error side into a `KassaError`.
    fn js(self) -> JsResult<T>;
}

impl<T> IntoJs<T> for crate::Result<T> {
    fn js(self) -> JsResult<T> {
        self.map_err(to_js)
    }
}
