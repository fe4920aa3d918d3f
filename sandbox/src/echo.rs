//! `GET|POST /echo/<anything>`: reports exactly what was received (HTML, or JSON on
//! `Accept: application/json`).

use axum::body::Bytes;
use axum::http::{header, HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Json, Response};

use crate::html;

/// The echo handler.
pub async fn echo(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let fields = html::received_fields(&method, uri.query(), &headers, &body);
    let received = html::received_json(&method, uri.path(), &headers, &fields);
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    if wants_json {
        return Json(received).into_response();
    }
    html::page(
        "kassa-sandbox echo",
        &format!("<h1>Received</h1>\n{}", html::received_block(&received)),
    )
}
