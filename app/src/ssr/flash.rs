//! Secrets shown to their owner once, without ever being in a URL (which browsers keep in their
//! history and servers and proxies log) or stored in clear: a new calendar-feed link or API
//! token travels to the page that shows it in a short-lived HttpOnly cookie, cleared when read;
//! an emailed one-time link (invitation, password) is swapped for a cookie on its first request
//! and the browser sent on to an address without it.

use super::context::{request_cookie, state};
use crate::error::AppError;

/// Holds a secret to show once: `kind.secret`, five minutes.
pub const REVEAL_COOKIE: &str = "midsa_reveal";
/// Holds the token of an emailed one-time link: `kind.token`, one hour.
pub const LINK_COOKIE: &str = "midsa_link";

/// Adds a `Set-Cookie` header to the response of this server function or page.
pub fn set_cookie(value: &str) -> Result<(), AppError> {
    use axum::http::{header::SET_COOKIE, HeaderValue};
    // Logged once with the request's reference, like every internal error.
    let internal = |what: &str| AppError::from(super::ServiceError::Internal(what.into()));
    let opts = leptos::prelude::use_context::<leptos_axum::ResponseOptions>().ok_or_else(|| internal("no response options in context"))?;
    let v = HeaderValue::from_str(value).map_err(|_| internal("a cookie that is not a header value"))?;
    opts.append_header(SET_COOKIE, v);
    Ok(())
}

fn secure_suffix() -> &'static str {
    if state().is_ok_and(|s| s.config.secure_cookies) {
        "; Secure"
    } else {
        ""
    }
}

/// `name=value` for `max_age` seconds (0 removes it), readable by the server only.
pub fn cookie(name: &str, value: &str, max_age: i64) -> String {
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}", secure_suffix())
}

/// Keeps `secret` (URL-safe characters only) for the next page that shows secrets of `kind`.
pub fn reveal(kind: &str, secret: &str) -> Result<(), AppError> {
    set_cookie(&cookie(REVEAL_COOKIE, &format!("{kind}.{secret}"), 300))
}

/// The secret of `kind` kept by [`reveal`], if any; it is forgotten (the cookie cleared) now.
pub fn take_reveal(kind: &str) -> Option<String> {
    let value = request_cookie(REVEAL_COOKIE)?;
    let (k, secret) = value.split_once('.')?;
    if k != kind || !secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return None;
    }
    set_cookie(&cookie(REVEAL_COOKIE, "", 0)).ok()?;
    Some(secret.to_string())
}

/// The token of the emailed link of `kind` this browser opened (see [`LINK_COOKIE`]).
pub fn link_token(kind: &str) -> Option<String> {
    let value = request_cookie(LINK_COOKIE)?;
    let (k, token) = value.split_once('.')?;
    (k == kind && !token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .then(|| token.to_string())
}

/// Forgets the emailed link's token (after it was used).
pub fn clear_link() -> Result<(), AppError> {
    set_cookie(&cookie(LINK_COOKIE, "", 0))
}
