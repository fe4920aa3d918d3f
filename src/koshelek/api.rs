//! Koshelek Pay requests: typed calls → plain requests.
//!
//! The endpoint table ([`ENDPOINTS`]) is the reference's seven calls under `api/v1/merchant/`
//! (`/work/shared/api-docs/koshelek-pay-api-v1.md` §2, the gateway's OpenAPI v1.0 file), relative
//! to the partner base URL of [`super::config`]. Every typed call gets HTTP Basic auth, a JSON
//! body with its `requestId` ([`call_request_id`]: the caller's, or a fresh UUID, the same on
//! every retry), `storeId`/`terminalId` where the reference's body has them (a body that sets them
//! differently is refused), and the `token` header where the reference requires it
//! (availability-info/task, checkout, transaction/refund). Mandatory fields are checked before a
//! request exists (`INVALID_ARGUMENT`), amounts by the shared rule (`INVALID_AMOUNT`).
//!
//! Where the sources disagree, kassa sends one spelling and accepts both from the caller
//! ([`ALIASES`] and [`CARD_SESSION`]):
//! - `cardsession` on availability-info/task, `cardSession` on checkout: each as the OpenAPI
//!   schema *and* its example of that endpoint spell it (yaml lines 140–152 and 379–397);
//! - `subTotalAmount` in every `Item`: the schema says `subtotalAmount` (yaml 1084), but every
//!   request example, the v1.2.1 `Item` table (md S5) and the `CheckoutInvoice`/`Invoice`
//!   schemas say `subTotalAmount`;
//! - `discountAmount` in items (the refund example's `discount`, yaml 1000, is a slip of the
//!   example);
//! - `qr` in `Invoice` (the schema; the receipt example prints `QR`);
//! - `refundAmount` (the schema and developers.koshelek.app; an old English page says `refAmount`).
//!
//! The generic `request(method, path, body)` escape hatch is [`build`] with [`check_path`].

use serde_json::{Map, Value};

use super::config::KoshelekConfig;
pub use super::config::{check_token, MAX_TOKEN};
use super::notification::basic_auth_header;
use super::response::text;
use crate::http::encode::{form_encode_component, join_url, percent_encode_component};
use crate::http::{HttpRequest, Method};
use crate::{Error, ErrorCode, Result};

/// The reference's endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST api/v1/merchant/availability-info/task`: the payment providers (200), or a task to
    /// poll (201, the asynchronous flow deprecated since v1.2.0).
    AvailabilityTask,
    /// `GET api/v1/merchant/availability-info/{availabilityInfoId}`: the task's result.
    AvailabilityPoll,
    /// `POST api/v1/merchant/checkout`: starts the payment.
    Checkout,
    /// `POST api/v1/merchant/transaction/status`: the payment's (or a cancel's) status.
    TransactionStatus,
    /// `POST api/v1/merchant/transaction/receipt`: the fiscal receipt (200, empty body).
    Receipt,
    /// `POST api/v1/merchant/transaction/cancel`: cancels the whole payment before completion.
    Cancel,
    /// `POST api/v1/merchant/transaction/refund`: a full or partial refund by items.
    Refund,
}

/// One row of the endpoint table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointInfo {
    /// Which endpoint.
    pub endpoint: Endpoint,
    /// The `KoshelekClient` method that calls it.
    pub client_method: &'static str,
    /// The path below the partner base URL (`{id}` for the availability task's id).
    pub path: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// Whether the reference requires the `token` header (cashFingerPrint + TOTP).
    pub token: bool,
    /// Whether the body has `storeId` and `terminalId` (every POST but transaction/status).
    pub store: bool,
    /// The Mandatory fields besides `requestId`, `storeId` and `terminalId`.
    pub required: &'static [&'static str],
}

