//! RSA key import: every form gateway consoles and `openssl` hand keys out in.
//!
//! Public keys: PEM `PUBLIC KEY` (SPKI), `RSA PUBLIC KEY` (PKCS#1), `CERTIFICATE` (X.509, the key
//! inside is taken; validity dates are not checked — the gateways publish long-expired
//! certificates, e.g. the one in the RBS reference expired in 2018), or the bare base64 of a DER
//! certificate or SPKI. Private keys: PKCS#8 `PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`, and encrypted
//! PKCS#8 `ENCRYPTED PRIVATE KEY` with a passphrase. RSA keys of 1024 to 4096 bits are accepted.
//!
//! Parsing happens once; a verifier keeps the parsed key. Key material never appears in `Debug`
//! output or error messages.
//!
//! This module owns the public-key parser. Private keys have one parser,
//! [`Pkcs8RsaKey::from_pem`] (PEM labels, decryption, PKCS#1 → PKCS#8, algorithm and size);
//! [`PrivateKey`] reads the `rsa` crate's key from its checked PKCS#8, and the WebCrypto path
//! ([`super::platform_key::PlatformKey`]) imports the same bytes. The size range and the shared
//! key errors are [`super::key_rules`]'.

use std::fmt;
use std::sync::Arc;

use super::key_rules::{check_bits, malformed, size_error};
use super::pem;
use super::platform_key::Pkcs8RsaKey;
use super::rsa_public::MontyKey;
use crate::error::{Error, ErrorCode, Result};
use der::Decode;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};

pub use super::key_rules::{MAX_BITS, MIN_BITS};

/// An RSA public key, parsed once, with the Montgomery form of its modulus for fast
/// verification ([`super::rsa_public`]) computed once too. Cloning shares both (a verifier hands a
/// clone to every RSA job).
#[derive(Clone)]
pub struct PublicKey {
    inner: Arc<(RsaPublicKey, Option<MontyKey>)>,
    /// The modulus size in bits (the `rsa` crate computes it from the limbs on every call).
    bits: usize,
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.inner.0 == other.inner.0
    }
}

impl Eq for PublicKey {}

/// An RSA private key, parsed once. Its `Debug` shows only the size.
#[derive(Clone)]
pub struct PrivateKey {
    inner: RsaPrivateKey,
}

impl PublicKey {
    /// Parses a public key from PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`, `CERTIFICATE`) or the bare
    /// base64 of a DER certificate, SPKI or PKCS#1 public key.
    pub fn parse(text: &str) -> Result<Self> {
        let armored = pem::decode(text, "public key")?;
        let der = armored.der.as_slice();
        let key =
            match armored.label.as_deref() {
                Some("PUBLIC KEY") => spki(der)?,
                Some("RSA PUBLIC KEY") => RsaPublicKey::from_pkcs1_der(der).map_err(|_| {
                    match pkcs1_modulus_bits(der) {
                        Some(bits) if !(MIN_BITS..=MAX_BITS).contains(&bits) => size_error(bits),
                        _ => malformed("the RSA PUBLIC KEY block is not a valid PKCS#1 RSA key"),
                    }
                })?,
                Some("CERTIFICATE") | Some("X509 CERTIFICATE") => certificate(der)?,
                Some(l) if l.contains("PRIVATE KEY") => return Err(malformed(
                    "this is a private key, but a public key is needed here; extract the public \
                     half with `openssl pkey -in private.pem -pubout` (and keep the private key \
                     off this server)",
                )),
                Some(other) => {
                    return Err(malformed(format!(
                    "a `{other}` PEM block is not a public key; expected PUBLIC KEY, RSA PUBLIC \
                     KEY or CERTIFICATE"
                )))
                }
                None => spki(der)
                    .or_else(|_| certificate(der))
                    .or_else(|_| RsaPublicKey::from_pkcs1_der(der).map_err(|_| ()))
                    .map_err(|_| {
                        malformed(
                        "the base64 does not hold a DER RSA public key, certificate or PKCS#1 key",
                    )
                    })?,
            };
        Self::from_rsa(key)
    }

    /// Wraps an already decoded key, checking its size.
    pub fn from_rsa(inner: RsaPublicKey) -> Result<Self> {
        check_bits(inner.size() * 8)?;
        Ok(Self::wrap(inner))
    }

    fn wrap(key: RsaPublicKey) -> Self {
        let monty = MontyKey::new(&key);
        Self {
            bits: key.size() * 8,
            inner: Arc::new((key, monty)),
        }
    }

    /// The Montgomery form for the fast public-key operation, when the key has one (every key
    /// of 1024 to 4096 bits with an odd modulus and an exponent of at most 64 bits).
    pub fn monty(&self) -> Option<&MontyKey> {
        self.inner.1.as_ref()
    }

