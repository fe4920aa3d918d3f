//! One emulator without its transport: the [`App`], its two routers and the expiry timer; requests
//! in, responses out. The native server (`server.rs`) feeds it hyper requests from sockets; the
//! wasm build (`wasm/`) feeds it the requests of `createSandbox().fetch` and of
//! `npx kassa-sandbox`'s Node HTTP server, as plain values ([`Plain`] → [`Answer`]).
//!
//! Everything a request meets (routes, state machines, pages, signing, faults, the logs) is the
//! same code on both; only the runtime behind [`Env`](crate::env::Env) differs.
//!
//! [`App`]: crate::app::App

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, Method, Request, Response, Uri};
use axum::Router;
use http_body_util::BodyExt;

use crate::app::{App, Shared};
use crate::cli::Config;
use crate::pipeline::{self, Handled};
use crate::routes;
use crate::runtime::Runtime;
use crate::startup;

/// A running emulator.
pub struct Emulator {
    /// Its state.
    pub app: Shared,
    main: Router,
    payment: Router,
}

impl Emulator {
    /// The emulator of a server reachable on `127.0.0.1:port`, running on `runtime`; its expiry
    /// timer runs from now on.
    pub fn start(config: Config, port: u16, runtime: Arc<dyn Runtime>) -> Arc<Emulator> {
        let app = App::new(config, port, runtime);
        let emulator = Emulator {
            main: routes::main_router(app.clone()),
            payment: routes::payment_router(app.clone()),
            app,
        };
        emulator.app.start_expiry_timer();
        Arc::new(emulator)
    }

    /// The startup line (one JSON object, no newline), as the native binary prints it first.
    pub fn startup_line(&self) -> String {
        startup::startup_json(&self.app).to_string()
    }

    /// Handles one request: the response, or [`Handled::Close`] when a fault drops the connection.
    pub async fn handle(&self, req: Request<Body>) -> Handled {
        pipeline::handle(&self.app, self.main.clone(), self.payment.clone(), req).await
    }

    /// Handles a request given as plain values (see [`to_request`]).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub async fn handle_plain(&self, plain: Plain) -> Result<Answer, String> {
        let req = to_request(plain, self.app.env.port)?;
        Ok(match self.handle(req).await {
            Handled::Respond(response) => answer(response).await,
            Handled::Close => Answer::Closed,
        })
    }
}

/// A request as a JS host hands it over.
#[derive(Debug, Clone, Default)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct Plain {
    /// HTTP method.
    pub method: String,
    /// An absolute URL (`fetch`'s `Request.url`) or a path with its query (Node's `req.url`).
    pub url: String,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// What became of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub enum Answer {
    /// An HTTP response.
    Response {
        /// Status code.
        status: u16,
        /// Headers in order.
        headers: Vec<(String, String)>,
        /// Body bytes.
        body: Vec<u8>,
    },
    /// A `close_before` / `close_after` fault: no answer (the caller's fetch fails).
    Closed,
}

/// Builds the `http` request: an absolute URL gives the path, the query and — unless a Host
/// header came along (fetch's `Request` never has one) — the Host header, which picks the router
/// (`payment.localhost:PORT` is the Mobile Cashier form host). A path without a Host header is
/// taken as addressed to `127.0.0.1:port`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn to_request(plain: Plain, port: u16) -> Result<Request<Body>, String> {
    let method =
        Method::from_bytes(plain.method.as_bytes()).map_err(|_| "invalid method".to_string())?;
    let (authority, target) = split_url(&plain.url)?;
    let uri: Uri = target.parse().map_err(|_| "invalid URL".to_string())?;
    let mut builder = Request::builder().method(method).uri(uri);
    let mut has_host = false;
    for (name, value) in &plain.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| "invalid header name")?;
        let value = HeaderValue::from_str(value).map_err(|_| "invalid header value")?;
        has_host |= name == header::HOST;
        builder = builder.header(name, value);
    }
    if !has_host {
        let host = authority.unwrap_or_else(|| format!("127.0.0.1:{port}"));
        builder = builder.header(header::HOST, host);
    }
    builder
        .body(Body::from(plain.body))
        .map_err(|_| "invalid request".to_string())
}

