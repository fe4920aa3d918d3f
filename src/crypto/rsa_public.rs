//! The RSA public-key operation for verification, on crypto-bigint's fixed-size Montgomery forms.
//!
//! Verification works on public data only (the key, the signature, the message), so it may run
//! in variable time: `s^e mod n` is left-to-right square-and-multiply over the bits of the small
//! public exponent (65537: sixteen squarings and one multiplication), instead of the constant-time
//! windowed exponentiation the `rsa` crate uses for every exponent. The modulus width picks a
//! stack-allocated `Uint`: 2048 bits for moduli up to 2048 bits, 4096 bits up to 4096 (the
//! smallest of the two that holds the modulus), and the Montgomery parameters are computed once,
//! when the key is parsed. Two widths, not four: the U1024 and U3072 instantiations (each its own
//! Karatsuba multiplication and squaring) cost `kassa/verify` 5.1 KB of gzipped wasm (208,996 →
//! 203,887 B without them); 1024- and 3072-bit keys now run at the wider width (slower, with no
//! speed target), 2048- and 4096-bit keys run exactly the code they ran before. No arithmetic is
//! written here: every operation is crypto-bigint's.
//!
//! The EMSA-PKCS1-v1_5 check (RFC 8017, section 8.2.2) builds the whole expected encoded message
//! `0x00 0x01 FF..FF 0x00 DigestInfo digest` and compares all of it with the recovered one, in
//! constant time. Every key kassa accepts takes this path: the key parser ([`super::keys`])
//! refuses even moduli, moduli over 4096 bits and exponents outside 3 to 2^33 - 1 (the `rsa`
//! crate's rules), so the `rsa` crate's own exponentiation is not linked into `kassa/verify`;
//! `tests/fuzz_verify.rs` holds this path equal to it.

use std::fmt;

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, Uint, U2048, U4096};

/// A public key's modulus in Montgomery form, sized by its width, and its exponent.
#[derive(Clone)]
pub struct MontyKey {
    params: Params,
    exponent: u64,
    /// The modulus length in bytes (`k` in RFC 8017).
    len: usize,
}

#[derive(Clone)]
enum Params {
    B2048(Box<FixedMontyParams<{ U2048::LIMBS }>>),
    B4096(Box<FixedMontyParams<{ U4096::LIMBS }>>),
}

impl MontyKey {
    /// The Montgomery form of the modulus `n` (big-endian, no leading zero bytes) with exponent
    /// `e`, or `None` when `n` is even, zero or over 4096 bits (the key parser refuses those
    /// before: [`super::keys`]).
    pub fn new(n: &[u8], exponent: u64) -> Option<Self> {
        let len = n.len();
        let params = if len <= U2048::BYTES {
            Params::B2048(Box::new(params(n)?))
        } else if len <= U4096::BYTES {
            Params::B4096(Box::new(params(n)?))
        } else {
            return None;
        };
        Some(Self {
            params,
            exponent,
            len,
        })
    }

    /// RSAVP1 and I2OSP: `sig^e mod n` as `k` big-endian bytes, or `None` when `sig` is not `k`
    /// bytes or its integer is not below `n` (RFC 8017, section 5.2.2: "signature representative
    /// out of range").
    pub fn encoded_message(&self, sig: &[u8]) -> Option<Vec<u8>> {
        if sig.len() != self.len {
            return None;
        }
        match &self.params {
            Params::B2048(p) => public_op(p, self.exponent, sig),
            Params::B4096(p) => public_op(p, self.exponent, sig),
        }
    }

    /// Whether `sig` is a valid EMSA-PKCS1-v1_5 signature of `digest` under DigestInfo `prefix`:
    /// the expected encoded message is built in full and compared with the recovered one.
    pub fn verify(&self, prefix: &[u8], digest: &[u8], sig: &[u8]) -> bool {
        let Some(em) = self.encoded_message(sig) else {
            return false;
        };
        let Some(expected) = expected_message(self.len, prefix, digest) else {
            return false;
        };
        super::ct_eq(&em, &expected)
    }
}

