//! kassa-sandbox: a local emulator of the RBS payment gateway, Mobile Cashier and Koshelek Pay,
//! for kassa's tests and demo. Real HTTP on 127.0.0.1 (the native binary, or `npx kassa-sandbox`),
//! or in process (`createSandbox().fetch` of the npm package); real order state, signed
//! notifications, scripted faults. See docs/sandbox.md.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Layers, bottom up (no module imports one above it):
// - leaves that know no gateway: cli, runtime, timers, log, faults, env, gateway, util, html,
//   keys, cards, threeds, notify, files, echo;
// - the gateways, each owning its state and routes: rbs, cashier, koshelek;
// - the composition root: app, startup, admin, admin_gateways, routes, pipeline, emulator;
// - the runtime glue, one per target: native (tokio, reqwest) and server (sockets) natively,
//   wasm (the JS host's clock, timers and fetch) on wasm32.
mod admin;
mod admin_gateways;
mod app;
mod cards;
mod cashier;
mod cli;
mod echo;
mod emulator;
mod env;
mod faults;
mod files;
mod gateway;
mod html;
mod keys;
mod koshelek;
mod log;
#[cfg(not(target_arch = "wasm32"))]
mod native;
mod notify;
mod pipeline;
mod rbs;
mod routes;
mod runtime;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
mod startup;
mod threeds;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod timers;
mod util;
#[cfg(target_arch = "wasm32")]
mod wasm;
