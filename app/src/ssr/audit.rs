//! The append-only audit log. Every create/update/delete writes one entry in the same
//! transaction as the change; the database refuses UPDATE and DELETE on the table.

use super::entities::audit_log;
use super::error::ServiceResult;
use crate::domain::CurrentUser;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;

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

/// Field-by-field differences between two JSON objects: `{field: [before, after]}`.
pub fn json_diff(before: &serde_json::Value, after: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (k, av) in a {
            let bv = b.get(k).cloned().unwrap_or(serde_json::Value::Null);
            if &bv != av {
                out.insert(k.clone(), json!([bv, av]));
            }
        }
    }
    serde_json::Value::Object(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn json_diff_lists_changed_fields_only() {
        let d = super::json_diff(&json!({"a": 1, "b": "x"}), &json!({"a": 1, "b": "y"}));
        assert_eq!(d, json!({"b": ["x", "y"]}));
    }
}
