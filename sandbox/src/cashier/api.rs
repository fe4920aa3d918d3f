//! The Mobile Cashier API below `/cashier/`: login, orders, refunds, IPS, SberPay, payouts,
//! the payment-form order, authorize/charge/void. Idempotent by `x-req-id` for 60 minutes.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::app::{now_ms, Shared};
use crate::rbs::cards::{self, CardBehaviour};

use super::auth;
use super::orders::{self, CashierOrder};
use super::store::{self, Stored, IDEMPOTENCY_MS};
use super::webhook;

/// What a handler produces.
pub type Reply = (StatusCode, Value);

/// An error reply `{"success": false, "description"}`.
pub fn fail(status: StatusCode, description: impl Into<String>) -> Reply {
    (
        status,
        json!({ "success": false, "description": description.into() }),
    )
}

fn ok(order: &CashierOrder, description: &str) -> Reply {
    (
        StatusCode::OK,
        json!({ "success": true, "description": description, "order": order.to_json() }),
    )
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// Runs `f` with the request's JSON body after the x-req-id replay check and (when `needs_auth`)
/// the bearer-token check; stores the reply for its x-req-id.
pub fn handle(
    app: &Shared,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
    needs_auth: bool,
    f: impl FnOnce(&Shared, &Map<String, Value>) -> Reply,
) -> Response {
    let req_id = if *method == Method::POST {
        headers
            .get("x-req-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .filter(|s| !s.is_empty())
    } else {
        None
    };
    if let Some(id) = &req_id {
        let mut inner = app.lock();
        let now = now_ms();
        inner
            .cashier
            .replies
            .retain(|_, s| now.saturating_sub(s.time) < IDEMPOTENCY_MS);
        if let Some(stored) = inner.cashier.replies.get(id) {
            let mut r = json_response(
                StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK),
                stored.body.clone(),
            );
            r.headers_mut()
                .insert("x-idempotent-replay", HeaderValue::from_static("true"));
            return r;
        }
        if !inner.cashier.in_flight.insert(id.clone()) {
            let (s, v) = fail(
                StatusCode::CONFLICT,
                "a request with this x-req-id is still being processed",
            );
            return json_response(s, v.to_string());
        }
    }
    let (status, value) = run(app, headers, body, needs_auth, f);
    let text = value.to_string();
    if let Some(id) = req_id {
        let mut inner = app.lock();
        inner.cashier.in_flight.remove(&id);
        // Only answers that were processed are remembered; a refused token is not a result.
        if status != StatusCode::UNAUTHORIZED {
            inner.cashier.replies.insert(
                id,
                Stored {
                    time: now_ms(),
                    status: status.as_u16(),
                    body: text.clone(),
                },
            );
        }
    }
    json_response(status, text)
}

fn run(
    app: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    needs_auth: bool,
    f: impl FnOnce(&Shared, &Map<String, Value>) -> Reply,
) -> Reply {
    if needs_auth {
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).trim().to_string());
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return fail(
                StatusCode::UNAUTHORIZED,
                "Authorization header with the access token from /public/login is missing",
            );
        };
        let valid_after = app.lock().cashier.tokens_valid_after;
        if let Err(why) = auth::check(&token, "access", now_ms(), valid_after) {
            return fail(
                StatusCode::UNAUTHORIZED,
                format!("access token refused: {why}"),
            );
        }
    }
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(m)) => m,
            Ok(_) => {
                return fail(
                    StatusCode::BAD_REQUEST,
                    "the request body must be a JSON object",
                )
            }
            Err(e) => {
                return fail(
                    StatusCode::BAD_REQUEST,
                    format!("the request body is not valid JSON: {e}"),
                )
            }
        }
    };
    f(app, &body)
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn amount(body: &Map<String, Value>, name: &str) -> Result<Option<u64>, Reply> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64()),
        Some(_) => Err(fail(
            StatusCode::BAD_REQUEST,
            format!("{name} must be a non-negative integer in kopecks"),
        )),
    }
}

/// POST /public/login
pub fn login(app: &Shared, body: &Map<String, Value>) -> Reply {
    if let Some(refresh) = text(body.get("refreshToken")) {
        return refresh_with(app, &refresh);
    }
    let login = text(body.get("login")).unwrap_or_default();
    let password = text(body.get("password")).unwrap_or_default();
    if login != store::LOGIN
        || !kassa::crypto::ct_eq(password.as_bytes(), store::PASSWORD.as_bytes())
    {
        return fail(StatusCode::UNAUTHORIZED, "wrong login or password");
    }
    (
        StatusCode::OK,
        auth::login_answer(&login, now_ms(), app.config.access_ttl_secs),
    )
}

