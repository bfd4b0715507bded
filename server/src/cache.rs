//! The response cache of public pages.
//!
//! What an anonymous visitor is shown of a meeting (its page, agenda, registration form, papers,
//! participants, minutes, Plan of Action and dashboard, the calendar file, the list of meetings)
//! changes only when someone writes: the cache keeps each such response, compressed once, and
//! serves it again for as long as nothing has been written since.
//!
//! - **What the output depends on is the key**: the address with its query, and what the pages
//!   read of the request, read as they read it: the language, time-zone and light-page cookies,
//!   the language `Accept-Language` asks for, and `Save-Data`. Only requests without a session,
//!   flash or form-error cookie, without a body and without a form error in the address are
//!   cached: a signed-in person, whose pages name them and show what their role may see, is
//!   never served from the cache and never fills it, so no page made for one access class
//!   reaches another. (Other cookies are not part of the key: they change nothing on a page.)
//! - **Invalidation** is the database's cache epoch (`app::ssr::cache_epoch`), which every write
//!   transaction moves on in the same transaction. It is read before the page (one indexed
//!   read), so a page is always at least as new as the epoch it is kept under, and a write made
//!   through another server instance on the same database is seen on the next request. Pages
//!   that depend on the clock (a registration deadline, a meeting that starts) are kept at most
//!   [`TTL`].
//! - **Compressed once**: the page is compressed with brotli when it is kept, off the async
//!   workers, and every later request gets those bytes (a gzip copy is made from them for the
//!   first client that takes gzip and not brotli, and kept). Each response carries an `ETag`
//!   (one per encoding, the same for the same page made again) and `Last-Modified`; a conditional
//!   request for an unchanged page is answered 304.
//! - **Pages made for one request** (signed in, not kept) are compressed whole here too, and
//!   pages are made a few at a time ([`Renders`]): the rest wait their turn rather than holding
//!   half-made pages in memory side by side.
//! - **Content-Security-Policy**: a kept page cannot carry a per-response nonce (it would be
//!   repeated), so its policy allows its inline scripts by their SHA-256 hashes instead and the
//!   nonce attributes are taken out of it; a page whose scripts cannot be read reliably is served
//!   as it is and not kept.

use crate::parts::Parts;
use app::domain::Lang;
use app::ssr::auth::SESSION_COOKIE;
use app::ssr::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a kept page may be served while nothing is written: pages also depend on the
/// clock (a deadline passes, a meeting starts), never by more than this.
pub const TTL: Duration = Duration::from_secs(60);

/// The most the cache holds (all encodings of all pages); when a new page would go over it, the
/// oldest half of the pages goes.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// A page larger than this is served but not kept.
const MAX_ENTRY: usize = 4 * 1024 * 1024;

/// The cookies that make a request personal: it is neither served from the cache nor kept.
const PERSONAL_COOKIES: [&str; 4] =
    [SESSION_COOKIE, app::ssr::flash::REVEAL_COOKIE, app::ssr::flash::LINK_COOKIE, crate::middleware::FORM_ERROR_COOKIE];

/// The brotli quality of kept pages: compressed once, served many times (quality 5 makes the
/// 60-item agenda about 10 % smaller than tower-http's 4, in about 1 ms).
const BROTLI_QUALITY: u32 = 5;

/// The brotli quality of pages made for one request (signed-in pages, pages not kept): made
/// and compressed for each request, so the cheaper level (tower-http's default).
const BROTLI_QUALITY_UNKEPT: u32 = 4;

/// A page made for one request up to this size is compressed on the request's own thread: at
/// quality 4 that is a fraction of what rendering it (also on that thread) took, and handing it
/// to the blocking pool and back cost more (the uncached 60-item agenda: 2.45 against 2.55–3.24
/// ms of CPU a request at 16 connections, 716 against 664 requests/s; docs/BENCHMARKS.md).
/// Larger ones (a signed-in dashboard of 16 × 200 cells) go to the blocking pool.
const INLINE_COMPRESSION: usize = 128 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    uri: String,
    /// The `midsa_lang`, `midsa_tz` and `midsa_lite` cookies as the app reads them.
    lang_cookie: String,
    tz_cookie: String,
    lite_cookie: String,
    /// The language `Accept-Language` picks, and whether `Save-Data: on` was sent.
    accepted: Lang,
    save_data: bool,
}

impl Key {
    fn size(&self) -> usize {
        std::mem::size_of::<Self>() + self.uri.len() + self.lang_cookie.len() + self.tz_cookie.len() + self.lite_cookie.len()
    }
}

struct Entry {
    epoch: i64,
    made: Instant,
    last_modified: HeaderValue,
    /// The page's digest; the tag of each encoding is made from it.
    digest: String,
    /// The response's headers, less the ones the cache sets itself.
    headers: HeaderMap,
    /// The page uncompressed: kept only when it could not be compressed with brotli; otherwise
    /// made again from the brotli copy for the rare client that takes no compression (the
    /// 60-item agenda is then kept in about 19 KB instead of 115 KB).
    identity: Bytes,
    br: Bytes,
    /// The gzip copy, made (from the brotli one) by the first request that takes gzip and not
    /// brotli, then kept: nearly every browser takes brotli, so a page is compressed once, not
    /// twice, when it is made.
    gzip: std::sync::OnceLock<Bytes>,
}

