//! The TypeScript types of the verifiers, and the conversions of the core's verified values into
//! plain JavaScript objects of those shapes.

use wasm_bindgen::prelude::*;

use crate::cashier::notification::CashierNotification;
use crate::koshelek::postback::KoshelekPostback;
use crate::rbs::callback::RbsCallback;
use crate::Error;

#[wasm_bindgen(typescript_custom_section)]
const VERIFY_TS: &'static str = r#"
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
// (src/wasm/client/types_cashier.rs): a webhook carries the same order the API returns.

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
  /** The order (`order` of the body, or the body itself when it is a bare order). */
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

/** A verified Koshelek Pay postback. */
export interface KoshelekPostback {
  transactionId?: string;
  /** `status` (or `state`) as sent. */
  status?: string;
  /** The whole JSON body; fields kassa does not know are kept. */
  body: Record<string, unknown>;
  /** Identical for every retry: `koshelek:<transactionId>:<status>`. */
  dedupeKey: string;
}

export type KoshelekPostbackCheck =
  | { valid: true; postback: KoshelekPostback; code?: undefined; reason?: undefined }
  | { valid: false; code: KassaErrorCode; reason: string; postback?: undefined; hints?: CheckHint[] };

/** The key `signRbsCallback` signs with. */
export type RbsCallbackSigningKey =
  | { hmacKey: string | Uint8Array }
  | { privateKey: string; hash?: RsaHash; alias?: string; passphrase?: string };
"#;

/// Sets `key` on a fresh object (cannot fail for plain objects and fixed names).
pub fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

fn set_opt(obj: &js_sys::Object, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        set(obj, key, v);
    }
}

/// Parses JSON text made by serde_json into a JS value (own properties only, `__proto__` safe).
fn json_to_js(value: &serde_json::Value) -> JsValue {
    let text = value.to_string();
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}

/// `RbsCallback` as a JS object, built as one JSON text and parsed once by `JSON.parse`: one
/// boundary crossing instead of one per field, which measured 28% faster for `verify` (bench/).
/// `JSON.parse` defines own data properties, so a parameter named `__proto__` stays data.
pub fn rbs_callback(cb: &RbsCallback) -> JsValue {
    use serde_json::Value;
    let mut o = serde_json::Map::new();
    let mut put_opt = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            o.insert(k.to_owned(), Value::from(v));
        }
    };
    put_opt("mdOrder", cb.md_order.as_deref());
    put_opt("orderNumber", cb.order_number.as_deref());
    put_opt("operation", cb.operation.as_ref().map(|op| op.as_str()));
    put_opt("status", cb.status.as_deref());
    o.insert("success".into(), Value::from(cb.success));
    if let Some(a) = cb.amount {
        o.insert("amount".into(), Value::from(a));
    }
    let params: serde_json::Map<String, Value> = cb
        .params
        .iter()
        .map(|(n, v)| (n.clone(), Value::from(v.as_str())))
        .collect();
    o.insert("params".into(), Value::Object(params));
    o.insert(
        "isPaymentSuccess".into(),
        Value::from(cb.is_payment_success),
    );
    o.insert("dedupeKey".into(), Value::from(cb.dedupe_key.as_str()));
    json_to_js(&Value::Object(o))
}

/// `CashierNotification` as a JS object.
pub fn cashier_notification(n: &CashierNotification) -> JsValue {
    let o = js_sys::Object::new();
    set_opt(&o, "orderId", n.order_id.as_deref());
    set_opt(&o, "status", n.status.as_ref().map(|s| s.as_str()));
    set_opt(&o, "rawStatus", n.raw_status.as_deref());
    let status = n.status.as_ref();
    set(&o, "isFinal", status.is_some_and(|s| s.is_final()));
    set(&o, "isKnownStatus", status.is_some_and(|s| s.is_known()));
    set(&o, "isPaid", status.is_some_and(|s| s.is_paid()));
    set(
        &o,
        "order",
        json_to_js(&serde_json::Value::Object(n.order.clone())),
    );
    set(&o, "body", json_to_js(&n.body));
    set(&o, "dedupeKey", n.dedupe_key.as_str());
    o.into()
}

/// `KoshelekPostback` as a JS object.
pub fn koshelek_postback(p: &KoshelekPostback) -> JsValue {
    let o = js_sys::Object::new();
    set_opt(&o, "transactionId", p.transaction_id.as_deref());
    set_opt(&o, "status", p.status.as_deref());
    set(
        &o,
        "body",
        json_to_js(&serde_json::Value::Object(p.body.clone())),
    );
    set(&o, "dedupeKey", p.dedupe_key.as_str());
    o.into()
}

/// A `check` result: `{ valid: true, [field]: value, ...extra }` or `{ valid: false, code, reason }`.
pub fn check_result(
    outcome: Result<JsValue, Error>,
    field: &str,
    canonical: Option<&str>,
) -> js_sys::Object {
    let o = js_sys::Object::new();
    match outcome {
        Ok(value) => {
            set(&o, "valid", true);
            set(&o, field, value);
        }
        Err(e) => {
            set(&o, "valid", false);
            set(&o, "code", e.code().as_str());
            set(&o, "reason", e.message());
        }
    }
    set_opt(&o, "canonical", canonical);
    o
}

// --- Diagnosis of failed checks (issue 12, item 6) ---

/// Adds `hints` (and, for RBS, `parameters` as `[name, value]` pairs) to a failed check result;
/// `None` adds nothing (the check passed).
pub fn add_diagnosis(
    o: &js_sys::Object,
    hints: Option<&[crate::diagnose::Hint]>,
    parameters: Option<&[(String, String)]>,
) {
    use serde_json::Value;
    if let Some(hints) = hints {
        let list = hints
            .iter()
            .map(|h| {
                let mut m = serde_json::Map::new();
                m.insert("code".into(), Value::from(h.code.as_str()));
                m.insert("message".into(), Value::from(h.message.as_str()));
                if let Some(p) = &h.parameter {
                    m.insert("parameter".into(), Value::from(p.as_str()));
                }
                Value::Object(m)
            })
            .collect();
        set(o, "hints", json_to_js(&Value::Array(list)));
    }
    if let Some(params) = parameters {
        let list = params
            .iter()
            .map(|(n, v)| Value::Array(vec![Value::from(n.as_str()), Value::from(v.as_str())]))
            .collect();
        set(o, "parameters", json_to_js(&Value::Array(list)));
    }
}