/// The seven endpoints, as the reference lists them (md §2; required lists from the yaml).
pub const ENDPOINTS: [EndpointInfo; 7] = [
    EndpointInfo {
        endpoint: Endpoint::AvailabilityTask,
        client_method: "availabilityInfo",
        path: "api/v1/merchant/availability-info/task",
        method: Method::Post,
        token: true,
        store: true,
        required: &["cardsession", "checkoutInvoice", "user"],
    },
    EndpointInfo {
        endpoint: Endpoint::AvailabilityPoll,
        client_method: "availabilityInfo",
        path: "api/v1/merchant/availability-info/{id}",
        method: Method::Get,
        token: false,
        store: false,
        required: &["availabilityInfoId"],
    },
    EndpointInfo {
        endpoint: Endpoint::Checkout,
        client_method: "checkout",
        path: "api/v1/merchant/checkout",
        method: Method::Post,
        token: true,
        store: true,
        required: &["cardSession", "checkoutInvoice", "user", "paymentMethods"],
    },
    EndpointInfo {
        endpoint: Endpoint::TransactionStatus,
        client_method: "transactionStatus",
        path: "api/v1/merchant/transaction/status",
        method: Method::Post,
        token: false,
        store: false,
        // transactionId or refTransactionId: checked by `check_required`.
        required: &[],
    },
    EndpointInfo {
        endpoint: Endpoint::Receipt,
        client_method: "receipt",
        path: "api/v1/merchant/transaction/receipt",
        method: Method::Post,
        token: false,
        store: true,
        required: &["transactionId", "invoice"],
    },
    EndpointInfo {
        endpoint: Endpoint::Cancel,
        client_method: "cancel",
        path: "api/v1/merchant/transaction/cancel",
        method: Method::Post,
        token: false,
        store: true,
        required: &["transactionId"],
    },
    EndpointInfo {
        endpoint: Endpoint::Refund,
        client_method: "refund",
        path: "api/v1/merchant/transaction/refund",
        method: Method::Post,
        token: true,
        store: true,
        required: &["transactionId", "refundAmount", "items"],
    },
];

impl Endpoint {
    /// Its row of [`ENDPOINTS`].
    pub fn info(self) -> &'static EndpointInfo {
        ENDPOINTS
            .iter()
            .find(|e| e.endpoint == self)
            .unwrap_or(&ENDPOINTS[0])
    }
}

/// Field spellings accepted from the caller and the one sent: `(sent, accepted)`, applied to
/// the body, `checkoutInvoice`, `invoice` and every item (see the module docs for the sources).
pub const ALIASES: [(&str, &str); 4] = [
    ("subTotalAmount", "subtotalAmount"),
    ("discountAmount", "discount"),
    ("qr", "QR"),
    ("refundAmount", "refAmount"),
];

/// The two spellings of the card session: `cardsession` (sent to availability-info/task) and
/// `cardSession` (sent to checkout); either is accepted for both.
pub const CARD_SESSION: (&str, &str) = ("cardsession", "cardSession");

/// The longest `requestId` (the reference: a GUID of at most 36 characters).
pub const MAX_REQUEST_ID: usize = 36;

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

/// The `requestId` of a typed call: the caller's `requestId` (1 to 36 visible ASCII characters,
/// else `INVALID_ARGUMENT`), or a fresh UUID v4 made from `random` (the driver's random bytes).
/// The same value is sent on every retry of the call and returned with its answer.
pub fn call_request_id(body: &Map<String, Value>, random: [u8; 16]) -> Result<String> {
    match body.get("requestId") {
        None | Some(Value::Null) => Ok(crate::http::request_id(random)),
        Some(Value::String(k))
            if !k.is_empty()
                && k.len() <= MAX_REQUEST_ID
                && k.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            Ok(k.clone())
        }
        Some(_) => Err(invalid(format!(
            "requestId must be 1 to {MAX_REQUEST_ID} visible ASCII characters (the reference: a GUID); leave it out to get a fresh one"
        ))),
    }
}

