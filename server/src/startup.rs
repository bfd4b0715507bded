use crate::config::Settings;
use crate::extract::ServerState;
use crate::{mail, middleware, routes};
use app::app::{shell, App};
use app::features::registration::service::LetterKind;
use app::ssr::{AppState, Config};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// Connects (creating the SQLite file and its directory if needed) and applies all migrations.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, String> {
    if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
        let file = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        }
    }
    let db = app::ssr::connect(url).await.map_err(|e| format!("connecting to the database: {e}"))?;
    Migrator::up(&db, None).await.map_err(|e| format!("migrating: {e}"))?;
    app::features::search::service::ensure_index(&db).await.map_err(|e| format!("building the search index: {e}"))?;
    Ok(db)
}

pub fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(settings.output_name.clone())
        .site_root(settings.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(settings.addr)
        // cargo-leptos names the site's js, wasm and css after their content and writes the
        // hashes to hash.txt beside the server binary; without it (tests) the plain names.
        .hash_files(std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join("hash.txt"))).is_some_and(|p| p.exists()))
        .build()
}

/// The pages of the app, generated once per process: route generation renders the app in a
/// special mode and must not run while another router in the same process is rendering pages
/// (as in the tests).
fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub use crate::routing::{route, PlainRoute};

/// The routes beyond pages, server functions and the JSON API (`max_upload`: the body limit of
/// the upload routes, the configured file size plus room for the form around it).
fn plain_routes(max_upload: usize) -> Vec<PlainRoute> {
    let limited = |(method, path, r): PlainRoute, bytes: usize| (method, path, r.layer(DefaultBodyLimit::max(bytes)));
    vec![
        route(Method::GET, "/health", routes::health),
        route(Method::POST, "/set-language", routes::set_language),
        route(Method::POST, "/set-lite", routes::set_lite),
        route(Method::GET, "/meetings/{id}/calendar.ics", crate::ical::meeting_calendar),
        route(Method::GET, "/meetings/{id}/registrations.csv", |s, u, r, p| routes::registrations_export(s, u, r, p, false)),
        route(Method::GET, "/meetings/{id}/registrations.xlsx", |s, u, r, p| routes::registrations_export(s, u, r, p, true)),
        route(Method::GET, "/feeds/{file}", crate::ical::personal_feed),
        route(Method::GET, "/invite/{token}", routes::open_invite),
        route(Method::GET, "/password/reset/{token}", routes::open_password_link),
        route(Method::GET, "/meetings/{id}/pack.zip", crate::files::pack),
        limited(route(Method::POST, "/meetings/{id}/plan/import", crate::plan::import), crate::plan::IMPORT_LIMIT + 64 * 1024),
        route(Method::GET, "/meetings/{id}/plan.csv", |s, u, r, p| crate::plan::export(s, u, r, p, false)),
        route(Method::GET, "/meetings/{id}/plan.xlsx", |s, u, r, p| crate::plan::export(s, u, r, p, true)),
        route(Method::GET, "/meetings/{id}/plan/matrix.csv", |s, u, r, p, q| crate::plan::matrix(s, u, r, p, q, false)),
        route(Method::GET, "/meetings/{id}/plan/matrix.xlsx", |s, u, r, p, q| crate::plan::matrix(s, u, r, p, q, true)),
        route(Method::GET, "/profiles/regional.csv", |s, u, r| crate::plan::regional_profile(s, u, r, false)),
        route(Method::GET, "/profiles/regional.xlsx", |s, u, r| crate::plan::regional_profile(s, u, r, true)),
        route(Method::GET, "/plan-template.csv", |r| crate::plan::template(r, false)),
        route(Method::GET, "/plan-template.xlsx", |r| crate::plan::template(r, true)),
        limited(route(Method::POST, "/cycles/{cid}/reports/{rid}/files", crate::plan::upload_evidence), max_upload),
        route(Method::GET, "/report-files/{id}/{name}", crate::plan::download_evidence),
        route(Method::GET, "/cycles/{cid}/reports.csv", |s, u, r, p| crate::plan::cycle_reports(s, u, r, p, false)),
        route(Method::GET, "/cycles/{cid}/reports.xlsx", |s, u, r, p| crate::plan::cycle_reports(s, u, r, p, true)),
        route(Method::GET, "/papers/{id}/files/{file}/{name}", crate::files::download),
        limited(route(Method::POST, "/papers/{id}/files", crate::files::upload), max_upload),
        limited(route(Method::POST, "/meetings/{id}/delegations/{country}/note-verbale", crate::files::upload_note_verbale), max_upload),
        route(Method::GET, "/meetings/{id}/notes-verbales/{note}/{name}", crate::files::download_note_verbale),
        route(Method::GET, "/registrations/{id}/invitation.pdf", |s, u, r, p| crate::files::letter(s, u, r, p, LetterKind::Invitation)),
        route(Method::GET, "/registrations/{id}/certificate.pdf", |s, u, r, p| crate::files::letter(s, u, r, p, LetterKind::Certificate)),
        route(Method::GET, "/meetings/{id}/invitations.zip", |s, u, r, p| crate::files::letters_zip(s, u, r, p, LetterKind::Invitation)),
        route(Method::GET, "/meetings/{id}/certificates.zip", |s, u, r, p| crate::files::letters_zip(s, u, r, p, LetterKind::Certificate)),
        limited(route(Method::POST, "/meetings/{id}/letters", crate::files::save_letters), 2 * max_upload),
    ]
}

