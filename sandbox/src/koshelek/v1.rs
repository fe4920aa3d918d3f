//! Koshelek Pay API v1 below `/koshelek/<partner>/api/v1/merchant/`, as
//! `/work/shared/api-docs/koshelek-pay-api-v1.openapi.yaml` (cited as "yaml N") and
//! `koshelek-pay-api-v1.md` (cited as "md N") print it.
//!
//! Common rules, in the order they are checked:
//! 1. the reference's method (POST; GET for the availability poll), else 405 (the reference is
//!    silent about wrong methods: the HTTP answer of any server);
//! 2. HTTP Basic auth with the partner's login/password (yaml 5), else 401 `{code: "UNAUTHORIZED"}`
//!    (the reference names no code for it: our choice);
//! 3. the partner in the base URL (md 34), else 422 `UNKNOWN_PARTNER_ID` (yaml 1441);
//! 4. `Content-Type: application/json` (yaml 5: "all methods expect application/json"), else 415
//!    `{code: "UNSUPPORTED_MEDIA_TYPE"}` (our choice; the reference is silent);
//! 5. the `token` header on task, checkout and refund (yaml 1420, referenced at lines 166, 355,
//!    906), else 400 `{code: "VALIDATION_ERROR"}` (our choice: the reference lists no code for a
//!    malformed request, so every malformed request is a 400 `VALIDATION_ERROR`);
//! 6. a JSON object body with `requestId` (a string of at most 36 characters, yaml 1389);
//! 7. idempotency (yaml 1392, md 57): the same requestId with the same body (compared as JSON,
//!    the `token` header not included: a TOTP changes between retries) answers the first call's
//!    answer again without a second effect; the same requestId with another body (or on another
//!    endpoint) is 409 `{code: "REQUEST_ID_REUSED"}` (the reference names no error: our choice).
//!    Answers with HTTP 200, 201 and 422 are remembered; a 4xx of a malformed request is not (its
//!    fixed retry is processed);
//! 8. `storeId` (a store of the partner, else 422 `UNKNOWN_PARTNER_ID`, yaml 1441 "merchant not
//!    found") and `terminalId` (a non-empty string of at most 256 characters; yaml 1407 says
//!    min=max=256, read as a length limit, md 516) where the body has them;
//! 9. the endpoint's Mandatory fields (the `required` lists of the yaml).
//!
//! Where the sources disagree, both spellings are accepted on input: `cardsession` (task, yaml
//! 166) and `cardSession` (checkout, yaml 373); `subtotalAmount` (Item schema, yaml 1102) and
//! `subTotalAmount` (every example); `discount` (refund example, yaml 1000) and `discountAmount`;
//! `QR` (receipt example, yaml 680) and `qr` (Invoice schema); amounts as numbers or as digit
//! strings (the checkout and receipt examples print `'14245'`, yaml 396, 683); an Item `price` of
//! `null` (task example, yaml 181). Refund items need no `article` (the refund example has none,
//! yaml 995). `Invoice.taxAmount` is optional (required in v1.0, optional since v1.2.1: md 509).
//!
//! The test `cardSession` values (what the emulated provider decides) are [`CARD_SESSIONS`].

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use serde_json::{json, Map, Value};

use super::postback;
use super::state::Koshelek;
use super::store::{Outcome, Store, V1Availability, V1Item, V1Payment, V1Ref, V1Replay};

/// The test `cardSession` values: a prefix (case-sensitive) and what the emulated provider does.
/// Any other session of 1..32 latin letters and digits (md 489) is paid: `new` at checkout,
/// `pending` after `--settle-ms`, `accepted` after twice that.
pub const CARD_SESSIONS: &[(&str, &str)] = &[
    ("000000", "422 UNKNOWN_SESSION_ID: the session does not exist"),
    ("LIMIT", "new -> pending -> rejected, errorCode NOT_ENOUGH_LIMIT_TO_PAY"),
    ("PROVIDER", "new -> pending -> rejected, errorCode EXTERNAL_PROVIDER_ERROR"),
    ("HOLD", "new -> pending, and stays pending (for timeouts and cancels)"),
    ("BUSY", "new -> pending -> accepted, but transaction/status answers 422 TRANSACTION_IN_PROCESSING until the payment is final"),
    ("ASYNC", "availability-info/task answers 201 (the deprecated asynchronous flow): ready after `timeout` + one `pollingTimeout`"),
    ("NODOLYAME", "availability: DOLYAME unavailable (as the reference's example)"),
];

/// Further test triggers: a checkout with `checkoutInvoice.totalAmount` below 400 kopecks answers
/// 200 `status: "rejected"`, `errorCode: "TOTAL_AMOUNT_IS_TOO_SMALL"` (yaml 5: "the limit is 4
/// roubles"); a refund of 13 kopecks answers 422 `CANCEL_REFUNDING_BY_BANK`, of 14 kopecks 200
/// `refStatus: "rejected"`, `errorCode: "EXTERNAL_PROVIDER_ERROR"`.
pub const TRIGGERS: &str = "checkout totalAmount < 400: rejected TOTAL_AMOUNT_IS_TOO_SMALL; refundAmount 13: 422 CANCEL_REFUNDING_BY_BANK; refundAmount 14: rejected EXTERNAL_PROVIDER_ERROR";

