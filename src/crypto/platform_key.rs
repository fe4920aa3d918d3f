//! The one RSA private-key parser of kassa ([`Pkcs8RsaKey::from_pem`]: PEM label dispatch,
//! decryption of `ENCRYPTED PRIVATE KEY`, PKCS#1 → PKCS#8, algorithm and size), and the keys the
//! platform's own crypto (WebCrypto) signs with. `keys::PrivateKey` wraps this parser.
//!
//! DESIGN: kassa never runs the `rsa` crate's private-key arithmetic on a network-observable path:
//! RustSec's RUSTSEC-2023-0071 (Marvin) lists no patched `rsa` release. For the client's RBS
//! `X-Signature` a merchant's key is only parsed and checked here — DER structure, algorithm and size,
//! with the `pkcs1`/`pkcs8` decoders and no big-integer arithmetic — and normalised to PKCS#8 DER,
//! the form WebCrypto's `importKey('pkcs8', ...)` takes. The signature itself is made by
//! `crypto.subtle.sign` (BoringSSL/OpenSSL underneath) in the wasm transport.

use std::fmt;

use der::Decode;
use pkcs8::PrivateKeyInfoRef;
use zeroize::Zeroizing;

use super::key_rules::{check_bits, legacy_encrypted_error, malformed, passphrase_missing};
use super::pem;
use crate::{Error, ErrorCode, Result};

/// An RSA private key as PKCS#8 DER, checked but never used for arithmetic by kassa.
#[derive(Clone)]
pub struct Pkcs8RsaKey {
    der: Zeroizing<Vec<u8>>,
    bits: usize,
}

impl Pkcs8RsaKey {
    /// Parses PEM `PRIVATE KEY` (PKCS#8), `RSA PRIVATE KEY` (PKCS#1), `ENCRYPTED PRIVATE KEY`
    /// (decrypted with `passphrase`; natively only: the WebAssembly build leaves the PBES2 ciphers
    /// out, see [`PlatformKey`]) or bare base64 DER.
    pub fn from_pem(pem_text: &str, passphrase: Option<&str>) -> Result<Self> {
        let armored = pem::decode(pem_text, "private key")?;
        let der = Zeroizing::new(armored.der);
        match armored.label.as_deref() {
            Some("RSA PRIVATE KEY") if armored.legacy_encrypted => Err(legacy_encrypted_error()),
            Some("RSA PRIVATE KEY") => Self::from_pkcs1_der(&der),
            Some("PRIVATE KEY") => Self::from_pkcs8_der(&der),
            Some("ENCRYPTED PRIVATE KEY") => Self::from_pkcs8_der(&decrypt(&der, passphrase)?),
            Some(l) if l.contains("PUBLIC KEY") || l.contains("CERTIFICATE") => Err(malformed(
                format!("a `{l}` is public; signing needs the private key"),
            )),
            Some(other) => Err(malformed(format!(
                "a `{other}` PEM block is not a private key; expected PRIVATE KEY, RSA PRIVATE \
                 KEY or ENCRYPTED PRIVATE KEY"
            ))),
            None => Self::from_pkcs8_der(&der).or_else(|_| Self::from_pkcs1_der(&der)),
        }
    }

    /// A PKCS#8 `PrivateKeyInfo` holding an RSA key.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let info = PrivateKeyInfoRef::try_from(der)
            .map_err(|_| malformed("the private key is not valid PKCS#8 DER"))?;
        if info.algorithm.oid != pkcs1::ALGORITHM_OID {
            return Err(Error::new(
                ErrorCode::UnsupportedAlgorithm,
                format!(
                    "the private key's algorithm is {}, not RSA (rsaEncryption); RBS request \
                     signing needs an RSA key",
                    info.algorithm.oid
                ),
            ));
        }
        let bits = rsa_bits(info.private_key.as_bytes())?;
        Ok(Self {
            der: Zeroizing::new(der.to_vec()),
            bits,
        })
    }

    /// A PKCS#1 `RSAPrivateKey`, wrapped into PKCS#8.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        let bits = rsa_bits(der)?;
        Ok(Self {
            der: wrap_pkcs1(der)?,
            bits,
        })
    }

    /// The PKCS#8 DER bytes (for `crypto.subtle.importKey('pkcs8', ...)`).
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The modulus size in bits (whole bytes, as RSA key sizes are given).
    pub fn bits(&self) -> usize {
        self.bits
    }
}

