//! The verifiers' resource limits and options, checked before any expensive work.
//!
//! Every notification verifier (RBS callbacks, Mobile Cashier webhooks, Koshelek postbacks)
//! refuses input larger than `max_payload_bytes` (default 1 MiB) with `PAYLOAD_TOO_LARGE` before
//! parsing or copying it; RBS callbacks also refuse more than `max_parameters` (default 256; a
//! real callback has fewer than 40) with `TOO_MANY_PARAMETERS`, counted while parsing, so that a
//! body of ten million `&` never becomes ten million pairs. The RBS verifier takes at most
//! [`MAX_PUBLIC_KEYS`] keys (`TOO_MANY_KEYS`); a key text longer than
//! [`crate::crypto::MAX_KEY_TEXT`] is `MALFORMED_KEY` before it is parsed.

use crate::error::{Error, ErrorCode, Result};

/// Default largest callback, webhook or postback input: 1 MiB (1,048,576 bytes).
pub const DEFAULT_MAX_PAYLOAD_BYTES: usize = 1 << 20;
/// Default largest number of parameters in one RBS callback.
pub const DEFAULT_MAX_PARAMETERS: usize = 256;
/// Largest `maxPayloadBytes` a caller may configure: 256 MiB (anything above is a mistake).
pub const MAX_PAYLOAD_BYTES_CAP: usize = 256 << 20;
/// Largest `maxParameters` a caller may configure.
pub const MAX_PARAMETERS_CAP: usize = 100_000;
/// Most public keys one RBS verifier takes (rotation needs two or three).
pub const MAX_PUBLIC_KEYS: usize = 16;

/// Largest input of the exported primitives (`hmacSha256Hex`, `sha256Base64`) and of signing
/// helpers: 64 MiB, so that no input can exhaust wasm memory.
pub const MAX_PRIMITIVE_INPUT_BYTES: usize = 64 << 20;

/// Options of the RBS callback verifier (`maxPayloadBytes`, `maxParameters`, `allowSemicolons`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallbackOptions {
    /// Largest accepted input in bytes (UTF-8 for text): `PAYLOAD_TOO_LARGE` above.
    pub max_payload_bytes: usize,
    /// Most parameters in one callback: `TOO_MANY_PARAMETERS` above.
    pub max_parameters: usize,
    /// Accept `;` in the names and values the checksum covers. Off by default: the canonical
    /// string `name;value;` cannot tell a `;` inside a value from a separator, so a genuine
    /// callback could be re-split into other parameters with the same checksum
    /// (`AMBIGUOUS_PARAMETERS`). Turn it on only for a gateway that really sends such values.
    pub allow_semicolons: bool,
}

impl Default for CallbackOptions {
    fn default() -> Self {
        Self {
            max_payload_bytes: DEFAULT_MAX_PAYLOAD_BYTES,
            max_parameters: DEFAULT_MAX_PARAMETERS,
            allow_semicolons: false,
        }
    }
}

impl CallbackOptions {
    /// The options as JavaScript gave them (`maxPayloadBytes`, `maxParameters`,
    /// `allowSemicolons`; `None` = absent): the defaults and caps are applied here, a bad value is
    /// `INVALID_ARGUMENT` naming the option.
    pub fn from_js(
        max_payload_bytes: Option<f64>,
        max_parameters: Option<f64>,
        allow_semicolons: Option<bool>,
    ) -> Result<Self> {
        Ok(Self {
            max_payload_bytes: payload_limit(max_payload_bytes)?,
            max_parameters: size_option(
                "maxParameters",
                max_parameters,
                DEFAULT_MAX_PARAMETERS,
                MAX_PARAMETERS_CAP,
            )?,
            allow_semicolons: allow_semicolons.unwrap_or(false),
        })
    }
}

/// Every verifier's `maxPayloadBytes` as JavaScript gave it (`None` = absent): the default
/// (1 MiB) or an integer from 1 to [`MAX_PAYLOAD_BYTES_CAP`].
pub fn payload_limit(value: Option<f64>) -> Result<usize> {
    size_option(
        "maxPayloadBytes",
        value,
        DEFAULT_MAX_PAYLOAD_BYTES,
        MAX_PAYLOAD_BYTES_CAP,
    )
}

/// Reads a size option given as a JavaScript number: absent is `default`; it must be an integer
/// from 1 to `cap`, else `INVALID_ARGUMENT` naming the option (never echoing the value).
pub fn size_option(name: &str, value: Option<f64>, default: usize, cap: usize) -> Result<usize> {
    let Some(v) = value else {
        return Ok(default);
    };
    // `as` is exact here: `v` is an integer between 1 and `cap` (< 2^53).
    if v.is_finite() && v.fract() == 0.0 && v >= 1.0 && v <= cap as f64 {
        return Ok(v as usize);
    }
    Err(Error::new(
        ErrorCode::InvalidArgument,
        format!("`{name}` must be an integer from 1 to {cap}"),
    ))
}

