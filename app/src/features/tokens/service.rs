//! API token logic. Tokens are `midsa_` + 256 random bits; only their SHA-256 is stored. A
//! token acts as its owner, with the owner's current role and country, so every check of the
//! UI applies; it stops working when revoked or when the owner's account is deactivated.

use super::types::{NewToken, TokenForm, TokenPageData, TokenView};
use crate::domain::CurrentUser;
use crate::domain::{required_text, Lang, Role};
use crate::ssr::audit::{self, Entry};
use crate::ssr::auth::{hash_token, new_token, to_current_user};
use crate::ssr::entities::{api_token, app_user};
use crate::ssr::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

pub const PREFIX: &str = "midsa_";

/// Focal points and the secretariat may hold tokens; delegates may not.
fn may_hold(user: &CurrentUser) -> ServiceResult<()> {
    match user.role {
        Role::FocalPoint | Role::Secretariat => Ok(()),
        Role::Delegate => Err(ServiceError::Forbidden),
    }
}

/// The user's tokens (a new token's clear text is never stored: the page gets it from a
/// short-lived cookie, see `ssr::flash`).
pub async fn page(db: &impl ConnectionTrait, user: &CurrentUser, lang: Lang) -> ServiceResult<TokenPageData> {
    may_hold(user)?;
    let rows =
        api_token::Entity::find().filter(api_token::Column::UserId.eq(user.id)).order_by_desc(api_token::Column::CreatedAt).all(db).await?;
    let tokens = rows
        .into_iter()
        .map(|t| TokenView { id: t.id, name: t.name, created_at: t.created_at, last_used_at: t.last_used_at, revoked_at: t.revoked_at })
        .collect();
    let scope = match (user.country, user.body.as_deref()) {
        (Some(c), _) => c.name(lang).to_string(),
        (None, Some(b)) => crate::domain::plan::body_name(b).to_string(),
        _ => "secretariat".to_string(),
    };
    Ok(TokenPageData { tokens, scope, new_token: None })
}

pub async fn create(db: &DatabaseConnection, user: &CurrentUser, form: &TokenForm, now: DateTime<Utc>) -> ServiceResult<NewToken> {
    may_hold(user)?;
    let name = required_text("name", &form.name, 100)?;
    let token = format!("{PREFIX}{}", new_token());
    let txn = crate::ssr::private_write_txn(db).await?;
    let t = api_token::ActiveModel {
        user_id: Set(user.id),
        name: Set(name.clone()),
        token_hash: Set(hash_token(&token)),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(user),
        Entry {
            action: "api_token.create",
            entity: "api_token",
            entity_id: Some(t.id),
            summary: format!("Created the API token \u{201c}{name}\u{201d}"),
            detail: json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(NewToken { id: t.id, token })
}

/// Revokes one of the user's own tokens (the secretariat may revoke anyone's).
pub async fn revoke(db: &DatabaseConnection, user: &CurrentUser, id: i32, now: DateTime<Utc>) -> ServiceResult<()> {
    may_hold(user)?;
    let txn = crate::ssr::private_write_txn(db).await?;
    let t = api_token::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if t.user_id != user.id && !user.is_secretariat() {
        return Err(ServiceError::NotFound);
    }
    if t.revoked_at.is_none() {
        let mut am: api_token::ActiveModel = t.clone().into();
        am.revoked_at = Set(Some(now));
        am.update(&txn).await?;
        audit::record(
            &txn,
            Some(user),
            Entry {
                action: "api_token.revoke",
                entity: "api_token",
                entity_id: Some(id),
                summary: format!("Revoked the API token \u{201c}{}\u{201d}", t.name),
                detail: json!({}),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The user a bearer token acts as: None for an unknown, revoked or deactivated one.
pub async fn resolve(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> ServiceResult<Option<CurrentUser>> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    let Some(t) = api_token::Entity::find().filter(api_token::Column::TokenHash.eq(hash_token(token))).one(db).await? else {
        return Ok(None);
    };
    if t.revoked_at.is_some() {
        return Ok(None);
    }
    let Some(u) = app_user::Entity::find_by_id(t.user_id).one(db).await? else { return Ok(None) };
    let user = to_current_user(&u).filter(|u| u.role != Role::Delegate);
    if user.is_some() && t.last_used_at.is_none_or(|at| now - at > chrono::Duration::minutes(5)) {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(t.id))
            .exec(db)
            .await?;
    }
    Ok(user)
}
