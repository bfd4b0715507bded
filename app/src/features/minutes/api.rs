//! Server functions for minutes.

use super::types::{CommentForm, CorrigendumForm, MinutesPageData, MinutesStepForm, SectionForm};
use crate::domain::MinutesStatus;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{current_user, db, require_secretariat, require_user};

#[cfg(feature = "ssr")]
fn back(meeting_id: i32) {
    crate::ssr::context::redirect(&format!("/meetings/{meeting_id}/minutes"));
}

#[server(prefix = "/api", endpoint = "minutes/get")]
pub async fn get_minutes(meeting_id: i32) -> Result<MinutesPageData, AppError> {
    let lang = crate::ssr::context::request_lang();
    Ok(super::service::page(&db()?, current_user().as_ref(), meeting_id, lang, chrono::Utc::now()).await?)
}

#[server(prefix = "/api", endpoint = "minutes/create")]
pub async fn create_minutes(meeting_id: i32) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let id = super::service::create(&db()?, &actor, meeting_id).await?;
    back(meeting_id);
    Ok(id)
}

#[server(prefix = "/api", endpoint = "minutes/section")]
pub async fn save_minutes_section(form: SectionForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let meeting_id = super::service::save_section(&db()?, &actor, &form).await.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    back(meeting_id);
    Ok(meeting_id)
}

#[server(prefix = "/api", endpoint = "minutes/section_delete")]
pub async fn delete_minutes_section(section_id: i32) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let meeting_id = super::service::delete_section(&db()?, &actor, section_id).await?;
    back(meeting_id);
    Ok(meeting_id)
}

/// Circulate, adopt, or change who may read the minutes.
#[server(prefix = "/api", endpoint = "minutes/step")]
pub async fn minutes_step(form: MinutesStepForm) -> Result<MinutesStatus, AppError> {
    let actor = require_secretariat()?;
    let state = crate::ssr::context::state()?;
    let status = super::service::step(&state.db, &actor, &form, chrono::Utc::now(), &state.config.public_url)
        .await
        .map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    if let Some(id) = crate::domain::parse_id(&form.meeting_id) {
        back(id);
    }
    Ok(status)
}

#[server(prefix = "/api", endpoint = "minutes/comment")]
pub async fn comment_minutes(form: CommentForm) -> Result<i32, AppError> {
    let actor = require_user()?;
    let meeting_id = super::service::comment(&db()?, &actor, &form, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("body", &form.body)])))?;
    // The anchor from the parsed id, never from the raw field (which may hold anything).
    let anchor = crate::domain::parse_id(&form.section_id).map(|s| format!("#section-{s}")).unwrap_or_default();
    crate::ssr::context::redirect(&format!("/meetings/{meeting_id}/minutes{anchor}"));
    Ok(meeting_id)
}

#[server(prefix = "/api", endpoint = "minutes/corrigendum")]
pub async fn issue_corrigendum(form: CorrigendumForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let number = super::service::corrigendum(&db()?, &actor, &form)
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("body", &form.body)])))?;
    if let Some(id) = crate::domain::parse_id(&form.meeting_id) {
        back(id);
    }
    Ok(number)
}
