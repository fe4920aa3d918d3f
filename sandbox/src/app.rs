//! The composition root's state: the shared [`Env`] and the three gateways built on it, plus
//! what spans gateways (reset, the expiry timer). The routers (`routes.rs`), the admin endpoints
//! (`admin*.rs`), the startup line (`startup.rs`) and the server (`server.rs`) take it; no
//! gateway imports it.
//!
//! Each gateway's store has its own lock, as do the log and the faults of [`Env`]; nothing here
//! holds two of them at once.

use std::sync::Arc;

use crate::cashier::{self, Cashier};
use crate::cli::Config;
use crate::env::Env;
use crate::koshelek::Koshelek;
use crate::rbs::{self, Rbs};
use crate::runtime::Runtime;

/// How often unpaid orders past their lifetime are expired (with their notifications).
const EXPIRY_TICK_MS: u64 = 250;

/// Shared handle passed to the composition root's handlers.
pub type Shared = Arc<App>;

/// One emulator process.
pub struct App {
    /// What every gateway shares.
    pub env: Arc<Env>,
    /// The RBS payment gateway.
    pub rbs: Arc<Rbs>,
    /// Mobile Cashier.
    pub cashier: Arc<Cashier>,
    /// Koshelek Pay.
    pub koshelek: Arc<Koshelek>,
}

impl App {
    /// The state of a server bound to `port`, running on `runtime`.
    pub fn new(config: Config, port: u16, runtime: Arc<dyn Runtime>) -> Shared {
        let env = Env::new(config, port, runtime);
        Arc::new(App {
            rbs: Rbs::new(env.clone()),
            cashier: Cashier::new(env.clone()),
            koshelek: Koshelek::new(env.clone()),
            env,
        })
    }

    /// Forgets every request, notification, fault and order; merchants return to their defaults.
    /// Ids keep counting up.
    pub fn reset(&self) {
        self.env.log().clear();
        self.env.faults().clear();
        self.rbs.reset();
        self.cashier.reset();
        self.koshelek.reset();
    }

    /// Expires every gateway's orders whose lifetime is over (RBS declinedByTimeout callbacks,
    /// Mobile Cashier EXPIRED webhooks).
    pub fn tick(&self) {
        rbs::expire_due(&self.rbs);
        cashier::expire_due(&self.cashier);
    }

    /// Calls [`App::tick`] every 250 ms, for as long as the runtime runs.
    pub fn start_expiry_timer(self: &Arc<Self>) {
        let app = self.clone();
        self.env.spawn(async move {
            loop {
                app.env.sleep(EXPIRY_TICK_MS).await;
                app.tick();
            }
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rbs::orders::{status, Order};
    use crate::runtime::fake::Fake;

    #[test]
    fn tick_expires_and_reset_forgets_without_tokio() {
        let fake = Arc::new(Fake::default());
        fake.advance(1_000_000);
        let config = Config {
            merchant_callback_url: Some("http://127.0.0.1:9/cb".into()),
            ..Config::default()
        };
        let app = App::new(config, 1, fake.clone());
        let seeded = app.rbs.lock().orders.len();
        let order = Order::registered(
            "o-1".into(),
            "hmac".into(),
            "n-1".into(),
            100,
            "http://127.0.0.1:9/back".into(),
            1_000_000,
            1_001_000,
        );
        app.rbs.lock().insert(order);
        app.tick();
        assert_eq!(app.rbs.lock().orders["o-1"].status, status::REGISTERED);
        fake.advance(1000);
        app.tick();
        assert_eq!(app.rbs.lock().orders["o-1"].status, status::DECLINED);
        fake.run();
        let params = app.env.log().notifications[0].params.clone();
        assert!(params.contains(&("operation".into(), "declinedByTimeout".into())));
        assert_eq!(fake.sent.lock().unwrap().len(), 1);
        let before = app.env.next_id();
        app.reset();
        assert!(app.env.log().notifications.is_empty());
        assert_eq!(app.rbs.lock().orders.len(), seeded);
        assert!(app.env.next_id() > before, "ids keep counting up");
    }
}
