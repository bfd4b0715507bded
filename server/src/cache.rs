//! The response cache of public pages.
//!
//! What an anonymous visitor is shown of a meeting (its page, agenda, registration form, papers,
//! participants, minutes, Plan of Action and dashboard, the calendar file, the list of meetings)
//! changes only when someone writes: the cache keeps each such response, compressed once, and
//! serves it again for as long as nothing has been written since.
//!
//! - **What the output depends on is the key**: the address with its query, the whole `Cookie`
//!   header (language, time zone and light-page choices live there), `Accept-Language` and
//!   `Save-Data`. Only requests without a session, flash or form-error cookie and without a
//!   form error in the address are cached: a signed-in person, whose pages name them and show
//!   what their role may see, is never served from the cache and never fills it, so no page
//!   made for one access class reaches another.
//! - **Invalidation** is the database's cache epoch (`app::ssr::cache_epoch`), which every write
//!   transaction moves on in the same transaction. It is read before the page (one indexed
//!   read), so a page is always at least as new as the epoch it is kept under, and a write made
//!   through another server instance on the same database is seen on the next request. Pages
//!   that depend on the clock (a registration deadline, a meeting that starts) are kept at most
//!   [`TTL`].
//! - **Compressed once**: the page is compressed with brotli when it is kept (gzip on the first
//!   request that needs it), and every later request gets those bytes. Each response carries an
//!   `ETag` and `Last-Modified`; a conditional request for an unchanged page is answered 304.
//! - **Content-Security-Policy**: a kept page cannot carry a per-response nonce (it would be
//!   repeated), so its policy allows its inline scripts by their SHA-256 hashes instead; a page
//!   whose scripts cannot be read reliably is served as it is and not kept.

use app::ssr::auth::SESSION_COOKIE;
use app::ssr::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long a kept page may be served while nothing is written: pages also depend on the
/// clock (a deadline passes, a meeting starts), never by more than this.
pub const TTL: Duration = Duration::from_secs(60);

/// The most the cache holds (all encodings of all pages); when a new page would go over it, the
/// oldest half of the pages goes.
pub const MAX_BYTES: usize = 24 * 1024 * 1024;

/// A page larger than this is served but not kept.
const MAX_ENTRY: usize = 4 * 1024 * 1024;

/// The cookies that make a request personal: it is neither served from the cache nor kept.
const PERSONAL_COOKIES: [&str; 4] =
    [SESSION_COOKIE, app::ssr::flash::REVEAL_COOKIE, app::ssr::flash::LINK_COOKIE, crate::middleware::FORM_ERROR_COOKIE];

/// The brotli quality of kept pages: compressed once, served many times (quality 5 makes the
/// 60-item agenda about 10 % smaller than tower-http's 4, in about 1 ms).
const BROTLI_QUALITY: u32 = 5;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    uri: String,
    cookie: String,
    accept_language: String,
    save_data: String,
}

struct Entry {
    epoch: i64,
    made: Instant,
    last_modified: HeaderValue,
    etag: HeaderValue,
    /// The response's headers, less the ones the cache sets itself.
    headers: HeaderMap,
    identity: Bytes,
    br: Bytes,
    gzip: OnceLock<Bytes>,
}

impl Entry {
    fn size(&self) -> usize {
        self.identity.len() + self.br.len() + self.gzip.get().map_or(0, Bytes::len)
    }
}

#[derive(Default)]
struct Inner {
    /// The newest epoch seen; entries of older epochs are dropped when it moves.
    epoch: i64,
    bytes: usize,
    entries: HashMap<Key, Arc<Entry>>,
}

/// The cache of one router (each server instance, and each test's server, has its own).
#[derive(Default)]
pub struct PageCache {
    inner: Mutex<Inner>,
}

impl PageCache {
    fn get(&self, key: &Key, epoch: i64) -> Option<Arc<Entry>> {
        let mut inner = self.inner.lock().ok()?;
        if epoch < inner.epoch {
            // The epoch went back (a database restored under a running server): nothing kept
            // can be trusted, since the epoch will pass the same values again.
            inner.epoch = epoch;
            inner.entries.clear();
            inner.bytes = 0;
            return None;
        }
        inner.entries.get(key).filter(|e| e.epoch == epoch && e.made.elapsed() < TTL).cloned()
    }

