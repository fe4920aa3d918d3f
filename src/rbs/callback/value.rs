//! Parameter values that come from a JavaScript object (`{ mdOrder: '…', amount: 1500 }`), an
//! iterable of pairs or a parsed JSON body, and the one rule that turns them into text.
//!
//! The wasm layer only *reads* a JS value into a [`PlainValue`] (no decisions); this module
//! decides, so the rules are tested natively:
//! - strings are taken as they are (a lone UTF-16 surrogate arrives as U+FFFD, as any UTF-8
//!   encoder writes it, so such a value can never match a genuine checksum);
//! - finite numbers become their JSON text (`1500`, `0.5`, `1e+21`; `-0` is `0`), exactly as
//!   `JSON.stringify` and JSON bodies write them; booleans `true`/`false`;
//! - `null` and `undefined` are the empty string; a BigInt is its decimal text;
//! - `NaN`, `±Infinity`, Symbols, functions, objects and arrays are `MALFORMED_PAYLOAD`, naming
//!   the parameter (never its value): RBS sends only plain values, and these have no text a
//!   gateway could have signed.

use crate::error::{Error, ErrorCode, Result};

/// What kind of JavaScript value a parameter held, read without deciding anything.
#[derive(Debug, Clone, PartialEq)]
pub enum PlainValue {
    /// A string.
    Text(String),
    /// A number (any, `NaN` and infinities included).
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
    /// `undefined` (or a missing value).
    Undefined,
    /// A BigInt, as its decimal text.
    BigInt(String),
    /// A Symbol.
    Symbol,
    /// A function.
    Function,
    /// An array.
    Array,
    /// Any other object.
    Object,
    /// A property whose getter (or Proxy trap) threw when it was read.
    Unreadable,
}

/// The text of a parameter value, or `MALFORMED_PAYLOAD` naming the parameter.
pub fn param_text(name: &str, value: PlainValue) -> Result<String> {
    let kind = match value {
        PlainValue::Text(s) => return Ok(s),
        PlainValue::Number(n) if n.is_finite() => return Ok(js_number_text(n)),
        PlainValue::Bool(b) => return Ok(b.to_string()),
        PlainValue::Null | PlainValue::Undefined => return Ok(String::new()),
        PlainValue::BigInt(text) => return Ok(text),
        PlainValue::Number(_) => "NaN or Infinity",
        PlainValue::Symbol => "a Symbol",
        PlainValue::Function => "a function",
        PlainValue::Array => "an array (a parameter sent twice is never genuine)",
        PlainValue::Object => "an object",
        PlainValue::Unreadable => "unreadable (its getter threw)",
    };
    Err(Error::new(
        ErrorCode::MalformedPayload,
        format!(
            "the callback parameter {} is {kind}; callback parameters are plain values \
             (strings, finite numbers, booleans, null)",
            display_name(name)
        ),
    ))
}

/// A parameter name for messages: in backticks, at most 40 characters, with `;`, `` ` ``,
/// `%`, controls and other non-printing characters percent-encoded, so a hostile name can
/// neither forge a message nor hide a separator.
pub fn display_name(name: &str) -> String {
    let mut out = String::from("`");
    for (i, c) in name.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c == ';' || c == '`' || c == '%' || c.is_control() || (c.is_whitespace() && c != ' ') {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

/// The text ECMAScript's `Number::toString` (and so `JSON.stringify` and `String(n)`) writes for
/// a finite number: the shortest digits that round-trip, in plain notation for exponents from
/// -7 to 20 and as `1.5e+21` / `1e-7` outside; `-0` is `0`.
pub fn js_number_text(n: f64) -> String {
    if n == 0.0 || !n.is_finite() {
        return "0".to_owned();
    }
    // serde_json's float writer prints the shortest round-trip digits ("1.2345e-7", "1500.0",
    // "0.001"); reading digits and exponent back from it keeps core's float formatting (~8 KB
    // gzipped of the .wasm) out of the build.
    let text = serde_json::Number::from_f64(n.abs()).map_or_else(String::new, |v| v.to_string());
    let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((text.as_str(), "0"));
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0').to_owned();
    let exp: i64 = exp.parse().unwrap_or(0);
    let k = digits.len() as i64;
    // ECMAScript's n: the decimal point sits after `point` digits
    let point = int.len() as i64 + exp - lead as i64;
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    if k <= point && point <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (point - k) as usize));
    } else if 0 < point && point <= 21 {
        let (int, frac) = digits.split_at(point as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < point && point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if point > 0 { '+' } else { '-' });
        out.push_str(&(point - 1).abs().to_string());
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    // Each right-hand side is what `String(n)` prints in V8.
    #[test]
    fn numbers_as_javascript_writes_them() {
        for (n, js) in [
            (1500.0, "1500"),
            (-0.0, "0"),
            (0.0, "0"),
            (0.5, "0.5"),
            (-12.25, "-12.25"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (-2.5e-8, "-2.5e-8"),
            (9007199254740993.0, "9007199254740992"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (100.0, "100"),
        ] {
            assert_eq!(js_number_text(n), js, "{n}");
        }
    }

    #[test]
    fn values_by_kind() {
        assert_eq!(param_text("a", PlainValue::Number(1.0)).unwrap(), "1");
        assert_eq!(param_text("a", PlainValue::Bool(true)).unwrap(), "true");
        assert_eq!(param_text("a", PlainValue::Null).unwrap(), "");
        assert_eq!(param_text("a", PlainValue::Undefined).unwrap(), "");
        assert_eq!(
            param_text("a", PlainValue::BigInt("123".into())).unwrap(),
            "123"
        );
        assert_eq!(
            param_text("a", PlainValue::Text("x;y".into())).unwrap(),
            "x;y"
        );
        for bad in [
            PlainValue::Number(f64::NAN),
            PlainValue::Number(f64::INFINITY),
            PlainValue::Number(f64::NEG_INFINITY),
            PlainValue::Symbol,
            PlainValue::Function,
            PlainValue::Array,
            PlainValue::Object,
            PlainValue::Unreadable,
        ] {
            let e = param_text("orderNumber", bad.clone()).err().unwrap();
            assert_eq!(e.code(), ErrorCode::MalformedPayload, "{bad:?}");
            assert!(e.message().contains("`orderNumber`"), "{}", e.message());
        }
    }

    #[test]
    fn names_are_escaped_and_truncated() {
        assert_eq!(display_name("status"), "`status`");
        assert_eq!(display_name("a;b`c\n"), "`a%3Bb%60c%0A`");
        let long = "x".repeat(100);
        assert_eq!(display_name(&long), format!("`{}…`", "x".repeat(40)));
    }
}