/// Every endpoint the router serves, as (method in capitals, axum path): the pages, the server
/// functions, the plain routes and the JSON API, taken from the lists the router is built from
/// (only the static files under `/pkg` and the fallback are left out). The authorisation
/// matrix test checks that each one has an entry.
pub fn endpoints() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for listing in page_routes() {
        for method in listing.methods() {
            // `Get` → `GET` (leptos_router's method, named through its Debug form).
            out.push((format!("{method:?}").to_uppercase(), listing.path().to_string()));
        }
    }
    out.extend(leptos::server_fn::axum::server_fn_paths().map(|(path, method)| (method.as_str().to_string(), path.to_string())));
    out.extend(plain_routes(0).into_iter().map(|(method, path, _)| (method.as_str().to_string(), path.to_string())));
    out.extend(crate::api_v1::routes().into_iter().map(|(method, path, _)| (method.as_str().to_string(), path.to_string())));
    out.sort();
    out.dedup();
    out
}

/// The whole HTTP application: pages, server functions, extra routes, static files.
pub fn build_router(state: AppState, options: LeptosOptions) -> Router {
    let routes = page_routes();
    let pkg_dir = format!("{}/pkg", options.site_root);
    let app_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    // Pages and server functions read the application's state from the Leptos context
    // (`app::ssr::context::state`); plain routes take it as `State<AppState>`.
    let provide_state = {
        let state = state.clone();
        move || leptos::prelude::provide_context(state.clone())
    };
    let server_state = ServerState { leptos: options.clone(), app: state.clone() };
    // Precompressed copies (`.br`, `.gz`, written by scripts/precompress.sh) are served when
    // the browser accepts them; the compression layer leaves encoded responses alone.
    let static_files = Router::new()
        .nest_service("/pkg", ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .layer(axum::middleware::map_response(static_cache));
    let page_cache = state.config.page_cache.then(|| Arc::new(crate::cache::PageCache::default()));
    let mut router = Router::new();
    for (_, path, handler) in plain_routes(state.config.max_file_bytes as usize + 64 * 1024) {
        router = router.route(path, handler);
    }
    router
        .merge(crate::api_v1::router(state.clone()))
        .leptos_routes_with_context(&server_state, routes, provide_state.clone(), app_shell)
        .merge(static_files)
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(provide_state, shell))
        .with_state(server_state)
        .layer(axum::middleware::from_fn(middleware::server_fn_status))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::form_errors))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::security_headers))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::session_and_csrf))
        .layer(axum::middleware::from_fn(middleware::close_after_oversized))
        .layer(CompressionLayer::new().compress_when(compressible()))
        // Outside the compression layer: it keeps public pages compressed once (see `cache`).
        .layer(axum::middleware::from_fn_with_state(
            (state, page_cache, Arc::new(crate::cache::Renders::default()), Arc::new(crate::parts::Parts::default())),
            crate::cache::page_cache,
        ))
        // Status and latency of every response at DEBUG (`RUST_LOG=tower_http=debug`), server
        // errors at ERROR, inside the request's span (its id) opened by the layer below.
        .layer(TraceLayer::new_for_http().make_span_with(|_: &axum::http::Request<_>| tracing::Span::current()))
        .layer(axum::middleware::from_fn(middleware::request_id))
}