    fn put(&self, key: Key, entry: Arc<Entry>) {
        let Ok(mut inner) = self.inner.lock() else { return };
        if entry.epoch < inner.epoch {
            return;
        }
        if entry.epoch > inner.epoch {
            inner.epoch = entry.epoch;
            inner.entries.clear();
            inner.bytes = 0;
        }
        let size = entry.size();
        if inner.bytes + size > MAX_BYTES {
            // The oldest half goes (pages are refilled on their next request).
            let mut ages: Vec<Instant> = inner.entries.values().map(|e| e.made).collect();
            ages.sort();
            let cut = ages.get(ages.len() / 2).copied();
            inner.entries.retain(|_, e| cut.is_some_and(|c| e.made > c));
            inner.bytes = inner.entries.values().map(|e| e.size()).sum();
        }
        if let Some(old) = inner.entries.insert(key, entry) {
            inner.bytes -= old.size();
        }
        inner.bytes += size;
    }

    /// Counts gzip bytes made after the entry was kept.
    fn grew(&self, by: usize) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.bytes += by;
        }
    }

    /// How many pages are kept (tests).
    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.entries.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether `path` is one of the public pages the cache keeps.
pub fn cacheable_path(path: &str) -> bool {
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let id = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    match segments.as_slice() {
        [""] | ["meetings"] => true,
        ["meetings", m] => id(m),
        ["meetings", m, "agenda" | "register" | "papers" | "participants" | "minutes" | "plan" | "calendar.ics"] => id(m),
        ["meetings", m, "agenda", "revisions"] | ["meetings", m, "plan", "dashboard"] => id(m),
        ["meetings", m, "plan", "countries", c] => id(m) && c.len() <= 8 && c.bytes().all(|b| b.is_ascii_alphanumeric()),
        ["papers", p] => id(p),
        _ => false,
    }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(", ")
}

/// The key of a request the cache may serve, or `None` (not a cached page, personal, or a form's error).
fn key_of(req: &Request) -> Option<Key> {
    if req.method() != Method::GET || !cacheable_path(req.uri().path()) {
        return None;
    }
    let cookie = header_text(req.headers(), header::COOKIE);
    let personal = cookie.split(';').filter_map(|c| c.trim().split_once('=')).any(|(name, _)| PERSONAL_COOKIES.contains(&name.trim()));
    let query = req.uri().query().unwrap_or("");
    if personal || query.contains("__err") || query.contains("__path") || query.contains('%') {
        // (An escaped query could spell `__err`: such addresses are rare and not kept.)
        return None;
    }
    Some(Key {
        uri: req.uri().to_string(),
        cookie,
        accept_language: header_text(req.headers(), header::ACCEPT_LANGUAGE),
        save_data: header_text(req.headers(), axum::http::HeaderName::from_static("save-data")),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Br,
    Gzip,
    Identity,
}

/// The encoding to send: brotli, else gzip, else none (a coding with `q=0` is refused).
fn encoding_of(headers: &HeaderMap) -> Encoding {
    let accepted = header_text(headers, header::ACCEPT_ENCODING);
    let accepts = |name: &str| {
        accepted.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| p.trim().strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)));
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Encoding::Br
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The SHA-256 hashes (CSP `'sha256-…'` sources) of the inline scripts of a page, or `None` when
/// they cannot be read as a browser reads them (a script that holds `<!--`, where HTML's rules
/// for where a script ends get more involved, or one that does not end).
pub fn inline_script_hashes(html: &str) -> Option<Vec<String>> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<script") {
        let start = at + i;
        let after_name = start + "<script".len();
        // `<scripts>` or the like is not a script tag.
        if !lower[after_name..].starts_with(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace()) {
            at = after_name;
            continue;
        }
        let open_end = after_name + lower[after_name..].find('>')?;
        let tag = &lower[start..open_end];
        let body_start = open_end + 1;
        let body_end = body_start + lower[body_start..].find("</script")?;
        let body = &html[body_start..body_end];
        if body.contains("<!--") {
            return None;
        }
        let external = tag.split(|c: char| c.is_ascii_whitespace()).any(|attr| attr == "src" || attr.starts_with("src="));
        if !external {
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()))));
        }
        at = body_end;
    }
    Some(hashes)
}

/// The policy of a kept page: the nonce policy's rules, with the page's inline scripts allowed
/// by their hashes.
pub fn hashed_csp(hashes: &[String]) -> String {
    crate::middleware::page_csp("").replace("'nonce-'", &hashes.join(" "))
}