/// Renames `accepted` to `sent` in `m` (both given and different: `INVALID_ARGUMENT`).
fn unify(m: &mut Map<String, Value>, sent: &str, accepted: &str, what: &str) -> Result<()> {
    let Some(v) = m.remove(accepted) else {
        return Ok(());
    };
    match m.get(sent) {
        Some(own) if !own.is_null() && *own != v => Err(invalid(format!(
            "{what}: {sent} and {accepted} are the same field and differ (give one)"
        ))),
        Some(own) if !own.is_null() => Ok(()),
        _ => {
            m.insert(sent.to_string(), v);
            Ok(())
        }
    }
}

fn unify_all(m: &mut Map<String, Value>, what: &str) -> Result<()> {
    for (sent, accepted) in ALIASES {
        unify(m, sent, accepted, what)?;
    }
    if let Some(Value::Array(items)) = m.get_mut("items") {
        for (i, item) in items.iter_mut().enumerate() {
            if let Value::Object(it) = item {
                unify_all(it, &format!("{what}.items[{i}]"))?;
            }
        }
    }
    Ok(())
}

/// The body as sent: the caller's spellings unified ([`ALIASES`], [`CARD_SESSION`]), `null`
/// fields left out.
pub fn normalize(endpoint: Endpoint, body: &Map<String, Value>) -> Result<Map<String, Value>> {
    let mut m: Map<String, Value> = body
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let (task, checkout) = CARD_SESSION;
    match endpoint {
        Endpoint::AvailabilityTask => unify(&mut m, task, checkout, "request")?,
        Endpoint::Checkout => unify(&mut m, checkout, task, "request")?,
        _ => {}
    }
    unify_all(&mut m, "request")?;
    for inner in ["checkoutInvoice", "invoice"] {
        if let Some(Value::Object(o)) = m.get_mut(inner) {
            unify_all(o, inner)?;
        }
    }
    Ok(m)
}

/// `INVALID_ARGUMENT` naming the first Mandatory field the body lacks.
fn check_required(info: &EndpointInfo, m: &Map<String, Value>) -> Result<()> {
    let present = |k: &str| match m.get(k) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    };
    if info.endpoint == Endpoint::TransactionStatus
        && !present("transactionId")
        && !present("refTransactionId")
    {
        return Err(invalid(
            "KoshelekClient.transactionStatus(req): transactionId or refTransactionId is required",
        ));
    }
    match info.required.iter().find(|k| !present(k)) {
        Some(k) => Err(invalid(format!(
            "KoshelekClient.{}(req): {k} is required by the reference",
            info.client_method
        ))),
        None => Ok(()),
    }
}

