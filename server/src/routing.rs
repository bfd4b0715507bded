//! How plain routes are declared: the router (`startup`) and the JSON API (`api_v1`) both list
//! theirs this way, so each can be served and listed (for the authorisation matrix) from one place.

use crate::extract::ServerState;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{on, MethodFilter, MethodRouter};

/// A plain axum route: method, path, handler (with its layers).
pub type PlainRoute = (Method, &'static str, MethodRouter<ServerState>);

/// A route answering `method` only (the method is given once, so the listing cannot disagree
/// with what is served).
pub fn route<H, T>(method: Method, path: &'static str, handler: H) -> PlainRoute
where
    H: Handler<T, ServerState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).expect("a method axum routes");
    (method, path, on(filter, handler))
}
