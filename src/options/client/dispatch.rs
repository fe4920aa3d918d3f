//! The three API clients as the core holds them, and the one entry of every method call:
//! [`Client::start`] hands the call to its gateway's `call::start`, which reads the arguments it
//! needs ([`super::Arguments`]) and answers a call machine. Above the gateways: they import the
//! shared types of [`super`], never this module.

use super::{common, id, rbs_config, Arguments, Call, Started, RBS_CLIENT_OPTIONS};
use crate::cashier::{CashierConfig, Session, SharedSession};
use crate::koshelek::config::{KoshelekConfig, Token};
use crate::options::Plain;
use crate::rbs::config::RbsConfig;
use crate::Result;

/// A client of one gateway, as its constructor's options made it.
pub enum Client {
    /// `RbsClient`.
    Rbs(RbsConfig),
    /// `CashierClient`, with its login session.
    Cashier(CashierConfig, SharedSession),
    /// `KoshelekClient`, with where its `token` comes from.
    Koshelek(KoshelekConfig, Token),
}

impl Client {
    /// The option names `new {class}` reads besides [`super::COMMON_OPTIONS`].
    pub fn options(class: &str) -> &'static [&'static str] {
        match class {
            "RbsClient" => RBS_CLIENT_OPTIONS,
            "CashierClient" => CashierConfig::OPTIONS,
            _ => KoshelekConfig::OPTIONS,
        }
    }

    /// `new {class}(options)`: `common` read with [`super::COMMON_OPTIONS`], `own` with
    /// [`Client::options`]; `in_browser` as [`common`] takes it.
    pub fn new(class: &str, common_tree: &Plain, own: &Plain, in_browser: bool) -> Result<Self> {
        let policy = common(common_tree, class, in_browser)?;
        Ok(match class {
            "RbsClient" => Client::Rbs(rbs_config(own, policy)?),
            "CashierClient" => Client::Cashier(
                CashierConfig::from_options(own, policy)?,
                SharedSession::new(std::cell::RefCell::new(Session::default())),
            ),
            _ => {
                let (config, token) = KoshelekConfig::from_options(own, policy)?;
                Client::Koshelek(config, token)
            }
        })
    }

    /// The class name (`RbsClient`).
    pub fn class(&self) -> &'static str {
        match self {
            Client::Rbs(_) => "RbsClient",
            Client::Cashier(..) => "CashierClient",
            Client::Koshelek(..) => "KoshelekClient",
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        match self {
            Client::Rbs(c) => &c.base_url,
            Client::Cashier(c, _) => &c.base_url,
            Client::Koshelek(c, _) => &c.base_url,
        }
    }

    /// `RbsClient.acsRedirectUrl(orderId)`: the reference's `acsRedirect.do` URL for an order.
    pub fn acs_redirect_url(&self, order_id: &Plain) -> Result<String> {
        let order_id = id(order_id, "RbsClient.acsRedirectUrl(orderId)")?;
        crate::rbs::api::acs_redirect_url(self.base_url(), &order_id)
    }

    /// Starts `method` with `args` and 32 random bytes (see [`Call::new`]).
    pub fn start(
        &self,
        method: &str,
        args: &mut dyn Arguments,
        random: [u8; 32],
    ) -> Result<Started> {
        let mut call = Call::new(self.class(), method, args, random);
        match self {
            Client::Rbs(c) => crate::rbs::call::start(c, &mut call),
            Client::Cashier(c, s) => crate::cashier::call::start(c, s, &mut call),
            Client::Koshelek(c, t) => crate::koshelek::call::start(c, t, &mut call),
        }
    }
}
