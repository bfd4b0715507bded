use crate::config::Settings;
use crate::{mail, middleware, routes};
use app::app::{shell, App};
use app::ssr::{AppState, Config};
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

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

/// The whole HTTP application: pages, server functions, extra routes, static files.
pub fn build_router(state: AppState, options: LeptosOptions) -> Router {
    // Generated once per process: route generation renders the app in a special mode and must
    // not run while another router in the same process is rendering pages (as in the tests).
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(App)).clone();
    let pkg_dir = format!("{}/pkg", options.site_root);
    let app_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    // Precompressed copies (`.br`, `.gz`, written by scripts/precompress.sh) are served when
    // the browser accepts them; the compression layer leaves encoded responses alone.
    let static_files = Router::new()
        .nest_service("/pkg", ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .layer(axum::middleware::map_response(static_cache));
    Router::new()
        .route("/health", get(routes::health))
        .route("/set-language", post(routes::set_language))
        .route("/set-lite", post(routes::set_lite))
        .route("/meetings/{id}/calendar.ics", get(crate::ical::meeting_calendar))
        .route("/meetings/{id}/registrations.csv", get(routes::registrations_csv))
        .route("/meetings/{id}/registrations.xlsx", get(routes::registrations_xlsx))
        .route("/feeds/{file}", get(crate::ical::personal_feed))
        .route("/meetings/{id}/pack.zip", get(crate::files::pack))
        .route("/meetings/{id}/plan/import", post(crate::plan::import).layer(axum::extract::DefaultBodyLimit::max(10 * 1024 * 1024)))
        .route("/meetings/{id}/plan.csv", get(|s, u, p| crate::plan::export(s, u, p, false)))
        .route("/meetings/{id}/plan.xlsx", get(|s, u, p| crate::plan::export(s, u, p, true)))
        .route("/meetings/{id}/plan/matrix.csv", get(|s, u, p, q| crate::plan::matrix(s, u, p, q, false)))
        .route("/meetings/{id}/plan/matrix.xlsx", get(|s, u, p, q| crate::plan::matrix(s, u, p, q, true)))
        .route("/plan-template.csv", get(|| crate::plan::template(false)))
        .route("/plan-template.xlsx", get(|| crate::plan::template(true)))
        .route(
            "/cycles/{cid}/reports/{rid}/files",
            post(crate::plan::upload_evidence)
                .layer(axum::extract::DefaultBodyLimit::max(state.config.max_file_bytes as usize + 64 * 1024)),
        )
        .route("/report-files/{id}/{name}", get(crate::plan::download_evidence))
        .route("/cycles/{cid}/reports.csv", get(|s, u, p| crate::plan::cycle_reports(s, u, p, false)))
        .route("/cycles/{cid}/reports.xlsx", get(|s, u, p| crate::plan::cycle_reports(s, u, p, true)))
        .route("/papers/{id}/files/{file}/{name}", get(crate::files::download))
        .route(
            "/papers/{id}/files",
            post(crate::files::upload).layer(axum::extract::DefaultBodyLimit::max(state.config.max_file_bytes as usize + 64 * 1024)),
        )
        .merge(crate::api_v1::router())
        .leptos_routes(&options, routes, app_shell)
        .merge(static_files)
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options)
        .layer(axum::middleware::from_fn(middleware::server_fn_status))
        .layer(axum::middleware::from_fn_with_state(state, middleware::session_and_csrf))
        .layer(CompressionLayer::new())
}

/// A running server (used by `main` and by the HTTP tests).
pub struct Application {
    pub addr: SocketAddr,
    pub db: DatabaseConnection,
    pub public_url: String,
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
        let state = AppState {
            db: db.clone(),
            config: Arc::new(Config {
                public_url: public_url.clone(),
                secure_cookies: settings.secure_cookies,
                files_dir: settings.data_dir.join("files"),
                max_file_bytes: settings.max_file_bytes,
                s3: settings.s3.clone(),
            }),
        };
        let router = build_router(state, leptos_options(&Settings { addr, ..settings.clone() }));
        let server = tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown(shutdown_signal())
                .await
        });
        let mailer = mail::Mailer::from_settings(&settings).map_err(|e| format!("mail transport: {e}"))?;
        let worker =
            tokio::spawn(mail::worker::run(db.clone(), mailer, settings.outbox_poll_ms, settings.outbox_retry_base_ms, public_url.clone()));
        Ok(Application { addr, db, public_url, server, worker })
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
    path.rsplit('/').next().is_some_and(|name| name.split('.').count() >= 3)
}

/// Hashed site files never change under their name: cached for a year, immutable. Anything
/// else under `/pkg` for an hour.
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
    }
}
