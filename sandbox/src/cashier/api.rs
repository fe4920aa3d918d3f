//! The Mobile Cashier request handling: x-req-id idempotency (60 minutes), bearer tokens, JSON
//! bodies, the answer shapes; login and refresh; loading, saving and settling orders.

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::util::json_text as text;

use super::auth;
use super::orders::CashierOrder;
use super::state::Cashier;
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

/// A success reply `{"success": true, "description", "order"}`.
pub fn ok(order: &CashierOrder, description: &str) -> Reply {
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
    cashier: &Arc<Cashier>,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
    needs_auth: bool,
    f: impl FnOnce(&Arc<Cashier>, &Map<String, Value>) -> Reply,
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
        let mut store = cashier.lock();
        let now = cashier.env.now_ms();
        store
            .replies
            .retain(|_, s| now.saturating_sub(s.time) < IDEMPOTENCY_MS);
        if let Some(stored) = store.replies.get(id) {
            let mut r = json_response(
                StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK),
                stored.body.clone(),
            );
            r.headers_mut()
                .insert("x-idempotent-replay", HeaderValue::from_static("true"));
            return r;
        }
        if !store.in_flight.insert(id.clone()) {
            let (s, v) = fail(
                StatusCode::CONFLICT,
                "a request with this x-req-id is still being processed",
            );
            return json_response(s, v.to_string());
        }
    }
    let (status, value) = run(cashier, headers, body, needs_auth, f);
    let text = value.to_string();
    if let Some(id) = req_id {
        let mut store = cashier.lock();
        store.in_flight.remove(&id);
        // Only answers that were processed are remembered; a refused token is not a result.
        if status != StatusCode::UNAUTHORIZED {
            store.replies.insert(
                id,
                Stored {
                    time: cashier.env.now_ms(),
                    status: status.as_u16(),
                    body: text.clone(),
                },
            );
        }
    }
    json_response(status, text)
}

fn run(
    cashier: &Arc<Cashier>,
    headers: &HeaderMap,
    body: &[u8],
    needs_auth: bool,
    f: impl FnOnce(&Arc<Cashier>, &Map<String, Value>) -> Reply,
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
        let valid_after = cashier.lock().tokens_valid_after;
        if let Err(why) = auth::check(&token, "access", cashier.env.now_ms(), valid_after) {
            return fail(
                StatusCode::UNAUTHORIZED,
                format!("access token refused: {why}"),
            );
        }
    }
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else if !is_json(headers) {
        // "Request Body schema: application/json" (every operation with a body; the card
        // operations print it "aplication/json", line 626): a body of another declared type is
        // refused (the reference is silent about the answer: 415, our choice).
        return fail(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type: application/json is required for a request body",
        );
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
    f(cashier, &body)
}

fn is_json(headers: &HeaderMap) -> bool {
    let declared = crate::html::content_type(headers).to_ascii_lowercase();
    declared.split(';').next().map(str::trim) == Some("application/json")
}

/// An optional amount field in kopecks (a non-negative integer), or a 400 reply.
pub fn amount(body: &Map<String, Value>, name: &str) -> Result<Option<u64>, Reply> {
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
pub fn login(cashier: &Arc<Cashier>, body: &Map<String, Value>) -> Reply {
    if let Some(refresh) = text(body.get("refreshToken")) {
        return refresh_with(cashier, &refresh);
    }
    let login = text(body.get("login")).unwrap_or_default();
    let password = text(body.get("password")).unwrap_or_default();
    let known =
        |l: &str, p: &str| login == l && kassa::crypto::ct_eq(password.as_bytes(), p.as_bytes());
    if !known(store::LOGIN, store::PASSWORD) && !known(store::SAMPLE_LOGIN, store::SAMPLE_PASSWORD)
    {
        return fail(StatusCode::UNAUTHORIZED, "wrong login or password");
    }
    (
        StatusCode::OK,
        auth::login_answer(
            &login,
            cashier.env.now_ms(),
            cashier.env.config.access_ttl_secs,
        ),
    )
}

/// POST /public/refresh {refreshToken}
pub fn refresh(cashier: &Arc<Cashier>, body: &Map<String, Value>) -> Reply {
    match text(body.get("refreshToken")) {
        Some(t) => refresh_with(cashier, &t),
        None => fail(StatusCode::BAD_REQUEST, "refreshToken is required"),
    }
}

fn refresh_with(cashier: &Arc<Cashier>, token: &str) -> Reply {
    let valid_after = cashier.lock().tokens_valid_after;
    match auth::check(token, "refresh", cashier.env.now_ms(), valid_after) {
        Ok(claims) => {
            let login = claims["sub"].as_str().unwrap_or(store::LOGIN).to_string();
            (
                StatusCode::OK,
                auth::login_answer(
                    &login,
                    cashier.env.now_ms(),
                    cashier.env.config.access_ttl_secs,
                ),
            )
        }
        Err(why) => fail(
            StatusCode::UNAUTHORIZED,
            format!("refresh token refused: {why}"),
        ),
    }
}

/// The order with numeric id or externalOrderId `id` (after expiring due orders), or a 404 reply.
pub fn find(cashier: &Arc<Cashier>, id: &str) -> Result<CashierOrder, Reply> {
    expire_due(cashier);
    let parsed: Option<u64> = id.parse().ok();
    let store = cashier.lock();
    parsed
        .and_then(|n| store.orders.get(&n))
        .or_else(|| store.by_external(id))
        .cloned()
        .ok_or_else(|| fail(StatusCode::NOT_FOUND, format!("order {id} not found")))
}

/// Stores a changed order and sends its webhook when the status changed.
pub fn save(cashier: &Arc<Cashier>, order: CashierOrder, notify: bool) {
    cashier.lock().orders.insert(order.id, order.clone());
    if notify {
        webhook::send(cashier, &order);
    }
}

/// Moves `id` from `from` to `to` after `--settle-ms` (the *_IN_PROGRESS states), with a webhook.
pub fn settle_later(cashier: &Arc<Cashier>, id: u64, from: &'static str, to: &'static str) {
    let env = cashier.env.clone();
    let cashier = cashier.clone();
    env.after(env.config.settle_ms, move || {
        let changed = {
            let mut store = cashier.lock();
            match store.orders.get_mut(&id) {
                Some(o) if o.status == from => {
                    o.set(cashier.env.now_ms(), to);
                    Some(o.clone())
                }
                _ => None,
            }
        };
        if let Some(o) = changed {
            webhook::send(&cashier, &o);
        }
    });
}

/// Expires orders whose lifetime is over (with webhooks).
pub fn expire_due(cashier: &Arc<Cashier>) {
    let now = cashier.env.now_ms();
    let expired: Vec<CashierOrder> = {
        let mut store = cashier.lock();
        if now < store.next_expiry {
            return;
        }
        let mut next = u64::MAX;
        let mut expired = Vec::new();
        for o in store.orders.values_mut() {
            if o.expire_if_due(now) {
                expired.push(o.clone());
            } else if matches!(o.status.as_str(), "CREATED" | "QRCDATA_CREATED") {
                next = next.min(o.expires);
            }
        }
        store.next_expiry = next;
        expired
    };
    for o in expired {
        webhook::send(cashier, &o);
    }
}
