//! Request layers: session resolution and CSRF protection, and HTTP statuses for server
//! function errors.

use app::error::AppError;
use app::ssr::auth::{cookie_value, resolve_session, SESSION_COOKIE};
use app::ssr::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Puts the shared state and the signed-in user (if the session cookie is valid) into the
/// request's extensions, and refuses cross-site form posts.
///
/// CSRF: the session cookie is `SameSite=Lax`, and every state-changing request that carries it
/// must come from this site: its `Origin` (or, failing that, `Referer`) must match this host or
/// the public URL. Browsers always send `Origin` on POST, so plain HTML forms work without a
/// token; a cookie-less client (API tests, scripts) has nothing to forge.
pub async fn session_and_csrf(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let token = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| cookie_value(c, SESSION_COOKIE))
        .filter(|t| !t.is_empty())
        .map(str::to_string);

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && token.is_some() && !same_origin(req.headers(), &state.config.public_url) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response();
    }

    // The client's address, for the rate limits: the peer's, or the one a trusted proxy forwarded.
    if let Some(peer) = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()) {
        let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        let ip = app::ssr::state::resolve_client_ip(peer, forwarded, &state.config.trusted_proxies);
        req.extensions_mut().insert(app::ssr::state::ClientIp(ip));
    }

    if let Some(token) = token {
        match resolve_session(&state.db, &token).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(e) => {
                let err: AppError = e.into();
                return (StatusCode::SERVICE_UNAVAILABLE, err.to_string()).into_response();
            }
        }
    }
    req.extensions_mut().insert(state);
    next.run(req).await
}

/// True when the request's Origin (or Referer) is this host or the configured public URL.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let source = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| *o != "null")
        .map(str::to_string)
        .or_else(|| headers.get(header::REFERER).and_then(|v| v.to_str().ok()).map(origin_of));
    let Some(source) = source else {
        return false;
    };
    if source == origin_of(public_url) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    !host.is_empty() && (source == format!("http://{host}") || source == format!("https://{host}"))
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> String {
    match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            let end = rest.find('/').unwrap_or(rest.len());
            format!("{}{}", &url[..i + 3], &rest[..end])
        }
        None => url.to_string(),
    }
}

/// Server functions answer errors with status 500 and the error in the body; this gives them
/// their real status (401, 403, 404, 409, 422, 429, 400) from the `AppError` they carry.
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    let is_server_fn = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR || !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, 1 << 20).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "error body too large").into_response(),
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn origin_checks() {
        let public = "https://midsa.example.org";
        assert!(same_origin(&headers(&[(header::ORIGIN, "https://midsa.example.org")]), public));
        assert!(same_origin(&headers(&[(header::ORIGIN, "http://127.0.0.1:3000"), (header::HOST, "127.0.0.1:3000")]), public));
        assert!(same_origin(&headers(&[(header::REFERER, "https://midsa.example.org/meetings/1")]), public));
        assert!(!same_origin(&headers(&[(header::ORIGIN, "https://evil.example")]), public));
        assert!(!same_origin(&headers(&[(header::ORIGIN, "https://midsa.example.org.evil.example")]), public));
        assert!(!same_origin(&headers(&[(header::ORIGIN, "null")]), public));
        assert!(!same_origin(&headers(&[]), public));
        assert!(!same_origin(&headers(&[(header::REFERER, "https://evil.example/?https://midsa.example.org")]), public));
    }
}