/// POST /public/refresh {refreshToken}
pub fn refresh(app: &Shared, body: &Map<String, Value>) -> Reply {
    match text(body.get("refreshToken")) {
        Some(t) => refresh_with(app, &t),
        None => fail(StatusCode::BAD_REQUEST, "refreshToken is required"),
    }
}

fn refresh_with(app: &Shared, token: &str) -> Reply {
    let valid_after = app.lock().cashier.tokens_valid_after;
    match auth::check(token, "refresh", now_ms(), valid_after) {
        Ok(claims) => {
            let login = claims["sub"].as_str().unwrap_or(store::LOGIN).to_string();
            (
                StatusCode::OK,
                auth::login_answer(&login, now_ms(), app.config.access_ttl_secs),
            )
        }
        Err(why) => fail(
            StatusCode::UNAUTHORIZED,
            format!("refresh token refused: {why}"),
        ),
    }
}

/// POST /order
pub fn create(app: &Shared, body: &Map<String, Value>) -> Reply {
    let kind = text(body.get("type")).unwrap_or_else(|| "PayIn".into());
    if kind != "PayIn" && kind != "PayOut" {
        return fail(StatusCode::BAD_REQUEST, "type must be PayIn or PayOut");
    }
    let (order_amount, payment_amount) =
        match (amount(body, "orderAmount"), amount(body, "paymentAmount")) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => return e,
        };
    if order_amount.is_none() && payment_amount.is_none() {
        return fail(
            StatusCode::BAD_REQUEST,
            "orderAmount or paymentAmount is required (kopecks)",
        );
    }
    if order_amount == Some(0) || payment_amount == Some(0) {
        return fail(StatusCode::BAD_REQUEST, "the amount must be positive");
    }
    let Some(currency) = text(body.get("orderCurrency")) else {
        return fail(
            StatusCode::BAD_REQUEST,
            "orderCurrency is required (USD, EUR, AED, THB, RUB, TRY)",
        );
    };
    let Some(rate) = orders::rate(&currency) else {
        return fail(
            StatusCode::BAD_REQUEST,
            format!("orderCurrency {currency} is not available (USD, EUR, AED, THB, RUB, TRY)"),
        );
    };
    match body.get("tspId").and_then(|v| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    }) {
        Some(store::TSP_ID) => {}
        Some(other) => return fail(StatusCode::BAD_REQUEST, format!("unknown tspId {other}")),
        None => return fail(StatusCode::BAD_REQUEST, "tspId is required"),
    }
    let (order_amount, payment_amount, fee) = orders::amounts(order_amount, payment_amount, rate);
    let now = now_ms();
    let lifetime = body
        .get("lifetimeSecs")
        .and_then(Value::as_u64)
        .unwrap_or(1800);
    let mut inner = app.lock();
    let id = inner.cashier.next_order_id();
    let order = CashierOrder {
        id,
        external_id: None,
        merchant_order_id: text(body.get("merchantOrderId")),
        kind,
        status: "CREATED".into(),
        tsp_id: store::TSP_ID,
        order_amount,
        order_currency: currency,
        payment_amount,
        fee_amount: fee,
        refunded_amount: 0,
        description: text(body.get("description")),
        callback_url: text(body.get("callbackUrl")),
        created: now,
        updated: now,
        expires: now + lifetime * 1000,
        masked_pan: None,
        payment_type: None,
        extra: Map::new(),
    };
    inner.cashier.orders.insert(id, order.clone());
    ok(&order, "")
}

fn find(app: &Shared, id: &str) -> Result<CashierOrder, Reply> {
    expire_due(app);
    let parsed: Option<u64> = id.parse().ok();
    let inner = app.lock();
    parsed
        .and_then(|n| inner.cashier.orders.get(&n))
        .or_else(|| inner.cashier.by_external(id))
        .cloned()
        .ok_or_else(|| fail(StatusCode::NOT_FOUND, format!("order {id} not found")))
}

/// Stores a changed order and sends its webhook when the status changed.
pub fn save(app: &Shared, order: CashierOrder, notify: bool) {
    app.lock().cashier.orders.insert(order.id, order.clone());
    if notify {
        webhook::send(app, &order);
    }
}

/// Moves `id` from `from` to `to` after `--settle-ms` (the *_IN_PROGRESS states), with a webhook.
pub fn settle_later(app: &Shared, id: u64, from: &'static str, to: &'static str) {
    let app = app.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(app.config.settle_ms)).await;
        let changed = {
            let mut inner = app.lock();
            match inner.cashier.orders.get_mut(&id) {
                Some(o) if o.status == from => {
                    o.set(now_ms(), to);
                    Some(o.clone())
                }
                _ => None,
            }
        };
        if let Some(o) = changed {
            webhook::send(&app, &o);
        }
    });
}

