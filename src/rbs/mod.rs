//! The RBS payment gateway (VTB and other banks on the same platform).
//!
//! The same files as every gateway: [`config`] (environments `'test'`/`'production'` and the base
//! URL, resolved once; credentials), [`api`] (typed requests → plain requests: the endpoint table;
//! [`api_params`] puts parameters on the wire), [`response`] (answers → typed results or errors),
//! [`call`] (the call machine, its unknown-outcome probe and its poller), [`forms`] (3-D Secure
//! forms and the one ACS redirect builder), [`order_status`]; [`signing`] is RBS's optional
//! request signature and [`callback`] the notification verifier. What the gateways share
//! (encoding, base-URL policy, amounts, the exchange and the poller) is in [`crate::http`].

pub mod api;
pub mod api_params;
pub mod call;
pub mod callback;
pub mod config;
pub mod forms;
pub mod order_status;
pub mod response;
pub mod signing;

pub use call::RbsCall;
pub use order_status::OrderStatus;
