//! Verifying RBS callback checksums: HMAC-SHA256 with the shared key, or RSA PKCS#1 v1.5 with
//! the gateway's public key(s) — SHA-512 unless a key says otherwise — with key rotation by
//! `sign_alias`.

use std::fmt;

use hmac::{KeyInit, Mac};
use zeroize::Zeroizing;

use super::canonical::{Params, ParsedCallback, CHECKSUM, SIGN_ALIAS};
use super::input::{parse_callback, parse_request};
use super::limits::{check_key_count, CallbackOptions};
use super::model::RbsCallback;
use crate::crypto::{self, HashAlg, PublicKey, RsaJob};
use crate::error::{Error, ErrorCode, Result};

/// Hex length of an HMAC-SHA256 checksum.
const HMAC_HEX_LEN: usize = 64;

/// One configured RBS public key.
#[derive(Debug, Clone)]
pub struct CallbackPublicKey {
    /// The key.
    pub key: PublicKey,
    /// The `sign_alias` the gateway sends with checksums made by this key, if known.
    pub alias: Option<String>,
    /// The hash inside the signature (SHA-512 in every known deployment).
    pub hash: HashAlg,
}

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Verifies RBS callbacks. Holds parsed keys; build it once and reuse it.
#[derive(Clone)]
pub struct CallbackVerifier {
    hmac_key: Option<Zeroizing<Vec<u8>>>,
    /// The HMAC state keyed once with `hmac_key` (its two padded key blocks already hashed):
    /// each check clones it instead of hashing the key again.
    hmac: Option<HmacSha256>,
    public_keys: Vec<CallbackPublicKey>,
    options: CallbackOptions,
}

/// What [`CallbackVerifier::check_parsed`] (and `check_input`/`check_params`) found: the verified callback or the error, and the
/// canonical string whenever the input could be parsed (useful when comparing with the bank).
#[derive(Debug, Clone)]
pub struct CallbackCheck {
    /// The callback, or why it is not genuine.
    pub result: Result<RbsCallback>,
    /// The string the checksum covers, when the input was parsed.
    pub canonical: Option<String>,
}

impl CallbackVerifier {
    /// A verifier with an HMAC key, public keys, or both, and the default options. With
    /// neither key it is `INVALID_ARGUMENT`; with more than [`MAX_PUBLIC_KEYS`](super::limits::MAX_PUBLIC_KEYS) keys
    /// `TOO_MANY_KEYS`.
    pub fn new(hmac_key: Option<Vec<u8>>, public_keys: Vec<CallbackPublicKey>) -> Result<Self> {
        Self::with_options(hmac_key, public_keys, CallbackOptions::default())
    }

