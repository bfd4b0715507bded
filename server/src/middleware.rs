//! Request layers: request ids and tracing, session resolution and CSRF protection, and HTTP
//! statuses for server function errors.

use app::error::AppError;
use app::ssr::auth::{cookie_value, resolve_session, SESSION_COOKIE};
use app::ssr::error::{with_request_id, RequestId};
use app::ssr::AppState;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

/// The outermost layer: gives the request its id ([`RequestId`]), serves it inside a tracing
/// span that carries the id (so every log line of the request names it, whatever the log level),
/// makes it the reference of any error page of the request, and answers it in `x-request-id`.
/// The span names the route's pattern (`/invite/{token}`), never the path itself or the query:
/// some paths hold a secret (invitation, password, confirmation and calendar-feed links).
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = RequestId::new();
    req.extensions_mut().insert(id.clone());
    let route = req.extensions().get::<MatchedPath>().map_or("(no route)", |m| m.as_str()).to_string();
    let span = tracing::error_span!("request", id = %id.0, method = %req.method(), route = %route);
    let mut res = with_request_id(id.clone(), next.run(req)).instrument(span).await;
    if let Ok(v) = HeaderValue::from_str(&id.0) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// Puts the shared state and the signed-in user (if the session cookie is valid) into the
/// request's extensions, and refuses cross-site form posts.
///
/// CSRF: the session cookie is `SameSite=Lax`, and every state-changing request must come from
/// this site: a request that names where it comes from (`Origin`, or failing that `Referer`)
/// must name this host or the public URL, with or without a session (so another site cannot
/// sign a visitor in to an account of its choosing, or register them); one that carries the
/// session cookie must name it. Browsers always send `Origin` on POST, so plain HTML forms work
/// without a token; a cookie-less client that names no origin (API clients, scripts) has
/// nothing to forge.
pub async fn session_and_csrf(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let token = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| cookie_value(c, SESSION_COOKIE))
        .filter(|t| !t.is_empty())
        .map(str::to_string);

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let names_source = req.headers().contains_key(header::ORIGIN) || req.headers().contains_key(header::REFERER);
    if unsafe_method && (token.is_some() || names_source) && !same_origin(req.headers(), &state.config.public_url) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-site request");
        return crate::extract::Reply::of_request(&req).fail(AppError::Forbidden).into_response();
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

/// The cookie that binds the error of a form sent without JavaScript to the browser that sent
/// it. Leptos answers such a form's error with a redirect back to the form carrying the error in
/// the address (`?__path=…&__err=…`), and the page shows what `__err` says: without this, anyone
/// could send a link that puts words on an official page. The redirect sets this cookie to a
/// digest of the error; a page address with an error that does not match it is sent on to the
/// same address without the error.
pub const FORM_ERROR_COOKIE: &str = "midsa_fe";