/// `PAYLOAD_TOO_LARGE` when `len` (bytes, or UTF-16 units of a JS string, which never exceed its
/// UTF-8 byte length) is above `limit`. Called before the input is copied or parsed.
pub fn check_payload_size(len: usize, limit: usize, what: &str) -> Result<()> {
    if len <= limit {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "{what} is larger than {limit} bytes (maxPayloadBytes); genuine notifications are a \
             few kilobytes, raise maxPayloadBytes only if yours really are larger"
        ),
    ))
}

/// `PAYLOAD_TOO_LARGE` when a request's `Content-Length` announces more than `limit` bytes, so
/// the body is never read. A missing or unreadable value passes (the body is then counted while
/// it is read).
pub fn check_content_length(value: Option<&str>, limit: usize, what: &str) -> Result<()> {
    match value.and_then(|v| v.trim().parse::<u64>().ok()) {
        Some(n) if n > limit as u64 => check_payload_size(usize::MAX, limit, what),
        _ => Ok(()),
    }
}

/// `TOO_MANY_KEYS` when more than [`MAX_PUBLIC_KEYS`] keys are configured; called with the
/// list's length before any key is parsed.
pub fn check_key_count(count: usize) -> Result<()> {
    if count <= MAX_PUBLIC_KEYS {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::TooManyKeys,
        format!(
            "more than {MAX_PUBLIC_KEYS} publicKeys; configure only the keys the bank currently \
             signs with (two or three during a rotation)"
        ),
    ))
}

/// `TOO_MANY_PARAMETERS` for a callback with more than `limit` parameters.
pub fn too_many_parameters(limit: usize) -> Error {
    Error::new(
        ErrorCode::TooManyParameters,
        format!(
            "the callback has more than {limit} parameters (maxParameters); a genuine RBS \
             callback has fewer than 40"
        ),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn size_options_are_integers_in_range() {
        assert_eq!(size_option("x", None, 7, 10).unwrap(), 7);
        assert_eq!(size_option("x", Some(10.0), 7, 10).unwrap(), 10);
        assert_eq!(size_option("x", Some(1.0), 7, 10).unwrap(), 1);
        for bad in [0.0, -1.0, 1.5, 11.0, f64::NAN, f64::INFINITY, -0.0, 1e300] {
            let e = size_option("maxThing", Some(bad), 7, 10).err().unwrap();
            assert_eq!(e.code(), ErrorCode::InvalidArgument, "{bad}");
            assert!(e.message().contains("`maxThing`"));
        }
    }

    #[test]
    fn content_length_and_key_count() {
        assert!(check_content_length(None, 10, "b").is_ok());
        assert!(check_content_length(Some("10"), 10, "b").is_ok());
        assert!(check_content_length(Some("nonsense"), 10, "b").is_ok());
        let e = check_content_length(Some(" 11 "), 10, "b").err().unwrap();
        assert_eq!(e.code(), ErrorCode::PayloadTooLarge);
        let e = check_content_length(Some("99999999999999999999"), 10, "b");
        assert!(
            e.is_ok(),
            "unparsable as u64: counted while reading instead"
        );
        assert!(check_key_count(16).is_ok());
        assert_eq!(
            check_key_count(17).err().unwrap().code(),
            ErrorCode::TooManyKeys
        );
    }

    #[test]
    fn payload_size() {
        assert!(check_payload_size(10, 10, "the body").is_ok());
        let e = check_payload_size(11, 10, "the body").err().unwrap();
        assert_eq!(e.code(), ErrorCode::PayloadTooLarge);
        assert!(e.message().starts_with("the body is larger than 10 bytes"));
    }

    #[test]
    fn options_from_javascript_values() {
        assert_eq!(
            CallbackOptions::from_js(None, None, None).unwrap(),
            CallbackOptions::default()
        );
        let o = CallbackOptions::from_js(Some(10.0), Some(3.0), Some(true)).unwrap();
        assert_eq!(
            (o.max_payload_bytes, o.max_parameters, o.allow_semicolons),
            (10, 3, true)
        );
        for (bytes, params, name) in [
            (Some(0.0), None, "maxPayloadBytes"),
            (Some(f64::NAN), None, "maxPayloadBytes"),
            (
                Some((MAX_PAYLOAD_BYTES_CAP + 1) as f64),
                None,
                "maxPayloadBytes",
            ),
            (None, Some(1.5), "maxParameters"),
            (None, Some((MAX_PARAMETERS_CAP + 1) as f64), "maxParameters"),
        ] {
            let e = CallbackOptions::from_js(bytes, params, None).err().unwrap();
            assert_eq!(e.code(), ErrorCode::InvalidArgument);
            assert!(e.message().contains(name), "{}", e.message());
        }
        assert_eq!(payload_limit(None).unwrap(), DEFAULT_MAX_PAYLOAD_BYTES);
        assert_eq!(payload_limit(Some(7.0)).unwrap(), 7);
        assert!(payload_limit(Some(-1.0)).is_err());
    }
}