/// `timeout` of a 201 (ms; the reference's example, yaml 113).
const ASYNC_TIMEOUT_MS: u64 = 350;
/// `pollingTimeout` of an unfinished poll (ms).
const POLLING_TIMEOUT_MS: u64 = 250;
/// The bank's merchantId on slips (the reference's example, yaml 1197).
const MERCHANT_ID: &str = "MA0000103685";

/// The seven v1 endpoints (path below `api/v1/merchant/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// POST availability-info/task (yaml 24).
    Task,
    /// POST checkout (yaml 289).
    Checkout,
    /// POST transaction/status (yaml 452).
    Status,
    /// POST transaction/receipt (yaml 585).
    Receipt,
    /// POST transaction/cancel (yaml 718).
    Cancel,
    /// POST transaction/refund (yaml 860).
    Refund,
}

impl Op {
    /// The path below `api/v1/merchant/`.
    pub fn path(self) -> &'static str {
        match self {
            Op::Task => "availability-info/task",
            Op::Checkout => "checkout",
            Op::Status => "transaction/status",
            Op::Receipt => "transaction/receipt",
            Op::Cancel => "transaction/cancel",
            Op::Refund => "transaction/refund",
        }
    }

    /// Whether the reference requires the `token` header (yaml 166, 355, 906).
    fn needs_token(self) -> bool {
        matches!(self, Op::Task | Op::Checkout | Op::Refund)
    }

    /// Whether the body carries storeId/terminalId (every body but the status request's).
    fn has_store(self) -> bool {
        self != Op::Status
    }
}

/// A v1 answer: status, JSON body (none: empty), Location header.
#[derive(Debug, Clone)]
pub struct Answer {
    status: StatusCode,
    body: Option<Value>,
    location: Option<String>,
}

impl Answer {
    fn ok(body: Value) -> Answer {
        Answer {
            status: StatusCode::OK,
            body: Some(body),
            location: None,
        }
    }

    fn error(status: StatusCode, code: &str, details: impl Into<String>) -> Answer {
        Answer {
            status,
            body: Some(json!({ "code": code, "details": details.into() })),
            location: None,
        }
    }

    /// 422 `{code, details}` with one of the reference's codes (yaml 1441).
    fn e422(code: &str, details: impl Into<String>) -> Answer {
        Answer::error(StatusCode::UNPROCESSABLE_ENTITY, code, details)
    }

    /// 400 `VALIDATION_ERROR` (a malformed request: our choice, see the module docs).
    fn invalid(details: impl Into<String>) -> Answer {
        Answer::error(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", details)
    }

    fn remembered(&self) -> bool {
        matches!(self.status.as_u16(), 200 | 201 | 422)
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let mut r = match self.body {
            Some(body) => (self.status, Json(body)).into_response(),
            None => self.status.into_response(),
        };
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            r.headers_mut().insert(header::LOCATION, location);
        }
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"koshelek\""),
            );
        }
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
        }
        r
    }
}

/// What an operation leaves to do once the store's lock is released.
enum Effect {
    /// Send the postback of this payment's current status.
    Postback(String),
    /// Move this payment on (new -> pending -> final) after `--settle-ms`.
    Progress(String),
}

/// The Basic-auth and partner checks shared with the availability poll. The credentials are
/// checked by kassa's own Basic-auth check (`PostbackVerifier::check_authorization`: constant
/// time, SHA-256 of both sides), the one copy of that rule in the emulator.
fn check_access(koshelek: &Koshelek, partner: &str, headers: &HeaderMap) -> Result<(), Answer> {
    let unauthorized = || {
        Answer::error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "HTTP Basic auth with the partner's login and password is required",
        )
    };
    let header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let k = koshelek.lock();
    kassa::koshelek::notification::PostbackVerifier::new(&k.login, &k.password)
        .and_then(|v| v.check_authorization(header))
        .map_err(|_| unauthorized())?;
    if partner != k.partner {
        return Err(Answer::e422(
            "UNKNOWN_PARTNER_ID",
            format!("партнёр {partner} не найден (partner not found)"),
        ));
    }
    Ok(())
}

/// Handles one POST of the v1 API.
pub fn handle(
    koshelek: &Arc<Koshelek>,
    partner: &str,
    op: Op,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let (answer, effects) = match prepare(koshelek, partner, op, method, headers, body) {
        Err(answer) => (answer, Vec::new()),
        Ok(fields) => {
            let now = koshelek.env.now_ms();
            let mut store = koshelek.lock();
            run(&mut store, partner, op, &fields, now)
        }
    };
    for effect in effects {
        match effect {
            Effect::Postback(id) => send_postback(koshelek, partner, &id),
            Effect::Progress(id) => progress_later(koshelek, partner, id),
        }
    }
    answer.into_response()
}

/// Steps 1 to 6 of the module docs: the parsed body.
fn prepare(
    koshelek: &Koshelek,
    partner: &str,
    op: Op,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Map<String, Value>, Answer> {
    if *method != Method::POST {
        return Err(Answer::error(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            format!("{} accepts POST only", op.path()),
        ));
    }
    check_access(koshelek, partner, headers)?;
    let content_type = crate::html::content_type(headers).to_ascii_lowercase();
    if content_type.split(';').next().map(str::trim) != Some("application/json") {
        return Err(Answer::error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Content-Type: application/json is required",
        ));
    }
    if op.needs_token() {
        let token = headers.get("token").and_then(|v| v.to_str().ok());
        if token.is_none_or(|t| t.trim().is_empty()) {
            return Err(Answer::invalid(format!(
                "the token header (cashFingerPrint + TOTP) is required by {}",
                op.path()
            )));
        }
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        _ => Err(Answer::invalid("the body must be a JSON object")),
    }
}

