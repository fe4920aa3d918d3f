//! The Mobile Cashier request handling: x-req-id idempotency (60 minutes), bearer tokens, JSON
//! bodies, the answer shapes; login and refresh; loading, saving and settling orders.

use std::time::Duration;

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::app::{now_ms, Shared};

use super::auth;
use super::orders::CashierOrder;
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

pub fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

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

pub fn find(app: &Shared, id: &str) -> Result<CashierOrder, Reply> {
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
        let store = &mut inner.cashier;
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
        webhook::send(app, &o);
    }
}