fn form_error_digest(path: &str, err: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(format!("{path}\n{err}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    // Never fails: unreadable bytes become U+FFFD, as the browser and Leptos read them.
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_else(|_| vec![("__err".into(), String::new())])
}

fn pair<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// See [`FORM_ERROR_COOKIE`].
pub async fn form_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let readable = matches!(*req.method(), Method::GET | Method::HEAD) && !req.uri().path().starts_with("/api/");
    if let (true, Some(query)) = (readable, req.uri().query()) {
        // Decoded as Leptos decodes them (`%5F%5Ferr` is `__err` too).
        let pairs = query_pairs(query);
        if pairs.iter().any(|(k, _)| k == "__err" || k == "__path") {
            let cookie = req
                .headers()
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .and_then(|c| cookie_value(c, FORM_ERROR_COOKIE))
                .map(str::to_string);
            let genuine = match (pair(&pairs, "__path"), pair(&pairs, "__err"), cookie) {
                (Some(p), Some(e), Some(c)) => form_error_digest(p, e) == c,
                _ => false,
            };
            if !genuine {
                let kept: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != "__err" && k != "__path").collect();
                let rest = serde_urlencoded::to_string(&kept).unwrap_or_default();
                let path = req.uri().path();
                let to = if rest.is_empty() { path.to_string() } else { format!("{path}?{rest}") };
                return crate::routes::redirect(&to).into_response();
            }
        }
    }
    let mut res = next.run(req).await;
    if res.status().is_redirection() {
        let digest = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|loc| loc.split_once('?'))
            .map(|(_, q)| query_pairs(q.split('#').next().unwrap_or(q)))
            .and_then(|pairs| Some(form_error_digest(pair(&pairs, "__path")?, pair(&pairs, "__err")?)));
        if let Some(d) = digest {
            let secure = if state.config.secure_cookies { "; Secure" } else { "" };
            let cookie = format!("{FORM_ERROR_COOKIE}={d}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600{secure}");
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    res
}

/// The Content-Security-Policy of a page: only this site's scripts and wasm run, inline scripts
/// only with this response's nonce (Leptos' hydration data and the deferred loader carry it),
/// and no other site may frame the page.
pub fn page_csp(nonce: &str) -> String {
    page_policy(&format!("'nonce-{nonce}'"))
}

/// The Content-Security-Policy of a page whose inline scripts run by `script_sources` (this
/// response's nonce, or the hashes of a page the cache keeps): only this site's scripts and
/// wasm otherwise, and no other site may frame the page.
pub fn page_policy(script_sources: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' {script_sources} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// What every response says about how a browser may use it: a nonce-based Content-Security-
/// Policy on pages (the nonce goes to Leptos through the request, see `app::app::shell`), a
/// locked-down one on everything else but scripts and styles, no framing, no sniffing, the
/// referrer only to this site, HSTS when served over https, and no caching of what a signed-in
/// person sees.
pub async fn security_headers(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let signed_in = req.extensions().get::<app::features::auth::types::CurrentUser>().is_some();
    let mut res = next.run(req).await;
    let content_type = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let html = content_type.starts_with("text/html");
    let script_or_style =
        content_type.contains("javascript") || content_type.starts_with("text/css") || content_type.starts_with("application/wasm");
    let h = res.headers_mut();
    if html {
        if let Ok(v) = HeaderValue::from_str(&page_csp(&nonce.to_string())) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    } else if !script_or_style {
        // Files, exports and JSON are never documents that run anything.
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; sandbox"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if state.config.public_url.starts_with("https://") {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    if signed_in && (html || content_type.starts_with("application/json")) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The body limit of server functions and form routes (axum's default, which they use).
pub const FORM_BODY_LIMIT: u64 = 2 * 1024 * 1024;

/// A request whose body is over the limit is answered before it has been read whole: the
/// answer says `Connection: close`, so the client opens a new connection for what it asks next
/// instead of reusing one the server is about to close.
pub async fn close_after_oversized(req: Request, next: Next) -> Response {
    let oversized = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > FORM_BODY_LIMIT);
    let mut res = next.run(req).await;
    if oversized || res.status() == StatusCode::PAYLOAD_TOO_LARGE {
        res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log writer the test reads back.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Every log line of a request names its id and its route's pattern, and never the path,
    /// which may hold a secret (here an invitation token), even at the ERROR level only.
    #[test]
    fn request_logs_name_the_id_and_route_never_the_secret_path() {
        use axum::routing::get;
        use tower::ServiceExt;
        let logs = Captured::default();
        let writer = logs.clone();
        let subscriber =
            tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).with_max_level(tracing::Level::ERROR).finish();
        let id = tracing::subscriber::with_default(subscriber, || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                let app = axum::Router::new()
                    .route(
                        "/invite/{token}",
                        get(|| async {
                            tracing::error!("inside the handler");
                            "ok"
                        }),
                    )
                    .layer(axum::middleware::from_fn(request_id));
                let req = Request::get("/invite/SECRET-TOKEN-123?also=SECRET-QUERY").body(Body::empty()).unwrap();
                let res = app.oneshot(req).await.unwrap();
                res.headers()["x-request-id"].to_str().unwrap().to_string()
            })
        });
        let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
        assert!(text.contains("inside the handler"), "{text}");
        assert!(text.contains(&format!("id={id}")) && text.contains("route=/invite/{token}"), "{text}");
        assert!(!text.contains("SECRET"), "{text}");
    }

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