/// Steps 7 to 9 and the operation, under the store's lock.
fn run(
    store: &mut Store,
    partner: &str,
    op: Op,
    fields: &Map<String, Value>,
    now: u64,
) -> (Answer, Vec<Effect>) {
    let request_id = match string(fields, "requestId", 36) {
        Ok(id) => id,
        Err(a) => return (a, Vec::new()),
    };
    let key = format!("{partner}\n{request_id}");
    let body = Value::Object(fields.clone());
    if let Some(replay) = store.v1.replays.get(&key) {
        if replay.path == op.path() && replay.body == body {
            let answer = Answer {
                status: StatusCode::from_u16(replay.status).unwrap_or(StatusCode::OK),
                body: replay.answer.clone(),
                location: replay.location.clone(),
            };
            return (answer, Vec::new());
        }
        return (
            Answer::error(
                StatusCode::CONFLICT,
                "REQUEST_ID_REUSED",
                format!(
                    "requestId {request_id} was used by another request (a retry must repeat the request unchanged)"
                ),
            ),
            Vec::new(),
        );
    }
    let mut call = Call {
        store: &mut *store,
        request_id: &request_id,
        now,
        effects: Vec::new(),
    };
    let answer = match operate(&mut call, op, fields) {
        Ok(a) | Err(a) => a,
    };
    let effects = call.effects;
    if answer.remembered() {
        store.v1.replays.insert(
            key,
            V1Replay {
                path: op.path(),
                body,
                status: answer.status.as_u16(),
                answer: answer.body.clone(),
                location: answer.location.clone(),
            },
        );
    }
    (answer, effects)
}

/// One operation under the store's lock: the store, the request's `requestId` and time, and the
/// effects the operation leaves for after the lock (postbacks, progress timers).
struct Call<'a> {
    store: &'a mut Store,
    request_id: &'a str,
    now: u64,
    effects: Vec<Effect>,
}

fn operate(c: &mut Call, op: Op, f: &Map<String, Value>) -> Result<Answer, Answer> {
    if op.has_store() {
        let store_id = string(f, "storeId", 64)?;
        string(f, "terminalId", 256)?;
        if !c.store.store_known(&store_id) {
            return Err(Answer::e422(
                "UNKNOWN_PARTNER_ID",
                format!("торговая точка storeId {store_id} не найдена (unknown storeId)"),
            ));
        }
    }
    match op {
        Op::Task => task(c, f),
        Op::Checkout => checkout(c, f),
        Op::Status => status(c, f),
        Op::Receipt => receipt(c, f),
        Op::Cancel => cancel(c, f),
        Op::Refund => refund(c, f),
    }
}

// ----- field readers -----------------------------------------------------------------------------

/// A Mandatory non-empty string of at most `max` characters.
fn string(f: &Map<String, Value>, name: &str, max: usize) -> Result<String, Answer> {
    match f.get(name) {
        Some(Value::String(s)) if !s.is_empty() && s.chars().count() <= max => Ok(s.clone()),
        Some(Value::String(s)) if !s.is_empty() => {
            Err(Answer::invalid(format!("{name}: at most {max} characters")))
        }
        None | Some(Value::Null) => Err(Answer::invalid(format!("{name} is required"))),
        Some(_) => Err(Answer::invalid(format!(
            "{name} must be a non-empty string"
        ))),
    }
}

/// The first present of two spellings (both accepted; both given and different: refused).
fn either<'a>(f: &'a Map<String, Value>, a: &str, b: &str) -> Result<Option<&'a Value>, Answer> {
    match (f.get(a), f.get(b)) {
        (Some(x), Some(y)) if x != y => Err(Answer::invalid(format!(
            "{a} and {b} are the same field and differ"
        ))),
        (Some(x), _) | (None, Some(x)) => Ok(Some(x)),
        (None, None) => Ok(None),
    }
}

/// A non-negative amount in kopecks (at most 10 digits, md 60): a number, or digits as a string
/// (the reference's own examples print strings).
fn amount_value(v: Option<&Value>, name: &str) -> Result<Option<u64>, Answer> {
    let bad = || Answer::invalid(format!("{name}: a non-negative integer of kopecks"));
    let n = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .or_else(|| {
                n.as_f64()
                    .filter(|x| x.fract() == 0.0 && *x >= 0.0)
                    .map(|x| x as u64)
            })
            .ok_or_else(bad)?,
        Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse::<u64>().map_err(|_| bad())?
        }
        Some(_) => return Err(bad()),
    };
    if n > 9_999_999_999 {
        return Err(bad());
    }
    Ok(Some(n))
}

fn required_amount(f: &Map<String, Value>, name: &str) -> Result<u64, Answer> {
    amount_value(f.get(name), name)?.ok_or_else(|| Answer::invalid(format!("{name} is required")))
}

fn quantity_value(v: Option<&Value>) -> Result<f64, Answer> {
    let q = match v {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.parse::<f64>().ok(),
        _ => None,
    };
    q.filter(|q| q.is_finite() && *q > 0.0)
        .ok_or_else(|| Answer::invalid("item quantity: a positive number is required"))
}