impl Entry {
    fn size(&self) -> usize {
        self.identity.len() + self.br.len() + self.gzip.get().map_or(0, Bytes::len)
    }

    /// The page uncompressed (unpacked off the async workers), or `None` if it cannot be.
    async fn plain(&self) -> Option<Bytes> {
        if !self.identity.is_empty() || self.br.is_empty() {
            return Some(self.identity.clone());
        }
        let br = self.br.clone();
        tokio::task::spawn_blocking(move || {
            let mut out = Vec::with_capacity(br.len() * 8);
            brotli::BrotliDecompress(&mut &br[..], &mut out).ok().map(|_| Bytes::from(out))
        })
        .await
        .ok()
        .flatten()
    }

    /// The gzip copy (made on the first request for it, off the async workers, and kept; the
    /// cache then counts its size), or `None` if it cannot be made.
    async fn gzip_copy(&self, cache: Option<(&PageCache, &Key)>) -> Option<Bytes> {
        if let Some(g) = self.gzip.get() {
            return Some(g.clone()).filter(|g| !g.is_empty());
        }
        let plain = self.plain().await?;
        let g = tokio::task::spawn_blocking(move || gzip(&plain)).await.ok()?;
        if !g.is_empty() && self.gzip.set(g.clone()).is_ok() {
            if let Some((cache, key)) = cache {
                cache.grew(key, self, g.len());
            }
        }
        Some(g).filter(|g| !g.is_empty())
    }

    fn tag(&self, encoding: Encoding) -> HeaderValue {
        let suffix = match encoding {
            Encoding::Br => "-br",
            Encoding::Gzip => "-gz",
            Encoding::Identity => "",
        };
        HeaderValue::from_str(&format!("\"{}{suffix}\"", self.digest)).unwrap_or(HeaderValue::from_static("\"0\""))
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
    /// The pages being made: a request that misses waits for the one already making the same
    /// page instead of making it too (sixteen readers arriving after a write make the dashboard
    /// once, not sixteen times over).
    making: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

/// A request's turn to make a page (see [`PageCache::making`]); the page's entry goes when the
/// last request that waited for it is done.
struct Turn<'a> {
    cache: &'a PageCache,
    key: Key,
    lock: Option<Arc<tokio::sync::Mutex<()>>>,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        if let Ok(mut making) = self.cache.making.lock() {
            // Ours goes first, under the map's lock: when only the map's is left, nobody waits.
            drop(self.lock.take());
            if making.get(&self.key).is_some_and(|l| Arc::strong_count(l) == 1) {
                making.remove(&self.key);
            }
        }
    }
}

impl PageCache {
    fn turn(&self, key: &Key) -> Option<Turn<'_>> {
        let mut making = self.making.lock().ok()?;
        let lock = making.entry(key.clone()).or_default().clone();
        Some(Turn { cache: self, key: key.clone(), lock: Some(lock) })
    }
}

/// How long a request waits for another that is making the same page before making it itself.
const WAIT: Duration = Duration::from_secs(5);

impl PageCache {
    fn get(&self, key: &Key, epoch: i64) -> Option<Arc<Entry>> {
        let inner = self.inner.lock().ok()?;
        // (An epoch lower than the newest seen is a request that read it just before a commit,
        // or a database restored under a running server: nothing is served for it, and what is
        // kept is never older than TTL.)
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
        let size = entry.size() + key.size();
        if inner.bytes + size > MAX_BYTES {
            trim(&mut inner);
        }
        let key_size = key.size();
        if let Some(old) = inner.entries.insert(key, entry) {
            inner.bytes = inner.bytes.saturating_sub(old.size() + key_size);
        }
        inner.bytes += size;
    }