fn brotli(bytes: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let params = brotli::enc::BrotliEncoderParams { quality: BROTLI_QUALITY as i32, lgwin: 22, ..Default::default() };
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

fn gzip(bytes: &[u8]) -> Bytes {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::new(6));
    match enc.write_all(bytes).and_then(|_| enc.finish()) {
        Ok(out) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

/// `If-None-Match` names the entry's tag, or (without it) `If-Modified-Since` is its date.
fn not_modified(headers: &HeaderMap, entry: &Entry) -> bool {
    let tag = entry.etag.to_str().unwrap_or("");
    let matching = header_text(headers, header::IF_NONE_MATCH);
    if !matching.is_empty() {
        return matching.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag
        });
    }
    headers.get(header::IF_MODIFIED_SINCE).is_some_and(|v| v.as_bytes() == entry.last_modified.as_bytes())
}

fn respond(cache: &PageCache, entry: &Entry, request: &HeaderMap) -> Response {
    let mut headers = entry.headers.clone();
    headers.insert(header::ETAG, entry.etag.clone());
    headers.insert(header::LAST_MODIFIED, entry.last_modified.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding, cookie, accept-language, save-data"));
    if not_modified(request, entry) {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        for name in [header::ETAG, header::LAST_MODIFIED, header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = headers.get(&name) {
                res.headers_mut().insert(name, v.clone());
            }
        }
        return res;
    }
    let (body, coding) = match encoding_of(request) {
        Encoding::Br if !entry.br.is_empty() => (entry.br.clone(), Some("br")),
        Encoding::Br | Encoding::Gzip => {
            let mut made = 0;
            let gz = entry.gzip.get_or_init(|| {
                let gz = gzip(&entry.identity);
                made = gz.len();
                gz
            });
            if made > 0 {
                cache.grew(made);
            }
            if gz.is_empty() {
                (entry.identity.clone(), None)
            } else {
                (gz.clone(), Some("gzip"))
            }
        }
        Encoding::Identity => (entry.identity.clone(), None),
    };
    if let Some(c) = coding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut res = Response::new(Body::from(body));
    *res.headers_mut() = headers;
    res
}

fn http_date(t: std::time::SystemTime) -> HeaderValue {
    let t: chrono::DateTime<chrono::Utc> = t.into();
    HeaderValue::from_str(&t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

/// The layer: serves a kept page, or makes the page (uncompressed: the compression layer inside
/// it leaves a request without `Accept-Encoding` alone), keeps it and serves it.
pub async fn page_cache(State((state, cache)): State<(AppState, Arc<PageCache>)>, mut req: Request, next: Next) -> Response {
    let Some(key) = key_of(&req) else { return next.run(req).await };
    // An unreadable epoch (the database is away) serves the page as it comes, uncached.
    let Ok(epoch) = app::ssr::cache_epoch(&state.db).await else { return next.run(req).await };
    let request_headers = req.headers().clone();
    if let Some(entry) = cache.get(&key, epoch) {
        return respond(&cache, &entry, &request_headers);
    }
    req.headers_mut().remove(header::ACCEPT_ENCODING);
    let res = next.run(req).await;
    let content_type = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let html = content_type.starts_with("text/html");
    let keepable = res.status() == StatusCode::OK
        && (html || content_type.starts_with("text/calendar"))
        && !res.headers().contains_key(header::SET_COOKIE)
        && !res.headers().contains_key(header::CONTENT_ENCODING);
    if !keepable {
        // Not kept: compressed on its way out as any other response would have been.
        return compress_uncached(res, &request_headers).await;
    }
    let (parts, body) = res.into_parts();
    let Ok(identity) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut headers = parts.headers.clone();
    for name in [
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::TRANSFER_ENCODING,
        header::DATE,
        header::VARY,
        header::ETAG,
        header::LAST_MODIFIED,
        header::CACHE_CONTROL,
    ] {
        headers.remove(name);
    }
    let mut storable = identity.len() <= MAX_ENTRY;
    if html {
        match std::str::from_utf8(&identity).ok().and_then(inline_script_hashes) {
            Some(hashes) => match HeaderValue::from_str(&hashed_csp(&hashes)) {
                Ok(v) => {
                    headers.insert(header::CONTENT_SECURITY_POLICY, v);
                }
                Err(_) => storable = false,
            },
            None => storable = false,
        }
    }
    if !storable {
        return compress_uncached(Response::from_parts(parts, Body::from(identity)), &request_headers).await;
    }
    let digest = {
        use sha2::{Digest, Sha256};
        let d = Sha256::digest(&identity);
        d.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>()
    };
    let source = identity.clone();
    let br = tokio::task::spawn_blocking(move || brotli(&source)).await.unwrap_or_default();
    let entry = Arc::new(Entry {
        epoch,
        made: Instant::now(),
        last_modified: http_date(std::time::SystemTime::now()),
        etag: HeaderValue::from_str(&format!("\"{digest}\"")).unwrap_or(HeaderValue::from_static("\"0\"")),
        headers,
        identity,
        br,
        gzip: OnceLock::new(),
    });
    cache.put(key, entry.clone());
    respond(&cache, &entry, &request_headers)
}

/// A response the cache does not keep, compressed as the compression layer would have (its
/// request reached that layer without `Accept-Encoding`).
async fn compress_uncached(res: Response, request: &HeaderMap) -> Response {
    let compressible = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/"))
        && !res.headers().contains_key(header::CONTENT_ENCODING);
    let coding = encoding_of(request);
    if !compressible || coding == Encoding::Identity {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else { return Response::from_parts(parts, Body::empty()) };
    let out = tokio::task::spawn_blocking(move || match coding {
        Encoding::Br => (brotli(&bytes), "br", bytes),
        _ => (gzip(&bytes), "gzip", bytes),
    })
    .await;
    let Ok((out, name, bytes)) = out else { return Response::from_parts(parts, Body::empty()) };
    if out.is_empty() {
        return Response::from_parts(parts, Body::from(bytes));
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    parts.headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(out.len()));
    Response::from_parts(parts, Body::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_pages_are_cacheable_and_nothing_else() {
        for p in [
            "/",
            "/meetings",
            "/meetings/1",
            "/meetings/12/agenda",
            "/meetings/12/agenda/revisions",
            "/meetings/12/register",
            "/meetings/12/papers",
            "/meetings/12/participants",
            "/meetings/12/minutes",
            "/meetings/12/plan",
            "/meetings/12/plan/dashboard",
            "/meetings/12/plan/countries/ZA",
            "/meetings/12/calendar.ics",
            "/papers/3",
        ] {
            assert!(cacheable_path(p), "{p}");
        }
        for p in [
            "/meetings/new",
            "/meetings/1/edit",
            "/meetings/1/registrations",
            "/meetings/1/registrations.csv",
            "/meetings/x/agenda",
            "/meetings/1/agenda/edit",
            "/me",
            "/admin/users",
            "/invite/abc",
            "/feeds/abc.ics",
            "/api/v1/meetings",
            "/meetings//agenda",
            "/papers/1/edit",
            "/login",
        ] {
            assert!(!cacheable_path(p), "{p}");
        }
    }

    fn request(uri: &str, headers: &[(&str, &str)]) -> Request {
        let mut b = axum::http::Request::get(uri);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn personal_requests_and_form_errors_are_never_keyed() {
        assert!(key_of(&request("/meetings/1", &[])).is_some());
        assert!(key_of(&request("/meetings/1", &[("cookie", "midsa_lang=fr; midsa_tz=Africa%2FMaputo")])).is_some());
        for cookie in ["midsa_session=abc", "midsa_lang=fr; midsa_session=", "midsa_reveal=x", "midsa_link=y", "a=b;midsa_fe=z"] {
            assert!(key_of(&request("/meetings/1", &[("cookie", cookie)])).is_none(), "{cookie}");
        }
        assert!(key_of(&request("/meetings/1/register?__err=x&__path=y", &[])).is_none());
        assert!(key_of(&request("/meetings/1/register?%5F%5Ferr=x", &[])).is_none());
        let post = axum::http::Request::post("/meetings/1").body(Body::empty()).unwrap();
        assert!(key_of(&post).is_none());
        // Every input of the page is in the key.
        let a = key_of(&request("/meetings/1", &[("accept-language", "fr")])).unwrap();
        let b = key_of(&request("/meetings/1", &[("accept-language", "pt")])).unwrap();
        let c = key_of(&request("/meetings/1", &[("accept-language", "fr"), ("save-data", "on")])).unwrap();
        let d = key_of(&request("/meetings/1?x=1", &[("accept-language", "fr")])).unwrap();
        assert!(a != b && a != c && a != d);
    }

    #[test]
    fn encodings_follow_accept_encoding() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            m
        };
        assert_eq!(encoding_of(&h("gzip, deflate, br")), Encoding::Br);
        assert_eq!(encoding_of(&h("gzip, br;q=0")), Encoding::Gzip);
        assert_eq!(encoding_of(&h("identity")), Encoding::Identity);
        assert_eq!(encoding_of(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(encoding_of(&h("BR;q=0.5")), Encoding::Br);
    }

    #[test]
    fn inline_scripts_are_hashed_as_browsers_read_them() {
        use base64::Engine;
        use sha2::{Digest, Sha256};
        let h = |s: &str| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes())));
        let page = "<html><head><script src=\"/offline.js\" defer></script><SCRIPT type=module nonce=\"n\">go()</SCRIPT>\
                    </head><body><p>&lt;script&gt;</p><scripts></scripts><script nonce=n>window.x={\"a\":\"<\\/b>\"}</script></body></html>";
        assert_eq!(inline_script_hashes(page).unwrap(), vec![h("go()"), h("window.x={\"a\":\"<\\/b>\"}")]);
        assert_eq!(inline_script_hashes("<p>no scripts</p>").unwrap(), Vec::<String>::new());
        // Where HTML's script-ending rules get involved, or a script never ends: not kept.
        assert!(inline_script_hashes("<script>a='<!--'</script>").is_none());
        assert!(inline_script_hashes("<script>never ends").is_none());
        let csp = hashed_csp(&[h("go()")]);
        assert!(csp.contains(&format!("script-src 'self' {} 'wasm-unsafe-eval'", h("go()"))), "{csp}");
        assert!(!csp.contains("nonce"), "{csp}");
    }

    fn entry(epoch: i64, made: Instant, size: usize) -> Arc<Entry> {
        Arc::new(Entry {
            epoch,
            made,
            last_modified: HeaderValue::from_static("Thu, 03 Dec 2026 10:00:00 GMT"),
            etag: HeaderValue::from_static("\"t1\""),
            headers: HeaderMap::new(),
            identity: Bytes::from(vec![b'x'; size]),
            br: Bytes::new(),
            gzip: OnceLock::new(),
        })
    }

    fn key(uri: &str) -> Key {
        Key { uri: uri.into(), cookie: String::new(), accept_language: String::new(), save_data: String::new() }
    }

    #[test]
    fn entries_live_for_their_epoch_and_the_ttl_within_the_byte_bound() {
        let cache = PageCache::default();
        cache.put(key("/a"), entry(5, Instant::now(), 10));
        assert!(cache.get(&key("/a"), 5).is_some());
        assert!(cache.get(&key("/a"), 6).is_none(), "a write moved the epoch on");
        // An older epoch never replaces a newer one; a newer one drops the rest.
        cache.put(key("/b"), entry(4, Instant::now(), 10));
        assert!(cache.get(&key("/b"), 4).is_none());
        cache.put(key("/c"), entry(6, Instant::now(), 10));
        assert_eq!(cache.len(), 1);
        // An epoch that goes back (a restore) empties the cache.
        assert!(cache.get(&key("/c"), 3).is_none());
        assert!(cache.is_empty());
        assert!(cache.get(&key("/c"), 6).is_none());
        cache.put(key("/c"), entry(6, Instant::now(), 10));
        // Past the TTL a page is made again.
        if let Some(old) = Instant::now().checked_sub(TTL + Duration::from_secs(1)) {
            cache.put(key("/d"), entry(6, old, 10));
            assert!(cache.get(&key("/d"), 6).is_none());
        }
        // The bound: big pages push the oldest half out.
        let cache = PageCache::default();
        let t0 = Instant::now();
        for i in 0..30 {
            cache.put(key(&format!("/p{i}")), entry(1, t0 + Duration::from_millis(i), 1024 * 1024));
        }
        let bytes = cache.inner.lock().unwrap().bytes;
        assert!(bytes <= MAX_BYTES, "{bytes}");
        assert!(cache.get(&key("/p29"), 1).is_some() && cache.get(&key("/p0"), 1).is_none());
    }

    #[test]
    fn conditional_requests_match_the_tag_or_the_date() {
        let e = entry(1, Instant::now(), 1);
        let h = |k: header::HeaderName, v: &str| {
            let mut m = HeaderMap::new();
            m.insert(k, HeaderValue::from_str(v).unwrap());
            m
        };
        assert!(not_modified(&h(header::IF_NONE_MATCH, "\"t1\""), &e));
        assert!(not_modified(&h(header::IF_NONE_MATCH, "\"t0\", W/\"t1\""), &e));
        assert!(!not_modified(&h(header::IF_NONE_MATCH, "\"t0\""), &e));
        assert!(not_modified(&h(header::IF_MODIFIED_SINCE, "Thu, 03 Dec 2026 10:00:00 GMT"), &e));
        assert!(!not_modified(&h(header::IF_MODIFIED_SINCE, "Wed, 02 Dec 2026 10:00:00 GMT"), &e));
        assert!(!not_modified(&HeaderMap::new(), &e));
    }
}