/// What the compression layer compresses: not small bodies, raster images (tower-http's default
/// predicate; SVG is text and is compressed), or files that are compressed already (ZIP packs,
/// PDFs, Office files, which are ZIPs), whose second compression costs CPU for nothing. Nor
/// HTML: pages are compressed whole by the page cache's layer outside this one (`cache`), with
/// a window sized to the page instead of the streaming encoder's 4 MiB one.
fn compressible() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
    DefaultPredicate::new()
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/vnd.openxmlformats-officedocument"))
        .and(NotForContentType::const_new("application/octet-stream"))
        .and(NotForContentType::const_new("text/html"))
}

/// Every accepted connection sends what it is given at once (`TCP_NODELAY`). With Nagle's
/// algorithm on, the last small segment of a response waits until the client acknowledges the
/// previous one, and a client that has nothing to send delays that acknowledgement by up to
/// 40 ms: every static file or page on a kept-alive connection paid that stall.
pub fn no_delay(listener: tokio::net::TcpListener) -> axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)> {
    use axum::serve::ListenerExt;
    fn set(tcp: &mut tokio::net::TcpStream) {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY not set on a connection: {e}");
        }
    }
    listener.tap_io(set as fn(&mut tokio::net::TcpStream))
}

/// A running server (used by `main` and by the HTTP tests).
pub struct Application {
    pub addr: SocketAddr,
    /// A connection to the application's database that is not counted in [`Application::queries`].
    pub db: DatabaseConnection,
    pub public_url: String,
    /// Statements run on behalf of requests (pages, server functions, routes; not the outbox
    /// worker): read before and after a request to know what it cost (benchmarks, tests).
    pub queries: Arc<AtomicU64>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    worker: tokio::task::JoinHandle<()>,
}

impl Application {
    /// Connects, migrates, binds (port 0 picks a free port) and starts serving and the outbox worker.
    pub async fn start(settings: Settings) -> Result<Self, String> {
        let db = connect_and_migrate(&settings.database_url).await?;
        let listener = tokio::net::TcpListener::bind(settings.addr).await.map_err(|e| format!("binding {}: {e}", settings.addr))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let public_url = if settings.public_url.ends_with(":0") { format!("http://{addr}") } else { settings.public_url.clone() };
        // Requests use their own handle on the pool, which counts the statements it runs.
        let queries = Arc::new(AtomicU64::new(0));
        let mut counted = db.clone();
        let counter = queries.clone();
        counted.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let state = AppState {
            db: counted,
            config: Arc::new(Config {
                public_url: public_url.clone(),
                secure_cookies: settings.secure_cookies,
                files_dir: settings.data_dir.join("files"),
                max_file_bytes: settings.max_file_bytes,
                s3: settings.s3.clone(),
                trusted_proxies: settings.trusted_proxies.clone(),
                page_cache: settings.page_cache,
            }),
            memo: Default::default(),
            frozen: Default::default(),
        };
        let router = build_router(state, leptos_options(&Settings { addr, ..settings.clone() }));
        let listener = no_delay(listener);
        let server = tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown(shutdown_signal())
                .await
        });
        let mailer = mail::Mailer::from_settings(&settings).map_err(|e| format!("mail transport: {e}"))?;
        let worker = tokio::spawn(mail::worker::run(db.clone(), mailer, settings.outbox_timing(), public_url.clone()));
        Ok(Application { addr, db, public_url, queries, server, worker })
    }

    /// Serves until the server stops (Ctrl-C / SIGTERM).
    pub async fn run_until_stopped(self) -> Result<(), String> {
        let res = self.server.await.map_err(|e| e.to_string())?.map_err(|e| e.to_string());
        self.worker.abort();
        res
    }

    /// Stops serving (tests).
    pub fn stop(&self) {
        self.server.abort();
        self.worker.abort();
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

/// Whether a `/pkg` file name carries cargo-leptos' content hash (`midsa.<hash>.wasm`).
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split('.').count() >= 3
}

