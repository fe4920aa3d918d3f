//! The RBS endpoints and how a call's parameters become the request the reference describes.
//!
//! Parameters arrive as a JSON object (from JavaScript, or built in Rust) named exactly as the
//! reference names them. Form endpoints get `application/x-www-form-urlencoded` with object
//! parameters (`jsonParams`, `orderBundle`, ...) as JSON strings and arrays of plain values as
//! repeated fields (`features=FORCE_SSL&features=FORCE_TDS`); JSON endpoints get a JSON object.
//! Null and empty values are never sent. Amounts are checked before anything is built.

use serde_json::{Map, Value};

use super::api_params::{check_amounts, form_fields, json_body};
use super::config::RbsConfig;
use crate::http::encode::{form_encode, join_url};
use crate::http::{HttpRequest, Method};
use crate::{Error, ErrorCode, Result};

/// How the reference says a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`.
    Json,
}

/// What repeating a call could do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Reads and status queries: retried on network errors, timeouts, 429 and 5xx.
    Read,
    /// Changes state (registers, pays, deposits, refunds, binds...): never repeated blindly
    /// when the outcome is unknown; the order's status is asked instead.
    Mutation,
}

/// One endpoint of the RBS API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// The JavaScript method name (camelCase of the endpoint).
    pub method: &'static str,
    /// The path relative to the `/payment/rest/` base URL (`../` leaves `rest/`).
    pub path: &'static str,
    /// The body encoding.
    pub encoding: Encoding,
    /// Read or mutation.
    pub kind: Kind,
}

const fn ep(method: &'static str, path: &'static str, encoding: Encoding, kind: Kind) -> Endpoint {
    Endpoint {
        method,
        path,
        encoding,
        kind,
    }
}

use Encoding::{Form, Json};
use Kind::{Mutation, Read};

/// Every endpoint of the reference (the list of the emulator issue), in the reference's order.
pub const ENDPOINTS: &[Endpoint] = &[
    ep("register", "register.do", Form, Mutation),
    ep("registerPreAuth", "registerPreAuth.do", Form, Mutation),
    ep("paymentOrder", "paymentorder.do", Form, Mutation),
    ep(
        "getOrderStatusExtended",
        "getOrderStatusExtended.do",
        Form,
        Read,
    ),
    ep("deposit", "deposit.do", Form, Mutation),
    ep("reverse", "reverse.do", Form, Mutation),
    ep("refund", "refund.do", Form, Mutation),
    ep("decline", "decline.do", Form, Mutation),
    ep(
        "processRawSumRefund",
        "processRawSumRefund.do",
        Form,
        Mutation,
    ),
    ep(
        "processRawPositionRefund",
        "processRawPositionRefund.do",
        Form,
        Mutation,
    ),
    ep(
        "paymentOrderBinding",
        "paymentOrderBinding.do",
        Form,
        Mutation,
    ),
    ep("getBindings", "getBindings.do", Form, Read),
    ep(
        "getBindingsByCardOrId",
        "getBindingsByCardOrId.do",
        Form,
        Read,
    ),
    ep("unBindCard", "unBindCard.do", Form, Mutation),
    ep("bindCard", "bindCard.do", Form, Mutation),
    ep("extendBinding", "extendBinding.do", Form, Mutation),
    ep("recurrentPayment", "../recurrentPayment.do", Json, Mutation),
    ep(
        "installmentPayment",
        "../installmentPayment.do",
        Json,
        Mutation,
    ),
    ep(
        "createBindingNoPayment",
        "createBindingNoPayment.do",
        Form,
        Mutation,
    ),
    ep("sbpQrGet", "sbp/c2b/qr/dynamic/get.do", Form, Mutation),
    ep("sbpQrStatus", "sbp/c2b/qr/status.do", Form, Read),
    ep(
        "sbpQrReject",
        "sbp/c2b/qr/dynamic/reject.do",
        Form,
        Mutation,
    ),
    ep("sbpGetBindings", "sbp/c2b/getBindings.do", Form, Read),
    ep("sbpUnBind", "sbp/c2b/unBind.do", Form, Mutation),
    ep("finish3dsPayment", "finish3dsPayment.do", Form, Mutation),
    ep(
        "finish3dsVer2Payment",
        "finish3dsVer2Payment.do",
        Form,
        Mutation,
    ),
    ep("continue3ds", "3ds/continue.do", Form, Mutation),
    ep("verifyCard", "verifyCard.do", Form, Mutation),
    ep("closeOfdReceipt", "closeOfdReceipt.do", Form, Mutation),
    ep("getReceiptStatus", "getReceiptStatus.do", Form, Read),
    ep("templatesCreate", "templates/create.do", Json, Mutation),
    ep("templatesGet", "templates/get.do", Json, Read),
    ep("templatesUpdate", "templates/update.do", Json, Mutation),
    ep("templatesGetList", "templates/getList.do", Json, Read),
];

