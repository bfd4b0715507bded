//! Account business logic over any connection.

use super::types::{CurrentUser, InviteForm, UserSummary};
use crate::domain::{required_text, CountryCode, Email, ErrorCode, FieldErrors, Lang, Password, Role};
use crate::ssr::audit::{self, Entry};
use crate::ssr::auth::{self as session, hash_password, hash_token, new_token, verify_password};
use crate::ssr::entities::app_user;
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::outbox;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

pub const INVITE_TTL: Duration = Duration::days(7);

/// Checks the credentials and opens a session; returns the user and the session token.
/// Failed attempts are counted per email and per client address. Wrong credentials are a
/// validation error on the pseudo-field `credentials` (the form keeps what was typed).
pub async fn login(db: &impl ConnectionTrait, email: &str, password: &str, ip: &str) -> ServiceResult<(CurrentUser, String)> {
    let email = email.trim().to_lowercase();
    if session::login_rate_limited(db, &email, ip).await? {
        return Err(ServiceError::TooManyRequests);
    }
    let user = app_user::Entity::find().filter(app_user::Column::Email.eq(&email)).one(db).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
    let ok = verify_password(hash, password);
    let current = user.as_ref().filter(|_| ok).and_then(session::to_current_user);
    session::record_login_attempt(db, &email, ip, current.is_some()).await?;
    let Some(current) = current else {
        return Err(crate::domain::FieldError::new("credentials", ErrorCode::InvalidCredentials).into());
    };
    let token = session::create_session(db, current.id).await?;
    Ok((current, token))
}

type Invite = (Email, String, Role, Option<CountryCode>, Option<String>, Lang);

fn parse_invite(form: &InviteForm) -> Result<Invite, FieldErrors> {
    let mut errs = FieldErrors::new();
    let email = errs.take(Email::parse("email", &form.email));
    let name = errs.take(required_text("display_name", &form.display_name, 120));
    let role = errs.take(Role::parse("role", &form.role));
    let country = if form.country.trim().is_empty() { None } else { errs.take(CountryCode::parse("country", &form.country)) };
    let body = match form.body.trim() {
        "" => None,
        b => errs.take(crate::domain::plan::parse_bodies("body", b).and_then(|l| {
            if l.len() == 1 {
                Ok(l[0].clone())
            } else {
                Err(crate::domain::FieldError::new("body", ErrorCode::InvalidBody))
            }
        })),
    };
    match (role, country, &body) {
        (Some(Role::FocalPoint), None, None) if errs.get("country").is_none() && errs.get("body").is_none() => {
            errs.push("country", ErrorCode::CountryRequired)
        }
        (Some(Role::FocalPoint), Some(_), Some(_)) => errs.push("body", ErrorCode::CountryNotAllowed),
        (Some(Role::Secretariat | Role::Delegate), Some(_), _) => errs.push("country", ErrorCode::CountryNotAllowed),
        (Some(Role::Secretariat | Role::Delegate), _, Some(_)) => errs.push("body", ErrorCode::CountryNotAllowed),
        _ => {}
    }
    let locale = Lang::from_code(&form.locale).unwrap_or_default();
    errs.finish()?;
    match (email, name, role) {
        (Some(e), Some(n), Some(r)) => Ok((e, n, r, country, body, locale)),
        _ => Err(FieldErrors::new()),
    }
}

