//! The RBS endpoints and how a call's parameters become the request the reference describes.
//!
//! Parameters arrive as a JSON object (from JavaScript, or built in Rust) named exactly as the
//! reference names them. Form endpoints get `application/x-www-form-urlencoded` with object
//! parameters (`jsonParams`, `orderBundle`, ...) as JSON strings and arrays of plain values as
//! repeated fields (`features=FORCE_SSL&features=FORCE_TDS`); JSON endpoints get a JSON object.
//! Null values are never sent; an explicit empty string is sent (the reference, line 6: "If it is
//! not provided, an empty value should be passed"). Before anything is built, amounts are checked
//! and every Mandatory parameter of the endpoint's request table must be present (an empty string
//! counts as present, as in the reference; null or absent is `INVALID_ARGUMENT` naming it), with
//! the Conditional groups the tables describe in words ([`Endpoint::one_of`]).

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
    /// The Mandatory parameters of its request table, besides userName/password/token.
    pub mandatory: &'static [&'static str],
    /// Conditional groups: at least one parameter of each group must be present.
    pub one_of: &'static [&'static [&'static str]],
    /// The reference line of the request table.
    pub line: u32,
}

const fn ep(method: &'static str, path: &'static str, encoding: Encoding, kind: Kind) -> Endpoint {
    Endpoint {
        method,
        path,
        encoding,
        kind,
        mandatory: &[],
        one_of: &[],
        line: 0,
    }
}

impl Endpoint {
    const fn needs(
        self,
        line: u32,
        mandatory: &'static [&'static str],
        one_of: &'static [&'static [&'static str]],
    ) -> Self {
        Endpoint {
            mandatory,
            one_of,
            line,
            ..self
        }
    }
}

use Encoding::{Form, Json};
use Kind::{Mutation, Read};

