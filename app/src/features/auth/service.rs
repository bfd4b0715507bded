//! Account business logic over any connection: sign-in, invitations, password links (set and
//! reset), password changes, and the secretariat's administration of accounts.

use super::types::{
    AccountDetail, AccountForm, CurrentUser, InviteForm, PasswordChangeForm, SessionView, TokenSummary, UserFilter, UserSummary,
};
use crate::domain::{required_text, CountryCode, Email, ErrorCode, FieldError, FieldErrors, Lang, Password, Role};
use crate::ssr::audit::{self, Entry};
use crate::ssr::auth::{self as session, hash_password, hash_token, new_token, verify_password};
use crate::ssr::entities::{api_token, app_user, login_attempt, user_session};
use crate::ssr::error::{ServiceError, ServiceResult};
use crate::ssr::limits;
use crate::ssr::outbox::{self, OutboxMessage};
use crate::ssr::write::on_unique_violation;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

pub const INVITE_TTL: Duration = Duration::days(7);
/// How long an emailed password link (set or reset) works.
pub const PASSWORD_LINK_TTL: Duration = Duration::hours(1);
/// Password links one client address may ask for per hour, and one email address.
pub const PASSWORD_LINKS_PER_ADDRESS_HOUR: u64 = 10;
pub const PASSWORD_LINKS_PER_EMAIL_HOUR: u64 = 3;
/// Password changes (checks of the current password) per account in 15 minutes.
pub const PASSWORD_CHANGES_PER_15_MINUTES: u64 = 10;

fn credentials_error() -> ServiceError {
    FieldError::new("credentials", ErrorCode::InvalidCredentials).into()
}

/// Checks the credentials and opens a session; returns the user and the session token.
///
/// The attempt is counted before the password is checked, in one write transaction with the
/// check of the limits (so a parallel burst cannot pass them): an address that failed
/// [`session::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS`] times for this account, or
/// [`session::MAX_FAILURES_PER_ADDRESS`] times for any, is refused (429) without a password
/// check. Failures of the account from everywhere only slow its sign-ins down (see
/// [`session::account_delay`]): the owner, from their own address, still gets in. Wrong
/// credentials are a validation error on the pseudo-field `credentials`.
pub async fn login(db: &DatabaseConnection, email: &str, password: &str, ip: &str) -> ServiceResult<(CurrentUser, String)> {
    let email = email.trim().to_lowercase();
    crate::domain::no_controls("email", &email)?;
    if email.is_empty() || email.len() > 254 || password.len() > 1024 {
        return Err(credentials_error());
    }
    let now = Utc::now();
    let since = now - session::RATE_WINDOW;
    let txn = crate::ssr::private_write_txn(db).await?;
    limits::lock(&txn, "login", ip).await?;
    let last_success = |by_ip: bool| {
        let mut q = login_attempt::Entity::find()
            .select_only()
            .column_as(login_attempt::Column::At.max(), "at")
            .filter(login_attempt::Column::Email.eq(email.as_str()))
            .filter(login_attempt::Column::Success.eq(true));
        if by_ip {
            q = q.filter(login_attempt::Column::Ip.eq(ip));
        }
        q.into_tuple::<Option<DateTime<Utc>>>()
    };
    let failures = |after: DateTime<Utc>| {
        login_attempt::Entity::find().filter(login_attempt::Column::Success.eq(false)).filter(login_attempt::Column::At.gt(after))
    };
    let from_here_since = last_success(true).one(&txn).await?.flatten().map_or(since, |s| s.max(since));
    let here_for_account = failures(from_here_since)
        .filter(login_attempt::Column::Ip.eq(ip))
        .filter(login_attempt::Column::Email.eq(email.as_str()))
        .count(&txn)
        .await?;
    let here = failures(since).filter(login_attempt::Column::Ip.eq(ip)).count(&txn).await?;
    if here_for_account >= session::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS || here >= session::MAX_FAILURES_PER_ADDRESS {
        return Err(ServiceError::TooManyRequests);
    }
    let account_since = last_success(false).one(&txn).await?.flatten().map_or(since, |s| s.max(since));
    let for_account = failures(account_since).filter(login_attempt::Column::Email.eq(email.as_str())).count(&txn).await?;
    // Recorded as a failure now; made a success below if the password is right.
    let attempt = login_attempt::ActiveModel {
        email: Set(email.clone()),
        ip: Set(ip.chars().take(64).collect()),
        success: Set(false),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;

    let delay = session::account_delay(for_account);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let user = app_user::Entity::find().filter(app_user::Column::Email.eq(&email)).one(db).await?;
    let ok = verify_password(user.as_ref().and_then(|u| u.password_hash.clone()), password.to_string()).await?;
    let Some(current) = user.as_ref().filter(|_| ok).and_then(session::to_current_user) else {
        return Err(credentials_error());
    };
    let txn = crate::ssr::private_write_txn(db).await?;
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::Success, Expr::value(true))
        .filter(login_attempt::Column::Id.eq(attempt.id))
        .exec(&txn)
        .await?;
    app_user::Entity::update_many()
        .col_expr(app_user::Column::LastLoginAt, Expr::value(Utc::now()))
        .filter(app_user::Column::Id.eq(current.id))
        .exec(&txn)
        .await?;
    let token = session::create_session(&txn, current.id).await?;
    txn.commit().await?;
    Ok((current, token))
}

