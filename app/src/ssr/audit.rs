//! The append-only audit log. Every create/update/delete writes one entry in the same
//! transaction as the change; the database refuses UPDATE and DELETE on the table.

use super::entities::audit_log;
use super::error::ServiceResult;
use crate::features::auth::types::CurrentUser;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// One change to record. `action` is `entity.verb`, e.g. `meeting.create`.
pub struct Entry<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i32>,
    pub summary: String,
    pub detail: serde_json::Value,
}

pub async fn record(db: &impl ConnectionTrait, actor: Option<&CurrentUser>, entry: Entry<'_>) -> ServiceResult<()> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor.map(|a| a.id)),
        actor_email: Set(actor.map(|a| a.email.clone()).unwrap_or_else(|| "system".into())),
        action: Set(entry.action.to_string()),
        entity: Set(entry.entity.to_string()),
        entity_id: Set(entry.entity_id),
        summary: Set(entry.summary),
        detail: Set(entry.detail.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
