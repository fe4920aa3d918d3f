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
use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, UintRef};
use der::{Decode, Encode};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;

pub use super::key_rules::{MAX_BITS, MIN_BITS};

/// An RSA public key, parsed once: its modulus and exponent, its DER SubjectPublicKeyInfo (what
/// WebCrypto imports) and the Montgomery form of its modulus for fast verification
/// ([`super::rsa_public`]). Cloning shares them (a verifier hands a clone to every RSA job).
///
/// The key is read with the `pkcs1` and `spki` crates, not as the `rsa` crate's `RsaPublicKey`:
/// building one computes its own Montgomery parameters with heap-sized integers, which linked
/// crypto-bigint's `BoxedUint` multiplication, squaring and division into `kassa/verify` (about
/// 34 KB of wasm) for a form kassa never uses. The checks are the `rsa` crate's ones (see
/// [`rsa_rules`]), so the same keys are accepted.
#[derive(Clone)]
pub struct PublicKey {
    inner: Arc<Parts>,
}

struct Parts {
    /// The modulus, big-endian, without leading zero bytes.
    n: Vec<u8>,
    e: u64,
    spki: Vec<u8>,
    monty: MontyKey,
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.inner.n == other.inner.n && self.inner.e == other.inner.e
    }
}

impl Eq for PublicKey {}

/// An RSA private key, parsed once. Its `Debug` shows only the size.
#[derive(Clone)]
pub struct PrivateKey {
    inner: RsaPrivateKey,
}

/// Why a DER RSA public key was refused: its size (named in the message) or anything else (the
/// caller's message for its form).
enum Refusal {
    Size(usize),
    Malformed,
}

impl PublicKey {
    /// Parses a public key from PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`, `CERTIFICATE`) or the bare
    /// base64 of a DER certificate, SPKI or PKCS#1 public key.
    pub fn parse(text: &str) -> Result<Self> {
        let armored = pem::decode(text, "public key")?;
        let der = armored.der.as_slice();
        match armored.label.as_deref() {
            Some("PUBLIC KEY") => spki(der),
            Some("RSA PUBLIC KEY") => Self::from_pkcs1_der(der)
                .map_err(|r| r.error("the RSA PUBLIC KEY block is not a valid PKCS#1 RSA key")),
            Some("CERTIFICATE") | Some("X509 CERTIFICATE") => certificate(der),
            Some(l) if l.contains("PRIVATE KEY") => Err(malformed(
                "this is a private key, but a public key is needed here; extract the public \
                 half with `openssl pkey -in private.pem -pubout` (and keep the private key \
                 off this server)",
            )),
            Some(other) => Err(malformed(format!(
                "a `{other}` PEM block is not a public key; expected PUBLIC KEY, RSA PUBLIC \
                 KEY or CERTIFICATE"
            ))),
            None => spki(der)
                .or_else(|_| certificate(der))
                .or_else(|_| Self::from_pkcs1_der(der).map_err(|_| ()))
                .map_err(|_| {
                    malformed(
                        "the base64 does not hold a DER RSA public key, certificate or PKCS#1 key",
                    )
                }),
        }
    }

    /// The key of modulus `n` (big-endian) and exponent `e`, under the same rules as a parsed key.
    pub fn from_parts(n: &[u8], e: &[u8]) -> Result<Self> {
        Self::new(n, e).map_err(|r| {
            r.error("the RSA key needs an odd modulus and an odd exponent from 3 to 2^33 - 1")
        })
    }

    /// A DER PKCS#1 RSAPublicKey.
    fn from_pkcs1_der(der: &[u8]) -> std::result::Result<Self, Refusal> {
        let key =
            pkcs1::RsaPublicKey::<UintRef<'_>>::from_der(der).map_err(|_| Refusal::Malformed)?;
        Self::new(key.modulus.as_bytes(), key.public_exponent.as_bytes())
    }

    fn new(n: &[u8], e: &[u8]) -> std::result::Result<Self, Refusal> {
        let (n, e) = rsa_rules(n, e)?;
        let monty = MontyKey::new(n, e).ok_or(Refusal::Malformed)?;
        let spki = spki_der(n, e).ok_or(Refusal::Malformed)?;
        Ok(Self {
            inner: Arc::new(Parts {
                n: n.to_vec(),
                e,
                spki,
                monty,
            }),
        })
    }

    /// The Montgomery form for the fast public-key operation.
    pub fn monty(&self) -> &MontyKey {
        &self.inner.monty
    }

    /// The key as DER SubjectPublicKeyInfo (what WebCrypto's `importKey('spki', ...)` takes).
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        Ok(self.inner.spki.clone())
    }

    /// The key as a PEM `PUBLIC KEY` block.
    pub fn to_pem(&self) -> Result<String> {
        Ok(pem::encode("PUBLIC KEY", &self.inner.spki))
    }

    /// Modulus size in bits (its length in bytes times 8, as RSA signature lengths go).
    pub fn bits(&self) -> usize {
        self.inner.n.len() * 8
    }

    /// The modulus, big-endian, without leading zero bytes.
    pub fn modulus(&self) -> &[u8] {
        &self.inner.n
    }

    /// The key as the `rsa` crate's (for comparing with its verification in tests and tools).
    pub fn to_rsa(&self) -> Result<rsa::RsaPublicKey> {
        let n = rsa::BoxedUint::from_be_slice_vartime(&self.inner.n);
        rsa::RsaPublicKey::new(n, rsa::BoxedUint::from(self.inner.e))
            .map_err(|_| malformed("the rsa crate refuses the key"))
    }
}

