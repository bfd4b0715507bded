//! The signed-in user's own registrations and their private, revocable calendar feed.

use super::types::{MyPage, MyRegistration};
use crate::domain::CurrentUser;
use crate::domain::{MeetingStatus, RegistrationStatus};
use crate::ssr::audit::{self, Entry};
use crate::ssr::auth::{hash_token, new_token};
use crate::ssr::entities::{agenda_revision, app_user, calendar_feed, meeting, registration, registration_settings};
use crate::ssr::error::{ServiceError, ServiceResult};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// The user's registrations (by their account's email), newest meeting first, and the feed.
pub async fn my_page(db: &impl ConnectionTrait, user: &CurrentUser, public_url: &str, now: chrono::DateTime<Utc>) -> ServiceResult<MyPage> {
    let regs = registration::Entity::find()
        .filter(registration::Column::Email.eq(user.email.to_lowercase()))
        .order_by_desc(registration::Column::Id)
        .all(db)
        .await?;
    let mut registrations = Vec::new();
    for r in regs {
        let Some(m) = meeting::Entity::find_by_id(r.meeting_id).one(db).await? else { continue };
        if m.status == MeetingStatus::Draft {
            continue;
        }
        let has_agenda = agenda_revision::Entity::find().filter(agenda_revision::Column::MeetingId.eq(m.id)).count(db).await? > 0;
        let settings = registration_settings::Entity::find_by_id(m.id).one(db).await?;
        let can_change = super::service::may_change(&r, &m, settings.as_ref(), now);
        let category = r.category;
        let status = r.status;
        let awaiting_delegation = !r.delegation_confirmed
            && matches!(status, RegistrationStatus::Pending | RegistrationStatus::Approved | RegistrationStatus::Waitlisted);
        let (invitation, certificate) = super::service::letters_available(&m, &r, now);
        registrations.push(MyRegistration {
            id: r.id,
            meeting_id: m.id,
            meeting_title: m.title,
            city: m.city,
            start_date: m.start_date,
            end_date: m.end_date,
            category,
            status,
            has_agenda,
            can_change,
            awaiting_delegation,
            invitation,
            certificate,
        });
    }
    registrations.sort_by_key(|r| std::cmp::Reverse(r.start_date));
    let feed = calendar_feed::Entity::find().filter(calendar_feed::Column::UserId.eq(user.id)).one(db).await?;
    let messages = super::service::my_messages(db, user).await?;
    Ok(MyPage {
        registrations,
        messages,
        feed_created: feed.map(|f| f.created_at),
        feed_base: format!("{public_url}/feeds/"),
        new_feed: None,
    })
}

/// Makes a new private feed link (replacing, and so revoking, any earlier one). Returns the
/// secret token: it is shown once and only its hash is kept.
pub async fn create_feed(db: &DatabaseConnection, user: &CurrentUser) -> ServiceResult<String> {
    let token = new_token();
    let txn = crate::ssr::private_write_txn(db).await?;
    let replaced = calendar_feed::Entity::delete_many().filter(calendar_feed::Column::UserId.eq(user.id)).exec(&txn).await?.rows_affected;
    calendar_feed::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(hash_token(&token)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(user),
        Entry {
            action: "feed.create",
            entity: "user",
            entity_id: Some(user.id),
            summary: if replaced > 0 { "Replaced the private calendar link".into() } else { "Created a private calendar link".into() },
            detail: json!({ "replaced": replaced > 0 }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

pub async fn revoke_feed(db: &DatabaseConnection, user: &CurrentUser) -> ServiceResult<()> {
    let txn = crate::ssr::private_write_txn(db).await?;
    let n = calendar_feed::Entity::delete_many().filter(calendar_feed::Column::UserId.eq(user.id)).exec(&txn).await?.rows_affected;
    if n == 0 {
        return Err(ServiceError::NotFound);
    }
    audit::record(
        &txn,
        Some(user),
        Entry {
            action: "feed.revoke",
            entity: "user",
            entity_id: Some(user.id),
            summary: "Revoked the private calendar link".into(),
            detail: json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The meetings a feed token shows: those the owner is approved for (not drafts). NotFound for
/// an unknown or revoked token, or a deactivated account.
pub async fn feed_meetings(db: &impl ConnectionTrait, token: &str) -> ServiceResult<(String, Vec<i32>)> {
    let feed = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(hash_token(token.trim())))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let user = app_user::Entity::find_by_id(feed.user_id).one(db).await?.filter(|u| u.active).ok_or(ServiceError::NotFound)?;
    let regs = registration::Entity::find()
        .filter(registration::Column::Email.eq(user.email.to_lowercase()))
        .filter(registration::Column::Status.eq(RegistrationStatus::Approved))
        .all(db)
        .await?;
    let mut ids = Vec::new();
    for r in regs {
        if let Some(m) = meeting::Entity::find_by_id(r.meeting_id).one(db).await? {
            if m.status != MeetingStatus::Draft && !ids.contains(&m.id) {
                ids.push(m.id);
            }
        }
    }
    Ok((user.display_name, ids))
}