    /// The page kept under `key` took on a copy of `bytes`: counted if that page is still the
    /// one kept (not replaced or dropped meanwhile), and the oldest pages go if it is too much.
    fn grew(&self, key: &Key, entry: &Entry, bytes: usize) {
        let Ok(mut inner) = self.inner.lock() else { return };
        if inner.entries.get(key).is_some_and(|e| std::ptr::eq(Arc::as_ptr(e), entry)) {
            inner.bytes += bytes;
            if inner.bytes > MAX_BYTES {
                trim(&mut inner);
            }
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

/// How many pages are made at once, at most (each server; the rest wait their turn). Making a
/// page is CPU work (the database answers in a fraction of it): on two cores, sixteen readers
/// of the 411 KB dashboard made side by side are done no sooner than made four at a time, and
/// hold sixteen half-made pages (and their compression) in memory instead of four.
pub struct Renders(tokio::sync::Semaphore);

impl Default for Renders {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Renders(tokio::sync::Semaphore::new((cores * 2).max(4)))
    }
}

impl Renders {
    /// A turn to make the page `req` asks for, held until it is made and compressed; `None`
    /// (no waiting) for what is not a page: files, exports, server functions and API calls.
    /// (Takes whether it is a page, not the request: a request cannot be held across an
    /// await by a future that must be `Send`, its body not being `Sync`.)
    async fn turn(&self, page: bool) -> Option<tokio::sync::SemaphorePermit<'_>> {
        if !page {
            return None;
        }
        self.0.acquire().await.ok()
    }
}

fn is_page(req: &Request) -> bool {
    matches!(*req.method(), Method::GET | Method::HEAD) && is_page_path(req.uri().path())
}

/// The addresses of the plain routes that are not pages (`startup::plain_routes`; a test there
/// checks every one of them), and of the JSON API and the site's files.
const NOT_PAGES: [&str; 6] = ["/api/", "/pkg/", "/feeds/", "/invite/", "/password/reset/", "/report-files/"];

/// Whether `path` is a page's: not the health check, a server function, the JSON API, a site
/// file, a plain route's link or download, nor an address whose last segment names a file (a
/// dot: `calendar.ics`, `matrix.xlsx`, `favicon.svg`).
pub(crate) fn is_page_path(path: &str) -> bool {
    path != "/health"
        && !NOT_PAGES.iter().any(|p| path.starts_with(p))
        && (!path.starts_with("/papers/") || !path.contains("/files/"))
        && (!path.starts_with("/meetings/") || !path.contains("/notes-verbales/"))
        && !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// The oldest half of the kept pages goes (pages are refilled on their next request).
fn trim(inner: &mut Inner) {
    let mut ages: Vec<Instant> = inner.entries.values().map(|e| e.made).collect();
    ages.sort();
    let cut = ages.get(ages.len() / 2).copied();
    inner.entries.retain(|_, e| cut.is_some_and(|c| e.made > c));
    inner.bytes = inner.entries.iter().map(|(k, e)| k.size() + e.size()).sum();
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
        // Migration profiles: the states, the regional table, a state and a published edition.
        ["profiles"] | ["profiles", "regional"] => true,
        ["profiles", c] => c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()),
        ["profiles", c, y] => c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) && y.len() == 4 && id(y),
        _ => false,
    }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(", ")
}

/// A query parameter a kept page reads, and whether a value is one it uses.
type QueryParam = (&'static str, fn(&str) -> bool);

/// The query parameters each kept page reads (`use_query_map` in its component in `app`), by
/// the same path patterns as [`cacheable_path`], with what a value must look like to make a page
/// of its own. An address with any other parameter, one of them twice, or a value the page would
/// not use (`?tz=junk`, `?rev=abc`: the page ignores it and shows the default) is still
/// answered, but made anew and not kept: otherwise anyone could fill the cache (and the server's
/// memory) with copies of one page under made-up addresses, pushing out the pages people read.
/// (Parameters only the secretariat's parts of a page read, such as an import's report, are left
/// out: its pages are never kept.) A parameter missing here costs only caching, never a wrong
/// page.
fn page_query_names(path: &str) -> &'static [QueryParam] {
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    match segments.as_slice() {
        ["meetings", _, "agenda"] => &[("rev", is_id), ("tz", is_zone)],
        ["meetings", _, "register"] => &[("replaces", is_id)],
        ["meetings", _, "plan", "dashboard"] => &[("cycle", is_id), ("theme", is_code), ("level", is_code)],
        ["meetings", _, "plan", "countries", _] => &[("page", is_id)],
        ["profiles", "regional"] => &[("indicator", is_id)],
        _ => &[],
    }
}

/// A number as the pages read ids and page numbers (empty: the default).
fn is_id(v: &str) -> bool {
    v.len() <= 9 && v.bytes().all(|b| b.is_ascii_digit())
}

/// A time zone the agenda shows times in (empty: the reader's or the venue's).
fn is_zone(v: &str) -> bool {
    v.is_empty() || v.parse::<chrono_tz::Tz>().is_ok()
}

/// A theme or level code (an unknown one is refused by the page, and a refusal is never kept).
fn is_code(v: &str) -> bool {
    v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

/// Whether `query` names only parameters the page at `path` reads, each once, with values it
/// uses.
fn query_names_known(path: &str, query: &str) -> bool {
    let known = page_query_names(path);
    let pairs: Vec<(&str, &str)> = query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    pairs.iter().enumerate().all(|(i, (name, value))| {
        known.iter().any(|(n, valid)| n == name && valid(value)) && !pairs[..i].iter().any(|(other, _)| other == name)
    })
}

/// The longest address, and cookie value, a kept page may have.
const MAX_KEY_PART: usize = 512;

/// The key of a request the cache may serve, or `None` (not a cached page, personal, with a
/// body, or a form's error).
fn key_of(req: &Request) -> Option<Key> {
    if req.method() != Method::GET || !cacheable_path(req.uri().path()) {
        return None;
    }
    let has_body = req.headers().contains_key(header::TRANSFER_ENCODING)
        || req.headers().get(header::CONTENT_LENGTH).is_some_and(|v| v.as_bytes() != b"0");
    let all_cookies = header_text(req.headers(), header::COOKIE);
    let personal = all_cookies.split(';').filter_map(|c| c.trim().split_once('=')).any(|(name, _)| PERSONAL_COOKIES.contains(&name.trim()));
    let uri = req.uri().to_string();
    let query = req.uri().query().unwrap_or("");
    if has_body
        || personal
        || uri.len() > MAX_KEY_PART
        || query.contains("__err")
        || query.contains("__path")
        || query.contains('%')
        || !query_names_known(req.uri().path(), query)
    {
        // (An escaped query could spell `__err`: such addresses are rare and not kept.)
        return None;
    }
    // As the app reads them (`app::ssr::context`): the first header of each.
    let first = |name: header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    let cookies = first(header::COOKIE);
    let cookie = |name: &str| app::ssr::auth::cookie_value(cookies, name).unwrap_or("").to_string();
    let key = Key {
        uri,
        lang_cookie: cookie(app::ssr::context::LANG_COOKIE),
        tz_cookie: cookie(app::ssr::context::TZ_COOKIE),
        lite_cookie: cookie(app::ssr::context::LITE_COOKIE),
        accepted: Lang::from_accept_language(first(header::ACCEPT_LANGUAGE)),
        save_data: first(axum::http::HeaderName::from_static("save-data")).trim().eq_ignore_ascii_case("on"),
    };
    if [&key.lang_cookie, &key.tz_cookie, &key.lite_cookie].iter().any(|v| v.len() > MAX_KEY_PART) {
        return None;
    }
    Some(key)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Br,
    Gzip,
    Identity,
}

/// Whether the request accepts `name` (a coding with `q=0` is refused).
fn accepts(headers: &HeaderMap, name: &str) -> bool {
    header_text(headers, header::ACCEPT_ENCODING).split(',').any(|part| {
        let mut it = part.split(';');
        let coding = it.next().unwrap_or("").trim();
        let refused = it.any(|p| p.trim().strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)));
        coding.eq_ignore_ascii_case(name) && !refused
    })
}

