//! Why a Koshelek Pay postback was refused: which part of its `Authorization: Basic` header is
//! wrong. `MALFORMED_CREDENTIALS` when the header is not Basic credentials at all;
//! `KEY_WHITESPACE` when the login or password differs from the configured one only by whitespace
//! at its ends; `CREDENTIALS_MISMATCH` (with `parameter` `login` or `password`) for the one that
//! differs. Each comparison is the verifier's constant-time one; a hint names the field, never its
//! value. Runs only after an `UNAUTHORIZED` check: a handful of hashes, nothing more.
//!
//! These hints say which credential an `Authorization` header got right: give them to whoever
//! debugs the integration, never back to the sender of the postback.

use super::notification::{
    decode_basic, KoshelekPostback, PostbackVerifier, MAX_AUTHORIZATION_HEADER,
};
use crate::crypto::RsaJob;
use crate::diagnose::{Hint, HintCode};
use crate::error::{ErrorCode, Result};
use crate::notification::{check_body, BodyVerifier, JsonText, Verifier};

/// Verifies like [`PostbackVerifier::verify`] and, when the credentials are refused, adds the hints.
pub fn check(
    core: &PostbackVerifier,
    authorization: Option<&str>,
    body: &[u8],
) -> (Result<KoshelekPostback>, Vec<Hint>) {
    let outcome = core.verify(authorization, body);
    let hints = match &outcome {
        Err(e) if e.code() == ErrorCode::Unauthorized => hints(core, authorization),
        _ => Vec::new(),
    };
    (outcome, hints)
}

fn hints(core: &PostbackVerifier, authorization: Option<&str>) -> Vec<Hint> {
    let (decoded, colon) = match decode_basic(authorization) {
        Ok(found) => found,
        Err(e) => {
            return vec![Hint::new(
                HintCode::MalformedCredentials,
                format!("Not Basic credentials: {}.", e.message()),
            )]
        }
    };
    let (login, password) = decoded.split_at(colon);
    let password = password.get(1..).unwrap_or(&[]);
    let (login_ok, password_ok) = core.matches(login, password);
    let (trimmed_login, trimmed_password) = core.matches(login.trim_ascii(), password.trim_ascii());
    let mut out = Vec::new();
    if !login_ok {
        out.push(if trimmed_login {
            Hint::about(
                HintCode::KeyWhitespace,
                "login",
                "The login differs only by spaces at its start or end.",
            )
        } else {
            Hint::about(
                HintCode::CredentialsMismatch,
                "login",
                "The login in the header is not your partnerLogin.",
            )
        });
    }
    if !password_ok {
        out.push(if trimmed_password {
            Hint::about(
                HintCode::KeyWhitespace,
                "password",
                "The password differs only by spaces at its start or end.",
            )
        } else {
            let also = if login_ok { " (the login matches)" } else { "" };
            Hint::about(
                HintCode::CredentialsMismatch,
                "password",
                format!("The password in the header is not your partnerPassword{also}."),
            )
        });
    }
    out
}

// The verifier glue of the npm package (`crate::notification::Verifier`) lives beside the
// diagnosis its `check` runs, so `notification` does not import `diagnose`.

impl Verifier for PostbackVerifier {
    type Args = (Vec<u8>, Option<String>);
    type Output = KoshelekPostback;
    const FIELD: &'static str = "postback";
    const HEADER: (&'static str, usize) = ("authorization", MAX_AUTHORIZATION_HEADER);
    const BODY: &'static str = "the postback body";

    fn max_payload_bytes(&self) -> usize {
        PostbackVerifier::max_payload_bytes(self)
    }

    fn request_args(&self, _: &str, auth: Option<String>, body: Vec<u8>) -> Result<Self::Args> {
        Ok((body, auth))
    }

    fn verify(&self, (body, auth): Self::Args) -> Result<KoshelekPostback> {
        PostbackVerifier::verify(self, auth.as_deref(), &body)
    }

    fn check(&self, read: impl Fn() -> Result<Self::Args>) -> JsonText {
        check_body(Self::FIELD, read(), |b, s| check(self, s, b))
    }

    /// No RSA: everything is decided by [`Self::finish`].
    fn prepare(&self, _: &Self::Args) -> Result<Option<RsaJob>> {
        Ok(None)
    }

    fn finish(&self, args: Self::Args) -> Result<KoshelekPostback> {
        Verifier::verify(self, args)
    }
}

impl BodyVerifier for PostbackVerifier {
    const HEADER_ARG: &'static str = "authorizationHeader";
    const HEADER_FIRST: bool = true;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::koshelek::notification::basic_auth_header;

    const BODY: &[u8] = br#"{"transactionId":"t","status":"PAID"}"#;

    fn hints_for(header: Option<&str>) -> Vec<(&'static str, Option<String>, String)> {
        let v = PostbackVerifier::new("shop", "pä:ss").unwrap();
        let (outcome, hints) = check(&v, header, BODY);
        if hints.is_empty() {
            assert!(
                outcome.is_ok()
                    || outcome.as_ref().err().unwrap().code() != ErrorCode::Unauthorized
            );
        }
        hints
            .into_iter()
            .map(|h| (h.code.as_str(), h.parameter, h.message))
            .collect()
    }

    #[test]
    fn genuine_and_other_errors_have_no_hints() {
        assert!(hints_for(Some(&basic_auth_header("shop", "pä:ss"))).is_empty());
        let v = PostbackVerifier::new("shop", "pä:ss").unwrap();
        let (outcome, hints) = check(&v, Some(&basic_auth_header("shop", "pä:ss")), b"nope");
        assert_eq!(outcome.err().unwrap().code(), ErrorCode::MalformedPayload);
        assert!(hints.is_empty());
    }

    #[test]
    fn which_credential_differs() {
        let h = hints_for(Some(&basic_auth_header("shop", "nope")));
        assert_eq!(h.len(), 1);
        assert_eq!(
            (h[0].0, h[0].1.as_deref()),
            ("CREDENTIALS_MISMATCH", Some("password"))
        );
        assert!(h[0].2.ends_with("(the login matches)."));
        let h = hints_for(Some(&basic_auth_header("other", "nope")));
        let fields: Vec<_> = h.iter().map(|(c, p, _)| (*c, p.as_deref())).collect();
        assert_eq!(
            fields,
            [
                ("CREDENTIALS_MISMATCH", Some("login")),
                ("CREDENTIALS_MISMATCH", Some("password"))
            ]
        );
        assert!(!h[1].2.contains("login matches"));
        let h = hints_for(Some(&basic_auth_header("shop ", " pä:ss")));
        let fields: Vec<_> = h.iter().map(|(c, p, _)| (*c, p.as_deref())).collect();
        assert_eq!(
            fields,
            [
                ("KEY_WHITESPACE", Some("login")),
                ("KEY_WHITESPACE", Some("password"))
            ]
        );
        for (_, _, message) in &h {
            assert!(
                !message.contains("pä") && !message.contains("shop"),
                "no credential in a hint"
            );
        }
    }

    #[test]
    fn headers_that_are_not_basic_credentials() {
        for (header, why) in [
            (None, "no Authorization header"),
            (Some("Bearer x"), "not `Basic"),
            (Some("Basic !!!"), "not base64"),
            (Some("Basic cGFydG5lcg=="), "no `:`"),
        ] {
            let h = hints_for(header);
            assert_eq!(h.len(), 1, "{header:?}");
            assert_eq!(h[0].0, "MALFORMED_CREDENTIALS");
            assert!(h[0].2.contains(why), "{header:?}: {}", h[0].2);
        }
    }
}
