//! Server functions for the Plan of Action.

use super::types::{PlanPageData, PlanStepForm, RecommendationForm, ThemeForm};
use crate::domain::PlanStatus;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{current_user, db, require_secretariat};

#[cfg(feature = "ssr")]
fn back(meeting_id: i32) {
    crate::ssr::context::redirect(&format!("/meetings/{meeting_id}/plan"));
}

#[server(prefix = "/api", endpoint = "plan/get")]
pub async fn get_plan(meeting_id: i32) -> Result<PlanPageData, AppError> {
    let lang = crate::ssr::context::request_lang();
    Ok(super::service::page(&db()?, current_user().as_ref(), meeting_id, lang, chrono::Utc::now()).await?)
}

#[server(prefix = "/api", endpoint = "plan/recommendation")]
pub async fn save_recommendation(form: RecommendationForm) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let id = super::service::save_recommendation(&db()?, &actor, &form, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    if let Some(mid) = crate::domain::parse_id(&form.meeting_id) {
        crate::ssr::context::redirect(&format!("/meetings/{mid}/plan#rec-{id}"));
    }
    Ok(id)
}

#[server(prefix = "/api", endpoint = "plan/recommendation_delete")]
pub async fn delete_recommendation(recommendation_id: i32) -> Result<i32, AppError> {
    let actor = require_secretariat()?;
    let meeting_id = super::service::delete_recommendation(&db()?, &actor, recommendation_id).await?;
    back(meeting_id);
    Ok(meeting_id)
}

/// Adopt the plan, or choose what the public sees of its follow-up.
#[server(prefix = "/api", endpoint = "plan/step")]
pub async fn plan_step(form: PlanStepForm) -> Result<PlanStatus, AppError> {
    let actor = require_secretariat()?;
    let status = super::service::step(&db()?, &actor, &form, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(crate::domain::echo(&[("adopted_on", &form.adopted_on)])))?;
    if let Some(id) = crate::domain::parse_id(&form.meeting_id) {
        back(id);
    }
    Ok(status)
}

#[server(prefix = "/api", endpoint = "plan/theme")]
pub async fn add_theme(form: ThemeForm) -> Result<String, AppError> {
    let actor = require_secretariat()?;
    let code = super::service::add_theme(&db()?, &actor, &form).await.map_err(|e| {
        AppError::from(e).with_echo(crate::domain::echo(&[
            ("code", &form.code),
            ("name_en", &form.name_en),
            ("name_fr", &form.name_fr),
            ("name_pt", &form.name_pt),
        ]))
    })?;
    Ok(code)
}

/// Opens a reporting cycle for the adopted plan (secretariat).
#[server(prefix = "/api", endpoint = "cycles/open")]
pub async fn open_cycle(form: super::types::CycleForm) -> Result<i32, AppError> {
    let actor = crate::ssr::require_secretariat()?;
    let id = super::service::open_cycle(&crate::ssr::db()?, &actor, &form, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).with_echo(form.echo()))?;
    crate::ssr::context::redirect(&format!("/cycles/{id}"));
    Ok(id)
}
