//! The two rules every write shares: optimistic locking (a form carries the version it was
//! read at; the write goes through only while the row is still at that version) and unique
//! indexes as the final judge of a race (the loser gets a field error or a conflict, never a 500).

use super::error::{ServiceError, ServiceResult};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, DeleteMany, EntityTrait, QueryFilter, SqlErr, UpdateMany};
use std::fmt::Display;

fn changed(what: impl Display) -> ServiceError {
    ServiceError::Conflict(format!("{what} was changed by someone else"))
}

/// Runs `update` (an UPDATE already filtered on the row's key) only while the row is still at
/// `version`, and moves it to `version + 1`, in one statement: of two saves read at the same
/// version, exactly one goes through and the other is a conflict naming `what` ("paper 12 was
/// changed by someone else").
pub async fn claim_version<E: EntityTrait>(
    db: &impl ConnectionTrait,
    update: UpdateMany<E>,
    column: E::Column,
    version: i32,
    what: impl Display,
) -> ServiceResult<()> {
    let res = update.col_expr(column, Expr::value(version.saturating_add(1))).filter(column.eq(version)).exec(db).await?;
    if res.rows_affected == 0 {
        return Err(changed(what));
    }
    Ok(())
}

/// Runs `delete` (a DELETE already filtered on the row's key) only while the row is still at
/// `version`; a conflict naming `what` otherwise.
pub async fn delete_at_version<E: EntityTrait>(
    db: &impl ConnectionTrait,
    delete: DeleteMany<E>,
    column: E::Column,
    version: i32,
    what: impl Display,
) -> ServiceResult<()> {
    let res = delete.filter(column.eq(version)).exec(db).await?;
    if res.rows_affected == 0 {
        return Err(changed(what));
    }
    Ok(())
}

/// A unique index's refusal as `refusal(the database's message)` (PostgreSQL names the index,
/// SQLite lists its columns); any other database error as itself.
pub fn on_unique_violation(e: DbErr, refusal: impl FnOnce(&str) -> ServiceError) -> ServiceError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => refusal(&message),
        _ => ServiceError::Db(e),
    }
}