/// The endpoint with this JavaScript method name.
pub fn endpoint(method: &str) -> Result<&'static Endpoint> {
    ENDPOINTS
        .iter()
        .find(|e| e.method == method)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                format!("unknown RBS method '{method}'"),
            )
        })
}

/// The endpoint's absolute URL under `base_url` (a `../` path leaves the last path segment).
pub fn url(base_url: &str, path: &str) -> String {
    match path.strip_prefix("../") {
        Some(rest) => {
            let trimmed = base_url.trim_end_matches('/');
            let parent = trimmed.rsplit_once('/').map_or(trimmed, |(p, _)| p);
            join_url(parent, rest)
        }
        None => join_url(base_url, path),
    }
}

/// The browser URL of the reference's `acsRedirect.do` for an order (a GET the buyer opens), under
/// the client's base URL. The one ACS redirect builder is [`super::forms::rbs_acs_redirect_url`]
/// (checked: the result passes the form URL check); the client's base URL already passed the
/// base-URL policy, so plain `http:` is allowed exactly when that policy allowed it (loopback).
pub fn acs_redirect_url(base_url: &str, order_id: &str) -> Result<String> {
    let gateway = super::forms::RbsGateway::BaseUrl(base_url.to_owned());
    let loopback_http = base_url
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    super::forms::rbs_acs_redirect_url(&gateway, order_id, loopback_http)
}

const AUTH_KEYS: [&str; 3] = ["userName", "password", "token"];

