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

use super::verify::{CallbackCheck, CallbackVerifier};
use crate::crypto::{self, HashAlg};
use crate::diagnose::{Hint, HintCode};
use crate::error::{ErrorCode, Result};

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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::crypto::PrivateKey;
    use crate::rbs::callback::{checksum, sign_callback, CallbackPublicKey, CallbackSigningKey};

    const KEY: &[u8] = "демо-ключ 0123".as_bytes();

    fn pairs(list: &[(&str, &str)]) -> Params {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn base() -> Params {
        pairs(&[
            ("mdOrder", "3ff6962a"),
            ("orderNumber", "10747"),
            ("operation", "deposited"),
            ("status", "1"),
            ("amount", "149000"),
            ("description", "Заказ №7 · чай"),
        ])
    }

    fn hmac() -> CallbackVerifier {
        CallbackVerifier::new(Some(KEY.to_vec()), vec![]).unwrap()
    }

    /// The hints `core` gives for `input` (asserting the check failed as a mismatch).
    fn hints_for(core: &CallbackVerifier, input: &str) -> Vec<Hint> {
        let check = core.check_input(input);
        let d = diagnose_check(core, &check, || core.parse(input)).unwrap();
        assert!(!d.params.is_empty());
        d.hints
    }

    fn codes(hints: &[Hint]) -> Vec<(&'static str, Option<&str>)> {
        hints
            .iter()
            .map(|h| (h.code.as_str(), h.parameter.as_deref()))
            .collect()
    }

    fn signed_query() -> String {
        sign_callback(&base(), &CallbackSigningKey::Hmac(KEY.to_vec())).unwrap()
    }

    #[test]
    fn a_verified_callback_is_not_diagnosed_and_not_reparsed() {
        let core = hmac();
        let q = signed_query();
        let check = core.check_input(&q);
        assert!(check.result.is_ok());
        let reparsed = std::cell::Cell::new(false);
        let d = diagnose_check(&core, &check, || {
            reparsed.set(true);
            core.parse(&q)
        });
        assert!(d.is_none() && !reparsed.get());
    }

    #[test]
    fn a_tampered_callback_has_its_parameters_and_no_hint() {
        let core = hmac();
        let q = signed_query().replace("amount=149000", "amount=149001");
        let check = core.check_input(&q);
        let d = diagnose_check(&core, &check, || core.parse(&q)).unwrap();
        assert!(d.hints.is_empty(), "{:?}", d.hints);
        assert_eq!(d.params.len(), 7);
        // Other errors: the parameters, no hints.
        let q = signed_query().replace("checksum=", "x=");
        let check = core.check_input(&q);
        assert_eq!(
            check.result.as_ref().err().unwrap().code(),
            ErrorCode::MissingSignature
        );
        let d = diagnose_check(&core, &check, || core.parse(&q)).unwrap();
        assert!(d.hints.is_empty());
        assert_eq!(d.params.len(), 7);
        // Unparsable input: an empty diagnosis.
        let check = core.check_input("a=%zz");
        assert_eq!(
            diagnose_check(&core, &check, || core.parse("a=%zz")),
            Some(CallbackDiagnosis::default())
        );
    }

    #[test]
    fn reencoded_value() {
        let q = signed_query();
        let value = "Заказ №7 · чай";
        let once = crate::http::encode::form_encode(&pairs(&[("description", value)]));
        let twice = once.replace('%', "%25");
        let hints = hints_for(&hmac(), &q.replace(&once, &twice));
        assert_eq!(codes(&hints), [("REENCODED_VALUE", Some("description"))]);
        assert!(hints[0]
            .message
            .starts_with("Re-encoded: the value of `description`"));
        assert!(!hints[0].message.contains("Заказ"), "no value in a hint");
        // A value with %XX that was signed so: genuine, nothing to diagnose; tampered: no hint.
        let mut p = base();
        p.push(("note".into(), "100%41".into()));
        let q = sign_callback(&p, &CallbackSigningKey::Hmac(KEY.to_vec())).unwrap();
        assert!(hmac().verify_input(&q).is_ok());
        assert!(hints_for(&hmac(), &q.replace("status=1", "status=0")).is_empty());
    }

    #[test]
    fn plus_read_as_space() {
        let p = pairs(&[
            ("amount", "5"),
            ("description", "a+b"),
            ("mdOrder", "x"),
            ("status", "1"),
        ]);
        let sum = checksum(&p, &CallbackSigningKey::Hmac(KEY.to_vec())).unwrap();
        let q = format!("amount=5&description=a+b&mdOrder=x&status=1&checksum={sum}");
        assert_eq!(
            codes(&hints_for(&hmac(), &q)),
            [("REENCODED_VALUE", Some("description"))]
        );
        assert!(hints_for(&hmac(), &q)
            .iter()
            .all(|h| h.message.contains("`+` was read as a space")));
        // A real space that was tampered with: no hint.
        let q = format!("amount=6&description=a+b&mdOrder=x&status=1&checksum={sum}");
        assert!(hints_for(&hmac(), &q).is_empty());
    }

    #[test]
    fn added_parameter() {
        let hints = hints_for(&hmac(), &format!("{}&utm_source=mail", signed_query()));
        assert_eq!(codes(&hints), [("ADDED_PARAMETER", Some("utm_source"))]);
        assert!(hints[0].message.contains("did not sign: `utm_source`"));
        // Two added: no single removal helps.
        assert!(hints_for(&hmac(), &format!("{}&a=1&b=2", signed_query())).is_empty());
        // More than the bound: not diagnosed.
        let mut q = format!("{}&utm_source=mail", signed_query());
        for i in 0..MAX_DIAGNOSED_PARAMETERS {
            q.push_str(&format!("&p{i}=1"));
        }
        assert!(hints_for(&hmac(), &q).is_empty());
    }

    #[test]
    fn key_whitespace_and_unsorted_sender() {
        let padded = CallbackVerifier::new(
            Some(
                b" \xd0\xb4\xd0\xb5\xd0\xbc\xd0\xbe-\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87 0123\n"
                    .to_vec(),
            ),
            vec![],
        )
        .unwrap();
        let hints = hints_for(&padded, &signed_query());
        assert_eq!(codes(&hints), [("KEY_WHITESPACE", None)]);
        assert!(!hints[0].message.contains("0123"), "no key in a hint");
        // A padded key that is simply the wrong key: no hint.
        let wrong = CallbackVerifier::new(Some(b" other ".to_vec()), vec![]).unwrap();
        assert!(hints_for(&wrong, &signed_query()).is_empty());

        let p = pairs(&[("status", "1"), ("amount", "5"), ("mdOrder", "x")]);
        let text: String = p.iter().map(|(n, v)| format!("{n};{v};")).collect();
        let sum = crypto::hex_upper(&crypto::hmac_sha256(KEY, text.as_bytes()));
        let q = format!("status=1&amount=5&mdOrder=x&checksum={sum}");
        assert_eq!(
            codes(&hints_for(&hmac(), &q)),
            [("UNSORTED_PARAMETERS", None)]
        );
        // Sent sorted and tampered: no hint.
        let q = format!("amount=5&mdOrder=x&status=0&checksum={sum}");
        assert!(hints_for(&hmac(), &q).is_empty());
    }

    fn vector(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/vectors/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn wrong_hash() {
        let private = PrivateKey::parse(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
        let public = private.public_key();
        let verifier = |hash| {
            let key = CallbackPublicKey {
                key: public.clone(),
                alias: None,
                hash,
            };
            CallbackVerifier::new(None, vec![key]).unwrap()
        };
        let sign = |hash| {
            let key = CallbackSigningKey::Rsa {
                key: private.clone(),
                hash,
                alias: None,
            };
            sign_callback(&base(), &key).unwrap()
        };
        let q = sign(HashAlg::Sha256);
        let hints = hints_for(&verifier(HashAlg::Sha512), &q);
        assert_eq!(codes(&hints), [("WRONG_HASH", None)]);
        assert!(
            hints[0].message.contains("SHA256, not SHA512"),
            "{}",
            hints[0].message
        );
        let hints = hints_for(&verifier(HashAlg::Sha256), &sign(HashAlg::Sha1));
        assert!(hints[0].message.contains("SHA1, not SHA256"));
        // Another key altogether: no hint; an added parameter is found with RSA too.
        assert!(hints_for(
            &verifier(HashAlg::Sha512),
            &q.replace("status=1", "status=0")
        )
        .is_empty());
        let hints = hints_for(
            &verifier(HashAlg::Sha512),
            &format!("{}&route=x", sign(HashAlg::Sha512)),
        );
        assert_eq!(codes(&hints), [("ADDED_PARAMETER", Some("route"))]);
    }
}
