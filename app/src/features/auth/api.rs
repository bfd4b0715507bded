//! Server functions for accounts. Thin: authorise, parse, call the service, map the result.

use super::types::{AcceptInviteForm, CurrentUser, InviteForm, InviteResult, LoginForm, UserSummary};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{context, db, require_secretariat};

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) -> Result<(), AppError> {
    use axum::http::{header::SET_COOKIE, HeaderValue};
    let opts = expect_context::<leptos_axum::ResponseOptions>();
    let v = HeaderValue::from_str(value).map_err(|_| AppError::Internal { reference: "cookie".into() })?;
    opts.append_header(SET_COOKIE, v);
    Ok(())
}

/// Only local paths are followed after sign-in (no open redirect).
pub fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/"
    }
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
        .map_err(|e| e.with_echo(vec![("email".into(), form.email.clone())]))?;
    set_cookie(&crate::ssr::auth::session_cookie(&token, state.config.secure_cookies))?;
    leptos_axum::redirect(safe_next(&form.next));
    Ok(user)
}

#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    let state = context::state()?;
    let parts = context::parts()?;
    if let Some(token) = parts
        .headers
        .get(axum::http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| crate::ssr::auth::cookie_value(c, crate::ssr::auth::SESSION_COOKIE))
    {
        crate::ssr::auth::delete_session(&state.db, token).await?;
    }
    set_cookie(&crate::ssr::auth::clear_session_cookie(state.config.secure_cookies))?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api", endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    require_secretariat()?;
    Ok(super::service::list_users(&db()?).await?)
}

#[server(prefix = "/api", endpoint = "users/invite")]
pub async fn invite_user(form: InviteForm) -> Result<InviteResult, AppError> {
    let actor = require_secretariat()?;
    let state = context::state()?;
    let (user_id, token) =
        super::service::invite(&state.db, &actor, &form, &state.config.public_url).await.map_err(AppError::from).map_err(|e| {
            e.with_echo(vec![
                ("email".into(), form.email.clone()),
                ("display_name".into(), form.display_name.clone()),
                ("role".into(), form.role.clone()),
                ("country".into(), form.country.clone()),
                ("locale".into(), form.locale.clone()),
            ])
        })?;
    Ok(InviteResult { user_id, link: format!("{}/invite/{token}", state.config.public_url) })
}

/// The email an invitation is for (to greet the invitee); NotFound when invalid or expired.
#[server(prefix = "/api", endpoint = "invite/check")]
pub async fn check_invite(token: String) -> Result<String, AppError> {
    Ok(super::service::invitation_email(&db()?, &token).await?)
}

#[server(prefix = "/api", endpoint = "invite/accept")]
pub async fn accept_invite(form: AcceptInviteForm) -> Result<CurrentUser, AppError> {
    let state = context::state()?;
    let (user, token) = super::service::accept_invite(&state.db, &form.token, &form.password, &form.password_confirm).await?;
    set_cookie(&crate::ssr::auth::session_cookie(&token, state.config.secure_cookies))?;
    leptos_axum::redirect("/");
    Ok(user)
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
        assert_eq!(safe_next(""), "/");
    }
}