/// A role with its country or body, checked together (a focal point has exactly one of them;
/// the other roles have neither).
fn parse_scope(
    errs: &mut FieldErrors,
    role_raw: &str,
    country_raw: &str,
    body_raw: &str,
) -> (Option<Role>, Option<CountryCode>, Option<String>) {
    let role = errs.take(Role::parse("role", role_raw));
    let country = if country_raw.trim().is_empty() { None } else { errs.take(CountryCode::parse("country", country_raw)) };
    let body = match body_raw.trim() {
        "" => None,
        b => errs.take(crate::domain::plan::parse_bodies("body", b).and_then(|l| {
            if l.len() == 1 {
                Ok(l[0].clone())
            } else {
                Err(FieldError::new("body", ErrorCode::InvalidBody))
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
    (role, country, body)
}

type Invite = (Email, String, Role, Option<CountryCode>, Option<String>, Lang);

fn parse_invite(form: &InviteForm) -> Result<Invite, FieldErrors> {
    let mut errs = FieldErrors::new();
    let email = errs.take(Email::parse("email", &form.email));
    let name = errs.take(required_text("display_name", &form.display_name, 120));
    let (role, country, body) = parse_scope(&mut errs, &form.role, &form.country, &form.body);
    let locale = Lang::from_code(&form.locale).unwrap_or_default();
    errs.finish()?;
    match (email, name, role) {
        (Some(e), Some(n), Some(r)) => Ok((e, n, r, country, body, locale)),
        _ => Err(FieldErrors::new()),
    }
}

/// Queues the invitation email of `user` with a fresh one-time token (replacing any earlier
/// one). Returns the token (tests follow it; it is never shown to the inviting user).
async fn send_invitation(
    txn: &impl ConnectionTrait,
    actor: &CurrentUser,
    user: &app_user::Model,
    public_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<String> {
    let token = new_token();
    app_user::Entity::update_many()
        .col_expr(app_user::Column::InviteTokenHash, Expr::value(hash_token(&token)))
        .col_expr(app_user::Column::InviteExpiresAt, Expr::value(now + INVITE_TTL))
        .filter(app_user::Column::Id.eq(user.id))
        .exec(txn)
        .await?;
    let message = OutboxMessage::Invite {
        name: user.display_name.clone(),
        role: user.role.as_str().into(),
        inviter: actor.display_name.clone(),
        link: format!("{public_url}/invite/{token}"),
    };
    outbox::enqueue(txn, &user.email, user.locale, &message).await?;
    Ok(token)
}

/// Creates an account without a password and queues the invitation email with a one-time
/// token. Returns the new user's id and the token (for tests: the page never shows it).
pub async fn invite(db: &DatabaseConnection, actor: &CurrentUser, form: &InviteForm, public_url: &str) -> ServiceResult<(i32, String)> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let (email, name, role, country, body, locale) = parse_invite(form)?;
    let txn = crate::ssr::private_write_txn(db).await?;
    if app_user::Entity::find().filter(app_user::Column::Email.eq(email.as_str())).one(&txn).await?.is_some() {
        return Err(FieldErrors(vec![FieldError::new("email", ErrorCode::EmailTaken)]).into());
    }
    let now = Utc::now();
    let user = app_user::ActiveModel {
        email: Set(email.as_str().to_string()),
        display_name: Set(name.clone()),
        password_hash: Set(None),
        role: Set(role),
        country_code: Set(country.map(|c| c.code().to_string())),
        body_code: Set(body.clone()),
        locale: Set(locale),
        active: Set(true),
        invite_token_hash: Set(None),
        invite_expires_at: Set(None),
        reset_token_hash: Set(None),
        reset_expires_at: Set(None),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(unique_email)?;
    let token = send_invitation(&txn, actor, &user, public_url, now).await?;
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
fn unique_email(e: sea_orm::DbErr) -> ServiceError {
    on_unique_violation(e, |_| FieldError::new("email", ErrorCode::EmailTaken).into())
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
    if !user.active || user.invite_expires_at.is_none_or(|t| t <= Utc::now()) {
        return Err(ServiceError::NotFound);
    }
    Ok(user)
}

/// A new password and its confirmation, checked.
fn new_password(password: &str, confirm: &str) -> Result<Password, FieldErrors> {
    let mut errs = FieldErrors::new();
    let pw = errs.take(Password::parse("password", password));
    if pw.is_some() && password != confirm {
        errs.push("password_confirm", ErrorCode::PasswordMismatch);
    }
    errs.finish()?;
    pw.ok_or_else(FieldErrors::new)
}

/// Sets the password of an invited user and signs them in.
pub async fn accept_invite(db: &DatabaseConnection, token: &str, password: &str, confirm: &str) -> ServiceResult<(CurrentUser, String)> {
    find_invited(db, token).await?;
    let pw = new_password(password, confirm)?;
    let hash = hash_password(&pw).await?;
    let txn = crate::ssr::private_write_txn(db).await?;
    let user = find_invited(&txn, token).await?;
    // Used once: the update only takes while the token is still the account's (two requests
    // racing on PostgreSQL cannot both use it).
    let used = app_user::Entity::update_many()
        .col_expr(app_user::Column::PasswordHash, Expr::value(Some(hash)))
        .col_expr(app_user::Column::InviteTokenHash, Expr::value(Option::<String>::None))
        .col_expr(app_user::Column::InviteExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(app_user::Column::ResetTokenHash, Expr::value(Option::<String>::None))
        .col_expr(app_user::Column::ResetExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(app_user::Column::LastLoginAt, Expr::value(Utc::now()))
        .col_expr(app_user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(app_user::Column::Id.eq(user.id))
        .filter(app_user::Column::InviteTokenHash.eq(hash_token(token)))
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(ServiceError::NotFound);
    }
    let user = app_user::Entity::find_by_id(user.id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
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

/// Makes a fresh one-time password link for `user` (replacing any earlier one) and returns it.
async fn new_password_link(txn: &impl ConnectionTrait, user_id: i32, public_url: &str, now: DateTime<Utc>) -> ServiceResult<String> {
    let token = new_token();
    app_user::Entity::update_many()
        .col_expr(app_user::Column::ResetTokenHash, Expr::value(hash_token(&token)))
        .col_expr(app_user::Column::ResetExpiresAt, Expr::value(now + PASSWORD_LINK_TTL))
        .filter(app_user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    Ok(format!("{public_url}/password/reset/{token}"))
}

/// Asks for a password link by email ("forgot your password?", or an account that never had
/// one). The answer is the same whether or not an account exists: an active account gets an
/// email with a one-time link (valid one hour). Limited per client address (429) and, silently,
/// per email address. Returns the link when one was sent (for tests; never shown).
pub async fn request_password_link(
    db: &DatabaseConnection,
    email: &str,
    ip: &str,
    public_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Option<String>> {
    let email = Email::parse("email", email)?;
    let txn = crate::ssr::private_write_txn(db).await?;
    limits::hit(&txn, "password-link-address", ip, PASSWORD_LINKS_PER_ADDRESS_HOUR, Duration::hours(1), now).await?;
    let per_email = limits::hit(&txn, "password-link-email", email.as_str(), PASSWORD_LINKS_PER_EMAIL_HOUR, Duration::hours(1), now).await;
    let user = app_user::Entity::find().filter(app_user::Column::Email.eq(email.as_str())).one(&txn).await?.filter(|u| u.active);
    let sent = match (per_email, user) {
        (Ok(()), Some(user)) => {
            let link = new_password_link(&txn, user.id, public_url, now).await?;
            let message = OutboxMessage::PasswordLink { name: user.display_name.clone(), link: link.clone() };
            outbox::enqueue(&txn, &user.email, user.locale, &message).await?;
            audit::record(
                &txn,
                None,
                Entry {
                    action: "user.password_link",
                    entity: "user",
                    entity_id: Some(user.id),
                    summary: format!("A password link was sent to {}", user.email),
                    detail: json!({}),
                },
            )
            .await?;
            Some(link)
        }
        (Err(ServiceError::TooManyRequests), _) | (Ok(()), None) => None,
        (Err(e), _) => return Err(e),
    };
    txn.commit().await?;
    Ok(sent)
}

async fn find_by_password_link(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> ServiceResult<app_user::Model> {
    let expired = || ServiceError::from(FieldError::new("password", ErrorCode::LinkExpired));
    if token.is_empty() {
        return Err(expired());
    }
    let user =
        app_user::Entity::find().filter(app_user::Column::ResetTokenHash.eq(hash_token(token))).one(db).await?.ok_or_else(expired)?;
    if !user.active || user.reset_expires_at.is_none_or(|t| t <= now) {
        return Err(expired());
    }
    Ok(user)
}

/// The email address an unexpired password link belongs to (to greet its owner).
pub async fn password_link_email(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> ServiceResult<String> {
    find_by_password_link(db, token, now).await.map(|u| u.email)
}

/// Sets a new password through a one-time link: the link is used up, every session and the
/// pending invitation of the account end, and a new session is opened.
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    password: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> ServiceResult<(CurrentUser, String)> {
    find_by_password_link(db, token, now).await?;
    let pw = new_password(password, confirm)?;
    let hash = hash_password(&pw).await?;
    let txn = crate::ssr::private_write_txn(db).await?;
    let user = find_by_password_link(&txn, token, now).await?;
    // Used once, even by two requests racing on PostgreSQL (see `accept_invite`).
    let used = app_user::Entity::update_many()
        .col_expr(app_user::Column::PasswordHash, Expr::value(Some(hash)))
        .col_expr(app_user::Column::ResetTokenHash, Expr::value(Option::<String>::None))
        .col_expr(app_user::Column::ResetExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(app_user::Column::InviteTokenHash, Expr::value(Option::<String>::None))
        .col_expr(app_user::Column::InviteExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(app_user::Column::LastLoginAt, Expr::value(now))
        .col_expr(app_user::Column::UpdatedAt, Expr::value(now))
        .filter(app_user::Column::Id.eq(user.id))
        .filter(app_user::Column::ResetTokenHash.eq(hash_token(token)))
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(FieldError::new("password", ErrorCode::LinkExpired).into());
    }
    let user = app_user::Entity::find_by_id(user.id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    user_session::Entity::delete_many().filter(user_session::Column::UserId.eq(user.id)).exec(&txn).await?;
    let current = session::to_current_user(&user).ok_or(ServiceError::Internal("account with a new password not usable".into()))?;
    audit::record(
        &txn,
        Some(&current),
        Entry {
            action: "user.password_reset",
            entity: "user",
            entity_id: Some(user.id),
            summary: format!("{} set a new password through an emailed link", user.email),
            detail: json!({}),
        },
    )
    .await?;
    let session_token = session::create_session(&txn, user.id).await?;
    txn.commit().await?;
    Ok((current, session_token))
}

/// Changes the signed-in user's password (their current one required) and ends every other
/// session of the account (the one making the change, `keep_session`, stays).
pub async fn change_password(
    db: &DatabaseConnection,
    user: &CurrentUser,
    keep_session: Option<&str>,
    form: &PasswordChangeForm,
) -> ServiceResult<usize> {
    let mut errs = FieldErrors::new();
    let pw = errs.take(Password::parse("password", &form.password));
    if pw.is_some() && form.password != form.password_confirm {
        errs.push("password_confirm", ErrorCode::PasswordMismatch);
    }
    // Each check of the current password is counted (ten per account and 15 minutes), so a
    // stolen session cannot guess the password, nor make the server hash without end.
    let txn = crate::ssr::private_write_txn(db).await?;
    limits::hit(&txn, "password-change", &user.id.to_string(), PASSWORD_CHANGES_PER_15_MINUTES, Duration::minutes(15), Utc::now()).await?;
    txn.commit().await?;
    let row = app_user::Entity::find_by_id(user.id).one(db).await?.ok_or(ServiceError::Unauthenticated)?;
    if !verify_password(row.password_hash.clone(), form.current.clone()).await? {
        errs.push("current", ErrorCode::WrongPassword);
    }
    errs.finish()?;
    let pw = pw.ok_or(ServiceError::Internal("password missing after validation".into()))?;
    let hash = hash_password(&pw).await?;
    let txn = crate::ssr::private_write_txn(db).await?;
    app_user::Entity::update_many()
        .col_expr(app_user::Column::PasswordHash, Expr::value(hash))
        .col_expr(app_user::Column::ResetTokenHash, Expr::value(Option::<String>::None))
        .col_expr(app_user::Column::ResetExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(app_user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(app_user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    let mut others = user_session::Entity::delete_many().filter(user_session::Column::UserId.eq(user.id));
    if let Some(keep) = keep_session {
        others = others.filter(user_session::Column::TokenHash.ne(hash_token(keep)));
    }
    let ended = others.exec(&txn).await?.rows_affected as usize;
    audit::record(
        &txn,
        Some(user),
        Entry {
            action: "user.password_change",
            entity: "user",
            entity_id: Some(user.id),
            summary: format!("{} changed their password ({ended} other sessions ended)", user.email),
            detail: json!({ "sessions_ended": ended }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(ended)
}

/// The account a registration's person signs in with, made when their registration is
/// approved or nominated: a delegate account without a password (none is made if one exists
/// for the email). Returns a one-time link to set the password (valid one hour) when the
/// account has none yet, for the email that tells them about their registration.
pub async fn ensure_account(
    txn: &impl ConnectionTrait,
    email: &str,
    name: &str,
    locale: Lang,
    public_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Option<String>> {
    let existing = app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(txn).await?;
    let user = match existing {
        Some(u) if u.password_hash.is_some() || !u.active => return Ok(None),
        Some(u) => u,
        None => {
            // Two registrations of one new address may be approved at once (PostgreSQL: other
            // meetings' locks): the second finds the first's account instead of failing.
            let am = app_user::ActiveModel {
                email: Set(email.to_string()),
                display_name: Set(name.chars().take(120).collect()),
                password_hash: Set(None),
                role: Set(Role::Delegate),
                country_code: Set(None),
                body_code: Set(None),
                locale: Set(locale),
                active: Set(true),
                invite_token_hash: Set(None),
                invite_expires_at: Set(None),
                reset_token_hash: Set(None),
                reset_expires_at: Set(None),
                last_login_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            let inserted = app_user::Entity::insert(am)
                .on_conflict(sea_orm::sea_query::OnConflict::column(app_user::Column::Email).do_nothing().to_owned())
                .exec_without_returning(txn)
                .await?;
            let u = app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(txn).await?.ok_or(ServiceError::NotFound)?;
            if inserted == 0 {
                return Ok(None);
            }
            audit::record(
                txn,
                None,
                Entry {
                    action: "user.create",
                    entity: "user",
                    entity_id: Some(u.id),
                    summary: format!("Delegate account made for {email} (registration)"),
                    detail: json!({ "role": "delegate" }),
                },
            )
            .await?;
            u
        }
    };
    Ok(Some(new_password_link(txn, user.id, public_url, now).await?))
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
    let hash = hash_password(&pw).await?;
    let txn = crate::ssr::private_write_txn(db).await?;
    let now = Utc::now();
    let existing = app_user::Entity::find().filter(app_user::Column::Email.eq(email.as_str())).one(&txn).await?;
    let (id, action) = match existing {
        Some(u) => {
            let mut am = u.into_active_model();
            am.password_hash = Set(Some(hash));
            am.display_name = Set(name);
            am.role = Set(role);
            am.country_code = Set(country.map(|c| c.code().into()));
            am.active = Set(true);
            am.updated_at = Set(now);
            (am.update(&txn).await?.id, "user.reset")
        }
        None => {
            let u = app_user::ActiveModel {
                email: Set(email.as_str().into()),
                display_name: Set(name),
                password_hash: Set(Some(hash)),
                role: Set(role),
                country_code: Set(country.map(|c| c.code().into())),
                locale: Set(Lang::En),
                active: Set(true),
                invite_token_hash: Set(None),
                invite_expires_at: Set(None),
                reset_token_hash: Set(None),
                reset_expires_at: Set(None),
                last_login_at: Set(None),
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

fn summary(u: app_user::Model, sessions: u64) -> Option<UserSummary> {
    Some(UserSummary {
        id: u.id,
        role: u.role,
        country: u.country_code.as_deref().and_then(|c| CountryCode::parse("c", c).ok()),
        body: u.body_code.clone(),
        pending_invite: u.password_hash.is_none(),
        active: u.active,
        last_login_at: u.last_login_at,
        sessions,
        email: u.email,
        display_name: u.display_name,
    })
}

/// The accounts (secretariat), by email, filtered by role, country or body and state.
pub async fn list_users(db: &impl ConnectionTrait, actor: &CurrentUser, filter: &UserFilter) -> ServiceResult<Vec<UserSummary>> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let mut q = app_user::Entity::find().order_by_asc(app_user::Column::Email);
    if !filter.role.trim().is_empty() {
        q = q.filter(app_user::Column::Role.eq(Role::parse("role", &filter.role)?));
    }
    match filter.scope.trim() {
        "" => {}
        s if CountryCode::parse("scope", s).is_ok() => q = q.filter(app_user::Column::CountryCode.eq(s.to_uppercase())),
        s if crate::domain::plan::REGIONAL_BODIES.iter().any(|(c, _)| *c == s) => q = q.filter(app_user::Column::BodyCode.eq(s)),
        _ => return Err(FieldError::new("scope", ErrorCode::InvalidChoice).into()),
    }
    match filter.state.trim() {
        "" => {}
        "active" => q = q.filter(app_user::Column::Active.eq(true)).filter(app_user::Column::PasswordHash.is_not_null()),
        "pending" => q = q.filter(app_user::Column::Active.eq(true)).filter(app_user::Column::PasswordHash.is_null()),
        "inactive" => q = q.filter(app_user::Column::Active.eq(false)),
        _ => return Err(FieldError::new("state", ErrorCode::InvalidChoice).into()),
    }
    let users = q.all(db).await?;
    let now = Utc::now();
    let counts: Vec<(i32, i64)> = user_session::Entity::find()
        .select_only()
        .column(user_session::Column::UserId)
        .column_as(user_session::Column::Id.count(), "n")
        .filter(user_session::Column::ExpiresAt.gt(now))
        .group_by(user_session::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(users
        .into_iter()
        .filter_map(|u| {
            let n = counts.iter().find(|(id, _)| *id == u.id).map_or(0, |(_, n)| *n as u64);
            summary(u, n)
        })
        .collect())
}

/// One account with its open sessions and API tokens (secretariat).
pub async fn account(db: &impl ConnectionTrait, actor: &CurrentUser, id: i32) -> ServiceResult<AccountDetail> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let u = app_user::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let now = Utc::now();
    let sessions: Vec<SessionView> = user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(id))
        .filter(user_session::Column::ExpiresAt.gt(now))
        .order_by_desc(user_session::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|s| SessionView { id: s.id, created_at: s.created_at, expires_at: s.expires_at })
        .collect();
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(id))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|t| TokenSummary { id: t.id, name: t.name, created_at: t.created_at, last_used_at: t.last_used_at, revoked_at: t.revoked_at })
        .collect();
    let invite_pending = u.invite_token_hash.is_some() && u.invite_expires_at.is_some_and(|t| t > now);
    let user = summary(u, sessions.len() as u64).ok_or(ServiceError::Internal(format!("account {id} has an unknown role")))?;
    Ok(AccountDetail { user, sessions, tokens, invite_pending })
}

/// Active secretariat accounts other than `except`: the last one may not be deactivated or
/// given another role. Read under a lock, so two administrators demoting each other at once
/// cannot both pass.
async fn other_active_secretariat(txn: &impl ConnectionTrait, except: i32) -> ServiceResult<u64> {
    limits::lock(txn, "secretariat-accounts", "").await?;
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Role.eq(Role::Secretariat))
        .filter(app_user::Column::Active.eq(true))
        .filter(app_user::Column::PasswordHash.is_not_null())
        .filter(app_user::Column::Id.ne(except))
        .count(txn)
        .await?)
}

/// Ends every session and API token of an account at once.
async fn end_access(txn: &impl ConnectionTrait, id: i32, now: DateTime<Utc>) -> ServiceResult<(u64, u64)> {
    let sessions = user_session::Entity::delete_many().filter(user_session::Column::UserId.eq(id)).exec(txn).await?.rows_affected;
    let tokens = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now))
        .filter(api_token::Column::UserId.eq(id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    Ok((sessions, tokens))
}

/// Changes an account's role and its country or body (secretariat). The last active secretariat
/// account keeps its role. Becoming a delegate ends the account's API tokens (delegates hold none).
pub async fn update_account(db: &DatabaseConnection, actor: &CurrentUser, form: &AccountForm) -> ServiceResult<()> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let id = crate::domain::parse_id(&form.id).ok_or(ServiceError::NotFound)?;
    let mut errs = FieldErrors::new();
    let (role, country, body) = parse_scope(&mut errs, &form.role, &form.country, &form.body);
    errs.finish()?;
    let role = role.ok_or(ServiceError::Internal("role missing after validation".into()))?;
    let txn = crate::ssr::private_write_txn(db).await?;
    let u = app_user::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let was = (u.role, u.country_code.clone(), u.body_code.clone());
    let now_is = (role, country.map(|c| c.code().to_string()), body.clone());
    if was == now_is {
        return Ok(());
    }
    if u.role == Role::Secretariat && role != Role::Secretariat && u.active && other_active_secretariat(&txn, id).await? == 0 {
        return Err(FieldError::new("role", ErrorCode::LastSecretariat).into());
    }
    app_user::Entity::update_many()
        .col_expr(app_user::Column::Role, Expr::value(role))
        .col_expr(app_user::Column::CountryCode, Expr::value(country.map(|c| c.code().to_string())))
        .col_expr(app_user::Column::BodyCode, Expr::value(body.clone()))
        .col_expr(app_user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(app_user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    if role == Role::Delegate {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
            .filter(api_token::Column::UserId.eq(id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "user.update",
            entity: "user",
            entity_id: Some(id),
            summary: format!("{}: role {} \u{2192} {}", u.email, was.0.as_str(), role.as_str()),
            detail: json!({ "role": [was.0, now_is.0], "country": [was.1, now_is.1], "body": [was.2, now_is.2] }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deactivates (every session and API token of the account ends at once) or reactivates an
/// account (secretariat). The last active secretariat account cannot be deactivated.
pub async fn set_active(db: &DatabaseConnection, actor: &CurrentUser, id: i32, active: bool) -> ServiceResult<()> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let txn = crate::ssr::private_write_txn(db).await?;
    let u = app_user::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if u.active == active {
        return Ok(());
    }
    let now = Utc::now();
    let mut ended = (0, 0);
    if !active {
        if u.role == Role::Secretariat && other_active_secretariat(&txn, id).await? == 0 {
            return Err(FieldError::new("id", ErrorCode::LastSecretariat).into());
        }
        ended = end_access(&txn, id, now).await?;
    }
    app_user::Entity::update_many()
        .col_expr(app_user::Column::Active, Expr::value(active))
        .col_expr(app_user::Column::ResetTokenHash, Expr::value(Option::<String>::None))
        .col_expr(app_user::Column::ResetExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(app_user::Column::UpdatedAt, Expr::value(now))
        .filter(app_user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: if active { "user.reactivate" } else { "user.deactivate" },
            entity: "user",
            entity_id: Some(id),
            summary: if active {
                format!("Reactivated {}", u.email)
            } else {
                format!("Deactivated {} ({} sessions and {} API tokens ended)", u.email, ended.0, ended.1)
            },
            detail: json!({ "active": [u.active, active], "sessions_ended": ended.0, "tokens_revoked": ended.1 }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sends an account that has no password yet a new invitation (the old link stops working).
/// Returns the token (tests follow it; the page never shows it).
pub async fn resend_invitation(db: &DatabaseConnection, actor: &CurrentUser, id: i32, public_url: &str) -> ServiceResult<String> {
    if !actor.is_secretariat() {
        return Err(ServiceError::Forbidden);
    }
    let txn = crate::ssr::private_write_txn(db).await?;
    let u = app_user::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if u.password_hash.is_some() || !u.active {
        return Err(FieldError::new("id", ErrorCode::WrongStep).into());
    }
    let token = send_invitation(&txn, actor, &u, public_url, Utc::now()).await?;
    audit::record(
        &txn,
        Some(actor),
        Entry {
            action: "user.invite_resend",
            entity: "user",
            entity_id: Some(id),
            summary: format!("Sent {} a new invitation", u.email),
            detail: json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}
