//! Email is never sent inside a request: the request enqueues a message here, in the same
//! transaction as the change that causes it, and the server's worker sends it.

use super::entities::outbox;
use super::error::ServiceResult;
use crate::domain::Lang;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

pub const STATUS_PENDING: &str = "pending";
pub const STATUS_SENDING: &str = "sending";
pub const STATUS_SENT: &str = "sent";
pub const STATUS_FAILED: &str = "failed";

/// Queues one message of `kind` (a template the worker knows) for `recipient`.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: &str,
    recipient: &str,
    locale: Lang,
    payload: serde_json::Value,
) -> ServiceResult<i32> {
    let now = Utc::now();
    let row = outbox::ActiveModel {
        kind: Set(kind.to_string()),
        recipient: Set(recipient.to_string()),
        locale: Set(locale.code().to_string()),
        payload: Set(payload.to_string()),
        status: Set(STATUS_PENDING.to_string()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_by: Set(None),
        claimed_at: Set(None),
        sent_at: Set(None),
        last_error: Set(String::new()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}
