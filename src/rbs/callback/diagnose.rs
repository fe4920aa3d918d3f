//! Why an RBS callback does not verify: after a failed check, the usual damage is undone one kind
//! at a time, and each repair that makes the checksum match with the configured key becomes a
//! [`Hint`]: a value percent-encoded twice or a `+` read as a space (`REENCODED_VALUE`), one
//! parameter added after signing (`ADDED_PARAMETER`), an RSA signature made with another hash
//! (`WRONG_HASH`), an HMAC key with whitespace around it (`KEY_WHITESPACE`), a sender that did not
//! sort the parameters (`UNSORTED_PARAMETERS`).
//!
//! Bounded: nothing runs for a verified callback or for another error than `SIGNATURE_MISMATCH`;
//! at most [`MAX_DIAGNOSED_PARAMETERS`] parameters are looked at (more: no hints), so the work is
//! at most `MAX_DIAGNOSED_PARAMETERS + 2` re-verifications plus two per configured RSA key.

use super::canonical::{Params, ParsedCallback, CHECKSUM, SIGN_ALIAS};
use super::input::decode_component;

use super::model::RbsCallback;
use super::verify::{CallbackCheck, CallbackVerifier, Prepared};
use crate::crypto::{self, HashAlg, RsaJob};
use crate::diagnose::{Hint, HintCode};
use crate::error::{ErrorCode, Result};
use crate::notification::{check_json, JsonText, Verifier};

/// Most parameters a callback may have for its failure to be diagnosed.
pub const MAX_DIAGNOSED_PARAMETERS: usize = 64;

/// What a failed check adds for the debugger: the parameters as parsed and the hints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallbackDiagnosis {
    /// The parameters in the order received (empty when the input could not be parsed).
    pub params: Params,
    /// What repair makes the checksum match, if any.
    pub hints: Vec<Hint>,
}

/// The diagnosis of `check`: `None` when it verified (nothing is computed, `reparse` is not
/// called); otherwise the parameters (from `reparse`, which parses the same input again) and, for
/// a `SIGNATURE_MISMATCH`, the hints.
pub fn diagnose_check(
    core: &CallbackVerifier,
    check: &CallbackCheck,
    reparse: impl FnOnce() -> Result<ParsedCallback>,
) -> Option<CallbackDiagnosis> {
    let error = check.result.as_ref().err()?;
    let Ok(parsed) = reparse() else {
        return Some(CallbackDiagnosis::default());
    };
    let hints = if error.code() == ErrorCode::SignatureMismatch {
        hints(core, &parsed)
    } else {
        Vec::new()
    };
    Some(CallbackDiagnosis {
        params: parsed.into_pairs(),
        hints,
    })
}

/// The RBS verifier as the wasm class drives it: the arguments are the parsed callback.
impl Verifier for CallbackVerifier {
    type Args = ParsedCallback;
    type Output = RbsCallback;
    const FIELD: &'static str = "callback";
    const HEADER: (&'static str, usize) = ("content-type", 256);
    const BODY: &'static str = "the callback";

    fn max_payload_bytes(&self) -> usize {
        self.options().max_payload_bytes
    }

    fn request_args(
        &self,
        url: &str,
        kind: Option<String>,
        body: Vec<u8>,
    ) -> Result<ParsedCallback> {
        self.parse_request(url, kind.as_deref(), &body)
    }

    fn verify(&self, parsed: ParsedCallback) -> Result<RbsCallback> {
        self.verify_parsed(parsed)
    }

    /// `{ valid, callback, canonical }`, or the error with the canonical string (when parsed), the
    /// hints and the parameters (`read` parses the input again only when the check failed).
    fn check(&self, read: impl Fn() -> Result<ParsedCallback>) -> JsonText {
        let check = self.check_parsed(read());
        if check.result.is_ok() {
            return check_json(
                Self::FIELD,
                &check.result,
                check.canonical.as_deref(),
                &[],
                None,
            );
        }
        let d = diagnose_check(self, &check, read).unwrap_or_default();
        let canonical = check.canonical.as_deref();
        check_json(
            Self::FIELD,
            &check.result,
            canonical,
            &d.hints,
            Some(&d.params),
        )
    }

    fn prepare(&self, parsed: &ParsedCallback) -> Result<Option<RsaJob>> {
        Ok(match CallbackVerifier::prepare(self, parsed)? {
            Prepared::Verified => None,
            Prepared::Rsa(job) => Some(job),
        })
    }

    fn finish(&self, parsed: ParsedCallback) -> Result<RbsCallback> {
        Ok(RbsCallback::from_parsed(parsed))
    }
}

/// The hints for a callback whose checksum does not match (see the module docs).
pub fn hints(core: &CallbackVerifier, parsed: &ParsedCallback) -> Vec<Hint> {
    let checksum = parsed.get(CHECKSUM).map(str::trim).unwrap_or("");
    if checksum.is_empty() || parsed.len() > MAX_DIAGNOSED_PARAMETERS {
        return Vec::new();
    }
    let is_signed = |n: &str| n != CHECKSUM && n != SIGN_ALIAS;
    let signed: Vec<&(String, String)> = parsed
        .pairs()
        .iter()
        .filter(|(n, _)| is_signed(n))
        .collect();
    let tail: Vec<&(String, String)> = parsed
        .pairs()
        .iter()
        .filter(|(n, _)| !is_signed(n))
        .collect();
    let valid_with = |pairs: Params| {
        let mut all = pairs;
        all.extend(tail.iter().map(|p| (*p).clone()));
        core.parsed(all).and_then(|p| core.verify_parsed(p)).is_ok()
    };
    let mut out = Vec::new();
    reencoded(&signed, &valid_with, &mut out);
    plus_as_space(&signed, &valid_with, &mut out);
    for (i, (name, _)) in signed.iter().enumerate() {
        let without = signed
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| (*p).clone());
        if valid_with(without.collect()) {
            out.push(Hint::about(
                HintCode::AddedParameter,
                name,
                format!(
                    "A parameter the sender did not sign: `{name}`. Without it the checksum \
                     matches, so it was added after signing — by a proxy, by your framework (a \
                     route or tracking parameter), or by hand. The reference signs every \
                     parameter, so kassa includes it; find out who adds it."
                ),
            ));
        }
    }
    if checksum.len() == 64 {
        hmac_hints(core, parsed, &signed, checksum, &mut out);
    } else {
        wrong_hash(core, parsed, checksum, &mut out);
    }
    out
}