const TAXES: &[&str] = &["none", "vat0", "vat10", "vat20", "vat110", "vat120"];

/// An `Item` (yaml 1082): name, article (unless `article_optional`), price (number or null),
/// quantity, totalAmount, tax Mandatory.
fn item(v: &Value, article_optional: bool) -> Result<V1Item, Answer> {
    let Value::Object(f) = v else {
        return Err(Answer::invalid("items[] must be objects"));
    };
    let name = string(f, "name", 999)?;
    let article = match f.get("article") {
        None | Some(Value::Null) if article_optional => None,
        _ => Some(string(f, "article", 999)?),
    };
    if !f.contains_key("price") {
        return Err(Answer::invalid("item price is required"));
    }
    amount_value(f.get("price"), "price")?;
    let quantity = quantity_value(f.get("quantity"))?;
    let total = required_amount(f, "totalAmount")?;
    amount_value(either(f, "discountAmount", "discount")?, "discountAmount")?;
    amount_value(
        either(f, "subTotalAmount", "subtotalAmount")?,
        "subTotalAmount",
    )?;
    match f.get("tax").and_then(Value::as_str) {
        Some(t) if TAXES.contains(&t) => {}
        _ => {
            return Err(Answer::invalid(format!(
                "item tax is required, one of {}",
                TAXES.join(", ")
            )))
        }
    }
    let measure = match f.get("measure") {
        None | Some(Value::Null) => "PIECE".to_string(),
        Some(Value::String(m)) if !m.is_empty() => m.clone(),
        Some(_) => return Err(Answer::invalid("item measure must be a string")),
    };
    Ok(V1Item {
        name,
        article,
        quantity,
        total,
        measure,
        refunded_quantity: 0.0,
    })
}

fn items(v: Option<&Value>, article_optional: bool) -> Result<Vec<V1Item>, Answer> {
    match v {
        Some(Value::Array(list)) if !list.is_empty() => {
            list.iter().map(|i| item(i, article_optional)).collect()
        }
        _ => Err(Answer::invalid("items: a non-empty array is required")),
    }
}

fn object<'a>(f: &'a Map<String, Value>, name: &str) -> Result<&'a Map<String, Value>, Answer> {
    match f.get(name) {
        Some(Value::Object(o)) => Ok(o),
        _ => Err(Answer::invalid(format!("{name}: an object is required"))),
    }
}

/// `cardSession` / `cardsession`: 1..32 latin letters and digits (md 489).
fn card_session(f: &Map<String, Value>) -> Result<String, Answer> {
    let v = either(f, "cardSession", "cardsession")?
        .ok_or_else(|| Answer::invalid("cardSession is required"))?;
    let s = match v {
        Value::String(s) => s.clone(),
        // The schema's own example prints `123456` unquoted (yaml 1424).
        Value::Number(n) => n.to_string(),
        _ => return Err(Answer::invalid("cardSession must be a string")),
    };
    if s.is_empty() || s.len() > 32 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Answer::e422(
            "UNKNOWN_SESSION_ID",
            "cardSession не прошёл валидацию (1..32 latin letters and digits)",
        ));
    }
    if s.starts_with("000000") {
        return Err(Answer::e422(
            "UNKNOWN_SESSION_ID",
            "cardSession не существует (cardSession does not exist)",
        ));
    }
    Ok(s)
}

/// `checkoutInvoice` (yaml 1060): orderId, totalAmount, items Mandatory; `currency` only RUB.
fn checkout_invoice(f: &Map<String, Value>) -> Result<(String, u64, Vec<V1Item>), Answer> {
    let inv = object(f, "checkoutInvoice")?;
    let order_id = match inv.get("orderId") {
        Some(Value::Number(n)) => n.to_string(),
        _ => string(inv, "orderId", 36)?,
    };
    let total = required_amount(inv, "totalAmount")?;
    amount_value(inv.get("discountAmount"), "discountAmount")?;
    amount_value(
        either(inv, "subTotalAmount", "subtotalAmount")?,
        "subTotalAmount",
    )?;
    currency(inv)?;
    let items = items(inv.get("items"), false)?;
    Ok((order_id, total, items))
}

/// `currency` (later versions, md 455): empty or RUB.
fn currency(f: &Map<String, Value>) -> Result<(), Answer> {
    match f.get("currency") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(c)) if c.is_empty() || c == "RUB" => Ok(()),
        Some(_) => Err(Answer::invalid("currency: only RUB is expected")),
    }
}

fn user(f: &Map<String, Value>) -> Result<(), Answer> {
    let u = object(f, "user")?;
    match u.get("loyaltyId") {
        Some(Value::Number(_)) => Ok(()),
        _ => string(u, "loyaltyId", 36).map(|_| ()),
    }
}

// ----- the operations ----------------------------------------------------------------------------

fn availability_list(session: &str, total: u64) -> Value {
    let dolyame = !session.starts_with("NODOLYAME") && total >= 400;
    json!({
        "koshelekPayIsDefault": true,
        "paymentTypeAvailabilityInfoList": [
            { "paymentType": "SBP", "available": true, "message": "" },
            if dolyame {
                json!({ "paymentType": "DOLYAME", "available": true, "message": "" })
            } else {
                json!({ "paymentType": "DOLYAME", "available": false,
                        "message": "Недоступно по причине низкого кредитного рейтинга: score < 0.2" })
            },
        ],
    })
}

