//! Browser tests of the wasm boundary (wasm-bindgen-test in headless Chromium, run by
//! `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver` from `make test`).
#![cfg(target_arch = "wasm32")]

use kassa::wasm::primitives::{hmac_sha256_hex, sha256_base64, version};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn prop(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

// RFC 4231, test case 2, with a Uint8Array key and a string message.
#[wasm_bindgen_test]
fn hmac_accepts_strings_and_typed_arrays() {
    let key: JsValue = js_sys::Uint8Array::from(&b"Jefe"[..]).into();
    let got = hmac_sha256_hex(key, JsValue::from_str("what do ya want for nothing?"));
    assert_eq!(
        got.ok().as_deref(),
        Some("5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843")
    );
}

#[wasm_bindgen_test]
fn sha256_of_an_array_buffer() {
    let buf = js_sys::Uint8Array::from(&b"abc"[..]).buffer();
    assert_eq!(
        sha256_base64(buf.into()).ok().as_deref(),
        Some("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    );
}

#[wasm_bindgen_test]
fn errors_are_kassa_errors_with_a_code() {
    let err = match hmac_sha256_hex(JsValue::from_f64(1.0), JsValue::from_str("m")) {
        Err(e) => e,
        Ok(v) => panic!("expected an error, got {v}"),
    };
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "KassaError extends Error"
    );
    assert_eq!(
        prop(&err, "name").as_string().as_deref(),
        Some("KassaError")
    );
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some("INVALID_ARGUMENT")
    );
    let message = prop(&err, "message").as_string().unwrap_or_default();
    assert!(message.contains("key must be a string"), "{message}");
    assert!(err.dyn_ref::<js_sys::Error>().is_some());
}
