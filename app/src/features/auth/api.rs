//! Server functions for accounts. Thin: authorise, parse, call the service, map the result.

use super::types::{
    AcceptInviteForm, AccountDetail, AccountForm, CurrentUser, InviteForm, InviteResult, LoginForm, PasswordChangeForm, PasswordLinkForm,
    UserFilter, UserSummary,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{context, db, flash, require_secretariat, require_user};

/// The cookie value of this request's session, if any.
#[cfg(feature = "ssr")]
fn session_token() -> Option<String> {
    context::parts()
        .ok()?
        .headers
        .get(axum::http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| crate::ssr::auth::cookie_value(c, crate::ssr::auth::SESSION_COOKIE))
        .map(str::to_string)
}

/// Only same-site paths are followed after sign-in (no open redirect): see `domain::local_path`.
pub fn safe_next(next: &str) -> &str {
    crate::domain::local_path(next)
}

/// The signed-in user, if any.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn current_user_info() -> Result<Option<CurrentUser>, AppError> {
    Ok(context::current_user())
}

#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(form: LoginForm) -> Result<CurrentUser, AppError> {
    let state = context::state()?;
    let ip = context::client_ip();
    let (user, token) = super::service::login(&state.db, &form.email, &form.password, &ip)
        .await
        .map_err(AppError::from)
        .map_err(|e| e.with_echo(crate::domain::echo(&[("email", &form.email)])))?;
    flash::set_cookie(&crate::ssr::auth::session_cookie(&token, state.config.secure_cookies))?;
    // Without a page to return to, each role starts where its work is.
    context::redirect(if form.next.trim().is_empty() { "/work" } else { safe_next(&form.next) });
    Ok(user)
}

/// Signs out: the session ends on the server, and the browser is told to forget what it kept
/// of the signed-in pages (`Clear-Site-Data`: the HTTP cache and the offline copies the
/// service worker stored, which may hold pages only this account could read).
#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    let state = context::state()?;
    if let Some(token) = session_token() {
        crate::ssr::auth::delete_session(&state.db, &token).await?;
    }
    flash::set_cookie(&crate::ssr::auth::clear_session_cookie(state.config.secure_cookies))?;
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.insert_header(
            axum::http::HeaderName::from_static("clear-site-data"),
            axum::http::HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
    context::redirect("/?signed_out=1");
    Ok(())
}

/// The accounts, filtered (secretariat).
#[server(prefix = "/api", endpoint = "users/list")]
pub async fn list_users(#[server(default)] filter: UserFilter) -> Result<Vec<UserSummary>, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::list_users(&db()?, &actor, &filter).await?)
}

#[server(prefix = "/api", endpoint = "users/invite")]
pub async fn invite_user(form: InviteForm) -> Result<InviteResult, AppError> {
    let actor = require_secretariat()?;
    let state = context::state()?;
    // The link goes to the invitee by email only: it is not in this answer.
    let (user_id, _token) =
        super::service::invite(&state.db, &actor, &form, &state.config.public_url).await.map_err(AppError::from).map_err(|e| {
            e.with_echo(crate::domain::echo(&[
                ("email", &form.email),
                ("display_name", &form.display_name),
                ("role", &form.role),
                ("country", &form.country),
                ("body", &form.body),
                ("locale", &form.locale),
            ]))
        })?;
    // The list comes back saying so (forms are plain posts; a caller of the JSON API reads the
    // answer).
    context::redirect("/admin/users?invited=1");
    Ok(InviteResult { user_id })
}

/// One account with its sessions and API tokens (secretariat).
#[server(prefix = "/api", endpoint = "users/get")]
pub async fn get_account(id: i32) -> Result<AccountDetail, AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::account(&db()?, &actor, id).await?)
}

/// Changes an account's role and country or body (secretariat).
#[server(prefix = "/api", endpoint = "users/update")]
pub async fn update_account(form: AccountForm) -> Result<(), AppError> {
    let actor = require_secretariat()?;
    super::service::update_account(&db()?, &actor, &form).await.map_err(|e| {
        AppError::from(e).with_echo(crate::domain::echo(&[("role", &form.role), ("country", &form.country), ("body", &form.body)]))
    })?;
    Ok(())
}

