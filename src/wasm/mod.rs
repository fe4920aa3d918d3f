//! The JavaScript-facing layer: everything `#[wasm_bindgen]` lives here and only converts
//! arguments, calls the core and converts results. No logic a native test could not reach.
//!
//! Each module is compiled only into the npm entries that need it (the `entry-*` features of
//! Cargo.toml; the default, all of them, is the root `kassa`): what an entry does not export is
//! not in its .wasm.

#[cfg(feature = "entry-client")]
mod client;
pub mod error;
#[cfg(feature = "entry-forms")]
mod forms;
mod js_read;
#[cfg(any(feature = "entry-verify", feature = "entry-client"))]
mod predicates;
#[cfg(feature = "entry-verify")]
pub mod primitives;
mod read;
#[cfg(feature = "entry-verify")]
mod request;
#[cfg(feature = "entry-testing")]
mod signing;
#[cfg(feature = "entry-verify")]
mod verify;
#[cfg(any(feature = "entry-verify", feature = "entry-client"))]
mod webcrypto;

/// The heap allocator of the entries without a speed target (kassa/forms, kassa/client): talc,
/// which is smaller than Rust's default wasm allocator (dlmalloc). Measured gzip -9 of each
/// entry's .wasm, one build each (2026-12-02): forms 48,282 -> 45,915 B, client 142,952 ->
/// 140,475 B. The entries with speed targets (kassa/verify, kassa/testing and the root) keep
/// dlmalloc: with talc, kassa/verify was 2.4 KB smaller but the RBS HMAC `check` about 3% slower
/// (interleaved A/B in one Node process, both import orders; RSA within noise). talc's cell
/// assumes one thread, which a wasm module without the `atomics` target feature is.
#[cfg(all(
    any(feature = "entry-forms", feature = "entry-client"),
    not(target_feature = "atomics"),
    not(any(feature = "entry-verify", feature = "entry-testing"))
))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
