//! Reading the verifiers' JavaScript arguments: callback inputs of every shape, raw bodies,
//! optional header values and Fetch API `Request`s — all through [`super::js_read`], so no
//! getter, Proxy trap or iterator can throw through wasm, and every size is checked before the
//! copy into wasm memory.
//!
//! RBS callback inputs, by kind (the rules themselves are in `crate::rbs::callback::value`):
//! - a string is a URL, query, form or JSON body (refused above `maxPayloadBytes` by its length
//!   before it is copied);
//! - a URL object is its `href`; a Fetch `Request` or Node `IncomingMessage` is refused with a
//!   hint (`INVALID_ARGUMENT`);
//! - an iterable (URLSearchParams, Map, array of pairs) gives `[name, value]` pairs, at most
//!   `maxParameters` of them read (`TOO_MANY_PARAMETERS` at the next one, however long the
//!   iterator would go on);
//! - any other object gives its own enumerable string keys (`Object.keys` order), counted before
//!   any value is read;
//! - values: strings as they are; finite numbers and booleans as their JSON text; `null` and
//!   `undefined` as the empty string; BigInt as its decimal text; `NaN`/`Infinity`, Symbols,
//!   functions, objects and arrays `MALFORMED_PAYLOAD` naming the parameter (never the value);
//!   a getter that throws is `MALFORMED_PAYLOAD` for that parameter;
//! - anything else (numbers, booleans, null, undefined, Symbols, BigInt, functions) and objects
//!   whose keys or iterator throw (Proxies, revoked Proxies) are `INVALID_ARGUMENT`.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::js_read::{
    body_bytes, bytes_source, call, call_method, iterate, own_enumerable_keys, plain, promise,
    prop, string_capped, string_len, Budget, BytesSource,
};
use crate::rbs::callback::limits::{
    check_content_length, check_payload_size, too_many_parameters, CallbackOptions,
};
use crate::rbs::callback::value::param_text;
use crate::rbs::callback::{parse_callback, Params, ParsedCallback};
use crate::{Error, ErrorCode, Result};

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

fn unreadable() -> Error {
    invalid(
        "the callback object could not be read (a getter, Proxy trap or iterator threw); pass \
         the URL, the raw body, URLSearchParams or a plain object",
    )
}

fn not_a_callback() -> Error {
    invalid(
        "the callback must be a URL, a query string, a form or JSON body, URLSearchParams or \
         an object of parameters",
    )
}

/// Callback parameters from any accepted input, under `options`' limits, parsed once.
pub fn rbs_parsed(input: &JsValue, options: &CallbackOptions) -> Result<ParsedCallback> {
    let limit = options.max_payload_bytes;
    if let Some(units) = string_len(input) {
        check_payload_size(units, limit, "the callback")?;
        return parse_callback(&input.as_string().unwrap_or_default(), options);
    }
    if !input.is_object() {
        return Err(not_a_callback());
    }
    let read = |key: &str| prop(input, key).map_err(|_| unreadable());
    // A Fetch Request or Node's IncomingMessage passed by mistake: say what to do instead.
    if read("method")?.is_string() && read("headers")?.is_object() {
        return Err(invalid(
            "this is an HTTP request, not callback parameters: pass a Fetch Request to \
             verifyRequest(request), or pass the URL (GET) or the body text (POST) to verify",
        ));
    }
    // A URL object (or anything with an `href` string and `searchParams`).
    let href = read("href")?;
    if href.is_string() && !read("searchParams")?.is_undefined() {
        return rbs_parsed(&href, options);
    }
    let max = options.max_parameters;
    let mut budget = Budget::new(limit, "the callback");
    let mut params = Params::new();
    let iterated = iterate(input, max, |entry| {
        let name = prop(&entry, "0").map_err(|_| unreadable())?;
        let Some(name) = budget.string(&name)? else {
            return Err(Error::new(
                ErrorCode::MalformedPayload,
                "each callback parameter must be a [name, value] pair with a string name",
            ));
        };
        let value = match prop(&entry, "1") {
            Ok(v) => plain(&v, &mut budget)?,
            Err(_) => crate::rbs::callback::value::PlainValue::Unreadable,
        };
        params.push((name.clone(), param_text(&name, value)?));
        Ok(())
    })
    .map_err(|_| unreadable())?;
    match iterated {
        Some(Ok(true)) => return ParsedCallback::new(params, max),
        Some(Ok(false)) => return Err(too_many_parameters(max)),
        Some(Err(e)) => return Err(e),
        None => {}
    }
    let keys = own_enumerable_keys(input, max).map_err(|_| unreadable())?;
    if keys.len() > max {
        return Err(too_many_parameters(max));
    }
    for key in keys {
        let name = budget.string(&key)?.unwrap_or_default();
        let value = match super::js_read::prop_key(input, &key) {
            Ok(v) => plain(&v, &mut budget)?,
            Err(_) => crate::rbs::callback::value::PlainValue::Unreadable,
        };
        let text = param_text(&name, value)?;
        params.push((name, text));
    }
    ParsedCallback::new(params, max)
}

/// Callback parameters with the default limits (for `signRbsCallback`).
pub fn rbs_params(input: &JsValue) -> Result<Params> {
    rbs_parsed(input, &CallbackOptions::default()).map(ParsedCallback::into_pairs)
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
        .unwrap_or_default()
        .to_ascii_uppercase();
    let body = if method == "GET" || method == "HEAD" {
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
