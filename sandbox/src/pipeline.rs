//! What happens to every request, whatever carries it: the request log, scripted faults, CORS,
//! the per-request log line, and the choice of router by the Host header. Runtime-free: waiting
//! (the `delay` fault) goes through `Env`, and dropping the connection (the
//! `close_*` faults) is left to the caller ([`Handled::Close`]).

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::app::Shared;
use crate::faults::{self, FaultKind};
use crate::log::RequestRecord;

/// The largest request body accepted.
const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// What to do with a request's connection.
pub enum Handled {
    /// Send this response.
    Respond(Response<Body>),
    /// Close the connection without answering (a `close_before` / `close_after` fault).
    Close,
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// The headers as (name, value) text pairs, in order (values decoded as UTF-8, lossy).
pub fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// Whether the Host header names the Mobile Cashier payment-form host (`payment.localhost:PORT`).
pub fn is_payment_host(host: &str) -> bool {
    host.to_ascii_lowercase().starts_with("payment.")
}

/// Handles one request: logs it, applies a fault, routes it (`payment.*` hosts to `payment`,
/// everything else to `main`), adds CORS headers.
pub async fn handle(app: &Shared, main: Router, payment: Router, req: Request<Body>) -> Handled {
    let started = app.env.now_ms();
    let (parts, body) = req.into_parts();
    let origin = parts.headers.get(header::ORIGIN).cloned();
    let host = header_str(&parts.headers, header::HOST);
    let path = parts.uri.path().to_string();
    let is_admin = path.starts_with("/__admin");

    let preflight = parts.method == Method::OPTIONS;
    let bytes = match http_body_util::Limited::new(body, BODY_LIMIT)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let mut response =
                text_response(StatusCode::PAYLOAD_TOO_LARGE, "body too large or broken");
            add_cors(&mut response, origin.as_ref(), &parts.headers);
            return Handled::Respond(response);
        }
    };

    // CORS preflights are logged but never hit by a fault (the fault is for the request itself).
    let fault = if is_admin || preflight {
        None
    } else {
        faults::take(&mut app.env.faults(), parts.method.as_str(), &path)
    };
    let record_id = {
        // The id is taken under the log's lock so the log stays in id order.
        let mut log = app.env.log();
        let id = app.env.next_id();
        log.push_request(RequestRecord {
            id,
            time: app.env.now_ms(),
            method: parts.method.to_string(),
            path: path.clone(),
            query: parts.uri.query().unwrap_or("").to_string(),
            host: host.clone(),
            headers: header_pairs(&parts.headers),
            body: String::from_utf8_lossy(&bytes).into_owned(),
            status: if preflight { 204 } else { 0 },
            fault: fault.as_ref().map(|f| f.kind.name().to_string()),
        });
        id
    };
    if preflight {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NO_CONTENT;
        add_cors(&mut response, origin.as_ref(), &parts.headers);
        log_line(app, &parts.method, &path, 204, started, None);
        return Handled::Respond(response);
    }
    let fault_kind = fault.as_ref().map(|f| f.kind);

    let early = match &fault {
        Some(f) => match f.kind {
            FaultKind::Delay => {
                app.env.sleep(f.delay_ms.unwrap_or(1000)).await;
                None
            }
            FaultKind::TooMany => {
                let mut r = json_status(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too Many Requests (injected)",
                );
                if let Ok(v) = HeaderValue::from_str(&f.retry_after.unwrap_or(1).to_string()) {
                    r.headers_mut().insert(header::RETRY_AFTER, v);
                }
                Some(r)
            }
            FaultKind::Internal => Some(json_status(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error (injected)",
            )),
            FaultKind::BadGateway => Some(json_status(
                StatusCode::BAD_GATEWAY,
                "Bad Gateway (injected)",
            )),
            FaultKind::CloseBefore => {
                log_line(app, &parts.method, &path, 0, started, fault_kind);
                return Handled::Close;
            }
            FaultKind::CloseAfter => None,
        },
        None => None,
    };

    let method = parts.method.clone();
    let request_headers = parts.headers.clone();
    let mut response = match early {
        Some(r) => r,
        None => {
            let req = Request::from_parts(parts, Body::from(bytes));
            let router = if is_payment_host(&host) && !is_admin {
                payment
            } else {
                main
            };
            match router.oneshot(req).await {
                Ok(r) => r,
                Err(never) => match never {},
            }
        }
    };

    if fault_kind == Some(FaultKind::CloseAfter) {
        log_line(app, &method, &path, 0, started, fault_kind);
        return Handled::Close;
    }

    add_cors(&mut response, origin.as_ref(), &request_headers);
    let status = response.status().as_u16();
    app.env.log().set_status(record_id, status);
    log_line(app, &method, &path, status, started, fault_kind);
    Handled::Respond(response)
}

fn log_line(
    app: &Shared,
    method: &Method,
    path: &str,
    status: u16,
    started: u64,
    fault: Option<FaultKind>,
) {
    let fault = fault
        .map(|f| format!(" fault={}", f.name()))
        .unwrap_or_default();
    let status = if status == 0 {
        "closed".to_string()
    } else {
        status.to_string()
    };
    app.env.log_line(&format!(
        "kassa-sandbox {method} {path} {status} {}ms{fault}",
        app.env.now_ms().saturating_sub(started)
    ));
}

/// CORS on everything: any origin, any method, the headers the browser asks for, all exposed.
fn add_cors(response: &mut Response<Body>, origin: Option<&HeaderValue>, request: &HeaderMap) {
    let h = response.headers_mut();
    let origin = origin.cloned().unwrap_or(HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    let allow = request
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or(HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow);
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    h.insert(
        header::HeaderName::from_static("access-control-allow-private-network"),
        HeaderValue::from_static("true"),
    );
}

fn json_status(status: StatusCode, message: &str) -> Response<Body> {
    let body = serde_json::json!({ "error": message, "status": status.as_u16() }).to_string();
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn text_response(status: StatusCode, message: &'static str) -> Response<Body> {
    let mut r = Response::new(Body::from(message));
    *r.status_mut() = status;
    r
}
