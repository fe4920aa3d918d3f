//! The RBS payment gateway: `/payment/rest/*.do`, the hosted payment page, ACS pages, callbacks.
//!
//! Layout: [`state`] (the gateway's state: [`store::Store`] behind its lock and the shared
//! `Env`), [`routes`] (the route table), one file per group of endpoints (`api`, `direct`,
//! `bindings`, `sbp`, `receipts`, `templates`), the buyer's pages (`pages`, `acs`), the pure
//! order state machine (`orders`), payments and callbacks (`payment`, `callbacks`). Nothing here
//! imports another gateway or the composition root; the expiry timer is ticked from `app.rs`
//! through [`expire_due`].

pub mod acs;
pub mod api;
pub mod bindings;
pub mod callbacks;
pub mod direct;
pub mod fixtures;
pub mod merchants;
pub mod orders;
pub mod pages;
pub mod params;
pub mod payment;
pub mod receipts;
pub mod routes;
pub mod sbp;
pub mod signature;
pub mod spec;
pub mod state;
pub mod store;
pub mod templates;

pub use payment::expire_due;
pub use routes::router;
pub use state::Rbs;
