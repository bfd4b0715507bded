//! Server functions for administration.

use super::types::AuditPage;
use crate::error::AppError;
use leptos::prelude::*;

/// One page (50 entries, newest first) of the audit log, optionally filtered by entity type.
#[server(prefix = "/api", endpoint = "audit/list")]
pub async fn list_audit(entity: Option<String>, before: Option<i32>) -> Result<AuditPage, AppError> {
    use super::types::AuditEntry;
    use crate::ssr::entities::audit_log;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    const PAGE: u64 = 50;
    crate::ssr::require_secretariat()?;
    let db = crate::ssr::db()?;
    let mut q = audit_log::Entity::find().order_by_desc(audit_log::Column::Id).limit(PAGE + 1);
    // An entity type is a word of lower-case letters and underscores; anything else filters nothing.
    if let Some(e) = entity.as_deref().filter(|e| !e.is_empty() && e.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')) {
        q = q.filter(audit_log::Column::Entity.eq(e));
    }
    if let Some(b) = before {
        q = q.filter(audit_log::Column::Id.lt(b));
    }
    let mut rows = q.all(&db).await.map_err(crate::ssr::ServiceError::from)?;
    let more = rows.len() as u64 > PAGE;
    rows.truncate(PAGE as usize);
    let entities: Vec<String> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Entity)
        .distinct()
        .order_by_asc(audit_log::Column::Entity)
        .into_tuple()
        .all(&db)
        .await
        .map_err(crate::ssr::ServiceError::from)?;
    Ok(AuditPage {
        next_before: if more { rows.last().map(|r| r.id) } else { None },
        entries: rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                actor_email: r.actor_email,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                summary: r.summary,
                detail: r.detail,
            })
            .collect(),
        entities,
    })
}
