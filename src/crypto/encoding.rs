//! Hex and base64, from RustCrypto's constant-time encoders (`base16ct`, `base64ct`), so that
//! decoding a secret does not leak it through timing; and [`base64_decode_public`] for a value that
//! is no secret (a signature), through the `base64` crate's table decoder.
//!
//! DESIGN: base64ct decodes each 6-bit group with constant-time arithmetic. For the 684 characters
//! of a Mobile Cashier RSA-4096 `payment-sign` that was about 6 µs of the 33 µs kassa adds to a
//! `verifyAsync` in Node (CPU profile, 2026-12-01), where the `base64` crate's table lookup takes a
//! fraction of it. A signature is public (it travels in the request), so variable time is safe
//! there; keys and credentials keep `base64_decode`.

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
    let compact = without_whitespace(text);
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

/// `text` without its ASCII whitespace; most values hold none and are not copied.
fn without_whitespace(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_whitespace()) {
        text.chars().filter(|c| !c.is_ascii_whitespace()).collect()
    } else {
        text.into()
    }
}

/// [`base64_decode`] for public data (a signature): the same texts accepted, the same bytes out,
/// the same error, decoded in variable time (`same_as_the_constant_time_decoder` holds the two
/// equal on random and damaged texts).
pub fn base64_decode_public(text: &str, what: &str) -> Result<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine;
    /// Standard alphabet; padding required where the length is a multiple of 4 and refused
    /// elsewhere (what base64ct's padded and unpadded decoders together accept, chosen by length
    /// as in `base64_decode`); non-zero trailing bits refused, as base64ct does.
    const PADDED: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
    );
    const UNPADDED: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::RequireNone),
    );
    let compact = without_whitespace(text);
    let engine = if compact.len().is_multiple_of(4) {
        &PADDED
    } else {
        &UNPADDED
    };
    engine.decode(compact.as_bytes()).map_err(|_| {
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

    /// The variable-time decoder against the constant-time one: the same answer for valid texts
    /// (with and without padding and line breaks) and for damaged ones.
    #[cfg(not(target_arch = "wasm32"))]
    mod same_as_the_constant_time_decoder {
        use super::*;
        use proptest::prelude::*;

        fn same(text: &str) -> std::result::Result<(), TestCaseError> {
            let (ct, public) = (base64_decode(text, "x"), base64_decode_public(text, "x"));
            prop_assert_eq!(ct.as_ref().ok(), public.as_ref().ok(), "{:?}", text);
            if let (Err(a), Err(b)) = (ct, public) {
                prop_assert_eq!((a.code(), a.message()), (b.code(), b.message()));
            }
            Ok(())
        }

        proptest! {
            #[test]
            fn valid(bytes in prop::collection::vec(any::<u8>(), 0..600), strip in any::<bool>(), wrap in 0usize..80) {
                let mut text = base64_encode(&bytes);
                if strip { text = text.trim_end_matches('=').to_owned(); }
                if wrap > 0 {
                    let chars: Vec<char> = text.chars().collect();
                    text = chars.chunks(wrap).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("\n");
                }
                same(&text)?;
                prop_assert_eq!(base64_decode_public(&text, "x").ok(), Some(bytes));
            }

            #[test]
            fn damaged(bytes in prop::collection::vec(any::<u8>(), 0..64), at in any::<prop::sample::Index>(),
                       with in prop::sample::select(vec!["", "=", "==", "===", "A", "AA", "-", "_", "+", "/", " ", "\t", "!", "é", "\0", "Zg", "Zh=="])) {
                let mut text = base64_encode(&bytes);
                let i = at.index(text.len() + 1);
                let end = (i + at.index(3)).min(text.len());
                text.replace_range(i..end, with);
                same(&text)?;
            }

            #[test]
            fn any_text(text in "[A-Za-z0-9+/= \n-]{0,24}") {
                same(&text)?;
            }
        }
    }
}
