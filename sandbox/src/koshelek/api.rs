//! DEPRECATED: the invented Koshelek Pay paths below `/koshelek/<partner>/` (`checkout`,
//! `transactions/{id}`, `transactions/{id}/cancel`, `transactions/{id}/refund`), made before the
//! v1 reference arrived and still used by kassa's generic client. The reference's API is
//! [`super::v1`]; these go when the client moves to it.

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Json, Response};
use serde_json::{json, Map, Value};

use crate::util::json_text as text;

use super::postback;
use super::state::Koshelek;
use super::store::Transaction;

/// An error: HTTP 422 `{code, details}` (401 for auth).
pub struct KError(StatusCode, &'static str, String);

impl IntoResponse for KError {
    fn into_response(self) -> Response {
        let mut r = (self.0, Json(json!({ "code": self.1, "details": self.2 }))).into_response();
        if self.0 == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"koshelek\""),
            );
        }
        r
    }
}

fn e422(code: &'static str, details: impl Into<String>) -> KError {
    KError(StatusCode::UNPROCESSABLE_ENTITY, code, details.into())
}

/// What an operation answers: the JSON body, or the reference's 422 error.
pub type KResult = Result<Value, KError>;

fn check_basic(koshelek: &Arc<Koshelek>, headers: &HeaderMap) -> Result<(), KError> {
    let unauthorized = || {
        KError(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "HTTP Basic auth with the partner's Login and Password is required".into(),
        )
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(unauthorized)?;
    let encoded = value.strip_prefix("Basic ").ok_or_else(unauthorized)?;
    let decoded = kassa::crypto::base64_decode(encoded.trim(), "Authorization")
        .map_err(|_| unauthorized())?;
    let text = String::from_utf8(decoded).map_err(|_| unauthorized())?;
    let (login, password) = text.split_once(':').ok_or_else(unauthorized)?;
    let k = koshelek.lock();
    if login == k.login && kassa::crypto::ct_eq(password.as_bytes(), k.password.as_bytes()) {
        Ok(())
    } else {
        Err(unauthorized())
    }
}

/// Runs an operation after the partner, auth, body and storeId/terminalId checks.
pub fn handle(
    koshelek: &Arc<Koshelek>,
    partner: &str,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    op: impl FnOnce(&Arc<Koshelek>, &str, &Map<String, Value>) -> KResult,
) -> Response {
    let result = (|| {
        check_basic(koshelek, headers)?;
        if partner != koshelek.lock().partner {
            return Err(e422(
                "UNKNOWN_PARTNER_ID",
                format!("партнёр {partner} не найден (partner {partner} not found)"),
            ));
        }
        let mut fields: Map<String, Value> =
            if *method == Method::GET || body.iter().all(u8::is_ascii_whitespace) {
                Map::new()
            } else {
                match serde_json::from_slice::<Value>(body) {
                    Ok(Value::Object(m)) => m,
                    _ => return Err(e422(
                        "VALIDATION_ERROR",
                        "тело запроса должно быть JSON-объектом (the body must be a JSON object)",
                    )),
                }
            };
        for (k, v) in crate::html::parse_pairs(uri.query().unwrap_or("").as_bytes()) {
            fields.entry(k).or_insert(Value::String(v));
        }
        let store = text(fields.get("storeId")).ok_or_else(|| {
            e422(
                "VALIDATION_ERROR",
                "storeId обязателен (storeId is required)",
            )
        })?;
        text(fields.get("terminalId")).ok_or_else(|| {
            e422(
                "VALIDATION_ERROR",
                "terminalId обязателен (terminalId is required)",
            )
        })?;
        if store != koshelek.lock().store_id {
            return Err(e422(
                "UNKNOWN_PARTNER_ID",
                format!("торговая точка storeId {store} не найдена (unknown storeId)"),
            ));
        }
        op(koshelek, partner, &fields)
    })();
    match result {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

/// POST checkout
pub fn checkout(koshelek: &Arc<Koshelek>, partner: &str, f: &Map<String, Value>) -> KResult {
    let session = text(f.get("cardSession")).ok_or_else(|| {
        e422(
            "UNKNOWN_SESSION_ID",
            "cardSession не передан (cardSession is missing)",
        )
    })?;
    let amount = match f.get("amount") {
        Some(Value::Number(n)) => n.as_u64().filter(|a| *a > 0),
        _ => None,
    }
    .ok_or_else(|| {
        e422(
            "VALIDATION_ERROR",
            "amount — положительное целое число копеек (a positive integer of kopecks)",
        )
    })?;
    let mut store = koshelek.lock();
    if !store.session_known(&session) {
        return Err(e422(
            "UNKNOWN_SESSION_ID",
            "cardSession не существует или не прошёл валидацию",
        ));
    }
    if let Some(existing) = store
        .transactions
        .values()
        .find(|t| t.card_session == session)
    {
        match existing.status.as_str() {
            "PENDING" | "PROCESSING" => {
                return Err(e422(
                    "TRANSACTION_FOR_SESSION_ID_ALREADY_EXISTS",
                    format!("транзакция {} уже существует для сессии", existing.id),
                ))
            }
            "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" => {
                return Err(e422(
                    "TRANSACTION_FOR_SESSION_ID_ALREADY_PAYED",
                    format!("транзакция {} уже обработана", existing.id),
                ))
            }
            _ => {}
        }
    }
    let now = koshelek.env.now_ms();
    let t = Transaction {
        id: crate::util::uuid(),
        store_id: text(f.get("storeId")).unwrap_or_default(),
        terminal_id: text(f.get("terminalId")).unwrap_or_default(),
        card_session: session,
        amount,
        refunded: 0,
        order_id: text(f.get("orderId")),
        description: text(f.get("description")),
        status: "PENDING".into(),
        postback_url: text(f.get("postbackUrl")).or_else(|| store.postback_url.clone()),
        created: now,
        updated: now,
    };
    store.transactions.insert(t.id.clone(), t.clone());
    Ok(t.to_json(&koshelek.payment_url(partner, &t.id)))
}

fn load(koshelek: &Arc<Koshelek>, id: &str) -> Result<Transaction, KError> {
    let t = koshelek
        .lock()
        .transactions
        .get(id)
        .cloned()
        .ok_or_else(|| {
            e422(
                "UNKNOWN_TRANSACTION_ID",
                format!("transactionId {id} не найден"),
            )
        })?;
    if t.status == "PROCESSING" {
        return Err(e422("TRANSACTION_IN_PROCESSING", "транзакция в обработке"));
    }
    Ok(t)
}

/// Stores a transaction; sends its postback when `notify`.
pub fn save(koshelek: &Arc<Koshelek>, partner: &str, t: &Transaction, notify: bool) {
    koshelek.lock().transactions.insert(t.id.clone(), t.clone());
    if notify {
        postback::send(koshelek, partner, t);
    }
}

/// Stamps a changed transaction, stores it, sends its postback and answers with it.
fn changed(koshelek: &Arc<Koshelek>, partner: &str, mut t: Transaction) -> KResult {
    t.updated = koshelek.env.now_ms();
    save(koshelek, partner, &t, true);
    Ok(t.to_json(&koshelek.payment_url(partner, &t.id)))
}

/// GET transactions/{id}
pub fn status(koshelek: &Arc<Koshelek>, partner: &str, id: &str) -> KResult {
    let t = load(koshelek, id)?;
    Ok(t.to_json(&koshelek.payment_url(partner, &t.id)))
}

/// POST transactions/{id}/cancel
pub fn cancel(koshelek: &Arc<Koshelek>, partner: &str, id: &str) -> KResult {
    let mut t = load(koshelek, id)?;
    if t.status != "PENDING" {
        return Err(e422(
            "WRONG_TRANSACTION_STATE_CHANGE",
            format!("невозможно отменить транзакцию в статусе {}", t.status),
        ));
    }
    t.status = "CANCELLED".into();
    changed(koshelek, partner, t)
}

/// POST transactions/{id}/refund {amount?}
pub fn refund(
    koshelek: &Arc<Koshelek>,
    partner: &str,
    id: &str,
    f: &Map<String, Value>,
) -> KResult {
    let mut t = load(koshelek, id)?;
    if !matches!(t.status.as_str(), "PAID" | "PARTIALLY_REFUNDED") {
        if matches!(t.status.as_str(), "PENDING" | "DECLINED" | "CANCELLED") {
            return Err(e422(
                "PAYMENT_TRANSACTION_IS_NOT_PAID",
                "нет оплаты по транзакции оплаты",
            ));
        }
        return Err(e422(
            "WRONG_TRANSACTION_STATE_CHANGE",
            format!("возврат невозможен в статусе {}", t.status),
        ));
    }
    let left = t.amount - t.refunded;
    let amount = match f.get("amount") {
        None | Some(Value::Null) => left,
        Some(Value::Number(n)) => n
            .as_u64()
            .filter(|a| *a > 0)
            .ok_or_else(|| e422("VALIDATION_ERROR", "amount must be a positive integer"))?,
        Some(_) => {
            return Err(e422(
                "VALIDATION_ERROR",
                "amount must be a positive integer",
            ))
        }
    };
    if amount > left {
        return Err(e422(
            "WRONG_TRANSACTION_STATE_CHANGE",
            format!("сумма возврата {amount} больше остатка {left}"),
        ));
    }
    if amount == 13 {
        return Err(e422(
            "CANCEL_REFUNDING_BY_BANK",
            "возврат отменен банком (the sandbox's test trigger: 13 kopecks)",
        ));
    }
    t.refunded += amount;
    t.status = if t.refunded == t.amount {
        "REFUNDED"
    } else {
        "PARTIALLY_REFUNDED"
    }
    .into();
    changed(koshelek, partner, t)
}

/// The buyer confirms (or declines) in the app: PENDING -> PROCESSING -> PAID/DECLINED.
pub fn buyer_decides(
    koshelek: &Arc<Koshelek>,
    id: &str,
    confirm: bool,
) -> Result<Transaction, String> {
    let partner = koshelek.lock().partner.clone();
    let mut t = koshelek
        .lock()
        .transactions
        .get(id)
        .cloned()
        .ok_or("unknown transaction")?;
    if t.status != "PENDING" {
        return Err(format!("the transaction is {}", t.status));
    }
    t.status = "PROCESSING".into();
    t.updated = koshelek.env.now_ms();
    save(koshelek, &partner, &t, false);
    let env = koshelek.env.clone();
    let koshelek = koshelek.clone();
    let id = t.id.clone();
    env.after(env.config.settle_ms, move || {
        let done = {
            let mut store = koshelek.lock();
            match store.transactions.get_mut(&id) {
                Some(t) if t.status == "PROCESSING" => {
                    t.status = if confirm { "PAID" } else { "DECLINED" }.into();
                    t.updated = koshelek.env.now_ms();
                    Some(t.clone())
                }
                _ => None,
            }
        };
        if let Some(t) = done {
            postback::send(&koshelek, &partner, &t);
        }
    });
    Ok(t)
}
