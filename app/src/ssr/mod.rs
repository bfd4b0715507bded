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
pub mod memo;
pub mod outbox;
pub mod pdf;
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
/// Its [`WriteTxn::commit`] moves the cache epoch on ([`cache_epoch`]) as the transaction's last
/// statement: when it commits, every public page the server's response cache holds is out of
/// date, on every server instance of the database at once; when it rolls back (dropped without
/// commit), nothing moved. (On PostgreSQL the epoch's row is locked only from that statement to
/// the commit.) Writes that no cached page shows (sessions, sign-in attempts, per-address
/// limits, password links, tokens, reminders) use [`private_write_txn`] instead.
pub async fn write_txn(db: &sea_orm::DatabaseConnection) -> Result<WriteTxn, sea_orm::DbErr> {
    Ok(WriteTxn { txn: private_write_txn(db).await? })
}

/// A transaction from [`write_txn`]: reads and writes as any transaction (it derefs to one and
/// is a connection itself), and its only way to commit moves the cache epoch on.
pub struct WriteTxn {
    txn: sea_orm::DatabaseTransaction,
}

impl WriteTxn {
    /// Moves the cache epoch on and commits, as one transaction.
    pub async fn commit(self) -> Result<(), sea_orm::DbErr> {
        use sea_orm::ConnectionTrait;
        self.txn.execute_unprepared("UPDATE cache_epoch SET n = n + 1 WHERE id = 1").await?;
        self.txn.commit().await
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = sea_orm::DatabaseTransaction;
    fn deref(&self) -> &sea_orm::DatabaseTransaction {
        &self.txn
    }
}

#[async_trait::async_trait]
impl sea_orm::ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> sea_orm::DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: sea_orm::Statement) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: sea_orm::Statement) -> Result<Option<sea_orm::QueryResult>, sea_orm::DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: sea_orm::Statement) -> Result<Vec<sea_orm::QueryResult>, sea_orm::DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
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
///
/// sqlx pings a pooled connection before handing it out (by default) and again when it comes
/// back (in a task of its own), each ping a round trip to the connection's thread (SQLite) or
/// the database server (PostgreSQL): three trips per statement where one does the work. A
/// SQLite connection is a file in this process that nobody can hang up, so it is never pinged
/// before use; a PostgreSQL connection only after [`PG_PING_AFTER_IDLE`] unused (the server or
/// a proxy may have dropped it meanwhile; a busy pool's connections are in use all the time).
/// The price: after PostgreSQL restarts, a connection taken again less than 10 s after it was
/// last returned fails its next statement (one request per pooled connection gets an error)
/// and is then replaced. The ping on return cannot be turned off in sqlx.
///
/// Each SQLite connection also gets the query planner stability guarantee
/// ([`stable_query_plans`]).
pub async fn connect(url: &str) -> Result<sea_orm::DatabaseConnection, sea_orm::DbErr> {
    let mut opts = sea_orm::ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false);
    if url.starts_with("sqlite:") {
        opts.map_sqlx_sqlite_pool_opts(|o| o.after_connect(|conn, _| Box::pin(stable_query_plans(conn))));
        opts.max_connections(SQLITE_MAX_CONNECTIONS).test_before_acquire(false).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(std::time::Duration::from_secs(15))
                .foreign_keys(true)
                // Each SQLite connection runs on its own thread and hands rows over one by one:
                // with sqlx's 50-row buffer a 3,200-row read (the dashboard's cells) put that
                // thread to sleep and woke it about 64 times, costing more than the reading.
                .row_buffer_size(1024)
        });
    } else {
        opts.max_connections(16).test_before_acquire_if_idle_for(PG_PING_AFTER_IDLE);
    }
    sea_orm::Database::connect(opts).await
}

/// The SQLite pool's connections: a few, since writers queue on `BEGIN IMMEDIATE` anyway.
pub const SQLITE_MAX_CONNECTIONS: u32 = 4;

/// Turns on SQLite's query planner stability guarantee (`SQLITE_DBCONFIG_ENABLE_QPSG`) on a
/// new connection: a statement's plan no longer depends on the values bound to it.
///
/// Without it, SQLite (3.51.3, the one libsqlite3-sys builds here) reads a bound `LIMIT ?`
/// when it plans a statement and marks the statement to be planned again whenever another value
/// is bound there, and sea-orm binds the limit of every `.one()` and `.limit(n)`: every such
/// statement was parsed and planned anew on every run, although sqlx keeps it prepared (about
/// 7 % of the CPU of an agenda page made anew; docs/BENCHMARKS.md "Stop 35"). The plans lost
/// are the ones SQLite would adapt to a bound value (a LIMIT's row estimate, a `LIKE ?` prefix
/// on a NOCASE index, a partial index matched against a bound value, STAT4 samples from
/// `ANALYZE`, which this database never runs); none of them is one this application's
/// statements rely on.
pub async fn stable_query_plans(conn: &mut sea_orm::sqlx::SqliteConnection) -> Result<(), sea_orm::sqlx::Error> {
    let (rc, on) = query_planner_stability(conn, 1).await?;
    if rc != libsqlite3_sys::SQLITE_OK || on != 1 {
        return Err(sea_orm::sqlx::Error::Configuration(
            format!("SQLite refused the query planner stability guarantee (code {rc})").into(),
        ));
    }
    Ok(())
}

/// Whether a SQLite connection has the query planner stability guarantee on (see
/// [`stable_query_plans`]).
pub async fn has_stable_query_plans(conn: &mut sea_orm::sqlx::SqliteConnection) -> Result<bool, sea_orm::sqlx::Error> {
    let (rc, on) = query_planner_stability(conn, -1).await?;
    Ok(rc == libsqlite3_sys::SQLITE_OK && on == 1)
}

/// `SQLITE_DBCONFIG_ENABLE_QPSG` on a connection: `set` 1 turns the guarantee on, 0 off, -1
/// leaves it as it is. Returns SQLite's result code and the setting after the call (1: on).
async fn query_planner_stability(
    conn: &mut sea_orm::sqlx::SqliteConnection,
    set: std::ffi::c_int,
) -> Result<(std::ffi::c_int, std::ffi::c_int), sea_orm::sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    let mut now: std::ffi::c_int = -1;
    // SAFETY: `db` is this connection's open handle, held exclusively through `handle` for the
    // call; SQLITE_DBCONFIG_ENABLE_QPSG takes an int (the setting wanted) and an int* that
    // SQLite writes the setting into, which points to `now`, alive for the call.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_db_config(db, libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG, set, &mut now as *mut std::ffi::c_int)
    };
    Ok((rc, now))
}

/// How long a PostgreSQL connection may lie unused in the pool before it is pinged on its next
/// use (see [`connect`]).
pub const PG_PING_AFTER_IDLE: std::time::Duration = std::time::Duration::from_secs(10);