/// The encoding to send: brotli, else gzip, else none.
fn encoding_of(headers: &HeaderMap) -> Encoding {
    if accepts(headers, "br") {
        Encoding::Br
    } else if accepts(headers, "gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The SHA-256 hashes (CSP `'sha256-…'` sources) of the inline scripts of a page, or `None` when
/// they cannot be read as a browser reads them (a script that holds `<!--`, where HTML's rules
/// for where a script ends get more involved, a carriage return or a NUL, or one that does not
/// end).
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
        // A browser hashes the text after it turned CR LF into LF and NUL into U+FFFD: a script
        // holding either is not hashed here.
        if body.contains("<!--") || body.contains('\r') || body.contains('\0') {
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
    crate::middleware::page_policy(&hashes.join(" "))
}

/// `bytes` with brotli at `quality`, in a window no larger than the input needs (see [`lgwin`]
/// for the one exception): the encoder allocates (and zeroes) a ring buffer of twice the window,
/// 8 MiB and 64 KiB at the largest, which for a 115 KB page cost more than compressing it.
fn brotli(bytes: &[u8], quality: u32) -> Bytes {
    brotli_stream(bytes, quality, lgwin(bytes.len(), quality), Stream::Whole).unwrap_or_default()
}

/// How a brotli stream will be used: alone, or joined to others (`crate::parts`) as the first of
/// them ("appendable": others may follow) or a later one ("catable": it refers to nothing
/// before it).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    Whole,
    First,
    Later,
}

/// One brotli stream of `bytes` (see [`Stream`]), in a window of `lgwin` bits; `None` if the
/// encoder failed.
pub(crate) fn brotli_stream(bytes: &[u8], quality: u32, lgwin: i32, stream: Stream) -> Option<Bytes> {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality as i32,
        lgwin,
        size_hint: bytes.len(),
        appendable: stream != Stream::Whole,
        catable: stream == Stream::Later,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok()?;
    // (Bytes keeps a vector's whole allocation: the cache counts what it holds.)
    out.shrink_to_fit();
    Some(Bytes::from(out))
}

/// The smallest brotli window (16 to 22 bits; 10 is brotli's least) that holds `len` bytes.
fn window_bits(len: usize) -> i32 {
    let bits = usize::BITS - len.max(1).saturating_sub(1).leading_zeros();
    bits.clamp(16, 22) as i32
}

/// The window to compress `len` bytes in at `quality`: [`window_bits`], but 17 bits at least at
/// qualities 5 to 8, where a window of 16 bits or less makes the encoder (brotli 9.1) use its
/// "forgetful chain" hashers: they took 8.5 ms to compress the 35 KB agenda at quality 5 where a
/// 17-bit window takes 0.31 ms, for 4 bytes less (3,229 against 3,233; docs/BENCHMARKS.md
/// "Stop 35"). Every kept page under 64 KB paid that when it was made. (Quality 4 uses the
/// same hasher whatever the window, so pages made for one reader keep the smaller one.)
pub(crate) fn lgwin(len: usize, quality: u32) -> i32 {
    if (5..=8).contains(&quality) {
        window_bits(len).max(17)
    } else {
        window_bits(len)
    }
}

fn gzip(bytes: &[u8]) -> Bytes {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::new(6));
    match enc.write_all(bytes).and_then(|_| enc.finish()) {
        Ok(mut out) => {
            out.shrink_to_fit();
            Bytes::from(out)
        }
        Err(_) => Bytes::new(),
    }
}

/// `If-None-Match` names `tag`, or (without it) `If-Modified-Since` is the entry's date.
fn not_modified(headers: &HeaderMap, tag: &HeaderValue, entry: &Entry) -> bool {
    let tag = tag.to_str().unwrap_or("");
    let matching = header_text(headers, header::IF_NONE_MATCH);
    if !matching.is_empty() {
        return matching.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag
        });
    }
    headers.get(header::IF_MODIFIED_SINCE).is_some_and(|v| v.as_bytes() == entry.last_modified.as_bytes())
}

