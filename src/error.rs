//! The one error type of kassa.
//!
//! DESIGN: one [`Error`] struct carrying one `#[non_exhaustive]` [`ErrorCode`] enum (each variant with
//! a stable string code that JavaScript sees as `err.code`), a message for humans, and — when a gateway
//! answered — the gateway's own error fields. A struct around an enum keeps construction uniform
//! (`Error::new(code, msg)`) while still matching on the enum.
//!
//! Messages say what was wrong and what to check. They never contain a secret (keys, passwords,
//! tokens): callers build messages from names and lengths, never from secret values.

use std::fmt;

/// What kind of failure an [`Error`] is. Stable: JavaScript code matches on [`ErrorCode::as_str`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// An argument has the wrong type or shape (`INVALID_ARGUMENT`).
    InvalidArgument,
    /// An amount is not a non-negative integer number of minor units (`INVALID_AMOUNT`).
    InvalidAmount,
    /// A key or certificate could not be parsed, or is of an unsupported size (`MALFORMED_KEY`).
    MalformedKey,
    /// A private key is encrypted in a format kassa cannot decrypt, or the passphrase is wrong
    /// (`ENCRYPTED_KEY`).
    EncryptedKey,
    /// A hash or signature algorithm is not supported (`UNSUPPORTED_ALGORITHM`).
    UnsupportedAlgorithm,
    /// A notification carries no signature, checksum or credentials (`MISSING_SIGNATURE`).
    MissingSignature,
    /// A signature or checksum is not well-formed (bad hex/base64, wrong length) (`MALFORMED_SIGNATURE`).
    MalformedSignature,
    /// A well-formed signature does not match the payload and key (`SIGNATURE_MISMATCH`).
    SignatureMismatch,
    /// A notification or body cannot be parsed (`MALFORMED_PAYLOAD`).
    MalformedPayload,
    /// A parameter name occurs more than once (parameter pollution) (`DUPLICATE_PARAMETER`).
    DuplicateParameter,
    /// Credentials were missing or wrong (`UNAUTHORIZED`).
    Unauthorized,
    /// A URL is not a valid absolute URL (`INVALID_URL`).
    InvalidUrl,
    /// A domain is not a bare hostname (`INVALID_DOMAIN`).
    InvalidDomain,
    /// A URL is not https (and not an allowed local http URL) (`INSECURE_URL`).
    InsecureUrl,
    /// The gateway answered with a business error (`GATEWAY_ERROR`).
    GatewayError,
    /// The gateway answered with an unexpected HTTP status (`HTTP_ERROR`).
    HttpError,
    /// The gateway rejected the request for rate limiting (HTTP 429) (`RATE_LIMITED`).
    RateLimited,
    /// The request could not be sent or the connection failed before an answer (`NETWORK_ERROR`).
    NetworkError,
    /// No answer came within the configured time (`TIMEOUT`).
    Timeout,
    /// A money-moving request may or may not have taken effect, and kassa could not find out
    /// (`OUTCOME_UNKNOWN`).
    OutcomeUnknown,
    /// The gateway's answer could not be parsed (`MALFORMED_RESPONSE`).
    MalformedResponse,
    /// A client holding secrets was constructed in a browser page without opting in
    /// (`SECRETS_IN_BROWSER`).
    SecretsInBrowser,
    /// The operation is not available in this runtime (`UNSUPPORTED_RUNTIME`).
    UnsupportedRuntime,
    /// The page's DOM refused an operation, e.g. a document without a body (`DOM_ERROR`).
    DomError,
    /// A notification or body is larger than the verifier's `maxPayloadBytes` limit; refused before parsing (`PAYLOAD_TOO_LARGE`).
    PayloadTooLarge,
    /// A notification has more parameters than the verifier's `maxParameters` limit (`TOO_MANY_PARAMETERS`).
    TooManyParameters,
    /// More keys were configured than a verifier accepts (`TOO_MANY_KEYS`).
    TooManyKeys,
    /// An RBS callback parameter name or value contains `;`, which makes the canonical `name;value;` string ambiguous (`AMBIGUOUS_PARAMETERS`).
    AmbiguousParameters,
    /// A gateway's answer is larger than the client's `maxResponseBytes` limit; reading stopped at the limit (`RESPONSE_TOO_LARGE`).
    ResponseTooLarge,
    /// The gateway answered with an HTTP redirect (3xx); kassa never follows one, so nothing was sent to the target (`REDIRECT_REFUSED`).
    RedirectRefused,
    /// A bug in kassa, not in the input: an internal invariant did not hold (`INTERNAL_ERROR`). Please report it.
    Internal,
}

