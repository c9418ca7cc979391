//! The connection side of `mag serve`: accepts TCP connections and serves each
//! with hyper's HTTP/1 server, with a deadline for request headers.
//!
//! `axum::serve` sets no timer, so a client that opens a connection and sends
//! nothing, or one byte of its headers every few seconds (slowloris), would hold
//! a connection and its task for ever. Here hyper's `header_read_timeout` (with
//! tokio's timer) closes a connection whose request line and headers have not
//! all arrived [`HEADER_TIMEOUT`] after the server started reading them, which
//! also closes a kept-alive connection left idle that long between requests. A
//! response being written (a long download, the live-reload event stream) is
//! not cut: the deadline only runs while the server waits for headers.

use std::io;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

use super::{http, Shared};
use crate::diagnostics::Diagnostic;

/// How long a client may take to send a request's line and headers, counted
/// from its connection (or from the end of its previous response on a kept-alive
/// connection); then the connection is closed. Browsers open a new connection
/// when they need one, so closing idle ones costs them nothing.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `shared` on `listener` until Ctrl-C.
///
/// Errors: the runtime or the listener cannot be set up.
pub(crate) fn serve_until_ctrl_c(
    listener: TcpListener,
    shared: Arc<Shared>,
) -> Result<(), Diagnostic> {
    let fail = |e: io::Error| Diagnostic::error(None, format!("cannot start the server: {e}"));
    listener.set_nonblocking(true).map_err(fail)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(fail)?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = http::router(shared);
        tokio::select! {
            served = accept_loop(listener, app) => served,
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    });
    runtime.shutdown_timeout(Duration::from_millis(200));
    result.map_err(fail)?;
    println!("\nStopped.");
    Ok(())
}

/// Accepts connections for ever, each served on its own task.
async fn accept_loop(listener: tokio::net::TcpListener, app: Router) -> io::Result<()> {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, or a connection reset before it was
                // accepted: the server goes on (as `axum::serve` does).
                if !is_connection_error(&e) {
                    eprintln!("warning: cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            // A client that goes away or times out is not an error of the site.
            let _ = connection.await;
        });
    }
}

fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