/// Every endpoint of the reference (the list of the emulator issue), in the reference's order.
pub const ENDPOINTS: &[Endpoint] = &[
    ep("register", "register.do", Form, Mutation).needs(
        202,
        &["orderNumber", "amount", "returnUrl"],
        &[],
    ),
    ep("registerPreAuth", "registerPreAuth.do", Form, Mutation).needs(
        706,
        &["orderNumber", "amount", "returnUrl"],
        &[],
    ),
    ep("paymentOrder", "paymentorder.do", Form, Mutation).needs(
        1189,
        &["MDORDER", "TEXT", "language"],
        &[
            &["$PAN", "seToken"],
            &["$CVC", "seToken"],
            &["$EXPIRY", "YYYY", "seToken"],
            &["$EXPIRY", "MM", "seToken"],
        ],
    ),
    ep(
        "getOrderStatusExtended",
        "getOrderStatusExtended.do",
        Form,
        Read,
    )
    .needs(1751, &[], &[&["orderId", "orderNumber"]]),
    ep("deposit", "deposit.do", Form, Mutation).needs(2433, &["orderId", "amount"], &[]),
    ep("reverse", "reverse.do", Form, Mutation).needs(2609, &["orderId"], &[]),
    ep("refund", "refund.do", Form, Mutation).needs(2657, &["orderId", "amount"], &[]),
    ep("decline", "decline.do", Form, Mutation).needs(2944, &["orderId", "orderNumber"], &[]),
    ep(
        "processRawSumRefund",
        "processRawSumRefund.do",
        Form,
        Mutation,
    )
    .needs(2984, &["orderId", "amount"], &[]),
    ep(
        "processRawPositionRefund",
        "processRawPositionRefund.do",
        Form,
        Mutation,
    )
    .needs(3116, &["orderId", "amount"], &[]),
    ep(
        "paymentOrderBinding",
        "paymentOrderBinding.do",
        Form,
        Mutation,
    )
    .needs(3236, &["mdOrder", "bindingId", "tii"], &[]),
    ep("getBindings", "getBindings.do", Form, Read).needs(3419, &["clientId"], &[]),
    ep(
        "getBindingsByCardOrId",
        "getBindingsByCardOrId.do",
        Form,
        Read,
    )
    .needs(3503, &[], &[&["pan", "bindingId"]]),
    ep("unBindCard", "unBindCard.do", Form, Mutation).needs(3567, &["bindingId"], &[]),
    ep("bindCard", "bindCard.do", Form, Mutation).needs(3600, &["bindingId"], &[]),
    ep("extendBinding", "extendBinding.do", Form, Mutation).needs(
        3633,
        &["bindingId", "newExpiry", "language"],
        &[],
    ),
    ep("recurrentPayment", "../recurrentPayment.do", Json, Mutation).needs(
        3672,
        &["orderNumber", "bindingId", "amount"],
        &[],
    ),
    ep(
        "installmentPayment",
        "../installmentPayment.do",
        Json,
        Mutation,
    )
    .needs(
        3893,
        &["orderNumber", "bindingId", "amount", "preAuth"],
        &[],
    ),
    ep(
        "createBindingNoPayment",
        "createBindingNoPayment.do",
        Form,
        Mutation,
    )
    .needs(
        4224,
        &["clientId", "cardholderName", "expiryDate", "pan"],
        &[],
    ),
    ep("sbpQrGet", "sbp/c2b/qr/dynamic/get.do", Form, Mutation).needs(4290, &["mdOrder"], &[]),
    ep("sbpQrStatus", "sbp/c2b/qr/status.do", Form, Read).needs(4353, &["mdOrder"], &[]),
    ep(
        "sbpQrReject",
        "sbp/c2b/qr/dynamic/reject.do",
        Form,
        Mutation,
    )
    .needs(4398, &["mdOrder"], &[]),
    ep("sbpGetBindings", "sbp/c2b/getBindings.do", Form, Read).needs(4431, &["clientId"], &[]),
    ep("sbpUnBind", "sbp/c2b/unBind.do", Form, Mutation).needs(4511, &[], &[]),
    ep("finish3dsPayment", "finish3dsPayment.do", Form, Mutation).needs(
        4547,
        &["mdOrder", "paRes"],
        &[],
    ),
    ep(
        "finish3dsVer2Payment",
        "finish3dsVer2Payment.do",
        Form,
        Mutation,
    )
    .needs(
        4583,
        &[],
        &[&["threeDSServerTransId", "threeDSServerTransID"]],
    ),
    ep("continue3ds", "3ds/continue.do", Form, Mutation).needs(4622, &["mdOrder"], &[]),
    ep("verifyCard", "verifyCard.do", Form, Mutation).needs(4693, &["amount"], &[]),
    ep("closeOfdReceipt", "closeOfdReceipt.do", Form, Mutation).needs(
        4881,
        &["amount"],
        &[&["mdOrder", "orderNumber"]],
    ),
    ep("getReceiptStatus", "getReceiptStatus.do", Form, Read).needs(
        5250,
        &[],
        &[&["orderId", "orderNumber", "uuid"]],
    ),
    ep("templatesCreate", "templates/create.do", Json, Mutation).needs(5545, &["template"], &[]),
    ep("templatesGet", "templates/get.do", Json, Read).needs(5717, &["template"], &[]),
    ep("templatesUpdate", "templates/update.do", Json, Mutation).needs(5882, &["template"], &[]),
    ep("templatesGetList", "templates/getList.do", Json, Read).needs(6025, &[], &[]),
];

/// The endpoint with this JavaScript method name.
pub fn endpoint(method: &str) -> Result<&'static Endpoint> {
    crate::http::endpoint::find(ENDPOINTS, |e| e.method, method, "RBS")
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

/// Names a caller may reach for that the endpoint does not take: (method, name, the reference's
/// name, reference line). closeOfdReceipt.do identifies the order by `mdOrder` or `orderNumber`
/// (line 4865); an `orderId` would be ignored by the gateway and the receipt left open.
const NOT_TAKEN: &[(&str, &str, &str, u32)] = &[("closeOfdReceipt", "orderId", "mdOrder", 4865)];

fn present(params: &Map<String, Value>, name: &str) -> bool {
    params.get(name).is_some_and(|v| !v.is_null())
}

