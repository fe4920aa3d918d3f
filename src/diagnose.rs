//! Diagnosis hints: when a notification does not verify, the usual ways it gets damaged on its
//! way to the handler are tried, and each one that turns it valid again is named.
//!
//! This module holds the hint type the `check()` results carry (`hints` in JavaScript); the
//! gateway diagnoses live beside their verifiers (`rbs::callback::diagnose`,
//! `cashier::diagnose`, `koshelek::diagnose`). Rules every diagnosis follows:
//!
//! - it runs only after a check failed, never on the success path;
//! - its work is bounded (each gateway states its bound: parameters tried, body size, variants);
//! - a hint is evidence, not a guess: it is given only when the repaired notification verifies
//!   with the configured key;
//! - a hint never holds a secret, a key or a whole value: only a parameter *name* and a fixed
//!   message.

/// What a hint says went wrong; the JavaScript `code` string is [`HintCode::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HintCode {
    /// `REENCODED_VALUE`: a value was percent-encoded once too often (it still holds `%XX`), or a
    /// literal `+` was sent unencoded and read as a space.
    ReencodedValue,
    /// `ADDED_PARAMETER`: one parameter was added after signing; without it the checksum matches.
    AddedParameter,
    /// `WRONG_HASH`: the RSA signature verifies with another hash than configured.
    WrongHash,
    /// `RESERIALISED_BODY`: the signature matches another rendering of the body (re-serialised
    /// JSON, changed line endings, a line break added or removed).
    ReserialisedBody,
    /// `KEY_WHITESPACE`: a key or credential differs only by whitespace at its start or end
    /// (the configured hmacKey; a Koshelek login or password in the header).
    KeyWhitespace,
    /// `UNSORTED_PARAMETERS`: the sender's checksum is over the parameters in the order sent,
    /// not sorted by name.
    UnsortedParameters,
    /// `SIGNATURE_ENCODING`: the signature itself was mangled on the way (lost `+`, wrapped,
    /// base64url); repaired, it verifies.
    SignatureEncoding,
    /// `MALFORMED_CREDENTIALS`: the `Authorization` header is not Basic credentials at all.
    MalformedCredentials,
    /// `CREDENTIALS_MISMATCH`: the login or the password (`parameter` says which) differs.
    CredentialsMismatch,
}

impl HintCode {
    /// Every code, in declaration order (the TypeScript union lists the same strings).
    pub const ALL: [HintCode; 9] = [
        HintCode::ReencodedValue,
        HintCode::AddedParameter,
        HintCode::WrongHash,
        HintCode::ReserialisedBody,
        HintCode::KeyWhitespace,
        HintCode::UnsortedParameters,
        HintCode::SignatureEncoding,
        HintCode::MalformedCredentials,
        HintCode::CredentialsMismatch,
    ];

    /// The stable code string (`"REENCODED_VALUE"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            HintCode::ReencodedValue => "REENCODED_VALUE",
            HintCode::AddedParameter => "ADDED_PARAMETER",
            HintCode::WrongHash => "WRONG_HASH",
            HintCode::ReserialisedBody => "RESERIALISED_BODY",
            HintCode::KeyWhitespace => "KEY_WHITESPACE",
            HintCode::UnsortedParameters => "UNSORTED_PARAMETERS",
            HintCode::SignatureEncoding => "SIGNATURE_ENCODING",
            HintCode::MalformedCredentials => "MALFORMED_CREDENTIALS",
            HintCode::CredentialsMismatch => "CREDENTIALS_MISMATCH",
        }
    }
}

/// One diagnosis: a stable code, a message that says what happened and what to do, and the
/// parameter it concerns when there is one. Never holds a secret or a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// What went wrong.
    pub code: HintCode,
    /// What happened and what to do, in words.
    pub message: String,
    /// The name of the parameter concerned, when the hint is about one.
    pub parameter: Option<String>,
}

impl Hint {
    /// A hint about the whole notification.
    pub fn new(code: HintCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            parameter: None,
        }
    }

    /// A hint about the parameter `name`.
    pub fn about(code: HintCode, name: &str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            parameter: Some(name.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_upper_snake_strings() {
        let mut seen = std::collections::HashSet::new();
        for c in HintCode::ALL {
            assert!(seen.insert(c.as_str()));
            assert!(c
                .as_str()
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch == '_'));
        }
    }
}