/// Every amount of the body, its invoices and items: integers of kopecks (`INVALID_AMOUNT`).
fn check_all_amounts(m: &Map<String, Value>) -> Result<()> {
    crate::http::amount::check_amounts(m, crate::http::amount::is_amount_key)?;
    for (k, v) in m {
        match v {
            Value::Object(o) if k == "checkoutInvoice" || k == "invoice" => check_all_amounts(o)?,
            Value::Array(list) if k == "items" => {
                for it in list.iter().filter_map(Value::as_object) {
                    check_all_amounts(it)?;
                    if let Some(p) = it.get("price").filter(|p| !p.is_null()) {
                        crate::http::amount::check_amount("price", p)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Adds `storeId`/`terminalId` of the client to `fields`; a body value that differs is
/// `INVALID_ARGUMENT`.
fn add_store(config: &KoshelekConfig, fields: &mut Map<String, Value>) -> Result<()> {
    for (k, own) in [
        ("storeId", &config.store_id),
        ("terminalId", &config.terminal_id),
    ] {
        if let Some(v) = fields.get(k).filter(|v| !v.is_null()) {
            if text(v) != *own {
                return Err(invalid(format!(
                    "{k} is set on the KoshelekClient; the request's {k} differs (leave it out)"
                )));
            }
        }
        fields.insert(k.to_string(), Value::String(own.clone()));
    }
    Ok(())
}

/// The request of a typed call: `body` normalised and checked, `requestId` (POSTs), the client's
/// `storeId`/`terminalId` where the endpoint has them, Basic auth, and the `token` header where
/// the reference requires it (`INVALID_ARGUMENT` when the client has none). For
/// [`Endpoint::AvailabilityPoll`] the body's `availabilityInfoId` becomes the path segment and
/// nothing else is sent.
pub fn build_endpoint(
    config: &KoshelekConfig,
    endpoint: Endpoint,
    body: &Map<String, Value>,
    request_id: &str,
    token: Option<&str>,
) -> Result<HttpRequest> {
    let info = endpoint.info();
    let mut fields = normalize(endpoint, body)?;
    check_required(info, &fields)?;
    check_all_amounts(&fields)?;
    let auth = basic_auth_header(&config.login, &config.password);
    if endpoint == Endpoint::AvailabilityPoll {
        let id = fields
            .get("availabilityInfoId")
            .map(text)
            .unwrap_or_default();
        let path = info.path.replace("{id}", &percent_encode_component(&id));
        return Ok(HttpRequest::new(
            Method::Get,
            join_url(&config.base_url, &path),
            config.policy.timeout_ms,
        )
        .header("authorization", auth)
        .header("accept", "application/json"));
    }
    fields.insert("requestId".into(), Value::String(request_id.to_string()));
    if info.store {
        add_store(config, &mut fields)?;
    }
    let mut req = HttpRequest::new(
        info.method,
        join_url(&config.base_url, info.path),
        config.policy.timeout_ms,
    )
    .body(
        "application/json",
        Value::Object(fields).to_string().into_bytes(),
    )
    .header("authorization", auth)
    .header("accept", "application/json");
    if info.token {
        let Some(t) = token else {
            return Err(invalid(format!(
                "KoshelekClient.{}: the reference requires the token header (cashFingerPrint + TOTP): pass options.token to new KoshelekClient",
                info.client_method
            )));
        };
        check_token(t)?;
        req = req.header("token", t);
    }
    Ok(req)
}

/// Checks a call's path: relative to the base URL, no `..` segment, no query or fragment
/// markers, no backslash, whitespace or control characters (`INVALID_ARGUMENT`).
pub fn check_path(path: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("path must be relative to the client's baseUrl (e.g. 'api/v1/merchant/checkout'): {why}"),
        ))
    };
    if path.contains("://") || path.starts_with("//") {
        return bad("it is a URL");
    }
    if path.len() > 2048 {
        return bad("it is longer than 2048 bytes");
    }
    if path
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '\\' | '?' | '#'))
    {
        return bad("it holds whitespace, a control character, '\\', '?' or '#'");
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return bad("it has a '.' or '..' segment");
    }
    Ok(())
}

/// The idempotency key of a request body: its `requestId` (the reference: every POST carries
/// one, and a repeat with the same `requestId` returns the first call's result).
pub fn request_id(body: Option<&Map<String, Value>>) -> Option<&str> {
    body?
        .get("requestId")
        .and_then(Value::as_str)
        .filter(|k| !k.trim().is_empty())
}

/// The escape hatch `request(method, path, body)`: `path` relative to the base URL. `storeId`
/// and `terminalId` are added to the JSON body (or, for GET, to the query); a body that sets
/// them to other values is `INVALID_ARGUMENT`. Amounts are checked first. Nothing else is added
/// (no `requestId`, no `token`): the caller sends what the endpoint needs.
pub fn build(
    config: &KoshelekConfig,
    method: Method,
    path: &str,
    body: Option<&Map<String, Value>>,
) -> Result<HttpRequest> {
    check_path(path)?;
    let mut given = Map::new();
    if let Some(body) = body {
        crate::http::amount::check_amounts(body, crate::http::amount::is_amount_key)?;
        for (k, v) in body {
            if !v.is_null() {
                given.insert(k.clone(), v.clone());
            }
        }
    }
    // storeId and terminalId first (checked against the body's), then the body as given.
    let mut fields = Map::new();
    add_store(config, &mut fields)?;
    add_store(config, &mut given)?;
    for (k, v) in given {
        fields.entry(k).or_insert(v);
    }
    let mut url = join_url(&config.base_url, path);
    let auth = basic_auth_header(&config.login, &config.password);
    let req = if method == Method::Get {
        for (k, v) in &fields {
            url.push(if url.contains('?') { '&' } else { '?' });
            form_encode_component(k, &mut url);
            url.push('=');
            form_encode_component(&text(v), &mut url);
        }
        HttpRequest::new(method, url, config.policy.timeout_ms)
    } else {
        HttpRequest::new(method, url, config.policy.timeout_ms).body(
            "application/json",
            Value::Object(fields).to_string().into_bytes(),
        )
    };
    Ok(req
        .header("authorization", auth)
        .header("accept", "application/json"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::http::RetryPolicy;
    use crate::koshelek::config::{production_url, test_url};
    use serde_json::json;

    fn config() -> KoshelekConfig {
        KoshelekConfig {
            base_url: test_url("name"),
            login: "partner".into(),
            password: "SECRET-pw".into(),
            store_id: "1001".into(),
            terminal_id: "T-01".into(),
            policy: RetryPolicy::default(),
        }
    }

    fn sent(r: &HttpRequest) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn every_endpoint_goes_to_the_reference_path_with_its_headers() {
        let c = config();
        let bodies = [
            (
                Endpoint::AvailabilityTask,
                json!({"cardSession": "A1", "checkoutInvoice": {"orderId": "1", "totalAmount": 100, "items": []}, "user": {"loyaltyId": "u"}}),
            ),
            (
                Endpoint::AvailabilityPoll,
                json!({"availabilityInfoId": "a b/c"}),
            ),
            (
                Endpoint::Checkout,
                json!({"cardsession": "A1", "checkoutInvoice": {}, "user": {}, "paymentMethods": [{"type": "SBP"}]}),
            ),
            (Endpoint::TransactionStatus, json!({"transactionId": "t"})),
            (
                Endpoint::Receipt,
                json!({"transactionId": "t", "invoice": {"QR": "q"}}),
            ),
            (Endpoint::Cancel, json!({"transactionId": "t"})),
            (
                Endpoint::Refund,
                json!({"transactionId": "t", "refAmount": 5, "items": [{"discount": 1, "subtotalAmount": 6}]}),
            ),
        ];
        for (e, b) in bodies {
            let r = build_endpoint(&c, e, b.as_object().unwrap(), "rid-1", Some("tok-1")).unwrap();
            let info = e.info();
            let path = info.path.replace("{id}", "a%20b%2Fc");
            assert_eq!(
                r.url,
                format!("https://api-test.koshelek.app/name/{path}"),
                "{e:?}"
            );
            assert_eq!(r.method, info.method);
            assert_eq!(r.header_value("token").is_some(), info.token, "{e:?}");
            assert_eq!(
                r.header_value("authorization"),
                Some(basic_auth_header("partner", "SECRET-pw").as_str())
            );
            if e == Endpoint::AvailabilityPoll {
                assert!(r.body.is_empty());
                continue;
            }
            let s = sent(&r);
            assert_eq!(s["requestId"], "rid-1");
            assert_eq!(s.get("storeId").is_some(), info.store, "{e:?}");
            assert_eq!(s.get("terminalId").is_some(), info.store, "{e:?}");
            match e {
                Endpoint::AvailabilityTask => {
                    assert_eq!(s["cardsession"], "A1");
                    assert!(s.get("cardSession").is_none());
                }
                Endpoint::Checkout => assert_eq!(s["cardSession"], "A1"),
                Endpoint::Receipt => assert_eq!(s["invoice"], json!({"qr": "q"})),
                Endpoint::Refund => {
                    assert_eq!(s["refundAmount"], 5);
                    assert_eq!(
                        s["items"],
                        json!([{"discountAmount": 1, "subTotalAmount": 6}])
                    );
                }
                _ => {}
            }
        }
        assert_eq!(production_url("name"), "https://api.koshelek.app/name/");
        assert!(!format!("{c:?}").contains("SECRET"));
    }

    #[test]
    fn mandatory_fields_token_conflicts_and_amounts_are_checked_first() {
        let c = config();
        let code = |e: Endpoint, b: Value, t: Option<&str>| {
            build_endpoint(&c, e, b.as_object().unwrap(), "r", t)
                .unwrap_err()
                .code()
        };
        assert_eq!(
            code(Endpoint::Cancel, json!({}), None),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(
                Endpoint::TransactionStatus,
                json!({"transactionId": ""}),
                None
            ),
            ErrorCode::InvalidArgument
        );
        assert!(build_endpoint(
            &c,
            Endpoint::TransactionStatus,
            json!({"refTransactionId": "r"}).as_object().unwrap(),
            "r",
            None
        )
        .is_ok());
        let refund = json!({"transactionId": "t", "refundAmount": 5, "items": [{}]});
        assert_eq!(
            code(Endpoint::Refund, refund.clone(), None),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(Endpoint::Refund, refund.clone(), Some("a b")),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(
                Endpoint::Refund,
                json!({"transactionId": "t", "refundAmount": 5.5, "items": [{}]}),
                Some("t")
            ),
            ErrorCode::InvalidAmount
        );
        assert_eq!(
            code(
                Endpoint::Refund,
                json!({"transactionId": "t", "refundAmount": 5, "items": [{"price": "10"}]}),
                Some("t")
            ),
            ErrorCode::InvalidAmount
        );
        assert_eq!(
            code(
                Endpoint::Cancel,
                json!({"transactionId": "t", "storeId": "other"}),
                None
            ),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(
                Endpoint::Checkout,
                json!({"cardSession": "a", "cardsession": "b", "checkoutInvoice": {}, "user": {}, "paymentMethods": []}),
                Some("t")
            ),
            ErrorCode::InvalidArgument
        );
        assert!(build_endpoint(
            &c,
            Endpoint::Cancel,
            json!({"transactionId": "t", "storeId": "1001"})
                .as_object()
                .unwrap(),
            "r",
            None
        )
        .is_ok());
    }

    #[test]
    fn request_ids_are_the_callers_or_fresh() {
        let m = |v: Value| v.as_object().unwrap().clone();
        assert_eq!(
            call_request_id(&m(json!({"requestId": "mine-1"})), [0; 16]).unwrap(),
            "mine-1"
        );
        assert_eq!(
            call_request_id(&m(json!({})), [0; 16]).unwrap(),
            "00000000-0000-4000-8000-000000000000"
        );
        for bad in [json!(""), json!(5), json!("x".repeat(37)), json!("a b")] {
            assert_eq!(
                call_request_id(&m(json!({ "requestId": bad })), [0; 16])
                    .unwrap_err()
                    .code(),
                ErrorCode::InvalidArgument
            );
        }
    }

    #[test]
    fn the_escape_hatch_adds_store_and_terminal_only() {
        let body = json!({"cardSession": "s-1", "amount": 1000, "comment": null});
        let r = build(&config(), Method::Post, "checkout", body.as_object()).unwrap();
        assert_eq!(r.url, "https://api-test.koshelek.app/name/checkout");
        assert_eq!(
            sent(&r),
            json!({"storeId": "1001", "terminalId": "T-01", "cardSession": "s-1", "amount": 1000})
        );
        let g = build(&config(), Method::Get, "x/7", None).unwrap();
        assert_eq!(
            g.url,
            "https://api-test.koshelek.app/name/x/7?storeId=1001&terminalId=T-01"
        );
        let b = json!({"storeId": "other"});
        assert_eq!(
            build(&config(), Method::Post, "x", b.as_object())
                .unwrap_err()
                .code(),
            ErrorCode::InvalidArgument
        );
        let b = json!({"amount": 1.5});
        assert_eq!(
            build(&config(), Method::Post, "x", b.as_object())
                .unwrap_err()
                .code(),
            ErrorCode::InvalidAmount
        );
        assert!(build(&config(), Method::Post, "https://evil/x", None).is_err());
        assert!(build(&config(), Method::Post, "../admin", None).is_err());
    }
}
