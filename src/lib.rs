//! # kassa
//!
//! Verify notifications, build payment redirects and call the APIs of three Russian payment
//! gateways — the RBS payment gateway (VTB and other banks), Mobile Cashier and Koshelek Pay — from
//! Rust and, compiled to WebAssembly, from every JavaScript runtime (browsers, Node, Deno,
//! Cloudflare workerd, the Vercel edge runtime).
//!
//! The crate is a pure, natively testable core ([`crypto`], the gateway modules) with a thin
//! `#[wasm_bindgen]` layer (`wasm`, compiled only for `wasm32`) that converts arguments, calls the
//! core and converts results. Every failure is an [`Error`] with a stable [`ErrorCode`].
//!
//! This file only declares modules and re-exports (see DESIGN.md in the project's shared notes).
#![warn(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod cashier;
pub mod crypto;
pub mod diagnose;
pub mod error;
pub mod form;
pub mod http;
pub mod koshelek;
pub mod notification;
pub mod options;
pub mod rbs;
pub(crate) mod text;

// proptest runs natively only (it does not build for wasm32-unknown-unknown).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod json_strategy;

/// The JavaScript-facing layer (wasm32 only). Public so that the wasm-bindgen-test browser tests
/// can call the exported functions as Rust; JavaScript users see them through the npm package.
///
/// An npm entry built with only some `entry-*` features leaves parts of the shared readers unused;
/// the default build (every entry) still reports dead code.
#[cfg(target_arch = "wasm32")]
#[cfg_attr(
    not(all(
        feature = "entry-verify",
        feature = "entry-forms",
        feature = "entry-client",
        feature = "entry-testing"
    )),
    allow(dead_code)
)]
pub mod wasm;

pub use error::{Error, ErrorCode, Result};

/// The version of this crate, as published in `Cargo.toml` (and as `version()` in JavaScript).
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