    /// [`Self::new`] with explicit limits and the `;` rule ([`CallbackOptions`]).
    pub fn with_options(
        hmac_key: Option<Vec<u8>>,
        public_keys: Vec<CallbackPublicKey>,
        options: CallbackOptions,
    ) -> Result<Self> {
        if hmac_key.is_none() && public_keys.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "give the verifier an hmacKey (symmetric checksums) or publicKeys (RSA \
                 checksums), as configured for the merchant at the bank",
            ));
        }
        if hmac_key.as_ref().is_some_and(|k| k.is_empty()) {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "the hmacKey is empty",
            ));
        }
        check_key_count(public_keys.len())?;
        let hmac = hmac_key
            .as_deref()
            .and_then(|k| HmacSha256::new_from_slice(k).ok());
        Ok(Self {
            hmac,
            hmac_key: hmac_key.map(Zeroizing::new),
            public_keys,
            options,
        })
    }

    /// The options this verifier was built with.
    pub fn options(&self) -> &CallbackOptions {
        &self.options
    }

    /// Parses a URL, query, form body or JSON body under this verifier's limits.
    pub fn parse(&self, input: &str) -> Result<ParsedCallback> {
        parse_callback(input, &self.options)
    }

    /// Indexes pairs (e.g. from a JS object) under this verifier's parameter limit.
    pub fn parsed(&self, params: Params) -> Result<ParsedCallback> {
        ParsedCallback::new(params, self.options.max_parameters)
    }

    /// Parses what `verifyRequest` read from an HTTP request ([`parse_request`]) under this
    /// verifier's limits.
    pub fn parse_request(
        &self,
        url: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<ParsedCallback> {
        parse_request(url, content_type, body, &self.options)
    }

    /// Verifies a callback given as a URL, query, form body or JSON body.
    pub fn verify_input(&self, input: &str) -> Result<RbsCallback> {
        self.verify_parsed(self.parse(input)?)
    }

    /// Verifies a callback given as ordered pairs (e.g. from a JS object or URLSearchParams).
    pub fn verify_params(&self, params: Params) -> Result<RbsCallback> {
        self.verify_parsed(self.parsed(params)?)
    }

    /// Verifies a parsed callback: the `;` rule, then the checksum.
    pub fn verify_parsed(&self, parsed: ParsedCallback) -> Result<RbsCallback> {
        self.verify_with(parsed, None)
    }

    /// [`Self::verify_parsed`] with the canonical string when the caller already built it.
    fn verify_with(&self, parsed: ParsedCallback, canonical: Option<&str>) -> Result<RbsCallback> {
        let prepared = match canonical {
            Some(c) => self.prepare_with(&parsed, c)?,
            None => self.prepare_with(&parsed, &parsed.canonical_string())?,
        };
        match prepared {
            Prepared::Verified => {}
            Prepared::Rsa(job) => job.run()?,
        }
        Ok(RbsCallback::from_parsed(parsed))
    }

    /// Like [`Self::verify_input`], but never fails: the outcome and the canonical string.
    pub fn check_input(&self, input: &str) -> CallbackCheck {
        self.check_parsed(self.parse(input))
    }

    /// Like [`Self::verify_params`], but never fails.
    pub fn check_params(&self, params: Params) -> CallbackCheck {
        self.check_parsed(self.parsed(params))
    }

    /// Like [`Self::verify_parsed`], but never fails; takes the parse outcome as it is.
    pub fn check_parsed(&self, parsed: Result<ParsedCallback>) -> CallbackCheck {
        match parsed {
            Ok(parsed) => {
                // The canonical string is built once, for the checksum and for the result.
                let canonical = parsed.canonical_string();
                CallbackCheck {
                    result: self.verify_with(parsed, Some(&canonical)),
                    canonical: Some(canonical),
                }
            }
            Err(e) => CallbackCheck {
                result: Err(e),
                canonical: None,
            },
        }
    }

    /// The HMAC key, for the diagnosis of a failed check; never printed.
    pub(crate) fn hmac_key(&self) -> Option<&[u8]> {
        self.hmac_key.as_ref().map(|k| k.as_slice())
    }

    /// The configured public keys, in order (the indices [`RsaJob::candidates`] refer to).
    pub fn public_keys(&self) -> &[CallbackPublicKey] {
        &self.public_keys
    }

    /// Does every check that needs no RSA arithmetic: the checksum is present and well-formed,
    /// HMAC checksums are verified outright, and for RSA the candidate keys are chosen (by
    /// `sign_alias`, then by signature size). The returned [`RsaJob`] decides the rest: the
    /// synchronous path runs it with the `rsa` crate, the async path answers its steps with the
    /// platform's crypto (WebCrypto); either way the job ends in `Ok` or this verifier's
    /// `SIGNATURE_MISMATCH`.
    ///
    /// Unless `allow_semicolons` is set, a covered parameter with `;` in its name or value is
    /// `AMBIGUOUS_PARAMETERS` here, before the checksum is looked at.
    pub fn prepare(&self, parsed: &ParsedCallback) -> Result<Prepared> {
        self.prepare_with(parsed, &parsed.canonical_string())
    }

    /// [`Self::prepare`] with `parsed`'s canonical string already built.
    fn prepare_with(&self, parsed: &ParsedCallback, canonical: &str) -> Result<Prepared> {
        let checksum = parsed.get(CHECKSUM).map(str::trim).unwrap_or("");
        if checksum.is_empty() {
            return Err(Error::new(
                ErrorCode::MissingSignature,
                "the callback has no `checksum` parameter; pass every parameter exactly as \
                 received, and ask the bank to enable callbacks with checksums if it sends none",
            ));
        }
        if !self.options.allow_semicolons {
            parsed.check_unambiguous()?;
        }
        let signature = crypto::hex_decode(checksum, "the `checksum` parameter")?;
        if checksum.len() == HMAC_HEX_LEN {
            self.verify_hmac(&signature, canonical)?;
            return Ok(Prepared::Verified);
        }
        let candidates = self.rsa_candidates(&signature, parsed.get(SIGN_ALIAS))?;
        let mismatch = self.rsa_mismatch(&candidates);
        let keys = candidates.into_iter().filter_map(|i| {
            let k = self.public_keys.get(i)?;
            Some((i, k.key.clone(), k.hash))
        });
        Ok(Prepared::Rsa(RsaJob::new(
            keys,
            signature,
            canonical.as_bytes().to_vec(),
            mismatch,
        )))
    }

    /// The `SIGNATURE_MISMATCH` error for an RSA check none of whose keys verified.
    fn rsa_mismatch(&self, candidates: &[usize]) -> Error {
        let hashes: Vec<&str> = candidates
            .iter()
            .filter_map(|i| self.public_keys.get(*i))
            .map(|k| k.hash.as_str())
            .collect();
        Error::new(
            ErrorCode::SignatureMismatch,
            format!(
                "the RSA checksum does not match ({} key(s) tried, hash {}). Check that the public \
                 key is the one from the bank's console, the hash (sha512 unless the bank says \
                 otherwise), and that every parameter is passed exactly as received",
                candidates.len(),
                hashes.join("/")
            ),
        )
    }

    /// Verifies the decoded HMAC checksum `mac` (32 bytes) over `canonical`, in constant time.
    fn verify_hmac(&self, mac: &[u8], canonical: &str) -> Result<()> {
        let (Some(key), Some(state)) = (&self.hmac_key, &self.hmac) else {
            return Err(Error::new(
                ErrorCode::SignatureMismatch,
                "the checksum is an HMAC-SHA256 checksum (64 hex digits), but this verifier has \
                 only public keys; configure the hmacKey the bank gave you",
            ));
        };
        let mut state = state.clone();
        state.update(canonical.as_bytes());
        if state.verify_slice(mac).is_ok() {
            return Ok(());
        }
        let mut hint = String::from(
            "the HMAC-SHA256 checksum does not match. Check that the hmacKey is the one the bank \
             gave you",
        );
        if key.first().is_some_and(u8::is_ascii_whitespace)
            || key.last().is_some_and(u8::is_ascii_whitespace)
        {
            hint.push_str(" (it starts or ends with whitespace: trim it)");
        }
        hint.push_str(
            ", and that every parameter is passed exactly as received, none added or dropped, \
             percent-decoded once",
        );
        Err(Error::new(ErrorCode::SignatureMismatch, hint))
    }

    fn rsa_candidates(&self, signature: &[u8], alias: Option<&str>) -> Result<Vec<usize>> {
        if self.public_keys.is_empty() {
            return Err(Error::new(
                ErrorCode::MalformedSignature,
                format!(
                    "the checksum has {} hex digits, but an HMAC-SHA256 checksum has 64 and this \
                     verifier has no publicKeys for RSA checksums",
                    signature.len() * 2
                ),
            ));
        }
        let indexed = self.public_keys.iter().enumerate();
        let named: Vec<usize> = indexed
            .clone()
            .filter(|(_, k)| alias.is_some() && k.alias.as_deref() == alias)
            .map(|(i, _)| i)
            .collect();
        // The alias picks the key when it names a configured one; otherwise every key is tried.
        let candidates: Vec<usize> = if named.is_empty() {
            indexed.map(|(i, _)| i).collect()
        } else {
            named
        };
        let sized: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|i| {
                self.public_keys
                    .get(*i)
                    .is_some_and(|k| k.key.bits() / 8 == signature.len())
            })
            .collect();
        if sized.is_empty() {
            let sizes: Vec<String> = candidates
                .iter()
                .filter_map(|i| self.public_keys.get(*i))
                .map(|k| k.key.bits().to_string())
                .collect();
            return Err(Error::new(
                ErrorCode::MalformedSignature,
                format!(
                    "the checksum is a {}-bit RSA signature, but the configured key(s) have {} \
                     bits; check that the right public key is configured",
                    signature.len() * 8,
                    sizes.join("/")
                ),
            ));
        }
        Ok(sized)
    }
}

/// What [`CallbackVerifier::prepare`] leaves to do.
#[derive(Debug, Clone)]
pub enum Prepared {
    /// Nothing: the (HMAC) checksum is verified.
    Verified,
    /// An RSA signature to check against one of several keys (indices into
    /// [`CallbackVerifier::public_keys`]); the callback is genuine if any of them verifies.
    Rsa(RsaJob),
}

impl fmt::Debug for CallbackVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackVerifier")
            .field("hmac_key", &self.hmac_key.as_ref().map(|_| "redacted"))
            .field("public_keys", &self.public_keys)
            .field("options", &self.options)
            .finish()
    }
}
