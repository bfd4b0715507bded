//! Server functions for meetings.

use super::types::{MeetingDetail, MeetingForm, MeetingLists, StatusForm};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{current_user, db, require_secretariat};

#[server(prefix = "/api", endpoint = "meetings/list")]
pub async fn list_meetings() -> Result<MeetingLists, AppError> {
    let today = chrono::Utc::now().date_naive();
    let db = db()?;
    let mut lists = super::service::list(&db, current_user().as_ref(), today).await?;
    super::service::localise_lists(&db, &mut lists, crate::ssr::context::request_lang()).await?;
    Ok(lists)
}

#[server(prefix = "/api", endpoint = "meetings/get")]
pub async fn get_meeting(id: i32) -> Result<MeetingDetail, AppError> {
    let db = db()?;
    let mut m = super::service::detail(&db, current_user().as_ref(), id).await?;
    super::service::localise_detail(&db, &mut m, crate::ssr::context::request_lang()).await?;
    Ok(m)
}

/// Creates a meeting (empty `id`) or updates one; goes to the meeting page on success.
#[server(prefix = "/api", endpoint = "meetings/save")]
pub async fn save_meeting(form: MeetingForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let db = db()?;
    let result = if form.id.trim().is_empty() {
        super::service::create(&db, &actor, &form).await
    } else {
        super::service::update(&db, &actor, &form).await
    };
    let id = result.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    crate::ssr::context::redirect(&format!("/meetings/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "meetings/status")]
pub async fn change_meeting_status(form: StatusForm) -> Result<(), AppError> {
    let actor = require_secretariat()?;
    let id = crate::domain::parse_id(&form.id).ok_or(AppError::NotFound)?;
    super::service::transition(&db()?, &actor, id, &form.version, &form.to).await?;
    Ok(())
}