/// Hashed site files never change under their
/// name: cached for a year, immutable. Anything else under `/pkg` for an hour.
async fn static_cache(uri: axum::http::Uri, mut res: axum::response::Response) -> axum::response::Response {
    let value = if is_hashed(uri.path()) { "public, max-age=31536000, immutable" } else { "public, max-age=3600" };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashed_site_files_are_recognised() {
        assert!(super::is_hashed("/midsa.Zx3-_a9.wasm"));
        assert!(super::is_hashed("/midsa.Zx3-_a9.css"));
        assert!(!super::is_hashed("/midsa.wasm"));
        assert!(!super::is_hashed("/midsa.css"));
        assert!(!super::is_hashed("/other.9f8e7d6c/chunk_12.wasm"));
    }

    #[tokio::test]
    async fn accepted_connections_send_without_delay() {
        use axum::serve::Listener;
        let raw = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = raw.local_addr().unwrap();
        let mut listener = super::no_delay(raw);
        let ((stream, _), client) = tokio::join!(listener.accept(), tokio::net::TcpStream::connect(addr));
        client.unwrap();
        assert!(stream.nodelay().unwrap(), "TCP_NODELAY on the accepted connection");
        // Without it, the system's default (Nagle on).
        let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = plain.local_addr().unwrap();
        let (accepted, client) = tokio::join!(plain.accept(), tokio::net::TcpStream::connect(addr));
        client.unwrap();
        assert!(!accepted.unwrap().0.nodelay().unwrap());
    }

    #[test]
    fn no_plain_route_waits_for_a_pages_turn() {
        // Every plain route's address, its parameters filled in (pages are sampled in
        // `cache::tests`).
        for (method, path, _) in super::plain_routes(0) {
            let filled: String = path.split('/').map(|s| if s.starts_with('{') { "7" } else { s }).collect::<Vec<_>>().join("/");
            if method == super::Method::GET {
                assert!(!crate::cache::is_page_path(&filled), "{filled} would wait for a page's turn");
            }
        }
    }

    #[test]
    fn compressed_formats_are_not_compressed_again() {
        use tower_http::compression::Predicate;
        let p = super::compressible();
        let answer = |content_type: &str| {
            let response = axum::http::Response::builder()
                .header(axum::http::header::CONTENT_TYPE, content_type)
                .body(axum::body::Body::from(vec![b'a'; 4096]))
                .unwrap();
            p.should_compress(&response)
        };
        for already in [
            "application/zip",
            "application/pdf",
            "image/png",
            "image/jpeg",
            "image/webp",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/octet-stream",
        ] {
            assert!(!answer(already), "{already} must not be compressed again");
        }
        for text in ["text/csv; charset=utf-8", "text/calendar; charset=utf-8", "application/json", "image/svg+xml"] {
            assert!(answer(text), "{text} should be compressed");
        }
        // Pages are compressed whole by the page cache's layer, outside this one (`cache`).
        assert!(!answer("text/html; charset=utf-8"));
    }
}
