//! The route table: the main host and the Mobile Cashier payment-form host. Each gateway's
//! routes get that gateway's state; the admin routes and static files get the whole [`App`].
//!
//! [`App`]: crate::app::App

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;

use crate::app::Shared;
use crate::{admin, cashier, echo, files, koshelek, rbs};

/// Everything on `127.0.0.1:PORT` (and `localhost:PORT`).
pub fn main_router(app: Shared) -> Router {
    Router::new()
        .nest("/__admin", admin::router())
        .route("/echo", any(echo::echo))
        .route("/echo/{*rest}", any(echo::echo))
        .merge(rbs::router().with_state(app.rbs.clone()))
        .merge(cashier::router().with_state(app.cashier.clone()))
        .merge(koshelek::router().with_state(app.koshelek.clone()))
        .route("/pkg", get(pkg_index))
        .route("/pkg/{*rest}", get(pkg_file))
        .fallback(www)
        .with_state(app)
}

/// Everything on `payment.localhost:PORT`: the Mobile Cashier payment form.
pub fn payment_router(app: Shared) -> Router {
    cashier::payment_router().with_state(app.cashier.clone())
}

async fn pkg_index(State(app): State<Shared>) -> Response {
    pkg(&app, "")
}

async fn pkg_file(State(app): State<Shared>, Path(rest): Path<String>) -> Response {
    pkg(&app, &rest)
}

fn pkg(app: &Shared, rest: &str) -> Response {
    match &app.env.config.pkg {
        Some(dir) => files::serve(&app.env, dir, rest),
        None => not_found("no --pkg directory given").into_response(),
    }
}

async fn www(State(app): State<Shared>, uri: axum::http::Uri) -> Response {
    match &app.env.config.www {
        Some(dir) => files::serve(&app.env, dir, uri.path()),
        None if uri.path() == "/" => crate::html::page(
            "kassa-sandbox",
            "<h1>kassa-sandbox</h1><p>Emulator of the RBS payment gateway, Mobile Cashier and Koshelek Pay. \
             See <a href=\"/__admin/config\">/__admin/config</a>.</p>",
        ),
        None => not_found("no such endpoint").into_response(),
    }
}

fn not_found(message: &'static str) -> (axum::http::StatusCode, axum::Json<serde_json::Value>) {
    (
        axum::http::StatusCode::NOT_FOUND,
        axum::Json(serde_json::json!({ "error": message })),
    )
}
