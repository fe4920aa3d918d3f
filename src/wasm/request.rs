//! `verifyRequest`'s reading of a Fetch API `Request`, through [`super::js_read`]: no getter,
//! Proxy trap or stream can throw through wasm, and every size is checked before the copy into
//! wasm memory.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::js_read::{body_bytes, bytes_source, call, call_method, promise, prop};
use super::js_read::{string_capped, string_len, BytesSource};
use crate::options::callback::request_has_body;
use crate::rbs::callback::limits::{check_content_length, check_payload_size};
use crate::{Error, ErrorCode, Result};

fn invalid(message: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

fn not_a_request<T>(_: T) -> Error {
    invalid(
        "verifyRequest needs a Fetch API Request (in Node's http server, read the body and \
         call verify instead)",
    )
}

fn unreadable<T>(_: T) -> Error {
    invalid("the request body could not be read")
}

/// Reads `request.clone()` (so the handler can still read the body): the URL, the header `name`
/// (at most `cap + 1` units) and the body bytes (none for GET and HEAD). The body is refused with
/// `PAYLOAD_TOO_LARGE` by `Content-Length` when present, and otherwise while it is read: through
/// `body.getReader()`, cancelled as soon as more than `limit` bytes arrived; `arrayBuffer()` only
/// when there is no stream, its `byteLength` checked before the copy.
pub async fn read_request(
    request: &JsValue,
    (name, cap): (&str, usize),
    limit: usize,
    what: &str,
) -> Result<(String, Option<String>, Vec<u8>)> {
    let is_request = request.is_object()
        && prop(request, "clone").is_ok_and(|c| c.is_function())
        && prop(request, "headers").is_ok_and(|h| h.is_object());
    if !is_request {
        return Err(not_a_request(()));
    }
    let copy = call_method(request, "clone", &[]).map_err(|_| {
        invalid("the request body was already read; call verifyRequest before reading it")
    })?;
    let headers = prop(&copy, "headers").map_err(not_a_request)?;
    let header = |name: &str, cap| {
        let value = call_method(&headers, "get", &[&JsValue::from_str(name)]);
        value.map(|v| string_capped(&v, cap)).map_err(not_a_request)
    };
    let value = header(name, cap)?;
    let length = header("content-length", 32)?;
    let url = prop(&copy, "url").map_err(not_a_request)?;
    if let Some(units) = string_len(&url) {
        check_payload_size(units, limit, what)?;
    }
    let url = url.as_string().ok_or_else(|| not_a_request(()))?;
    let method = prop(&copy, "method")
        .ok()
        .and_then(|m| string_capped(&m, 16));
    if !request_has_body(&method.unwrap_or_default()) {
        return Ok((url, value, Vec::new()));
    }
    check_content_length(length.as_deref(), limit, what)?;
    Ok((url, value, read_body(&copy, limit, what).await?))
}

async fn settle(value: JsValue) -> Result<JsValue> {
    let p = promise(&value).map_err(unreadable)?;
    JsFuture::from(p).await.map_err(unreadable)
}

async fn read_body(request: &JsValue, limit: usize, what: &str) -> Result<Vec<u8>> {
    let stream = prop(request, "body").map_err(unreadable)?;
    let get_reader = prop(&stream, "getReader").map_err(unreadable)?;
    if !stream.is_object() || !get_reader.is_function() {
        let buffer = call_method(request, "arrayBuffer", &[]).map_err(unreadable)?;
        return body_bytes(&settle(buffer).await?, what, limit);
    }
    let reader = call(&get_reader, &stream, &[]).map_err(unreadable)?;
    let mut out = Vec::new();
    loop {
        let step = settle(call_method(&reader, "read", &[]).map_err(unreadable)?).await?;
        if prop(&step, "done").map_err(unreadable)?.is_truthy() {
            return Ok(out);
        }
        let chunk = prop(&step, "value").map_err(unreadable)?;
        let checked = match bytes_source(&chunk) {
            BytesSource::Bytes(view, len) => {
                check_payload_size(out.len().saturating_add(len), limit, what).map(|()| view)
            }
            _ => Err(unreadable(())),
        };
        match checked {
            Ok(view) => out.extend_from_slice(&view.to_vec()),
            Err(e) => {
                let _ = call_method(&reader, "cancel", &[]);
                return Err(e);
            }
        }
    }
}
