//! The status rules of the core, exported so that JavaScript never re-writes them: whether a
//! Mobile Cashier order status means paid, final or declined (`cashier::status`), and whether a
//! Koshelek Pay status is final (`koshelek::call::is_settled`, the rule `waitForFinalStatus`
//! polls by). The RBS `orderStatus` rules are exported beside the RBS client
//! (`rbsOrderStatusIsPaid`, `rbsOrderStatusIsFinal`).
//!
//! Every argument is a `JsValue` read through a checked helper: a non-string (or a string longer
//! than [`MAX_STATUS`]) is `INVALID_ARGUMENT`, never a trap; the value is not echoed.

use wasm_bindgen::prelude::*;

use super::error::{IntoJs, JsResult};
use super::js_read::string_capped;
use crate::cashier::status::OrderStatus;
use crate::koshelek::call::is_settled;
use crate::{Error, ErrorCode, Result};

/// Longest status name read (the longest known one has 19 characters).
const MAX_STATUS: usize = 64;

fn status_text(value: &JsValue, what: &str) -> Result<String> {
    let refused =
        || format!("{what} must be a status name (a string of at most {MAX_STATUS} characters)");
    let text = string_capped(value, MAX_STATUS).filter(|s| s.len() <= MAX_STATUS);
    text.ok_or_else(|| Error::new(ErrorCode::InvalidArgument, refused()))
}

fn cashier_status(value: &JsValue) -> Result<OrderStatus> {
    status_text(value, "the Mobile Cashier order status").map(|s| OrderStatus::parse(&s))
}

macro_rules! cashier_predicates {
    ($($js:ident $name:ident => $rule:ident;)*) => {$(
        #[doc = concat!("`", stringify!($js), "(status)`.")]
        #[wasm_bindgen(js_name = $js, skip_typescript)]
        pub fn $name(status: JsValue) -> JsResult<bool> {
            Ok(cashier_status(&status).js()?.$rule())
        }
    )*};
}

cashier_predicates! {
    cashierOrderStatusIsPaid cashier_order_status_is_paid => is_paid;
    cashierOrderStatusIsFinal cashier_order_status_is_final => is_final;
    cashierOrderStatusIsDeclined cashier_order_status_is_declined => is_declined;
}

/// `koshelekStatusIsFinal(status)`.
#[wasm_bindgen(js_name = koshelekStatusIsFinal, skip_typescript)]
pub fn koshelek_status_is_final(status: JsValue) -> JsResult<bool> {
    let status = status_text(&status, "the Koshelek Pay status").js()?;
    Ok(is_settled(&serde_json::json!({ "status": status })))
}
