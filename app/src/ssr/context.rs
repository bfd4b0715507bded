//! Access to the request from server functions and server-rendered components.

use super::AppState;
use crate::domain::CurrentUser;
use crate::domain::Role;
use crate::error::AppError;
use axum::http::request::Parts;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;

/// The request's head, provided by leptos_axum to server functions and SSR alike.
pub fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| super::ServiceError::Internal("no request parts in context".into()).into())
}

/// The application's state, provided to every page and server function by the router
/// (`leptos_routes_with_context` in `server/src/startup.rs`).
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| super::ServiceError::Internal("AppState missing from the Leptos context".into()).into())
}

pub fn db() -> Result<DatabaseConnection, AppError> {
    Ok(state()?.db)
}

/// The signed-in user, resolved from the session cookie by the server's middleware.
pub fn current_user() -> Option<CurrentUser> {
    with_parts(|p| p.extensions.get::<CurrentUser>().cloned())
}

/// `f` of the request's head, read where it is kept ([`parts`] copies it: every header and
/// extension).
pub(crate) fn with_parts<R>(f: impl FnOnce(&Parts) -> Option<R>) -> Option<R> {
    with_context::<Parts, _>(f).flatten()
}

pub fn require_user() -> Result<CurrentUser, AppError> {
    current_user().ok_or(AppError::Unauthenticated)
}

pub fn require_role(role: Role) -> Result<CurrentUser, AppError> {
    let user = require_user()?;
    if user.role == role {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

pub fn require_secretariat() -> Result<CurrentUser, AppError> {
    require_role(Role::Secretariat)
}

/// The client's address as the per-address limits count it (sign-in, self-registration,
/// password links): an IPv4 address, or an IPv6 address's /64 network (one subscriber usually
/// holds a whole /64, so its addresses count as one).
pub fn client_ip() -> String {
    with_parts(|p| {
        p.extensions
            .get::<super::state::ClientIp>()
            .map(|c| c.0)
            .or_else(|| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()))
    })
    .map(|ip| super::state::limit_key(ip.to_canonical()))
    .unwrap_or_else(|| "unknown".into())
}

/// Name of the cookie that remembers the chosen UI language.
pub const LANG_COOKIE: &str = "midsa_lang";

/// The UI language for this request: the language cookie, then the signed-in user's
/// language, then `Accept-Language`, then English.
pub fn request_lang() -> crate::domain::Lang {
    use crate::domain::Lang;
    if let Some(l) = request_cookie(LANG_COOKIE).as_deref().and_then(Lang::from_code) {
        return l;
    }
    if let Some(locale) = with_parts(|p| p.extensions.get::<CurrentUser>().map(|u| u.locale)) {
        return locale;
    }
    request_header(axum::http::header::ACCEPT_LANGUAGE).map(|h| Lang::from_accept_language(&h)).unwrap_or_default()
}

/// Whether this request was made to `path` (a page's, or a server function's own when the
/// browser called it).
pub fn is_request_path(path: &str) -> bool {
    with_parts(|p| Some(p.uri.path() == path)).unwrap_or(false)
}

/// A header of this request, as text.
fn request_header(name: axum::http::HeaderName) -> Option<String> {
    with_parts(|p| p.headers.get(name)?.to_str().ok().map(str::to_string))
}

/// A cookie of this request.
pub(crate) fn request_cookie(name: &str) -> Option<String> {
    request_header(axum::http::header::COOKIE).and_then(|c| super::auth::cookie_value(&c, name).map(str::to_string))
}

/// The cookie in which the browser remembers its reader's time zone (an IANA name).
pub const TZ_COOKIE: &str = "midsa_tz";

/// The reader's time zone from the `midsa_tz` cookie, unchecked.
pub fn viewer_tz() -> Option<String> {
    request_cookie(TZ_COOKIE).map(|v| v.replace("%2F", "/"))
}

/// The cookie that chooses light pages (`1`) or interactive ones (`0`).
pub const LITE_COOKIE: &str = "midsa_lite";

/// Light pages: served without the scripts (no wasm download), when the reader chose them or,
/// without a choice, when the browser asks to save data (`Save-Data: on`).
pub fn lite_mode() -> bool {
    match request_cookie(LITE_COOKIE).as_deref() {
        Some("1") => true,
        Some("0") => false,
        _ => request_header(axum::http::HeaderName::from_static("save-data")).is_some_and(|v| v.trim().eq_ignore_ascii_case("on")),
    }
}

/// Redirects (after a server function, or during SSR) to a same-site path. Every redirect built
/// from request data goes through here: a target that is not a plain local path (see
/// [`crate::domain::local_path`]) becomes `/`, so no user text can make a `Location` header
/// that points elsewhere, splits the header or fails to build.
pub fn redirect(path: &str) {
    leptos_axum::redirect(crate::domain::local_path(path));
}