/// A kept page, in the encoding the request accepts: brotli, else gzip (made from the brotli
/// copy on the first request that needs it), else as it is.
async fn respond(entry: &Entry, request: &HeaderMap, cache: Option<(&PageCache, &Key)>) -> Response {
    let mut encoding = match encoding_of(request) {
        Encoding::Br if !entry.br.is_empty() => Encoding::Br,
        Encoding::Br | Encoding::Gzip if accepts(request, "gzip") => Encoding::Gzip,
        _ => Encoding::Identity,
    };
    let mut headers = entry.headers.clone();
    headers.insert(header::LAST_MODIFIED, entry.last_modified.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding, cookie, accept-language, save-data"));
    let tag = entry.tag(encoding);
    if not_modified(request, &tag, entry) {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        res.headers_mut().insert(header::ETAG, tag);
        for name in [header::LAST_MODIFIED, header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = headers.get(&name) {
                res.headers_mut().insert(name, v.clone());
            }
        }
        return res;
    }
    let gzipped = match encoding {
        Encoding::Gzip => entry.gzip_copy(cache).await,
        _ => None,
    };
    if encoding == Encoding::Gzip && gzipped.is_none() {
        encoding = Encoding::Identity;
    }
    let body = match encoding {
        Encoding::Br => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            entry.br.clone()
        }
        Encoding::Gzip => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            gzipped.unwrap_or_default()
        }
        Encoding::Identity => match entry.plain().await {
            Some(body) => body,
            None => return unreadable(),
        },
    };
    headers.insert(header::ETAG, entry.tag(encoding));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut res = Response::new(Body::from(body));
    *res.headers_mut() = headers;
    res
}

/// An answer when the page's own body could not be read (it never happens with the app's pages).
fn unreadable() -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res
}

