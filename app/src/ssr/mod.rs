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
///
/// It also moves the cache epoch on ([`cache_epoch`]), in the same transaction: when it commits,
/// every public page the server's response cache holds is out of date, on every server
/// instance of the database at once; when it rolls back, nothing moved. (On PostgreSQL the
/// epoch's row lock makes write transactions take turns, as SQLite's write lock always did.)
/// Writes that no cached page shows (sessions, sign-in attempts, per-address limits, password
/// links, the outbox) use [`private_write_txn`] instead.
pub async fn write_txn(db: &sea_orm::DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::ConnectionTrait;
    let txn = private_write_txn(db).await?;
    txn.execute_unprepared("UPDATE cache_epoch SET n = n + 1 WHERE id = 1").await?;
    Ok(txn)
}

/// A write transaction (as [`write_txn`]) for data that no cached public page shows: it leaves
/// the cache epoch where it is.
pub async fn private_write_txn(db: &sea_orm::DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions { sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate), ..Default::default() })
        .await
}

/// The cache epoch: how many write transactions have committed ([`write_txn`]). A page
/// computed after reading epoch `n` holds data at least as new as `n`, so it may be served for
/// as long as the epoch reads `n`.
pub async fn cache_epoch(db: &impl sea_orm::ConnectionTrait) -> Result<i64, sea_orm::DbErr> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT n FROM cache_epoch WHERE id = 1"))
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("cache_epoch".into()))?;
    row.try_get_by_index(0)
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
