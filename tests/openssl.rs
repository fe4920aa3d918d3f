//! Interoperability with the `openssl` CLI, on fresh keys of 1024, 2048 and 4096 bits made for
//! this run: kassa verifies openssl's signatures (SHA-1/256/512, RBS callbacks, Mobile Cashier
//! webhooks, HMAC checksums) and openssl verifies kassa's. Skipped, saying so, without openssl.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use kassa::cashier::notification as webhook;
use kassa::cashier::notification::WebhookVerifier;
use kassa::crypto::{self, HashAlg, PrivateKey, PublicKey};
use kassa::rbs::callback::{
    canonical_string, parse_input, sign_callback, CallbackPublicKey, CallbackSigningKey,
    CallbackVerifier,
};

fn openssl(args: &[&str], dir: &Path) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `openssl` with a command line of plain words (no word holds a space) in `dir`.
fn run(dir: &Path, line: &str) -> Vec<u8> {
    openssl(&line.split(' ').collect::<Vec<_>>(), dir)
}

fn have_openssl() -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: the `openssl` CLI is not installed, so the interoperability tests did not run");
    }
    ok
}

fn temp_dir(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("kassa-openssl-{name}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Fresh {
    dir: PathBuf,
    private: PrivateKey,
    public_pem: String,
}

/// `key.pem` (a fresh RSA key of `bits`) and `pub.pem` (its SPKI public key) in `dir`.
fn keygen(dir: &Path, bits: u32) {
    let keygen = format!("rsa_keygen_bits:{bits}");
    openssl(
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            &keygen,
            "-out",
            "key.pem",
        ],
        dir,
    );
    run(dir, "pkey -in key.pem -pubout -out pub.pem");
}

fn fresh_key(bits: u32) -> Fresh {
    let dir = temp_dir(&bits.to_string());
    keygen(&dir, bits);
    let private =
        PrivateKey::parse(&std::fs::read_to_string(dir.join("key.pem")).unwrap(), None).unwrap();
    let public_pem = std::fs::read_to_string(dir.join("pub.pem")).unwrap();
    Fresh {
        dir,
        private,
        public_pem,
    }
}

const CALLBACK: &str = "mdOrder=5f1c-77&orderNumber=%D0%97-1&operation=deposited&status=1&amount=150000&callbackCreationDate=Mon+Jan+31+21%3A46%3A52+UTC+2022&empty=";

#[test]
fn fresh_keys_every_size_and_hash_both_directions() {
    if !have_openssl() {
        return;
    }
    for bits in [1024u32, 2048, 4096] {
        let k = fresh_key(bits);
        let public = PublicKey::parse(&k.public_pem).unwrap();
        assert_eq!(public.bits(), bits as usize);
        assert_eq!(public, k.private.public_key().unwrap());
        let params = parse_input(CALLBACK).unwrap();
        let canonical = canonical_string(&params);
        std::fs::write(k.dir.join("msg"), canonical.as_bytes()).unwrap();
        for (hash, flag) in [
            (HashAlg::Sha1, "-sha1"),
            (HashAlg::Sha256, "-sha256"),
            (HashAlg::Sha512, "-sha512"),
        ] {
            // openssl signs, kassa verifies (raw primitive and a whole RBS callback).
            let sig = openssl(&["dgst", flag, "-sign", "key.pem", "msg"], &k.dir);
            crypto::verify_pkcs1v15(&public, hash, canonical.as_bytes(), &sig).unwrap();
            let verifier = CallbackVerifier::new(
                None,
                vec![CallbackPublicKey {
                    key: public.clone(),
                    alias: None,
                    hash,
                }],
            )
            .unwrap();
            let query = format!("{CALLBACK}&checksum={}", crypto::hex_upper(&sig));
            let cb = verifier.verify_input(&query).unwrap();
            assert!(cb.is_payment_success);
            assert_eq!(cb.order_number.as_deref(), Some("З-1"));
            // kassa signs, openssl verifies.
            let ours = crypto::sign_pkcs1v15(&k.private, hash, canonical.as_bytes()).unwrap();
            assert_eq!(ours, sig, "PKCS#1 v1.5 is deterministic: {bits} {flag}");
            std::fs::write(k.dir.join("ours.sig"), &ours).unwrap();
            let out = openssl(
                &[
                    "dgst",
                    flag,
                    "-verify",
                    "pub.pem",
                    "-signature",
                    "ours.sig",
                    "msg",
                ],
                &k.dir,
            );
            assert_eq!(String::from_utf8_lossy(&out).trim(), "Verified OK");
        }
        // A whole signed callback from kassa, checked by openssl over the canonical string.
        let signing = CallbackSigningKey::Rsa {
            key: k.private.clone(),
            hash: HashAlg::Sha512,
            alias: Some("k1".into()),
        };
        let signed = parse_input(&sign_callback(&params, &signing).unwrap()).unwrap();
        let checksum = &signed.iter().find(|(n, _)| n == "checksum").unwrap().1;
        std::fs::write(
            k.dir.join("cb.sig"),
            crypto::hex_decode(checksum, "x").unwrap(),
        )
        .unwrap();
        let out = run(&k.dir, "dgst -sha512 -verify pub.pem -signature cb.sig msg");
        assert_eq!(String::from_utf8_lossy(&out).trim(), "Verified OK");
        std::fs::remove_dir_all(&k.dir).ok();
    }
}

