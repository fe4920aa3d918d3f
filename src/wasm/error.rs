//! Turns a core [`crate::Error`] into a thrown `KassaError` (a real `Error` subclass with `code`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/kassa_error.js")]
extern "C" {
    /// The JS class defined in `kassa_error.js`.
    #[wasm_bindgen(js_name = KassaError)]
    pub type JsKassaError;

    #[wasm_bindgen(constructor, js_class = KassaError)]
    fn new(code: &str, message: &str, details: JsValue) -> JsKassaError;
}

/// Converts a core error into the JS exception value.
pub fn to_js(err: crate::Error) -> JsValue {
    let details = match err.gateway() {
        None => JsValue::UNDEFINED,
        Some(g) => {
            let o = js_sys::Object::new();
            let set = |k: &str, v: JsValue| {
                // Setting a property on a fresh plain object cannot fail.
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
            };
            set("gateway", JsValue::from_str(g.gateway));
            if let Some(s) = g.http_status {
                set("httpStatus", JsValue::from(s));
            }
            if let Some(c) = &g.error_code {
                set("errorCode", JsValue::from_str(c));
            }
            if let Some(m) = &g.error_message {
                set("errorMessage", JsValue::from_str(m));
            }
            if let Some(d) = &g.details {
                let parsed = js_sys::JSON::parse(d).unwrap_or_else(|_| JsValue::from_str(d));
                set("details", parsed);
            }
            o.into()
        }
    };
    JsKassaError::new(err.code().as_str(), err.message(), details).into()
}

/// `Result` as the JS boundary returns it: a thrown `KassaError` on failure.
pub type JsResult<T> = Result<T, JsValue>;

/// Shorthand for `.map_err(to_js)`.
pub trait IntoJs<T> {
    /// Converts the error side into a `KassaError`.
    fn js(self) -> JsResult<T>;
}

impl<T> IntoJs<T> for crate::Result<T> {
    fn js(self) -> JsResult<T> {
        self.map_err(to_js)
    }
}