    /// The key as DER SubjectPublicKeyInfo (what WebCrypto's `importKey('spki', ...)` takes).
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        self.inner
            .0
            .to_public_key_der()
            .map(|d| d.to_vec())
            .map_err(|_| malformed("the public key could not be encoded as SPKI"))
    }

    /// The key as a PEM `PUBLIC KEY` block.
    pub fn to_pem(&self) -> Result<String> {
        Ok(pem::encode("PUBLIC KEY", &self.to_spki_der()?))
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The RustCrypto key.
    pub fn as_rsa(&self) -> &RsaPublicKey {
        &self.inner.0
    }
}

impl PrivateKey {
    /// Parses a private key from PEM: PKCS#8 `PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`, encrypted
    /// PKCS#8 `ENCRYPTED PRIVATE KEY` (needs `passphrase`), or bare base64 of PKCS#8/PKCS#1 DER.
    pub fn parse(pem_text: &str, passphrase: Option<&str>) -> Result<Self> {
        // The one private-key parser (labels, decryption, PKCS#1 → PKCS#8, algorithm and size):
        // this type only adds the `rsa` crate's key on top, for native signing in tests and tools.
        let checked = Pkcs8RsaKey::from_pem(pem_text, passphrase)?;
        let key = RsaPrivateKey::from_pkcs8_der(checked.der())
            .map_err(|_| malformed("the private key is not a valid PKCS#8 RSA key"))?;
        check_bits(key.size() * 8)?;
        Ok(Self { inner: key })
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        PublicKey::wrap(self.inner.to_public_key())
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.inner.size() * 8
    }

    /// The RustCrypto key.
    pub fn as_rsa(&self) -> &RsaPrivateKey {
        &self.inner
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey(RSA-{})", self.bits())
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey(RSA-{}, redacted)", self.bits())
    }
}

fn spki(der: &[u8]) -> Result<RsaPublicKey> {
    RsaPublicKey::from_public_key_der(der).map_err(|_| {
        // A well-formed SPKI of another algorithm (EC, Ed25519) is named as such.
        match spki::SubjectPublicKeyInfoRef::from_der(der) {
            Ok(info) if info.algorithm.oid != RSA_ENCRYPTION => Error::new(
                ErrorCode::UnsupportedAlgorithm,
                format!(
                    "the public key is not RSA (algorithm {}); the gateways sign with RSA keys",
                    info.algorithm.oid
                ),
            ),
            Ok(info) => match pkcs1_modulus_bits(info.subject_public_key.raw_bytes()) {
                Some(bits) if !(MIN_BITS..=MAX_BITS).contains(&bits) => size_error(bits),
                _ => malformed("the public key is not a valid RSA SubjectPublicKeyInfo"),
            },
            Err(_) => malformed("the public key is not a valid RSA SubjectPublicKeyInfo"),
        }
    })
}

/// rsaEncryption (PKCS #1).
const RSA_ENCRYPTION: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

fn certificate(der: &[u8]) -> Result<RsaPublicKey> {
    let spki_der = certificate_spki(der)
        .map_err(|_| malformed("the CERTIFICATE is not a valid DER X.509 certificate"))?;
    spki(&spki_der)
}

/// The DER of an X.509 certificate's subjectPublicKeyInfo (RFC 5280, section 4.1): the seventh
/// field of tbsCertificate, or the sixth when the optional `[0] version` is absent. Only the key
/// is needed — kassa does not check chains or dates — so the certificate is walked with `der`
/// rather than fully decoded (x509-cert's full decoder costs ~15 KB of .wasm for no use here).
fn certificate_spki(der: &[u8]) -> der::Result<Vec<u8>> {
    use der::{asn1::AnyRef, Encode, Reader, SliceReader, Tag, Tagged};
    let mut outer = SliceReader::new(der)?;
    let certificate: AnyRef<'_> = outer.decode()?;
    outer.finish()?;
    certificate.tag().assert_eq(Tag::Sequence)?;
    let mut fields = SliceReader::new(certificate.value())?;
    let tbs: AnyRef<'_> = fields.decode()?;
    tbs.tag().assert_eq(Tag::Sequence)?;
    let mut tbs_fields = SliceReader::new(tbs.value())?;
    let mut field: AnyRef<'_> = tbs_fields.decode()?;
    if field.tag().is_context_specific() {
        field = tbs_fields.decode()?; // skip `[0] version`: now at serialNumber
    }
    field.tag().assert_eq(Tag::Integer)?;
    // signature, issuer, validity, subject
    for _ in 0..4 {
        tbs_fields.decode::<AnyRef<'_>>()?;
    }
    let spki: AnyRef<'_> = tbs_fields.decode()?;
    spki.tag().assert_eq(Tag::Sequence)?;
    spki.to_der()
}

/// The modulus size of a DER PKCS#1 RSAPublicKey, to name the size of keys `rsa` refuses.
fn pkcs1_modulus_bits(der: &[u8]) -> Option<usize> {
    let key = pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(der).ok()?;
    let n = key.modulus.as_bytes();
    let leading = n.first().map_or(8, |b| b.leading_zeros() as usize);
    Some(n.len() * 8 - leading)
}
