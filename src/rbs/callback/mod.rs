//! RBS callback notifications ("Callback notifications" in the reference). One callback reads in
//! one direction: [`input`] (what the handler received -> pairs, under [`limits`]) ->
//! [`canonical`] (sorted and checked for duplicates once; the string the checksum covers) ->
//! [`verify`] (HMAC-SHA256, or an RSA PKCS#1 v1.5 job) -> [`model`] (the typed callback).
//! [`sign`] makes test notifications over the same canonical string; [`value`] is how a JS or
//! JSON value becomes parameter text.

pub mod canonical;
pub mod diagnose;
pub mod input;
pub mod limits;
pub mod model;
pub mod sign;
pub mod value;
pub mod verify;

pub use canonical::{canonical_string, Params, ParsedCallback};
pub use input::{parse_callback, parse_input, parse_request};
pub use limits::CallbackOptions;
pub use model::{Operation, RbsCallback};
pub use sign::{checksum, sign_callback, CallbackSigningKey};
pub use verify::{CallbackCheck, CallbackPublicKey, CallbackVerifier, Prepared};

/// `[(name, value)]` literals as owned parameter pairs, for the callback modules' tests.
#[cfg(test)]
pub(crate) fn pairs(list: &[(&str, &str)]) -> Params {
    list.iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}