impl ErrorCode {
    /// The stable string code, e.g. `"SIGNATURE_MISMATCH"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidArgument => "INVALID_ARGUMENT",
            Self::InvalidAmount => "INVALID_AMOUNT",
            Self::MalformedKey => "MALFORMED_KEY",
            Self::EncryptedKey => "ENCRYPTED_KEY",
            Self::UnsupportedAlgorithm => "UNSUPPORTED_ALGORITHM",
            Self::MissingSignature => "MISSING_SIGNATURE",
            Self::MalformedSignature => "MALFORMED_SIGNATURE",
            Self::SignatureMismatch => "SIGNATURE_MISMATCH",
            Self::MalformedPayload => "MALFORMED_PAYLOAD",
            Self::DuplicateParameter => "DUPLICATE_PARAMETER",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::InvalidUrl => "INVALID_URL",
            Self::InvalidDomain => "INVALID_DOMAIN",
            Self::InsecureUrl => "INSECURE_URL",
            Self::GatewayError => "GATEWAY_ERROR",
            Self::HttpError => "HTTP_ERROR",
            Self::RateLimited => "RATE_LIMITED",
            Self::NetworkError => "NETWORK_ERROR",
            Self::Timeout => "TIMEOUT",
            Self::OutcomeUnknown => "OUTCOME_UNKNOWN",
            Self::MalformedResponse => "MALFORMED_RESPONSE",
            Self::SecretsInBrowser => "SECRETS_IN_BROWSER",
            Self::UnsupportedRuntime => "UNSUPPORTED_RUNTIME",
            Self::DomError => "DOM_ERROR",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::TooManyParameters => "TOO_MANY_PARAMETERS",
            Self::TooManyKeys => "TOO_MANY_KEYS",
            Self::AmbiguousParameters => "AMBIGUOUS_PARAMETERS",
            Self::ResponseTooLarge => "RESPONSE_TOO_LARGE",
            Self::RedirectRefused => "REDIRECT_REFUSED",
            Self::Internal => "INTERNAL_ERROR",
        }
    }

    /// Every code, in declaration order (used by tests and to generate the TypeScript union).
    pub const ALL: &'static [ErrorCode] = &[
        Self::InvalidArgument,
        Self::InvalidAmount,
        Self::MalformedKey,
        Self::EncryptedKey,
        Self::UnsupportedAlgorithm,
        Self::MissingSignature,
        Self::MalformedSignature,
        Self::SignatureMismatch,
        Self::MalformedPayload,
        Self::DuplicateParameter,
        Self::Unauthorized,
        Self::InvalidUrl,
        Self::InvalidDomain,
        Self::InsecureUrl,
        Self::GatewayError,
        Self::HttpError,
        Self::RateLimited,
        Self::NetworkError,
        Self::Timeout,
        Self::OutcomeUnknown,
        Self::MalformedResponse,
        Self::SecretsInBrowser,
        Self::UnsupportedRuntime,
        Self::DomError,
        Self::PayloadTooLarge,
        Self::TooManyParameters,
        Self::TooManyKeys,
        Self::AmbiguousParameters,
        Self::ResponseTooLarge,
        Self::RedirectRefused,
        Self::Internal,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a gateway said about a failed request, kept verbatim for the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GatewayDetails {
    /// Which gateway answered: `"rbs"`, `"cashier"` or `"koshelek"`.
    pub gateway: &'static str,
    /// The HTTP status of the answer, when there was one.
    pub http_status: Option<u16>,
    /// The gateway's own error code (`errorCode` for RBS, `code` for Koshelek and Mobile Cashier).
    pub error_code: Option<String>,
    /// The gateway's own message (`errorMessage` / `message`).
    pub error_message: Option<String>,
    /// Further structured details (Koshelek `details`), as JSON text.
    pub details: Option<String>,
}

/// The error type of every fallible kassa operation.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    gateway: Option<Box<GatewayDetails>>,
}

/// `Result` with kassa's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with a code and a message that says what was wrong and what to check.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            gateway: None,
        }
    }

    /// An error that carries what the gateway said.
    pub fn with_gateway(mut self, details: GatewayDetails) -> Self {
        self.gateway = Some(Box::new(details));
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What the gateway said, when the failure came from a gateway's answer.
    pub fn gateway(&self) -> Option<&GatewayDetails> {
        self.gateway.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

// Debug prints exactly what Display does plus gateway details: an error never holds a secret, and
// keeping Debug hand-written makes sure no field added later leaks by derive.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Error");
        s.field("code", &self.code.as_str())
            .field("message", &self.message);
        if let Some(g) = &self.gateway {
            s.field("gateway", g);
        }
        s.finish()
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_upper_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{s}");
        }
    }

    /// The TypeScript `KassaErrorCode` union (written in `wasm/types/error.d.ts`) lists exactly
    /// [`ErrorCode::ALL`].
    #[test]
    fn typescript_union_lists_every_code() {
        let ts = include_str!("wasm/types/error.d.ts");
        let start = ts.find("export type KassaErrorCode =").unwrap();
        let union = &ts[start..start + ts[start..].find(';').unwrap()];
        let listed: Vec<&str> = union.split('\'').skip(1).step_by(2).collect();
        let all: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(listed, all);
    }

    #[test]
    fn display_and_debug_show_code_and_message() {
        let e = Error::new(ErrorCode::SignatureMismatch, "checksum does not match");
        assert_eq!(e.to_string(), "SIGNATURE_MISMATCH: checksum does not match");
        assert!(format!("{e:?}").contains("SIGNATURE_MISMATCH"));
        let g = e.with_gateway(GatewayDetails {
            gateway: "rbs",
            error_code: Some("5".into()),
            ..Default::default()
        });
        assert_eq!(g.gateway().and_then(|d| d.error_code.as_deref()), Some("5"));
    }
}