/// Expires orders whose lifetime is over (with webhooks).
pub fn expire_due(app: &Shared) {
    let now = now_ms();
    let expired: Vec<CashierOrder> = {
        let mut inner = app.lock();
        inner
            .cashier
            .orders
            .values_mut()
            .filter_map(|o| o.expire_if_due(now).then(|| o.clone()))
            .collect()
    };
    for o in expired {
        webhook::send(app, &o);
    }
}

/// GET /order/{id}
pub fn get(app: &Shared, id: &str) -> Reply {
    match find(app, id) {
        Ok(o) => ok(&o, ""),
        Err(e) => e,
    }
}

/// GET /orders?tspId&dateFrom&dateTo&status&limit&offset
pub fn list(app: &Shared, q: &Map<String, Value>) -> Reply {
    expire_due(app);
    let get = |k: &str| text(q.get(k));
    let limit = match get("limit").map(|l| l.parse::<usize>()) {
        None => 30,
        Some(Ok(l)) => l,
        Some(Err(_)) => return fail(StatusCode::BAD_REQUEST, "limit must be a number"),
    };
    let offset = match get("offset").map(|l| l.parse::<usize>()) {
        None => 0,
        Some(Ok(l)) => l,
        Some(Err(_)) => return fail(StatusCode::BAD_REQUEST, "offset must be a number"),
    };
    let date = |k: &str| -> Result<Option<u64>, Reply> {
        match get(k) {
            None => Ok(None),
            Some(d) => crate::util::parse_iso_datetime(&d)
                .map(Some)
                .ok_or_else(|| {
                    fail(
                        StatusCode::BAD_REQUEST,
                        format!("{k} must be a date-time like 2024-01-31T00:00:00Z"),
                    )
                }),
        }
    };
    let (from, to) = match (date("dateFrom"), date("dateTo")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let tsp = get("tspId");
    let status = get("status");
    let inner = app.lock();
    let mut all: Vec<&CashierOrder> = inner
        .cashier
        .orders
        .values()
        .filter(|o| tsp.as_deref().is_none_or(|t| t == o.tsp_id.to_string()))
        .filter(|o| status.as_deref().is_none_or(|s| s == o.status))
        .filter(|o| from.is_none_or(|f| o.created >= f))
        .filter(|o| to.is_none_or(|t| o.created <= t))
        .collect();
    all.sort_by_key(|o| std::cmp::Reverse(o.id));
    let total = all.len();
    let page: Vec<Value> = all
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(CashierOrder::to_json)
        .collect();
    (
        StatusCode::OK,
        json!({ "success": true, "description": "", "orders": page, "meta": { "total": total, "limit": limit, "offset": offset } }),
    )
}

/// POST /order/{id}/refund {amount?}
pub fn refund(app: &Shared, id: &str, body: &Map<String, Value>) -> Reply {
    let mut o = match find(app, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let a = match amount(body, "amount") {
        Ok(a) => a,
        Err(e) => return e,
    };
    if let Err(why) = o.refund(a, now_ms()) {
        return fail(StatusCode::BAD_REQUEST, why);
    }
    save(app, o.clone(), true);
    ok(&o, "refund accepted")
}

fn expect(o: &CashierOrder, kind: &str, statuses: &[&str], what: &str) -> Result<(), Reply> {
    if o.kind != kind {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            format!("{what} needs a {kind} order; order {} is {}", o.id, o.kind),
        ));
    }
    if !statuses.contains(&o.status.as_str()) {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            format!("{what} is not possible in status {}", o.status),
        ));
    }
    Ok(())
}

/// POST /order/{id}/qrcData: registers an IPS (SBP) QR code; the payer pays via the admin API.
pub fn qrc_data(app: &Shared, id: &str) -> Reply {
    let mut o = match find(app, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayIn", &["CREATED", "QRCDATA_CREATED"], "qrcData") {
        return e;
    }
    let qrc_id = format!("AS{:030}", o.id);
    o.extra.insert(
        "qrcData".into(),
        json!({
            "qrcId": qrc_id,
            "payload": format!("https://qr.nspk.ru/{qrc_id}?type=02&bank=100000000000&sum={}&cur=RUB&crc=0000", o.payment_amount),
            "payUrl": format!("{}/__admin/cashier/orders/{}/pay", app.base_url, o.id),
        }),
    );
    o.set(now_ms(), "QRCDATA_CREATED");
    save(app, o.clone(), true);
    ok(&o, "")
}