/// POST availability-info/task (yaml 24): 200 with the list, or (a session starting with ASYNC,
/// the deprecated flow) 201 `{availabilityInfoId, timeout}` with a Location header.
fn task(c: &mut Call, f: &Map<String, Value>) -> Result<Answer, Answer> {
    let (store, now) = (&mut *c.store, c.now);
    let session = card_session(f)?;
    let (_, total, _) = checkout_invoice(f)?;
    user(f)?;
    let result = availability_list(&session, total);
    if !session.starts_with("ASYNC") {
        return Ok(Answer::ok(result));
    }
    let id = crate::util::uuid();
    store.v1.availability.insert(
        id.clone(),
        V1Availability {
            ready: now + ASYNC_TIMEOUT_MS + POLLING_TIMEOUT_MS,
            result,
            polls: 0,
        },
    );
    Ok(Answer {
        status: StatusCode::CREATED,
        body: Some(json!({ "availabilityInfoId": id, "timeout": ASYNC_TIMEOUT_MS })),
        location: Some(format!("/api/v1/merchant/availability-info/{id}")),
    })
}

/// GET availability-info/{availabilityInfoId} (yaml 180): `computationComplete: false` with
/// `pollingTimeout` until the task is ready, then the list. An unfinished answer carries no
/// list: the yaml marks all five fields required (yaml 224) but says the list is what the
/// finished computation returns (md 150, 520): our choice. An unknown id is 422
/// `UNKNOWN_TRANSACTION_ID` (no code of the reference fits better: our choice).
pub fn poll(
    koshelek: &Arc<Koshelek>,
    partner: &str,
    id: &str,
    method: &Method,
    headers: &HeaderMap,
) -> Response {
    if *method != Method::GET {
        let mut r = Answer::error(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "availability-info/{availabilityInfoId} accepts GET only",
        )
        .into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET"));
        return r;
    }
    if let Err(a) = check_access(koshelek, partner, headers) {
        return a.into_response();
    }
    let now = koshelek.env.now_ms();
    let mut store = koshelek.lock();
    let Some(task) = store.v1.availability.get_mut(id) else {
        return Answer::e422(
            "UNKNOWN_TRANSACTION_ID",
            format!("availabilityInfoId {id} не найден"),
        )
        .into_response();
    };
    task.polls += 1;
    let mut answer = json!({ "availabilityInfoId": id });
    if now >= task.ready {
        answer["computationComplete"] = json!(true);
        if let (Value::Object(a), Value::Object(r)) = (&mut answer, task.result.clone()) {
            a.extend(r);
        }
    } else {
        answer["computationComplete"] = json!(false);
        answer["pollingTimeout"] = json!(POLLING_TIMEOUT_MS);
    }
    Json(answer).into_response()
}

/// POST checkout (yaml 289).
fn checkout(c: &mut Call, f: &Map<String, Value>) -> Result<Answer, Answer> {
    let (store, request_id, now, effects) = (&mut *c.store, c.request_id, c.now, &mut c.effects);
    let session = card_session(f)?;
    let (order_id, total, items) = checkout_invoice(f)?;
    user(f)?;
    let payment_type = match f.get("paymentMethods") {
        Some(Value::Array(list)) if !list.is_empty() => {
            let mut first = None;
            for m in list {
                match m.get("type").and_then(Value::as_str) {
                    Some(t @ ("SBP" | "DOLYAME")) => {
                        first.get_or_insert(t.to_string());
                    }
                    _ => {
                        return Err(Answer::invalid(
                            "paymentMethods[].type is required: SBP or DOLYAME",
                        ))
                    }
                }
            }
            first.unwrap_or_else(|| "SBP".into())
        }
        _ => {
            return Err(Answer::invalid(
                "paymentMethods: a non-empty array is required",
            ))
        }
    };
    if let Some(existing) = store
        .v1
        .payments
        .values()
        .find(|p| p.card_session == session)
    {
        match existing.status.as_str() {
            "new" | "pending" => {
                return Err(Answer::e422(
                    "TRANSACTION_FOR_SESSION_ID_ALREADY_EXISTS",
                    format!("транзакция {} уже существует для сессии", existing.id),
                ))
            }
            "accepted" | "refunding" | "refunded" | "partial_refunded" => {
                return Err(Answer::e422(
                    "TRANSACTION_FOR_SESSION_ID_ALREADY_PAYED",
                    format!("транзакция {} уже обработана", existing.id),
                ))
            }
            _ => {}
        }
    }
    let outcome = if session.starts_with("LIMIT") {
        Outcome::Reject("NOT_ENOUGH_LIMIT_TO_PAY")
    } else if session.starts_with("PROVIDER") {
        Outcome::Reject("EXTERNAL_PROVIDER_ERROR")
    } else if session.starts_with("HOLD") {
        Outcome::Hold
    } else {
        Outcome::Accept
    };
    let too_small = total < 400;
    let payment = V1Payment {
        id: crate::util::uuid(),
        request_id: request_id.to_string(),
        store_id: f
            .get("storeId")
            .and_then(Value::as_str)
            .unwrap_or("")
            .into(),
        terminal_id: f
            .get("terminalId")
            .and_then(Value::as_str)
            .unwrap_or("")
            .into(),
        card_session: session,
        order_id,
        total,
        items,
        payment_type,
        status: if too_small { "rejected" } else { "new" }.into(),
        error_code: too_small.then(|| "TOTAL_AMOUNT_IS_TOO_SMALL".to_string()),
        refunded: 0,
        outcome,
        refs: Vec::new(),
        receipts: Vec::new(),
        operated: now,
    };
    let mut answer = json!({
        "requestId": request_id,
        "transactionId": payment.id,
        "status": payment.status,
        "slip": slip(&payment, None),
    });
    if let Some(code) = &payment.error_code {
        answer["errorCode"] = json!(code);
    }
    let id = payment.id.clone();
    store.v1.payments.insert(id.clone(), payment);
    if !too_small {
        effects.push(Effect::Progress(id));
    }
    Ok(Answer::ok(answer))
}

