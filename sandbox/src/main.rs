//! kassa-sandbox: a local emulator of the RBS payment gateway, Mobile Cashier and Koshelek Pay,
//! for kassa's tests and demo. Real HTTP on 127.0.0.1, real order state, signed notifications,
//! scripted faults. See docs/sandbox.md.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Layers, bottom up (no module imports one above it):
// - leaves that know no gateway: cli, runtime, log, faults, env, gateway, util, html, keys,
//   cards, threeds, notify, files, echo;
// - the gateways, each owning its state and routes: rbs, cashier, koshelek;
// - the composition root: app, startup, admin, admin_gateways, routes, pipeline;
// - the native glue: native (tokio, reqwest), server (sockets), this file.
mod admin;
mod admin_gateways;
mod app;
mod cards;
mod cashier;
mod cli;
mod echo;
mod env;
mod faults;
mod files;
mod gateway;
mod html;
mod keys;
mod koshelek;
mod log;
mod native;
mod notify;
mod pipeline;
mod rbs;
mod routes;
mod runtime;
mod server;
mod startup;
mod threeds;
mod util;

use std::io::Write;
use std::sync::Arc;

fn main() {
    let config = match cli::parse(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(if message == cli::USAGE { 0 } else { 2 });
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kassa-sandbox: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    runtime.block_on(run(config));
}

async fn run(config: cli::Config) {
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("kassa-sandbox: cannot bind 127.0.0.1:{}: {e}", config.port);
            std::process::exit(1);
        }
    };
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(config.port);
    let app = app::App::new(config, port, Arc::new(native::Native::new()));
    let line = startup::startup_json(&app).to_string();
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
    let main = routes::main_router(app.clone());
    let payment = routes::payment_router(app.clone());
    app.start_expiry_timer();
    server::serve(listener, app, main, payment).await;
}
