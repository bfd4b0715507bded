//! Server functions for API tokens.

use super::types::{TokenForm, TokenPageData};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{db, require_user};

#[server(prefix = "/api", endpoint = "tokens/list")]
pub async fn list_tokens() -> Result<TokenPageData, AppError> {
    let user = require_user()?;
    let mut page = super::service::page(&db()?, &user, crate::ssr::context::request_lang()).await?;
    // A token just created is shown once, from the cookie its creation set (never a URL, never
    // stored in clear).
    page.new_token = crate::ssr::flash::take_reveal("token");
    Ok(page)
}

#[server(prefix = "/api", endpoint = "tokens/create")]
/// Creates a token. It is shown once, by the next load of the tokens page (from a short-lived
/// cookie: never in a URL, never stored in clear), so the answer here carries only its id.
pub async fn create_token(form: TokenForm) -> Result<i32, AppError> {
    let user = require_user()?;
    let t = super::service::create(&db()?, &user, &form, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("name", &form.name)])))?;
    crate::ssr::flash::reveal("token", &t.token)?;
    crate::ssr::context::redirect("/me/tokens");
    Ok(t.id)
}

#[server(prefix = "/api", endpoint = "tokens/revoke")]
pub async fn revoke_token(token_id: i32) -> Result<(), AppError> {
    let user = require_user()?;
    super::service::revoke(&db()?, &user, token_id, chrono::Utc::now()).await?;
    crate::ssr::context::redirect("/me/tokens");
    Ok(())
}