/// The `Slip` of a payment (yaml 1160): every field the schema requires; `qrcId` for SBP only
/// (required "for SBP", yaml 1213); `refundTransactionId` for a refund.
fn slip(p: &V1Payment, refund: Option<&str>) -> Value {
    let mut s = json!({
        "id": format!("slip-{}", p.id),
        "paymentType": p.payment_type,
        "storeId": p.store_id,
        "terminalId": p.terminal_id,
        "orderId": p.order_id,
        "paymentTransactionId": p.id,
        "merchantId": MERCHANT_ID,
        "operationDateTime": format!("{}.{:03}Z", crate::util::iso_datetime(p.operated), p.operated % 1000),
        "operationId": format!("op-{}", &p.id[..8.min(p.id.len())]),
        "totalAmount": p.total,
    });
    if p.payment_type == "SBP" {
        s["qrcId"] = json!(format!("AS{}", p.id.replace('-', "").to_uppercase()));
    }
    if let Some(r) = refund {
        s["refundTransactionId"] = json!(r);
    }
    s
}

/// The `transaction/status` object (yaml 467), also the postback body (yaml 539).
fn status_object(p: &V1Payment, request_id: &str, by_ref: Option<&V1Ref>) -> Value {
    let mut v = json!({
        "requestId": request_id,
        "transactionId": p.id,
        "status": p.status,
        // paymentGroup: SBP for SBP, INSTALLMENT for DOLYAME (yaml 497); paymentProvider: the
        // payment type (the yaml's enum lists only DOLYAME, yaml 501: our choice for SBP).
        "paymentGroup": if p.payment_type == "DOLYAME" { "INSTALLMENT" } else { "SBP" },
        "paymentProvider": p.payment_type,
    });
    if let Some(r) = by_ref.or_else(|| p.refs.iter().rev().find(|r| r.kind == "cancel")) {
        v["refTransactionId"] = json!(r.id);
        v["refStatus"] = json!(r.status);
    }
    // A slip is sent once the bank took part (yaml 1163).
    if matches!(
        p.status.as_str(),
        "accepted" | "rejected" | "refunded" | "partial_refunded"
    ) {
        v["slip"] = slip(p, None);
    }
    if p.status == "rejected" {
        if let Some(code) = &p.error_code {
            v["errorCode"] = json!(code);
        }
    }
    v
}

/// POST transaction/status (yaml 452): by transactionId or by refTransactionId (one of them).
fn status(c: &mut Call, f: &Map<String, Value>) -> Result<Answer, Answer> {
    let (store, request_id) = (&mut *c.store, c.request_id);
    let tx = f
        .get("transactionId")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let rf = f
        .get("refTransactionId")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let (payment, by_ref) = match (tx, rf) {
        (None, None) => {
            return Err(Answer::invalid(
                "transactionId or refTransactionId is required",
            ))
        }
        (Some(id), _) => (store.v1.payments.get(id), None),
        (None, Some(r)) => {
            let p = store
                .v1
                .payments
                .values()
                .find(|p| p.refs.iter().any(|x| x.id == r));
            (p, p.and_then(|p| p.refs.iter().find(|x| x.id == r)))
        }
    };
    let payment = payment.ok_or_else(|| {
        Answer::e422(
            "UNKNOWN_TRANSACTION_ID",
            "transactionId не найден (transaction not found)",
        )
    })?;
    if payment.card_session.starts_with("BUSY")
        && matches!(payment.status.as_str(), "new" | "pending")
    {
        return Err(Answer::e422(
            "TRANSACTION_IN_PROCESSING",
            "Транзакция в обработке",
        ));
    }
    if let (Some(r), Some(p)) = (rf, tx) {
        if !payment.refs.iter().any(|x| x.id == r) {
            return Err(Answer::e422(
                "UNKNOWN_TRANSACTION_ID",
                format!("refTransactionId {r} не относится к транзакции {p}"),
            ));
        }
    }
    let by_ref = by_ref
        .cloned()
        .or_else(|| rf.and_then(|r| payment.refs.iter().find(|x| x.id == r).cloned()));
    Ok(Answer::ok(status_object(
        payment,
        request_id,
        by_ref.as_ref(),
    )))
}

const RECEIPT_TYPES: &[&str] = &["debit", "credit", "refund"];