/// A signing key as the platform will use it: ready PKCS#8, or (in the WebAssembly build, which
/// leaves the PBES2 ciphers out) an `ENCRYPTED PRIVATE KEY` the platform decrypts itself with
/// WebCrypto's PBKDF2 and AES-CBC when it first signs.
#[derive(Clone, Debug)]
pub enum PlatformKey {
    /// A checked PKCS#8 RSA key.
    Pkcs8(Pkcs8RsaKey),
    /// A PBES2-encrypted PKCS#8 key with its passphrase, checked once decrypted.
    Encrypted(EncryptedPkcs8),
}

impl PlatformKey {
    /// Parses a PEM private key as [`Pkcs8RsaKey::from_pem`] does; in the WebAssembly build an
    /// `ENCRYPTED PRIVATE KEY` is kept encrypted (see [`EncryptedPkcs8`]).
    pub fn from_pem(pem_text: &str, passphrase: Option<&str>) -> Result<Self> {
        #[cfg(target_arch = "wasm32")]
        {
            let armored = pem::decode(pem_text, "private key")?;
            if armored.label.as_deref() == Some("ENCRYPTED PRIVATE KEY") {
                return Ok(Self::Encrypted(EncryptedPkcs8::parse(
                    &armored.der,
                    passphrase,
                )?));
            }
        }
        Ok(Self::Pkcs8(Pkcs8RsaKey::from_pem(pem_text, passphrase)?))
    }

    /// The modulus size, when known before decryption.
    pub fn bits(&self) -> Option<usize> {
        match self {
            Self::Pkcs8(k) => Some(k.bits()),
            Self::Encrypted(_) => None,
        }
    }
}

/// What a platform needs to decrypt a PBES2 `ENCRYPTED PRIVATE KEY` with PBKDF2 and AES-CBC
/// (WebCrypto's `deriveBits` and `decrypt`). Parsed with the `pkcs5` types; no cipher runs here.
#[derive(Clone)]
pub struct EncryptedPkcs8 {
    /// The PBKDF2 salt.
    pub salt: Vec<u8>,
    /// The PBKDF2 iteration count.
    pub iterations: u32,
    /// The PBKDF2 PRF's hash as WebCrypto names it (`SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`).
    pub prf_hash: &'static str,
    /// The AES key length in bits (128, 192 or 256).
    pub aes_bits: u16,
    /// The AES-CBC initialisation vector.
    pub iv: Vec<u8>,
    /// The encrypted PKCS#8 bytes.
    pub ciphertext: Vec<u8>,
    /// The passphrase (zeroized on drop; never printed).
    pub passphrase: Zeroizing<String>,
}

impl EncryptedPkcs8 {
    /// Reads the PBES2 parameters of an `EncryptedPrivateKeyInfo`. scrypt and PBES1 keys are
    /// `ENCRYPTED_KEY` naming the `openssl pkcs8` command that re-encrypts them with PBKDF2.
    pub fn parse(der: &[u8], passphrase: Option<&str>) -> Result<Self> {
        use pkcs5::pbes2::{EncryptionScheme as Cipher, Kdf, Pbkdf2Prf};
        let Some(passphrase) = passphrase else {
            return Err(passphrase_missing());
        };
        let unsupported = |what: &str| {
            Error::new(
                ErrorCode::EncryptedKey,
                format!(
                    "the private key is encrypted with {what}, which kassa's WebAssembly build \
                     decrypts only as PBES2 with PBKDF2 and AES-CBC; re-encrypt it with `openssl \
                     pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in key.pem -out new.pem`"
                ),
            )
        };
        let info = pkcs8::EncryptedPrivateKeyInfoRef::try_from(der).map_err(|_| {
            malformed("the ENCRYPTED PRIVATE KEY block is not valid encrypted PKCS#8")
        })?;
        let pkcs5::EncryptionScheme::Pbes2(params) = &info.encryption_algorithm else {
            return Err(unsupported("PBES1"));
        };
        let Kdf::Pbkdf2(kdf) = &params.kdf else {
            return Err(unsupported("scrypt"));
        };
        let prf_hash = match kdf.prf {
            Pbkdf2Prf::HmacWithSha1 => "SHA-1",
            Pbkdf2Prf::HmacWithSha256 => "SHA-256",
            Pbkdf2Prf::HmacWithSha384 => "SHA-384",
            Pbkdf2Prf::HmacWithSha512 => "SHA-512",
            _ => return Err(unsupported("a PBKDF2 PRF WebCrypto lacks (HMAC-SHA-224)")),
        };
        let (aes_bits, iv) = match &params.encryption {
            Cipher::Aes128Cbc { iv } => (128, iv.to_vec()),
            Cipher::Aes192Cbc { iv } => (192, iv.to_vec()),
            Cipher::Aes256Cbc { iv } => (256, iv.to_vec()),
            _ => return Err(unsupported("a cipher other than AES-CBC")),
        };
        Ok(Self {
            salt: kdf.salt.as_bytes().to_vec(),
            iterations: kdf.iteration_count,
            prf_hash,
            aes_bits,
            iv,
            ciphertext: info.encrypted_data.as_bytes().to_vec(),
            passphrase: Zeroizing::new(passphrase.to_owned()),
        })
    }

