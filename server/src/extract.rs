//! What the plain routes and the JSON API share: the typed state they are served with
//! ([`ServerState`]), who is asking ([`User`], [`MaybeUser`]), how a failure is answered
//! ([`Reply`]) and the one error type they return ([`RouteError`]).
//!
//! A handler reads like this:
//!
//! ```ignore
//! async fn export(State(state): State<AppState>, user: MaybeUser, reply: Reply, Path(id): Path<String>)
//!     -> Result<Response, RouteError> {
//!     let id = parse_id(&id).ok_or(reply.fail(ServiceError::NotFound))?;
//!     let body = service::export(&state.db, user.as_ref(), id).await.map_err(|e| reply.fail(e))?;
//!     Ok(download(body))
//! }
//! ```

use app::components::escape_html as escape;
use app::domain::{CurrentUser, Lang};
use app::error::AppError;
use app::ssr::context::LANG_COOKIE;
use app::ssr::AppState;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, Extensions, HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use leptos::config::LeptosOptions;
use std::convert::Infallible;

/// The router's state: what Leptos needs to render pages, and the application's own (database
/// pool, configuration). Handlers take the part they need: `State<AppState>`.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos: LeptosOptions,
    pub app: AppState,
}

/// How a failure is answered: JSON (`{"error": …}`, as the server functions answer) for the
/// JSON API and clients that ask for it with `Accept: application/json`; otherwise a small HTML
/// page in the reader's language, with the same status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    Json,
    Page(Lang),
}

impl Reply {
    /// The answer `parts` asks for.
    pub fn of(parts: &Parts) -> Self {
        Self::asked(&parts.headers, &parts.uri, &parts.extensions)
    }

    /// The answer a request asks for (in a middleware, before it is taken apart).
    pub fn of_request<B>(req: &axum::http::Request<B>) -> Self {
        Self::asked(req.headers(), req.uri(), req.extensions())
    }

    fn asked(headers: &HeaderMap, uri: &Uri, extensions: &Extensions) -> Self {
        let accepts_json = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"));
        if accepts_json || uri.path().starts_with("/api/") {
            return Reply::Json;
        }
        let cookie = headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|c| app::ssr::auth::cookie_value(c, LANG_COOKIE))
            .and_then(Lang::from_code);
        let user = extensions.get::<CurrentUser>().map(|u| u.locale);
        let browser =
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::from_accept_language).unwrap_or_default();
        Reply::Page(cookie.or(user).unwrap_or(browser))
    }

    pub fn is_json(self) -> bool {
        self == Reply::Json
    }

    /// The failure `error` (a service's, or the application's), answered this way.
    pub fn fail(self, error: impl Into<AppError>) -> RouteError {
        RouteError::Failed { error: error.into(), reply: self }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Reply {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Reply::of(parts))
    }
}

/// The signed-in user (by session cookie or API token). Without one the handler does not run:
/// a 401 in the shape the request asked for.
pub struct User(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for User {
    type Rejection = RouteError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, RouteError> {
        match parts.extensions.get::<CurrentUser>() {
            Some(user) => Ok(User(user.clone())),
            None => Err(Reply::of(parts).fail(AppError::Unauthenticated)),
        }
    }
}

/// The signed-in user, if any (pages and files the public may see too).
pub struct MaybeUser(pub Option<CurrentUser>);

impl MaybeUser {
    pub fn as_ref(&self) -> Option<&CurrentUser> {
        self.0.as_ref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(MaybeUser(parts.extensions.get::<CurrentUser>().cloned()))
    }
}

/// What a plain route or the JSON API fails with. Internal errors were logged with their cause
/// when they became an [`AppError`] (see `From<ServiceError>`); the answer carries only the
/// opaque reference.
#[derive(Debug)]
pub enum RouteError {
    /// An error answered with its status (401, 403, 404, 409, 413, 422, 429, 500), as JSON or as
    /// an HTML page (see [`Reply`]).
    Failed { error: AppError, reply: Reply },
    /// A plain form (no JavaScript) refused: back to its page, the reason in the address
    /// (`?file_error=…#files`), where the page shows it on the field.
    Back(String),
}

/// The HTML page for `error`: its title and text in `lang` (the same words as a page's error
/// panel), a sign-in link for a 401 and a way home.
fn error_page(error: &AppError, lang: Lang) -> String {
    let t = app::i18n::Strings::get(lang);
    let (title, body) = error.title_and_body(t);
    let login = if matches!(error, AppError::Unauthenticated) {
        format!("<p><a href=\"/login\">{}</a></p>", escape(t.nav_login))
    } else {
        String::new()
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} \u{2013} MIDSA Dialogue</title></head>\n<body><main><h1>{title}</h1><p>{body}</p>{login}<p><a href=\"/\">MIDSA Dialogue</a></p></main></body></html>\n",
        code = lang.code(),
        title = escape(title),
        body = escape(&body),
    )
}

impl IntoResponse for RouteError {
    fn into_response(self) -> Response {
        match self {
            RouteError::Failed { error, reply } => {
                let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                match reply {
                    Reply::Json => (status, axum::Json(error)).into_response(),
                    Reply::Page(lang) => (status, [(header::CACHE_CONTROL, "no-store")], Html(error_page(&error, lang))).into_response(),
                }
            }
            RouteError::Back(path) => crate::routes::redirect(&path).into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_page_is_in_the_readers_language_and_escaped() {
        let page = error_page(&AppError::Unauthenticated, Lang::Fr);
        assert!(page.contains("lang=\"fr\"") && page.contains("href=\"/login\""));
        let page = error_page(&AppError::Internal { reference: "<script>".into() }, Lang::En);
        assert!(!page.contains("<script>"));
        let res = Reply::Page(Lang::Pt).fail(AppError::NotFound).into_response();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(Reply::Json.fail(AppError::Forbidden).into_response().status(), StatusCode::FORBIDDEN);
    }
}
