//! Koshelek Pay: `/koshelek/<partner>/api/v1/merchant/*`, the reference's seven endpoints.
//!
//! Layout: [`state`] (the gateway's state: [`store::Store`] behind its lock and the shared
//! `Env`), [`routes`] (the route table), [`v1`] (the checks and the operations) and `postback`
//! (notifications). Nothing here imports another gateway or the composition root.

pub mod postback;
pub mod routes;
pub mod state;
pub mod store;
pub mod v1;

pub use routes::router;
pub use state::Koshelek;