/// The banks of the IPS payout.
pub fn banks() -> Reply {
    (
        StatusCode::OK,
        json!({ "BankList": [
            { "bankId": "100000000111", "bankName": "Сбербанк" },
            { "bankId": "100000000005", "bankName": "Банк ВТБ" },
            { "bankId": "100000000004", "bankName": "Т-Банк" },
            { "bankId": "100000000008", "bankName": "Альфа-Банк" },
            { "bankId": "100000000001", "bankName": "Газпромбанк" },
        ] }),
    )
}

/// POST /order/{id}/payout/ips {accountNumber, bankId, ...}
pub fn payout_ips(app: &Shared, id: &str, body: &Map<String, Value>) -> Reply {
    let mut o = match find(app, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayOut", &["CREATED"], "payout via IPS") {
        return e;
    }
    let (Some(account), Some(bank)) = (text(body.get("accountNumber")), text(body.get("bankId")))
    else {
        return fail(
            StatusCode::BAD_REQUEST,
            "accountNumber and bankId are required",
        );
    };
    let known = banks().1["BankList"]
        .as_array()
        .is_some_and(|l| l.iter().any(|b| b["bankId"] == bank.as_str()));
    if !known {
        return fail(
            StatusCode::BAD_REQUEST,
            format!("unknown bankId {bank} (see the bank list)"),
        );
    }
    o.extra.insert(
        "payout".into(),
        json!({ "method": "IPS", "accountNumber": account, "bankId": bank }),
    );
    let declined = account.ends_with("0000000");
    o.set(
        now_ms(),
        if declined {
            "DECLINED"
        } else {
            "PAYOUT_IN_PROGRESS"
        },
    );
    save(app, o.clone(), true);
    if !declined {
        settle_later(app, o.id, "PAYOUT_IN_PROGRESS", "PAID");
    }
    ok(&o, "")
}

/// POST /order/{id}/payout/card {pan, holder?, phone?}
pub fn payout_card(app: &Shared, id: &str, body: &Map<String, Value>) -> Reply {
    let mut o = match find(app, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayOut", &["CREATED"], "card payout") {
        return e;
    }
    let Some(pan) = text(body.get("pan")) else {
        return fail(StatusCode::BAD_REQUEST, "pan is required");
    };
    if !cards::luhn_ok(&pan) {
        return fail(StatusCode::BAD_REQUEST, "pan is not a valid card number");
    }
    o.masked_pan = Some(cards::mask(&pan));
    o.extra.insert("payout".into(), json!({ "method": "CARD", "maskedPan": cards::mask(&pan), "holder": text(body.get("holder")) }));
    let declined = cards::behaviour(&pan) == CardBehaviour::Decline;
    o.set(now_ms(), if declined { "DECLINED" } else { "IN_PROCESS" });
    save(app, o.clone(), true);
    if !declined {
        settle_later(app, o.id, "IN_PROCESS", "PAID");
    }
    ok(&o, "")
}

/// POST /order/{id}/sberPay {BackUrl?, phoneNumber?, deepLink?}: answers with `succes`, as the
/// reference's sample does.
pub fn sber_pay(app: &Shared, id: &str, body: &Map<String, Value>) -> Reply {
    let mut o = match find(app, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayIn", &["CREATED"], "SberPay") {
        return e;
    }
    o.extra.insert(
        "sberPay".into(),
        json!({
            "deepLink": format!("sberpay://invoicing/v2?bankInvoiceId={}", o.id),
            "backUrl": text(body.get("BackUrl")).or_else(|| text(body.get("deepLink"))),
            "phoneNumber": text(body.get("phoneNumber")),
            "payUrl": format!("{}/__admin/cashier/orders/{}/pay", app.base_url, o.id),
        }),
    );
    o.set(now_ms(), "IN_PROCESS");
    save(app, o.clone(), true);
    (
        StatusCode::OK,
        json!({ "succes": true, "description": "", "order": o.to_json() }),
    )
}

/// POST /order/{id}/form/{tspCode}: the payment-form order; returns externalOrderId.
pub fn form(app: &Shared, id: &str, tsp_code: Option<&str>) -> Reply {
    if tsp_code != Some(store::TSP_CODE) {
        return fail(
            StatusCode::BAD_REQUEST,
            format!(
                "unknown tspCode {} (the sandbox shop is {})",
                tsp_code.unwrap_or("(none)"),
                store::TSP_CODE
            ),
        );
    }
    let mut o = match find(app, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayIn", &["CREATED"], "the payment form") {
        return e;
    }
    let external = o
        .external_id
        .clone()
        .unwrap_or_else(|| crate::util::uuid().replace('-', ""));
    o.external_id = Some(external.clone());
    save(app, o.clone(), false);
    (
        StatusCode::OK,
        json!({ "id": o.id.to_string(), "externalOrderId": external }),
    )
}