/// POST transaction/receipt (yaml 585): 200 with an empty body.
fn receipt(c: &mut Call, f: &Map<String, Value>) -> Result<Answer, Answer> {
    let store = &mut *c.store;
    let id = string(f, "transactionId", 64)?;
    let inv = object(f, "invoice")?;
    for (name, max) in [
        ("orderId", 36),
        ("receiptId", 36),
        ("merchantName", 999),
        ("merchantAddress", 999),
        ("shift", 32),
        ("cashier", 256),
    ] {
        match inv.get(name) {
            Some(Value::Number(_)) => {}
            _ => {
                string(inv, name, max)?;
            }
        }
    }
    let inn = string(inv, "inn", 12)?;
    if inn.chars().count() != 12 {
        return Err(Answer::invalid("invoice.inn: exactly 12 characters"));
    }
    string(inv, "dateTime", 64)?;
    match inv.get("receiptType").and_then(Value::as_str) {
        Some(t) if RECEIPT_TYPES.contains(&t) => {}
        _ => {
            return Err(Answer::invalid(
                "invoice.receiptType: debit, credit or refund",
            ))
        }
    }
    required_amount(inv, "totalAmount")?;
    amount_value(inv.get("discountAmount"), "discountAmount")?;
    amount_value(
        either(inv, "subTotalAmount", "subtotalAmount")?,
        "subTotalAmount",
    )?;
    amount_value(inv.get("taxAmount"), "taxAmount")?;
    either(inv, "qr", "QR")?;
    items(inv.get("items"), false)?;
    let payment = store.v1.payments.get_mut(&id).ok_or_else(|| {
        Answer::e422(
            "UNKNOWN_TRANSACTION_ID",
            format!("transactionId {id} не найден"),
        )
    })?;
    if !matches!(
        payment.status.as_str(),
        "accepted" | "refunding" | "refunded" | "partial_refunded"
    ) {
        return Err(Answer::e422(
            "PAYMENT_TRANSACTION_IS_NOT_PAID",
            "нет оплаты по транзакции оплаты (a receipt needs a paid transaction)",
        ));
    }
    payment.receipts.push(Value::Object(inv.clone()));
    Ok(Answer {
        status: StatusCode::OK,
        body: None,
        location: None,
    })
}

/// The answer of cancel and refund (yaml 735, 877).
fn ref_answer(p: &V1Payment, request_id: &str, r: &V1Ref, error: Option<&str>) -> Value {
    let refund = (r.kind == "refund" && r.status == "accepted").then_some(r.id.as_str());
    let mut v = json!({
        "requestId": request_id,
        "refTransactionId": r.id,
        "refStatus": r.status,
        "transactionId": p.id,
        "status": p.status,
        "slip": slip(p, refund),
    });
    if let Some(code) = error {
        v["errorCode"] = json!(code);
    }
    v
}

/// POST transaction/cancel (yaml 718): the full amount, only before completion (`new`,
/// `pending`); otherwise `refStatus: "rejected"` with the status unchanged (md 254, S10).
fn cancel(c: &mut Call, f: &Map<String, Value>) -> Result<Answer, Answer> {
    let (store, request_id, effects) = (&mut *c.store, c.request_id, &mut c.effects);
    let id = string(f, "transactionId", 64)?;
    let p = store.v1.payments.get_mut(&id).ok_or_else(|| {
        Answer::e422(
            "UNKNOWN_TRANSACTION_ID",
            format!("transactionId {id} не найден"),
        )
    })?;
    let ok = matches!(p.status.as_str(), "new" | "pending");
    let r = V1Ref {
        id: crate::util::uuid(),
        kind: "cancel",
        status: if ok { "accepted" } else { "rejected" }.into(),
        amount: 0,
    };
    if ok {
        p.status = "canceled".into();
        effects.push(Effect::Postback(p.id.clone()));
    }
    p.refs.push(r.clone());
    Ok(Answer::ok(ref_answer(p, request_id, &r, None)))
}

