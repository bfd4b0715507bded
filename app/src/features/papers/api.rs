//! Server functions for briefing papers.

use super::types::{PaperForm, PaperList, PaperView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{current_user, db, require_secretariat};

#[server(prefix = "/api", endpoint = "papers/list")]
pub async fn list_papers(meeting_id: i32) -> Result<PaperList, AppError> {
    Ok(super::service::list(&db()?, current_user().as_ref(), meeting_id).await?)
}

#[server(prefix = "/api", endpoint = "papers/get")]
pub async fn get_paper(id: i32) -> Result<PaperView, AppError> {
    Ok(super::service::get(&db()?, current_user().as_ref(), id).await?)
}

/// An earlier version: (title, sanitised HTML). Secretariat only.
#[server(prefix = "/api", endpoint = "papers/version")]
pub async fn get_paper_version(id: i32, number: i32) -> Result<(String, String), AppError> {
    let actor = require_secretariat()?;
    Ok(super::service::version(&db()?, &actor, id, number).await?)
}

#[server(prefix = "/api", endpoint = "papers/save")]
pub async fn save_paper(form: PaperForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let id = super::service::save(&db()?, &actor, &form).await.map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    crate::ssr::context::redirect(&format!("/papers/{id}"));
    Ok(id)
}

/// Removes an attached file (secretariat only); back to the paper.
#[server(prefix = "/api", endpoint = "papers/remove_file")]
pub async fn remove_paper_file(file_id: i32) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let state = crate::ssr::context::state()?;
    let store = super::files::FileStore::from_config(&state.config);
    let paper_id = super::files::remove(&state.db, &store, &actor, file_id).await?;
    crate::ssr::context::redirect(&format!("/papers/{paper_id}#files"));
    Ok(paper_id)
}
