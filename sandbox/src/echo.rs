//! `GET|POST /echo/<anything>`: reports exactly what was received (HTML, or JSON on
//! `Accept: application/json`).

use axum::http::header;
use axum::response::{IntoResponse, Json, Response};

use crate::html::{self, Received};

/// The echo handler.
pub async fn echo(received: Received) -> Response {
    let wants_json = received
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    if wants_json {
        return Json(received.json).into_response();
    }
    html::page(
        "kassa-sandbox echo",
        &format!("<h1>Received</h1>\n{}", received.block()),
    )
}