/// Deactivates (`active=false`: every session and API token ends at once) or reactivates an
/// account (secretariat).
#[server(prefix = "/api", endpoint = "users/active")]
pub async fn set_account_active(id: i32, active: bool) -> Result<(), AppError> {
    let actor = require_secretariat()?;
    super::service::set_active(&db()?, &actor, id, active).await?;
    Ok(())
}

/// Sends a new invitation to an account without a password (secretariat; the link goes to the
/// invitee only).
#[server(prefix = "/api", endpoint = "users/resend-invitation")]
pub async fn resend_invitation(id: i32) -> Result<(), AppError> {
    let actor = require_secretariat()?;
    let state = context::state()?;
    super::service::resend_invitation(&state.db, &actor, id, &state.config.public_url).await?;
    context::redirect(&format!("/admin/users/{id}?resent=1"));
    Ok(())
}

/// The email the invitation this browser opened is for; NotFound when there is none, or it is
/// invalid or expired.
#[server(prefix = "/api", endpoint = "invite/check")]
pub async fn check_invite() -> Result<String, AppError> {
    let token = flash::link_token("invite").ok_or(AppError::NotFound)?;
    Ok(super::service::invitation_email(&db()?, &token).await?)
}

#[server(prefix = "/api", endpoint = "invite/accept")]
pub async fn accept_invite(form: AcceptInviteForm) -> Result<CurrentUser, AppError> {
    let state = context::state()?;
    let token = flash::link_token("invite").ok_or(AppError::NotFound)?;
    let (user, session) = super::service::accept_invite(&state.db, &token, &form.password, &form.password_confirm).await?;
    flash::clear_link()?;
    flash::set_cookie(&crate::ssr::auth::session_cookie(&session, state.config.secure_cookies))?;
    context::redirect("/");
    Ok(user)
}

/// Sends a password link to an account's address. The same answer whether or not there is an
/// account (the email itself is the only news); limited per client address.
#[server(prefix = "/api", endpoint = "password/request")]
pub async fn request_password_link(form: PasswordLinkForm) -> Result<(), AppError> {
    let state = context::state()?;
    let ip = context::client_ip();
    super::service::request_password_link(&state.db, &form.email, &ip, &state.config.public_url, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("email", &form.email)])))?;
    context::redirect("/password/forgot?sent=1");
    Ok(())
}

/// The email the password link this browser opened belongs to (a field error when the link is
/// unknown, used or expired).
#[server(prefix = "/api", endpoint = "password/check")]
pub async fn check_password_link() -> Result<String, AppError> {
    let token = flash::link_token("reset").unwrap_or_default();
    Ok(super::service::password_link_email(&db()?, &token, chrono::Utc::now()).await?)
}

/// Sets a new password through the emailed link, and signs in.
#[server(prefix = "/api", endpoint = "password/reset")]
pub async fn reset_password(form: AcceptInviteForm) -> Result<CurrentUser, AppError> {
    let state = context::state()?;
    let token = flash::link_token("reset").unwrap_or_default();
    let (user, session) =
        super::service::reset_password(&state.db, &token, &form.password, &form.password_confirm, chrono::Utc::now()).await?;
    flash::clear_link()?;
    flash::set_cookie(&crate::ssr::auth::session_cookie(&session, state.config.secure_cookies))?;
    context::redirect("/me");
    Ok(user)
}

/// Changes the signed-in user's password; every other session of the account ends. Returns how
/// many ended.
#[server(prefix = "/api", endpoint = "password/change")]
pub async fn change_password(form: PasswordChangeForm) -> Result<usize, AppError> {
    let user = require_user()?;
    let state = context::state()?;
    let ended = super::service::change_password(&state.db, &user, session_token().as_deref(), &form).await?;
    context::redirect("/me/password?changed=1");
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_be_local() {
        assert_eq!(safe_next("/meetings/3"), "/meetings/3");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/\n"), "/");
        assert_eq!(safe_next(""), "/");
    }
}
