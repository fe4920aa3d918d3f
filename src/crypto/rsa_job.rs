//! The RSA check of a notification as a sans-IO machine: "is this signature over this message
//! valid under one of these keys?", asked one key at a time.
//!
//! A verifier decides everything that needs no RSA arithmetic (which keys, in which order, which
//! hash, the error when none verifies) and hands back an [`RsaJob`]. Whoever runs it answers each
//! [`RsaStep`] with a boolean: the synchronous path with the `rsa` crate ([`RsaJob::run`]), the
//! async wasm path with WebCrypto (falling back to [`RsaStep::verify`] for a step WebCrypto cannot
//! answer). The job alone decides the outcome: `Ok` at the first key that verifies, otherwise the
//! verifier's own mismatch error. So the sync and async paths cannot disagree.

use super::rsa::{verify_pkcs1v15, HashAlg};
use super::PublicKey;
use crate::error::{Error, Result};

/// One key to try.
#[derive(Debug, Clone)]
struct Candidate {
    index: usize,
    key: PublicKey,
    hash: HashAlg,
}

/// An RSA check waiting for answers. Build it with [`RsaJob::new`], then loop: [`RsaJob::step`],
/// answer it with [`RsaJob::answer`], until `step` is `None`; [`RsaJob::finish`] is the outcome.
#[derive(Debug, Clone)]
pub struct RsaJob {
    candidates: Vec<Candidate>,
    next: usize,
    verified: bool,
    signature: Vec<u8>,
    message: Vec<u8>,
    mismatch: Error,
}

/// "Verify `signature` over `message` with `key` and `hash`": one question of an [`RsaJob`].
#[derive(Debug, Clone, Copy)]
pub struct RsaStep<'a> {
    /// The key's index in the verifier's configuration (stable: a cache of platform keys may use
    /// it as its key).
    pub index: usize,
    /// The key.
    pub key: &'a PublicKey,
    /// The hash inside the PKCS#1 v1.5 signature.
    pub hash: HashAlg,
    /// The signature bytes.
    pub signature: &'a [u8],
    /// The signed bytes.
    pub message: &'a [u8],
}

impl RsaStep<'_> {
    /// The answer of the `rsa` crate (RustCrypto).
    pub fn verify(&self) -> bool {
        verify_pkcs1v15(self.key, self.hash, self.message, self.signature).is_ok()
    }
}

impl RsaJob {
    /// A job trying `candidates` (`(index, key, hash)`, in order) on `signature` over `message`;
    /// `mismatch` is the error when none of them verifies.
    pub fn new(
        candidates: impl IntoIterator<Item = (usize, PublicKey, HashAlg)>,
        signature: Vec<u8>,
        message: Vec<u8>,
        mismatch: Error,
    ) -> Self {
        Self {
            candidates: candidates
                .into_iter()
                .map(|(index, key, hash)| Candidate { index, key, hash })
                .collect(),
            next: 0,
            verified: false,
            signature,
            message,
            mismatch,
        }
    }

    /// The next question, or `None` when the job is decided.
    pub fn step(&self) -> Option<RsaStep<'_>> {
        if self.verified {
            return None;
        }
        let c = self.candidates.get(self.next)?;
        Some(RsaStep {
            index: c.index,
            key: &c.key,
            hash: c.hash,
            signature: &self.signature,
            message: &self.message,
        })
    }

    /// Answers the current step: `true` ends the job as verified, `false` moves to the next key.
    pub fn answer(&mut self, valid: bool) {
        if valid {
            self.verified = true;
        } else {
            self.next = self.next.saturating_add(1);
        }
    }

    /// The outcome: `Ok` when a key verified, else the verifier's mismatch error (also for a job
    /// abandoned before every key was asked).
    pub fn finish(self) -> Result<()> {
        if self.verified {
            Ok(())
        } else {
            Err(self.mismatch)
        }
    }

    /// The indices of the keys this job tries, in order.
    pub fn candidates(&self) -> impl Iterator<Item = usize> + '_ {
        self.candidates.iter().map(|c| c.index)
    }

    /// Runs the job with the `rsa` crate: the synchronous path.
    pub fn run(mut self) -> Result<()> {
        while let Some(step) = self.step() {
            let valid = step.verify();
            self.answer(valid);
        }
        self.finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::crypto::{sign_pkcs1v15, PrivateKey};
    use crate::ErrorCode;

    fn key() -> PrivateKey {
        let pem = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/test-key-2048.pkcs8.pem"
        ))
        .unwrap();
        PrivateKey::parse(&pem, None).unwrap()
    }

    fn job(hashes: &[HashAlg], signed_with: HashAlg) -> RsaJob {
        let private = key();
        let sig = sign_pkcs1v15(&private, signed_with, b"msg").unwrap();
        let candidates = hashes
            .iter()
            .enumerate()
            .map(|(i, h)| (i, private.public_key().unwrap(), *h));
        RsaJob::new(
            candidates,
            sig,
            b"msg".to_vec(),
            Error::new(ErrorCode::SignatureMismatch, "none"),
        )
    }

    #[test]
    fn asks_each_key_in_order_and_stops_at_the_first_yes() {
        let mut j = job(
            &[HashAlg::Sha1, HashAlg::Sha512, HashAlg::Sha256],
            HashAlg::Sha512,
        );
        assert_eq!(j.candidates().collect::<Vec<_>>(), [0, 1, 2]);
        let mut asked = Vec::new();
        while let Some(step) = j.step() {
            asked.push(step.index);
            let valid = step.verify();
            j.answer(valid);
        }
        assert_eq!(asked, [0, 1]);
        assert!(j.finish().is_ok());
    }

    #[test]
    fn every_no_is_the_verifiers_mismatch_error() {
        let e = job(&[HashAlg::Sha1, HashAlg::Sha256], HashAlg::Sha512)
            .run()
            .err()
            .unwrap();
        assert_eq!(
            (e.code(), e.message()),
            (ErrorCode::SignatureMismatch, "none")
        );
        // An answer source that says no to everything (e.g. a failing platform) ends the same way.
        let mut j = job(&[HashAlg::Sha512], HashAlg::Sha512);
        while j.step().is_some() {
            j.answer(false);
        }
        assert_eq!(j.finish().err().unwrap().message(), "none");
        // No candidates: decided at once.
        let empty = RsaJob::new(
            [],
            vec![],
            vec![],
            Error::new(ErrorCode::SignatureMismatch, "x"),
        );
        assert!(empty.step().is_none());
        assert!(empty.run().is_err());
    }
}