/// Values that still hold `%XX`, decoded once more (`+` stays a plus).
fn reencoded(
    signed: &[&(String, String)],
    valid_with: &dyn Fn(Params) -> bool,
    out: &mut Vec<Hint>,
) {
    let twice: Vec<&str> = signed
        .iter()
        .filter(|(_, v)| has_percent_escape(v))
        .map(|(n, _)| n.as_str())
        .collect();
    if twice.is_empty() {
        return;
    }
    let mut repaired = Params::new();
    for (n, v) in signed {
        let value = if twice.contains(&n.as_str()) {
            match decode_component(&v.replace('+', "%2B")) {
                Ok(d) => d,
                Err(_) => return,
            }
        } else {
            v.clone()
        };
        repaired.push((n.clone(), value));
    }
    if valid_with(repaired) {
        let names: Vec<String> = twice.iter().map(|n| format!("`{n}`")).collect();
        out.push(Hint::about(
            HintCode::ReencodedValue,
            twice.first().copied().unwrap_or(""),
            format!(
                "Re-encoded: the value of {} was percent-encoded twice on the way (it still holds \
                 %XX after decoding). Decoded once more, the checksum matches. Hand the verifier \
                 the URL or body exactly as received, not a string you encoded again.",
                names.join(", ")
            ),
        ));
    }
}

/// Spaces that were a literal `+` the sender did not encode (form decoding made them spaces).
fn plus_as_space(
    signed: &[&(String, String)],
    valid_with: &dyn Fn(Params) -> bool,
    out: &mut Vec<Hint>,
) {
    let Some((first, _)) = signed.iter().find(|(_, v)| v.contains(' ')) else {
        return;
    };
    let repaired: Params = signed
        .iter()
        .map(|(n, v)| (n.clone(), v.replace(' ', "+")))
        .collect();
    if valid_with(repaired) {
        out.push(Hint::about(
            HintCode::ReencodedValue,
            first,
            "A `+` was read as a space: the sender signed a literal plus sign but did not \
             percent-encode it (%2B). Ask the sender to encode the value, or pass a parsed object \
             with the plus restored.",
        ));
    }
}

fn has_percent_escape(v: &str) -> bool {
    v.as_bytes()
        .windows(3)
        .any(|w| matches!(w, [b'%', a, b] if a.is_ascii_hexdigit() && b.is_ascii_hexdigit()))
}

/// HMAC only: the key trimmed, and the parameters in the order sent.
fn hmac_hints(
    core: &CallbackVerifier,
    parsed: &ParsedCallback,
    signed: &[&(String, String)],
    checksum: &str,
    out: &mut Vec<Hint>,
) {
    let Some(key) = core.hmac_key() else {
        return;
    };
    let matches = |key: &[u8], text: &str| {
        crypto::ct_eq_hex_ignore_case(
            &crypto::hex_upper(&crypto::hmac_sha256(key, text.as_bytes())),
            checksum,
        )
    };
    let trimmed = key.trim_ascii();
    if trimmed.len() != key.len()
        && !trimmed.is_empty()
        && matches(trimmed, &parsed.canonical_string())
    {
        out.push(Hint::new(
            HintCode::KeyWhitespace,
            "The key has spaces or a line break at its start or end (copied from a console or a \
             .env file). Without them the checksum matches.",
        ));
    }
    let unsorted: String = signed.iter().map(|(n, v)| format!("{n};{v};")).collect();
    if unsorted != parsed.canonical_string() && matches(key, &unsorted) {
        out.push(Hint::new(
            HintCode::UnsortedParameters,
            "The sender did not sort the parameters by name: its checksum is over the parameters \
             in the order they were sent. The reference sorts them ascending by name.",
        ));
    }
}

/// RSA only: the signature made with another hash than the key is configured with.
fn wrong_hash(
    core: &CallbackVerifier,
    parsed: &ParsedCallback,
    checksum: &str,
    out: &mut Vec<Hint>,
) {
    let Ok(signature) = crypto::hex_decode(checksum, "the `checksum` parameter") else {
        return;
    };
    let message = parsed.canonical_string();
    let sized = core
        .public_keys()
        .iter()
        .filter(|k| k.key.bits() / 8 == signature.len());
    for k in sized {
        for hash in [HashAlg::Sha512, HashAlg::Sha256, HashAlg::Sha1] {
            if hash == k.hash
                || crypto::verify_pkcs1v15(&k.key, hash, message.as_bytes(), &signature).is_err()
            {
                continue;
            }
            let (got, want) = (
                hash.as_str().to_ascii_uppercase(),
                k.hash.as_str().to_ascii_uppercase(),
            );
            out.push(Hint::new(
                HintCode::WrongHash,
                format!(
                    "Wrong hash: the callback was signed with RSA and {got}, not {want}. Pass \
                     `{{ key, hash: '{}' }}` in publicKeys.",
                    hash.as_str()
                ),
            ));
            return;
        }
    }
}

#[cfg(test)]
mod tests;
