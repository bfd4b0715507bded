//! Server functions for reporting cycles, progress reports and the dashboard.

use super::types::{ConsolidatedData, CountryPageData, CyclePageData, MatrixData, MatrixQuery, ReportForm, ReportPageData, ReviewForm};
use crate::domain::ReportState;
use crate::error::AppError;
pub use crate::features::plan::api::{open_cycle, OpenCycle};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{current_user, db, require_secretariat, require_user};

#[server(prefix = "/api", endpoint = "cycles/get")]
pub async fn get_cycle(cycle_id: i32) -> Result<CyclePageData, AppError> {
    let lang = crate::ssr::context::request_lang();
    Ok(super::service::cycle_page(&db()?, current_user().as_ref(), cycle_id, lang, chrono::Utc::now()).await?)
}

#[server(prefix = "/api", endpoint = "cycles/close")]
pub async fn close_cycle(cycle_id: i32) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let meeting_id = super::service::close_cycle(&db()?, &actor, cycle_id, chrono::Utc::now()).await?;
    crate::ssr::context::redirect(&format!("/cycles/{cycle_id}"));
    Ok(meeting_id)
}

#[server(prefix = "/api", endpoint = "reports/get")]
pub async fn get_report(cycle_id: i32, recommendation_id: i32, reporter: String) -> Result<ReportPageData, AppError> {
    let lang = crate::ssr::context::request_lang();
    Ok(super::service::report_page(&db()?, current_user().as_ref(), cycle_id, recommendation_id, &reporter, lang, chrono::Utc::now())
        .await?)
}

/// Save a draft, or submit (`form[submit]`).
#[server(prefix = "/api", endpoint = "reports/save")]
pub async fn save_report(form: ReportForm) -> Result<ReportState, AppError> {
    let actor = require_user()?;
    let (_, state) = super::service::save_report(&db()?, &actor, &form, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    if state == ReportState::Submitted {
        crate::ssr::context::redirect(&format!("/cycles/{}", form.cycle_id.trim()));
    } else if let Some(reporter) = actor.country.map(|c| c.code().to_string()).or(actor.body.clone()) {
        crate::ssr::context::redirect(&format!(
            "/cycles/{}/reports/{}/{reporter}?saved=1",
            form.cycle_id.trim(),
            form.recommendation_id.trim()
        ));
    }
    Ok(state)
}

#[server(prefix = "/api", endpoint = "reports/review")]
pub async fn review_report(form: ReviewForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let (cycle, rec, reporter) = super::service::review(&db()?, &actor, &form, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("decision", &form.decision), ("comment", &form.comment)])))?;
    crate::ssr::context::redirect(&format!("/cycles/{cycle}/reports/{rec}/{reporter}"));
    Ok(cycle)
}

#[server(prefix = "/api", endpoint = "plan/matrix")]
pub async fn get_matrix(meeting_id: i32, query: MatrixQuery) -> Result<MatrixData, AppError> {
    let lang = crate::ssr::context::request_lang();
    let state = crate::ssr::context::state()?;
    Ok(super::service::matrix_memo(&state.db, &state.memo, current_user().as_ref(), meeting_id, query, lang, chrono::Utc::now()).await?)
}

#[server(prefix = "/api", endpoint = "plan/country")]
pub async fn get_country(meeting_id: i32, code: String, page: u32) -> Result<CountryPageData, AppError> {
    let lang = crate::ssr::context::request_lang();
    Ok(super::service::country_page(&db()?, current_user().as_ref(), meeting_id, &code, lang, page).await?)
}

#[server(prefix = "/api", endpoint = "cycles/consolidated")]
pub async fn get_consolidated(cycle_id: i32) -> Result<ConsolidatedData, AppError> {
    let actor = require_secretariat()?;
    let lang = crate::ssr::context::request_lang();
    Ok(super::service::consolidated(&db()?, &actor, cycle_id, lang, chrono::Utc::now()).await?)
}

/// Removes an evidence file from the focal point's own draft.
#[server(prefix = "/api", endpoint = "reports/remove_file")]
pub async fn remove_evidence_file(file_id: i32) -> Result<(), AppError> {
    let actor = require_user()?;
    let (cycle, rec, reporter) = super::evidence::remove(&db()?, &actor, file_id).await?;
    crate::ssr::context::redirect(&format!("/cycles/{cycle}/reports/{rec}/{reporter}#evidence"));
    Ok(())
}