/// Creates an inactive account with a one-time invitation token and queues the invitation
/// email. Returns the new user's id and the token (shown once to the inviter).
pub async fn invite(db: &DatabaseConnection, actor: &CurrentUser, form: &InviteForm, public_url: &str) -> ServiceResult<(i32, String)> {
    let (email, name, role, country, body, locale) = parse_invite(form)?;
    let txn = crate::ssr::write_txn(db).await?;
    if app_user::Entity::find().filter(app_user::Column::Email.eq(email.as_str())).one(&txn).await?.is_some() {
        return Err(FieldErrors(vec![crate::domain::FieldError::new("email", ErrorCode::EmailTaken)]).into());
    }
    let token = new_token();
    let now = Utc::now();
    let user = app_user::ActiveModel {
        email: Set(email.as_str().to_string()),
        display_name: Set(name.clone()),
        password_hash: Set(None),
        role: Set(role.as_str().to_string()),
        country_code: Set(country.map(|c| c.code().to_string())),
        body_code: Set(body.clone()),
        locale: Set(locale.code().to_string()),
        active: Set(false),
        invite_token_hash: Set(Some(hash_token(&token))),
        invite_expires_at: Set(Some(now + INVITE_TTL)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_email(e, &email))?;
    let link = format!("{public_url}/invite/{token}");
    outbox::enqueue(
        &txn,
        "invite",
        email.as_str(),
        locale,
        json!({ "name": name, "link": link, "role": role.as_str(), "inviter": actor.display_name }),
    )
    .await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "user.invite",
            entity: "user",
            entity_id: Some(user.id),
            summary: format!("Invited {} as {}", email, role.as_str()),
            detail: json!({ "email": email.as_str(), "role": role.as_str(), "country": country.map(|c| c.code()), "body": body }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((user.id, token))
}

/// Two concurrent invitations for one email: the unique index decides, the loser gets a field error.
fn unique_email(e: sea_orm::DbErr, _email: &Email) -> ServiceError {
    if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) {
        FieldErrors(vec![crate::domain::FieldError::new("email", ErrorCode::EmailTaken)]).into()
    } else {
        e.into()
    }
}

/// The email address an unexpired invitation token belongs to.
pub async fn invitation_email(db: &impl ConnectionTrait, token: &str) -> ServiceResult<String> {
    find_invited(db, token).await.map(|u| u.email)
}

async fn find_invited(db: &impl ConnectionTrait, token: &str) -> ServiceResult<app_user::Model> {
    if token.is_empty() {
        return Err(ServiceError::NotFound);
    }
    let user = app_user::Entity::find()
        .filter(app_user::Column::InviteTokenHash.eq(hash_token(token)))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if user.invite_expires_at.is_none_or(|t| t <= Utc::now()) {
        return Err(ServiceError::NotFound);
    }
    Ok(user)
}

/// Sets the password of an invited user, activates the account and signs them in.
pub async fn accept_invite(db: &DatabaseConnection, token: &str, password: &str, confirm: &str) -> ServiceResult<(CurrentUser, String)> {
    let mut errs = FieldErrors::new();
    let pw = errs.take(Password::parse("password", password));
    if pw.is_some() && password != confirm {
        errs.push("password_confirm", ErrorCode::PasswordMismatch);
    }
    let txn = crate::ssr::write_txn(db).await?;
    let user = find_invited(&txn, token).await?;
    errs.finish()?;
    let pw = pw.ok_or(ServiceError::Internal("password missing after validation".into()))?;
    let mut am = user.into_active_model();
    am.password_hash = Set(Some(hash_password(&pw)?));
    am.active = Set(true);
    am.invite_token_hash = Set(None);
    am.invite_expires_at = Set(None);
    am.updated_at = Set(Utc::now());
    let user = am.update(&txn).await?;
    let current = session::to_current_user(&user).ok_or(ServiceError::Internal("activated user not usable".into()))?;
    audit::record(
        &txn,
        Some(&current),
        Entry {
            action: "user.activate",
            entity: "user",
            entity_id: Some(user.id),
            summary: format!("{} accepted the invitation", user.email),
            detail: json!({}),
        },
    )
    .await?;
    let token = session::create_session(&txn, user.id).await?;
    txn.commit().await?;
    Ok((current, token))
}

/// Creates (or resets the password of) a secretariat account. Used by the `create-admin` CLI
/// and the demo seed, never by a request.
pub async fn create_secretariat(db: &DatabaseConnection, email: &str, name: &str, password: &str) -> ServiceResult<i32> {
    create_user_with_password(db, email, name, password, Role::Secretariat, None).await
}

/// Creates an active account with a password directly (CLI and demo data only).
pub async fn create_user_with_password(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password: &str,
    role: Role,
    country: Option<CountryCode>,
) -> ServiceResult<i32> {
    let mut errs = FieldErrors::new();
    let email = errs.take(Email::parse("email", email));
    let name = errs.take(required_text("display_name", name, 120));
    let pw = errs.take(Password::parse("password", password));
    errs.finish()?;
    let (Some(email), Some(name), Some(pw)) = (email, name, pw) else {
        return Err(ServiceError::Internal("validated values missing".into()));
    };
    let txn = crate::ssr::write_txn(db).await?;
    let now = Utc::now();
    let existing = app_user::Entity::find().filter(app_user::Column::Email.eq(email.as_str())).one(&txn).await?;
    let (id, action) = match existing {
        Some(u) => {
            let mut am = u.into_active_model();
            am.password_hash = Set(Some(hash_password(&pw)?));
            am.display_name = Set(name);
            am.role = Set(role.as_str().into());
            am.country_code = Set(country.map(|c| c.code().into()));
            am.active = Set(true);
            am.updated_at = Set(now);
            (am.update(&txn).await?.id, "user.reset")
        }
        None => {
            let u = app_user::ActiveModel {
                email: Set(email.as_str().into()),
                display_name: Set(name),
                password_hash: Set(Some(hash_password(&pw)?)),
                role: Set(role.as_str().into()),
                country_code: Set(country.map(|c| c.code().into())),
                locale: Set("en".into()),
                active: Set(true),
                invite_token_hash: Set(None),
                invite_expires_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            (u.id, "user.create")
        }
    };
    audit::record(
        &txn,
        None,
        Entry {
            action,
            entity: "user",
            entity_id: Some(id),
            summary: format!("{} ({}) set up from the command line", email, role.as_str()),
            detail: json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn list_users(db: &impl ConnectionTrait) -> ServiceResult<Vec<UserSummary>> {
    let users = app_user::Entity::find().order_by_asc(app_user::Column::Email).all(db).await?;
    Ok(users
        .into_iter()
        .filter_map(|u| {
            Some(UserSummary {
                id: u.id,
                role: Role::parse("role", &u.role).ok()?,
                country: u.country_code.as_deref().and_then(|c| CountryCode::parse("c", c).ok()),
                body: u.body_code.clone(),
                pending_invite: u.invite_token_hash.is_some(),
                active: u.active,
                email: u.email,
                display_name: u.display_name,
            })
        })
        .collect())
}
