//! The accept loop: one hyper HTTP/1 connection per socket, every request passed through
//! [`handle`] (request log, faults, CORS, log line) to the axum router chosen by the Host header.
//!
//! Own accept loop instead of `axum::serve` so a fault can drop the TCP connection of the request
//! it hits (`close_before` / `close_after`).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

use crate::app::{now_ms, RequestRecord, Shared};
use crate::faults::{self, FaultKind};

/// The request log keeps at most this many entries (the oldest tenth is dropped when full).
const MAX_LOGGED: usize = 50_000;

/// The largest request body accepted.
const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// Accepts connections forever.
pub async fn serve(listener: TcpListener, app: Shared, main: Router, payment: Router) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (app, main, payment) = (app.clone(), main.clone(), payment.clone());
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let killed = kill.clone();
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let (app, main, payment, kill) =
                    (app.clone(), main.clone(), payment.clone(), kill.clone());
                async move { Ok::<_, Infallible>(handle(app, main, payment, kill, req).await) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = conn => {}
                _ = killed.notified() => {}
            }
        });
    }
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Whether the Host header names the Mobile Cashier payment-form host (`payment.localhost:PORT`).
pub fn is_payment_host(host: &str) -> bool {
    host.to_ascii_lowercase().starts_with("payment.")
}

async fn handle(
    app: Shared,
    main: Router,
    payment: Router,
    kill: Arc<Notify>,
    req: Request<Incoming>,
) -> Response<Body> {
    let started = Instant::now();
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
            return response;
        }
    };

    let (record_id, fault) = {
        let mut inner = app.lock();
        let id = inner.next_id();
        // CORS preflights are logged but never hit by a fault (the fault is for the request itself).
        let fault = if is_admin || preflight {
            None
        } else {
            faults::take(&mut inner.faults, parts.method.as_str(), &path)
        };
        if inner.requests.len() >= MAX_LOGGED {
            inner.requests.drain(..MAX_LOGGED / 10);
        }
        inner.requests.push(RequestRecord {
            id,
            time: now_ms(),
            method: parts.method.to_string(),
            path: path.clone(),
            query: parts.uri.query().unwrap_or("").to_string(),
            host: host.clone(),
            headers: parts
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
            status: if preflight { 204 } else { 0 },
            fault: fault.as_ref().map(|f| f.kind.name().to_string()),
        });
        (id, fault)
    };
    if preflight {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NO_CONTENT;
        add_cors(&mut response, origin.as_ref(), &parts.headers);
        log_line(&app, &parts.method, &path, 204, started, None);
        return response;
    }
    let fault_kind = fault.as_ref().map(|f| f.kind);

    let early = match &fault {
        Some(f) => match f.kind {
            FaultKind::Delay => {
                tokio::time::sleep(Duration::from_millis(f.delay_ms.unwrap_or(1000))).await;
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
                log_line(&app, &parts.method, &path, 0, started, fault_kind);
                kill.notify_one();
                return std::future::pending().await;
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
        log_line(&app, &method, &path, 0, started, fault_kind);
        kill.notify_one();
        return std::future::pending().await;
    }

    add_cors(&mut response, origin.as_ref(), &request_headers);
    let status = response.status().as_u16();
    {
        let mut inner = app.lock();
        if let Some(r) = inner.requests.iter_mut().rev().find(|r| r.id == record_id) {
            r.status = status;
        }
    }
    log_line(&app, &method, &path, status, started, fault_kind);
    response
}

fn log_line(
    app: &Shared,
    method: &Method,
    path: &str,
    status: u16,
    started: Instant,
    fault: Option<FaultKind>,
) {
    if app.config.quiet {
        return;
    }
    let fault = fault
        .map(|f| format!(" fault={}", f.name()))
        .unwrap_or_default();
    let status = if status == 0 {
        "closed".to_string()
    } else {
        status.to_string()
    };
    eprintln!(
        "kassa-sandbox {method} {path} {status} {}ms{fault}",
        started.elapsed().as_millis()
    );
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