    /// The key the platform decrypted, checked as any PKCS#8 key is. A wrong passphrase shows up
    /// here (or as a padding error in the platform) as `ENCRYPTED_KEY`.
    pub fn decrypted(plain_der: &[u8]) -> Result<Pkcs8RsaKey> {
        Pkcs8RsaKey::from_pkcs8_der(plain_der).map_err(|_| wrong_passphrase())
    }
}

/// `ENCRYPTED_KEY` for a key that did not decrypt to a valid PKCS#8 RSA key.
pub fn wrong_passphrase() -> Error {
    Error::new(
        ErrorCode::EncryptedKey,
        "the private key could not be decrypted: the passphrase is wrong",
    )
}

impl fmt::Debug for EncryptedPkcs8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "EncryptedPkcs8(PBKDF2-{} x{}, AES-{}-CBC, <redacted>)",
            self.prf_hash, self.iterations, self.aes_bits
        )
    }
}

/// A PKCS#1 `RSAPrivateKey` wrapped into PKCS#8 `PrivateKeyInfo` (version 0, rsaEncryption with
/// NULL parameters, the key as the OCTET STRING): the bytes `pkcs8`'s DER encoder writes
/// (`wrapping_matches_the_pkcs8_encoder` holds them byte-identical), written here because der's
/// encoder machinery cost `kassa/client` about 3 KB of gzipped wasm for these few bytes.
fn wrap_pkcs1(pkcs1_der: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    /// INTEGER 0 (the version), then AlgorithmIdentifier { OID 1.2.840.113549.1.1.1, NULL }.
    const HEAD: [u8; 18] = [
        0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00,
    ];
    /// A DER length: one byte below 128, else 0x80 + the count of big-endian bytes, then them.
    fn length(n: u32) -> Vec<u8> {
        if n < 0x80 {
            return vec![n as u8];
        }
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let mut out = vec![0x80 | (4 - skip) as u8];
        out.extend_from_slice(bytes.get(skip..).unwrap_or_default());
        out
    }
    let too_large = || malformed("the PKCS#1 key is too large to wrap");
    let key_len = u32::try_from(pkcs1_der.len()).map_err(|_| too_large())?;
    let key_len = length(key_len);
    let body = HEAD.len() + 1 + key_len.len() + pkcs1_der.len();
    let body_len = length(u32::try_from(body).map_err(|_| too_large())?);
    let mut out = Zeroizing::new(Vec::with_capacity(1 + body_len.len() + body));
    out.push(0x30);
    out.extend_from_slice(&body_len);
    out.extend_from_slice(&HEAD);
    out.push(0x04);
    out.extend_from_slice(&key_len);
    out.extend_from_slice(pkcs1_der);
    Ok(out)
}

/// The key size of a PKCS#1 `RSAPrivateKey`, checked against kassa's 1024–4096-bit range.
fn rsa_bits(pkcs1_der: &[u8]) -> Result<usize> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(pkcs1_der)
        .map_err(|_| malformed("the RSA private key is not valid PKCS#1 DER"))?;
    let bits = key.modulus.as_bytes().len() * 8;
    check_bits(bits)?;
    Ok(bits)
}

#[cfg(not(target_arch = "wasm32"))]
fn decrypt(der: &[u8], passphrase: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
    let Some(passphrase) = passphrase else {
        return Err(passphrase_missing());
    };
    let info = pkcs8::EncryptedPrivateKeyInfoRef::try_from(der)
        .map_err(|_| malformed("the ENCRYPTED PRIVATE KEY block is not valid encrypted PKCS#8"))?;
    let doc = info
        .decrypt(passphrase)
        .map_err(|_| super::key_rules::encrypted_key_error())?;
    Ok(Zeroizing::new(doc.as_bytes().to_vec()))
}

