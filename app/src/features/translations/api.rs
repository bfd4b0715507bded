//! Server functions for translations (secretariat).

use super::types::{OverviewData, TranslationForm, WorkbenchData};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{db, require_user};

#[server(prefix = "/api", endpoint = "translations/overview")]
pub async fn get_translation_overview(meeting_id: i32) -> Result<OverviewData, AppError> {
    let user = require_user()?;
    Ok(super::service::overview(&db()?, &user, meeting_id).await?)
}

#[server(prefix = "/api", endpoint = "translations/workbench")]
pub async fn get_translation_workbench(meeting_id: i32, lang: String) -> Result<WorkbenchData, AppError> {
    let user = require_user()?;
    Ok(super::service::workbench(&db()?, &user, meeting_id, &lang).await?)
}

/// Saves the translations of one language; back to the overview on success.
#[server(prefix = "/api", endpoint = "translations/save")]
pub async fn save_translations(form: TranslationForm) -> Result<usize, AppError> {
    let user = require_user()?;
    let n = super::service::save(&db()?, &user, &form).await.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    crate::ssr::context::redirect(&format!("/meetings/{}/translations?saved={}", form.meeting_id.trim(), form.lang.trim()));
    Ok(n)
}
