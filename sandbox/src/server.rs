//! The accept loop: one hyper HTTP/1 connection per socket, every request passed through
//! [`pipeline::handle`] (request log, faults, CORS, log line, the router chosen by the Host
//! header). Native glue: tokio sockets and hyper.
//!
//! Own accept loop instead of `axum::serve` so a fault can drop the TCP connection of the request
//! it hits (`close_before` / `close_after`).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::app::Shared;
use crate::pipeline::{self, Handled};

/// Accepts connections forever.
pub async fn serve(listener: TcpListener, app: Shared, main: Router, payment: Router) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (app, main, payment) = (app.clone(), main.clone(), payment.clone());
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let killed = kill.clone();
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let (app, main, payment, kill) =
                    (app.clone(), main.clone(), payment.clone(), kill.clone());
                async move { Ok::<_, Infallible>(handle(app, main, payment, kill, req).await) }
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
async fn handle(
    app: Shared,
    main: Router,
    payment: Router,
    kill: Arc<Notify>,
    req: Request<Incoming>,
) -> Response<Body> {
    match pipeline::handle(&app, main, payment, req.map(Body::new)).await {
        Handled::Respond(response) => response,
        Handled::Close => {
            kill.notify_one();
            std::future::pending().await
        }
    }
}
