//! The native binary: `kassa-sandbox [flags]` (see docs/sandbox.md). Everything is in the library;
//! `server::main` binds the socket, prints the startup line and serves. (On wasm32 there is no
//! binary: the npm package `kassa-sandbox` is the library's wasm build.)
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    kassa_sandbox::server::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
