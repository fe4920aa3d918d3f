//! A whole number written as text, as a gateway or a caller sometimes sends a count (`"2"` for an
//! RBS `orderStatus`, `"350"` for a Koshelek Pay `timeout`).
//!
//! DESIGN: read as an integer, never through `str::parse::<f64>`: core's decimal-to-float parser
//! (with its table of powers of five) costs each wasm entry about 14 KB gzipped, and these values
//! are counts. Accepted: optional whitespace around an optional sign, ASCII digits and an
//! optional fraction of zeros only (`"2"`, `" +2 "`, `"2.0"`, `"-3"`); refused: anything else
//! (`"2.5"`, `"2e0"`, `"0x2"`, `"inf"`, `""`, an integer beyond `i64`). Before this module the
//! two readers took any float text; an exponent form (`"2e0"`) is the one spelling no longer read.

/// The integer `text` spells (see the module notes), or `None`.
pub fn whole_number(text: &str) -> Option<i64> {
    let text = text.trim();
    let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = integer.strip_prefix(['+', '-']).unwrap_or(integer);
    let zeros = fraction.bytes().all(|b| b == b'0');
    let plain = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    // i64's parser takes the sign itself (and refuses a second one).
    (plain && zeros).then(|| integer.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::whole_number;

    #[test]
    fn whole_numbers_only() {
        for (text, n) in [
            ("2", Some(2)),
            (" 2 ", Some(2)),
            ("+2", Some(2)),
            ("-3", Some(-3)),
            ("2.0", Some(2)),
            ("2.", Some(2)),
            ("007", Some(7)),
            ("9223372036854775807", Some(i64::MAX)),
            ("-9223372036854775808", Some(i64::MIN)),
            ("9223372036854775808", None),
            ("2.5", None),
            ("2e0", None),
            (".0", None),
            ("", None),
            ("-", None),
            ("+-2", None),
            ("2.0.0", None),
            ("0x2", None),
            ("inf", None),
            ("NaN", None),
            ("٢", None),
        ] {
            assert_eq!(whole_number(text), n, "{text:?}");
        }
    }
}
