//! Reading the verifiers' JavaScript arguments: callback inputs of every shape (through the one
//! reader, [`super::read`]; what they mean is decided by `crate::options::callback`), optional
//! header values and Fetch API `Request`s (through [`super::js_read`]), so no getter, Proxy trap
//! or iterator can throw through wasm, and every size is checked before the copy into wasm memory.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::js_read::{
    body_bytes, bytes_source, call, call_method, promise, prop, string_capped, string_len,
    BytesSource,
};
use super::read::read;
use crate::options::callback::{callback_params, callback_spec, request_has_body};
use crate::rbs::callback::limits::{check_content_length, check_payload_size, CallbackOptions};
use crate::rbs::callback::ParsedCallback;
use crate::{Error, ErrorCode, Result};

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

/// Callback parameters from any accepted input, under `options`' limits, parsed once.
pub fn rbs_parsed(input: &JsValue, options: &CallbackOptions) -> Result<ParsedCallback> {
    callback_params(&read(input, &callback_spec(options)), options)
}

/// An optional header value: a string (at most `cap + 1` UTF-16 units copied, so the core can
/// refuse a longer one by its length), or null/undefined for "absent".
pub fn optional_string(value: &JsValue, what: &str, cap: usize) -> Result<Option<String>> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    string_capped(value, cap)
        .map(Some)
        .ok_or_else(|| invalid(format!("{what} must be a string (or null when absent)")))
}

/// What verifyRequest reads from a request, from a clone so the handler can still read the body.
pub struct RequestParts {
    /// The full URL.
    pub url: String,
    /// The body bytes (empty for GET).
    pub body: Vec<u8>,
    /// The requested header, if present.
    pub header: Option<String>,
}

fn not_a_request() -> Error {
    invalid(
        "verifyRequest needs a Fetch API Request (in Node's http server, read the body and \
         call verify instead)",
    )
}

fn unreadable_body() -> Error {
    invalid("the request body could not be read")
}

fn header_of(headers: &JsValue, name: &str, cap: usize) -> Result<Option<String>> {
    let value =
        call_method(headers, "get", &[&JsValue::from_str(name)]).map_err(|_| not_a_request())?;
    Ok(string_capped(&value, cap))
}

/// Reads `request.clone()`: URL, one header (at most `header_cap + 1` units) and the body bytes
/// (none for GET and HEAD). The body is refused with `PAYLOAD_TOO_LARGE` by `Content-Length` when
/// present, and otherwise while it is read: through `body.getReader()`, cancelled as soon as more
/// than `limit` bytes arrived; `arrayBuffer()` only when there is no stream, its `byteLength`
/// checked before the copy.
pub async fn read_request(
    request: &JsValue,
    header: &str,
    header_cap: usize,
    limit: usize,
    what: &str,
) -> Result<RequestParts> {
    let is_request = request.is_object()
        && prop(request, "clone").is_ok_and(|c| c.is_function())
        && prop(request, "headers").is_ok_and(|h| h.is_object());
    if !is_request {
        return Err(not_a_request());
    }
    let copy = call_method(request, "clone", &[]).map_err(|_| {
        invalid("the request body was already read; call verifyRequest before reading it")
    })?;
    let headers = prop(&copy, "headers").map_err(|_| not_a_request())?;
    let header_value = header_of(&headers, header, header_cap)?;
    let length = header_of(&headers, "content-length", 32)?;
    let url = prop(&copy, "url").map_err(|_| not_a_request())?;
    if let Some(units) = string_len(&url) {
        check_payload_size(units, limit, what)?;
    }
    let url = url.as_string().ok_or_else(not_a_request)?;
    let method = prop(&copy, "method")
        .ok()
        .and_then(|m| string_capped(&m, 16))
        .unwrap_or_default();
    let body = if !request_has_body(&method) {
        Vec::new()
    } else {
        check_content_length(length.as_deref(), limit, what)?;
        read_body(&copy, limit, what).await?
    };
    Ok(RequestParts {
        url,
        body,
        header: header_value,
    })
}

async fn settle(value: JsValue) -> Result<JsValue> {
    let p = promise(&value).map_err(|_| unreadable_body())?;
    JsFuture::from(p).await.map_err(|_| unreadable_body())
}

async fn read_body(request: &JsValue, limit: usize, what: &str) -> Result<Vec<u8>> {
    let stream = prop(request, "body").map_err(|_| unreadable_body())?;
    let get_reader = prop(&stream, "getReader").map_err(|_| unreadable_body())?;
    if stream.is_object() && get_reader.is_function() {
        let reader = call(&get_reader, &stream, &[]).map_err(|_| unreadable_body())?;
        let mut out = Vec::new();
        loop {
            let step = call_method(&reader, "read", &[]).map_err(|_| unreadable_body())?;
            let step = settle(step).await?;
            if prop(&step, "done")
                .map_err(|_| unreadable_body())?
                .is_truthy()
            {
                return Ok(out);
            }
            let chunk = prop(&step, "value").map_err(|_| unreadable_body())?;
            let BytesSource::Bytes(view, len) = bytes_source(&chunk) else {
                let _ = call_method(&reader, "cancel", &[]);
                return Err(unreadable_body());
            };
            if let Err(e) = check_payload_size(out.len().saturating_add(len), limit, what) {
                let _ = call_method(&reader, "cancel", &[]);
                return Err(e);
            }
            out.extend_from_slice(&view.to_vec());
        }
    }
    let buffer = call_method(request, "arrayBuffer", &[]).map_err(|_| unreadable_body())?;
    let buffer = settle(buffer).await?;
    body_bytes(&buffer, what, limit)
}
