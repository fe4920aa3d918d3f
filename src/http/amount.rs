//! The one amount rule of every client call: an amount is a non-negative integer number of minor
//! units (kopecks), given as a JSON integer; anything else is `INVALID_AMOUNT` naming the
//! parameter, before any request exists.
//!
//! DESIGN: the three references type amounts as integers (RBS "Integer [0..12]", Mobile Cashier
//! and Koshelek Pay `number` in kopecks) and kassa's README and TypeScript `Kopecks` say "a
//! non-negative integer". RBS once also accepted a string of digits (`"500"`) while Mobile Cashier
//! refused it; the stricter, documented rule now holds for all three (a string would reach the
//! JSON gateways as a JSON string, which their schemas do not allow). Which parameters are amounts
//! is each gateway's table; the rule is this module's.

use serde_json::{Map, Value};

use crate::{Error, ErrorCode, Result};

/// True for the parameter names RBS and Koshelek Pay give their amounts (`amount`, or ending in
/// `Amount`: `depositAmount`, `totalAmount`...). Mobile Cashier lists its three by name.
pub fn is_amount_key(key: &str) -> bool {
    key == "amount" || key.ends_with("Amount")
}

/// Checks one amount parameter `key` (`INVALID_AMOUNT` unless `value` is a JSON integer ≥ 0).
pub fn check_amount(key: &str, value: &Value) -> Result<()> {
    if matches!(value, Value::Number(n) if n.is_u64()) {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidAmount,
        format!(
            "{key} must be a non-negative integer number of minor units (kopecks), e.g. 12345 for 123.45 RUB; got {}",
            describe(value)
        ),
    ))
}

/// Checks every parameter of `params` that `is_amount` names an amount.
pub fn check_amounts(params: &Map<String, Value>, is_amount: impl Fn(&str) -> bool) -> Result<()> {
    params
        .iter()
        .filter(|(k, _)| is_amount(k))
        .try_for_each(|(k, v)| check_amount(k, v))
}

/// What an amount that is not one was, for the message (never the value of a string).
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null (NaN and Infinity become null)".into(),
        Value::Number(n) => n.to_string(),
        Value::String(_) => "a string (send the number itself)".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn only_non_negative_json_integers_are_amounts() {
        for bad in [
            r#"1.5"#, r#"-1"#, r#"null"#, r#""12a""#, r#""""#, r#""500""#, r#"true"#, r#"[1]"#,
        ] {
            let v: Value = serde_json::from_str(bad).unwrap();
            let e = check_amount("amount", &v).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidAmount, "{bad}");
            assert!(e.message().starts_with("amount must be"), "{bad}");
            assert!(!e.message().contains("12a"), "string values are not echoed");
        }
        for good in ["0", "123456", "18446744073709551615"] {
            let v: Value = serde_json::from_str(good).unwrap();
            assert!(check_amount("amount", &v).is_ok(), "{good}");
        }
    }
}