/// `http://host:port/p?q` → (`Some("host:port")`, `/p?q`); `/p?q` → (`None`, `/p?q`).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn split_url(url: &str) -> Result<(Option<String>, String), String> {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return if url.starts_with('/') {
            Ok((None, url.to_string()))
        } else {
            Err(format!("not an http URL or a path: {url}"))
        };
    };
    let rest = rest.split('#').next().unwrap_or("");
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(end);
    let authority = authority.rsplit('@').next().unwrap_or("");
    if authority.is_empty() {
        return Err(format!("no host in {url}"));
    }
    let target = if target.starts_with('/') {
        target.to_string()
    } else {
        format!("/{target}")
    };
    Ok((Some(authority.to_string()), target))
}

/// Reads a response into plain values.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub async fn answer(response: Response<Body>) -> Answer {
    let (parts, body) = response.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => Vec::new(),
    };
    Answer::Response {
        status: parts.status.as_u16(),
        headers: pipeline::header_pairs(&parts.headers),
        body,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::*;
    use crate::runtime::fake::Fake;

    /// Polls a future that never waits on anything real.
    fn ready<T>(f: impl Future<Output = T>) -> T {
        let mut f = pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("the future waited"),
        }
    }

    fn plain(method: &str, url: &str, body: &str) -> Plain {
        Plain {
            method: method.into(),
            url: url.into(),
            headers: vec![(
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            )],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn urls_give_host_and_target() {
        assert_eq!(
            split_url("http://payment.localhost:8787/abc?x=1#f").unwrap(),
            (Some("payment.localhost:8787".into()), "/abc?x=1".into())
        );
        assert_eq!(
            split_url("http://127.0.0.1:1?q").unwrap(),
            (Some("127.0.0.1:1".into()), "/?q".into())
        );
        assert_eq!(split_url("/a?b").unwrap(), (None, "/a?b".into()));
        assert!(split_url("ftp://x/").is_err());
        assert!(split_url("http:///x").is_err());
        let req = to_request(plain("GET", "/x", ""), 9).unwrap();
        assert_eq!(req.headers()[header::HOST], "127.0.0.1:9");
        assert!(to_request(plain("G T", "/x", ""), 9).is_err());
    }

    #[test]
    fn answers_a_register_without_sockets() {
        let fake = Arc::new(Fake::default());
        fake.advance(1_000_000);
        let emulator = Emulator::start(Config::default(), 8787, fake.clone());
        let line: serde_json::Value = serde_json::from_str(&emulator.startup_line()).unwrap();
        assert_eq!(
            line["rbs"]["baseUrl"],
            "http://127.0.0.1:8787/payment/rest/"
        );
        let answer = ready(emulator.handle_plain(plain(
            "POST",
            "http://127.0.0.1:8787/payment/rest/register.do",
            "userName=sandbox-hmac-api&password=sandbox-hmac&orderNumber=e-1&amount=1000&returnUrl=http://127.0.0.1:1/back",
        )))
        .unwrap();
        let Answer::Response { status, body, .. } = answer else {
            panic!("closed")
        };
        assert_eq!(status, 200);
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(v["formUrl"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:8787/payment/merchants/sandbox/payment_"));
        // The Mobile Cashier form host is chosen by the URL's host: its form page, not the
        // main host's 404.
        let status_of = |url: &str| match ready(emulator.handle_plain(plain("GET", url, ""))) {
            Ok(Answer::Response { status, .. }) => status,
            _ => 0,
        };
        assert_eq!(status_of("http://127.0.0.1:8787/nothing"), 404);
        assert_ne!(status_of("http://payment.localhost:8787/nothing"), 404);
        assert_eq!(
            emulator.app.env.log().requests[2].host,
            "payment.localhost:8787"
        );
    }
}