/// Builds the request of `endpoint` with `params` (signed when the config has a signer).
pub fn build(
    config: &RbsConfig,
    endpoint: &Endpoint,
    params: &Map<String, Value>,
) -> Result<HttpRequest> {
    if let Some(k) = params.keys().find(|k| AUTH_KEYS.contains(&k.as_str())) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("'{k}' is set on the RbsClient, not per call; remove it from the request"),
        ));
    }
    check_amounts(params)?;
    let (content_type, body) = match endpoint.encoding {
        Encoding::Form => (
            "application/x-www-form-urlencoded",
            form_encode(&form_fields(config, params)).into_bytes(),
        ),
        Encoding::Json => (
            "application/json",
            Value::Object(json_body(config, params))
                .to_string()
                .into_bytes(),
        ),
    };
    let mut req = HttpRequest::new(
        Method::Post,
        url(&config.base_url, endpoint.path),
        config.policy.timeout_ms,
    )
    .header("accept", "application/json");
    if let Some(signer) = &config.signer {
        let (x_hash, pending) = signer.prepare(&body);
        req = req.header("X-Hash", x_hash);
        req.pending_signature = Some(pending);
    }
    Ok(req.body(content_type, body))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::http::RetryPolicy;
    use crate::rbs::config::Auth;

    pub(crate) fn config() -> RbsConfig {
        RbsConfig {
            base_url: "https://vtb.rbsuat.com/payment/rest/".into(),
            auth: Auth::Password {
                user_name: "test_user".into(),
                password: "test_user_password".into(),
            },
            policy: RetryPolicy::default(),
            signer: None,
        }
    }

    #[test]
    fn urls_of_rest_and_parent_paths() {
        let b = "https://vtb.rbsuat.com/payment/rest/";
        assert_eq!(
            url(b, "register.do"),
            "https://vtb.rbsuat.com/payment/rest/register.do"
        );
        assert_eq!(
            url(b, "../recurrentPayment.do"),
            "https://vtb.rbsuat.com/payment/recurrentPayment.do"
        );
        assert_eq!(
            acs_redirect_url(b, "85eb9a84-2a47-7cca-b0ae-662c000016d1").unwrap(),
            "https://vtb.rbsuat.com/payment/acsRedirect.do?orderId=85eb9a84-2a47-7cca-b0ae-662c000016d1"
        );
        assert_eq!(ENDPOINTS.len(), 34);
        assert_eq!(
            endpoint("sbpQrGet").unwrap().path,
            "sbp/c2b/qr/dynamic/get.do"
        );
        assert!(endpoint("nope").is_err());
    }

    #[test]
    fn amounts_must_be_non_negative_integers() {
        for bad in [
            r#"{"amount":1.5}"#,
            r#"{"amount":-1}"#,
            r#"{"amount":null}"#,
            r#"{"refundAmount":"12a"}"#,
            r#"{"amount":""}"#,
            // A string of digits was accepted until the amount rule became one (http::amount).
            r#"{"depositAmount":"500"}"#,
        ] {
            let m: Map<String, Value> = serde_json::from_str(bad).unwrap();
            assert_eq!(
                check_amounts(&m).unwrap_err().code(),
                ErrorCode::InvalidAmount,
                "{bad}"
            );
        }
        for good in [
            r#"{"amount":0}"#,
            r#"{"amount":123456}"#,
            r#"{"orderNumber":"1.5"}"#,
        ] {
            let m: Map<String, Value> = serde_json::from_str(good).unwrap();
            assert!(check_amounts(&m).is_ok(), "{good}");
        }
    }

    #[test]
    fn empty_values_are_never_sent_and_auth_is_not_per_call() {
        let m: Map<String, Value> = serde_json::from_str(
            r#"{"orderId":"x","language":"","description":null,"features":["A",null,"B"]}"#,
        )
        .unwrap();
        let f = form_fields(&config(), &m);
        let names: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            ["userName", "password", "orderId", "features", "features"]
        );
        let m: Map<String, Value> = serde_json::from_str(r#"{"password":"x"}"#).unwrap();
        assert_eq!(
            build(&config(), endpoint("register").unwrap(), &m)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn signed_requests_hash_the_exact_body_sent() {
        let mut c = config();
        let key = include_str!("../../tests/vectors/rbs/signing/python-example-key.pkcs8.pem");
        c.signer = Some(crate::rbs::signing::RequestSigner::from_pem(key, None).unwrap());
        let m: Map<String, Value> = serde_json::from_str(
            r#"{"amount":100,"orderNumber":"n 1","returnUrl":"https://s/?a=b"}"#,
        )
        .unwrap();
        let r = build(&c, endpoint("register").unwrap(), &m).unwrap();
        let hash = crate::crypto::base64_encode(&crate::crypto::sha256(&r.body));
        assert_eq!(r.header_value("X-Hash"), Some(hash.as_str()));
        // X-Signature is made by the transport with the platform's crypto, over the hash bytes.
        assert_eq!(r.header_value("X-Signature"), None);
        let pending = r.pending_signature.as_ref().unwrap();
        assert_eq!(pending.header, "X-Signature");
        assert_eq!(pending.message, crate::crypto::sha256(&r.body).to_vec());
        assert_eq!(pending.key.bits(), Some(2048));
    }
}