#[test]
fn key_formats_from_openssl() {
    if !have_openssl() {
        return;
    }
    let k = fresh_key(2048);
    let d = &k.dir;
    run(d, "rsa -in key.pem -RSAPublicKey_out -out pkcs1pub.pem");
    run(d, "pkey -in key.pem -pubout -outform DER -out pub.der");
    run(
        d,
        "req -new -x509 -key key.pem -subj /CN=t -days 1 -out cert.pem",
    );
    run(d, "x509 -in cert.pem -outform DER -out cert.der");
    run(d, "pkey -in key.pem -traditional -out pkcs1.pem");
    run(
        d,
        "pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -passout pass:s3cret -out enc.pem",
    );
    let expected = k.private.public_key().unwrap();
    let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap();
    let b64 = |f: &str| crypto::base64_encode(&std::fs::read(d.join(f)).unwrap());
    for text in [
        read("pub.pem"),
        read("pkcs1pub.pem"),
        read("cert.pem"),
        b64("pub.der"),
        b64("cert.der"),
    ] {
        assert_eq!(PublicKey::parse(&text).unwrap(), expected);
    }
    assert_eq!(
        PrivateKey::parse(&read("pkcs1.pem"), None)
            .unwrap()
            .public_key()
            .unwrap(),
        expected
    );
    let enc = PrivateKey::parse(&read("enc.pem"), Some("s3cret")).unwrap();
    assert_eq!(enc.public_key().unwrap(), expected);
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn keys_outside_1024_to_4096_bits_are_refused_with_their_size() {
    if !have_openssl() {
        return;
    }
    for bits in [512u32, 4160] {
        let dir = temp_dir(&format!("size{bits}"));
        keygen(&dir, bits);
        run(&dir, "rsa -in key.pem -RSAPublicKey_out -out pkcs1.pem");
        for file in ["pub.pem", "pkcs1.pem"] {
            let e = PublicKey::parse(&std::fs::read_to_string(dir.join(file)).unwrap())
                .err()
                .unwrap();
            assert_eq!(e.code(), kassa::ErrorCode::MalformedKey);
            assert!(
                e.message().contains(&format!("{bits} bits")),
                "{}",
                e.message()
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}

#[test]
fn cashier_webhooks_and_hmac_checksums_match_openssl() {
    if !have_openssl() {
        return;
    }
    let k = fresh_key(2048);
    let body = "{\"order\":{\"id\":9,\"status\":\"CHARGED\",\"description\":\"Оплата заказа\"}}\n";
    std::fs::write(k.dir.join("body.json"), body).unwrap();
    let sig = run(&k.dir, "dgst -sha1 -sign key.pem body.json");
    let header = crypto::base64_encode(&sig);
    let verifier = WebhookVerifier::new(Some(&k.public_pem)).unwrap();
    let n = verifier.verify(body.as_bytes(), Some(&header)).unwrap();
    assert_eq!(n.raw_status.as_deref(), Some("CHARGED"));
    // kassa's signature, verified by openssl.
    let ours = webhook::sign(body.as_bytes(), &k.private).unwrap();
    assert_eq!(ours, header);
    std::fs::write(
        k.dir.join("ours.sig"),
        crypto::base64_decode(&ours, "x").unwrap(),
    )
    .unwrap();
    let out = run(
        &k.dir,
        "dgst -sha1 -verify pub.pem -signature ours.sig body.json",
    );
    assert_eq!(String::from_utf8_lossy(&out).trim(), "Verified OK");
    // HMAC-SHA256 checksum: openssl's hex equals kassa's.
    let canonical = canonical_string(&parse_input(CALLBACK).unwrap());
    std::fs::write(k.dir.join("msg"), &canonical).unwrap();
    let out = run(&k.dir, "dgst -sha256 -hmac Секрет-key -r msg");
    let hex = String::from_utf8_lossy(&out)
        .split_whitespace()
        .next()
        .unwrap()
        .to_uppercase();
    let signing = CallbackSigningKey::Hmac("Секрет-key".as_bytes().to_vec());
    let query = sign_callback(&parse_input(CALLBACK).unwrap(), &signing).unwrap();
    assert!(query.ends_with(&format!("checksum={hex}")), "{query}");
    std::fs::remove_dir_all(&k.dir).ok();
}