fn http_date(t: std::time::SystemTime) -> HeaderValue {
    let t: chrono::DateTime<chrono::Utc> = t.into();
    HeaderValue::from_str(&t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

/// What the layer holds: the application, the page cache (`None` when it is off), the turns to
/// make pages, and the kept parts of pages made for one request.
pub type LayerState = (AppState, Option<Arc<PageCache>>, Arc<Renders>, Arc<Parts>);

/// The layer: serves a kept page, or makes the page (uncompressed: the compression layer inside
/// it leaves a request without `Accept-Encoding` alone), keeps it and serves it.
pub async fn page_cache(State((state, cache, renders, part_store)): State<LayerState>, mut req: Request, next: Next) -> Response {
    let (Some(cache), Some(key)) = (cache, key_of(&req)) else { return made_for_one(req, next, &renders, &part_store).await };
    // An unreadable epoch (the database is away) serves the page as it comes, uncached.
    let Ok(epoch) = app::ssr::cache_epoch(&state.db).await else { return made_for_one(req, next, &renders, &part_store).await };
    if let Some(entry) = cache.get(&key, epoch) {
        return respond(&entry, req.headers(), Some((&cache, &key))).await;
    }
    // One request makes the page; the others that miss it meanwhile wait for it (at most
    // WAIT), take it if it was kept, and otherwise make their own, side by side as without a
    // cache (a page that is not kept, a 404 say, never makes requests queue one behind another).
    let turn = cache.turn(&key);
    let mut _making = None;
    if let Some(lock) = turn.as_ref().and_then(|t| t.lock.as_ref()) {
        match lock.try_lock() {
            Ok(guard) => _making = Some(guard),
            Err(_) => {
                let _ = tokio::time::timeout(WAIT, lock.lock()).await;
                if let Some(entry) = cache.get(&key, epoch) {
                    return respond(&entry, req.headers(), Some((&cache, &key))).await;
                }
            }
        }
    }
    // The request's own headers, for the answer: the page is asked for without compression.
    let request_headers = req.headers().clone();
    req.headers_mut().remove(header::ACCEPT_ENCODING);
    let _render = renders.turn(is_page(&req)).await;
    // Waiting for the turn may have taken a while: the page may have been kept meanwhile (by a
    // request that made it after its own wait for this one gave up).
    if let Some(entry) = cache.get(&key, epoch) {
        return respond(&entry, &request_headers, Some((&cache, &key))).await;
    }
    let res = next.run(req).await;
    let content_type = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let html = content_type.starts_with("text/html");
    let keepable = res.status() == StatusCode::OK
        && (html || content_type.starts_with("text/calendar"))
        && !res.headers().contains_key(header::SET_COOKIE)
        && !res.headers().contains_key(header::CONTENT_ENCODING);
    if !keepable {
        // Not kept: compressed on its way out as any other response would have been.
        return compress_uncached(res, encoding_of(&request_headers), &part_store).await;
    }
    let (parts, body) = res.into_parts();
    let Ok(identity) = axum::body::to_bytes(body, usize::MAX).await else { return unreadable() };
    let mut headers = parts.headers.clone();
    // What the cache sets itself, and what belongs to one connection only.
    for name in [
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::TRANSFER_ENCODING,
        header::DATE,
        header::VARY,
        header::ETAG,
        header::LAST_MODIFIED,
        header::CACHE_CONTROL,
        header::CONNECTION,
        header::UPGRADE,
        header::TRAILER,
        header::TE,
        header::HeaderName::from_static("keep-alive"),
        header::HeaderName::from_static("proxy-connection"),
    ] {
        headers.remove(name);
    }
    let mut kept = (identity.len() <= MAX_ENTRY).then_some(identity.clone());
    if html {
        // The page's inline scripts by their hashes; its nonce, now of no use, taken out (so the
        // same page made again is the same bytes and has the same tag).
        let nonce = parts
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .and_then(|csp| csp.split("'nonce-").nth(1))
            .and_then(|rest| rest.split('\'').next())
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        let page = std::str::from_utf8(&identity).ok();
        let policy = page.and_then(inline_script_hashes).and_then(|hashes| HeaderValue::from_str(&hashed_csp(&hashes)).ok());
        match (page, policy) {
            (Some(page), Some(policy)) => {
                headers.insert(header::CONTENT_SECURITY_POLICY, policy);
                if let (Some(nonce), Some(_)) = (nonce, &kept) {
                    kept = Some(Bytes::from(page.replace(&format!(" nonce=\"{nonce}\""), "")));
                }
            }
            _ => kept = None,
        }
    }
    let Some(identity) = kept else {
        return compress_uncached(Response::from_parts(parts, Body::from(identity)), encoding_of(&request_headers), &part_store).await;
    };
    let digest = {
        use sha2::{Digest, Sha256};
        let d = Sha256::digest(&identity);
        d.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>()
    };
    let Ok((br, identity)) = tokio::task::spawn_blocking(move || {
        let br = brotli(&identity, BROTLI_QUALITY);
        // Kept uncompressed only if the brotli copy is missing (see `Entry::identity`).
        let identity = if br.is_empty() { identity } else { Bytes::new() };
        (br, identity)
    })
    .await
    else {
        return unreadable();
    };
    let entry = Arc::new(Entry {
        epoch,
        made: Instant::now(),
        last_modified: http_date(std::time::SystemTime::now()),
        digest,
        headers,
        identity,
        br,
        gzip: std::sync::OnceLock::new(),
    });
    cache.put(key.clone(), entry.clone());
    respond(&entry, &request_headers, Some((&cache, &key))).await
}

/// A response made for this request alone (signed in, not a kept page, or the cache unable to
/// read its epoch): HTML is compressed here too, its marked parts once (`crate::parts`) and the
/// rest for this request (see `INLINE_COMPRESSION` for which
/// thread; the compression layer leaves HTML to this layer); a HEAD request's empty body is left alone.
async fn made_for_one(req: Request, next: Next, renders: &Renders, part_store: &Arc<Parts>) -> Response {
    let coding = if req.method() == Method::HEAD { Encoding::Identity } else { encoding_of(req.headers()) };
    let _render = renders.turn(is_page(&req)).await;
    let res = next.run(req).await;
    let html = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if html {
        compress_uncached(res, coding, part_store).await
    } else {
        res
    }
}

/// A response the cache does not keep, compressed in `coding` (what the request accepts) as the
/// compression layer would have (the layer leaves HTML to this one, and the pages this layer
/// made reached it without `Accept-Encoding`): text of more than 32 bytes, on this thread up to
/// `INLINE_COMPRESSION`, in the blocking pool beyond.
async fn compress_uncached(res: Response, coding: Encoding, part_store: &Arc<Parts>) -> Response {
    let compressible = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/"))
        && !res.headers().contains_key(header::CONTENT_ENCODING)
        && !res.headers().contains_key(header::CONTENT_RANGE);
    if !compressible || coding == Encoding::Identity {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else { return unreadable() };
    if bytes.len() <= 32 {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let inline = bytes.len() <= INLINE_COMPRESSION;
    let part_store = part_store.clone();
    let compress = move || match coding {
        // The page's marked parts compressed once (`crate::parts`), else the whole page.
        Encoding::Br => (
            crate::parts::brotli_page(&bytes, BROTLI_QUALITY_UNKEPT, &part_store).unwrap_or_else(|| brotli(&bytes, BROTLI_QUALITY_UNKEPT)),
            "br",
            bytes,
        ),
        _ => (gzip(&bytes), "gzip", bytes),
    };
    let out = if inline { Ok(compress()) } else { tokio::task::spawn_blocking(compress).await };
    let Ok((out, name, bytes)) = out else { return unreadable() };
    if out.is_empty() {
        return Response::from_parts(parts, Body::from(bytes));
    }
    parts.headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    let varies =
        parts.headers.get_all(header::VARY).iter().any(|v| v.to_str().is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));
    if !varies {
        parts.headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
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
            "/profiles",
            "/profiles/regional",
            "/profiles/TZ",
            "/profiles/TZ/2024",
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
            "/profiles/indicators",
            "/profiles/regional.csv",
            "/profiles/tz/2024",
            "/profiles/TZ/20245",
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
        // Every input of the page is in the key, read as the app reads it.
        let a = key_of(&request("/meetings/1", &[("accept-language", "fr")])).unwrap();
        let b = key_of(&request("/meetings/1", &[("accept-language", "pt")])).unwrap();
        let c = key_of(&request("/meetings/1", &[("accept-language", "fr"), ("save-data", "on")])).unwrap();
        let d = key_of(&request("/meetings/1/agenda", &[("accept-language", "fr")])).unwrap();
        let e = key_of(&request("/meetings/1", &[("accept-language", "fr"), ("cookie", "midsa_tz=Africa%2FMaputo")])).unwrap();
        let f = key_of(&request("/meetings/1", &[("accept-language", "fr"), ("cookie", "midsa_lite=1")])).unwrap();
        let g = key_of(&request("/meetings/1", &[("accept-language", "fr"), ("cookie", "midsa_lang=pt")])).unwrap();
        let all = [&a, &b, &c, &d, &e, &f, &g];
        for (i, x) in all.iter().enumerate() {
            for y in &all[i + 1..] {
                assert_ne!(x, y);
            }
        }
        // What the pages do not read does not split the cache: other cookies, and the same
        // language asked for in other words.
        assert_eq!(key_of(&request("/meetings/1", &[("accept-language", "fr-FR,fr;q=0.9"), ("cookie", "_ga=123")])).unwrap(), a);
        // Parameters the page does not read, or one twice: made anew, never kept (a made-up
        // address cannot add a copy of the page); those it reads are kept, in any order and with
        // empty values.
        for uri in [
            "/meetings/1?x=1",
            "/meetings/1?page=2",
            "/meetings/1/agenda?uncached=7",
            "/meetings/1/agenda?rev=1&rev=2",
            "/meetings/2/plan/dashboard?cycle=3&utm_source=mail",
            "/meetings/2/plan/dashboard?page=1",
            "/meetings/1/agenda?tz=junk1",
            "/meetings/1/agenda?rev=abc",
            "/meetings/2/plan/dashboard?cycle=x",
            "/meetings/1/papers?file_error=x",
            "/meetings/2/plan?imported=1",
        ] {
            assert!(key_of(&request(uri, &[])).is_none(), "{uri}");
        }
        for uri in [
            "/meetings/2/plan/dashboard?theme=&cycle=3&level=national",
            "/meetings/2/plan/countries/MZ?page=2&",
            "/meetings/1/agenda?tz",
            "/meetings/1/agenda?rev=2&tz=Africa/Maputo",
        ] {
            assert!(key_of(&request(uri, &[])).is_some(), "{uri}");
        }
        // No key for over-long addresses or cookie values, or a request with a body.
        assert!(key_of(&request(&format!("/meetings/1?q={}", "x".repeat(600)), &[])).is_none());
        assert!(key_of(&request("/meetings/1", &[("cookie", &format!("midsa_tz={}", "x".repeat(600)))])).is_none());
        assert!(key_of(&request("/meetings/1", &[("content-length", "3000000")])).is_none());
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
        assert!(inline_script_hashes("<script>a=1;\r\nb=2</script>").is_none(), "a browser hashes CR LF as LF");
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
            digest: "t1".into(),
            headers: HeaderMap::new(),
            identity: Bytes::from(vec![b'x'; size]),
            br: Bytes::new(),
            gzip: std::sync::OnceLock::new(),
        })
    }

    fn key(uri: &str) -> Key {
        Key {
            uri: uri.into(),
            lang_cookie: String::new(),
            tz_cookie: String::new(),
            lite_cookie: String::new(),
            accepted: Lang::En,
            save_data: false,
        }
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
        // A request that read an older epoch is served nothing kept.
        assert!(cache.get(&key("/c"), 3).is_none());
        assert!(cache.get(&key("/c"), 6).is_some());
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
        let tag = e.tag(Encoding::Identity);
        assert_eq!(tag, "\"t1\"");
        assert_eq!(e.tag(Encoding::Br), "\"t1-br\"");
        assert!(not_modified(&h(header::IF_NONE_MATCH, "\"t1\""), &tag, &e));
        assert!(not_modified(&h(header::IF_NONE_MATCH, "\"t0\", W/\"t1\""), &tag, &e));
        assert!(!not_modified(&h(header::IF_NONE_MATCH, "\"t0\""), &tag, &e));
        assert!(!not_modified(&h(header::IF_NONE_MATCH, "\"t1\""), &e.tag(Encoding::Gzip), &e), "another encoding's tag");
        assert!(not_modified(&h(header::IF_MODIFIED_SINCE, "Thu, 03 Dec 2026 10:00:00 GMT"), &tag, &e));
        assert!(!not_modified(&h(header::IF_MODIFIED_SINCE, "Wed, 02 Dec 2026 10:00:00 GMT"), &tag, &e));
        assert!(!not_modified(&HeaderMap::new(), &tag, &e));
    }

    #[tokio::test]
    async fn a_kept_page_goes_in_an_encoding_the_browser_accepts() {
        let mut e = Entry {
            br: Bytes::from_static(b"B"),
            gzip: Bytes::from_static(b"G").into(),
            ..Arc::into_inner(entry(1, Instant::now(), 3)).unwrap()
        };
        let ask = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            m
        };
        let coding = |res: &Response| res.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_string());
        assert_eq!(coding(&respond(&e, &ask("br, gzip"), None).await).as_deref(), Some("br"));
        assert_eq!(coding(&respond(&e, &ask("gzip"), None).await).as_deref(), Some("gzip"));
        assert_eq!(coding(&respond(&e, &HeaderMap::new(), None).await), None);
        // Without a brotli copy, a browser that takes only brotli gets the page as it is.
        e.br = Bytes::new();
        assert_eq!(coding(&respond(&e, &ask("br"), None).await), None);
        assert_eq!(coding(&respond(&e, &ask("br, gzip"), None).await).as_deref(), Some("gzip"));
        let res = respond(&e, &ask("br"), None).await;
        assert_eq!(res.headers()[header::CONTENT_LENGTH], "3");
        assert_eq!(res.headers()[header::ETAG], "\"t1\"");
        // Kept as brotli only: a client that takes neither gets it unpacked; one that takes only
        // gzip gets a gzip copy, made once, kept and counted by the cache.
        let page = b"<html><body>The agenda</body></html>".repeat(20);
        let kept = Arc::new(Entry {
            identity: Bytes::new(),
            br: brotli(&page, BROTLI_QUALITY),
            ..Arc::into_inner(entry(1, Instant::now(), 0)).unwrap()
        });
        let res = respond(&kept, &HeaderMap::new(), None).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_LENGTH], page.len().to_string().as_str());
        assert_eq!(axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap(), page);
        let cache = PageCache::default();
        cache.put(key("/kept"), kept.clone());
        let before = cache.inner.lock().unwrap().bytes;
        let res = respond(&kept, &ask("gzip, deflate"), Some((&cache, &key("/kept")))).await;
        assert_eq!(coding(&res).as_deref(), Some("gzip"));
        assert_eq!(res.headers()[header::ETAG], "\"t1-gz\"");
        let zipped = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&zipped[..]), &mut unzipped).unwrap();
        assert_eq!(unzipped, page);
        assert_eq!(kept.gzip.get(), Some(&zipped), "the gzip copy is kept");
        assert_eq!(cache.inner.lock().unwrap().bytes, before + zipped.len());
        // A copy that cannot be unpacked is an error, never an empty page.
        let broken = Entry {
            identity: Bytes::new(),
            br: Bytes::from_static(b"not brotli"),
            ..Arc::into_inner(entry(1, Instant::now(), 0)).unwrap()
        };
        let res = respond(&broken, &HeaderMap::new(), None).await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!res.headers().contains_key(header::ETAG));
        let res = respond(&broken, &ask("gzip"), None).await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[tokio::test]
    async fn pages_are_made_a_few_at_a_time_and_nothing_else_waits() {
        let req = |method: Method, path: &str| Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
        for page in ["/", "/meetings/1/plan/dashboard", "/me", "/meetings/1/agenda?lang=fr"] {
            assert!(is_page(&req(Method::GET, page)), "{page}");
        }
        assert!(is_page(&req(Method::HEAD, "/meetings/1")));
        for other in ["/api/v1/meetings", "/pkg/midsa.abc.wasm", "/meetings/1/calendar.ics", "/favicon.svg", "/health", "/invite/abc"] {
            assert!(!is_page(&req(Method::GET, other)), "{other}");
        }
        assert!(!is_page(&req(Method::POST, "/meetings/1/register")));
        let renders = Renders(tokio::sync::Semaphore::new(1));
        let first = renders.turn(is_page(&req(Method::GET, "/meetings/1"))).await;
        assert!(first.is_some());
        // The second page waits for the first; a file does not.
        let waiting = tokio::time::timeout(Duration::from_millis(50), renders.turn(is_page(&req(Method::GET, "/meetings/2")))).await;
        assert!(waiting.is_err(), "a second page waits its turn");
        assert!(renders.turn(is_page(&req(Method::GET, "/pkg/midsa.css"))).await.is_none());
        drop(first);
        assert!(renders.turn(is_page(&req(Method::GET, "/meetings/2"))).await.is_some());
    }

    #[test]
    fn the_brotli_window_fits_the_page() {
        assert_eq!(window_bits(0), 16);
        assert_eq!(window_bits(35_000), 16);
        assert_eq!(window_bits(115_000), 17);
        // Kept pages (quality 5): 17 bits at least (see `lgwin`); pages made for one reader
        // (quality 4) keep the window that fits.
        assert_eq!(lgwin(35_000, BROTLI_QUALITY), 17);
        assert_eq!(lgwin(65_536, BROTLI_QUALITY), 17);
        assert_eq!(lgwin(411_000, BROTLI_QUALITY), 19);
        assert_eq!(lgwin(35_000, BROTLI_QUALITY_UNKEPT), 16);
        let small = "<li class=\"agenda-item\"><h4>Opening of the meeting</h4><p>Room A</p></li>".repeat(450);
        assert!(small.len() < 1 << 16);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(small.as_bytes(), BROTLI_QUALITY)[..], &mut out).unwrap();
        assert_eq!(out, small.as_bytes());
        assert_eq!(window_bits(411_000), 19);
        assert_eq!(window_bits(1 << 19), 19);
        assert_eq!(window_bits((1 << 19) + 1), 20);
        assert_eq!(window_bits(50 << 20), 22);
        let page = "<tr><td>Cycle 10</td><td class=\"cell-on_track\">On track 50 %</td></tr>".repeat(6000);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(page.as_bytes(), BROTLI_QUALITY_UNKEPT)[..], &mut out).unwrap();
        assert_eq!(out, page.as_bytes());
    }
}
