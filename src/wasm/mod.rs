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
