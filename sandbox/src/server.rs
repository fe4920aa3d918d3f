//! The native binary: parses the flags, binds 127.0.0.1, prints the startup line, then the accept
//! loop: one hyper HTTP/1 connection per socket, every request passed to the [`Emulator`]
//! (request log, faults, CORS, log line, the router chosen by the Host header). Native glue:
//! tokio sockets and hyper.
//!
//! Own accept loop instead of `axum::serve` so a fault can drop the TCP connection of the request
//! it hits (`close_before` / `close_after`).

use std::convert::Infallible;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::cli;
use crate::emulator::Emulator;
use crate::native::Native;
use crate::pipeline::Handled;

/// `kassa-sandbox [flags]`: runs until killed; exits 2 on a bad flag, 1 when it cannot bind.
pub fn main() {
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
    let listener = match TcpListener::bind(("127.0.0.1", config.port)).await {
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
    let emulator = Emulator::start(config, port, Arc::new(Native::new()));
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{}", emulator.startup_line());
    let _ = stdout.flush();
    serve(listener, emulator).await;
}

/// Accepts connections forever.
async fn serve(listener: TcpListener, emulator: Arc<Emulator>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let emulator = emulator.clone();
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let killed = kill.clone();
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let (emulator, kill) = (emulator.clone(), kill.clone());
                async move { Ok::<_, Infallible>(handle(&emulator, kill, req).await) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = conn => {}
                _ = killed.notified() => {}
            }
        });
    }
}

/// Runs the pipeline on a hyper request; a `close_*` fault drops the connection (`kill`).
async fn handle(emulator: &Emulator, kill: Arc<Notify>, req: Request<Incoming>) -> Response<Body> {
    match emulator.handle(req.map(Body::new)).await {
        Handled::Respond(response) => response,
        Handled::Close => {
            kill.notify_one();
            std::future::pending().await
        }
    }
}