#[cfg(target_arch = "wasm32")]
fn decrypt(_der: &[u8], _passphrase: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
    Err(super::key_rules::wasm_encrypted_unsupported_error())
}

impl fmt::Debug for Pkcs8RsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pkcs8RsaKey({} bits, <redacted>)", self.bits)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    use crate::crypto::test_vector as vector;

    #[test]
    fn wrapping_matches_the_pkcs8_encoder() {
        use der::Encode;
        for n in [
            0usize, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x1_0000, 0x12_3456,
        ] {
            let key = vec![0xa5u8; n];
            let octets = der::asn1::OctetStringRef::new(&key).unwrap();
            let encoded = PrivateKeyInfoRef::new(pkcs1::ALGORITHM_ID, octets)
                .to_der()
                .unwrap();
            assert_eq!(*wrap_pkcs1(&key).unwrap(), encoded, "{n} bytes");
        }
    }

    #[test]
    fn pkcs1_and_pkcs8_forms_give_the_same_pkcs8_der() {
        let p8 = Pkcs8RsaKey::from_pem(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
        let p1 = Pkcs8RsaKey::from_pem(&vector("test-key-2048.pkcs1.pem"), None).unwrap();
        assert_eq!(p8.bits(), 2048);
        assert_eq!(
            p1.der(),
            p8.der(),
            "PKCS#1 wrapped into PKCS#8 is byte-identical"
        );
        // The cross-check with keys::PrivateKey is in tests/keys.rs.
    }

    #[test]
    fn encrypted_pkcs8_natively() {
        let enc = vector("test-key-2048.encrypted.pem");
        let plain = Pkcs8RsaKey::from_pem(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
        let missing = Pkcs8RsaKey::from_pem(&enc, None).unwrap_err();
        assert_eq!(missing.code(), ErrorCode::EncryptedKey);
        let wrong = Pkcs8RsaKey::from_pem(&enc, Some("wrong")).unwrap_err();
        assert_eq!(wrong.code(), ErrorCode::EncryptedKey);
        let decrypted = Pkcs8RsaKey::from_pem(&enc, Some("correct-horse")).unwrap();
        assert_eq!(decrypted.der(), plain.der());
        let legacy = Pkcs8RsaKey::from_pem(&vector("test-key-2048.legacy-encrypted.pem"), None);
        assert!(legacy
            .unwrap_err()
            .message()
            .contains("openssl pkcs8 -topk8"));
    }

    #[test]
    fn pbes2_parameters_for_the_platform() {
        let pem =
            crate::crypto::pem::decode(&vector("test-key-2048.encrypted.pem"), "key").unwrap();
        let e = EncryptedPkcs8::parse(&pem.der, Some("correct-horse")).unwrap();
        assert_eq!((e.prf_hash, e.aes_bits, e.iv.len()), ("SHA-256", 256, 16));
        assert!(e.iterations >= 1000 && !e.salt.is_empty() && e.ciphertext.len() > 1000);
        assert!(!format!("{e:?}").contains("correct-horse"));
        let no_pass = EncryptedPkcs8::parse(&pem.der, None).unwrap_err();
        assert_eq!(no_pass.code(), ErrorCode::EncryptedKey);
        let scrypt =
            crate::crypto::pem::decode(&vector("test-key-2048.scrypt.pem"), "key").unwrap();
        let err = EncryptedPkcs8::parse(&scrypt.der, Some("correct-horse")).unwrap_err();
        assert!(err.message().contains("scrypt") && err.message().contains("-v2prf"));
        assert_eq!(
            EncryptedPkcs8::decrypted(b"garbage").unwrap_err().code(),
            ErrorCode::EncryptedKey
        );
    }

    #[test]
    fn public_keys_and_garbage_are_refused_and_debug_is_redacted() {
        let public = Pkcs8RsaKey::from_pem(&vector("test-key-2048.pub.pem"), None).unwrap_err();
        assert_eq!(public.code(), ErrorCode::MalformedKey);
        let garbage = Pkcs8RsaKey::from_pem(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            None,
        );
        assert_eq!(garbage.unwrap_err().code(), ErrorCode::MalformedKey);
        let key = Pkcs8RsaKey::from_pem(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
        assert_eq!(format!("{key:?}"), "Pkcs8RsaKey(2048 bits, <redacted>)");
    }
}