/// POST transaction/refund (yaml 860): full or partial, by items. A full refund names the
/// payment's items with their quantities; a partial one the returned items and quantities (md
/// 300, S11); an item must be one of the payment's (by name and, when given, article); items
/// measured otherwise than `PIECE` only in full; `refundAmount` is the sum of the items'
/// `totalAmount` (as in the reference's example, yaml 985). Business refusals are 200
/// `refStatus: "rejected"` with the reference's errorCode (yaml 5, 942).
fn refund(c: &mut Call, f: &Map<String, Value>) -> Result<Answer, Answer> {
    let (store, request_id, now, effects) = (&mut *c.store, c.request_id, c.now, &mut c.effects);
    let id = string(f, "transactionId", 64)?;
    let amount = required_amount(f, "refundAmount")?;
    if amount == 0 {
        return Err(Answer::invalid("refundAmount must be positive"));
    }
    currency(f)?;
    let wanted = items(f.get("items"), true)?;
    let sum: u64 = wanted.iter().map(|i| i.total).sum();
    if sum != amount {
        return Err(Answer::invalid(format!(
            "refundAmount {amount} is not the sum of the items' totalAmount ({sum})"
        )));
    }
    if amount == 13 {
        return Err(Answer::e422(
            "CANCEL_REFUNDING_BY_BANK",
            "возврат отменен банком (the emulator's trigger: 13 kopecks)",
        ));
    }
    let p = store.v1.payments.get_mut(&id).ok_or_else(|| {
        Answer::e422(
            "UNKNOWN_TRANSACTION_ID",
            format!("transactionId {id} не найден"),
        )
    })?;
    let reject = |p: &mut V1Payment, code: &str| {
        let r = V1Ref {
            id: crate::util::uuid(),
            kind: "refund",
            status: "rejected".into(),
            amount,
        };
        p.refs.push(r.clone());
        Ok(Answer::ok(ref_answer(p, request_id, &r, Some(code))))
    };
    match p.status.as_str() {
        "new" | "pending" => return reject(p, "PAYMENT_TRANSACTION_IS_NOT_PAID"),
        "canceled" | "rejected" | "refunded" => {
            return reject(p, "TERMINAL_STATE_OF_PAYMENT_TRANSACTION")
        }
        "refunding" => return reject(p, "PAYMENT_TRANSACTION_IS_BEING_REFUNDED_ALREADY"),
        _ => {}
    }
    if amount > p.total - p.refunded {
        return reject(p, "REQUESTED_REFUND_AMOUNT_IS_GREATER_THAN_AVAILABLE");
    }
    if amount == 14 {
        return reject(p, "EXTERNAL_PROVIDER_ERROR");
    }
    // Match every returned item to one of the payment's.
    let mut plan = Vec::new();
    for w in &wanted {
        let found = p.items.iter().position(|i| {
            i.name == w.name
                && w.article
                    .as_ref()
                    .is_none_or(|a| i.article.as_ref() == Some(a))
        });
        let Some(index) = found else {
            return Err(Answer::e422(
                "WRONG_TRANSACTION_STATE_CHANGE",
                format!(
                    "товар {} не найден в транзакции оплаты (item not in the payment)",
                    w.name
                ),
            ));
        };
        let it = &p.items[index];
        let left = it.quantity - it.refunded_quantity;
        if w.quantity > left + 1e-9 {
            return reject(p, "REQUESTED_REFUND_AMOUNT_IS_GREATER_THAN_AVAILABLE");
        }
        if it.measure != "PIECE" && (w.quantity - it.quantity).abs() > 1e-9 {
            return Err(Answer::invalid(format!(
                "item {}: measured in {}, refunded only in full",
                w.name, it.measure
            )));
        }
        plan.push((index, w.quantity));
    }
    for (index, q) in plan {
        if let Some(it) = p.items.get_mut(index) {
            it.refunded_quantity += q;
        }
    }
    p.refunded += amount;
    p.status = if p.refunded >= p.total {
        "refunded"
    } else {
        "partial_refunded"
    }
    .into();
    p.operated = now;
    let r = V1Ref {
        id: crate::util::uuid(),
        kind: "refund",
        status: "accepted".into(),
        amount,
    };
    p.refs.push(r.clone());
    effects.push(Effect::Postback(p.id.clone()));
    Ok(Answer::ok(ref_answer(p, request_id, &r, None)))
}

// ----- progress and postbacks --------------------------------------------------------------------

/// new -> pending after `--settle-ms`, then pending -> accepted/rejected after as long again
/// (unless the session holds); a postback at each step.
fn progress_later(koshelek: &Arc<Koshelek>, partner: &str, id: String) {
    let env = koshelek.env.clone();
    let k = koshelek.clone();
    let partner = partner.to_string();
    env.after(env.config.settle_ms, move || {
        let next = {
            let mut store = k.lock();
            match store.v1.payments.get_mut(&id) {
                Some(p) if p.status == "new" => {
                    p.status = "pending".into();
                    Some(p.outcome.clone())
                }
                _ => None,
            }
        };
        let Some(outcome) = next else { return };
        send_postback(&k, &partner, &id);
        if outcome == Outcome::Hold {
            return;
        }
        let env = k.env.clone();
        let k2 = k.clone();
        env.after(env.config.settle_ms, move || {
            let done = {
                let mut store = k2.lock();
                let now = k2.env.now_ms();
                match store.v1.payments.get_mut(&id) {
                    Some(p) if p.status == "pending" => {
                        match outcome {
                            Outcome::Reject(code) => {
                                p.status = "rejected".into();
                                p.error_code = Some(code.into());
                            }
                            _ => p.status = "accepted".into(),
                        }
                        p.operated = now;
                        true
                    }
                    _ => false,
                }
            };
            if done {
                send_postback(&k2, &partner, &id);
            }
        });
    });
}

fn send_postback(koshelek: &Arc<Koshelek>, partner: &str, id: &str) {
    let body = {
        let store = koshelek.lock();
        store
            .v1
            .payments
            .get(id)
            .map(|p| (status_object(p, &p.request_id, None), p.status.clone()))
    };
    if let Some((body, status)) = body {
        postback::send_v1(koshelek, partner, id, &body, &status);
    }
}

/// The v1 state of a payment for the admin listing.
pub fn payment_json(p: &V1Payment) -> Value {
    let mut v = status_object(p, &p.request_id, None);
    v["cardSession"] = json!(p.card_session);
    v["orderId"] = json!(p.order_id);
    v["totalAmount"] = json!(p.total);
    v["refundedAmount"] = json!(p.refunded);
    v["receipts"] = json!(p.receipts.len());
    v["refs"] = p
        .refs
        .iter()
        .map(|r| json!({ "refTransactionId": r.id, "kind": r.kind, "refStatus": r.status, "amount": r.amount }))
        .collect();
    v
}