/// Checks the endpoint's Mandatory parameters and Conditional groups (see the module docs).
pub fn check_mandatory(endpoint: &Endpoint, params: &Map<String, Value>) -> Result<()> {
    let method = endpoint.method;
    if let Some((_, wrong, right, line)) = NOT_TAKEN
        .iter()
        .find(|(m, wrong, _, _)| *m == method && params.contains_key(*wrong))
    {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "RBS {method} does not take '{wrong}': pass '{right}' (the reference, line {line})"
            ),
        ));
    }
    if let Some(name) = endpoint.mandatory.iter().find(|n| !present(params, n)) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "RBS {method}: '{name}' is Mandatory (the reference's request table, line {}); pass an empty string if there is no value",
                endpoint.line
            ),
        ));
    }
    if let Some(group) = endpoint
        .one_of
        .iter()
        .find(|g| !g.iter().any(|n| present(params, n)))
    {
        let names: Vec<String> = group.iter().map(|n| format!("'{n}'")).collect();
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "RBS {method} needs {} (the reference's request table, line {})",
                if names.len() == 1 {
                    names[0].clone()
                } else {
                    format!("one of {}", names.join(", "))
                },
                endpoint.line
            ),
        ));
    }
    Ok(())
}

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
    check_mandatory(endpoint, params)?;
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
    fn null_is_left_out_an_empty_string_is_sent_and_auth_is_not_per_call() {
        let m: Map<String, Value> = serde_json::from_str(
            r#"{"orderId":"x","language":"","description":null,"features":["A",null,"B"]}"#,
        )
        .unwrap();
        let f = form_fields(&config(), &m);
        let names: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            ["userName", "password", "orderId", "language", "features", "features"]
        );
        let body = json_body(&config(), &m);
        assert_eq!(body["language"], "");
        assert!(!body.contains_key("description"));
        let m: Map<String, Value> = serde_json::from_str(r#"{"password":"x"}"#).unwrap();
        assert_eq!(
            build(&config(), endpoint("register").unwrap(), &m)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidArgument
        );
    }

    fn refused(method: &str, params: &str) -> String {
        let m: Map<String, Value> = serde_json::from_str(params).unwrap();
        let e = build(&config(), endpoint(method).unwrap(), &m).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{method} {params}");
        e.message().to_string()
    }

    fn built(method: &str, params: &str) -> String {
        let m: Map<String, Value> = serde_json::from_str(params).unwrap();
        let r = build(&config(), endpoint(method).unwrap(), &m).unwrap();
        String::from_utf8(r.body).unwrap()
    }

    #[test]
    fn mandatory_parameters_are_checked_before_sending() {
        assert!(refused("decline", r#"{"orderId":"x"}"#).contains("'orderNumber' is Mandatory"));
        assert!(
            refused("paymentOrderBinding", r#"{"mdOrder":"m","bindingId":"b"}"#).contains("'tii'")
        );
        assert!(refused(
            "installmentPayment",
            r#"{"orderNumber":"1","bindingId":"b","amount":1}"#
        )
        .contains("'preAuth'"));
        assert!(refused(
            "paymentOrder",
            r#"{"MDORDER":"m","$PAN":"4000001111111118","$CVC":"123","$EXPIRY":"203012","language":"en"}"#
        )
        .contains("'TEXT'"));
        // Null is absent; an empty string is present (and sent).
        assert!(refused("decline", r#"{"orderId":"x","orderNumber":null}"#).contains("orderNumber"));
        assert!(built("decline", r#"{"orderId":"x","orderNumber":""}"#)
            .ends_with("orderId=x&orderNumber="));
        // Conditional groups.
        assert!(refused("getOrderStatusExtended", "{}").contains("one of 'orderId', 'orderNumber'"));
        assert!(refused(
            "paymentOrder",
            r#"{"MDORDER":"m","$CVC":"123","$EXPIRY":"203012","TEXT":"T","language":"en"}"#
        )
        .contains("'$PAN', 'seToken'"));
        built(
            "paymentOrder",
            r#"{"MDORDER":"m","seToken":"s","TEXT":"T","language":"en"}"#,
        );
        built(
            "paymentOrder",
            r#"{"MDORDER":"m","$PAN":"4","$CVC":"1","YYYY":2030,"MM":12,"TEXT":"T","language":"en"}"#,
        );
        built("finish3dsVer2Payment", r#"{"threeDSServerTransID":"t"}"#);
        built("finish3dsVer2Payment", r#"{"threeDSServerTransId":"t"}"#);
        assert!(refused("finish3dsVer2Payment", "{}").contains("threeDSServerTransId"));
        // closeOfdReceipt takes mdOrder or orderNumber, not orderId.
        assert!(
            refused("closeOfdReceipt", r#"{"amount":100,"orderId":"x"}"#)
                .contains("pass 'mdOrder'")
        );
        assert!(
            refused("closeOfdReceipt", r#"{"amount":100}"#).contains("'mdOrder', 'orderNumber'")
        );
        assert!(built("closeOfdReceipt", r#"{"amount":100,"mdOrder":"m"}"#)
            .ends_with("amount=100&mdOrder=m"));
        built("sbpUnBind", "{}");
        built("templatesGetList", "{}");
        // Every endpoint names the line of its table.
        assert!(ENDPOINTS.iter().all(|e| e.line > 0));
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
