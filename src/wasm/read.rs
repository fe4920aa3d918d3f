//! The one reader of foreign JavaScript values: `read.js` walks a value under a core
//! [`Spec`] inside try/catch and answers JSON text, parsed here into a core [`Plain`] tree. No
//! getter, Proxy trap or iterator can throw through wasm frames, and nothing the reader was not
//! allowed to copy (see [`Spec`]) enters wasm memory. What the tree means is decided by the core
//! (`crate::options`, the gateways' option types).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::options::callback::{callback_params, callback_spec};
use crate::options::{Plain, Spec};
use crate::rbs::callback::limits::CallbackOptions;
use crate::rbs::callback::ParsedCallback;

#[wasm_bindgen(module = "/src/wasm/read.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = kassaRead)]
    fn kassa_read(
        value: &JsValue,
        props: &JsValue,
        values: bool,
        depth: u32,
        entries: f64,
        strings: f64,
        total: f64,
    ) -> Result<JsValue, JsValue>;
}

/// `value` as a plain tree, read under `spec` (a reader that failed anyway is [`Plain::Threw`]).
/// A string where a record is expected (a callback's URL or body) is measured and copied here,
/// without the detour through JSON. Option objects hold secrets: the reader's JSON text and the
/// tree are wiped when dropped (`crate::options::plain`).
pub fn read(value: &JsValue, spec: &Spec) -> Zeroizing<Plain> {
    Zeroizing::new(read_plain(value, spec))
}

fn read_plain(value: &JsValue, spec: &Spec) -> Plain {
    if let (Some(_), Some(s)) = (spec.props, value.dyn_ref::<js_sys::JsString>()) {
        let units = s.length() as usize;
        if units > spec.strings {
            return Plain::Long(units);
        }
        return value.as_string().map_or(Plain::Long(units), Plain::Text);
    }
    let props: JsValue = match spec.props {
        Some(names) => names
            .iter()
            .map(|n| JsValue::from_str(n))
            .collect::<js_sys::Array>()
            .into(),
        None => JsValue::NULL,
    };
    let text = kassa_read(
        value,
        &props,
        spec.values,
        spec.depth,
        spec.entries as f64,
        spec.strings as f64,
        spec.total as f64,
    );
    match text.ok().and_then(|t| t.as_string()).map(Zeroizing::new) {
        Some(t) => Plain::parse(&t),
        None => Plain::Threw,
    }
}

/// RBS callback parameters from any accepted input, under `options`' limits, parsed once (what
/// each shape means is decided by `crate::options::callback`). A callback is no secret, so its
/// tree is not wiped when dropped (measured: 2.6% of an HMAC `verify()` in Node went to it).
pub fn rbs_parsed(input: &JsValue, options: &CallbackOptions) -> crate::Result<ParsedCallback> {
    callback_params(&read_plain(input, &callback_spec(options)), options)
}