/// The admin "payer pays" action (IPS QR or SberPay): IPS_ACCEPTED or CHARGED.
pub fn payer_pays(app: &Shared, id: &str) -> Reply {
    let mut o = match find(app, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let to = match o.status.as_str() {
        "QRCDATA_CREATED" => "IPS_ACCEPTED",
        "IN_PROCESS" if o.kind == "PayIn" => "CHARGED",
        s => {
            return fail(
                StatusCode::BAD_REQUEST,
                format!(
                "nothing to pay in status {s} (register a QR with qrcData or start SberPay first)"
            ),
            )
        }
    };
    o.set(now_ms(), to);
    save(app, o.clone(), true);
    ok(&o, "")
}

/// Axum glue: path/query extraction into the handlers above.
pub mod routes {
    use super::*;
    use axum::routing::{get as get_route, post};
    use axum::Router;

    macro_rules! plain {
        ($auth:expr, $f:expr) => {
            |State(app): State<Shared>, method: Method, headers: HeaderMap, body: Bytes| async move {
                handle(&app, &method, &headers, &body, $auth, $f)
            }
        };
    }

    macro_rules! with_id {
        ($auth:expr, $f:expr) => {
            |State(app): State<Shared>,
             Path(id): Path<String>,
             method: Method,
             headers: HeaderMap,
             body: Bytes| async move {
                handle(&app, &method, &headers, &body, $auth, |app, b| {
                    $f(app, &id, b)
                })
            }
        };
    }

    /// The API routes.
    pub fn router() -> Router<Shared> {
        Router::new()
            .route("/cashier/public/login", post(plain!(false, login)))
            .route("/cashier/public/refresh", post(plain!(false, refresh)))
            .route(
                "/cashier/orders",
                get_route(
                    |State(app): State<Shared>,
                     method: Method,
                     headers: HeaderMap,
                     Query(q): Query<Map<String, Value>>| async move {
                        handle(&app, &method, &headers, b"", true, |app, _| list(app, &q))
                    },
                ),
            )
            .route("/cashier/order", post(plain!(true, create)))
            .route(
                "/cashier/order/{id}",
                get_route(with_id!(true, |app, id: &str, _b| get(app, id))),
            )
            .route(
                "/cashier/order/{id}/status",
                get_route(with_id!(false, |app, id: &str, _b| get(app, id))),
            )
            .route("/cashier/order/{id}/refund", post(with_id!(true, refund)))
            .route(
                "/cashier/order/{id}/qrcData",
                post(with_id!(true, |app, id: &str, _b| qrc_data(app, id))),
            )
            .route(
                "/cashier/order/{id}/payout/ips",
                post(with_id!(true, payout_ips)),
            )
            .route(
                "/cashier/order/{id}/payout/card",
                post(with_id!(true, payout_card)),
            )
            .route(
                "/cashier/order/{id}/sberPay",
                post(with_id!(true, sber_pay)),
            )
            .route(
                "/cashier/order/{id}/form/{tsp}",
                post(
                    |State(app): State<Shared>,
                     Path((id, tsp)): Path<(String, String)>,
                     method: Method,
                     headers: HeaderMap,
                     body: Bytes| async move {
                        handle(&app, &method, &headers, &body, false, |app, _| {
                            form(app, &id, Some(&tsp))
                        })
                    },
                ),
            )
            .route(
                "/cashier/order/{id}/form",
                post(
                    |State(app): State<Shared>,
                     Path(id): Path<String>,
                     Query(q): Query<Map<String, Value>>,
                     method: Method,
                     headers: HeaderMap,
                     body: Bytes| async move {
                        handle(&app, &method, &headers, &body, false, |app, b| {
                            let code = text(q.get("tspCode")).or_else(|| text(b.get("tspCode")));
                            form(app, &id, code.as_deref())
                        })
                    },
                ),
            )
            .route(
                "/cashier/banks",
                get_route(plain!(false, |_app, _b| banks())),
            )
            .route(
                "/cashier/authorize",
                post(plain!(false, super::super::card::authorize)),
            )
            .route(
                "/cashier/charge",
                post(plain!(false, super::super::card::charge)),
            )
            .route(
                "/cashier/void",
                post(plain!(false, super::super::card::void)),
            )
            .route("/cashier/3ds/term", post(super::super::card::term_url))
    }
}
