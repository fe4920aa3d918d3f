//! Hex and base64, from RustCrypto's constant-time encoders (`base16ct`, `base64ct`), so that
//! decoding a secret does not leak it through timing.

use base64ct::Encoding;

use crate::error::{Error, ErrorCode, Result};

/// Lower-case hex.
pub fn hex_lower(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

/// Upper-case hex (the form RBS sends checksums in).
pub fn hex_upper(bytes: &[u8]) -> String {
    base16ct::upper::encode_string(bytes)
}

/// Decodes hex of either case. `what` names the value in the error message.
pub fn hex_decode(text: &str, what: &str) -> Result<Vec<u8>> {
    base16ct::mixed::decode_vec(text.trim()).map_err(|_| {
        Error::new(
            ErrorCode::MalformedSignature,
            format!(
                "{what} is not hexadecimal (expected only 0-9 and A-F, an even number of them)"
            ),
        )
    })
}

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    base64ct::Base64::encode_string(bytes)
}

/// Decodes standard base64, tolerating surrounding whitespace, line breaks inside (as in PEM and
/// in headers copied from consoles) and missing padding. `what` names the value in the error.
pub fn base64_decode(text: &str, what: &str) -> Result<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let result = if compact.len().is_multiple_of(4) {
        base64ct::Base64::decode_vec(&compact)
    } else {
        base64ct::Base64Unpadded::decode_vec(&compact)
    };
    result.map_err(|_| {
        Error::new(
            ErrorCode::MalformedSignature,
            format!("{what} is not valid base64"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_case() {
        assert_eq!(hex_lower(&[0xde, 0xad, 0x01]), "dead01");
        assert_eq!(hex_upper(&[0xde, 0xad, 0x01]), "DEAD01");
        assert_eq!(hex_decode("DeAd01", "x").ok(), Some(vec![0xde, 0xad, 0x01]));
        let err = hex_decode("xyz", "checksum").err().map(|e| e.code());
        assert_eq!(err, Some(ErrorCode::MalformedSignature));
    }

    // RFC 4648, section 10 vectors.
    #[test]
    fn base64_rfc4648() {
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_decode("Zm8=", "x").ok(), Some(b"fo".to_vec()));
        assert_eq!(base64_decode("Zm8", "x").ok(), Some(b"fo".to_vec()));
        assert_eq!(
            base64_decode(" Zm9v\nYmFy\n", "x").ok(),
            Some(b"foobar".to_vec())
        );
        assert!(base64_decode("Zm9v!", "sig").is_err());
    }
}
