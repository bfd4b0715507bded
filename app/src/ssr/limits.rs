//! Per-address (and per-account) limits, counted and recorded inside the caller's write
//! transaction, so that a burst of parallel requests cannot all pass the check before any of
//! them is recorded: on SQLite every write transaction holds the write lock (`BEGIN
//! IMMEDIATE`); on PostgreSQL the check first takes a transaction-scoped advisory lock on the
//! limit's (kind, subject).

use super::entities::rate_event;
use super::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

/// Serialises, until the end of the transaction, everything that counts events of `kind` for
/// `subject` (PostgreSQL; SQLite's write transactions are serialised already).
pub async fn lock(txn: &impl ConnectionTrait, kind: &str, subject: &str) -> ServiceResult<()> {
    if txn.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    let digest = Sha256::digest(format!("{kind}\n{subject}").as_bytes());
    let mut key = [0u8; 8];
    key.copy_from_slice(&digest[..8]);
    txn.execute_raw(sea_orm::Statement::from_sql_and_values(
        sea_orm::DbBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1)",
        [i64::from_be_bytes(key).into()],
    ))
    .await?;
    Ok(())
}

/// Counts the events of `kind` for `subject` within `window` before `now` and, when fewer than
/// `limit`, records one more; otherwise refuses with [`ServiceError::TooManyRequests`]. Call it
/// in the write transaction of the work it limits, so that refused or failed work leaves no
/// event behind and accepted work is counted exactly once.
pub async fn hit(
    txn: &impl ConnectionTrait,
    kind: &str,
    subject: &str,
    limit: u64,
    window: Duration,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    lock(txn, kind, subject).await?;
    let recent = rate_event::Entity::find()
        .filter(rate_event::Column::Kind.eq(kind))
        .filter(rate_event::Column::Subject.eq(subject))
        .filter(rate_event::Column::At.gt(now - window))
        .count(txn)
        .await?;
    if recent >= limit {
        return Err(ServiceError::TooManyRequests);
    }
    rate_event::ActiveModel { kind: Set(kind.to_string()), subject: Set(subject.to_string()), at: Set(now), ..Default::default() }
        .insert(txn)
        .await?;
    Ok(())
}

/// Forgets events older than a day (the longest window): run by the background worker.
pub async fn forget_old(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ServiceResult<u64> {
    Ok(rate_event::Entity::delete_many().filter(rate_event::Column::At.lt(now - Duration::days(1))).exec(db).await?.rows_affected)
}