/// `0x00 0x01 PS 0x00 T` of length `k`, with `T = prefix || digest` and `PS` at least 8 bytes of
/// `0xFF` (RFC 8017, section 9.2); `None` when `k` is too short for `T`.
fn expected_message(k: usize, prefix: &[u8], digest: &[u8]) -> Option<Vec<u8>> {
    let t_len = prefix.len().checked_add(digest.len())?;
    let ps_len = k.checked_sub(t_len)?.checked_sub(3)?;
    if ps_len < 8 {
        return None;
    }
    let mut em = Vec::with_capacity(k);
    em.extend_from_slice(&[0x00, 0x01]);
    em.resize(2 + ps_len, 0xff);
    em.push(0x00);
    em.extend_from_slice(prefix);
    em.extend_from_slice(digest);
    Some(em)
}

/// The integer of big-endian `bytes` (at most `Uint::<L>::BYTES` of them) as a `Uint<L>`.
fn uint<const L: usize>(bytes: &[u8]) -> Option<Uint<L>> {
    let pad = Uint::<L>::BYTES.checked_sub(bytes.len())?;
    let mut buf = vec![0u8; Uint::<L>::BYTES];
    buf.get_mut(pad..)?.copy_from_slice(bytes);
    Some(Uint::from_be_slice(&buf))
}

fn params<const L: usize>(modulus: &[u8]) -> Option<FixedMontyParams<L>> {
    let n = Odd::new(uint::<L>(modulus)?).into_option()?;
    Some(FixedMontyParams::new_vartime(n))
}

/// `sig^e mod n` by left-to-right square-and-multiply over the bits of `e` (variable time: every
/// input is public), as `sig.len()` big-endian bytes.
fn public_op<const L: usize>(params: &FixedMontyParams<L>, e: u64, sig: &[u8]) -> Option<Vec<u8>> {
    let s = uint::<L>(sig)?;
    let n: &Uint<L> = params.modulus();
    if s.cmp_vartime(n).is_ge() || e == 0 {
        return None;
    }
    let base = FixedMontyForm::new(&s, params);
    let mut acc = base;
    for bit in (0..63 - e.leading_zeros()).rev() {
        acc = acc.square();
        if (e >> bit) & 1 == 1 {
            acc = acc.mul(&base);
        }
    }
    let bytes = acc.retrieve().to_be_bytes();
    let skip = bytes.len().checked_sub(sig.len())?;
    bytes.get(skip..).map(<[u8]>::to_vec)
}

impl fmt::Debug for MontyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = match self.params {
            Params::B2048(_) => 2048,
            Params::B4096(_) => 4096,
        };
        write!(f, "MontyKey(U{width}, e = {})", self.exponent)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_expected_message_is_whole_and_refuses_short_moduli() {
        let em = expected_message(20, &[0x30, 0x01], &[0xAB; 4]).unwrap();
        assert_eq!(
            em,
            [
                0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00,
                0x30, 0x01, 0xAB, 0xAB, 0xAB, 0xAB
            ]
        );
        // PS must be at least 8 bytes.
        assert!(expected_message(16, &[0x30, 0x01], &[0xAB; 4]).is_none());
        assert!(expected_message(17, &[0x30, 0x01], &[0xAB; 4]).is_some());
        assert!(expected_message(2, &[0x30], &[0xAB; 4]).is_none());
    }

    #[test]
    fn small_exponents_match_plain_arithmetic() {
        // n = 3233 (61 * 53) in a U2048, e in {3, 17, 65537}: compared with u64 arithmetic.
        let n = 3233u64.to_be_bytes();
        let p = params::<{ U2048::LIMBS }>(&n).unwrap();
        for e in [1u64, 3, 17, 65537] {
            for s in [0u64, 1, 2, 65, 3232] {
                let mut want = 1u64;
                for _ in 0..e {
                    want = want * s % 3233;
                }
                let got = public_op(&p, e, &s.to_be_bytes()).unwrap();
                assert_eq!(got, want.to_be_bytes(), "s = {s}, e = {e}");
            }
        }
        // s >= n is out of range.
        assert!(public_op(&p, 3, &3233u64.to_be_bytes()).is_none());
        assert!(public_op(&p, 3, &u64::MAX.to_be_bytes()).is_none());
        // An even modulus has no Montgomery form.
        assert!(params::<{ U2048::LIMBS }>(&3234u64.to_be_bytes()).is_none());
    }
}
