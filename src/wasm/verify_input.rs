//! Reading the verifiers' JavaScript arguments: callback inputs of every shape, raw bodies,
//! optional header values and Fetch API `Request`s.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert;
use crate::rbs::callback::{params::check_unique, parse_input, Params};
use crate::{Error, ErrorCode, Result};

#[wasm_bindgen]
extern "C" {
    /// A Fetch API `Request` (structural: any runtime's implementation).
    pub type FetchRequest;
    #[wasm_bindgen(method, catch, js_name = clone)]
    fn clone_request(this: &FetchRequest) -> std::result::Result<FetchRequest, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn method(this: &FetchRequest) -> String;
    #[wasm_bindgen(method, getter)]
    fn url(this: &FetchRequest) -> String;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &FetchRequest) -> FetchHeaders;
    #[wasm_bindgen(method, catch, js_name = arrayBuffer)]
    fn array_buffer(this: &FetchRequest) -> std::result::Result<js_sys::Promise, JsValue>;

    /// A Fetch API `Headers`.
    pub type FetchHeaders;
    #[wasm_bindgen(method, catch, js_name = get)]
    fn get_header(this: &FetchHeaders, name: &str) -> std::result::Result<JsValue, JsValue>;
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A parameter value from JS: strings as they are, numbers/booleans as their text, null and
/// undefined as the empty string.
fn param_value(name: &str, v: &JsValue) -> Result<String> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if v.is_null() || v.is_undefined() {
        return Ok(String::new());
    }
    if let Some(b) = v.as_bool() {
        return Ok(b.to_string());
    }
    if v.as_f64().is_some() || v.is_bigint() {
        return Ok(String::from(js_sys::JsString::from(v.clone())));
    }
    Err(Error::new(
        ErrorCode::MalformedPayload,
        format!(
            "the callback parameter `{name}` is an object; callback parameters are plain values"
        ),
    ))
}

/// Callback parameters from any accepted input: a string (URL, query, form or JSON body), a URL
/// object, URLSearchParams or any iterable of pairs, or a plain object.
pub fn rbs_params(input: &JsValue) -> Result<Params> {
    if let Some(text) = input.as_string() {
        return parse_input(&text);
    }
    if !input.is_object() {
        return Err(invalid(
            "the callback must be a URL, a query string, a form or JSON body, URLSearchParams or \
             an object of parameters",
        ));
    }
    // A Fetch Request or Node's IncomingMessage passed by mistake: say what to do instead.
    if get(input, "method").is_string() && get(input, "headers").is_object() {
        return Err(invalid(
            "this is an HTTP request, not callback parameters: pass a Fetch Request to \
             verifyRequest(request), or pass the URL (GET) or the body text (POST) to verify",
        ));
    }
    // A URL object (or anything with an `href` string and `searchParams`).
    if let Some(href) = get(input, "href").as_string() {
        if !get(input, "searchParams").is_undefined() {
            return parse_input(&href);
        }
    }
    let mut params = Params::new();
    if let Ok(Some(iter)) = js_sys::try_iter(input) {
        for entry in iter {
            let entry = entry.map_err(|_| invalid("the parameters could not be iterated"))?;
            let name = js_sys::Reflect::get_u32(&entry, 0)
                .ok()
                .and_then(|n| n.as_string())
                .ok_or_else(|| invalid("each parameter must be a [name, value] pair"))?;
            let value = js_sys::Reflect::get_u32(&entry, 1).unwrap_or(JsValue::UNDEFINED);
            let value = param_value(&name, &value)?;
            params.push((name, value));
        }
    } else {
        let entries = js_sys::Object::entries(input.unchecked_ref());
        for entry in entries.iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let name = pair.get(0).as_string().unwrap_or_default();
            let value = param_value(&name, &pair.get(1))?;
            params.push((name, value));
        }
    }
    check_unique(&params)?;
    Ok(params)
}

/// A body's bytes: string (UTF-8), Uint8Array (Node's Buffer too) or ArrayBuffer, including
/// typed arrays from another realm (edge sandboxes hand those out).
pub fn body_bytes(value: &JsValue, what: &str) -> Result<Vec<u8>> {
    if let Ok(bytes) = convert::bytes(value, what) {
        return Ok(bytes);
    }
    // Cross-realm Uint8Array/ArrayBuffer: `instanceof` fails, so look at the shape instead.
    let byte_length = get(value, "byteLength").as_f64().is_some();
    let bytes_per_element = get(value, "BYTES_PER_ELEMENT").as_f64();
    let is_buffer = get(value, "buffer").is_undefined() && get(value, "slice").is_function();
    if value.is_object() && byte_length && (bytes_per_element == Some(1.0) || is_buffer) {
        return Ok(js_sys::Uint8Array::new(value).to_vec());
    }
    Err(invalid(format!(
        "{what} must be the raw body as a string, a Uint8Array (or Buffer) or an ArrayBuffer"
    )))
}

/// An optional header value: a string, or null/undefined for "absent".
pub fn optional_string(value: &JsValue, what: &str) -> Result<Option<String>> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    value
        .as_string()
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

/// Reads `request.clone()`: URL, one header and the body bytes (none for GET and HEAD).
pub async fn read_request(request: &JsValue, header: &str) -> Result<RequestParts> {
    let is_request = request.is_object()
        && get(request, "clone").is_function()
        && get(request, "headers").is_object();
    if !is_request {
        return Err(invalid(
            "verifyRequest needs a Fetch API Request (in Node's http server, read the body and \
             call verify instead)",
        ));
    }
    let original: &FetchRequest = request.unchecked_ref();
    let copy = original.clone_request().map_err(|_| {
        invalid("the request body was already read; call verifyRequest before reading it")
    })?;
    let header_value = copy
        .headers()
        .get_header(header)
        .ok()
        .and_then(|v| v.as_string());
    let method = copy.method().to_ascii_uppercase();
    let body = if method == "GET" || method == "HEAD" {
        Vec::new()
    } else {
        let promise = copy
            .array_buffer()
            .map_err(|_| invalid("the request body could not be read"))?;
        let buffer = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(|_| invalid("the request body could not be read"))?;
        js_sys::Uint8Array::new(&buffer).to_vec()
    };
    Ok(RequestParts {
        url: copy.url(),
        body,
        header: header_value,
    })
}
