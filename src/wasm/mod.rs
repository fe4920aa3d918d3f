//! The JavaScript-facing layer: everything `#[wasm_bindgen]` lives here and only converts
//! arguments, calls the core and converts results. No logic a native test could not reach.

mod client;
mod convert;
pub mod error;
mod forms;
mod js_read;
mod predicates;
pub mod primitives;
mod read;
mod signing;
mod verify_cashier;
mod verify_input;
mod verify_koshelek;
mod verify_rbs;
mod verify_types;
mod verify_webcrypto;
