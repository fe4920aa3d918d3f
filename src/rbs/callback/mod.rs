//! RBS callback notifications ("Callback notifications" in the reference): parsing what the
//! merchant's handler received, the canonical string, checksums (HMAC-SHA256 or RSA PKCS#1 v1.5)
//! and the typed callback.

pub mod limits;
pub mod model;
pub mod params;
pub mod sign;
pub mod value;
pub mod verify;

pub use limits::CallbackOptions;
pub use model::{Operation, RbsCallback};
pub use params::{parse_callback, parse_input, Params, ParsedCallback};
pub use sign::{canonical_string, checksum, sign_callback, CallbackSigningKey};
pub use verify::{CallbackCheck, CallbackPublicKey, CallbackVerifier, Prepared};
