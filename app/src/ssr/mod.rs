//! Server-only code: database entities, request context, errors, Markdown, sessions, audit and
//! the email outbox. Compiled only with the `ssr` feature, so none of it reaches the wasm bundle.

pub mod access;
pub mod audit;
pub mod auth;
pub mod blob;
pub mod context;
pub mod entities;
pub mod error;
pub mod flash;
pub mod limits;
pub mod markdown;
pub mod outbox;
pub mod s3;
pub mod state;
pub mod table;
pub mod testing;
pub mod write;

pub use context::{current_user, db, require_secretariat, require_user};
pub use error::ServiceError;
pub use state::{AppState, Config};

/// Starts a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so concurrent writers queue on the busy timeout instead of failing
/// when a read transaction tries to upgrade; on PostgreSQL it is a plain transaction.
pub async fn write_txn(db: &sea_orm::DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions { sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate), ..Default::default() })
        .await
}

/// Opens the database pool: SQLite in WAL mode with a busy timeout (a few connections, since
/// writers queue on `BEGIN IMMEDIATE`), or PostgreSQL.
pub async fn connect(url: &str) -> Result<sea_orm::DatabaseConnection, sea_orm::DbErr> {
    let mut opts = sea_orm::ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false);
    if url.starts_with("sqlite:") {
        opts.max_connections(4).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(std::time::Duration::from_secs(15))
                .foreign_keys(true)
        });
    } else {
        opts.max_connections(16);
    }
    sea_orm::Database::connect(opts).await
}
