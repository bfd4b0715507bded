use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Settings the app crate needs at request time (the server crate owns the rest).
#[derive(Clone, Debug)]
pub struct Config {
    /// Absolute base URL used in emails and calendar files, without a trailing slash.
    pub public_url: String,
    /// Set the `Secure` flag on the session cookie (true whenever the public URL is https).
    pub secure_cookies: bool,
    /// Where attached files are stored (`DATA_DIR/files`), one file per SHA-256.
    pub files_dir: std::path::PathBuf,
    /// Largest accepted attachment, in bytes.
    pub max_file_bytes: u64,
    /// An S3-compatible object store for attached files, instead of `files_dir`.
    pub s3: Option<super::s3::S3Config>,
}

/// Shared state, inserted into every request's extensions by the server.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
}
