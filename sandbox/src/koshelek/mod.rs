//! Koshelek Pay: `/koshelek/<partner>/*`.
//!
//! Layout: [`state`] (the gateway's state: [`store::Store`] behind its lock and the shared
//! `Env`), [`routes`] (the route table), `api` (the checks and the operations), `postback`
//! (notifications) and `pages` (the page standing in for the buyer's app). Nothing here
//! imports another gateway or the composition root.

pub mod api;
pub mod pages;
pub mod postback;
pub mod routes;
pub mod state;
pub mod store;
pub mod v1;

pub use routes::router;
pub use state::Koshelek;
