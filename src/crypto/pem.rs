//! PEM armour (RFC 7468, plus the legacy RFC 1421 headers OpenSSL writes) and the forms keys take
//! when users copy them out of gateway consoles: a PEM block, bare base64 of the DER, or a PEM
//! pasted into an environment variable with its line breaks written as `\n`.
//!
//! Only the armour is handled here; the DER inside is decoded by the RustCrypto crates in
//! the key types of `keys.rs`.

use super::encoding::{base64_decode, base64_encode};
use crate::error::{Error, ErrorCode, Result};

/// One decoded PEM block (or bare base64, which has no label).
pub struct Armored {
    /// The label after `BEGIN`, e.g. `PUBLIC KEY`; `None` for bare base64.
    pub label: Option<String>,
    /// Whether an RFC 1421 `Proc-Type: 4,ENCRYPTED` header was present.
    pub legacy_encrypted: bool,
    /// The DER bytes.
    pub der: Vec<u8>,
}

/// Longest key text accepted: 64 KiB. A 4096-bit certificate chain PEM is under 8 KiB; longer
/// text is `MALFORMED_KEY` before any decoding.
pub const MAX_KEY_TEXT: usize = 64 * 1024;

/// Decodes `text` as one PEM block, or as bare base64 when it holds no `-----BEGIN` line.
/// `what` names the value in error messages ("public key", "private key"). Text longer than
/// [`MAX_KEY_TEXT`] is `MALFORMED_KEY` before it is looked at.
pub fn decode(text: &str, what: &str) -> Result<Armored> {
    if text.len() > MAX_KEY_TEXT {
        return Err(malformed(format!(
            "the {what} is longer than {MAX_KEY_TEXT} bytes; an RSA key in PEM is a few kilobytes"
        )));
    }
    // A PEM stored in an environment variable often arrives with literal "\n" sequences.
    let unescaped;
    let text = if text.contains("\\n") && !text.contains('\n') {
        unescaped = text.replace("\\r\\n", "\n").replace("\\n", "\n");
        unescaped.as_str()
    } else {
        text
    };
    let text = text.trim().trim_matches('"').trim();
    if text.is_empty() {
        return Err(malformed(format!("the {what} is empty")));
    }
    let Some(start) = text.find("-----BEGIN ") else {
        let der = base64_decode(text, what).map_err(|_| {
            malformed(format!(
                "the {what} is neither a PEM block (-----BEGIN ...-----) nor base64 of DER"
            ))
        })?;
        return Ok(Armored {
            label: None,
            legacy_encrypted: false,
            der,
        });
    };
    let rest = &text[start + "-----BEGIN ".len()..];
    let label_end = rest
        .find("-----")
        .ok_or_else(|| malformed(format!("the {what} has a broken -----BEGIN line")))?;
    let label = rest[..label_end].trim().to_owned();
    let body_and_end = &rest[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let end = body_and_end.find(&end_marker).ok_or_else(|| {
        malformed(format!(
            "the {what} has no matching `{end_marker}` line (was it cut off when copied?)"
        ))
    })?;
    let mut legacy_encrypted = false;
    let mut b64 = String::new();
    for line in body_and_end[..end].lines() {
        let line = line.trim();
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED") {
                legacy_encrypted = true;
            }
            continue;
        }
        b64.push_str(line);
    }
    let der = base64_decode(&b64, what).map_err(|_| {
        malformed(format!(
            "the base64 inside the {what}'s PEM block is broken"
        ))
    })?;
    Ok(Armored {
        label: Some(label),
        legacy_encrypted,
        der,
    })
}

/// Encodes DER as a PEM block with 64-character lines and `\n` line endings.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = base64_encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn malformed(message: String) -> Error {
    Error::new(ErrorCode::MalformedKey, message)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_forms() {
        let pem = encode("PUBLIC KEY", &[1, 2, 3, 250]);
        assert_eq!(
            pem,
            "-----BEGIN PUBLIC KEY-----\nAQID+g==\n-----END PUBLIC KEY-----\n"
        );
        let a = decode(&pem, "public key").unwrap();
        assert_eq!(a.label.as_deref(), Some("PUBLIC KEY"));
        assert_eq!(a.der, vec![1, 2, 3, 250]);
        // Escaped line breaks (environment variables) and CRLF.
        let escaped = pem.replace('\n', "\\n");
        assert_eq!(decode(&escaped, "k").unwrap().der, vec![1, 2, 3, 250]);
        assert_eq!(
            decode(&pem.replace('\n', "\r\n"), "k").unwrap().der,
            vec![1, 2, 3, 250]
        );
        // Bare base64.
        let bare = decode(" AQID+g== ", "k").unwrap();
        assert!(bare.label.is_none());
        assert_eq!(bare.der, vec![1, 2, 3, 250]);
    }

    #[test]
    fn legacy_headers_and_errors() {
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAQID\n-----END RSA PRIVATE KEY-----";
        let a = decode(legacy, "private key").unwrap();
        assert!(a.legacy_encrypted);
        assert_eq!(a.der, vec![1, 2, 3]);
        for bad in [
            "",
            "-----BEGIN X-----\nAQID\n",
            "not base64 !!",
            "-----BEGIN X-----\n@@@\n-----END X-----",
        ] {
            let e = decode(bad, "key").err().unwrap();
            assert_eq!(e.code(), ErrorCode::MalformedKey, "{bad}");
        }
    }
}