/// `bytes` without its leading zero bytes.
fn significant(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// The `rsa` crate's checks of a public key (`RsaPublicKey::new`), with kassa's size range: a
/// modulus of [`MIN_BITS`] to [`MAX_BITS`] significant bits, odd; an odd exponent from 3 to
/// 2^33 - 1 (so below the modulus). Answers the trimmed modulus and the exponent.
fn rsa_rules<'a>(n: &'a [u8], e: &[u8]) -> std::result::Result<(&'a [u8], u64), Refusal> {
    let n = significant(n);
    let leading = n.first().map_or(8, |b| b.leading_zeros() as usize);
    let bits = (n.len() * 8).saturating_sub(leading);
    check_bits(bits).map_err(|_| Refusal::Size(bits))?;
    let e = significant(e);
    if e.len() > 8 {
        return Err(Refusal::Malformed);
    }
    let e = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let odd = |x: Option<&u8>| x.is_some_and(|b| b & 1 == 1);
    if !odd(n.last()) || e & 1 == 0 || !(3..=(1 << 33) - 1).contains(&e) {
        return Err(Refusal::Malformed);
    }
    Ok((n, e))
}

impl Refusal {
    fn error(self, malformed_message: &str) -> Error {
        match self {
            Refusal::Size(bits) => size_error(bits),
            Refusal::Malformed => malformed(malformed_message),
        }
    }
}

/// The DER SubjectPublicKeyInfo of the key: rsaEncryption with NULL parameters around the
/// PKCS#1 RSAPublicKey (what `openssl` writes and WebCrypto imports).
fn spki_der(n: &[u8], e: u64) -> Option<Vec<u8>> {
    let e = e.to_be_bytes();
    let key = pkcs1::RsaPublicKey {
        modulus: UintRef::new(n).ok()?,
        public_exponent: UintRef::new(significant(&e)).ok()?,
    };
    let pkcs1_der = key.to_der().ok()?;
    let info = spki::SubjectPublicKeyInfo::<AnyRef<'_>, BitStringRef<'_>> {
        algorithm: spki::AlgorithmIdentifier {
            oid: RSA_ENCRYPTION,
            parameters: Some(AnyRef::NULL),
        },
        subject_public_key: BitStringRef::from_bytes(&pkcs1_der).ok()?,
    };
    info.to_der().ok()
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
    pub fn public_key(&self) -> Result<PublicKey> {
        let n = self.inner.n().to_be_bytes_trimmed_vartime();
        let e = self.inner.e().to_be_bytes_trimmed_vartime();
        PublicKey::from_parts(&n, &e)
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

fn spki(der: &[u8]) -> Result<PublicKey> {
    let not_valid = || malformed("the public key is not a valid RSA SubjectPublicKeyInfo");
    let info = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|_| not_valid())?;
    // The `rsa` crate's algorithm rule: rsaEncryption with NULL parameters, or RSASSA-PSS with
    // none. A well-formed SPKI of another algorithm (EC, Ed25519) is named as such.
    let algorithm = &info.algorithm;
    let parameters_ok = match algorithm.oid {
        RSA_ENCRYPTION => algorithm.parameters == Some(AnyRef::NULL),
        RSASSA_PSS => algorithm.parameters.is_none(),
        oid => {
            return Err(Error::new(
                ErrorCode::UnsupportedAlgorithm,
                format!(
                    "the public key is not RSA (algorithm {oid}); the gateways sign with RSA keys"
                ),
            ))
        }
    };
    let key = info.subject_public_key.as_bytes().filter(|_| parameters_ok);
    let key = key.ok_or_else(not_valid)?;
    PublicKey::from_pkcs1_der(key)
        .map_err(|r| r.error("the public key is not a valid RSA SubjectPublicKeyInfo"))
}

/// rsaEncryption (PKCS #1).
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-RSASSA-PSS (RFC 4055): an RSA key restricted to PSS; its modulus and exponent verify here
/// like any other.
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

fn certificate(der: &[u8]) -> Result<PublicKey> {
    let spki_der = certificate_spki(der)
        .map_err(|_| malformed("the CERTIFICATE is not a valid DER X.509 certificate"))?;
    spki(&spki_der)
}

/// The DER of an X.509 certificate's subjectPublicKeyInfo (RFC 5280, section 4.1): the seventh
/// field of tbsCertificate, or the sixth when the optional `[0] version` is absent. Only the key
/// is needed — kassa does not check chains or dates — so the certificate is walked with `der`
/// rather than fully decoded (x509-cert's full decoder costs ~15 KB of .wasm for no use here).
fn certificate_spki(der: &[u8]) -> der::Result<Vec<u8>> {
    use der::{Reader, SliceReader, Tag, Tagged};
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
